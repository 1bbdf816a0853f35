//! The ledger warmed in steps (issue 31): `Business::warm(budget)` reads the lists the
//! ledger's first reads need a few records at a time. A document warmed in steps must
//! answer exactly what a cold one answers (the same entries, balances, Caixa's index and
//! charges), also when changes (its own, and another device's) land between the steps,
//! and each step must read no more records than its budget.

use crate::common;
use common::*;
use retaguarda_core::ledger::listing::EntryFilter;
use retaguarda_core::ledger::{EntryKind, NewEntry};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{Business, Id};
use rust_decimal::Decimal;

/// 90 entries (some paid, some cancelled), a few charges and a transfer.
fn shop() -> (Business, Id, Id) {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "100");
    let cash = cash_account(&mut biz, "50");
    let customer = biz
        .create_party(&ctx(), PartyInput::customer("Maria da Silva"))
        .unwrap();
    for i in 0..90u32 {
        let kind = if i % 2 == 0 {
            EntryKind::Receivable
        } else {
            EntryKind::Payable
        };
        let due = date("2026-03-01") + chrono::Days::new(u64::from(i % 9));
        let amount = Decimal::from(20 + i % 5);
        let id = biz
            .create_entry(
                &ctx(),
                NewEntry::new(kind, format!("conta {i}"), amount, due),
            )
            .unwrap();
        match i % 6 {
            0 => pay(&mut biz, "2026-03-03", &id, "7", &bank),
            1 => pay(&mut biz, "2026-03-04", &id, &amount.to_string(), &cash),
            2 => biz.cancel_entry(&ctx(), &id, None).unwrap(),
            _ => {}
        }
    }
    for i in 0..4 {
        charge(&mut biz, &customer, &format!("{}", 30 + i), "2026-03-20");
    }
    (biz, bank, cash)
}

/// What the ledger's first reads say, read from `biz` as it is.
fn reads(biz: &Business, accounts: &[&Id]) -> String {
    let today = date("2026-03-06");
    let balances: Vec<Decimal> = accounts
        .iter()
        .map(|a| biz.account_balance(a, today).unwrap())
        .collect();
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        biz.entries().unwrap(),
        balances,
        biz.balances(today).unwrap(),
        biz.entry_index(&EntryFilter::default(), today).unwrap(),
        biz.charges(today).unwrap(),
    )
}

/// The reads of a document that holds nothing in memory.
fn cold(biz: &mut Business, accounts: &[&Id]) -> String {
    let copy = biz.fork(&device("Frio", 8));
    reads(&copy, accounts)
}

#[test]
fn warmed_in_steps_it_answers_what_a_cold_read_answers() {
    let (mut biz, bank, cash) = shop();
    let want = cold(&mut biz, &[&bank, &cash]);
    let steps = warm_all(&mut biz, 7, |_, _| {});
    // 90 entries, 4 charges, 2 accounts and more, 7 at a time.
    assert!(steps > 15, "{steps} steps");
    // Warm: a further call reads nothing.
    assert_eq!(biz.warm(7).unwrap().read, 0);
    assert!(biz.warm(7).unwrap().done);
    assert_eq!(reads(&biz, &[&bank, &cash]), want);
}

#[test]
fn changes_between_steps_are_followed() {
    let (mut made, bank, cash) = shop();
    let mut other = made.fork(&device("Outro aparelho", 2));
    // Entries still open and typed in Caixa (payable and cancellable here), by id: the
    // order the warm-up reads.
    let ids: Vec<Id> = made
        .entries()
        .unwrap()
        .into_iter()
        .filter(|(_, e)| e.payments.is_empty() && e.cancelled.is_none() && e.source.is_none())
        .map(|(id, _)| id)
        .collect();
    // A fresh document, as a page holds it after a start: nothing in memory.
    let mut biz = Business::load(&made.save(), &device("Celular da Ana", 1)).unwrap();
    let (first, last) = (ids[0].clone(), ids[ids.len() - 1].clone());
    // Budget 4: the accounts, categories and parties first, then the 90 entries over some
    // 23 steps, then the charges; the changes land before, during and after the entries.
    let steps = warm_all(&mut biz, 4, |b, step| match step {
        3 => pay(b, "2026-03-05", &last, "2", &cash),
        9 => pay(b, "2026-03-05", &first, "3", &bank),
        12 => {
            entry(b, EntryKind::Payable, "nova no meio", "12", "2026-03-02");
        }
        15 => b.cancel_entry(&ctx(), &ids[10], None).unwrap(),
        // Another device's changes, as the sync applies them.
        18 => {
            pay(&mut other, "2026-03-05", &ids[1], "1", &bank);
            entry(
                &mut other,
                EntryKind::Receivable,
                "de lá",
                "40",
                "2026-03-08",
            );
            b.load_incremental(&other.save_incremental()).unwrap();
        }
        21 => {
            let heads = b.heads();
            pay(&mut other, "2026-03-06", &ids[20], "4", &cash);
            b.apply_changes(other.changes_since(&heads)).unwrap();
        }
        27 => pay(b, "2026-03-06", &ids[2], "1", &bank),
        _ => {}
    });
    assert!(steps > 27, "{steps} steps");
    let want = cold(&mut biz, &[&bank, &cash]);
    assert_eq!(reads(&biz, &[&bank, &cash]), want);
    // And a change after the warm-up is followed as well.
    pay(&mut biz, "2026-03-06", &ids[25], "1", &bank);
    let want = cold(&mut biz, &[&bank, &cash]);
    assert_eq!(reads(&biz, &[&bank, &cash]), want);
}

#[test]
fn a_stale_partial_list_would_be_caught() {
    // Fail first: the comparison above tells a list that missed a change from a fresh
    // one (the change shows in every read it compares).
    let (mut biz, bank, cash) = shop();
    let stale = reads(&biz, &[&bank, &cash]);
    let open = biz
        .entries()
        .unwrap()
        .into_iter()
        // Typed in Caixa: a charge's entry is paid through its charge.
        .find(|(_, e)| e.payments.is_empty() && e.cancelled.is_none() && e.source.is_none())
        .unwrap()
        .0;
    pay(&mut biz, "2026-03-05", &open, "3", &bank);
    assert_ne!(cold(&mut biz, &[&bank, &cash]), stale);
}
