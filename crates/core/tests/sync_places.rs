//! A device that syncs with the cloud relay and the shop's hub: a cursor per
//! place, and a blob that arrives from both applied once (issue 30,
//! docs/SYNC.md section 11). The blobs are really sealed, and the same
//! sealed bytes arrive under different sequence numbers at each place, as
//! when the hub forwards them to the cloud.

use retaguarda_core::sync::places::{Arrival, ContentId, Places, MAX_REMEMBERED};
use retaguarda_core::sync::{seal, BlobKind, DeviceId, TeamSecret};

const CLOUD: &str = "wss://relay.exemplo.com.br/v1/sync";
const HUB: &str = "hub 192.168.0.10:7450";

fn sealed(n: u8) -> Vec<u8> {
    let keys = TeamSecret::generate().expect("secret").derive();
    seal(&keys, &DeviceId([n; 16]), BlobKind::Changes, &[n; 40]).expect("seal")
}

#[test]
fn a_blob_from_the_hub_and_then_from_the_cloud_is_applied_once() {
    let mut places = Places::default();
    let (a, b) = (sealed(1), sealed(2));
    assert_eq!(places.arrived(HUB, 1, &a), Arrival::New);
    assert_eq!(places.arrived(HUB, 2, &b), Arrival::New);
    // The cloud got them later from the hub, under its own numbers.
    assert_eq!(places.arrived(CLOUD, 41, &b), Arrival::Duplicate);
    assert_eq!(places.arrived(CLOUD, 42, &a), Arrival::Duplicate);
    assert_eq!(places.cursor(HUB), 2);
    assert_eq!(places.cursor(CLOUD), 42);
    assert_eq!(places.cursor("a place never synced"), 0);
}

#[test]
fn cursors_only_move_forward_and_survive_a_restart() {
    let mut places = Places::default();
    places.arrived(CLOUD, 10, &sealed(1));
    // A late catch-up of an older blob does not move the cursor back.
    places.arrived(CLOUD, 3, &sealed(2));
    assert_eq!(places.cursor(CLOUD), 10);
    let saved = serde_json::to_string(&places).expect("save");
    let mut restored: Places = serde_json::from_str(&saved).expect("load");
    assert_eq!(restored, places);
    assert_eq!(
        restored.arrived(CLOUD, 11, &sealed(1)),
        Arrival::New,
        "another sealing is other content"
    );
}

#[test]
fn what_the_device_sent_is_not_applied_when_it_comes_back() {
    let mut places = Places::default();
    let mine = sealed(3);
    places.sent(&mine);
    assert!(places.has_seen(&mine));
    assert_eq!(places.arrived(HUB, 5, &mine), Arrival::Duplicate);
    assert_eq!(places.cursor(HUB), 5);
}

#[test]
fn a_forgotten_place_starts_over_without_applying_twice() {
    let mut places = Places::default();
    let a = sealed(4);
    places.arrived(HUB, 7, &a);
    places.forget_place(HUB);
    assert_eq!(places.cursor(HUB), 0);
    assert_eq!(places.arrived(HUB, 1, &a), Arrival::Duplicate);
}

#[test]
fn the_content_id_depends_on_every_byte_and_memory_is_bounded() {
    let a = sealed(5);
    let mut changed = a.clone();
    let last = changed.len() - 1;
    changed[last] ^= 1;
    assert_ne!(ContentId::of(&a), ContentId::of(&changed));

    let mut places = Places::default();
    places.arrived(HUB, 1, b"first");
    for i in 0..MAX_REMEMBERED as u64 {
        places.arrived(HUB, i + 2, &i.to_le_bytes());
    }
    // The oldest id was forgotten; the newest are still recognised.
    assert!(!places.has_seen(b"first"));
    assert!(places.has_seen(&(MAX_REMEMBERED as u64 - 1).to_le_bytes()));
}
