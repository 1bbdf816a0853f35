//! The views core keeps between reads: a list read twice, around a local operation, a
//! rejected one, changes from another device by every transport, and bytes that fail to
//! load, always reads the same as a fresh copy of the document that hydrates everything.
//! (`merge.rs` checks the same after every step of its random runs.)

use crate::common;
use common::*;
use retaguarda_core::ledger::{EntryKind, NewEntry, NewPayment};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{Business, Id};

/// What the tests compare: entries (with payments) and customers, with ids.
fn seen(biz: &Business) -> String {
    format!(
        "{:?}\n{:?}\n{:?}",
        biz.entries().unwrap(),
        biz.customers().unwrap(),
        biz.balances(date("2026-12-31")).unwrap()
    )
}

fn fresh(biz: &mut Business) -> String {
    seen(&biz.fork(&device("Cópia", 90)))
}

fn entry(biz: &mut Business, what: &str, amount: &str) -> Id {
    biz.create_entry(
        &ctx(),
        NewEntry::new(EntryKind::Receivable, what, dec(amount), date("2026-03-20")),
    )
    .unwrap()
}

fn pay(biz: &mut Business, id: &str, account: &Id, amount: &str) {
    biz.pay_entry(
        &ctx(),
        id,
        NewPayment {
            date: date("2026-03-21"),
            amount: dec(amount),
            account: account.clone(),
            note: None,
        },
    )
    .unwrap();
}

#[test]
fn a_local_operation_shows_in_the_next_read() {
    let mut biz = new_business();
    let cash = cash_account(&mut biz, "10");
    let a = entry(&mut biz, "Bolo", "50");
    let before = seen(&biz);
    pay(&mut biz, &a, &cash, "20");
    let after = seen(&biz);
    assert_ne!(before, after, "the payment must show");
    assert!(after.contains("Bolo"));
    assert_eq!(after, fresh(&mut biz));
    let b = entry(&mut biz, "Torta", "80");
    let third = seen(&biz);
    assert!(third.contains(&b), "a new record must show");
    assert_eq!(third, fresh(&mut biz));
}

#[test]
fn a_rejected_operation_leaves_the_views_as_they_were() {
    let mut biz = new_business();
    let cash = cash_account(&mut biz, "10");
    let a = entry(&mut biz, "Bolo", "50");
    let before = seen(&biz);
    assert_rejected_unchanged(&mut biz, |b| {
        b.pay_entry(
            &ctx(),
            &a,
            NewPayment {
                date: date("2026-03-21"),
                amount: dec("500"),
                account: cash.clone(),
                note: None,
            },
        )
    });
    assert_eq!(seen(&biz), before);
    assert_eq!(seen(&biz), fresh(&mut biz));
}

/// Two devices that start from one document and each work offline.
fn two_devices() -> (Business, Business, Id, Id) {
    let mut base = new_business();
    let cash = cash_account(&mut base, "10");
    let shared = entry(&mut base, "Encomenda", "100");
    base.create_party(&ctx(), PartyInput::customer("Maria"))
        .unwrap();
    let mut a = base.fork(&device("A", 31));
    let mut b = base.fork(&device("B", 32));
    // Both read everything first, so both hold views the other's changes must patch.
    let _ = (seen(&a), seen(&b));
    pay(&mut b, &shared, &cash, "30");
    entry(&mut b, "Salgados", "45");
    b.create_party(&ctx(), PartyInput::customer("João"))
        .unwrap();
    entry(&mut a, "Café", "12");
    (a, b, shared, cash)
}

#[test]
fn changes_from_another_device_show_by_every_transport() {
    // merge
    let (mut a, mut b, _, _) = two_devices();
    a.merge(&mut b).unwrap();
    let merged = seen(&a);
    assert!(merged.contains("Salgados") && merged.contains("João") && merged.contains("Café"));
    assert_eq!(merged, fresh(&mut a));

    // changes since the other's heads
    let (mut a, mut b, _, _) = two_devices();
    let heads = a.heads();
    a.apply_changes(b.changes_since(&heads)).unwrap();
    assert_eq!(seen(&a), merged_of(&mut a));

    // incremental bytes, as the relay delivers them
    let (mut a, mut b, _, _) = two_devices();
    a.load_incremental(&b.save()).unwrap();
    let by_bytes = seen(&a);
    assert!(by_bytes.contains("Salgados"));
    assert_eq!(by_bytes, fresh(&mut a));
}

fn merged_of(biz: &mut Business) -> String {
    let text = fresh(biz);
    assert!(text.contains("Salgados") && text.contains("João"));
    text
}

#[test]
fn concurrent_edits_of_one_record_read_as_a_fresh_copy_does() {
    let (mut a, mut b, shared, cash) = two_devices();
    // Both pay the same entry offline: one record, two concurrent edits.
    pay(&mut a, &shared, &cash, "25");
    a.merge(&mut b).unwrap();
    let text = seen(&a);
    assert_eq!(text, fresh(&mut a));
    b.merge(&mut a).unwrap();
    assert_eq!(seen(&b), text, "both devices read the same");
}

#[test]
fn bytes_that_fail_to_load_leave_the_views_right() {
    let (mut a, mut b, _, _) = two_devices();
    let before = seen(&a);
    // Noise, and a real save with a byte flipped in its middle: whatever Automerge makes of
    // them, the views read what the document holds.
    let mut flipped = b.save();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0xff;
    for junk in [noise(2_000, 7), flipped] {
        let _ = a.load_incremental(&junk);
        assert_eq!(seen(&a), fresh(&mut a));
    }
    assert_eq!(seen(&a), before, "junk added nothing");
    // And the next good bytes still show.
    a.load_incremental(&b.save()).unwrap();
    let after = seen(&a);
    assert!(after.contains("Salgados"));
    assert_eq!(after, fresh(&mut a));
}
