//! A team's snapshot, in one blob or in parts, gives a new device the whole
//! document: the parts are raw Automerge changes that a fresh device loads.

use crate::common;

use common::{bank_account, cash_account, device, new_business};
use retaguarda_core::sync::{open, ClientFrame, ClientState, DeviceId, SyncClient, TeamSecret};
use retaguarda_core::Business;

fn frames(client: &mut SyncClient) -> Vec<ClientFrame> {
    std::iter::from_fn(|| client.poll_transmit())
        .map(|bytes| ClientFrame::decode(&bytes).expect("frame"))
        .collect()
}

#[test]
fn raw_changes_sent_as_snapshot_parts_load_on_a_fresh_device() {
    let mut biz = new_business();
    cash_account(&mut biz, "150.00");
    bank_account(&mut biz, "2500.00");
    let changes = biz.changes_since(&[]);
    assert!(changes.len() >= 3);

    let secret = TeamSecret::from_bytes([3u8; 32]);
    let mut client = SyncClient::new(&secret, DeviceId([1; 16]), ClientState::default());
    client.add_snapshot_parts(&changes).expect("parts");
    client.connected();
    let _hello = frames(&mut client);

    // The outbox holds the parts; open them as the relay would hand them to a new device.
    let keys = secret.derive();
    let payloads: Vec<Vec<u8>> = client
        .state()
        .outbox
        .iter()
        .map(|e| open(&keys, &e.blob).expect("open").payload)
        .collect();
    assert_eq!(payloads.len(), 1, "a small document is one part");
    assert!(client.state().outbox[0].supersedes.is_some());

    let mut fresh = Business::load(&payloads.concat(), &device("Notebook", 2)).expect("load");
    assert_eq!(fresh.heads(), biz.heads());
    assert_eq!(
        fresh.accounts().expect("accounts"),
        biz.accounts().expect("accounts")
    );
}
