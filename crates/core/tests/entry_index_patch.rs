//! Caixa's index patched per change (issue 31): `entry_index` keeps the last filter's order
//! and totals and patches them with the entries a change touched instead of passing over
//! every entry. After every kind of change the patched index must be exactly the one built
//! from scratch (a fork of the document, which holds nothing in memory) and the one computed
//! here from `entries()` (same ids in the same order, same totals); an everyday change must
//! not rebuild it, and the index before each change must differ from the one after it, so
//! that a patch that did nothing (or only half) would fail.

use crate::common;
use common::*;
use retaguarda_core::ledger::listing::{EntryFilter, EntryIndex, StatusFilter};
use retaguarda_core::ledger::{Entry, EntryKind, NewEntry, NewTransfer, ENTRIES};
use retaguarda_core::{Business, Id};
use rust_decimal::Decimal;

/// 120 entries over 10 days, several on each day with equal amounts (ties in the order),
/// some paid in part or whole.
fn shop() -> (Business, Id, Id) {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "0");
    let cash = cash_account(&mut biz, "0");
    for i in 0..120u32 {
        let kind = if i % 3 == 0 {
            EntryKind::Receivable
        } else {
            EntryKind::Payable
        };
        let due = date("2026-03-01") + chrono::Days::new(u64::from(i % 10));
        let amount = Decimal::from(10 + (i % 4) * 5);
        let mut input = NewEntry::new(kind, format!("conta {i}"), amount, due);
        if i % 4 == 0 {
            input.account = Some(bank.clone());
        }
        let id = biz.create_entry(&ctx(), input).unwrap();
        match i % 7 {
            0 => pay(&mut biz, "2026-03-02", &id, "5", &bank),
            1 => pay(&mut biz, "2026-03-02", &id, &amount.to_string(), &cash),
            _ => {}
        }
    }
    (biz, bank, cash)
}

/// The index computed here from the entries themselves: the documented order and the sums.
fn independent(biz: &Business, filter: &EntryFilter, today: chrono::NaiveDate) -> EntryIndex {
    let mut kept: Vec<_> = biz
        .entries()
        .unwrap()
        .into_iter()
        .filter(|(_, e)| match filter.status {
            StatusFilter::All => true,
            StatusFilter::Overdue => e.is_overdue(today),
            StatusFilter::Open => e.open_amount() > Decimal::ZERO && e.cancelled.is_none(),
            _ => unreachable!("not used here"),
        })
        .filter(|(_, e)| {
            filter.account.as_ref().is_none_or(|a| {
                e.account.as_ref() == Some(a) || e.payments.values().any(|p| &p.account == a)
            })
        })
        .collect();
    let mut out = EntryIndex::default();
    for (_, e) in &kept {
        let (open, paid) = (e.open_amount(), e.paid_amount());
        match e.kind {
            EntryKind::Receivable => {
                out.open_in += open;
                out.paid_in += paid;
            }
            EntryKind::Payable => {
                out.open_out += open;
                out.paid_out += paid;
            }
        }
    }
    kept.sort_by(|(a_id, a), (b_id, b)| {
        b.due_date
            .cmp(&a.due_date)
            .then(b.open_amount().cmp(&a.open_amount()))
            .then(a_id.cmp(b_id))
    });
    out.ids = kept
        .into_iter()
        .map(|(id, _)| id)
        .collect::<Vec<_>>()
        .into();
    out
}

/// The index `biz` gives now must be the one built from scratch and the one computed
/// here; returns it.
fn assert_exact(biz: &mut Business, filter: &EntryFilter, today: chrono::NaiveDate) -> EntryIndex {
    let patched = biz.entry_index(filter, today).unwrap();
    let scratch = biz
        .fork(&device("Do zero", 9))
        .entry_index(filter, today)
        .unwrap();
    assert_eq!(patched, scratch, "patched index differs from a fresh one");
    assert_eq!(patched, independent(biz, filter, today));
    patched
}

/// Runs `change`, then checks the index: exact, patched (no pass over the entries) when
/// `patched`, and different from before when `moves` (so a patch that did nothing fails).
fn after(
    biz: &mut Business,
    filter: &EntryFilter,
    today: chrono::NaiveDate,
    what: &str,
    patched: bool,
    moves: bool,
    change: impl FnOnce(&mut Business),
) {
    let before = biz.entry_index(filter, today).unwrap();
    let builds = biz.entry_index_builds();
    change(biz);
    let now = assert_exact(biz, filter, today);
    if patched {
        assert_eq!(
            biz.entry_index_builds(),
            builds,
            "{what}: rebuilt, not patched"
        );
    } else {
        assert_eq!(biz.entry_index_builds(), builds + 1, "{what}: not rebuilt");
    }
    if moves {
        assert_ne!(before, now, "{what}: the change must show in the index");
    } else {
        assert_eq!(before, now, "{what}");
    }
}

fn every_change(filter: impl Fn(&Id) -> EntryFilter) {
    let (mut biz, bank, cash) = shop();
    let today = date("2026-03-05");
    let filter = filter(&bank);
    let f = &filter;
    assert_exact(&mut biz, f, today);

    let mut created = String::new();
    after(&mut biz, f, today, "new entry", true, true, |b| {
        let mut input = NewEntry::new(EntryKind::Payable, "nova", dec("15"), date("2026-03-04"));
        input.account = Some(bank.clone());
        created = b.create_entry(&ctx(), input).unwrap();
    });
    // A partial payment moves the entry among the ties of its day (smaller open amount).
    after(&mut biz, f, today, "partial payment", true, true, |b| {
        pay(b, "2026-03-05", &created, "6", &bank);
    });
    after(&mut biz, f, today, "payment of the rest", true, true, |b| {
        pay(b, "2026-03-05", &created, "9", &cash);
    });
    let (payment, _) = biz
        .entry(&created)
        .unwrap()
        .unwrap()
        .payments
        .into_iter()
        .next()
        .unwrap();
    after(&mut biz, f, today, "voided payment", true, true, |b| {
        b.void_payment(&ctx(), &created, &payment, Some("errado"))
            .unwrap();
    });
    after(&mut biz, f, today, "cancel", true, true, |b| {
        b.cancel_entry(&ctx(), &created, None).unwrap();
    });
    let open = biz
        .entries()
        .unwrap()
        .into_iter()
        .find(|(_, e)| {
            e.payments.is_empty() && e.account.as_ref() == Some(&bank) && e.cancelled.is_none()
        })
        .unwrap();
    after(&mut biz, f, today, "edit", true, true, |b| {
        let (id, e) = open;
        let mut input = NewEntry::new(e.kind, "editada", dec("33.33"), date("2026-02-20"));
        input.account = e.account;
        b.update_entry(&ctx(), &id, input).unwrap();
    });
    after(&mut biz, f, today, "transfer", true, false, |b| {
        b.create_transfer(
            &ctx(),
            NewTransfer {
                date: date("2026-03-05"),
                from: cash.clone(),
                to: bank.clone(),
                amount: dec("10"),
                description: None,
            },
        )
        .unwrap();
    });

    // Changes from another device, applied as the sync applies them.
    let mut other = biz.fork(&device("Outro aparelho", 2));
    let mut input = NewEntry::new(
        EntryKind::Receivable,
        "de lá",
        dec("70"),
        date("2026-03-09"),
    );
    input.account = Some(bank.clone());
    let theirs = other.create_entry(&ctx(), input).unwrap();
    after(&mut biz, f, today, "load_incremental", true, true, |b| {
        b.load_incremental(&other.save_incremental()).unwrap();
    });
    pay(&mut other, "2026-03-05", &theirs, "20", &bank);
    let heads = biz.heads();
    after(&mut biz, f, today, "apply_changes", true, true, |b| {
        b.apply_changes(other.changes_since(&heads)).unwrap();
    });

    // A write the cache cannot attribute to records: the index is rebuilt, still exact.
    after(&mut biz, f, today, "untracked write", false, true, |b| {
        let written = Entry {
            kind: EntryKind::Payable,
            description: "às cegas".into(),
            amount: dec("8"),
            due_date: date("2026-03-03"),
            competence_date: date("2026-03-03"),
            party: None,
            category: None,
            account: Some(bank.clone()),
            document_ref: None,
            source: None,
            created_on: date("2026-03-03"),
            cancelled: None,
            payments: Default::default(),
        };
        b.apply(&ctx(), "ledger.entry.create", |tx| {
            tx.doc_mut();
            tx.put(ENTRIES, "escrita-direta", &written)
        })
        .unwrap();
    });
}

#[test]
fn the_default_view_is_patched_exactly_after_every_kind_of_change() {
    every_change(|_| EntryFilter::default());
}

#[test]
fn a_filtered_view_is_patched_exactly_too() {
    every_change(|bank| EntryFilter {
        status: StatusFilter::Open,
        account: Some(bank.clone()),
        ..EntryFilter::default()
    });
}

#[test]
fn a_new_day_rebuilds_what_depends_on_the_day() {
    let (mut biz, bank, _) = shop();
    let overdue = EntryFilter {
        status: StatusFilter::Overdue,
        ..EntryFilter::default()
    };
    let day = date("2026-03-05");
    assert_exact(&mut biz, &overdue, day);
    let next = date("2026-03-08");
    let before = biz.entry_index(&overdue, day).unwrap();
    let builds = biz.entry_index_builds();
    let now = assert_exact(&mut biz, &overdue, next);
    assert_eq!(biz.entry_index_builds(), builds + 1);
    // More entries are overdue three days later: an index kept from the day before fails.
    assert!(now.ids.len() > before.ids.len());
    // The default view does not depend on the day: patched after a change on a new day.
    let all = EntryFilter::default();
    assert_exact(&mut biz, &all, day);
    after(&mut biz, &all, next, "new day", true, true, |b| {
        let mut input = NewEntry::new(EntryKind::Payable, "amanhã", dec("1"), next);
        input.account = Some(bank.clone());
        b.create_entry(&ctx_on("2026-03-08"), input).unwrap();
    });
}

#[test]
fn another_filter_rebuilds_and_going_back_is_exact() {
    let (mut biz, bank, _) = shop();
    let today = date("2026-03-05");
    let all = EntryFilter::default();
    let by_bank = EntryFilter {
        account: Some(bank.clone()),
        ..EntryFilter::default()
    };
    assert_exact(&mut biz, &all, today);
    let builds = biz.entry_index_builds();
    assert_exact(&mut biz, &by_bank, today);
    assert_exact(&mut biz, &all, today);
    assert_eq!(biz.entry_index_builds(), builds + 2);
    // A window of the index is the same slice of the whole list of ids.
    let index = biz.entry_index(&all, today).unwrap();
    let ids = index.ids.to_vec();
    assert_eq!(index.ids.window(40..70), ids[40..70]);
    assert_eq!(index.ids.window(110..500), ids[110..]);
    assert_eq!(index.ids.get(77), Some(&ids[77]));
}
