//! Accounts: open, rename, archive, and every rejection.

use crate::common;
use common::*;
use retaguarda_core::ledger::{AccountKind, NewAccount};
use retaguarda_core::CoreError;

fn input(name: &str, opening: &str) -> NewAccount {
    NewAccount {
        name: name.into(),
        kind: AccountKind::Bank,
        opening_balance: dec(opening),
        opening_date: date("2026-01-01"),
    }
}

#[test]
fn opens_an_account_with_opening_balance() {
    let mut biz = new_business();
    let id = biz
        .create_account(&ctx(), input("  Itaú  ", "-150.5"))
        .unwrap();
    let acc = biz.account(&id).unwrap().unwrap();
    assert_eq!(acc.name, "Itaú");
    assert_eq!(acc.opening_balance, dec("-150.50"));
    assert_eq!(acc.kind, AccountKind::Bank);
    assert!(!acc.archived);
    assert_eq!(biz.accounts().unwrap().len(), 1);
}

#[test]
fn rejects_blank_name() {
    let mut biz = new_business();
    let err = assert_rejected_unchanged(&mut biz, |b| b.create_account(&ctx(), input(" ", "0")));
    assert!(matches!(
        err,
        CoreError::Invalid {
            field: "Nome da conta",
            ..
        }
    ));
}

#[test]
fn rejects_fractions_of_centavos() {
    let mut biz = new_business();
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.create_account(&ctx(), input("Caixa", "1.001"))
    });
    assert!(matches!(
        err,
        CoreError::Invalid {
            field: "Saldo inicial",
            ..
        }
    ));
    assert!(err.to_string().contains("centavos"));
}

#[test]
fn rejects_duplicate_name_ignoring_case() {
    let mut biz = new_business();
    biz.create_account(&ctx(), input("Caixa", "0")).unwrap();
    let err =
        assert_rejected_unchanged(&mut biz, |b| b.create_account(&ctx(), input("CAIXA", "0")));
    assert!(matches!(err, CoreError::Duplicate(_)));
}

#[test]
fn renames_and_rejects_clash_blank_and_unknown() {
    let mut biz = new_business();
    let a = biz.create_account(&ctx(), input("Caixa", "0")).unwrap();
    biz.create_account(&ctx(), input("Banco", "0")).unwrap();
    biz.rename_account(&ctx(), &a, "Caixa da loja").unwrap();
    assert_eq!(biz.account(&a).unwrap().unwrap().name, "Caixa da loja");
    let err = assert_rejected_unchanged(&mut biz, |b| b.rename_account(&ctx(), &a, "banco"));
    assert!(matches!(err, CoreError::Duplicate(_)));
    let err = assert_rejected_unchanged(&mut biz, |b| b.rename_account(&ctx(), &a, ""));
    assert!(matches!(err, CoreError::Invalid { .. }));
    let err = assert_rejected_unchanged(&mut biz, |b| b.rename_account(&ctx(), "nope", "X"));
    assert!(matches!(err, CoreError::NotFound { what: "Conta", .. }));
}

#[test]
fn archives_once() {
    let mut biz = new_business();
    let a = biz.create_account(&ctx(), input("Caixa", "0")).unwrap();
    biz.archive_account(&ctx(), &a).unwrap();
    assert!(biz.account(&a).unwrap().unwrap().archived);
    let err = assert_rejected_unchanged(&mut biz, |b| b.archive_account(&ctx(), &a));
    assert!(matches!(err, CoreError::NotAllowed(_)));
    let err = assert_rejected_unchanged(&mut biz, |b| b.archive_account(&ctx(), "nope"));
    assert!(matches!(err, CoreError::NotFound { .. }));
    // The name of an archived account can be reused.
    biz.create_account(&ctx(), input("Caixa", "0")).unwrap();
}
