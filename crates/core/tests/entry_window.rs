//! Caixa's list read a window at a time (issue 31): `entry_index` gives the kept ids in the
//! list's order with the totals of all of them, and `entry_rows` draws only the ids asked
//! for. Together they must say exactly what the whole `entry_listing` says, before and
//! after a change, and the order must be the documented one (newest due date first, on one
//! day the larger open amount first, then by id), checked here against a sort of `entries()`.

use crate::common;
use common::*;
use retaguarda_core::ledger::listing::{EntryFilter, StatusFilter};
use retaguarda_core::ledger::{EntryKind, NewEntry};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::Business;
use rust_decimal::Decimal;

/// 240 entries over 30 days, several on each day with equal amounts (ties), some paid in
/// part or whole, some with a supplier.
fn shop() -> (Business, String) {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "0");
    let supplier = biz
        .create_party(&ctx(), PartyInput::supplier("Atacado Bom Preço"))
        .unwrap();
    for i in 0..240u32 {
        let kind = if i % 3 == 0 {
            EntryKind::Receivable
        } else {
            EntryKind::Payable
        };
        let due = date("2026-03-01") + chrono::Days::new(u64::from(i % 30));
        let amount = Decimal::from(10 + (i % 4) * 5);
        let mut input = NewEntry::new(kind, format!("conta {i}"), amount, due);
        if i % 5 == 0 {
            input.party = Some(supplier.clone());
        }
        let id = biz.create_entry(&ctx(), input).unwrap();
        match i % 7 {
            0 => pay(&mut biz, "2026-03-02", &id, "5", &bank),
            1 => pay(&mut biz, "2026-03-02", &id, &amount.to_string(), &bank),
            _ => {}
        }
    }
    (biz, bank)
}

/// The ids in the documented order, computed here from the entries themselves.
fn expected_order(biz: &Business, today: chrono::NaiveDate, overdue_only: bool) -> Vec<String> {
    let mut all: Vec<_> = biz
        .entries()
        .unwrap()
        .into_iter()
        .filter(|(_, e)| !overdue_only || e.is_overdue(today))
        .map(|(id, e)| (e.due_date, e.open_amount(), id))
        .collect();
    all.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    all.into_iter().map(|(_, _, id)| id).collect()
}

fn assert_windows_match(biz: &Business, filter: &EntryFilter) {
    let today = date("2026-03-15");
    let whole = biz.entry_listing(filter, today).unwrap();
    let index = biz.entry_index(filter, today).unwrap();
    assert_eq!(index.ids.len(), whole.rows.len());
    assert_eq!(
        (index.open_in, index.open_out, index.paid_in, index.paid_out),
        (whole.open_in, whole.open_out, whole.paid_in, whole.paid_out)
    );
    for (start, end) in [(0, 30), (17, 48), (200, 240), (230, 400)] {
        let end = end.min(index.ids.len());
        let start = start.min(end);
        let rows = biz
            .entry_rows(&index.ids.window(start..end), today)
            .unwrap();
        assert_eq!(rows, whole.rows[start..end], "window {start}..{end}");
    }
}

#[test]
fn a_window_of_rows_is_the_same_part_of_the_whole_list() {
    let (biz, _) = shop();
    let today = date("2026-03-15");
    let index = biz.entry_index(&EntryFilter::default(), today).unwrap();
    assert_eq!(index.ids.len(), 240);
    assert_eq!(index.ids, expected_order(&biz, today, false));
    assert_windows_match(&biz, &EntryFilter::default());
    let overdue = EntryFilter {
        status: StatusFilter::Overdue,
        ..EntryFilter::default()
    };
    let late = biz.entry_index(&overdue, today).unwrap();
    assert_eq!(late.ids, expected_order(&biz, today, true));
    assert!(!late.ids.is_empty() && late.ids.len() < 240);
    assert_windows_match(&biz, &overdue);

    // The rows name the supplier and show what is paid and open.
    let rows = biz.entry_rows(&index.ids.to_vec(), today).unwrap();
    let with_supplier = rows.iter().find(|r| r.description == "conta 0").unwrap();
    assert_eq!(with_supplier.party.as_deref(), Some("Atacado Bom Preço"));
    assert_eq!(
        (with_supplier.paid, with_supplier.open),
        (dec("5"), dec("5"))
    );
}

#[test]
fn after_a_change_the_index_and_the_rows_follow_it() {
    let (mut biz, bank) = shop();
    let today = date("2026-03-15");
    let late = NewEntry::new(EntryKind::Payable, "a nova", dec("99"), date("2027-01-01"));
    let new = biz.create_entry(&ctx(), late).unwrap();
    let index = biz.entry_index(&EntryFilter::default(), today).unwrap();
    // The newest due date is first.
    assert_eq!(index.ids.first(), Some(&new));
    assert_eq!(index.ids.len(), 241);
    pay(&mut biz, "2026-03-15", &new, "99", &bank);
    let row = biz.entry_rows(std::slice::from_ref(&new), today).unwrap();
    assert_eq!((row[0].paid, row[0].open), (dec("99"), dec("0")));
    assert_windows_match(&biz, &EntryFilter::default());
    // An id that is not (or no longer) an entry draws no row.
    let rows = biz
        .entry_rows(&["nao-existe".to_string(), new.clone()], today)
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, new);
}
