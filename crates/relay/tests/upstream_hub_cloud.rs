//! A hub relay with `--upstream` and a cloud relay, both in process: blobs a
//! device pushes through the hub while the cloud is down reach a device that
//! only talks to the cloud once it comes up, each exactly once; the cloud's
//! blobs come down to the hub; a blob pushed to both ends is stored once at
//! each; and neither store holds plaintext. Runs on PostgreSQL too
//! (`RETAGUARDA_TEST_STORE=postgres`), each relay on its own database.

use std::net::SocketAddr;
use std::time::Duration;

use crate::common;

use common::sim::{contains, metric, metrics, start_relay, ws_url, RawClient, SimDevice};
use common::Dist;
use retaguarda_core::sync::{ClientFrame, RelayFrame, TeamSecret};
use retaguarda_core::{Business, Device};

/// A free port on loopback, for a cloud that starts later.
fn free_addr() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr")
}

/// Starts a relay in process on `addr`.
async fn serve_on(
    addr: SocketAddr,
    config: retaguarda_relay::Config,
) -> tokio::task::JoinHandle<()> {
    let router = retaguarda_relay::app(config).expect("relay app");
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .expect("bind the cloud's port");
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await;
    })
}

/// A hub relay forwarding to the cloud at `cloud`.
async fn hub_for(cloud: SocketAddr) -> (Dist, String, tokio::task::JoinHandle<()>) {
    let dist = Dist::new();
    let mut config = dist.config();
    config.upstream = Some(ws_url(cloud));
    let (addr, task) = start_relay(config).await;
    (dist, ws_url(addr), task)
}

/// Every stored blob of `secret`'s room.
fn stored_blobs(dist: &Dist, secret: &TeamSecret) -> Vec<Vec<u8>> {
    let room = secret.derive().room.0;
    dist.with_store(move |store| {
        store
            .read_after(&room, 0, u64::MAX, usize::MAX)
            .expect("read")
            .into_iter()
            .map(|row| row.data)
            .collect()
    })
}

fn assert_no_duplicates(blobs: &[Vec<u8>], what: &str) {
    let mut sorted = blobs.to_vec();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), blobs.len(), "{what} holds a blob twice");
}

/// Pumps `device` until it applied `count` payloads (or 30 s pass).
async fn pump_until(device: &mut SimDevice, count: usize) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while device.applied.len() < count && tokio::time::Instant::now() < deadline {
        device.flush().await;
        device.pump(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blobs_pushed_through_the_hub_while_the_cloud_is_down_reach_the_cloud_once() {
    let cloud_addr = free_addr();
    let (hub_dist, hub_url, _hub) = hub_for(cloud_addr).await;
    let secret = TeamSecret::generate().expect("secret");
    let founder = Device::with_actor([1; 16], "caixa");
    let origin =
        Business::create(&founder, "Padaria Pão de Ló", &common::sim::ctx()).expect("create");
    let mut a = SimDevice::new(&secret, "caixa", 1, Some(origin));
    a.snapshot();
    for name in ["Filisbina Arantes", "Odorico Paraguaçu"] {
        a.add_customer(name);
    }
    // The internet is down: the hub keeps everything, the cloud has nothing.
    a.connect(&hub_url).await;
    a.settle().await;
    assert_eq!(a.client.pending(), 0, "the hub stored A's blobs");
    // A's client packs changes made offline together: count what the hub holds.
    let expected = stored_blobs(&hub_dist, &secret).len();
    assert!(expected >= 2, "a snapshot and changes");

    // The cloud comes up; the hub finds it on its next try.
    let cloud_dist = Dist::new();
    let _cloud = serve_on(cloud_addr, cloud_dist.config()).await;
    let cloud_url = ws_url(cloud_addr);
    let mut c = SimDevice::new(&secret, "escritório", 3, None);
    c.connect(&cloud_url).await;
    pump_until(&mut c, expected).await;
    assert_eq!(
        c.applied.len(),
        expected,
        "C got the snapshot and each change exactly once: {:?}",
        c.applied
            .iter()
            .map(|(seq, kind, _)| (seq, kind))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        c.customer_names(),
        vec!["Filisbina Arantes", "Odorico Paraguaçu"]
    );
    let mut payloads: Vec<&Vec<u8>> = c.applied.iter().map(|(_, _, p)| p).collect();
    payloads.sort();
    payloads.dedup();
    assert_eq!(payloads.len(), expected, "no payload applied twice on C");

    // Both ways while both are up: A's next change goes up live, C's comes down.
    a.add_customer("Zeca Diabo");
    a.flush().await;
    pump_until(&mut c, expected + 1).await;
    assert!(c.customer_names().contains(&"Zeca Diabo".to_string()));
    c.add_customer("Dirceu Borboleta");
    c.settle().await;
    let before = a.applied.len();
    pump_until(&mut a, before + 1).await;
    assert!(
        a.customer_names().contains(&"Dirceu Borboleta".to_string()),
        "C's change came down from the cloud to A on the hub"
    );
    // Nothing more arrives on C: its own change is not sent back to it.
    let settled = c.applied.len();
    c.pump(Duration::from_millis(500)).await;
    assert_eq!(c.applied.len(), settled);

    // The hub's /metrics: one room live with the cloud, what went each way.
    let hub_addr: SocketAddr = hub_url
        .trim_start_matches("ws://")
        .trim_end_matches("/v1/sync")
        .parse()
        .expect("hub address");
    let text = metrics(hub_addr).await;
    assert_eq!(
        metric(&text, "retaguarda_relay_upstream_rooms_live"),
        1,
        "{text}"
    );
    assert_eq!(
        metric(&text, "retaguarda_relay_upstream_pushed_total"),
        expected as u64 + 1,
        "{text}"
    );
    assert_eq!(
        metric(&text, "retaguarda_relay_upstream_pulled_total"),
        1,
        "{text}"
    );

    // Each store holds each blob once, and only ciphertext.
    let at_cloud = stored_blobs(&cloud_dist, &secret);
    let at_hub = stored_blobs(&hub_dist, &secret);
    assert_eq!(at_cloud.len(), expected + 2, "A's blobs and C's, once each");
    assert_no_duplicates(&at_cloud, "the cloud");
    assert_no_duplicates(&at_hub, "the hub");
    let mut a_sorted = at_hub.clone();
    a_sorted.sort();
    let mut c_sorted = at_cloud.clone();
    c_sorted.sort();
    assert_eq!(a_sorted, c_sorted, "both places hold the same blobs");
    for (path, bytes) in hub_dist
        .stored_bytes()
        .iter()
        .chain(cloud_dist.stored_bytes().iter())
    {
        for name in [
            "Filisbina Arantes",
            "Zeca Diabo",
            "Dirceu Borboleta",
            "Pão de Ló",
        ] {
            assert!(
                !contains(bytes, name.as_bytes()),
                "{path} holds {name} in plaintext"
            );
        }
    }
}

/// Appends `blob` and waits for its ack.
async fn append(client: &mut RawClient, client_ref: u64, blob: &[u8]) {
    client
        .send(ClientFrame::Append {
            client_ref,
            blob: blob.to_vec(),
        })
        .await;
    loop {
        match client.recv().await.expect("an answer") {
            RelayFrame::Ack { client_ref: r, .. } if r == client_ref => return,
            RelayFrame::Error { message, .. } => panic!("{message}"),
            _ => {}
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blob_pushed_to_both_ends_is_stored_once() {
    let cloud_dist = Dist::new();
    let (cloud_addr, _cloud) = start_relay(cloud_dist.config()).await;
    let (hub_dist, hub_url, _hub) = hub_for(cloud_addr).await;
    let cloud_url = ws_url(cloud_addr);
    let secret = TeamSecret::generate().expect("secret");
    let both = b"selado: enviado ao hub e a nuvem".to_vec();
    let only_hub = b"selado: so pelo hub".to_vec();

    let mut at_hub = RawClient::connect(&hub_url).await;
    at_hub.join(&secret, 0).await;
    let mut at_cloud = RawClient::connect(&cloud_url).await;
    at_cloud.join(&secret, 0).await;
    append(&mut at_hub, 1, &both).await;
    append(&mut at_cloud, 1, &both).await;
    append(&mut at_hub, 2, &only_hub).await;

    // The hub's own blob reaches the cloud.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while !stored_blobs(&cloud_dist, &secret).contains(&only_hub) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the hub never forwarded its blob"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Time for any echo the forwarding might wrongly make.
    tokio::time::sleep(Duration::from_millis(500)).await;
    for (place, dist) in [("cloud", &cloud_dist), ("hub", &hub_dist)] {
        let mut blobs = stored_blobs(dist, &secret);
        blobs.sort();
        let mut expected = vec![both.clone(), only_hub.clone()];
        expected.sort();
        assert_eq!(blobs, expected, "the {place} stores each blob once");
    }

    // A device that only reaches the cloud gets each once.
    let mut late = RawClient::connect(&cloud_url).await;
    let frames = late.join(&secret, 0).await;
    let blobs: Vec<Vec<u8>> = frames
        .into_iter()
        .filter_map(|f| match f {
            RelayFrame::Blob { blob, .. } => Some(blob),
            _ => None,
        })
        .collect();
    assert_eq!(blobs.len(), 2, "{blobs:?}");
    assert!(blobs.contains(&both) && blobs.contains(&only_hub));
}

/// The cloud relay is reached over `wss://` in production: the relay is built
/// with TLS (rustls on ring), so a `wss://` address gets as far as a TLS
/// handshake (refused here by a server that speaks no TLS) instead of
/// "TLS support not compiled in", and no crypto provider is missing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wss_addresses_are_reached_with_tls() {
    use tokio_tungstenite::tungstenite::error::{Error, UrlError};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move {
        // Takes the connection and hangs up without a TLS answer.
        if let Ok((socket, _)) = listener.accept().await {
            drop(socket);
        }
    });
    let result = tokio_tungstenite::connect_async(format!("wss://{addr}/v1/sync")).await;
    let err = result.expect_err("no TLS server there");
    assert!(
        !matches!(err, Error::Url(UrlError::TlsFeatureNotEnabled)),
        "the relay must be built with TLS for wss:// upstreams"
    );
    assert!(
        matches!(err, Error::Io(_) | Error::Tls(_)),
        "a failed handshake, got {err:?}"
    );
    let _ = server.await;
    assert!(retaguarda_relay::upstream::valid_url(
        "wss://relay.exemplo.com.br/v1/sync"
    ));
    assert!(!retaguarda_relay::upstream::valid_url(
        "https://relay.exemplo.com.br"
    ));
}

/// Sends `blobs` as appends without waiting, then waits for every ack.
async fn append_all(client: &mut RawClient, blobs: &[Vec<u8>]) {
    for (i, blob) in blobs.iter().enumerate() {
        client
            .send(ClientFrame::Append {
                client_ref: i as u64 + 1,
                blob: blob.clone(),
            })
            .await;
    }
    let mut acked = 0;
    while acked < blobs.len() {
        match client.recv().await.expect("an ack") {
            RelayFrame::Ack { .. } => acked += 1,
            RelayFrame::Error { message, .. } => panic!("{message}"),
            _ => {}
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundreds_of_blobs_cross_both_ways_in_order() {
    const EACH: usize = 150;
    let cloud_dist = Dist::new();
    let (cloud_addr, _cloud) = start_relay(cloud_dist.config()).await;
    let (hub_dist, hub_url, _hub) = hub_for(cloud_addr).await;
    let secret = TeamSecret::generate().expect("secret");
    let up: Vec<Vec<u8>> = (0..EACH)
        .map(|i| format!("do hub {i:04}").into_bytes())
        .collect();
    let down: Vec<Vec<u8>> = (0..EACH)
        .map(|i| format!("da nuvem {i:04}").into_bytes())
        .collect();
    // The cloud has its blobs before the hub opens the room.
    let mut at_cloud = RawClient::connect(&ws_url(cloud_addr)).await;
    at_cloud.join(&secret, 0).await;
    append_all(&mut at_cloud, &down).await;
    let mut at_hub = RawClient::connect(&hub_url).await;
    at_hub.join(&secret, 0).await;
    append_all(&mut at_hub, &up).await;

    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let (hub, cloud) = (
            stored_blobs(&hub_dist, &secret),
            stored_blobs(&cloud_dist, &secret),
        );
        if hub.len() == 2 * EACH && cloud.len() == 2 * EACH {
            for (place, blobs) in [("hub", &hub), ("cloud", &cloud)] {
                assert_no_duplicates(blobs, place);
                // Each side's blobs keep their order at the other place.
                let ups: Vec<&Vec<u8>> =
                    blobs.iter().filter(|b| b.starts_with(b"do hub")).collect();
                let downs: Vec<&Vec<u8>> = blobs
                    .iter()
                    .filter(|b| b.starts_with(b"da nuvem"))
                    .collect();
                assert_eq!(ups, up.iter().collect::<Vec<_>>(), "{place}");
                assert_eq!(downs, down.iter().collect::<Vec<_>>(), "{place}");
            }
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "hub {} and cloud {} of {}",
            hub.len(),
            cloud.len(),
            2 * EACH
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_room_retired_at_the_hub_is_retired_at_the_cloud_after_its_last_blob() {
    let cloud_dist = Dist::new();
    let (cloud_addr, _cloud) = start_relay(cloud_dist.config()).await;
    let (_hub_dist, hub_url, _hub) = hub_for(cloud_addr).await;
    let secret = TeamSecret::generate().expect("secret");
    let last = b"selado: para onde a equipe foi".to_vec();
    let mut device = RawClient::connect(&hub_url).await;
    device.join(&secret, 0).await;
    append(&mut device, 1, &last).await;
    device.send(ClientFrame::Retire).await;

    // The cloud gets the last blob, then refuses writes to the old room.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let refused = loop {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the cloud never retired the room"
        );
        let mut other = RawClient::connect(&ws_url(cloud_addr)).await;
        other.join(&secret, 0).await;
        other
            .send(ClientFrame::Append {
                client_ref: 7,
                blob: b"selado: depois da troca".to_vec(),
            })
            .await;
        // Pushes of the forwarded blob may come first.
        let answer = loop {
            let frame = other.recv().await.expect("an answer");
            if let RelayFrame::Error { .. } | RelayFrame::Ack { .. } = frame {
                break frame;
            }
        };
        match answer {
            RelayFrame::Error { code, message, .. } => break (code, message),
            // Not retired yet: try again.
            _ => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    };
    assert_eq!(
        refused.0,
        retaguarda_core::sync::ErrorCode::Retired,
        "{}",
        refused.1
    );
    let stored = stored_blobs(&cloud_dist, &secret);
    assert!(
        stored.contains(&last),
        "the last blob went up before the Retire"
    );
}
