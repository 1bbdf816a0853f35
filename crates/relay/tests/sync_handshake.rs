//! The WebSocket handshake works with a browser's headers (which ask for
//! gzip), and non-protocol messages are refused clearly.

use crate::common;

use common::sim::{start_relay, ws_url, RawClient};
use futures_util::SinkExt;
use retaguarda_core::sync::{ErrorCode, RelayFrame, RoomId, TeamSecret, WriteToken};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

#[tokio::test]
async fn browser_like_handshake_is_not_compressed_or_broken() {
    let dist = common::Dist::new();
    let (addr, _server) = start_relay(dist.config()).await;
    let mut request = ws_url(addr).into_client_request().expect("request");
    request.headers_mut().insert(
        "accept-encoding",
        "gzip, deflate, br".parse().expect("header"),
    );
    request
        .headers_mut()
        .insert("origin", format!("http://{addr}").parse().expect("header"));
    let (ws, response) = tokio_tungstenite::connect_async(request)
        .await
        .expect("handshake");
    assert_eq!(response.status(), 101);
    assert!(response.headers().get("content-encoding").is_none());
    let mut raw = RawClient { ws };
    let frames = raw.join(&TeamSecret::generate().expect("secret"), 0).await;
    assert_eq!(frames, vec![RelayFrame::CaughtUp { head: 0 }]);
}

#[tokio::test]
async fn text_and_garbage_are_refused() {
    let dist = common::Dist::new();
    let (addr, _server) = start_relay(dist.config()).await;
    let mut raw = RawClient::connect(&ws_url(addr)).await;
    raw.ws.send(Message::text("oi")).await.expect("send");
    assert!(matches!(
        raw.recv().await,
        Some(RelayFrame::Error {
            code: ErrorCode::Malformed,
            ..
        })
    ));
    assert_eq!(raw.recv().await, None);

    let mut raw = RawClient::connect(&ws_url(addr)).await;
    raw.ws
        .send(Message::binary(vec![0x01, 0x00]))
        .await
        .expect("send");
    assert!(matches!(
        raw.recv().await,
        Some(RelayFrame::Error {
            code: ErrorCode::Malformed,
            ..
        })
    ));

    let mut raw = RawClient::connect(&ws_url(addr)).await;
    raw.send(retaguarda_core::sync::ClientFrame::Hello {
        protocol: 99,
        room: RoomId([1; 32]),
        token: WriteToken([2; 32]),
    })
    .await;
    match raw.recv().await {
        Some(RelayFrame::Error {
            code: ErrorCode::UnsupportedProtocol,
            message,
            ..
        }) => {
            assert!(message.contains("atualize"), "{message}");
        }
        other => panic!("expected UnsupportedProtocol, got {other:?}"),
    }
}

#[tokio::test]
async fn silent_connections_are_pinged_then_closed() {
    let dist = common::Dist::new();
    let mut config = dist.config();
    config.limits.heartbeat = std::time::Duration::from_millis(200);
    config.limits.heartbeat_timeout = std::time::Duration::from_millis(200);
    // A proof of work in the unoptimized build could outlast 400 ms of silence.
    config.limits.room_proof_bits = 4;
    let (addr, _server) = start_relay(config).await;
    let url = ws_url(addr);

    // A device that keeps reading answers the pings and stays connected.
    let mut alive = RawClient::connect(&url).await;
    let secret = TeamSecret::generate().expect("secret");
    alive.join(&secret, 0).await;
    let mut pings = 0;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_millis(1600);
    while tokio::time::Instant::now() < deadline {
        use futures_util::StreamExt;
        match tokio::time::timeout(std::time::Duration::from_millis(100), alive.ws.next()).await {
            Ok(Some(Ok(Message::Ping(_)))) => pings += 1,
            Ok(Some(Ok(Message::Close(_)))) | Ok(None) => panic!("closed while answering pings"),
            _ => {}
        }
    }
    assert!(pings >= 3, "{pings} pings");

    // One that never reads (so never answers) is closed.
    let mut silent = RawClient::connect(&url).await;
    silent.join(&secret, 0).await;
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    let mut closed = false;
    for _ in 0..20 {
        use futures_util::StreamExt;
        match tokio::time::timeout(std::time::Duration::from_millis(200), silent.ws.next()).await {
            Ok(Some(Ok(Message::Close(_)))) | Ok(None) | Ok(Some(Err(_))) => {
                closed = true;
                break;
            }
            _ => {}
        }
    }
    assert!(closed, "the silent connection was closed");
}
