//! The hub's forwarding to the cloud as a pure state machine
//! (`retaguarda_relay::upstream::forward`), with no socket: what goes where,
//! the cursor per place, and content ids keeping echoes and doubles out.

use retaguarda_core::sync::{ClientFrame, ErrorCode, RelayFrame};
use retaguarda_relay::upstream::forward::{Action, Forward};

fn actions(f: &mut Forward) -> Vec<Action> {
    std::iter::from_fn(|| f.poll()).collect()
}

/// Welcomes and catches up with an empty cloud; returns the hub cursor it
/// asks to follow from.
fn go_live(f: &mut Forward, head: u64) -> u64 {
    f.cloud_welcome(head);
    assert_eq!(
        actions(f),
        vec![Action::ToCloud(ClientFrame::Sync {
            since: f.cloud_cursor()
        })]
    );
    f.cloud_frame(RelayFrame::CaughtUp { head });
    match actions(f).as_slice() {
        [Action::FollowHub { since }] => *since,
        other => panic!("expected FollowHub, got {other:?}"),
    }
}

fn pushed(actions: &[Action]) -> Vec<(u64, Vec<u8>)> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::ToCloud(ClientFrame::Append { client_ref, blob }) => {
                Some((*client_ref, blob.clone()))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn hub_blobs_go_up_and_the_cursor_moves_only_when_acknowledged() {
    let mut f = Forward::new();
    assert_eq!(go_live(&mut f, 0), 0);
    f.hub_blob(1, false, b"um".to_vec());
    f.hub_blob(2, false, b"dois".to_vec());
    let sent = pushed(&actions(&mut f));
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].1, b"um");
    assert_eq!(f.hub_cursor(), 0, "nothing acknowledged yet");
    // The second ack first: the cursor still waits for the first blob.
    f.cloud_frame(RelayFrame::Ack {
        client_ref: sent[1].0,
        seq: 8,
    });
    assert_eq!(f.hub_cursor(), 0);
    f.cloud_frame(RelayFrame::Ack {
        client_ref: sent[0].0,
        seq: 7,
    });
    assert_eq!(f.hub_cursor(), 2);
    assert_eq!(f.counts().pushed, 2);
}

#[test]
fn cloud_blobs_come_down_and_are_not_sent_back() {
    let mut f = Forward::new();
    f.cloud_welcome(3);
    actions(&mut f);
    f.cloud_frame(RelayFrame::Blob {
        seq: 2,
        blob: b"da nuvem".to_vec(),
    });
    let down = actions(&mut f);
    let [Action::ToHub {
        client_ref,
        snapshot: false,
        blob,
    }] = down.as_slice()
    else {
        panic!("expected one ToHub, got {down:?}");
    };
    assert_eq!(blob, b"da nuvem");
    assert_eq!(f.cloud_cursor(), 0, "not stored at the hub yet");
    f.stored_at_hub(*client_ref);
    assert_eq!(f.cloud_cursor(), 2);
    f.cloud_frame(RelayFrame::CaughtUp { head: 3 });
    assert_eq!(f.cloud_cursor(), 3, "seq 3 was superseded at the cloud");
    let since = match actions(&mut f).as_slice() {
        [Action::FollowHub { since }] => *since,
        other => panic!("{other:?}"),
    };
    assert_eq!(since, 0);
    // The hub now holds the copy as its blob 5: it is not pushed back.
    f.hub_blob(5, false, b"da nuvem".to_vec());
    assert!(actions(&mut f).is_empty());
    assert_eq!(f.hub_cursor(), 5);
    assert_eq!(f.counts().skipped, 1);
}

#[test]
fn a_blob_pushed_to_both_places_is_forwarded_by_neither() {
    let mut f = Forward::new();
    f.cloud_welcome(1);
    actions(&mut f);
    // The device's blob, as the cloud stored it.
    f.cloud_frame(RelayFrame::Blob {
        seq: 1,
        blob: b"mesmo".to_vec(),
    });
    let down = actions(&mut f);
    let [Action::ToHub { client_ref, .. }] = down.as_slice() else {
        panic!("{down:?}");
    };
    // The hub had it too: its store gives back the old sequence number.
    f.stored_at_hub(*client_ref);
    f.cloud_frame(RelayFrame::CaughtUp { head: 1 });
    actions(&mut f);
    f.hub_blob(4, false, b"mesmo".to_vec());
    assert!(actions(&mut f).is_empty(), "the cloud already has it");
    assert_eq!((f.hub_cursor(), f.cloud_cursor()), (4, 1));
}

#[test]
fn a_cut_session_resends_from_the_cursor_and_nothing_is_lost() {
    let mut f = Forward::new();
    go_live(&mut f, 0);
    f.hub_blob(1, false, b"a".to_vec());
    f.hub_blob(2, false, b"b".to_vec());
    let sent = pushed(&actions(&mut f));
    f.cloud_frame(RelayFrame::Ack {
        client_ref: sent[0].0,
        seq: 1,
    });
    assert_eq!(f.hub_cursor(), 1);
    // The connection drops before the second ack.
    f.cloud_lost();
    assert!(!f.is_live());
    f.hub_blob(3, false, b"c".to_vec());
    assert!(actions(&mut f).is_empty(), "nothing goes up while offline");
    // Back: the cloud sends our first blob back in its catch-up (skipped),
    // then the hub is followed again from its cursor.
    f.cloud_welcome(1);
    assert_eq!(
        actions(&mut f),
        vec![Action::ToCloud(ClientFrame::Sync { since: 1 })]
    );
    f.cloud_frame(RelayFrame::CaughtUp { head: 1 });
    assert_eq!(
        actions(&mut f),
        vec![Action::FollowHub { since: 1 }],
        "b and c are read again from the hub"
    );
    f.hub_blob(2, false, b"b".to_vec());
    f.hub_blob(3, false, b"c".to_vec());
    let again = pushed(&actions(&mut f));
    assert_eq!(
        again.iter().map(|(_, b)| b.clone()).collect::<Vec<_>>(),
        vec![b"b".to_vec(), b"c".to_vec()]
    );
    for (i, (r, _)) in again.iter().enumerate() {
        f.cloud_frame(RelayFrame::Ack {
            client_ref: *r,
            seq: 2 + i as u64,
        });
    }
    assert_eq!(f.hub_cursor(), 3);
    assert_eq!(
        f.cloud_cursor(),
        3,
        "its own acks moved the cloud cursor too"
    );
}

#[test]
fn a_refused_copy_holds_the_cursor_until_the_next_session() {
    let mut f = Forward::new();
    go_live(&mut f, 0);
    f.hub_blob(1, false, b"grande".to_vec());
    f.hub_blob(2, false, b"pequeno".to_vec());
    let sent = pushed(&actions(&mut f));
    f.cloud_frame(RelayFrame::Error {
        code: ErrorCode::TooLarge,
        client_ref: Some(sent[0].0),
        message: "pacote grande demais".into(),
    });
    f.cloud_frame(RelayFrame::Ack {
        client_ref: sent[1].0,
        seq: 1,
    });
    assert_eq!(f.hub_cursor(), 0, "the refused blob is not at the cloud");
    assert_eq!(f.counts().refused, 1);
    assert!(
        actions(&mut f).is_empty(),
        "a refused blob is no reason to reconnect"
    );
}

#[test]
fn a_retired_or_foreign_room_stops_the_forwarding() {
    for code in [ErrorCode::Retired, ErrorCode::Unauthorized] {
        let mut f = Forward::new();
        go_live(&mut f, 0);
        f.cloud_frame(RelayFrame::Error {
            code,
            client_ref: None,
            message: "não".into(),
        });
        assert_eq!(
            actions(&mut f),
            vec![Action::Stop {
                message: "não".into()
            }]
        );
    }
    let mut f = Forward::new();
    go_live(&mut f, 0);
    f.cloud_frame(RelayFrame::Error {
        code: ErrorCode::Lagged,
        client_ref: None,
        message: "ficou para trás".into(),
    });
    assert!(matches!(
        actions(&mut f).as_slice(),
        [Action::Reconnect { .. }]
    ));
}

#[test]
fn snapshots_go_across_as_snapshots_that_supersede_nothing() {
    let mut f = Forward::new();
    go_live(&mut f, 0);
    f.hub_blob(9, true, b"resumo".to_vec());
    assert!(matches!(
        actions(&mut f).as_slice(),
        [Action::ToCloud(ClientFrame::Snapshot { supersedes: 0, .. })]
    ));
    f.cloud_frame(RelayFrame::SnapshotBlob {
        seq: 4,
        supersedes: 3,
        blob: b"resumo da nuvem".to_vec(),
    });
    assert!(matches!(
        actions(&mut f).as_slice(),
        [Action::ToHub { snapshot: true, .. }]
    ));
}

#[test]
fn a_cloud_that_lost_blobs_is_sent_everything_again() {
    let mut f = Forward::resume(10, 20);
    f.cloud_welcome(5);
    assert_eq!(
        actions(&mut f),
        vec![Action::ToCloud(ClientFrame::Sync { since: 0 })]
    );
    f.cloud_frame(RelayFrame::CaughtUp { head: 5 });
    assert_eq!(actions(&mut f), vec![Action::FollowHub { since: 0 }]);
}

#[test]
fn a_blob_arriving_twice_in_one_session_goes_once() {
    let mut f = Forward::new();
    go_live(&mut f, 0);
    // Catch-up and a push overlap on seq 1; a second copy of the same bytes
    // comes under another seq while the first is on its way.
    f.hub_blob(1, false, b"x".to_vec());
    f.hub_blob(1, false, b"x".to_vec());
    f.hub_blob(2, false, b"x".to_vec());
    let sent = pushed(&actions(&mut f));
    assert_eq!(sent.len(), 1);
    f.cloud_frame(RelayFrame::Ack {
        client_ref: sent[0].0,
        seq: 1,
    });
    assert_eq!(f.hub_cursor(), 2);
}

#[test]
fn at_most_a_window_of_copies_waits_for_the_cloud() {
    use retaguarda_relay::upstream::forward::WINDOW;
    let mut f = Forward::new();
    go_live(&mut f, 0);
    let total = WINDOW as u64 + 10;
    for seq in 1..=total {
        f.hub_blob(seq, false, seq.to_be_bytes().to_vec());
    }
    let first = pushed(&actions(&mut f));
    assert_eq!(first.len(), WINDOW, "the rest waits for acks");
    assert!(!f.wants_hub_blobs(), "no more reading of the hub meanwhile");
    for (i, (r, _)) in first.iter().take(10).enumerate() {
        f.cloud_frame(RelayFrame::Ack {
            client_ref: *r,
            seq: i as u64 + 1,
        });
    }
    let rest = pushed(&actions(&mut f));
    assert_eq!(rest.len(), 10);
    assert_eq!(rest[9].1, total.to_be_bytes().to_vec(), "in order");
    assert!(f.wants_hub_blobs());
    assert_eq!(f.hub_cursor(), 10);
}

#[test]
fn a_retired_hub_room_is_retired_at_the_cloud_after_its_last_blob() {
    let mut f = Forward::new();
    go_live(&mut f, 0);
    f.hub_blob(1, false, b"ultimo".to_vec());
    let sent = pushed(&actions(&mut f));
    // Retired at the hub with head 1: the cloud must have blob 1 first.
    f.retire_after(1);
    assert!(
        actions(&mut f).is_empty(),
        "not before the last blob is there"
    );
    f.cloud_frame(RelayFrame::Ack {
        client_ref: sent[0].0,
        seq: 1,
    });
    assert_eq!(actions(&mut f), vec![Action::ToCloud(ClientFrame::Retire)]);

    // Offline when retired: sent once the next session is caught up.
    let mut f = Forward::resume(3, 0);
    f.retire_after(3);
    assert!(actions(&mut f).is_empty());
    f.cloud_welcome(0);
    f.cloud_frame(RelayFrame::CaughtUp { head: 0 });
    let after = actions(&mut f);
    assert_eq!(
        after.last(),
        Some(&Action::ToCloud(ClientFrame::Retire)),
        "{after:?}"
    );
    // A session lost before it went out: the next one sends it again.
    let mut f = Forward::new();
    go_live(&mut f, 0);
    f.retire_after(0);
    f.cloud_lost();
    assert!(actions(&mut f).is_empty());
    go_live_expecting_retire(&mut f);
}

fn go_live_expecting_retire(f: &mut Forward) {
    f.cloud_welcome(0);
    actions(f);
    f.cloud_frame(RelayFrame::CaughtUp { head: 0 });
    assert!(actions(f).contains(&Action::ToCloud(ClientFrame::Retire)));
}
