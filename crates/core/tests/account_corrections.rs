//! Correcting an account: its opening balance and date can be fixed and every balance
//! follows; an archived (mistaken) account no longer counts in the business's cash flow.

use crate::common;
use common::*;
use retaguarda_core::ledger::reports::Granularity;
use retaguarda_core::ledger::{EntryKind, NewTransfer};

#[test]
fn a_wrong_opening_balance_is_corrected_and_balances_follow() {
    let mut b = new_business();
    let bank = bank_account(&mut b, "10000.00");
    let rent = entry(
        &mut b,
        EntryKind::Payable,
        "Aluguel",
        "1800.00",
        "2026-03-05",
    );
    pay(&mut b, "2026-03-05", &rent, "1800.00", &bank);
    assert_eq!(
        b.account_balance(&bank, date("2026-03-10")).unwrap(),
        dec("8200.00")
    );
    // It was R$ 1.000,00, on 1 March.
    b.correct_opening_balance(&ctx(), &bank, dec("1000.00"), date("2026-03-01"))
        .unwrap();
    let account = b.account(&bank).unwrap().unwrap();
    assert_eq!(account.opening_balance, dec("1000.00"));
    assert_eq!(account.opening_date, date("2026-03-01"));
    assert_eq!(
        b.account_balance(&bank, date("2026-03-10")).unwrap(),
        dec("-800.00")
    );
    assert_eq!(
        b.account_balance(&bank, date("2026-02-28")).unwrap(),
        dec("0")
    );
}

#[test]
fn an_archived_account_cannot_be_corrected_and_a_bad_amount_is_refused() {
    let mut b = new_business();
    let bank = bank_account(&mut b, "100.00");
    let err = assert_rejected_unchanged(&mut b, |b| {
        b.correct_opening_balance(&ctx(), &bank, dec("1.005"), date("2026-03-01"))
    });
    assert!(err.to_string().starts_with("Saldo inicial:"), "{err}");
    b.archive_account(&ctx(), &bank).unwrap();
    let err = assert_rejected_unchanged(&mut b, |b| {
        b.correct_opening_balance(&ctx(), &bank, dec("50.00"), date("2026-03-01"))
    });
    assert!(err.to_string().contains("está arquivada"), "{err}");
}

#[test]
fn an_archived_account_is_left_out_of_the_business_cash_flow() {
    let mut b = new_business();
    let cash = cash_account(&mut b, "100.00");
    // A bank account typed with the wrong balance, used once, then replaced and archived.
    let wrong = bank_account(&mut b, "50000.00");
    let sale = entry(&mut b, EntryKind::Receivable, "Bolo", "30.00", "2026-03-05");
    pay(&mut b, "2026-03-05", &sale, "30.00", &wrong);
    // Its R$ 30,00 of real money moved to the till before archiving.
    let back = NewTransfer {
        date: date("2026-03-06"),
        from: wrong.clone(),
        to: cash.clone(),
        amount: dec("30.00"),
        description: None,
    };
    b.create_transfer(&ctx(), back).unwrap();
    let flow = |b: &retaguarda_core::Business| {
        b.cash_flow(
            date("2026-03-01"),
            date("2026-03-31"),
            Granularity::Month,
            None,
            date("2026-03-10"),
        )
        .unwrap()
    };
    let before = flow(&b);
    assert_eq!(before[0].closing_balance, dec("50130.00"));
    b.archive_account(&ctx(), &wrong).unwrap();
    let after = flow(&b);
    // The till alone: its opening and the R$ 30,00 that came in from the archived account.
    assert_eq!(after[0].realised_in, dec("30.00"));
    assert_eq!(after[0].realised_out, dec("0"));
    assert_eq!(after[0].closing_balance, dec("130.00"));
    // The archived account's own cash flow is still there to read.
    let own = b
        .cash_flow(
            date("2026-03-01"),
            date("2026-03-31"),
            Granularity::Month,
            Some(&wrong),
            date("2026-03-10"),
        )
        .unwrap();
    assert_eq!(own[0].realised_in, dec("30.00"));
    assert_eq!(own[0].realised_out, dec("30.00"));
}
