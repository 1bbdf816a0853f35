//! Group commit: many connections in many rooms append at once, so the
//! writer commits their blobs in shared transactions. Every blob is
//! acknowledged once, each room's sequence numbers are 1..=n with no gap or
//! repeat, resends keep their first number, pushes arrive in order, and all
//! of it is still there after the store is reopened.

use crate::common;

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use common::sim::{start_relay, ws_url, RawClient};
use retaguarda_core::sync::{ClientFrame, RelayFrame, TeamSecret};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const ROOMS: usize = 8;
const SENDERS: usize = 4;
const BLOBS: u64 = 25;

fn blob(room: usize, sender: usize, n: u64) -> Vec<u8> {
    format!("room {room} sender {sender} blob {n}").into_bytes()
}

/// What one sender saw: `(client_ref, seq)` of each ack, in arrival order.
type Acks = Vec<(u64, u64)>;

async fn sender(url: String, secret: TeamSecret, room: usize, sender: usize) -> Acks {
    let mut client = RawClient::connect(&url).await;
    // Half the senders subscribe (their acks go through the push queue),
    // half only say hello (their acks are sent directly).
    if sender.is_multiple_of(2) {
        client.join(&secret, 0).await;
    } else {
        let keys = secret.derive();
        let welcome = client.hello(keys.room, keys.token).await;
        assert!(matches!(welcome, Some(RelayFrame::Welcome { .. })));
    }
    // Every blob is sent before any ack is read, then the first one again,
    // so appends from all connections are queued together.
    for n in 1..=BLOBS {
        client
            .send(ClientFrame::Append {
                client_ref: n,
                blob: blob(room, sender, n),
            })
            .await;
    }
    client
        .send(ClientFrame::Append {
            client_ref: BLOBS + 1,
            blob: blob(room, sender, 1),
        })
        .await;
    let mut acks = Vec::new();
    while acks.len() < BLOBS as usize + 1 {
        match client.recv().await {
            Some(RelayFrame::Ack { client_ref, seq }) => acks.push((client_ref, seq)),
            Some(RelayFrame::Blob { .. }) => {}
            other => panic!("room {room} sender {sender}: unexpected {other:?}"),
        }
    }
    acks
}

async fn http_get(addr: std::net::SocketAddr, path: &str) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await
        .expect("write");
    let mut out = String::new();
    stream.read_to_string(&mut out).await.expect("read");
    out
}

/// A member that only listens: the seqs pushed to it, in arrival order.
async fn listener(mut client: RawClient, total: usize) -> Vec<(u64, Vec<u8>)> {
    let mut pushed = Vec::new();
    while pushed.len() < total {
        match client.recv().await {
            Some(RelayFrame::Blob { seq, blob }) => pushed.push((seq, blob)),
            other => panic!("listener: unexpected {other:?}"),
        }
    }
    pushed
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_appends_across_rooms_are_acked_gap_free_and_durable() {
    let dist = common::Dist::new();
    let mut config = dist.config();
    config.limits.frames_per_second = 10_000;
    config.limits.frame_burst = 10_000;
    // Eight rooms from one address make each proof of work harder; the unoptimized test
    // build would spend longer on the last ones than a listener waits for a push.
    config.limits.room_proof_bits = 8;
    let (addr, server) = start_relay(config).await;
    let url = ws_url(addr);
    let secrets: Vec<TeamSecret> = (0..ROOMS)
        .map(|_| TeamSecret::generate().expect("secret"))
        .collect();
    let total = SENDERS * BLOBS as usize;

    let mut listeners = Vec::new();
    for secret in &secrets {
        let mut client = RawClient::connect(&url).await;
        client.join(secret, 0).await;
        listeners.push(tokio::spawn(listener(client, total)));
    }
    let mut senders = Vec::new();
    for (room, secret) in secrets.iter().enumerate() {
        for s in 0..SENDERS {
            senders.push((
                room,
                s,
                tokio::spawn(sender(url.clone(), secret.clone(), room, s)),
            ));
        }
    }

    // Per room: which blob got which seq, from the acks.
    let mut by_seq: Vec<BTreeMap<u64, Vec<u8>>> = vec![BTreeMap::new(); ROOMS];
    for (room, s, task) in senders {
        let acks = tokio::time::timeout(Duration::from_secs(60), task)
            .await
            .expect("sender finished in time")
            .expect("sender task");
        let refs: Vec<u64> = acks.iter().map(|(r, _)| *r).collect();
        assert_eq!(
            refs,
            (1..=BLOBS + 1).collect::<Vec<_>>(),
            "room {room} sender {s}: one ack per blob, in the order sent"
        );
        let seqs: HashMap<u64, u64> = acks.iter().copied().collect();
        assert!(
            acks[..BLOBS as usize].windows(2).all(|w| w[0].1 < w[1].1),
            "room {room} sender {s}: own blobs get increasing seqs: {acks:?}"
        );
        assert_eq!(
            seqs[&(BLOBS + 1)],
            seqs[&1],
            "room {room} sender {s}: the resend keeps its first seq"
        );
        for n in 1..=BLOBS {
            let previous = by_seq[room].insert(seqs[&n], blob(room, s, n));
            assert!(
                previous.is_none(),
                "room {room}: seq {} handed out twice",
                seqs[&n]
            );
        }
    }
    for (room, seqs) in by_seq.iter().enumerate() {
        assert_eq!(
            seqs.keys().copied().collect::<Vec<_>>(),
            (1..=total as u64).collect::<Vec<_>>(),
            "room {room}: acked seqs are gap-free"
        );
    }
    for (room, task) in listeners.into_iter().enumerate() {
        let pushed = tokio::time::timeout(Duration::from_secs(60), task)
            .await
            .expect("listener finished in time")
            .expect("listener task");
        let expected: Vec<(u64, Vec<u8>)> = by_seq[room]
            .iter()
            .map(|(seq, data)| (*seq, data.clone()))
            .collect();
        assert_eq!(
            pushed, expected,
            "room {room}: a listener gets every blob once, in seq order"
        );
    }

    // The appends shared transactions: fewer commits than blobs.
    let metrics = http_get(addr, "/metrics").await;
    let counter = |name: &str| -> u64 {
        metrics
            .lines()
            .find_map(|l| l.strip_prefix(name)?.trim().parse().ok())
            .unwrap_or_else(|| panic!("{name} in {metrics}"))
    };
    let (appends, commits) = (
        counter("retaguarda_relay_appends_total "),
        counter("retaguarda_relay_commits_total "),
    );
    assert_eq!(appends, (ROOMS * total) as u64);
    assert!(
        commits < appends,
        "{commits} commits for {appends} appends: nothing was grouped"
    );

    // Everything acknowledged is in the database once the relay is gone.
    server.abort();
    let _ = server.await;
    let secrets = &secrets;
    let by_seq = &by_seq;
    dist.with_store(move |store| {
        for (room, secret) in secrets.iter().enumerate() {
            let id = secret.derive().room.0;
            let row = store.room(&id).expect("room").expect("room exists");
            assert_eq!(row.head, total as u64, "room {room}: head after reopen");
            assert_eq!(row.blobs, total as u64, "room {room}: blobs after reopen");
            let rows = store
                .read_after(&id, 0, row.head, usize::MAX)
                .expect("read");
            let stored: Vec<(u64, Vec<u8>)> = rows.into_iter().map(|r| (r.seq, r.data)).collect();
            let expected: Vec<(u64, Vec<u8>)> = by_seq[room]
                .iter()
                .map(|(seq, data)| (*seq, data.clone()))
                .collect();
            assert_eq!(stored, expected, "room {room}: stored blobs after reopen");
        }
        let totals = store.totals().expect("totals");
        assert_eq!(
            (totals.rooms, totals.blobs),
            (ROOMS as u64, (ROOMS * total) as u64)
        );
    });
}
