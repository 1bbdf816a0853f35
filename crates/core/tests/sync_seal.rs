//! Sealed blobs round-trip, hide their exact size, and any alteration,
//! other room or other sender makes them fail to open.

use crate::common;

use common::noise;
use proptest::prelude::*;
use retaguarda_core::sync::{
    open, padded_len, seal, BlobKind, DeviceId, SyncError, TeamSecret, MAX_BLOB_BYTES,
};

fn keys() -> retaguarda_core::sync::TeamKeys {
    TeamSecret::from_bytes([1u8; 32]).derive()
}

const DEVICE: DeviceId = DeviceId([9u8; 16]);

#[test]
fn seal_then_open_gives_back_payload_kind_and_device() {
    let keys = keys();
    for kind in [BlobKind::Changes, BlobKind::Snapshot] {
        let sealed = seal(&keys, &DEVICE, kind, b"Cliente Maria, R$ 1.234,56").expect("seal");
        let opened = open(&keys, &sealed).expect("open");
        assert_eq!(opened.kind, kind);
        assert_eq!(opened.device, DEVICE);
        assert_eq!(opened.payload, b"Cliente Maria, R$ 1.234,56");
    }
}

#[test]
fn ciphertext_does_not_contain_the_plaintext_and_nonces_differ() {
    let keys = keys();
    let payload = b"Padaria Sao Jorge - R$ 987,65".repeat(4);
    let a = seal(&keys, &DEVICE, BlobKind::Changes, &payload).expect("seal");
    let b = seal(&keys, &DEVICE, BlobKind::Changes, &payload).expect("seal");
    assert_ne!(a, b, "a fresh random nonce per blob");
    assert!(!a.windows(7).any(|w| w == b"Padaria"));
}

#[test]
fn sizes_are_padded() {
    let keys = keys();
    let small = seal(&keys, &DEVICE, BlobKind::Changes, b"a").expect("seal");
    let bigger = seal(&keys, &DEVICE, BlobKind::Changes, &[0u8; 200]).expect("seal");
    assert_eq!(small.len(), bigger.len(), "both under the 256-byte floor");
    assert_eq!(padded_len(1), 256);
    assert_eq!(padded_len(257), 272);
    assert_eq!(padded_len(1000), 1024);
}

#[test]
fn every_altered_byte_is_rejected() {
    let keys = keys();
    let sealed = seal(&keys, &DEVICE, BlobKind::Changes, b"R$ 10,00").expect("seal");
    for i in 0..sealed.len() {
        let mut tampered = sealed.clone();
        tampered[i] ^= 0x01;
        let result = open(&keys, &tampered);
        assert!(result.is_err(), "byte {i} altered but opened");
        if i > 0 {
            assert_eq!(result, Err(SyncError::Tampered), "byte {i}");
        }
    }
    assert!(open(&keys, &sealed[..sealed.len() - 1]).is_err());
    assert!(open(&keys, &[]).is_err());
}

#[test]
fn a_blob_moved_to_another_room_is_rejected() {
    let ours = keys();
    let theirs = TeamSecret::from_bytes([2u8; 32]).derive();
    let sealed = seal(&theirs, &DEVICE, BlobKind::Changes, b"x").expect("seal");
    assert_eq!(open(&ours, &sealed), Err(SyncError::Tampered));
}

#[test]
fn payloads_beyond_the_limit_are_refused_with_a_clear_error() {
    let keys = keys();
    let err = seal(
        &keys,
        &DEVICE,
        BlobKind::Snapshot,
        &noise(MAX_BLOB_BYTES, 1),
    )
    .expect_err("too large");
    assert!(matches!(err, SyncError::TooLarge { .. }));
    assert!(err.to_string().contains("grandes demais"), "{err}");
    let max = retaguarda_core::sync::seal::max_payload();
    let sealed = seal(&keys, &DEVICE, BlobKind::Snapshot, &noise(max, 2)).expect("fits");
    assert!(sealed.len() <= MAX_BLOB_BYTES);
}

#[test]
fn repetitive_payloads_are_compressed_before_sealing() {
    let keys = keys();
    // Automerge change bytes repeat a lot; 64 KiB of them should seal far smaller.
    let payload = b"entries/3f2a: Aluguel da loja R$ 2.500,00 vence 05/12/2026; ".repeat(1100);
    let sealed = seal(&keys, &DEVICE, BlobKind::Changes, &payload).expect("seal");
    assert!(
        sealed.len() * 5 < payload.len(),
        "{} sealed bytes",
        sealed.len()
    );
    assert_eq!(open(&keys, &sealed).expect("open").payload, payload);
    // A payload far larger than one blob still seals when it compresses into one.
    let huge = vec![7u8; MAX_BLOB_BYTES * 2];
    let sealed = seal(&keys, &DEVICE, BlobKind::Snapshot, &huge).expect("compresses");
    assert!(sealed.len() <= MAX_BLOB_BYTES);
    assert_eq!(open(&keys, &sealed).expect("open").payload, huge);
}

proptest! {
    #[test]
    fn round_trip_and_padding_bounds(payload in proptest::collection::vec(any::<u8>(), 0..5000)) {
        let keys = keys();
        let sealed = seal(&keys, &DEVICE, BlobKind::Changes, &payload).expect("seal");
        prop_assert_eq!(open(&keys, &sealed).expect("open").payload, payload.clone());
        let padded = padded_len(payload.len() + 5);
        prop_assert!(padded >= payload.len() + 5);
        prop_assert!(padded >= 256);
        prop_assert!(padded <= (payload.len() + 5).max(256) * 112 / 100 + 1);
    }
}
