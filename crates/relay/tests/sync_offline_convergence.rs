//! Three devices that are never online at the same time, each with random
//! offline windows and offline edits, converge through the relay alone.

use crate::common;

use common::sim::{team_relay, SimDevice};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use retaguarda_core::{Business, Device};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_devices_never_online_together_converge() {
    let relay = team_relay().await;
    let (url, secret) = (relay.url.clone(), relay.secret.clone());

    let founder = Device::with_actor([1; 16], "caixa");
    let mut origin =
        Business::create(&founder, "Padaria Pão Quente", &common::sim::ctx()).expect("create");
    let mut devices = [
        SimDevice::new(&secret, "caixa", 1, Some(origin.fork(&founder))),
        SimDevice::new(&secret, "celular", 2, Some(origin.fork(&founder))),
        SimDevice::new(&secret, "notebook", 3, Some(origin.fork(&founder))),
    ];
    devices[0].snapshot();

    for seed in [7u64, 1234, 99] {
        let mut rng = StdRng::seed_from_u64(seed);
        for round in 0..12 {
            let i = rng.random_range(0..devices.len());
            // Edits while offline.
            for n in 0..rng.random_range(0..3) {
                let name = format!("Cliente {seed}-{round}-{n} de {}", devices[i].name);
                devices[i].add_customer(&name);
            }
            devices[i].connect(&url).await;
            devices[i].settle().await;
            // Edits while online go out at once.
            if rng.random_bool(0.5) {
                let cents = rng.random_range(100..10_000_000);
                let desc = format!("Venda {seed}-{round} ({})", devices[i].name);
                devices[i].add_receivable(&desc, cents);
                devices[i].settle().await;
            }
            devices[i].disconnect();
            assert!(
                devices.iter().all(|d| !d.is_connected()),
                "never two online"
            );
        }
    }

    // Each device comes online once more, one at a time, twice around.
    for _ in 0..2 {
        for device in devices.iter_mut() {
            device.sync_once(&url).await;
        }
    }

    let names0 = devices[0].customer_names();
    let entries0 = devices[0].entries();
    let heads0 = devices[0].sorted_heads();
    assert!(
        names0.len() >= 10,
        "the schedule wrote customers: {}",
        names0.len()
    );
    assert!(!entries0.is_empty(), "the schedule wrote entries");
    for device in devices.iter_mut().skip(1) {
        assert_eq!(device.customer_names(), names0, "{}", device.name);
        assert_eq!(device.entries(), entries0, "{}", device.name);
        assert_eq!(device.sorted_heads(), heads0, "{}", device.name);
        assert_eq!(device.client.pending(), 0);
        assert!(device.rejected.is_empty());
    }
}
