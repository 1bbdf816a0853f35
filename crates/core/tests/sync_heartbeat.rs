//! Noticing a dead connection (sans IO, the test owns the clock): a round trip every
//! interval the relay gave in `Welcome`, a missed deadline says `Dead`, the indicator
//! is up to date only with a recent answer, and a refused connection is remembered
//! with the relay's words until one succeeds.

use retaguarda_core::sync::{
    ClientFrame, ClientState, DeviceId, ErrorCode, RelayFrame, SyncClient, SyncStatus, TeamSecret,
    Tick, PROTOCOL_VERSION,
};

fn client() -> SyncClient {
    SyncClient::new(
        &TeamSecret::from_bytes([5u8; 32]),
        DeviceId([1; 16]),
        ClientState::default(),
    )
}

fn sent(client: &mut SyncClient) -> Vec<ClientFrame> {
    std::iter::from_fn(|| client.poll_transmit())
        .map(|bytes| ClientFrame::decode(&bytes).expect("client frame"))
        .collect()
}

fn feed(client: &mut SyncClient, frame: RelayFrame) {
    client
        .handle_frame(&frame.encode())
        .expect("frame accepted");
}

/// Opens at `t0`, welcomed with a 1 s interval and a 500 ms deadline, caught up.
fn live(t0: u64) -> SyncClient {
    let mut c = client();
    c.connected();
    assert_eq!(
        c.tick(t0),
        Tick::Wait { ms: 10_000 },
        "Welcome due within the default deadline"
    );
    feed(
        &mut c,
        RelayFrame::Welcome {
            protocol: PROTOCOL_VERSION,
            head: 0,
            heartbeat_ms: 1_000,
            timeout_ms: 500,
        },
    );
    feed(&mut c, RelayFrame::CaughtUp { head: 0 });
    assert_eq!(c.tick(t0), Tick::Wait { ms: 1_000 });
    sent(&mut c);
    c
}

fn ping_nonce(c: &mut SyncClient) -> u64 {
    match sent(c).as_slice() {
        [ClientFrame::Ping { nonce }] => *nonce,
        other => panic!("expected one ping, got {other:?}"),
    }
}

#[test]
fn a_ping_goes_out_each_interval_and_an_answer_keeps_the_connection() {
    let mut c = live(0);
    assert_eq!(c.heartbeat_ms(), (1_000, 500), "the relay's durations");
    assert_eq!(c.tick(999), Tick::Wait { ms: 1 });
    assert!(sent(&mut c).is_empty(), "nothing before the interval");
    assert_eq!(c.tick(1_000), Tick::Wait { ms: 500 });
    let nonce = ping_nonce(&mut c);
    feed(&mut c, RelayFrame::Pong { nonce });
    assert_eq!(
        c.tick(1_200),
        Tick::Wait { ms: 1_000 },
        "next one an interval after the answer"
    );
    assert_eq!(c.tick(2_200), Tick::Wait { ms: 500 });
    let second = ping_nonce(&mut c);
    assert_ne!(second, nonce);
    feed(&mut c, RelayFrame::Pong { nonce: second });
    assert_eq!(c.tick(2_300), Tick::Wait { ms: 1_000 });
    assert_eq!(c.status_at(2_300), SyncStatus::UpToDate);
}

#[test]
fn an_unanswered_ping_makes_the_connection_dead_at_its_deadline() {
    let mut c = live(0);
    c.tick(1_000);
    ping_nonce(&mut c);
    assert_eq!(c.tick(1_499), Tick::Wait { ms: 1 });
    assert_eq!(c.tick(1_500), Tick::Dead);
    // Once closed, nothing is watched until the next socket.
    c.disconnected();
    assert_eq!(c.tick(10_000), Tick::Idle);
}

#[test]
fn any_frame_after_the_ping_proves_the_path() {
    let mut c = live(0);
    c.tick(1_000);
    ping_nonce(&mut c);
    feed(&mut c, RelayFrame::CaughtUp { head: 0 });
    assert!(matches!(c.tick(1_400), Tick::Wait { .. }));
    assert!(
        matches!(c.tick(1_900), Tick::Wait { .. }),
        "not dead past the ping's deadline"
    );
}

#[test]
fn a_relay_that_never_welcomes_is_dead_after_the_deadline() {
    let mut c = client();
    c.connected();
    assert_eq!(c.tick(50_000), Tick::Wait { ms: 10_000 });
    assert_eq!(c.tick(59_999), Tick::Wait { ms: 1 });
    assert_eq!(c.tick(60_000), Tick::Dead);
}

#[test]
fn the_indicator_is_up_to_date_only_with_a_recent_answer() {
    let c = live(0);
    assert_eq!(
        c.status_at(1_500),
        SyncStatus::UpToDate,
        "within interval + deadline"
    );
    assert_eq!(
        c.status_at(1_501),
        SyncStatus::Checking { pending: 0 },
        "no answer for longer than interval + deadline"
    );
    // A socket that is silently dead and never ticked never claims to be in sync.
    assert_eq!(c.status_at(600_000), SyncStatus::Checking { pending: 0 });
}

#[test]
fn a_probe_checks_the_connection_at_once() {
    let mut c = live(0);
    c.probe();
    assert_eq!(c.tick(100), Tick::Wait { ms: 500 });
    ping_nonce(&mut c);
    assert_eq!(
        c.tick(600),
        Tick::Dead,
        "the page came back to a dead socket"
    );
}

#[test]
fn a_refused_connection_is_shown_until_one_succeeds() {
    let mut c = client();
    c.add_changes(b"a change").expect("sealed");
    c.connected();
    sent(&mut c);
    feed(
        &mut c,
        RelayFrame::Error {
            code: ErrorCode::RateLimited,
            client_ref: None,
            message: "muitas equipes novas; tente de novo mais tarde".into(),
        },
    );
    c.disconnected();
    assert_eq!(
        c.status_at(0),
        SyncStatus::Refused {
            pending: 1,
            message: "muitas equipes novas; tente de novo mais tarde".into()
        }
    );
    assert_eq!(
        c.refusal().map(|(code, _)| code),
        Some(ErrorCode::RateLimited)
    );
    c.connected();
    feed(
        &mut c,
        RelayFrame::Welcome {
            protocol: PROTOCOL_VERSION,
            head: 0,
            heartbeat_ms: 0,
            timeout_ms: 0,
        },
    );
    assert_eq!(c.refusal(), None);
    assert_eq!(
        c.heartbeat_ms(),
        (20_000, 10_000),
        "zeros keep the defaults"
    );
}

#[test]
fn a_challenge_is_answered_with_a_proof_for_this_room() {
    use retaguarda_core::sync::Challenge;
    let mut c = client();
    c.connected();
    sent(&mut c);
    let challenge = Challenge {
        bits: 8,
        salt: [3; 16],
    };
    feed(&mut c, RelayFrame::Challenge(challenge));
    let room = c.keys().room;
    match sent(&mut c).as_slice() {
        [ClientFrame::Proof { nonce }] => {
            assert!(challenge.verify(&room, *nonce));
            let other = TeamSecret::from_bytes([6u8; 32]).derive().room;
            let salted = Challenge {
                salt: [4; 16],
                ..challenge
            };
            // The chance that a nonce also answers another room or salt is 1 in 256
            // each; the first nonce that does is almost never the same.
            let first_other = challenge.solve(&other).expect("solvable");
            let first_salted = salted.solve(&room).expect("solvable");
            assert!(first_other != *nonce || first_salted != *nonce);
        }
        other => panic!("expected a proof, got {other:?}"),
    }
    // A relay asking for too much work is refused rather than freezing the phone.
    let mut c = client();
    c.connected();
    let hard = RelayFrame::Challenge(Challenge {
        bits: 40,
        salt: [0; 16],
    });
    assert!(c.handle_frame(&hard.encode()).is_err());
}
