//! The hub keeps each room's cursors on the cloud in its data folder: after
//! it is killed (SIGKILL) and started again, forwarding resumes where it
//! stopped, and the cloud does not send it again what it already had.

use std::time::Duration;

use crate::common;

use common::process::RelayProcess;
use common::sim::{metric, metrics, start_relay, ws_url, SimDevice};
use common::Dist;
use retaguarda_core::sync::TeamSecret;
use retaguarda_core::{Business, Device};

fn stored_count(dist: &Dist, secret: &TeamSecret) -> usize {
    let room = secret.derive().room.0;
    dist.with_store(move |store| {
        store
            .read_after(&room, 0, u64::MAX, usize::MAX)
            .expect("read")
            .len()
    })
}

async fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(tokio::time::Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn pump_until(device: &mut SimDevice, count: usize) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while device.applied.len() < count && tokio::time::Instant::now() < deadline {
        device.flush().await;
        device.pump(Duration::from_millis(200)).await;
    }
    assert_eq!(
        device.applied.len(),
        count,
        "{} got everything",
        device.name
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_hub_resumes_from_its_saved_cursors() {
    let cloud_dist = Dist::new();
    let (cloud_addr, _cloud) = start_relay(cloud_dist.config()).await;
    let upstream = ws_url(cloud_addr);
    let hub_dist = Dist::new();
    let hub = RelayProcess::start_with(&hub_dist, &["--upstream", &upstream]);
    let secret = TeamSecret::generate().expect("secret");
    let founder = Device::with_actor([1; 16], "caixa");
    let origin =
        Business::create(&founder, "Mercearia Boa Vista", &common::sim::ctx()).expect("create");
    let mut a = SimDevice::new(&secret, "caixa", 1, Some(origin));
    a.snapshot();
    a.add_customer("Tonico Bastos");
    a.connect(&hub.url).await;
    a.settle().await;
    let from_a = stored_count(&hub_dist, &secret);
    wait_for("A's blobs reach the cloud", || {
        stored_count(&cloud_dist, &secret) == from_a
    })
    .await;
    // C, on the cloud only, adds one: it comes down to the hub and to A.
    let mut c = SimDevice::new(&secret, "escritório", 3, None);
    c.connect(&ws_url(cloud_addr)).await;
    pump_until(&mut c, from_a).await;
    c.add_customer("Gabriela Cravo");
    c.settle().await;
    pump_until(&mut a, 1).await;
    assert!(a.customer_names().contains(&"Gabriela Cravo".to_string()));

    // The cursors are on disk: the hub's head and the cloud's head.
    let room: String = secret
        .derive()
        .room
        .0
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let file = hub_dist.data_dir().join("upstream").join(room);
    let head = (from_a + 1).to_string();
    let expected = format!("{upstream} {head} {head}");
    wait_for("the cursors are saved", || {
        std::fs::read_to_string(&file).is_ok_and(|t| t.trim() == expected)
    })
    .await;

    // Killed and started again; A connects, so the room is forwarded again.
    let sent_before = metric(
        &metrics(cloud_addr).await,
        "retaguarda_relay_blobs_out_total",
    );
    hub.kill();
    let hub = RelayProcess::start_with(&hub_dist, &["--upstream", &upstream]);
    a.disconnect();
    a.connect(&hub.url).await;
    a.settle().await;
    a.add_customer("Quincas Berro");
    a.settle().await;
    let before = c.applied.len();
    pump_until(&mut c, before + 1).await;
    assert!(c.customer_names().contains(&"Quincas Berro".to_string()));
    let sent_after = metric(
        &metrics(cloud_addr).await,
        "retaguarda_relay_blobs_out_total",
    );
    assert_eq!(
        sent_after - sent_before,
        1,
        "the cloud sent only A's new blob (to C), none of the old ones to the hub again"
    );
    assert_eq!(stored_count(&cloud_dist, &secret), from_a + 2);
    drop(hub);
}
