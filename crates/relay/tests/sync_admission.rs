//! Admission costs something: a new room takes a proof of work and an address creates
//! only so many per hour, rooms that never get a blob are forgotten, and none of it
//! ever stands in the way of a real team (issue 27).

use crate::common;

use std::net::Ipv4Addr;
use std::time::Duration;

use common::sim::{metric, metrics, start_relay, ws_url, RawClient};
use retaguarda_core::sync::{ClientFrame, ErrorCode, RelayFrame, TeamSecret};

fn config(dist: &common::Dist) -> retaguarda_relay::Config {
    let mut config = dist.config();
    // Cheap proofs keep the unoptimized test build quick; the cost is the same shape.
    config.limits.room_proof_bits = 6;
    config
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_random_rooms_from_one_address_does_not_stop_a_real_team() {
    let dist = common::Dist::new();
    let (addr, _server) = start_relay(config(&dist)).await;
    let url = ws_url(addr);

    // 10,000 Hellos with random rooms and tokens from 127.0.0.1, 50 at a time.
    let mut created = 0u32;
    let mut refused = 0u32;
    for _ in 0..200 {
        let wave = (0..50).map(|_| {
            let url = url.clone();
            tokio::spawn(async move {
                let Ok(mut raw) = RawClient::connect_from(&url, Ipv4Addr::LOCALHOST).await else {
                    return None;
                };
                let keys = TeamSecret::generate().expect("secret").derive();
                Some(raw.hello(keys.room, keys.token).await)
            })
        });
        for task in wave.collect::<Vec<_>>() {
            match task.await.expect("task") {
                Some(Some(RelayFrame::Welcome { .. })) => created += 1,
                Some(Some(RelayFrame::Error { code, message, .. })) => {
                    assert_eq!(code, ErrorCode::RateLimited, "{message}");
                    assert!(message.contains("tente de novo mais tarde"), "{message}");
                    refused += 1;
                }
                // Refused before the upgrade (connections from one address).
                None => refused += 1,
                other => panic!("unexpected answer {other:?}"),
            }
        }
    }
    assert_eq!(created + refused, 10_000);
    assert!(
        created <= 20,
        "one address creates at most 20 rooms an hour, got {created}"
    );

    // A moment later a real shop, on another address, creates its team and stores data.
    let shop = TeamSecret::generate().expect("secret");
    let keys = shop.derive();
    let mut phone = RawClient::connect_from(&url, Ipv4Addr::new(127, 0, 0, 2))
        .await
        .expect("the shop's phone connects");
    assert!(matches!(
        phone.hello(keys.room, keys.token).await,
        Some(RelayFrame::Welcome { head: 0, .. })
    ));
    phone.send(ClientFrame::Sync { since: 0 }).await;
    assert_eq!(phone.recv().await, Some(RelayFrame::CaughtUp { head: 0 }));
    phone
        .send(ClientFrame::Snapshot {
            client_ref: 1,
            supersedes: 0,
            blob: vec![7; 300],
        })
        .await;
    assert_eq!(
        phone.recv().await,
        Some(RelayFrame::Ack {
            client_ref: 1,
            seq: 1
        })
    );

    // Only the shop's room is stored: the burst's rooms never got a blob.
    let text = metrics(addr).await;
    assert_eq!(metric(&text, "retaguarda_relay_rooms"), 1, "{text}");
    assert!(
        metric(
            &text,
            "retaguarda_relay_refusals_total{reason=\"room_rate\"}"
        ) > 0,
        "{text}"
    );
}

#[tokio::test]
async fn a_new_room_needs_a_valid_proof() {
    let dist = common::Dist::new();
    let mut config = config(&dist);
    config.limits.room_proof_bits = 12;
    let (addr, _server) = start_relay(config).await;
    let keys = TeamSecret::generate().expect("secret").derive();
    let mut raw = RawClient::connect(&ws_url(addr)).await;
    raw.send(ClientFrame::Hello {
        protocol: retaguarda_core::sync::PROTOCOL_VERSION,
        room: keys.room,
        token: keys.token,
    })
    .await;
    let Some(RelayFrame::Challenge(challenge)) = raw.recv().await else {
        panic!("a new room is challenged");
    };
    assert_eq!(challenge.bits, 12);
    let wrong = (0..)
        .find(|n| !challenge.verify(&keys.room, *n))
        .expect("a wrong nonce");
    raw.send(ClientFrame::Proof { nonce: wrong }).await;
    match raw.recv().await {
        Some(RelayFrame::Error {
            code: ErrorCode::Malformed,
            message,
            ..
        }) => assert!(message.contains("prova"), "{message}"),
        other => panic!("expected the proof refused, got {other:?}"),
    }
    // Each room this address creates makes the next proof one bit harder.
    let mut bits = Vec::new();
    for _ in 0..3 {
        let keys = TeamSecret::generate().expect("secret").derive();
        let mut raw = RawClient::connect(&ws_url(addr)).await;
        raw.send(ClientFrame::Hello {
            protocol: retaguarda_core::sync::PROTOCOL_VERSION,
            room: keys.room,
            token: keys.token,
        })
        .await;
        let Some(RelayFrame::Challenge(challenge)) = raw.recv().await else {
            panic!("challenged");
        };
        bits.push(challenge.bits);
        let nonce = challenge.solve(&keys.room).expect("solvable");
        raw.send(ClientFrame::Proof { nonce }).await;
        assert!(matches!(raw.recv().await, Some(RelayFrame::Welcome { .. })));
    }
    assert_eq!(bits, vec![12, 13, 14]);
}

#[tokio::test]
async fn rooms_that_never_get_a_blob_are_forgotten() {
    let dist = common::Dist::new();
    // An older relay stored a room at its first Hello: an empty one is dropped at start.
    dist.with_store(|store| store.create_room(&[9; 32], &[1; 32]).expect("room"));
    let mut config = config(&dist);
    config.limits.empty_room_ttl = Duration::from_millis(300);
    let (addr, _server) = start_relay(config).await;
    let url = ws_url(addr);
    assert_eq!(metric(&metrics(addr).await, "retaguarda_relay_rooms"), 0);

    // A room created but never written to binds its token only until it expires.
    let keys = TeamSecret::generate().expect("secret").derive();
    let mut first = RawClient::connect(&url).await;
    assert!(matches!(
        first.hello(keys.room, keys.token).await,
        Some(RelayFrame::Welcome { .. })
    ));
    let other = TeamSecret::generate().expect("secret").derive();
    let mut squatter = RawClient::connect(&url).await;
    assert!(matches!(
        squatter.hello(keys.room, other.token).await,
        Some(RelayFrame::Error {
            code: ErrorCode::Unauthorized,
            ..
        })
    ));
    tokio::time::sleep(Duration::from_millis(400)).await;
    let mut later = RawClient::connect(&url).await;
    assert!(
        matches!(
            later.hello(keys.room, other.token).await,
            Some(RelayFrame::Welcome { .. })
        ),
        "the expired room is free again"
    );
    let text = metrics(addr).await;
    assert_eq!(metric(&text, "retaguarda_relay_rooms"), 0, "{text}");
    assert!(
        metric(
            &text,
            "retaguarda_relay_refusals_total{reason=\"empty_room_expired\"}"
        ) >= 1,
        "{text}"
    );
}
