//! Closing a period in a team (`Business::mark_epoch`, `Business::follow_epoch`): every
//! device computes the same live document from the mark, a device that wrote after the
//! mark's heads carries it over, and the relay's order picks one mark when two devices
//! close at once.

use crate::common;
use common::*;
use retaguarda_core::epoch::{EpochMark, EPOCHS};
use retaguarda_core::ledger::EntryKind;
use retaguarda_core::parties::PartyInput;
use retaguarda_core::sync::{
    ClientFrame, ClientState, RelayFrame, SyncClient, SyncError, TeamSecret,
};
use retaguarda_core::{automerge::ReadDoc, Business, CoreError};

/// A shop with a till, a February bill paid in February (settled before March), an open
/// March bill and a customer.
fn shop() -> (Business, String, String) {
    let mut b = new_business();
    let cash = cash_account(&mut b, "500.00");
    let flour = entry(
        &mut b,
        EntryKind::Payable,
        "Farinha",
        "120.00",
        "2026-02-10",
    );
    pay(&mut b, "2026-02-10", &flour, "120.00", &cash);
    let rent = entry(
        &mut b,
        EntryKind::Payable,
        "Aluguel",
        "900.00",
        "2026-03-05",
    );
    b.create_party(&ctx(), PartyInput::customer("Maria"))
        .unwrap();
    (b, cash, rent)
}

fn balances(b: &Business, day: &str) -> Vec<String> {
    b.balances(date(day))
        .unwrap()
        .into_iter()
        .map(|a| format!("{} {}", a.name, a.balance))
        .collect()
}

fn entry_names(b: &Business) -> Vec<String> {
    let mut names: Vec<String> = b
        .entries()
        .unwrap()
        .into_iter()
        .map(|(_, e)| e.description)
        .collect();
    names.sort();
    names
}

#[test]
fn every_device_computes_the_same_live_period_from_the_mark() {
    let (mut ana, _, _) = shop();
    let mut bia = ana.fork(&device("Notebook da Bia", 2));
    let (mark, ready) = ana.mark_epoch(date("2026-03-01"), &ctx()).unwrap();
    assert_eq!(ana.epoch_marks().unwrap(), vec![mark.clone()]);

    // Bia receives the mark and computes the live period herself, from her own copy.
    bia.merge(&mut ana).unwrap();
    assert!(ana.wrote_mark(&mark.live_head).unwrap());
    assert!(
        !bia.wrote_mark(&mark.live_head).unwrap(),
        "Ana wrote it, not Bia"
    );
    let reloaded = Business::load(&ana.save(), &device("Celular da Ana", 1)).unwrap();
    assert!(
        reloaded.wrote_mark(&mark.live_head).unwrap(),
        "after a restart too"
    );
    let marks = bia.epoch_marks().unwrap();
    assert_eq!(marks, vec![mark.clone()]);
    let (mut bia_live, bia_carried) = bia
        .follow_epoch(&marks[0], None, &device("Notebook da Bia", 2), &ctx())
        .unwrap();
    let (mut ana_live, ana_carried) = ana
        .follow_epoch(&mark, Some(ready), &device("Celular da Ana", 1), &ctx())
        .unwrap();
    assert!(
        ana_carried.is_empty() && bia_carried.is_empty(),
        "only the mark came after"
    );
    let expected = vec![mark.live_head.clone()];
    let hex = |b: &mut Business| b.heads().iter().map(|h| h.to_string()).collect::<Vec<_>>();
    assert_eq!(
        hex(&mut ana_live),
        expected,
        "nothing to carry over for Ana"
    );
    assert_eq!(
        hex(&mut bia_live),
        expected,
        "the same change, computed by Bia"
    );
    assert_eq!(
        entry_names(&bia_live),
        vec!["Aluguel"],
        "February's bill is archived"
    );
    assert_eq!(ana_live.period_start().unwrap(), Some(date("2026-03-01")));
    assert!(ana_live
        .doc()
        .get(retaguarda_core::automerge::ROOT, EPOCHS)
        .unwrap()
        .is_none());

    // Each device writes as itself afterwards, and the two live documents sync.
    entry(
        &mut ana_live,
        EntryKind::Receivable,
        "Bolo",
        "80.00",
        "2026-03-12",
    );
    entry(
        &mut bia_live,
        EntryKind::Payable,
        "Gás",
        "95.00",
        "2026-03-15",
    );
    ana_live.merge(&mut bia_live).unwrap();
    bia_live.merge(&mut ana_live).unwrap();
    assert_eq!(entry_names(&ana_live), vec!["Aluguel", "Bolo", "Gás"]);
    assert_eq!(hex(&mut ana_live), hex(&mut bia_live));
}

#[test]
fn an_offline_device_carries_over_what_it_wrote_after_the_mark() {
    let (mut ana, cash, rent) = shop();
    let mut bia = ana.fork(&device("Notebook da Bia", 2));
    // Bia is offline: she pays the rent and records a sale of March.
    pay(&mut bia, "2026-03-05", &rent, "900.00", &cash);
    entry(
        &mut bia,
        EntryKind::Receivable,
        "Encomenda",
        "250.00",
        "2026-03-08",
    );
    // Ana closes the period before March meanwhile.
    let (mark, ready) = ana.mark_epoch(date("2026-03-01"), &ctx()).unwrap();
    let (mut ana_live, ana_carried) = ana
        .follow_epoch(&mark, Some(ready), &device("Celular da Ana", 1), &ctx())
        .unwrap();
    assert!(ana_carried.is_empty());

    // Bia comes back: the old room brings her the mark, and she follows it.
    bia.merge(&mut ana).unwrap();
    let (mut bia_live, bia_carried) = bia
        .follow_epoch(&mark, None, &device("Notebook da Bia", 2), &ctx())
        .unwrap();
    // What she wrote offline is one change on top of the split, for the new room.
    let split = bia_live.changes_since(&[]);
    assert_eq!(split.len(), 2);
    assert_eq!(bia_carried, split[1]);
    // In the new room the two live documents meet.
    ana_live.merge(&mut bia_live).unwrap();
    bia_live.merge(&mut ana_live).unwrap();
    for live in [&ana_live, &bia_live] {
        assert_eq!(entry_names(live), vec!["Aluguel", "Encomenda"]);
        for day in ["2026-03-01", "2026-03-05", "2026-12-31"] {
            assert_eq!(balances(live, day), balances(&bia, day), "{day}");
        }
    }
    let rent_now = ana_live.entry(&rent).unwrap().unwrap();
    assert_eq!(rent_now.open_amount(), dec("0"), "Bia's payment came over");
}

#[test]
fn a_second_mark_is_refused_and_a_wrong_live_period_is_not_joined() {
    let (mut ana, _, _) = shop();
    let (mark, _) = ana.mark_epoch(date("2026-03-01"), &ctx()).unwrap();
    let before = ana.save();
    let again = ana.mark_epoch(date("2026-03-01"), &ctx());
    assert!(matches!(again, Err(CoreError::Conflict(_))), "{again:?}");
    assert_eq!(ana.save(), before, "the refusal wrote nothing");

    // A mark naming a live document this device does not compute (another version).
    let wrong = EpochMark {
        live_head: "00".repeat(32),
        ..mark
    };
    let refused = ana.follow_epoch(&wrong, None, &device("Celular da Ana", 1), &ctx());
    assert!(
        matches!(refused, Err(CoreError::Conflict(_))),
        "{refused:?}"
    );
    assert_eq!(ana.save(), before);
}

/// A client that is caught up in an empty room.
fn live_client(secret: &TeamSecret, device: u8) -> SyncClient {
    let mut client = SyncClient::new(
        secret,
        retaguarda_core::sync::DeviceId([device; 16]),
        ClientState::default(),
    );
    client.connected();
    while client.poll_transmit().is_some() {}
    let feed = |c: &mut SyncClient, f: RelayFrame| c.handle_frame(&f.encode()).unwrap();
    feed(
        &mut client,
        RelayFrame::Welcome {
            protocol: retaguarda_core::sync::PROTOCOL_VERSION,
            head: 0,
            heartbeat_ms: 20_000,
            timeout_ms: 10_000,
        },
    );
    feed(&mut client, RelayFrame::CaughtUp { head: 0 });
    while client.poll_transmit().is_some() {}
    client
}

#[test]
fn the_mark_the_relay_stored_first_is_followed_by_every_device() {
    let secret = TeamSecret::from_bytes([7; 32]);
    // Ana and Bia each write a mark at once; the relay stores Bia's as 5, Ana's as 6.
    let mut ana = live_client(&secret, 1);
    let mut bia = live_client(&secret, 2);
    ana.add_mark(b"marca da Ana", "ffff").unwrap();
    bia.add_mark(b"marca da Bia", "aaaa").unwrap();
    let ana_ref = match ClientFrame::decode(&ana.poll_transmit().unwrap()).unwrap() {
        ClientFrame::Append { client_ref, .. } => client_ref,
        other => panic!("{other:?}"),
    };
    let bia_ref = match ClientFrame::decode(&bia.poll_transmit().unwrap()).unwrap() {
        ClientFrame::Append { client_ref, .. } => client_ref,
        other => panic!("{other:?}"),
    };
    assert_eq!(ana.mark_to_follow(["ffff"]), None, "Ana waits for her ack");

    // Bia's ack comes first: she knows only her own mark, and follows it.
    bia.handle_frame(
        &RelayFrame::Ack {
            client_ref: bia_ref,
            seq: 5,
        }
        .encode(),
    )
    .unwrap();
    assert_eq!(bia.mark_to_follow(["aaaa"]), Some("aaaa".into()));
    // Ana receives Bia's blob (5) before her own ack (6): she follows Bia's mark too,
    // although her own id sorts lower here.
    ana.note_marks(["aaaa"], 5);
    assert_eq!(ana.mark_to_follow(["aaaa", "ffff"]), None);
    ana.handle_frame(
        &RelayFrame::Ack {
            client_ref: ana_ref,
            seq: 6,
        }
        .encode(),
    )
    .unwrap();
    assert_eq!(ana.mark_to_follow(["aaaa", "ffff"]), Some("aaaa".into()));
    // The order survives a restart.
    let json = serde_json::to_string(ana.state()).unwrap();
    let state: ClientState = serde_json::from_str(&json).unwrap();
    let ana = SyncClient::new(&secret, retaguarda_core::sync::DeviceId([1; 16]), state);
    assert_eq!(ana.mark_to_follow(["ffff", "aaaa"]), Some("aaaa".into()));
}

#[test]
fn only_a_caught_up_device_with_nothing_to_send_may_write_a_mark() {
    let secret = TeamSecret::from_bytes([7; 32]);
    let mut offline = SyncClient::new(
        &secret,
        retaguarda_core::sync::DeviceId([1; 16]),
        ClientState::default(),
    );
    assert_eq!(
        offline.add_mark(b"marca", "ab"),
        Err(SyncError::NotUpToDate)
    );
    let mut busy = live_client(&secret, 1);
    busy.add_changes(b"venda").unwrap();
    assert_eq!(busy.add_mark(b"marca", "ab"), Err(SyncError::NotUpToDate));
    assert_eq!(busy.state().pending_mark, None);
}

#[test]
fn each_period_has_its_own_room_and_key() {
    let secret = TeamSecret::from_bytes([7; 32]);
    let first = secret.derive_epoch(None);
    let later = secret.derive_epoch(Some(&[3; 32]));
    assert_eq!(
        first.room,
        secret.derive().room,
        "the first period keeps the team's room"
    );
    assert_ne!(first.room, later.room);
    assert_ne!(first.token, later.token);
    assert_ne!(secret.derive_epoch(Some(&[4; 32])).room, later.room);
}
