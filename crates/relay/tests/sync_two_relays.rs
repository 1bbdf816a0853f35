//! Two relay nodes on one PostgreSQL database: devices on different nodes
//! see each other's blobs live, concurrent appends to one room through both
//! nodes are numbered without gaps and pushed in order on both, and a device
//! whose node is killed (SIGKILL) reconnects to the other and continues from
//! its cursor without losing anything acknowledged. A room that two nodes
//! created at once, with different tokens, is stored with the token of the
//! first blob to commit.
//!
//! These tests need a PostgreSQL server (`RETAGUARDA_TEST_POSTGRES`); they
//! are skipped without one unless `RETAGUARDA_REQUIRE_POSTGRES=1`.

use crate::common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::process::RelayProcess;
use common::sim::{start_relay, ws_url, RawClient, SimDevice};
use retaguarda_core::sync::{ClientFrame, RelayFrame, TeamSecret};
use retaguarda_core::{Business, Device};

fn server() -> Option<String> {
    let server = common::postgres_server();
    if server.is_none() {
        eprintln!("sem PostgreSQL (RETAGUARDA_TEST_POSTGRES): teste de dois relays pulado");
    }
    server
}

/// Pumps `device` until `done` holds, for at most 10 s.
async fn pump_until(device: &mut SimDevice, what: &str, done: impl Fn(&mut SimDevice) -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !done(device) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{}: {what} did not arrive live",
            device.name
        );
        device.pump(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn devices_on_two_nodes_sync_live_and_survive_a_killed_node() {
    let Some(server) = server() else { return };
    let dist = common::Dist::on_database(&server);
    let node_a = RelayProcess::start(&dist);
    let node_b = RelayProcess::start(&dist);
    let secret = TeamSecret::generate().expect("secret");
    let founder = Device::with_actor([1; 16], "caixa");
    let mut origin =
        Business::create(&founder, "Quitanda Dois Irmãos", &common::sim::ctx()).expect("create");
    let mut a = SimDevice::new(&secret, "caixa", 1, Some(origin.fork(&founder)));
    let mut b = SimDevice::new(&secret, "celular", 2, Some(origin.fork(&founder)));
    a.snapshot();
    a.connect(&node_a.url).await;
    a.settle().await;
    b.connect(&node_b.url).await;
    b.settle().await;

    // Live both ways, without reconnecting: what one node stores, the other pushes.
    a.add_customer("Dona Benedita");
    a.settle().await;
    pump_until(&mut b, "a's customer", |b| {
        b.customer_names().contains(&"Dona Benedita".to_string())
    })
    .await;
    b.add_receivable("Caixa de tomates", 4_590);
    b.settle().await;
    pump_until(&mut a, "b's entry", |a| a.entries().len() == 1).await;

    // A stream of appends on node A, killed in the middle.
    let mut names_by_ref = std::collections::HashMap::new();
    for n in 0..30 {
        let name = format!("Cliente {n:03}");
        a.add_customer(&name);
        let entry = a.client.state().outbox.last().expect("queued");
        names_by_ref.insert(entry.client_ref, name);
    }
    let acked_before = a.acked.len();
    a.flush().await;
    while a.acked.len() < acked_before + 8 && a.client.pending() > 0 {
        assert!(
            a.pump(Duration::from_secs(5)).await,
            "node A stopped answering"
        );
    }
    node_a.kill();
    a.disconnect();
    assert!(a.client.pending() > 0, "the kill came mid-run");

    // Every blob A acknowledged is on B already, before `a` comes back.
    let frames = RawClient::connect(&node_b.url).await.join(&secret, 0).await;
    let stored: std::collections::BTreeSet<u64> = frames
        .iter()
        .filter_map(|f| match f {
            RelayFrame::Blob { seq, .. } | RelayFrame::SnapshotBlob { seq, .. } => Some(*seq),
            _ => None,
        })
        .collect();
    for (_, seq) in &a.acked {
        assert!(
            stored.contains(seq),
            "acknowledged seq {seq} lost with node A"
        );
    }

    // `a` reconnects to B and continues from its cursor: the rest goes out once.
    a.connect(&node_b.url).await;
    a.settle().await;
    assert_eq!(a.client.pending(), 0);
    let mut c = SimDevice::new(&secret, "tablet", 3, None);
    c.sync_once(&node_b.url).await;
    let names = c.customer_names();
    assert_eq!(names.len(), 31);
    for name in names_by_ref.values() {
        assert!(names.contains(name), "{name} lost");
    }
    assert_eq!(c.sorted_heads(), a.sorted_heads());
    assert_eq!(c.entries(), a.entries());
    // `b` stayed on B all along and got everything live, each blob once.
    pump_until(&mut b, "a's stream", |b| b.customer_names().len() == 31).await;
    assert_eq!(b.sorted_heads(), a.sorted_heads());
    let mut seqs: Vec<u64> = b.applied.iter().map(|(seq, ..)| *seq).collect();
    let count = seqs.len();
    seqs.dedup();
    assert_eq!(seqs.len(), count, "b got a blob twice: {seqs:?}");
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "b's blobs out of order: {seqs:?}"
    );
}

const SENDERS: usize = 4;
const BLOBS: u64 = 20;

fn blob(sender: usize, n: u64) -> Vec<u8> {
    format!("sender {sender} blob {n}").into_bytes()
}

/// Sends every blob at once, then collects its acks: `n -> seq`.
async fn sender(url: String, secret: TeamSecret, s: usize) -> BTreeMap<u64, u64> {
    let mut client = RawClient::connect(&url).await;
    let keys = secret.derive();
    let welcome = client.hello(keys.room, keys.token).await;
    assert!(
        matches!(welcome, Some(RelayFrame::Welcome { .. })),
        "{welcome:?}"
    );
    for n in 1..=BLOBS {
        client
            .send(ClientFrame::Append {
                client_ref: n,
                blob: blob(s, n),
            })
            .await;
    }
    let mut acks = BTreeMap::new();
    while acks.len() < BLOBS as usize {
        match client.recv().await {
            Some(RelayFrame::Ack { client_ref, seq }) => {
                acks.insert(client_ref, seq);
            }
            other => panic!("sender {s}: unexpected {other:?}"),
        }
    }
    acks
}

/// A member that only listens on one node: what is pushed to it, in order.
async fn listener(mut client: RawClient, total: usize) -> Vec<(u64, Vec<u8>)> {
    let mut pushed = Vec::new();
    while pushed.len() < total {
        match client.recv().await {
            Some(RelayFrame::Blob { seq, blob }) => pushed.push((seq, blob)),
            other => panic!("listener: unexpected {other:?} after {}", pushed.len()),
        }
    }
    pushed
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_appends_through_two_nodes_are_gap_free_and_pushed_in_order_on_both() {
    let Some(server) = server() else { return };
    let dist = common::Dist::on_database(&server);
    let mut config = dist.config();
    config.limits.frames_per_second = 10_000;
    config.limits.frame_burst = 10_000;
    let (addr_a, _a) = start_relay(config.clone()).await;
    let (addr_b, _b) = start_relay(config).await;
    let urls = [ws_url(addr_a), ws_url(addr_b)];
    let secret = TeamSecret::generate().expect("secret");
    let total = SENDERS * BLOBS as usize;

    let mut listeners = Vec::new();
    for url in &urls {
        let mut client = RawClient::connect(url).await;
        client.join(&secret, 0).await;
        listeners.push(tokio::spawn(listener(client, total)));
    }
    let senders: Vec<_> = (0..SENDERS)
        .map(|s| tokio::spawn(sender(urls[s % 2].clone(), secret.clone(), s)))
        .collect();
    let mut by_seq = BTreeMap::new();
    for (s, task) in senders.into_iter().enumerate() {
        let acks = tokio::time::timeout(Duration::from_secs(60), task)
            .await
            .expect("sender finished in time")
            .expect("sender task");
        assert!(
            acks.values()
                .collect::<Vec<_>>()
                .windows(2)
                .all(|w| w[0] < w[1]),
            "sender {s}: its blobs got increasing seqs: {acks:?}"
        );
        for (n, seq) in acks {
            assert!(
                by_seq.insert(seq, blob(s, n)).is_none(),
                "seq {seq} handed out twice"
            );
        }
    }
    assert_eq!(
        by_seq.keys().copied().collect::<Vec<_>>(),
        (1..=total as u64).collect::<Vec<_>>(),
        "seqs across both nodes are gap-free"
    );
    let expected: Vec<(u64, Vec<u8>)> = by_seq.into_iter().collect();
    for (node, task) in ["A", "B"].into_iter().zip(listeners) {
        let pushed = tokio::time::timeout(Duration::from_secs(60), task)
            .await
            .expect("listener finished in time")
            .expect("listener task");
        assert_eq!(
            pushed, expected,
            "node {node}: a listener gets every blob once, in seq order"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_that_missed_the_hints_catches_up_by_sequence() {
    let Some(server) = server() else { return };
    let dist = common::Dist::on_database(&server);
    let (addr_a, _a) = start_relay(dist.config()).await;
    let secret = TeamSecret::generate().expect("secret");
    let mut writer = RawClient::connect(&ws_url(addr_a)).await;
    writer.join(&secret, 0).await;
    for n in 1..=5 {
        writer
            .send(ClientFrame::Append {
                client_ref: n,
                blob: blob(0, n),
            })
            .await;
        assert!(matches!(writer.recv().await, Some(RelayFrame::Ack { .. })));
    }
    // Node B starts after the hints went out: it has heard none of them,
    // yet a device that joins through it gets everything, and then what A
    // stores next arrives live.
    let (addr_b, _b) = start_relay(dist.config()).await;
    let mut reader = RawClient::connect(&ws_url(addr_b)).await;
    let frames = reader.join(&secret, 0).await;
    let seqs: Vec<u64> = frames
        .iter()
        .filter_map(|f| match f {
            RelayFrame::Blob { seq, .. } => Some(*seq),
            _ => None,
        })
        .collect();
    assert_eq!(seqs, vec![1, 2, 3, 4, 5]);
    writer
        .send(ClientFrame::Append {
            client_ref: 6,
            blob: blob(0, 6),
        })
        .await;
    match reader.recv().await {
        Some(RelayFrame::Blob { seq: 6, blob: data }) => assert_eq!(data, blob(0, 6)),
        other => panic!("expected blob 6 live, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_room_created_on_two_nodes_at_once_keeps_the_token_stored_first() {
    let Some(server) = server() else { return };
    let dist = common::Dist::on_database(&server);
    let mut config = dist.config();
    config.limits.room_proof_bits = 6;
    let (addr_a, _a) = start_relay(config.clone()).await;
    let (addr_b, _b) = start_relay(config).await;
    let secret = TeamSecret::generate().expect("secret");
    let team = secret.derive();
    let other = TeamSecret::generate().expect("secret").derive();

    // Each node creates the room in its own memory, bound to a different token.
    let mut first = RawClient::connect(&ws_url(addr_a)).await;
    assert!(matches!(
        first.hello(team.room, team.token).await,
        Some(RelayFrame::Welcome { head: 0, .. })
    ));
    let mut squatter = RawClient::connect(&ws_url(addr_b)).await;
    assert!(matches!(
        squatter.hello(team.room, other.token).await,
        Some(RelayFrame::Welcome { head: 0, .. })
    ));

    // The first blob to commit stores the room with its token.
    first
        .send(ClientFrame::Append {
            client_ref: 1,
            blob: blob(0, 1),
        })
        .await;
    assert!(matches!(
        first.recv().await,
        Some(RelayFrame::Ack { seq: 1, .. })
    ));
    // The other node's room, bound to another token, stores nothing.
    squatter
        .send(ClientFrame::Append {
            client_ref: 1,
            blob: blob(1, 1),
        })
        .await;
    match squatter.recv().await {
        Some(RelayFrame::Error {
            code: retaguarda_core::sync::ErrorCode::Unauthorized,
            ..
        }) => {}
        other => panic!("expected Unauthorized, got {other:?}"),
    }

    // The team's own devices find only its blob, through either node.
    let frames = RawClient::connect(&ws_url(addr_b))
        .await
        .join(&secret, 0)
        .await;
    let blobs: Vec<(u64, Vec<u8>)> = frames
        .into_iter()
        .filter_map(|f| match f {
            RelayFrame::Blob { seq, blob } => Some((seq, blob)),
            _ => None,
        })
        .collect();
    assert_eq!(blobs, vec![(1, blob(0, 1))]);
    let mut late = RawClient::connect(&ws_url(addr_b)).await;
    match late.hello(team.room, other.token).await {
        Some(RelayFrame::Error {
            code: retaguarda_core::sync::ErrorCode::Unauthorized,
            ..
        }) => {}
        other => panic!("expected Unauthorized, got {other:?}"),
    }
}
