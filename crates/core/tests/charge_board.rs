//! The Cobranças list is one query: each status's count and total, the rows of a status in
//! the order a person reads them, and the search by customer name ignoring accents.

use crate::common;
use common::*;
use retaguarda_core::charges::ChargeStatus;
use retaguarda_core::parties::PartyInput;

#[test]
fn counts_and_totals_per_status_follow_the_search() {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "0");
    let joao = biz
        .create_party(&ctx(), PartyInput::customer("João Araújo"))
        .unwrap();
    let maria = biz
        .create_party(&ctx(), PartyInput::customer("Maria Souza"))
        .unwrap();
    let late = charge(&mut biz, &joao, "10.50", "2026-03-01");
    let soon = charge(&mut biz, &joao, "20.25", "2026-03-20");
    let later = charge(&mut biz, &maria, "100.00", "2026-04-20");
    let paid = charge(&mut biz, &maria, "30.00", "2026-03-25");
    let gone = charge(&mut biz, &joao, "7.00", "2026-03-22");
    biz.pay_charge_into(
        &ctx(),
        &paid,
        date("2026-03-10"),
        retaguarda_core::charges::PayInto::Account(bank),
    )
    .unwrap();
    biz.cancel_charge(&ctx(), &gone, Some("engano")).unwrap();

    let today = date("2026-03-10");
    let board = biz.charge_board(today, "").unwrap();
    let pending = board.total(ChargeStatus::Pending);
    assert_eq!((pending.count, pending.total), (2, dec("120.25")));
    let overdue = board.total(ChargeStatus::Overdue);
    assert_eq!((overdue.count, overdue.total), (1, dec("10.50")));
    assert_eq!(board.total(ChargeStatus::Paid).total, dec("30.00"));
    assert_eq!(board.total(ChargeStatus::Cancelled).count, 1);
    assert_eq!(board.total(ChargeStatus::Conflict).count, 0);
    let rows = board.rows(ChargeStatus::Pending);
    let ids: Vec<_> = rows.iter().map(|r| r.view.id.clone()).collect();
    assert_eq!(ids, vec![soon.clone(), later]);
    assert_eq!(rows[0].party_name, "João Araújo");
    let late_row = &board.rows(ChargeStatus::Overdue)[0];
    assert_eq!(late_row.view.id, late);
    assert_eq!(late_row.view.days_overdue(today), 9);
    assert_eq!(rows[0].view.days_overdue(today), 0);

    // "joao araujo" finds "João Araújo", and only his charges count.
    let board = biz.charge_board(today, "  JOAO arau ").unwrap();
    let pending = board.total(ChargeStatus::Pending);
    assert_eq!((pending.count, pending.total), (1, dec("20.25")));
    assert_eq!(board.total(ChargeStatus::Paid).count, 0);
    assert_eq!(board.total(ChargeStatus::Cancelled).count, 1);
    assert!(biz
        .charge_board(today, "pedro")
        .unwrap()
        .rows(ChargeStatus::Pending)
        .is_empty());
}

#[test]
fn paid_and_cancelled_rows_come_newest_first() {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "0");
    let ana = biz
        .create_party(&ctx(), PartyInput::customer("Ana"))
        .unwrap();
    let first = charge(&mut biz, &ana, "10.00", "2026-03-15");
    let second = charge(&mut biz, &ana, "10.00", "2026-03-25");
    for id in [&first, &second] {
        biz.pay_charge_into(
            &ctx(),
            id,
            date("2026-03-10"),
            retaguarda_core::charges::PayInto::Account(bank.clone()),
        )
        .unwrap();
    }
    let rows = biz
        .charge_board(date("2026-03-10"), "")
        .unwrap()
        .rows(ChargeStatus::Paid);
    let ids: Vec<_> = rows.into_iter().map(|r| r.view.id).collect();
    assert_eq!(ids, vec![second, first]);
}
