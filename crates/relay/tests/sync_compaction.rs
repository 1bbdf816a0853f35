//! A snapshot lets the relay drop every blob it supersedes, and a device
//! that joins afterwards catches up from the snapshot plus what followed.

use crate::common;

use common::sim::{team_relay, RawClient, SimDevice};
use retaguarda_core::sync::{BlobKind, RelayFrame};
use retaguarda_core::{Business, Device};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_device_catches_up_from_the_snapshot_after_compaction() {
    let relay = team_relay().await;
    let (url, secret) = (relay.url.clone(), relay.secret.clone());
    let founder = Device::with_actor([1; 16], "caixa");
    let mut origin =
        Business::create(&founder, "Oficina do Zé", &common::sim::ctx()).expect("create");
    let mut a = SimDevice::new(&secret, "caixa", 1, Some(origin.fork(&founder)));
    let mut b = SimDevice::new(&secret, "celular", 2, Some(origin.fork(&founder)));
    a.snapshot();
    for n in 0..15 {
        a.add_customer(&format!("Cliente {n}"));
        b.add_receivable(&format!("Conserto {n}"), 5000 + n);
    }
    a.sync_once(&url).await;
    b.sync_once(&url).await;
    a.sync_once(&url).await;

    let store_totals = || {
        relay
            .dist
            .with_store(|store| store.totals().expect("totals"))
    };
    let before = store_totals();
    // The 15 changes each device made offline go out packed into one blob per device.
    assert_eq!(
        before.blobs, 3,
        "1 first snapshot + 1 packed blob per device"
    );

    // Device b compacts: its save stands for everything up to its cursor.
    b.connect(&url).await;
    b.settle().await;
    b.snapshot();
    b.settle().await;
    b.disconnect();
    let after = store_totals();
    assert_eq!(after.blobs, 1, "only the new snapshot is left");
    assert!(after.bytes < before.bytes, "{after:?} vs {before:?}");

    // One more change after the snapshot.
    a.add_customer("Cliente depois do resumo");
    a.sync_once(&url).await;

    // The relay now sends the snapshot and the later blob only.
    let frames = RawClient::connect(&url).await.join(&secret, 0).await;
    assert!(
        matches!(
            frames.as_slice(),
            [
                RelayFrame::SnapshotBlob { supersedes: 3, .. },
                RelayFrame::Blob { .. },
                RelayFrame::CaughtUp { .. }
            ]
        ),
        "{frames:?}"
    );

    // A brand-new device with no document joins and ends up equal.
    let mut c = SimDevice::new(&secret, "tablet", 3, None);
    c.sync_once(&url).await;
    assert_eq!(c.applied.len(), 2);
    assert_eq!(c.applied[0].1, BlobKind::Snapshot);
    a.sync_once(&url).await;
    assert_eq!(c.customer_names(), a.customer_names());
    assert_eq!(c.customer_names().len(), 16);
    assert_eq!(c.entries(), a.entries());
    assert_eq!(c.entries().len(), 15);
    assert_eq!(c.sorted_heads(), a.sorted_heads());
}

#[tokio::test]
async fn a_snapshot_claiming_the_future_is_refused() {
    let relay = team_relay().await;
    let mut raw = RawClient::connect(&relay.url).await;
    raw.join(&relay.secret, 0).await;
    raw.send(retaguarda_core::sync::ClientFrame::Snapshot {
        client_ref: 4,
        supersedes: 99,
        blob: vec![1; 300],
    })
    .await;
    match raw.recv().await {
        Some(RelayFrame::Error {
            code,
            client_ref,
            message,
        }) => {
            assert_eq!(code, retaguarda_core::sync::ErrorCode::BadSnapshot);
            assert_eq!(client_ref, Some(4));
            assert!(message.contains("99"), "{message}");
        }
        other => panic!("expected an error, got {other:?}"),
    }
}
