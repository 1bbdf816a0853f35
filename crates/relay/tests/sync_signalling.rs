//! Peer-to-peer signalling through the relay (protocol 3): a sealed signal goes to
//! the room's other devices online now (subscribed), to nobody else, and is never
//! stored; an oversized one is dropped without closing the connection; the
//! operator's ICE servers reach devices after `Welcome`; two meshes introduce
//! each other through a real relay and converge; and on PostgreSQL a signal
//! crosses from one relay node to another.

use crate::common;

use std::time::Duration;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ReadDoc};
use common::process::RelayProcess;
use common::sim::{contains, start_relay, team_relay, ws_url, RawClient};
use retaguarda_core::sync::peer::{Signal, SignalKind};
use retaguarda_core::sync::{
    ClientFrame, DeviceId, IceServer, Mesh, PeerAction, RelayFrame, TeamSecret,
};

fn sealed_offer(secret: &TeamSecret) -> Vec<u8> {
    Signal {
        from: DeviceId([1; 16]),
        to: None,
        session: 9,
        kind: SignalKind::Offer("v=0 IN IP4 192.168.0.10".into()),
    }
    .seal(&secret.derive())
    .expect("seal")
}

/// The next frame after a ping: proves nothing was queued before it.
async fn next_after_ping(raw: &mut RawClient) -> Option<RelayFrame> {
    raw.send(ClientFrame::Ping { nonce: 77 }).await;
    raw.recv().await
}

#[tokio::test]
async fn a_signal_reaches_the_rooms_online_devices_only_and_is_never_stored() {
    let relay = team_relay().await;
    let secret = relay.secret.clone();
    let mut a = RawClient::connect(&relay.url).await;
    a.join(&secret, 0).await;
    let mut b = RawClient::connect(&relay.url).await;
    b.join(&secret, 0).await;
    // Opened the room but not subscribed: not online for signalling yet.
    let mut c = RawClient::connect(&relay.url).await;
    let keys = secret.derive();
    assert!(matches!(
        c.hello(keys.room, keys.token).await,
        Some(RelayFrame::Welcome { .. })
    ));
    let other_team = TeamSecret::generate().expect("secret");
    let mut d = RawClient::connect(&relay.url).await;
    d.join(&other_team, 0).await;

    let blob = sealed_offer(&secret);
    a.send(ClientFrame::Signal { blob: blob.clone() }).await;
    assert_eq!(
        b.recv().await,
        Some(RelayFrame::Signal { blob: blob.clone() })
    );
    for raw in [&mut a, &mut c, &mut d] {
        assert_eq!(
            next_after_ping(raw).await,
            Some(RelayFrame::Pong { nonce: 77 }),
            "not to the sender, a device not subscribed, nor another room"
        );
    }
    // Both ways.
    b.send(ClientFrame::Signal {
        blob: vec![1, 2, 3],
    })
    .await;
    assert_eq!(
        a.recv().await,
        Some(RelayFrame::Signal {
            blob: vec![1, 2, 3]
        })
    );

    // Never stored: a device that comes later catches up on nothing.
    let mut late = RawClient::connect(&relay.url).await;
    assert_eq!(
        late.join(&secret, 0).await,
        vec![RelayFrame::CaughtUp { head: 0 }]
    );
    for (name, bytes) in relay.dist.stored_bytes() {
        assert!(!contains(&bytes, &blob[..64]), "{name} holds a signal");
    }
}

#[tokio::test]
async fn an_oversized_signal_is_dropped_and_the_connection_goes_on() {
    let relay = team_relay().await;
    let mut a = RawClient::connect(&relay.url).await;
    a.join(&relay.secret, 0).await;
    let mut b = RawClient::connect(&relay.url).await;
    b.join(&relay.secret, 0).await;
    a.send(ClientFrame::Signal {
        blob: vec![7; retaguarda_relay::ws::MAX_SIGNAL_BYTES + 1],
    })
    .await;
    assert_eq!(
        next_after_ping(&mut b).await,
        Some(RelayFrame::Pong { nonce: 77 })
    );
    assert_eq!(
        next_after_ping(&mut a).await,
        Some(RelayFrame::Pong { nonce: 77 })
    );
}

#[tokio::test]
async fn the_operators_ice_servers_follow_welcome() {
    let dist = common::Dist::new();
    let mut config = dist.config();
    config.limits.ice_servers = vec![
        IceServer::parse("stun:stun.loja.example:3478").expect("stun"),
        IceServer::parse("turn:turn.loja.example:3478,loja,segredo").expect("turn"),
    ];
    let (addr, _server) = start_relay(config.clone()).await;
    let mut raw = RawClient::connect(&ws_url(addr)).await;
    let keys = TeamSecret::generate().expect("secret").derive();
    assert!(matches!(
        raw.hello(keys.room, keys.token).await,
        Some(RelayFrame::Welcome { .. })
    ));
    assert_eq!(
        raw.recv().await,
        Some(RelayFrame::IceServers(config.limits.ice_servers))
    );
    // Without servers configured, nothing follows Welcome.
    let relay = team_relay().await;
    let mut raw = RawClient::connect(&relay.url).await;
    let keys = relay.secret.derive();
    raw.hello(keys.room, keys.token).await;
    assert_eq!(
        next_after_ping(&mut raw).await,
        Some(RelayFrame::Pong { nonce: 77 })
    );
}

struct Peer {
    raw: RawClient,
    mesh: Mesh,
    doc: AutoCommit,
}

/// Carries out the meshes' actions: signals through the relay, WebRTC simulated in
/// memory (a channel opens once the offerer has the answer).
async fn pump(peers: &mut [Peer; 2], now: u64) {
    for i in 0..2 {
        let mut sends = Vec::new();
        while let Some(action) = peers[i].mesh.poll_action() {
            let other = peers[1 - i].mesh.device();
            match action {
                PeerAction::Signal(blob) => peers[i].raw.send(ClientFrame::Signal { blob }).await,
                PeerAction::CreateOffer { peer, session } => {
                    peers[i].mesh.local_offer(peer, session, "offer".into())
                }
                PeerAction::AcceptOffer { peer, session, .. } => {
                    peers[i].mesh.local_answer(peer, session, "answer".into())
                }
                PeerAction::AcceptAnswer { session, .. } => {
                    let me = peers[i].mesh.device();
                    peers[i]
                        .mesh
                        .channel_open(other, session, now)
                        .expect("open");
                    peers[1 - i]
                        .mesh
                        .channel_open(me, session, now)
                        .expect("open");
                }
                PeerAction::Send { session, bytes, .. } => sends.push((session, bytes)),
                PeerAction::AddCandidate { .. } | PeerAction::Close { .. } => {}
            }
        }
        let me = peers[i].mesh.device();
        for (session, bytes) in sends {
            let target = &mut peers[1 - i];
            target
                .mesh
                .channel_message(me, session, &bytes, &mut target.doc, now);
        }
    }
    for peer in peers.iter_mut() {
        loop {
            match tokio::time::timeout(Duration::from_millis(20), peer.raw.recv()).await {
                Ok(Some(RelayFrame::Signal { blob })) => {
                    peer.mesh.handle_signal(&blob, now).expect("team signal")
                }
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => break,
            }
        }
    }
}

#[tokio::test]
async fn two_meshes_introduce_each_other_through_the_relay_and_converge() {
    let relay = team_relay().await;
    let secret = relay.secret.clone();
    let mut raws = Vec::new();
    for _ in 0..2 {
        let mut raw = RawClient::connect(&relay.url).await;
        raw.join(&secret, 0).await;
        raws.push(raw);
    }
    let mut n = 0u8;
    let mut peers = [(); 2].map(|()| {
        n += 1;
        Peer {
            raw: raws.remove(0),
            mesh: Mesh::new(&secret, None, DeviceId([n; 16])),
            doc: AutoCommit::new(),
        }
    });
    peers[0]
        .doc
        .put(automerge::ROOT, "venda", 42_i64)
        .expect("put");
    peers[0].doc.commit();
    peers[0].mesh.announce();
    peers[1].mesh.announce();
    let mut now = 0;
    while peers[1]
        .doc
        .get(automerge::ROOT, "venda")
        .expect("get")
        .is_none()
    {
        now += 100;
        assert!(now < 10_000, "the sale did not reach B directly");
        pump(&mut peers, now).await;
    }
    assert_eq!(peers[0].mesh.connected(), 1);
    assert_eq!(peers[1].mesh.connected(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgresql_a_signal_crosses_relay_nodes() {
    let Some(server) = common::postgres_server() else {
        eprintln!("sem PostgreSQL (RETAGUARDA_TEST_POSTGRES): sinal entre nós pulado");
        return;
    };
    let dist = common::Dist::on_database(&server);
    let node_a = RelayProcess::start(&dist);
    let node_b = RelayProcess::start(&dist);
    let secret = TeamSecret::generate().expect("secret");
    let mut a = RawClient::connect(&node_a.url).await;
    a.join(&secret, 0).await;
    let mut b = RawClient::connect(&node_b.url).await;
    b.join(&secret, 0).await;
    let blob = sealed_offer(&secret);
    // The listener may still be starting: resend until it arrives, as devices do.
    let mut got = None;
    for _ in 0..20 {
        a.send(ClientFrame::Signal { blob: blob.clone() }).await;
        if let Ok(frame) = tokio::time::timeout(Duration::from_millis(500), b.recv()).await {
            got = frame;
            break;
        }
    }
    assert_eq!(got, Some(RelayFrame::Signal { blob: blob.clone() }));
    // Not echoed back to the sender by the other node.
    assert_eq!(
        next_after_ping(&mut a).await,
        Some(RelayFrame::Pong { nonce: 77 })
    );
    for (name, bytes) in dist.stored_bytes() {
        assert!(!contains(&bytes, &blob[..64]), "{name} holds a signal");
    }
    node_a.kill();
    node_b.kill();
}
