//! The relay binary killed (SIGKILL) in the middle of a run and restarted on
//! the same data folder (or database) loses no blob it had acknowledged.

use crate::common;

use common::process::RelayProcess;
use common::sim::{RawClient, SimDevice};
use retaguarda_core::sync::{RelayFrame, TeamSecret};
use retaguarda_core::{Business, Device};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_relay_keeps_every_acknowledged_blob() {
    let dist = common::Dist::new();
    let secret = TeamSecret::generate().expect("secret");
    let founder = Device::with_actor([1; 16], "caixa");
    let mut origin =
        Business::create(&founder, "Lanchonete Fim de Tarde", &common::sim::ctx()).expect("create");
    let mut a = SimDevice::new(&secret, "caixa", 1, Some(origin.fork(&founder)));
    a.snapshot();
    let per_round = 30;
    let total = per_round * 2;
    // Which customer each outbox entry carries, to check acknowledged ones by content.
    let mut names_by_ref = std::collections::HashMap::new();

    for (kill_round, stop_after_acks) in [(0, 8usize), (1, 20)] {
        let relay = RelayProcess::start(&dist);
        a.connect(&relay.url).await;
        // Changes made once connected go out one blob each (only what waited offline is
        // packed), so the kill below lands in the middle of a stream of appends.
        for n in kill_round * per_round..(kill_round + 1) * per_round {
            let name = format!("Cliente {n:03}");
            a.add_customer(&name);
            let entry = a.client.state().outbox.last().expect("queued");
            names_by_ref.insert(entry.client_ref, name);
        }
        let acked_before = a.acked.len();
        while a.acked.len() < acked_before + stop_after_acks && a.client.pending() > 0 {
            assert!(
                a.pump(std::time::Duration::from_secs(5)).await,
                "relay stopped answering"
            );
        }
        relay.kill();
        a.disconnect();
        assert!(
            a.client.pending() > 0,
            "round {kill_round}: the kill came mid-run"
        );

        // A fresh device reads the restarted relay before `a` comes back:
        // every acknowledged blob is there, and so is every customer it carried.
        let relay = RelayProcess::start(&dist);
        let frames = RawClient::connect(&relay.url).await.join(&secret, 0).await;
        let stored: std::collections::BTreeSet<u64> = frames
            .iter()
            .filter_map(|f| match f {
                RelayFrame::Blob { seq, .. } | RelayFrame::SnapshotBlob { seq, .. } => Some(*seq),
                _ => None,
            })
            .collect();
        let mut c = SimDevice::new(&secret, "tablet", 3, None);
        c.sync_once(&relay.url).await;
        let names = c.customer_names();
        for (client_ref, seq) in &a.acked {
            assert!(
                stored.contains(seq),
                "round {kill_round}: acknowledged seq {seq} lost"
            );
            if let Some(name) = names_by_ref.get(client_ref) {
                assert!(
                    names.contains(name),
                    "round {kill_round}: acknowledged {name} lost"
                );
            }
        }
        drop(relay);
    }

    // Finally everything arrives and the copies agree.
    let relay = RelayProcess::start(&dist);
    a.sync_once(&relay.url).await;
    assert_eq!(a.client.pending(), 0);
    let mut c = SimDevice::new(&secret, "tablet", 3, None);
    c.sync_once(&relay.url).await;
    assert_eq!(c.customer_names().len(), total);
    assert_eq!(c.customer_names(), a.customer_names());
    assert_eq!(c.sorted_heads(), a.sorted_heads());
}
