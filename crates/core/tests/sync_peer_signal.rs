//! Peer-to-peer signalling: offers, answers and ICE candidates travel through the
//! room sealed with the team's keys, so the relay sees ciphertext only (SDP names
//! LAN addresses), and a signal of another team or an altered one is refused
//! without changing anything. Also the new frames that carry them (protocol 3).

use retaguarda_core::sync::peer::{Signal, SignalKind};
use retaguarda_core::sync::{
    ClientFrame, ConnState, DeviceId, IceServer, Mesh, RelayFrame, SyncClient, SyncError,
    SyncEvent, TeamSecret, PROTOCOL_VERSION,
};

fn secret(n: u8) -> TeamSecret {
    TeamSecret::from_bytes([n; 32])
}

const SDP: &str = "v=0\r\no=- 1 2 IN IP4 192.168.0.17\r\na=candidate:1 1 udp 2122260223 192.168.0.17 54321 typ host\r\n";

#[test]
fn every_kind_of_signal_opens_as_it_was_sealed() {
    let keys = secret(1).derive();
    let kinds = [
        SignalKind::Announce,
        SignalKind::Offer(SDP.into()),
        SignalKind::Answer(SDP.into()),
        SignalKind::Candidate(
            r#"{"candidate":"candidate:1 1 udp 1 192.168.0.17 5 typ host"}"#.into(),
        ),
        SignalKind::Bye,
    ];
    for kind in kinds {
        for to in [None, Some(DeviceId([9; 16]))] {
            let signal = Signal {
                from: DeviceId([3; 16]),
                to,
                session: 0xDEAD_BEEF,
                kind: kind.clone(),
            };
            let sealed = signal.seal(&keys).expect("seal");
            assert_eq!(Signal::open(&keys, &sealed).expect("open"), signal);
        }
    }
}

#[test]
fn the_relay_sees_neither_addresses_nor_devices() {
    let keys = secret(1).derive();
    let from = DeviceId(*b"device-A-0123456");
    let signal = Signal {
        from,
        to: None,
        session: 7,
        kind: SignalKind::Offer(SDP.into()),
    };
    let a = signal.seal(&keys).expect("seal");
    let b = signal.seal(&keys).expect("seal");
    assert_ne!(a, b, "a fresh nonce per signal");
    let contains = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    assert!(!contains(&a, b"192.168.0.17"));
    assert!(!contains(&a, b"IN IP4"));
    assert!(
        !contains(&a, &from.0),
        "the sender is inside the ciphertext"
    );
}

#[test]
fn a_signal_of_another_team_period_or_altered_is_refused() {
    let team = secret(1);
    let signal = Signal {
        from: DeviceId([3; 16]),
        to: None,
        session: 1,
        kind: SignalKind::Offer(SDP.into()),
    };
    let sealed = signal.seal(&team.derive()).expect("seal");
    assert_eq!(
        Signal::open(&secret(2).derive(), &sealed),
        Err(SyncError::Tampered)
    );
    assert_eq!(
        Signal::open(&team.derive_epoch(Some(&[5; 32])), &sealed),
        Err(SyncError::Tampered),
        "another period's room"
    );
    for at in [1, 30, sealed.len() - 1] {
        let mut altered = sealed.clone();
        altered[at] ^= 1;
        assert_eq!(
            Signal::open(&team.derive(), &altered),
            Err(SyncError::Tampered)
        );
    }
    // A mesh handed a foreign signal reports it and does nothing.
    let mut mesh = Mesh::new(&team, None, DeviceId([1; 16]));
    let foreign = signal.seal(&secret(2).derive()).expect("seal");
    assert_eq!(mesh.handle_signal(&foreign, 0), Err(SyncError::Tampered));
    assert!(mesh.poll_action().is_none());
    assert!(mesh.peers().is_empty());
}

#[test]
fn an_oversized_body_is_refused_before_sealing() {
    let signal = Signal {
        from: DeviceId([3; 16]),
        to: None,
        session: 1,
        kind: SignalKind::Offer("x".repeat(10_000)),
    };
    assert!(matches!(
        signal.seal(&secret(1).derive()),
        Err(SyncError::TooLarge { .. })
    ));
}

#[test]
fn signal_and_ice_server_frames_round_trip() {
    let blob = vec![1, 2, 3, 4];
    let frame = ClientFrame::Signal { blob: blob.clone() };
    assert_eq!(frame.encode()[0], 0x07);
    assert_eq!(ClientFrame::decode(&frame.encode()), Ok(frame));
    let frame = RelayFrame::Signal { blob };
    assert_eq!(frame.encode()[0], 0x89);
    assert_eq!(RelayFrame::decode(&frame.encode()), Ok(frame));
    let servers = vec![
        IceServer::parse("stun:stun.example.com:3478").expect("stun"),
        IceServer::parse("turn:turn.example.com:3478?transport=udp, loja, s3nha").expect("turn"),
    ];
    assert_eq!(servers[1].username, "loja");
    assert_eq!(servers[1].credential, "s3nha");
    let frame = RelayFrame::IceServers(servers);
    assert_eq!(frame.encode()[0], 0x8A);
    assert_eq!(RelayFrame::decode(&frame.encode()), Ok(frame.clone()));
    let mut cut = frame.encode();
    cut.pop();
    assert!(RelayFrame::decode(&cut).is_err());
    assert!(IceServer::parse("http://stun.example.com").is_err());
    assert!(IceServer::parse("").is_err());
    assert_eq!(PROTOCOL_VERSION, 3);
}

fn live_client() -> SyncClient {
    let mut client = SyncClient::new(&secret(1), DeviceId([1; 16]), Default::default());
    client.connected();
    while client.poll_transmit().is_some() {}
    let welcome = RelayFrame::Welcome {
        protocol: PROTOCOL_VERSION,
        head: 0,
        heartbeat_ms: 20_000,
        timeout_ms: 10_000,
    };
    client.handle_frame(&welcome.encode()).expect("welcome");
    client
        .handle_frame(&RelayFrame::CaughtUp { head: 0 }.encode())
        .expect("caught up");
    while client.poll_transmit().is_some() {}
    client
}

#[test]
fn the_client_passes_signals_only_while_the_room_is_open() {
    let mut offline = SyncClient::new(&secret(1), DeviceId([1; 16]), Default::default());
    assert!(
        !offline.send_signal(vec![9]),
        "dropped: signals are ephemeral"
    );
    assert!(offline.poll_transmit().is_none());

    let mut client = live_client();
    assert_eq!(client.conn_state(), &ConnState::Live);
    assert!(client.send_signal(vec![9, 8]));
    assert_eq!(
        client.poll_transmit(),
        Some(ClientFrame::Signal { blob: vec![9, 8] }.encode())
    );
    let events = client
        .handle_frame(&RelayFrame::Signal { blob: vec![5] }.encode())
        .expect("signal");
    assert_eq!(events, vec![SyncEvent::Signal { blob: vec![5] }]);
    let servers = vec![IceServer::parse("stun:192.168.0.1:3478").expect("stun")];
    let events = client
        .handle_frame(&RelayFrame::IceServers(servers.clone()).encode())
        .expect("ice");
    assert_eq!(events, vec![SyncEvent::IceServers(servers)]);
    // Signals never enter the outbox: nothing to persist or resend.
    assert!(client.state().outbox.is_empty());
}
