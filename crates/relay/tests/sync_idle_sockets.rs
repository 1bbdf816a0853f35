//! Connections are cheap to refuse: a socket that never opens a room is closed after
//! the Hello deadline, one address holds only so many sockets, and sockets without a
//! room give their place to newcomers, so idle sockets never keep real phones out
//! (issue 27).

use crate::common;

use std::net::Ipv4Addr;
use std::time::Duration;

use common::sim::{metric, metrics, start_relay, ws_url, RawClient};
use futures_util::StreamExt;
use retaguarda_core::sync::{RelayFrame, TeamSecret};
use tokio_tungstenite::tungstenite::Message;

fn config(dist: &common::Dist) -> retaguarda_relay::Config {
    let mut config = dist.config();
    config.limits.room_proof_bits = 6;
    // Long enough that opening hundreds of sockets in a debug build does not race it.
    config.limits.hello_timeout = Duration::from_secs(60);
    config
}

/// Opens `n` sockets from `from` that never send Hello; returns those the relay took.
async fn idle_sockets(url: &str, from: Ipv4Addr, n: usize) -> (Vec<RawClient>, usize) {
    let mut open = Vec::new();
    let mut refused = 0;
    for _ in 0..n {
        match RawClient::connect_from(url, from).await {
            Ok(raw) => open.push(raw),
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                assert!(
                    [429, 503].contains(&response.status().as_u16()),
                    "{}",
                    response.status()
                );
                refused += 1;
            }
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    (open, refused)
}

/// A phone from `from` joins its team and gets in; it stays connected while kept.
async fn phone_joins(url: &str, from: Ipv4Addr) -> RawClient {
    let mut phone = RawClient::connect_from(url, from)
        .await
        .expect("the phone gets a connection");
    let keys = TeamSecret::generate().expect("secret").derive();
    assert!(
        matches!(
            phone.hello(keys.room, keys.token).await,
            Some(RelayFrame::Welcome { .. })
        ),
        "the phone opens its team"
    );
    phone
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_sockets_from_one_address_do_not_keep_two_real_phones_out() {
    let dist = common::Dist::new();
    let (addr, _server) = start_relay(config(&dist)).await;
    let url = ws_url(addr);
    // Each socket over the address's 64 closes that address's oldest idle one.
    let (_idle, refused) = idle_sockets(&url, Ipv4Addr::LOCALHOST, 510).await;
    assert_eq!(refused, 0);
    let text = metrics(addr).await;
    assert_eq!(metric(&text, "retaguarda_relay_connections"), 64, "{text}");
    assert_eq!(
        metric(
            &text,
            "retaguarda_relay_refusals_total{reason=\"idle_evicted\"}"
        ),
        446,
        "{text}"
    );
    let _one = phone_joins(&url, Ipv4Addr::new(127, 0, 0, 2)).await;
    let _two = phone_joins(&url, Ipv4Addr::new(127, 0, 0, 3)).await;
    // And from the idle sockets' own address (the same shop Wi-Fi), too.
    let _three = phone_joins(&url, Ipv4Addr::LOCALHOST).await;
}

#[tokio::test]
async fn an_address_whose_sockets_all_hold_teams_is_refused_with_429() {
    let dist = common::Dist::new();
    let mut config = config(&dist);
    config.limits.max_connections_per_ip = 2;
    let (addr, _server) = start_relay(config).await;
    let url = ws_url(addr);
    let mut phones = Vec::new();
    for _ in 0..2 {
        let mut phone = RawClient::connect(&url).await;
        let keys = TeamSecret::generate().expect("secret").derive();
        assert!(matches!(
            phone.hello(keys.room, keys.token).await,
            Some(RelayFrame::Welcome { .. })
        ));
        phones.push(phone);
    }
    match RawClient::connect_from(&url, Ipv4Addr::LOCALHOST).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 429);
            let body =
                String::from_utf8_lossy(response.body().as_deref().unwrap_or_default()).to_string();
            assert!(body.contains("Conexões demais"), "{body}");
        }
        other => panic!("expected 429, got {:?}", other.map(|_| ())),
    }
    let text = metrics(addr).await;
    assert_eq!(
        metric(
            &text,
            "retaguarda_relay_refusals_total{reason=\"connections_per_ip\"}"
        ),
        1,
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_relay_closes_sockets_without_a_room_to_let_phones_in() {
    let dist = common::Dist::new();
    let mut config = config(&dist);
    // As if every idle socket came from a different address, or the phones shared it.
    config.limits.max_connections_per_ip = 10_000;
    let (addr, _server) = start_relay(config).await;
    let url = ws_url(addr);
    let (mut idle, refused) = idle_sockets(&url, Ipv4Addr::LOCALHOST, 512).await;
    assert_eq!((idle.len(), refused), (512, 0), "the relay is full");
    // The phones come from the same address as the idle sockets.
    let _one = phone_joins(&url, Ipv4Addr::LOCALHOST).await;
    let _two = phone_joins(&url, Ipv4Addr::LOCALHOST).await;
    let text = metrics(addr).await;
    assert_eq!(
        metric(
            &text,
            "retaguarda_relay_refusals_total{reason=\"idle_evicted\"}"
        ),
        2,
        "{text}"
    );
    // The oldest idle socket was the one closed.
    let first = idle.first_mut().expect("socket");
    match tokio::time::timeout(Duration::from_secs(5), first.ws.next()).await {
        Ok(Some(Ok(Message::Binary(bytes)))) => {
            assert!(matches!(
                RelayFrame::decode(&bytes),
                Ok(RelayFrame::Error { .. })
            ));
        }
        Ok(Some(Ok(Message::Close(_)))) | Ok(None) | Ok(Some(Err(_))) => {}
        other => panic!("the oldest idle socket should be closed, got {other:?}"),
    }
}

#[tokio::test]
async fn a_socket_that_never_says_hello_is_closed_after_the_deadline() {
    let dist = common::Dist::new();
    let mut config = config(&dist);
    config.limits.hello_timeout = Duration::from_millis(300);
    let (addr, _server) = start_relay(config).await;
    let mut raw = RawClient::connect(&ws_url(addr)).await;
    match raw.recv().await {
        Some(RelayFrame::Error { message, .. }) => {
            assert!(message.contains("demorou"), "{message}")
        }
        other => panic!("expected the deadline's error, got {other:?}"),
    }
    assert_eq!(raw.recv().await, None, "then the relay closes");
    let text = metrics(addr).await;
    assert_eq!(
        metric(
            &text,
            "retaguarda_relay_refusals_total{reason=\"hello_timeout\"}"
        ),
        1,
        "{text}"
    );
    assert_eq!(metric(&text, "retaguarda_relay_connections"), 0, "{text}");
}

#[tokio::test]
async fn x_forwarded_for_counts_only_behind_a_trusted_proxy() {
    use axum::http::HeaderMap;
    use retaguarda_relay::admission::client_ip;
    let proxy: std::net::SocketAddr = "10.0.0.1:5000".parse().expect("addr");
    let mut headers = HeaderMap::new();
    headers.insert(
        "x-forwarded-for",
        "1.2.3.4, 203.0.113.9".parse().expect("header"),
    );
    let trusted = ["10.0.0.1".parse().expect("ip")];
    assert_eq!(
        client_ip(Some(proxy), &headers, &trusted),
        "203.0.113.9".parse::<std::net::IpAddr>().expect("ip"),
        "the address the trusted proxy saw"
    );
    assert_eq!(
        client_ip(Some(proxy), &headers, &[]),
        "10.0.0.1".parse::<std::net::IpAddr>().expect("ip"),
        "an untrusted peer cannot choose its address"
    );
}
