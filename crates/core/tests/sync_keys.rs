//! The room id, write token and blob key are derived deterministically and
//! independently from the team secret.

use retaguarda_core::sync::{open, seal, BlobKind, DeviceId, TeamSecret};

#[test]
fn derivation_is_deterministic_and_separates_the_values() {
    let secret = TeamSecret::from_bytes([7u8; 32]);
    let a = secret.derive();
    let b = TeamSecret::from_bytes([7u8; 32]).derive();
    assert_eq!(a.room, b.room);
    assert_eq!(a.token, b.token);
    assert_ne!(a.room.0, a.token.0);
    assert_ne!(a.room.0, *secret.as_bytes());
    assert_ne!(a.token.0, *secret.as_bytes());
    assert_eq!(a.room.to_hex().len(), 64);
}

#[test]
fn different_secrets_give_different_rooms_and_keys() {
    let a = TeamSecret::generate().expect("random").derive();
    let b = TeamSecret::generate().expect("random").derive();
    assert_ne!(a.room, b.room);
    assert_ne!(a.token, b.token);
    let device = DeviceId::random().expect("random");
    let sealed = seal(
        &a,
        &device,
        BlobKind::Changes,
        "Pão francês R$ 12,50".as_bytes(),
    )
    .expect("seal");
    assert!(
        open(&b, &sealed).is_err(),
        "another team's key must not open it"
    );
}

#[test]
fn secrets_are_not_printed() {
    let secret = TeamSecret::from_bytes([0xab; 32]);
    let shown = format!("{secret:?} {:?}", secret.derive());
    assert!(!shown.contains("abab"), "{shown}");
}

#[test]
fn secret_text_round_trips_and_rejects_garbage() {
    let secret = TeamSecret::generate().expect("random");
    let text = secret.to_text();
    assert_eq!(text.len(), 43);
    assert_eq!(TeamSecret::from_text(&text).expect("read"), secret);
    assert!(TeamSecret::from_text("curto").is_err());
    assert!(TeamSecret::from_text(&format!("{text}AA")).is_err());
}
