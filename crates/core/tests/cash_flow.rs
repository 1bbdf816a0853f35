//! Cash flow per day and per month, realised and projected.

use crate::common;
use common::*;
use retaguarda_core::ledger::reports::Granularity;
use retaguarda_core::ledger::{EntryKind, NewEntry, NewPayment, NewTransfer};
use retaguarda_core::CoreError;

fn entry(kind: EntryKind, amount: &str, due: &str, account: Option<&str>) -> NewEntry {
    let mut e = NewEntry::new(kind, "x", dec(amount), date(due));
    e.account = account.map(str::to_string);
    e
}

#[test]
fn monthly_realised_and_projected_with_closing_balance() {
    let mut biz = new_business();
    let cash = cash_account(&mut biz, "1000");
    // Realised in February.
    let a = biz
        .create_entry(
            &ctx(),
            entry(EntryKind::Receivable, "400", "2026-02-10", None),
        )
        .unwrap();
    biz.pay_entry(
        &ctx(),
        &a,
        NewPayment {
            date: date("2026-02-10"),
            amount: dec("400"),
            account: cash.clone(),
            note: None,
        },
    )
    .unwrap();
    let b = biz
        .create_entry(&ctx(), entry(EntryKind::Payable, "150", "2026-02-20", None))
        .unwrap();
    biz.pay_entry(
        &ctx(),
        &b,
        NewPayment {
            date: date("2026-02-21"),
            amount: dec("100"),
            account: cash.clone(),
            note: None,
        },
    )
    .unwrap();
    // Open: 50 of b is overdue (projected on today, March); a receivable due in April.
    biz.create_entry(
        &ctx(),
        entry(EntryKind::Receivable, "700", "2026-04-05", None),
    )
    .unwrap();
    // Cancelled entries project nothing.
    let c = biz
        .create_entry(&ctx(), entry(EntryKind::Payable, "999", "2026-04-05", None))
        .unwrap();
    biz.cancel_entry(&ctx(), &c, None).unwrap();

    let rows = biz
        .cash_flow(
            date("2026-02-01"),
            date("2026-04-30"),
            Granularity::Month,
            None,
            date("2026-03-10"),
        )
        .unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].period, date("2026-02-01"));
    assert_eq!(
        (rows[0].realised_in, rows[0].realised_out),
        (dec("400"), dec("100"))
    );
    assert_eq!(
        (rows[0].projected_in, rows[0].projected_out),
        (dec("0"), dec("0"))
    );
    assert_eq!(rows[0].closing_balance, dec("1300"));
    assert_eq!(rows[1].projected_out, dec("50"));
    assert_eq!(rows[1].closing_balance, dec("1250"));
    assert_eq!(rows[2].projected_in, dec("700"));
    assert_eq!(rows[2].closing_balance, dec("1950"));
}

#[test]
fn daily_rows_and_transfers_per_account() {
    let mut biz = new_business();
    let cash = cash_account(&mut biz, "100");
    let bank = bank_account(&mut biz, "0");
    biz.create_transfer(
        &ctx(),
        NewTransfer {
            date: date("2026-03-02"),
            from: cash.clone(),
            to: bank.clone(),
            amount: dec("60"),
            description: None,
        },
    )
    .unwrap();
    biz.create_entry(
        &ctx(),
        entry(EntryKind::Payable, "30", "2026-03-03", Some(&bank)),
    )
    .unwrap();
    biz.create_entry(
        &ctx(),
        entry(EntryKind::Payable, "999", "2026-03-03", Some(&cash)),
    )
    .unwrap();

    let rows = biz
        .cash_flow(
            date("2026-03-01"),
            date("2026-03-03"),
            Granularity::Day,
            Some(&bank),
            date("2026-03-01"),
        )
        .unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1].realised_in, dec("60"));
    assert_eq!(rows[2].projected_out, dec("30"));
    assert_eq!(rows[2].closing_balance, dec("30"));

    // For all accounts the transfer cancels out.
    let all = biz
        .cash_flow(
            date("2026-03-01"),
            date("2026-03-03"),
            Granularity::Day,
            None,
            date("2026-03-01"),
        )
        .unwrap();
    assert_eq!(all[1].realised_in, dec("0"));
    assert_eq!(all[0].closing_balance, dec("100"));
    assert_eq!(all[2].closing_balance, dec("100") - dec("1029"));
}

#[test]
fn rejects_reversed_or_too_long_periods_and_unknown_account() {
    let biz = new_business();
    let err = biz
        .cash_flow(
            date("2026-03-02"),
            date("2026-03-01"),
            Granularity::Day,
            None,
            date("2026-03-01"),
        )
        .unwrap_err();
    assert!(matches!(
        err,
        CoreError::Invalid {
            field: "Período",
            ..
        }
    ));
    let err = biz
        .cash_flow(
            date("2020-01-01"),
            date("2026-01-01"),
            Granularity::Day,
            None,
            date("2026-03-01"),
        )
        .unwrap_err();
    assert!(matches!(
        err,
        CoreError::Invalid {
            field: "Período",
            ..
        }
    ));
    let err = biz
        .cash_flow(
            date("2026-01-01"),
            date("2026-02-01"),
            Granularity::Month,
            Some("nope"),
            date("2026-03-01"),
        )
        .unwrap_err();
    assert!(matches!(err, CoreError::NotFound { .. }));
}
