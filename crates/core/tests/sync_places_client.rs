//! One client that syncs with the cloud relay, then with the shop's hub, then
//! with the cloud again (issue 30, docs/SYNC.md section 11): each place is
//! asked to resume from its own cursor, a snapshot queued before the move
//! stands for no more than the new place's cursor, and a blob the hub forwards
//! from the cloud is recognised by its content and applied once.

use retaguarda_core::sync::places::{Arrival, Places};
use retaguarda_core::sync::{
    seal, BlobKind, ClientFrame, ClientState, DeviceId, RelayFrame, SyncClient, SyncEvent,
    TeamSecret, PROTOCOL_VERSION,
};

const CLOUD: &str = "relay";
const HUB: &str = "hub 192.168.0.10:7450";

fn secret() -> TeamSecret {
    TeamSecret::from_bytes([7u8; 32])
}

fn sent(client: &mut SyncClient) -> Vec<ClientFrame> {
    std::iter::from_fn(|| client.poll_transmit())
        .map(|bytes| ClientFrame::decode(&bytes).expect("client frame"))
        .collect()
}

/// Opens a connection to a place whose room is at `head`; returns what the
/// client asked to resume from.
fn open_at(client: &mut SyncClient, head: u64) -> u64 {
    client.connected();
    sent(client);
    client
        .handle_frame(
            &RelayFrame::Welcome {
                protocol: PROTOCOL_VERSION,
                head,
                heartbeat_ms: 20_000,
                timeout_ms: 10_000,
            }
            .encode(),
        )
        .expect("welcome");
    match sent(client).as_slice() {
        [ClientFrame::Sync { since }] => *since,
        other => panic!("expected one Sync, got {other:?}"),
    }
}

/// Moves the client to `to`, keeping `from`'s cursor in `places`, as the app
/// does before opening a link to another place.
fn move_place(client: &mut SyncClient, places: &mut Places, from: &str, to: &str) {
    client.disconnected();
    places.note_cursor(from, client.state().cursor);
    client.resume_at(places.cursor(to));
}

/// Feeds one blob as the place's `seq`; true when the app would apply it.
fn deliver(
    client: &mut SyncClient,
    places: &mut Places,
    place: &str,
    seq: u64,
    blob: &[u8],
) -> bool {
    let fresh = places.arrived(place, seq, blob) == Arrival::New;
    let events = client
        .handle_frame(
            &RelayFrame::Blob {
                seq,
                blob: blob.to_vec(),
            }
            .encode(),
        )
        .expect("blob");
    let opened = events
        .iter()
        .any(|e| matches!(e, SyncEvent::Apply { payload, .. } if payload == b"venda de pao"));
    assert!(opened, "the blob opens with the team key: {events:?}");
    fresh
}

#[test]
fn each_place_resumes_from_its_own_cursor_and_a_blob_from_both_applies_once() {
    let mut client = SyncClient::new(&secret(), DeviceId([1; 16]), ClientState::default());
    let mut places = Places::default();
    let other = seal(
        &secret().derive(),
        &DeviceId([2; 16]),
        BlobKind::Changes,
        b"venda de pao",
    )
    .expect("seal");

    // The cloud: 40 blobs already there, the 41st arrives and is new.
    assert_eq!(open_at(&mut client, 40), 0);
    assert!(deliver(&mut client, &mut places, CLOUD, 41, &other));
    client
        .handle_frame(&RelayFrame::CaughtUp { head: 41 }.encode())
        .expect("caught up");
    assert_eq!(client.state().cursor, 41);

    // The hub, never synced with: asked from 0, and the same sealed blob,
    // numbered 3 there, is recognised and not applied again.
    move_place(&mut client, &mut places, CLOUD, HUB);
    assert_eq!(open_at(&mut client, 3), 0, "the hub has its own numbers");
    assert!(!deliver(&mut client, &mut places, HUB, 3, &other));
    client
        .handle_frame(&RelayFrame::CaughtUp { head: 3 }.encode())
        .expect("caught up");

    // Back to the cloud: it resumes at 41, not at the hub's 3.
    move_place(&mut client, &mut places, HUB, CLOUD);
    assert_eq!(open_at(&mut client, 41), 41);
    assert_eq!(places.cursor(HUB), 3);
}

#[test]
fn a_snapshot_queued_for_the_cloud_stands_for_no_more_than_the_hub_received() {
    let mut client = SyncClient::new(&secret(), DeviceId([1; 16]), ClientState::default());
    let mut places = Places::default();
    open_at(&mut client, 0);
    client
        .handle_frame(&RelayFrame::CaughtUp { head: 500 }.encode())
        .expect("caught up");
    client.disconnected();
    client.add_snapshot(b"documento inteiro").expect("snapshot");
    assert_eq!(client.state().outbox[0].supersedes, Some(500));

    // At the hub the device received 12 blobs: a snapshot superseding 500
    // there would let the hub drop blobs this device never saw.
    places.note_cursor(HUB, 12);
    move_place(&mut client, &mut places, CLOUD, HUB);
    assert_eq!(client.state().outbox[0].supersedes, Some(12));
    assert_eq!(open_at(&mut client, 12), 12);
    assert_eq!(places.cursor(CLOUD), 500);
}
