//! A blob altered on its way (or forged by someone holding only the relay
//! token) is reported and never applied; later good blobs still apply.

use crate::common;

use common::sim::{team_relay, RawClient, SimDevice};
use retaguarda_core::sync::{
    seal, BlobKind, ClientFrame, DeviceId, RelayFrame, SyncError, TeamSecret,
};
use retaguarda_core::{Business, Device};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tampered_blobs_are_rejected_and_reported() {
    let relay = team_relay().await;
    let (url, secret) = (relay.url.clone(), relay.secret.clone());
    let founder = Device::with_actor([1; 16], "caixa");
    let mut origin =
        Business::create(&founder, "Açougue Central", &common::sim::ctx()).expect("create");
    let mut a = SimDevice::new(&secret, "caixa", 1, Some(origin.fork(&founder)));
    let mut b = SimDevice::new(&secret, "celular", 2, Some(origin.fork(&founder)));
    a.snapshot();
    a.add_customer("Cliente legítimo");
    a.sync_once(&url).await;

    // An attacker with the write token: a sealed blob with one bit flipped,
    // and one sealed under a different key.
    let keys = secret.derive();
    let mut raw = RawClient::connect(&url).await;
    raw.join(&secret, 0).await;
    let mut edit = Business::load(&origin.save(), &Device::with_actor([6; 16], "x")).expect("load");
    let heads = edit.heads();
    edit.create_party(
        &common::sim::ctx(),
        retaguarda_core::parties::PartyInput::customer("Cliente forjado"),
    )
    .expect("party");
    let forged_change = edit.changes_since(&heads).concat();
    let mut flipped =
        seal(&keys, &DeviceId([6; 16]), BlobKind::Changes, &forged_change).expect("seal");
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x40;
    let foreign_keys = TeamSecret::generate().expect("secret").derive();
    let foreign = seal(
        &foreign_keys,
        &DeviceId([6; 16]),
        BlobKind::Changes,
        &forged_change,
    )
    .expect("seal");
    raw.send(ClientFrame::Append {
        client_ref: 1,
        blob: flipped,
    })
    .await;
    assert!(matches!(raw.recv().await, Some(RelayFrame::Ack { .. })));
    raw.send(ClientFrame::Append {
        client_ref: 2,
        blob: foreign,
    })
    .await;
    assert!(matches!(raw.recv().await, Some(RelayFrame::Ack { .. })));

    // A good blob after the bad ones.
    a.add_customer("Cliente depois do ataque");
    a.sync_once(&url).await;

    b.sync_once(&url).await;
    assert_eq!(b.rejected.len(), 2, "{:?}", b.rejected);
    assert!(b.rejected.iter().all(|(_, e)| *e == SyncError::Tampered));
    assert!(b.rejected[0].1.to_string().contains("recusado"));
    let names = b.customer_names();
    assert_eq!(
        names,
        vec![
            "Cliente depois do ataque".to_string(),
            "Cliente legítimo".to_string()
        ]
    );
    assert!(b.client.is_up_to_date() || !b.is_connected());
    assert_eq!(
        b.client.state().cursor,
        5,
        "rejected blobs are skipped, not retried"
    );
}
