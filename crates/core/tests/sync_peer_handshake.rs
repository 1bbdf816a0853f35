//! Only team members talk: a peer proves it holds the team's keys (a MAC over both
//! sides' fresh nonces) before any change flows, a peer with a wrong key is refused
//! and never retried, and what flows afterwards is sealed under a per-connection key.

use crate::peer_support;

use automerge::transaction::Transactable;
use automerge::AutoCommit;
use peer_support::{device_id, Weather, World};
use retaguarda_core::sync::peer::handshake::{self, PeerFrame, PEER_PROTOCOL};
use retaguarda_core::sync::peer::{Signal, SignalKind};
use retaguarda_core::sync::{
    DeviceId, LinkState, Mesh, PeerAction, PeerEvent, SyncError, TeamSecret,
};

fn team() -> TeamSecret {
    TeamSecret::from_bytes([7; 32])
}

#[test]
fn two_devices_of_a_team_prove_themselves_and_connect() {
    let mut world = World::new(&team(), 2, Weather::default(), 1);
    world.announce_all();
    let took = world
        .run_until(5_000, |w| w.meshed(&[0, 1]))
        .expect("connected");
    assert!(took < 1_000, "{took} ms");
    for d in &world.devices {
        assert!(d
            .events
            .iter()
            .any(|e| matches!(e, PeerEvent::Connected(_))));
        assert_eq!(d.mesh.peers().len(), 1);
        assert_eq!(d.mesh.peers()[0].1, LinkState::Direct);
    }
}

/// Drives device A (the higher id, so it answers) into a handshake with whoever
/// holds the other end of the channel; returns A's mesh, the session and A's nonce.
fn a_in_handshake(b: DeviceId) -> (Mesh, u64, [u8; 32]) {
    let a = DeviceId([9; 16]);
    let mut mesh = Mesh::new(&team(), None, a);
    // B's offer, as the relay forwarded it (sealed by a real member, perhaps replayed).
    let offer = Signal {
        from: b,
        to: Some(a),
        session: 42,
        kind: SignalKind::Offer("offer".into()),
    }
    .seal(&team().derive())
    .expect("seal");
    mesh.handle_signal(&offer, 0).expect("offer");
    assert!(matches!(
        mesh.poll_action(),
        Some(PeerAction::AcceptOffer { session: 42, .. })
    ));
    mesh.local_answer(b, 42, "answer".into());
    assert!(matches!(mesh.poll_action(), Some(PeerAction::Signal(_))));
    mesh.channel_open(b, 42, 10).expect("open");
    let Some(PeerAction::Send { bytes, .. }) = mesh.poll_action() else {
        panic!("A greets first");
    };
    let Ok(PeerFrame::Hello { nonce, device, .. }) = PeerFrame::decode(&bytes) else {
        panic!("a hello");
    };
    assert_eq!(device, a);
    (mesh, 42, nonce)
}

#[test]
fn a_peer_with_a_wrong_key_is_refused_and_gets_nothing() {
    let b = DeviceId([1; 16]);
    let (mut mesh, session, a_nonce) = a_in_handshake(b);
    let mut doc = AutoCommit::new();
    doc.put(automerge::ROOT, "venda", 10).expect("put");
    doc.commit();
    // The impostor knows B's id, but its invite carries another secret.
    let wrong = TeamSecret::from_bytes([8; 32]).derive();
    let b_nonce = [3u8; 32];
    let hello = PeerFrame::Hello {
        protocol: PEER_PROTOCOL,
        device: b,
        nonce: b_nonce,
    };
    mesh.channel_message(b, session, &hello.encode(), &mut doc, 20);
    let mac = handshake::proof(&wrong, &b, &DeviceId([9; 16]), &a_nonce, &b_nonce);
    mesh.channel_message(b, session, &PeerFrame::Proof { mac }.encode(), &mut doc, 30);
    let mut sent_sync = false;
    let mut closed = false;
    while let Some(action) = mesh.poll_action() {
        match action {
            PeerAction::Send { bytes, .. } => {
                sent_sync |= matches!(PeerFrame::decode(&bytes), Ok(PeerFrame::Sync { .. }))
            }
            PeerAction::Close { session: 42, .. } => closed = true,
            _ => {}
        }
    }
    assert!(
        !sent_sync,
        "no change flows to a device that failed the proof"
    );
    assert!(closed, "its channel is closed");
    let events: Vec<PeerEvent> = std::iter::from_fn(|| mesh.poll_event()).collect();
    assert_eq!(
        events,
        vec![PeerEvent::Refused {
            peer: b,
            error: SyncError::Tampered
        }]
    );
    assert_eq!(mesh.peers(), vec![(b, LinkState::Refused)]);
    assert_eq!(mesh.connected(), 0);
    // Not retried, even when it announces again.
    mesh.tick(60_000, &mut doc).expect("tick");
    let announce = Signal {
        from: b,
        to: None,
        session: 0,
        kind: SignalKind::Announce,
    }
    .seal(&team().derive())
    .expect("seal");
    mesh.handle_signal(&announce, 60_000).expect("announce");
    assert!(mesh.poll_action().is_none());
}

#[test]
fn a_proof_replayed_for_another_nonce_is_refused() {
    let b = DeviceId([1; 16]);
    let keys = team().derive();
    let (mut mesh, session, a_nonce) = a_in_handshake(b);
    let mut doc = AutoCommit::new();
    let b_nonce = [3u8; 32];
    let hello = PeerFrame::Hello {
        protocol: PEER_PROTOCOL,
        device: b,
        nonce: b_nonce,
    };
    mesh.channel_message(b, session, &hello.encode(), &mut doc, 20);
    // A proof computed with the right key, but for an earlier challenge.
    let mut old_nonce = a_nonce;
    old_nonce[0] ^= 1;
    let mac = handshake::proof(&keys, &b, &DeviceId([9; 16]), &old_nonce, &b_nonce);
    mesh.channel_message(b, session, &PeerFrame::Proof { mac }.encode(), &mut doc, 30);
    assert!(
        std::iter::from_fn(|| mesh.poll_event()).any(|e| matches!(e, PeerEvent::Refused { .. }))
    );
    assert_eq!(mesh.connected(), 0);
}

#[test]
fn the_right_proof_connects_and_an_altered_message_then_refuses() {
    let b = DeviceId([1; 16]);
    let a = DeviceId([9; 16]);
    let keys = team().derive();
    let (mut mesh, session, a_nonce) = a_in_handshake(b);
    let mut doc = AutoCommit::new();
    doc.put(automerge::ROOT, "venda", 10).expect("put");
    doc.commit();
    let b_nonce = [3u8; 32];
    let hello = PeerFrame::Hello {
        protocol: PEER_PROTOCOL,
        device: b,
        nonce: b_nonce,
    };
    mesh.channel_message(b, session, &hello.encode(), &mut doc, 20);
    let mac = handshake::proof(&keys, &b, &a, &a_nonce, &b_nonce);
    mesh.channel_message(b, session, &PeerFrame::Proof { mac }.encode(), &mut doc, 30);
    assert_eq!(mesh.poll_event(), Some(PeerEvent::Connected(b)));
    // A's proof to B checks out with the team's key, and its first sync message
    // opens only under the key both nonces derive.
    let mut proof_ok = false;
    let mut sync = None;
    while let Some(action) = mesh.poll_action() {
        if let PeerAction::Send { bytes, .. } = action {
            match PeerFrame::decode(&bytes).expect("frame") {
                PeerFrame::Proof { mac } => {
                    proof_ok = handshake::verify(&keys, &a, &b, &b_nonce, &a_nonce, &mac)
                }
                PeerFrame::Sync { sealed } => sync = Some(sealed),
                PeerFrame::Hello { .. } => {}
            }
        }
    }
    assert!(proof_ok);
    let sealed = sync.expect("A starts syncing");
    let key = handshake::session_key(&keys, (&a, &a_nonce), (&b, &b_nonce));
    assert!(handshake::open_message(&key, &a, &b, &sealed).is_ok());
    let wrong = TeamSecret::from_bytes([8; 32]).derive();
    let wrong_key = handshake::session_key(&wrong, (&a, &a_nonce), (&b, &b_nonce));
    assert_eq!(
        handshake::open_message(&wrong_key, &a, &b, &sealed),
        Err(SyncError::Tampered),
        "a listener without the team's key cannot read what flows"
    );
    // An altered message from B is refused and the link dropped.
    let mut bad = handshake::seal_message(&key, &b, &a, b"\0garbage").expect("seal");
    bad[30] ^= 1;
    mesh.channel_message(
        b,
        session,
        &PeerFrame::Sync { sealed: bad }.encode(),
        &mut doc,
        40,
    );
    let events: Vec<PeerEvent> = std::iter::from_fn(|| mesh.poll_event()).collect();
    assert!(events.contains(&PeerEvent::Disconnected(b)));
    assert!(events.contains(&PeerEvent::Refused {
        peer: b,
        error: SyncError::Tampered
    }));
}

#[test]
fn devices_of_different_teams_in_one_simulated_room_never_connect() {
    // The second device's signals do not open for the first: it stays unknown.
    let mut a = Mesh::new(&team(), None, device_id(0));
    let mut b = Mesh::new(&TeamSecret::from_bytes([8; 32]), None, device_id(1));
    b.announce();
    let Some(PeerAction::Signal(blob)) = b.poll_action() else {
        panic!("an announce");
    };
    assert_eq!(a.handle_signal(&blob, 0), Err(SyncError::Tampered));
    assert!(a.poll_action().is_none());
    assert!(a.peers().is_empty());
}
