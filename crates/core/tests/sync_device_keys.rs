//! Each device's own key pairs (docs/SYNC.md, section 10): a box sealed to a device opens
//! only with that device's keys and only for the purpose it was made for; a signature
//! checks only against the signer's public key; keys survive storage as text.

use retaguarda_core::sync::{DeviceKeys, DevicePublic, SyncError};

#[test]
fn a_sealed_box_opens_only_for_its_device_and_purpose() {
    let bia = DeviceKeys::generate().expect("keys");
    let caio = DeviceKeys::generate().expect("keys");
    let sealed = bia
        .public()
        .seal_box("retaguarda/test rekey", b"segredo novo da equipe")
        .expect("seal");
    assert_eq!(
        bia.open_box("retaguarda/test rekey", &sealed)
            .expect("open"),
        b"segredo novo da equipe"
    );
    assert_eq!(
        caio.open_box("retaguarda/test rekey", &sealed),
        Err(SyncError::Tampered),
        "another device's keys open nothing"
    );
    assert_eq!(
        bia.open_box("retaguarda/test invite", &sealed),
        Err(SyncError::Tampered),
        "a box made for one purpose is not accepted for another"
    );
    let mut altered = sealed.clone();
    let last = altered.len() - 1;
    altered[last] ^= 1;
    assert_eq!(
        bia.open_box("retaguarda/test rekey", &altered),
        Err(SyncError::Tampered)
    );
    // Two boxes of the same secret share nothing an observer could match.
    let again = bia
        .public()
        .seal_box("retaguarda/test rekey", b"segredo novo da equipe")
        .expect("seal");
    assert_ne!(sealed[..32], again[..32], "a fresh ephemeral key per box");
}

#[test]
fn a_signature_checks_only_against_its_signer() {
    let bia = DeviceKeys::generate().expect("keys");
    let caio = DeviceKeys::generate().expect("keys");
    let signature = bia.sign(b"venda de R$ 12,50");
    assert!(bia.public().verifies(b"venda de R$ 12,50", &signature));
    assert!(!bia.public().verifies(b"venda de R$ 125,00", &signature));
    assert!(!caio.public().verifies(b"venda de R$ 12,50", &signature));
}

#[test]
fn keys_survive_storage_as_text() {
    let keys = DeviceKeys::generate().expect("keys");
    let back = DeviceKeys::from_text(&keys.to_text()).expect("private keys");
    assert_eq!(back.public(), keys.public());
    let public = DevicePublic::from_text(&keys.public().to_text()).expect("public keys");
    assert_eq!(public, keys.public());
    assert_eq!(public.fingerprint().len(), 16);
    assert_eq!(DevicePublic::from_text("curto"), Err(SyncError::BadKey));
    assert!(
        !format!("{keys:?}").contains(&keys.to_text()),
        "never printed"
    );
}
