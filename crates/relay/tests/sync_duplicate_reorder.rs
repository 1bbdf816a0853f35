//! At-least-once, any-order delivery: applying the relay's blobs shuffled
//! and duplicated gives the same document; resending a blob after a lost ack
//! does not store it twice.

use crate::common;

use common::sim::{team_relay, RawClient, SimDevice};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use retaguarda_core::sync::{open, ClientFrame, RelayFrame};
use retaguarda_core::{Business, Device};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shuffled_and_duplicated_blobs_give_the_same_document() {
    let relay = team_relay().await;
    let (url, secret) = (relay.url.clone(), relay.secret.clone());
    let founder = Device::with_actor([1; 16], "caixa");
    let mut origin =
        Business::create(&founder, "Salão Bela Vista", &common::sim::ctx()).expect("create");
    let mut a = SimDevice::new(&secret, "caixa", 1, Some(origin.fork(&founder)));
    let mut b = SimDevice::new(&secret, "celular", 2, Some(origin.fork(&founder)));
    a.snapshot();
    for n in 0..6 {
        a.add_customer(&format!("Cliente A{n}"));
        b.add_receivable(&format!("Serviço B{n}"), 1000 + n);
        a.sync_once(&url).await;
        b.sync_once(&url).await;
    }
    a.sync_once(&url).await;
    let expected_names = a.customer_names();
    let expected_entries = a.entries();
    let expected_heads = a.sorted_heads();
    assert_eq!(expected_names.len(), 6);
    assert_eq!(expected_entries.len(), 6);

    // Everything the relay holds, opened with the team key.
    let mut raw = RawClient::connect(&url).await;
    let frames = raw.join(&secret, 0).await;
    let keys = secret.derive();
    let payloads: Vec<Vec<u8>> = frames
        .iter()
        .filter_map(|f| match f {
            RelayFrame::Blob { blob, .. } | RelayFrame::SnapshotBlob { blob, .. } => {
                Some(open(&keys, blob).expect("open").payload)
            }
            _ => None,
        })
        .collect();
    assert_eq!(payloads.len(), 13, "1 snapshot + 12 change blobs");

    let mut rng = StdRng::seed_from_u64(42);
    for round in 0..5 {
        // The snapshot carries the document root, so it must come first for
        // `Business::load`; everything after it is shuffled and doubled.
        let mut rest: Vec<Vec<u8>> = payloads[1..].to_vec();
        rest.extend(payloads[1..].iter().step_by(2).cloned());
        rest.shuffle(&mut rng);
        let device = Device::with_actor([9; 16], "novo");
        let mut doc = Business::load(&payloads[0], &device).expect("load snapshot");
        for payload in &rest {
            doc.load_incremental(payload).expect("apply");
        }
        // The snapshot again, late: still nothing changes.
        doc.load_incremental(&payloads[0])
            .expect("apply snapshot again");
        let mut names: Vec<String> = doc
            .customers()
            .expect("customers")
            .into_iter()
            .map(|(_, p)| p.name)
            .collect();
        names.sort();
        let mut entries: Vec<_> = doc
            .entries()
            .expect("entries")
            .into_iter()
            .map(|(_, e)| (e.description, e.amount))
            .collect();
        entries.sort();
        let mut heads: Vec<String> = doc.heads().iter().map(|h| h.to_string()).collect();
        heads.sort();
        assert_eq!(names, expected_names, "round {round}");
        assert_eq!(entries, expected_entries, "round {round}");
        assert_eq!(heads, expected_heads, "round {round}");
    }
}

#[tokio::test]
async fn a_resent_blob_keeps_its_sequence_number() {
    let relay = team_relay().await;
    let (url, secret) = (relay.url.clone(), relay.secret.clone());
    let mut raw = RawClient::connect(&url).await;
    raw.join(&secret, 0).await;
    let keys = secret.derive();
    let blob = retaguarda_core::sync::seal(
        &keys,
        &retaguarda_core::sync::DeviceId([1; 16]),
        retaguarda_core::sync::BlobKind::Changes,
        b"venda",
    )
    .expect("seal");
    raw.send(ClientFrame::Append {
        client_ref: 1,
        blob: blob.clone(),
    })
    .await;
    assert_eq!(
        raw.recv().await,
        Some(RelayFrame::Ack {
            client_ref: 1,
            seq: 1
        })
    );
    // The ack was "lost": the device resends the same sealed bytes.
    let mut again = RawClient::connect(&url).await;
    again.join(&secret, 0).await;
    again
        .send(ClientFrame::Append {
            client_ref: 1,
            blob,
        })
        .await;
    assert_eq!(
        again.recv().await,
        Some(RelayFrame::Ack {
            client_ref: 1,
            seq: 1
        })
    );
    let frames = RawClient::connect(&url).await.join(&secret, 0).await;
    assert_eq!(frames.len(), 2, "one blob and CaughtUp: {frames:?}");
}
