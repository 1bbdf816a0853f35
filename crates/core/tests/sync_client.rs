//! The client state machine: handshake, outbox, acknowledgements, cursor,
//! persistence across restarts, rejected blobs and relay errors.

use crate::common;

use common::noise;
use retaguarda_core::sync::{
    open, seal, BlobKind, ClientFrame, ClientState, ConnState, DeviceId, ErrorCode, RelayFrame,
    SyncClient, SyncEvent, TeamSecret, MAX_BLOB_BYTES, PROTOCOL_VERSION,
};

fn secret() -> TeamSecret {
    TeamSecret::from_bytes([11u8; 32])
}

fn sent(client: &mut SyncClient) -> Vec<ClientFrame> {
    std::iter::from_fn(|| client.poll_transmit())
        .map(|bytes| ClientFrame::decode(&bytes).expect("client frame"))
        .collect()
}

fn feed(client: &mut SyncClient, frame: RelayFrame) -> Vec<SyncEvent> {
    client
        .handle_frame(&frame.encode())
        .expect("frame accepted")
}

/// Connects and completes the handshake with a relay at `head` that has
/// nothing new.
fn go_live(client: &mut SyncClient, head: u64) -> Vec<ClientFrame> {
    client.connected();
    let hello = sent(client);
    let keys = secret().derive();
    assert_eq!(
        hello,
        vec![ClientFrame::Hello {
            protocol: PROTOCOL_VERSION,
            room: keys.room,
            token: keys.token
        }]
    );
    feed(
        client,
        RelayFrame::Welcome {
            protocol: PROTOCOL_VERSION,
            head,
            heartbeat_ms: 20_000,
            timeout_ms: 10_000,
        },
    );
    let sync = sent(client);
    assert_eq!(
        sync,
        vec![ClientFrame::Sync {
            since: client.state().cursor
        }]
    );
    feed(client, RelayFrame::CaughtUp { head });
    assert_eq!(client.conn_state(), &ConnState::Live);
    sent(client)
}

#[test]
fn offline_changes_wait_in_the_outbox_and_go_out_after_catch_up() {
    let keys = secret().derive();
    let mut client = SyncClient::new(&secret(), DeviceId([1; 16]), ClientState::default());
    client.add_changes(b"venda 1").expect("seal").expect("ref");
    client.add_changes(b"venda 2").expect("seal").expect("ref");
    assert_eq!(client.add_changes(b"").expect("empty"), None);
    assert_eq!(client.pending(), 2);
    assert!(
        client.poll_transmit().is_none(),
        "nothing is sent while offline"
    );

    // What piled up offline goes out packed into one blob carrying both changes, in order.
    let flushed = go_live(&mut client, 0);
    let (packed_ref, blob) = match flushed.as_slice() {
        [ClientFrame::Append { client_ref, blob }] => (*client_ref, blob.clone()),
        other => panic!("expected one packed append, got {other:?}"),
    };
    assert_eq!(client.pending(), 1);
    assert_eq!(open(&keys, &blob).expect("open").payload, b"venda 1venda 2");

    let events = feed(
        &mut client,
        RelayFrame::Ack {
            client_ref: packed_ref,
            seq: 1,
        },
    );
    assert_eq!(
        events,
        vec![SyncEvent::Acked {
            client_ref: packed_ref,
            seq: 1
        }]
    );
    assert_eq!(client.state().cursor, 1);
    assert!(client.is_up_to_date());

    // While live, a new change goes out at once, on its own.
    let r3 = client.add_changes(b"venda 3").expect("seal").expect("ref");
    assert!(
        matches!(sent(&mut client).as_slice(), [ClientFrame::Append { client_ref, .. }] if *client_ref == r3)
    );
    assert!(!client.is_up_to_date());
}

#[test]
fn a_packed_blob_is_resent_unchanged_on_the_next_connection() {
    let mut client = SyncClient::new(&secret(), DeviceId([1; 16]), ClientState::default());
    for n in 0..10 {
        client
            .add_changes(format!("venda {n}").as_bytes())
            .expect("seal");
    }
    let first = go_live(&mut client, 0);
    assert_eq!(first.len(), 1, "ten offline changes, one blob");
    client.disconnected();
    let saved = client.state().clone();
    let mut restarted = SyncClient::new(&secret(), DeviceId([1; 16]), saved);
    let again = go_live(&mut restarted, 0);
    assert_eq!(first, again, "the relay can deduplicate the resend");
}

#[test]
fn packing_keeps_each_blob_under_its_limit_and_every_change_in_order() {
    use retaguarda_core::sync::client::COALESCE_BYTES;
    let keys = secret().derive();
    let mut client = SyncClient::new(&secret(), DeviceId([1; 16]), ClientState::default());
    // Incompressible changes of 300 KiB each: more than three cannot share a blob.
    let changes: Vec<Vec<u8>> = (0..7u8).map(|n| noise(300 * 1024, n)).collect();
    for change in &changes {
        client.add_changes(change).expect("seal");
    }
    let frames = go_live(&mut client, 0);
    let mut received = Vec::new();
    for frame in &frames {
        let ClientFrame::Append { blob, .. } = frame else {
            panic!("unexpected {frame:?}");
        };
        let payload = open(&keys, blob).expect("open").payload;
        assert!(payload.len() <= COALESCE_BYTES);
        received.extend(payload);
    }
    assert_eq!(
        frames.len(),
        3,
        "7 changes of 300 KiB in blobs of at most 1 MiB"
    );
    assert_eq!(received, changes.concat());
}

#[test]
fn a_snapshot_too_large_for_one_blob_goes_out_in_parts() {
    let keys = secret().derive();
    let mut client = SyncClient::new(&secret(), DeviceId([1; 16]), ClientState::default());
    go_live(&mut client, 0);
    feed(
        &mut client,
        RelayFrame::Blob {
            seq: 7,
            blob: seal(&keys, &DeviceId([2; 16]), BlobKind::Changes, b"x").expect("seal"),
        },
    );
    // Six incompressible changes of 1 MiB: 6 MiB cannot fit one 4 MiB blob.
    let changes: Vec<Vec<u8>> = (0..6u8).map(|n| noise(1024 * 1024, n)).collect();
    assert!(matches!(
        client.add_snapshot(&changes.concat()),
        Err(retaguarda_core::sync::SyncError::TooLarge { .. })
    ));
    client.add_snapshot_parts(&changes).expect("parts");
    let frames = sent(&mut client);
    assert!(frames.len() >= 2, "{} frames", frames.len());
    let mut received = Vec::new();
    for (i, frame) in frames.iter().enumerate() {
        let last = i + 1 == frames.len();
        let blob = match frame {
            ClientFrame::Append { blob, .. } if !last => blob,
            ClientFrame::Snapshot {
                supersedes, blob, ..
            } if last => {
                assert_eq!(
                    *supersedes, 7,
                    "the snapshot stands for what this device had"
                );
                blob
            }
            other => panic!("frame {i}: unexpected {other:?}"),
        };
        assert!(blob.len() <= MAX_BLOB_BYTES);
        let opened = open(&keys, blob).expect("open");
        let expected_kind = if last {
            BlobKind::Snapshot
        } else {
            BlobKind::Changes
        };
        assert_eq!(opened.kind, expected_kind);
        received.extend(opened.payload);
    }
    assert_eq!(received, changes.concat(), "every change, in order");
}

#[test]
fn unacknowledged_blobs_survive_a_restart_and_are_resent_unchanged() {
    let mut client = SyncClient::new(&secret(), DeviceId([1; 16]), ClientState::default());
    client.add_changes(b"cobranca").expect("seal");
    let first = go_live(&mut client, 0);
    client.disconnected();
    assert_eq!(client.conn_state(), &ConnState::Offline);

    let saved = client.state().clone();
    let mut restarted = SyncClient::new(&secret(), DeviceId([1; 16]), saved);
    assert_eq!(restarted.pending(), 1);
    let again = go_live(&mut restarted, 0);
    assert_eq!(
        first, again,
        "the same sealed bytes, so the relay can deduplicate"
    );
}

#[test]
fn received_blobs_are_opened_and_advance_the_cursor() {
    let keys = secret().derive();
    let other = DeviceId([2; 16]);
    let mut client = SyncClient::new(&secret(), DeviceId([1; 16]), ClientState::default());
    client.connected();
    sent(&mut client);
    feed(
        &mut client,
        RelayFrame::Welcome {
            protocol: PROTOCOL_VERSION,
            head: 2,
            heartbeat_ms: 20_000,
            timeout_ms: 10_000,
        },
    );
    sent(&mut client);
    let blob = seal(&keys, &other, BlobKind::Changes, b"estoque").expect("seal");
    let events = feed(&mut client, RelayFrame::Blob { seq: 1, blob });
    assert_eq!(
        events,
        vec![SyncEvent::Apply {
            seq: 1,
            kind: BlobKind::Changes,
            device: other,
            payload: b"estoque".to_vec()
        }]
    );
    assert_eq!(client.state().cursor, 1);

    let mut tampered = seal(&keys, &other, BlobKind::Changes, b"x").expect("seal");
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    let events = feed(
        &mut client,
        RelayFrame::Blob {
            seq: 2,
            blob: tampered,
        },
    );
    assert!(
        matches!(events.as_slice(), [SyncEvent::Rejected { seq: 2, .. }]),
        "{events:?}"
    );
    assert_eq!(
        client.state().cursor,
        2,
        "a rejected blob is skipped, not retried forever"
    );
    feed(&mut client, RelayFrame::CaughtUp { head: 2 });
    assert!(client.is_up_to_date());
}

#[test]
fn a_relay_that_forgot_data_triggers_a_reset() {
    let mut client = SyncClient::new(
        &secret(),
        DeviceId([1; 16]),
        ClientState {
            cursor: 50,
            ..ClientState::default()
        },
    );
    client.connected();
    sent(&mut client);
    let events = feed(
        &mut client,
        RelayFrame::Welcome {
            protocol: PROTOCOL_VERSION,
            head: 3,
            heartbeat_ms: 20_000,
            timeout_ms: 10_000,
        },
    );
    assert_eq!(events, vec![SyncEvent::RelayReset]);
    assert_eq!(sent(&mut client), vec![ClientFrame::Sync { since: 0 }]);
}

#[test]
fn snapshots_supersede_up_to_the_cursor() {
    let mut client = SyncClient::new(
        &secret(),
        DeviceId([1; 16]),
        ClientState {
            cursor: 7,
            blobs_since_snapshot: 500,
            ..ClientState::default()
        },
    );
    assert!(client.wants_snapshot());
    client.add_snapshot(b"documento inteiro").expect("seal");
    assert!(!client.wants_snapshot(), "one is already queued");
    client.add_snapshot(b"documento mais novo").expect("seal");
    assert_eq!(client.pending(), 1, "the older unsent snapshot is dropped");
    let frames = go_live(&mut client, 7);
    assert!(
        matches!(
            frames.as_slice(),
            [ClientFrame::Snapshot { supersedes: 7, .. }]
        ),
        "{frames:?}"
    );
}

#[test]
fn unauthorized_is_fatal_and_too_large_drops_the_entry() {
    let mut client = SyncClient::new(&secret(), DeviceId([1; 16]), ClientState::default());
    let r = client.add_changes(b"x").expect("seal").expect("ref");
    go_live(&mut client, 0);
    feed(
        &mut client,
        RelayFrame::Error {
            code: ErrorCode::TooLarge,
            client_ref: Some(r),
            message: "grande".into(),
        },
    );
    assert_eq!(client.pending(), 0);
    feed(
        &mut client,
        RelayFrame::Error {
            code: ErrorCode::Unauthorized,
            client_ref: None,
            message: "senha".into(),
        },
    );
    assert!(matches!(
        client.conn_state(),
        ConnState::Failed {
            code: ErrorCode::Unauthorized,
            ..
        }
    ));
    client.disconnected();
    assert!(
        matches!(client.conn_state(), ConnState::Failed { .. }),
        "stays failed"
    );
}

#[test]
fn blobs_before_the_handshake_are_a_protocol_error() {
    let mut client = SyncClient::new(&secret(), DeviceId([1; 16]), ClientState::default());
    client.connected();
    let frame = RelayFrame::Blob {
        seq: 1,
        blob: vec![1],
    }
    .encode();
    assert!(client.handle_frame(&frame).is_err());
    assert!(client.handle_frame(&[0xee]).is_err());
}

#[test]
fn a_long_outbox_goes_out_at_the_pace_of_the_acks() {
    use retaguarda_core::sync::client::MAX_IN_FLIGHT;
    let mut client = SyncClient::new(&secret(), DeviceId([1; 16]), ClientState::default());
    let total = MAX_IN_FLIGHT * 2 + 5;
    // Changes made while live are not packed: each goes out as soon as the window allows.
    assert!(go_live(&mut client, 0).is_empty());
    let mut first = Vec::new();
    for n in 0..total {
        client
            .add_changes(format!("venda {n}").as_bytes())
            .expect("seal");
        first.extend(sent(&mut client));
    }
    assert_eq!(first.len(), MAX_IN_FLIGHT);
    let mut seq = 0;
    let mut sent_total = first.len();
    let mut in_flight: Vec<u64> = first
        .iter()
        .map(|f| match f {
            ClientFrame::Append { client_ref, .. } => *client_ref,
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    while let Some(client_ref) = (!in_flight.is_empty()).then(|| in_flight.remove(0)) {
        seq += 1;
        feed(&mut client, RelayFrame::Ack { client_ref, seq });
        for frame in sent(&mut client) {
            match frame {
                ClientFrame::Append { client_ref, .. } => in_flight.push(client_ref),
                other => panic!("unexpected {other:?}"),
            }
            sent_total += 1;
        }
        assert!(in_flight.len() <= MAX_IN_FLIGHT);
    }
    assert_eq!(sent_total, total, "each blob sent exactly once");
    assert!(client.is_up_to_date());
    assert_eq!(client.state().cursor, total as u64);
}

#[test]
fn a_quota_error_keeps_the_blob_for_the_next_connection() {
    let mut client = SyncClient::new(&secret(), DeviceId([1; 16]), ClientState::default());
    let r = client.add_changes(b"x").expect("seal").expect("ref");
    go_live(&mut client, 0);
    feed(
        &mut client,
        RelayFrame::Error {
            code: ErrorCode::QuotaExceeded,
            client_ref: Some(r),
            message: "cheio".into(),
        },
    );
    assert_eq!(client.pending(), 1);
    assert!(
        sent(&mut client).is_empty(),
        "not resent on the same connection"
    );
    client.disconnected();
    let again = go_live(&mut client, 0);
    assert!(
        matches!(again.as_slice(), [ClientFrame::Append { client_ref, .. }] if *client_ref == r)
    );
}

#[test]
fn status_follows_the_connection_and_the_outbox() {
    use retaguarda_core::sync::SyncStatus;
    let mut client = SyncClient::new(&secret(), DeviceId([1; 16]), ClientState::default());
    client.add_changes(b"venda").expect("seal");
    assert_eq!(client.status(), SyncStatus::Offline { pending: 1 });
    client.connected();
    assert_eq!(client.status(), SyncStatus::Syncing { pending: 1 });
    client.disconnected();
    let frames = go_live(&mut client, 0);
    assert_eq!(client.status(), SyncStatus::Syncing { pending: 1 });
    let client_ref = match &frames[0] {
        ClientFrame::Append { client_ref, .. } => *client_ref,
        other => panic!("unexpected {other:?}"),
    };
    feed(&mut client, RelayFrame::Ack { client_ref, seq: 1 });
    assert_eq!(client.status(), SyncStatus::UpToDate);
    feed(
        &mut client,
        RelayFrame::Error {
            code: ErrorCode::Unauthorized,
            client_ref: None,
            message: "chave errada".into(),
        },
    );
    assert_eq!(
        client.status(),
        SyncStatus::Failed {
            message: "chave errada".into()
        }
    );
}

#[test]
fn persisted_state_round_trips_through_json_compactly() {
    let mut client = SyncClient::new(&secret(), DeviceId([1; 16]), ClientState::default());
    client.add_changes(&noise(1000, 0)).expect("seal");
    client.add_snapshot(b"doc").expect("seal");
    let json = serde_json::to_string(client.state()).expect("json");
    let sealed: usize = client.state().outbox.iter().map(|e| e.blob.len()).sum();
    // Base64 text is 4/3 of the bytes; a JSON array of numbers would be ~3.5x.
    assert!(
        json.len() < sealed * 3 / 2,
        "{} bytes of JSON for {sealed} bytes",
        json.len()
    );
    let back: ClientState = serde_json::from_str(&json).expect("read back");
    assert_eq!(&back, client.state());
}
