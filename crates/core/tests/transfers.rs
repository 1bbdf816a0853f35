//! Transfers between accounts and their rejections.

use crate::common;
use common::*;
use retaguarda_core::ledger::NewTransfer;
use retaguarda_core::CoreError;

fn transfer(from: &str, to: &str, amount: &str) -> NewTransfer {
    NewTransfer {
        date: date("2026-03-10"),
        from: from.into(),
        to: to.into(),
        amount: dec(amount),
        description: Some("Depósito".into()),
    }
}

#[test]
fn moves_money_between_accounts() {
    let mut biz = new_business();
    let cash = cash_account(&mut biz, "500");
    let bank = bank_account(&mut biz, "0");
    let id = biz
        .create_transfer(&ctx(), transfer(&cash, &bank, "200"))
        .unwrap();
    let (tid, t) = &biz.transfers().unwrap()[0];
    assert_eq!(tid, &id);
    assert_eq!(t.amount, dec("200.00"));
    assert_eq!(
        biz.account_balance(&cash, date("2026-03-10")).unwrap(),
        dec("300")
    );
    assert_eq!(
        biz.account_balance(&bank, date("2026-03-10")).unwrap(),
        dec("200")
    );
    assert_eq!(
        biz.account_balance(&bank, date("2026-03-09")).unwrap(),
        dec("0")
    );
}

#[test]
fn rejects_same_account_bad_amount_and_unknown_accounts() {
    let mut biz = new_business();
    let cash = cash_account(&mut biz, "500");
    let bank = bank_account(&mut biz, "0");
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.create_transfer(&ctx(), transfer(&cash, &cash, "1"))
    });
    assert!(matches!(
        err,
        CoreError::Invalid {
            field: "Conta de destino",
            ..
        }
    ));
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.create_transfer(&ctx(), transfer(&cash, &bank, "0"))
    });
    assert!(matches!(err, CoreError::Invalid { field: "Valor", .. }));
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.create_transfer(&ctx(), transfer("nope", &bank, "1"))
    });
    assert!(matches!(err, CoreError::NotFound { .. }));
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.create_transfer(&ctx(), transfer(&cash, "nope", "1"))
    });
    assert!(matches!(err, CoreError::NotFound { .. }));
    biz.archive_account(&ctx(), &bank).unwrap();
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.create_transfer(&ctx(), transfer(&cash, &bank, "1"))
    });
    assert!(matches!(err, CoreError::Invalid { field: "Conta", .. }));
}
