//! Balances per account at any date.

use crate::common;
use common::*;
use retaguarda_core::ledger::{
    AccountKind, EntryKind, NewAccount, NewEntry, NewPayment, NewTransfer,
};
use retaguarda_core::CoreError;

#[test]
fn balance_is_opening_plus_payments_and_transfers_up_to_the_date() {
    let mut biz = new_business();
    let cash = cash_account(&mut biz, "100"); // opening date 2026-01-01
    let bank = bank_account(&mut biz, "1000");
    let sale = biz
        .create_entry(
            &ctx(),
            NewEntry::new(
                EntryKind::Receivable,
                "Encomenda",
                dec("250"),
                date("2026-02-01"),
            ),
        )
        .unwrap();
    let bill = biz
        .create_entry(
            &ctx(),
            NewEntry::new(
                EntryKind::Payable,
                "Energia",
                dec("180.40"),
                date("2026-02-10"),
            ),
        )
        .unwrap();
    biz.pay_entry(
        &ctx(),
        &sale,
        NewPayment {
            date: date("2026-02-01"),
            amount: dec("250"),
            account: cash.clone(),
            note: None,
        },
    )
    .unwrap();
    biz.pay_entry(
        &ctx(),
        &bill,
        NewPayment {
            date: date("2026-02-10"),
            amount: dec("180.40"),
            account: bank.clone(),
            note: None,
        },
    )
    .unwrap();
    biz.create_transfer(
        &ctx(),
        NewTransfer {
            date: date("2026-02-15"),
            from: cash.clone(),
            to: bank.clone(),
            amount: dec("300"),
            description: None,
        },
    )
    .unwrap();

    assert_eq!(
        biz.account_balance(&cash, date("2025-12-31")).unwrap(),
        dec("0")
    );
    assert_eq!(
        biz.account_balance(&cash, date("2026-01-01")).unwrap(),
        dec("100")
    );
    assert_eq!(
        biz.account_balance(&cash, date("2026-02-01")).unwrap(),
        dec("350")
    );
    assert_eq!(
        biz.account_balance(&cash, date("2026-02-15")).unwrap(),
        dec("50")
    );
    assert_eq!(
        biz.account_balance(&bank, date("2026-02-10")).unwrap(),
        dec("819.60")
    );
    assert_eq!(
        biz.account_balance(&bank, date("2026-02-15")).unwrap(),
        dec("1119.60")
    );

    let all = biz.balances(date("2026-02-15")).unwrap();
    let total: rust_decimal::Decimal = all.iter().map(|b| b.balance).sum();
    assert_eq!(total, dec("1169.60"));
    assert!(all
        .iter()
        .any(|b| b.id == cash && b.kind == AccountKind::Cash && b.name == "Caixa da loja"));
}

#[test]
fn an_account_opened_later_counts_from_its_opening_date() {
    let mut biz = new_business();
    let acc = biz
        .create_account(
            &ctx(),
            NewAccount {
                name: "Poupança".into(),
                kind: AccountKind::Other,
                opening_balance: dec("50"),
                opening_date: date("2026-03-01"),
            },
        )
        .unwrap();
    assert_eq!(
        biz.account_balance(&acc, date("2026-02-28")).unwrap(),
        dec("0")
    );
    assert_eq!(
        biz.account_balance(&acc, date("2026-03-01")).unwrap(),
        dec("50")
    );
}

#[test]
fn unknown_account_is_an_error() {
    let biz = new_business();
    let err = biz.account_balance("nope", date("2026-03-01")).unwrap_err();
    assert!(matches!(err, CoreError::NotFound { what: "Conta", .. }));
}
