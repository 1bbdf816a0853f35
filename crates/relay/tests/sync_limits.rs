//! Limits answer with clear errors: blob size, room quota, connection count
//! and per-connection rate.

use crate::common;

use std::time::Duration;

use common::sim::{start_relay, ws_url, RawClient};
use retaguarda_core::sync::{ClientFrame, ErrorCode, RelayFrame, TeamSecret};

fn config(dist: &common::Dist) -> retaguarda_relay::Config {
    dist.config()
}

#[tokio::test]
async fn oversized_blobs_are_refused_and_the_connection_goes_on() {
    let dist = common::Dist::new();
    let mut config = config(&dist);
    config.limits.max_blob_bytes = 1024;
    let (addr, _server) = start_relay(config).await;
    let secret = TeamSecret::generate().expect("secret");
    let mut raw = RawClient::connect(&ws_url(addr)).await;
    raw.join(&secret, 0).await;
    raw.send(ClientFrame::Append {
        client_ref: 1,
        blob: vec![0; 1025],
    })
    .await;
    match raw.recv().await {
        Some(RelayFrame::Error {
            code: ErrorCode::TooLarge,
            client_ref: Some(1),
            message,
        }) => {
            assert!(message.contains("grande demais"), "{message}");
            assert!(message.contains("1024"), "{message}");
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    raw.send(ClientFrame::Append {
        client_ref: 2,
        blob: vec![0; 1024],
    })
    .await;
    assert_eq!(
        raw.recv().await,
        Some(RelayFrame::Ack {
            client_ref: 2,
            seq: 1
        })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blob_of_the_largest_size_passes_the_small_socket_buffers() {
    let dist = common::Dist::new();
    let config = config(&dist);
    let max = config.limits.max_blob_bytes;
    let (addr, _server) = start_relay(config).await;
    let url = ws_url(addr);
    let secret = TeamSecret::generate().expect("secret");
    let mut sender = RawClient::connect(&url).await;
    sender.join(&secret, 0).await;
    let mut member = RawClient::connect(&url).await;
    member.join(&secret, 0).await;
    // Bytes that differ along the whole blob, so a misplaced chunk shows.
    let blob: Vec<u8> = (0..max).map(|i| (i % 251) as u8).collect();
    sender
        .send(ClientFrame::Append {
            client_ref: 1,
            blob: blob.clone(),
        })
        .await;
    assert_eq!(
        sender.recv().await,
        Some(RelayFrame::Ack {
            client_ref: 1,
            seq: 1
        })
    );
    match member.recv().await {
        Some(RelayFrame::Blob { seq: 1, blob: got }) => assert!(got == blob, "pushed intact"),
        other => panic!(
            "expected the pushed blob, got {:?}",
            other.map(|_| "another frame")
        ),
    }
    let mut late = RawClient::connect(&url).await;
    let frames = late.join(&secret, 0).await;
    match frames.first() {
        Some(RelayFrame::Blob { seq: 1, blob: got }) => assert!(*got == blob, "caught up intact"),
        _ => panic!("expected the blob in catch-up"),
    }
}

#[tokio::test]
async fn a_full_room_refuses_changes_but_accepts_a_compacting_snapshot() {
    let dist = common::Dist::new();
    let mut config = config(&dist);
    config.limits.room_quota_bytes = 3000;
    let (addr, _server) = start_relay(config).await;
    let secret = TeamSecret::generate().expect("secret");
    let mut raw = RawClient::connect(&ws_url(addr)).await;
    raw.join(&secret, 0).await;
    for n in 1..=3u8 {
        raw.send(ClientFrame::Append {
            client_ref: u64::from(n),
            blob: vec![n; 1000],
        })
        .await;
        assert!(matches!(raw.recv().await, Some(RelayFrame::Ack { .. })));
    }
    raw.send(ClientFrame::Append {
        client_ref: 4,
        blob: vec![4; 1000],
    })
    .await;
    match raw.recv().await {
        Some(RelayFrame::Error {
            code: ErrorCode::QuotaExceeded,
            client_ref: Some(4),
            message,
        }) => {
            assert!(message.contains("espaço"), "{message}");
        }
        other => panic!("expected QuotaExceeded, got {other:?}"),
    }
    raw.send(ClientFrame::Snapshot {
        client_ref: 5,
        supersedes: 3,
        blob: vec![5; 1500],
    })
    .await;
    assert_eq!(
        raw.recv().await,
        Some(RelayFrame::Ack {
            client_ref: 5,
            seq: 4
        })
    );
    raw.send(ClientFrame::Append {
        client_ref: 4,
        blob: vec![4; 1000],
    })
    .await;
    assert_eq!(
        raw.recv().await,
        Some(RelayFrame::Ack {
            client_ref: 4,
            seq: 5
        })
    );
}

#[tokio::test]
async fn connections_beyond_the_limit_get_503() {
    let dist = common::Dist::new();
    let mut config = config(&dist);
    config.limits.max_connections = 2;
    let (addr, _server) = start_relay(config).await;
    let url = ws_url(addr);
    // Both places are held by teams (idle sockets would give theirs up).
    let mut _one = RawClient::connect(&url).await;
    _one.join(&TeamSecret::generate().expect("secret"), 0).await;
    let mut _two = RawClient::connect(&url).await;
    _two.join(&TeamSecret::generate().expect("secret"), 0).await;
    let third = tokio_tungstenite::connect_async(&url).await;
    match third {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 503);
            let body =
                String::from_utf8_lossy(response.body().as_deref().unwrap_or_default()).to_string();
            assert!(body.contains("conexões demais"), "{body}");
        }
        other => panic!("expected 503, got {:?}", other.map(|_| ())),
    }
    drop(_one);
    // The slot frees up once the first connection is gone.
    let mut ok = false;
    for _ in 0..50 {
        if tokio_tungstenite::connect_async(&url).await.is_ok() {
            ok = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(ok, "a closed connection gives its slot back");
}

#[tokio::test]
async fn a_flooding_connection_is_told_it_is_rate_limited() {
    let dist = common::Dist::new();
    let mut config = config(&dist);
    config.limits.frames_per_second = 1;
    config.limits.frame_burst = 5;
    config.limits.max_throttle = Duration::from_millis(0);
    // A quick proof, so the time it takes does not refill the bucket.
    config.limits.room_proof_bits = 4;
    let (addr, _server) = start_relay(config).await;
    let secret = TeamSecret::generate().expect("secret");
    let mut raw = RawClient::connect(&ws_url(addr)).await;
    raw.join(&secret, 0).await; // 3 frames: Hello, Proof, Sync
    for n in 1..=10u64 {
        raw.send(ClientFrame::Append {
            client_ref: n,
            blob: vec![n as u8; 300],
        })
        .await;
    }
    let mut acks = 0;
    loop {
        match raw.recv().await {
            Some(RelayFrame::Ack { .. }) => acks += 1,
            Some(RelayFrame::Error { code, message, .. }) => {
                assert_eq!(code, ErrorCode::RateLimited);
                assert!(message.contains("mensagens demais"), "{message}");
                break;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    // The burst of 5 covers Hello, Proof, Sync and 2 appends; a slow machine
    // may refill a token or two meanwhile, but never all 10.
    assert!((2..=4).contains(&acks), "{acks} acks");
    assert_eq!(raw.recv().await, None, "then the relay closes");
}

#[tokio::test]
async fn new_rooms_beyond_the_limit_are_refused_but_known_ones_open() {
    let dist = common::Dist::new();
    let mut config = config(&dist);
    config.limits.max_rooms = 1;
    let (addr, _server) = start_relay(config).await;
    let url = ws_url(addr);
    let first = TeamSecret::generate().expect("secret");
    RawClient::connect(&url).await.join(&first, 0).await;
    let second = TeamSecret::generate().expect("secret").derive();
    match RawClient::connect(&url)
        .await
        .hello(second.room, second.token)
        .await
    {
        Some(RelayFrame::Error {
            code: ErrorCode::QuotaExceeded,
            message,
            ..
        }) => {
            assert!(message.contains("novas equipes"), "{message}");
        }
        other => panic!("expected QuotaExceeded, got {other:?}"),
    }
    RawClient::connect(&url).await.join(&first, 0).await;
}
