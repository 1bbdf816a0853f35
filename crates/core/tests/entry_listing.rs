//! Caixa's list: what each filter keeps, the rows' names and amounts, the totals of what is
//! shown, and the order.

use crate::common;
use common::*;
use retaguarda_core::ledger::listing::{EntryFilter, StatusFilter};
use retaguarda_core::ledger::{categories, EntryKind, EntryStatus, NewEntry};
use retaguarda_core::parties::PartyInput;

fn ids(biz: &retaguarda_core::Business, filter: &EntryFilter) -> Vec<String> {
    let mut out: Vec<String> = biz
        .entry_listing(filter, date("2026-03-15"))
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.description)
        .collect();
    out.sort();
    out
}

#[test]
fn filters_totals_and_order() {
    let mut biz = new_business();
    let cash = cash_account(&mut biz, "0");
    let bank = bank_account(&mut biz, "0");
    let landlord = biz
        .create_party(&ctx(), PartyInput::supplier("Imobiliária"))
        .unwrap();
    let mut rent = NewEntry::new(
        EntryKind::Payable,
        "aluguel",
        dec("1000"),
        date("2026-03-10"),
    );
    rent.category = Some(categories::RENT.into());
    rent.party = Some(landlord.clone());
    rent.account = Some(bank.clone());
    let rent = biz.create_entry(&ctx(), rent).unwrap();
    pay(&mut biz, "2026-03-10", &rent, "400", &bank);
    let sale = entry(
        &mut biz,
        EntryKind::Receivable,
        "venda",
        "300",
        "2026-03-20",
    );
    pay(&mut biz, "2026-03-20", &sale, "300", &cash);
    let late = entry(&mut biz, EntryKind::Receivable, "fiado", "50", "2026-03-01");
    let gone = entry(&mut biz, EntryKind::Payable, "luz", "80", "2026-02-01");
    biz.cancel_entry(&ctx(), &gone, None).unwrap();

    let all = biz
        .entry_listing(&EntryFilter::default(), date("2026-03-15"))
        .unwrap();
    // Newest due date first.
    let order: Vec<&str> = all.rows.iter().map(|r| r.description.as_str()).collect();
    assert_eq!(order, ["venda", "aluguel", "fiado", "luz"]);
    assert_eq!((all.open_in, all.paid_in), (dec("50"), dec("300")));
    assert_eq!((all.open_out, all.paid_out), (dec("600"), dec("400")));
    let row = &all.rows[1];
    assert_eq!(row.party.as_deref(), Some("Imobiliária"));
    assert_eq!(row.category.as_deref(), Some("Aluguel"));
    assert_eq!(
        (row.paid, row.open, row.status),
        (dec("400"), dec("600"), EntryStatus::Partial)
    );
    assert!(row.overdue);
    assert!(all.rows[2].overdue && !all.rows[0].overdue);

    let with = |f: fn(&mut EntryFilter)| {
        let mut filter = EntryFilter::default();
        f(&mut filter);
        filter
    };
    assert_eq!(
        ids(&biz, &with(|f| f.status = StatusFilter::Open)),
        ["aluguel", "fiado"]
    );
    assert_eq!(
        ids(&biz, &with(|f| f.status = StatusFilter::Overdue)),
        ["aluguel", "fiado"]
    );
    assert_eq!(
        ids(&biz, &with(|f| f.status = StatusFilter::Partial)),
        ["aluguel"]
    );
    assert_eq!(
        ids(&biz, &with(|f| f.status = StatusFilter::Paid)),
        ["venda"]
    );
    assert_eq!(
        ids(&biz, &with(|f| f.status = StatusFilter::Cancelled)),
        ["luz"]
    );
    assert_eq!(
        ids(&biz, &with(|f| f.kind = Some(EntryKind::Receivable))),
        ["fiado", "venda"]
    );
    assert_eq!(
        ids(
            &biz,
            &with(|f| {
                f.from = Some(date("2026-03-01"));
                f.to = Some(date("2026-03-10"));
            })
        ),
        ["aluguel", "fiado"]
    );
    // A group keeps its subcategories.
    assert_eq!(
        ids(
            &biz,
            &with(|f| f.category = Some("cat.despesas.ocupacao".into()))
        ),
        ["aluguel"]
    );
    // Paid into the account counts as well as expected in it.
    let by_cash = EntryFilter {
        account: Some(cash.clone()),
        ..Default::default()
    };
    assert_eq!(ids(&biz, &by_cash), ["venda"]);
    let by_party = EntryFilter {
        party: Some(landlord),
        ..Default::default()
    };
    assert_eq!(ids(&biz, &by_party), ["aluguel"]);
    let one = EntryFilter {
        only: Some(late),
        ..Default::default()
    };
    let only = biz.entry_listing(&one, date("2026-03-15")).unwrap();
    assert_eq!(only.rows.len(), 1);
    assert_eq!((only.open_in, only.open_out), (dec("50"), dec("0")));
}
