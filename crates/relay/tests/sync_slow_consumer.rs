//! A subscriber that stops reading is dropped instead of holding back the
//! room: the others keep receiving, and /metrics shows what happened.

use crate::common;

use std::time::Duration;

use common::sim::{start_relay, ws_url, RawClient};
use retaguarda_core::sync::{ClientFrame, RelayFrame, TeamSecret};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_subscriber_does_not_stall_the_room() {
    let dist = common::Dist::new();
    let mut config = dist.config();
    config.limits.channel_capacity = 4;
    let (addr, _server) = start_relay(config).await;
    let url = ws_url(addr);
    let secret = TeamSecret::generate().expect("secret");

    let mut stalled = RawClient::connect(&url).await;
    stalled.join(&secret, 0).await;
    let mut healthy = RawClient::connect(&url).await;
    healthy.join(&secret, 0).await;
    let mut writer = RawClient::connect(&url).await;
    writer.join(&secret, 0).await;

    let blobs = 30u64;
    let reader = tokio::spawn(async move {
        let mut seqs = Vec::new();
        while seqs.len() < blobs as usize {
            match tokio::time::timeout(Duration::from_secs(20), healthy.recv()).await {
                Ok(Some(RelayFrame::Blob { seq, .. })) => seqs.push(seq),
                other => panic!("healthy subscriber got {other:?}"),
            }
        }
        seqs
    });
    for n in 1..=blobs {
        let mut blob = vec![0u8; 1024 * 1024];
        blob[..8].copy_from_slice(&n.to_be_bytes());
        writer
            .send(ClientFrame::Append {
                client_ref: n,
                blob,
            })
            .await;
        assert_eq!(
            writer.recv().await,
            Some(RelayFrame::Ack {
                client_ref: n,
                seq: n
            })
        );
    }
    let seqs = reader.await.expect("reader");
    assert_eq!(
        seqs,
        (1..=blobs).collect::<Vec<_>>(),
        "in order, none missing"
    );

    let metrics = http_get(addr, "/metrics").await;
    assert!(
        metrics.contains("retaguarda_relay_errors_total{code=\"lagged\"} 1"),
        "{metrics}"
    );
    assert!(metrics.contains("retaguarda_relay_rooms 1"), "{metrics}");
    assert!(
        metrics.contains(&format!("retaguarda_relay_blobs {blobs}")),
        "{metrics}"
    );
    assert!(
        metrics.contains(&format!("retaguarda_relay_appends_total {blobs}")),
        "{metrics}"
    );
    assert!(
        metrics.contains("retaguarda_relay_connections_total 3"),
        "{metrics}"
    );
    assert!(metrics.contains("text/plain; version=0.0.4"), "{metrics}");

    // The stalled device, reading at last, gets what was queued, then the
    // reason it was dropped, and can reconnect to catch up.
    let mut lagged = false;
    while let Some(frame) = stalled.recv().await {
        if let RelayFrame::Error { code, message, .. } = frame {
            assert_eq!(code, retaguarda_core::sync::ErrorCode::Lagged);
            assert!(message.contains("ficou para trás"), "{message}");
            lagged = true;
        }
    }
    assert!(lagged, "the stalled subscriber was told why it was dropped");
}
