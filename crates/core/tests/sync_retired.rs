//! A device whose room was retired (docs/SYNC.md, section 10.6): the relay's `Retired`
//! refusal stops sending there, keeps the outbox for the team's new room, and makes a
//! re-keying this device was waiting to have stored lose to any the relay did store.
//! Signed blobs (version 2) carry their signature through seal and open.

use retaguarda_core::sync::{
    open, seal_signed, BlobKind, ClientFrame, ClientState, DeviceId, DeviceKeys, ErrorCode,
    RelayFrame, SyncClient, SyncEvent, TeamSecret, PROTOCOL_VERSION,
};

fn sent(client: &mut SyncClient) -> Vec<ClientFrame> {
    std::iter::from_fn(|| client.poll_transmit())
        .map(|b| ClientFrame::decode(&b).expect("frame"))
        .collect()
}

fn feed(client: &mut SyncClient, frame: RelayFrame) -> Vec<SyncEvent> {
    client.handle_frame(&frame.encode()).expect("frame")
}

fn go_live(client: &mut SyncClient, head: u64) {
    client.connected();
    sent(client);
    feed(
        client,
        RelayFrame::Welcome {
            protocol: PROTOCOL_VERSION,
            head,
            heartbeat_ms: 20_000,
            timeout_ms: 10_000,
        },
    );
    sent(client);
    feed(client, RelayFrame::CaughtUp { head });
}

#[test]
fn a_retired_room_keeps_the_outbox_for_the_new_room() {
    let secret = TeamSecret::from_bytes([3; 32]);
    let keys = DeviceKeys::generate().expect("keys");
    let mut client =
        SyncClient::new(&secret, DeviceId([1; 16]), ClientState::default()).with_signer(keys);
    go_live(&mut client, 4);
    client.add_mark(b"remocao", "rekey-1").expect("up to date");
    client.add_changes(b"venda offline").expect("seal");
    let frames = sent(&mut client);
    assert_eq!(frames.len(), 2, "both appended: {frames:?}");

    let events = feed(
        &mut client,
        RelayFrame::Error {
            code: ErrorCode::Retired,
            client_ref: Some(1),
            message: "a equipe trocou de chaves".into(),
        },
    );
    assert!(matches!(
        events.as_slice(),
        [SyncEvent::RelayError {
            code: ErrorCode::Retired,
            ..
        }]
    ));
    assert!(client.is_retired());
    assert!(!client.is_up_to_date(), "nothing more goes out here");
    assert_eq!(client.pending(), 2, "the outbox is kept");
    assert_eq!(
        client.unsent_changes(),
        vec![b"remocao".to_vec(), b"venda offline".to_vec()]
    );
    // The mark was never stored: it loses to one the relay did store.
    assert_eq!(client.stored_seq("rekey-1"), None);
    client.note_marks(["rekey-0"], 3);
    assert_eq!(client.stored_seq("rekey-0"), Some(3));
    assert_eq!(
        client.mark_to_follow(["rekey-1", "rekey-0"]).as_deref(),
        Some("rekey-0")
    );
    // A reconnection sends nothing to the retired room, and says so after a restart.
    let state = client.state().clone();
    let mut again = SyncClient::new(&secret, DeviceId([1; 16]), state);
    go_live(&mut again, 5);
    again.add_changes(b"mais uma").expect("seal");
    assert!(sent(&mut again).is_empty());
    assert!(again.is_retired());
    // Retiring is asked only on an open connection.
    again.retire_room();
    assert_eq!(sent(&mut again), vec![ClientFrame::Retire]);
    again.disconnected();
    again.retire_room();
    assert!(sent(&mut again).is_empty());
}

#[test]
fn a_signed_blob_opens_with_its_signature() {
    let secret = TeamSecret::from_bytes([3; 32]);
    let team = secret.derive();
    let keys = DeviceKeys::generate().expect("keys");
    let device = DeviceId([1; 16]);
    let payload = vec![7u8; 5000];
    let blob = seal_signed(&team, &device, Some(&keys), BlobKind::Changes, &payload).expect("seal");
    assert_eq!(blob[0], 2, "version 2");
    let opened = open(&team, &blob).expect("open");
    assert_eq!(opened.payload, payload);
    assert!(opened.signed_by(&team.room, &keys.public()));
    // The signature names the room: the same payload signed for another room does not
    // check here.
    let other = TeamSecret::from_bytes([4; 32]).derive();
    assert!(!opened.signed_by(&other.room, &keys.public()));
    let stranger = DeviceKeys::generate().expect("keys");
    assert!(!opened.signed_by(&team.room, &stranger.public()));
    let unsigned = seal_signed(&team, &device, None, BlobKind::Changes, &payload).expect("seal");
    assert_eq!(unsigned[0], 1);
    assert_eq!(open(&team, &unsigned).expect("open").signature, None);
}
