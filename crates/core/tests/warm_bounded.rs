//! Each step of the ledger's warm-up is bounded by its budget, whatever the size of the
//! collection it reads (issue 31): a step lists only the ids it reads (it does not list a
//! whole collection to find where it is), the step that reads a list's last records keeps
//! them as they are, and a list completed that way answers exactly what a cold read does,
//! also when a change lands just before the step that completes it.

use crate::common;
use common::*;
use retaguarda_core::ledger::listing::EntryFilter;
use retaguarda_core::ledger::EntryKind;
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{Business, Id};

/// 60 entries, a few paid, and three charges, as a fresh page holds them after a start.
fn shop() -> (Business, Business, Id) {
    let mut made = new_business();
    let bank = bank_account(&mut made, "100");
    let customer = made
        .create_party(&ctx(), PartyInput::customer("João Souza"))
        .unwrap();
    for i in 0..60u32 {
        let kind = if i % 3 == 0 {
            EntryKind::Payable
        } else {
            EntryKind::Receivable
        };
        let id = entry(&mut made, kind, &format!("conta {i}"), "10", "2026-03-02");
        if i % 4 == 0 {
            pay(&mut made, "2026-03-03", &id, "4", &bank);
        }
    }
    for amount in ["30", "31", "32"] {
        charge(&mut made, &customer, amount, "2026-03-20");
    }
    let fresh = Business::load(&made.save(), &device("Celular da Ana", 1)).unwrap();
    (made, fresh, bank)
}

/// What the ledger's first reads say.
fn reads(biz: &Business, bank: &Id) -> String {
    let today = date("2026-03-06");
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        biz.entries().unwrap(),
        biz.account_balance(bank, today).unwrap(),
        biz.balances(today).unwrap(),
        biz.entry_index(&EntryFilter::default(), today).unwrap(),
        biz.charges(today).unwrap(),
    )
}

#[test]
fn no_step_lists_more_ids_than_its_budget() {
    let (mut made, biz, bank) = shop();
    let records: usize = [
        retaguarda_core::ledger::ACCOUNTS,
        retaguarda_core::ledger::CATEGORIES,
        retaguarda_core::ledger::TRANSFERS,
        retaguarda_core::parties::PARTIES,
        retaguarda_core::ledger::ENTRIES,
        retaguarda_core::charges::CHARGES,
    ]
    .iter()
    .map(|c| made.ids(c).unwrap().len())
    .sum();
    assert!(records > 60, "{records} records");
    let budget = 5;
    let mut steps = 0;
    loop {
        let listed = biz.warm_listed();
        let p = biz.warm(budget).unwrap();
        let now = biz.warm_listed();
        assert!(
            now - listed <= budget as u64,
            "step {steps} listed {} ids for a budget of {budget}",
            now - listed
        );
        assert!(p.read <= budget, "step {steps} read {} records", p.read);
        steps += 1;
        if p.done {
            break;
        }
        assert!(steps < 1_000, "the warm-up never finished");
    }
    // Every id was listed once, none twice: the lists were read in steps of the budget
    // from the start to the end.
    assert_eq!(biz.warm_listed(), records as u64);
    assert!(steps >= records / budget, "{steps} steps");
    let cold = made.fork(&device("Frio", 8));
    assert_eq!(reads(&biz, &bank), reads(&cold, &bank));
}

#[test]
fn a_change_before_the_completing_step_is_followed() {
    // The entries list is read 7 records at a time; changes land on the steps just before
    // its last one: a new entry (its id may sort before or after the ids already read), a
    // payment of an entry read long ago, and another device's entry applied as sync does.
    let (mut made, mut biz, bank) = shop();
    let mut other = made.fork(&device("Outro aparelho", 2));
    // The first entry typed in Caixa (a charge's entry is paid through its charge).
    let first = made
        .entries()
        .unwrap()
        .into_iter()
        .find(|(_, e)| e.source.is_none())
        .unwrap()
        .0;
    let entries = made.ids(retaguarda_core::ledger::ENTRIES).unwrap().len();
    let mut steps = 0;
    let mut changed = 0;
    loop {
        let p = biz.warm(7).unwrap();
        steps += 1;
        if p.done {
            break;
        }
        // Near the end of the entries: fewer than two steps' worth left unlisted.
        let left = entries.saturating_sub(biz.warm_listed() as usize);
        if left > 0 && left < 14 && changed == 0 {
            entry(&mut biz, EntryKind::Payable, "no fim", "9", "2026-03-04");
            pay(&mut biz, "2026-03-05", &first, "1", &bank);
            let heads = biz.heads();
            entry(
                &mut other,
                EntryKind::Receivable,
                "de lá",
                "40",
                "2026-03-08",
            );
            biz.apply_changes(other.changes_since(&heads)).unwrap();
            changed = steps;
        }
        assert!(steps < 1_000, "the warm-up never finished");
    }
    assert!(changed > 0, "no change landed before the last step");
    let cold = biz.fork(&device("Frio", 8));
    let want = reads(&cold, &bank);
    assert_ne!(want, reads(&made, &bank), "the changes show in the reads");
    assert_eq!(reads(&biz, &bank), want);
}
