//! Signed changes (docs/SYNC.md, section 10): a blob's author is the device key that
//! signed it, checked on arrival against the team's roster. An unsigned blob, one signed
//! by another key, one from a device not in the team, and a change written in another
//! device's name are set aside (quarantined) and shown, never applied. The audit log names
//! the person behind each device.

use crate::team_support;

use retaguarda_core::members::Role;
use retaguarda_core::sync::{
    seal, seal_signed, BlobKind, ClientState, DeviceId, DeviceKeys, RelayFrame, Roster, SyncClient,
    SyncEvent, TeamSecret, PROTOCOL_VERSION,
};
use team_support::{ctx, Member, Relay};

fn live(client: &mut SyncClient) {
    client.connected();
    while client.poll_transmit().is_some() {}
    for frame in [
        RelayFrame::Welcome {
            protocol: PROTOCOL_VERSION,
            head: 0,
            heartbeat_ms: 20_000,
            timeout_ms: 10_000,
        },
        RelayFrame::CaughtUp { head: 0 },
    ] {
        client.handle_frame(&frame.encode()).expect("frame");
    }
}

fn deliver(client: &mut SyncClient, seq: u64, blob: Vec<u8>) -> SyncEvent {
    let mut events = client
        .handle_frame(&RelayFrame::Blob { seq, blob }.encode())
        .expect("frame");
    assert_eq!(events.len(), 1);
    events.remove(0)
}

#[test]
fn forged_unsigned_and_unknown_blobs_are_quarantined_not_applied() {
    let secret = TeamSecret::from_bytes([5; 32]);
    let keys = secret.derive();
    let ana = DeviceKeys::generate().expect("keys");
    let bia = DeviceKeys::generate().expect("keys");
    let mallory = DeviceKeys::generate().expect("keys");
    let (ana_id, bia_id) = (DeviceId([1; 16]), DeviceId([2; 16]));
    let mut roster = Roster::new();
    roster.insert(ana_id, ana.public());
    roster.insert(bia_id, bia.public());
    let mut client = SyncClient::new(&secret, DeviceId([9; 16]), ClientState::default());
    client.set_roster(roster.clone());
    live(&mut client);

    // Signed by its sender: applied.
    let good = seal_signed(&keys, &bia_id, Some(&bia), BlobKind::Changes, b"venda").expect("seal");
    assert!(matches!(
        deliver(&mut client, 1, good),
        SyncEvent::Apply { device, .. } if device == bia_id
    ));
    // Bia's device id, signed with another key (a member forging Bia's changes).
    let forged = seal_signed(
        &keys,
        &bia_id,
        Some(&mallory),
        BlobKind::Changes,
        b"sangria",
    )
    .expect("seal");
    match deliver(&mut client, 2, forged) {
        SyncEvent::Quarantined {
            seq,
            device,
            reason,
        } => {
            assert_eq!((seq, device), (2, bia_id));
            assert!(reason.contains("assinatura"), "{reason}");
        }
        other => panic!("expected quarantine, got {other:?}"),
    }
    // Unsigned (an old build, or someone stripping the signature).
    let unsigned = seal(&keys, &ana_id, BlobKind::Changes, b"sem assinatura").expect("seal");
    assert!(matches!(
        deliver(&mut client, 3, unsigned),
        SyncEvent::Quarantined { reason, .. } if reason.contains("sem assinatura")
    ));
    // A device that is not on the roster, signing with its own key.
    let stranger = seal_signed(
        &keys,
        &DeviceId([7; 16]),
        Some(&mallory),
        BlobKind::Changes,
        b"x",
    )
    .expect("seal");
    assert!(matches!(
        deliver(&mut client, 4, stranger.clone()),
        SyncEvent::Quarantined { reason, .. } if reason.contains("não faz parte")
    ));
    // They are kept for the screen, and the cursor moved past them.
    let kept: Vec<u64> = client.state().quarantine.iter().map(|q| q.seq).collect();
    assert_eq!(kept, vec![2, 3, 4]);
    assert_eq!(client.state().cursor, 4);

    // When the roster later vouches for the stranger (its admission arrived after its
    // first blob), that blob is applied; the forged ones stay aside.
    roster.insert(DeviceId([7; 16]), mallory.public());
    let released = client.set_roster(roster);
    assert_eq!(released.len(), 1);
    assert!(matches!(&released[0], SyncEvent::Apply { seq: 4, .. }));
    let kept: Vec<u64> = client.state().quarantine.iter().map(|q| q.seq).collect();
    assert_eq!(kept, vec![2, 3]);
    // The quarantine survives a restart.
    let json = serde_json::to_string(client.state()).expect("json");
    let back: ClientState = serde_json::from_str(&json).expect("json");
    assert_eq!(back.quarantine, client.state().quarantine);
}

#[test]
fn a_change_in_another_devices_name_is_refused_on_arrival() {
    let mut relay = Relay::new();
    let mut ana = Member::found("Celular da Ana", "Ana", 1);
    relay.sync(&mut ana);
    let mut bia = Member::invited(
        &mut relay,
        &mut ana,
        "Celular da Bia",
        "Bia",
        Role::Manager,
        2,
    );

    // Bia's device writes a change as if it were Ana's (Ana's actor), and sends it signed
    // with her own key: the signature is valid, the authorship is not.
    let mut forged = bia.biz().fork(&ana.device);
    let heads = forged.heads();
    forged
        .create_party(
            &ctx(),
            retaguarda_core::parties::PartyInput::customer("Escrito em nome da Ana"),
        )
        .expect("party");
    let bytes: Vec<u8> = forged.changes_since(&heads).concat();
    let err = ana
        .biz()
        .vet_changes(&bia.hex(), false, &bytes)
        .expect_err("refused");
    assert!(err.contains("em nome de outro aparelho"), "{err}");
    bia.client.add_changes(&bytes).expect("seal");
    relay.sync(&mut bia);
    relay.sync(&mut ana);
    assert!(
        ana.quarantined
            .iter()
            .any(|r| r.contains("em nome de outro")),
        "{:?}",
        ana.quarantined
    );
    assert!(!ana
        .customers()
        .contains(&"Escrito em nome da Ana".to_string()));
    assert!(ana
        .client
        .state()
        .quarantine
        .iter()
        .any(|q| q.device == bia.hex()));
}

#[test]
fn the_audit_log_names_people() {
    let mut relay = Relay::new();
    let mut ana = Member::found("Celular da Ana", "Ana", 1);
    relay.sync(&mut ana);
    let mut bia = Member::invited(
        &mut relay,
        &mut ana,
        "Celular da Bia",
        "Bia",
        Role::Cashier,
        2,
    );
    bia.add_customer("Dona Maria");
    relay.sync(&mut bia);
    relay.sync(&mut ana);
    let log = ana.biz().audit_log().expect("log");
    let created = log
        .iter()
        .find(|e| e.op == "party.create")
        .expect("the customer");
    assert_eq!(created.person.as_deref(), Some("Bia"));
    assert_eq!(created.device.as_deref(), Some("Celular da Bia"));
    let admitted = log
        .iter()
        .find(|e| e.op == "members.admit")
        .expect("the admission");
    assert_eq!(admitted.person.as_deref(), Some("Ana"));
    assert_eq!(admitted.label, "Aparelho admitido na equipe");
}
