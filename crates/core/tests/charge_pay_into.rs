//! Marking a charge paid is one operation: into an existing account, or into a cash
//! account "Caixa" opened in the same change when the business has none yet.

use crate::common;
use common::*;
use retaguarda_core::charges::{ChargeStatus, PayInto, NEW_CASH_ACCOUNT_NAME};
use retaguarda_core::ledger::{AccountKind, EntryStatus};
use retaguarda_core::parties::PartyInput;

#[test]
fn paying_with_no_account_opens_the_cash_drawer_in_the_same_change() {
    let mut biz = new_business();
    let maria = biz
        .create_party(&ctx(), PartyInput::customer("Maria"))
        .unwrap();
    let id = charge(&mut biz, &maria, "150.00", "2026-03-20");
    assert!(biz.accounts().unwrap().is_empty());
    let changes = biz.audit_log().unwrap().len();
    biz.pay_charge_into(
        &ctx_on("2026-03-12"),
        &id,
        date("2026-03-12"),
        PayInto::NewCash,
    )
    .unwrap();
    assert_eq!(biz.audit_log().unwrap().len(), changes + 1);
    let accounts = biz.accounts().unwrap();
    assert_eq!(accounts.len(), 1);
    let (cash, account) = &accounts[0];
    assert_eq!(account.name, NEW_CASH_ACCOUNT_NAME);
    assert_eq!(account.kind, AccountKind::Cash);
    assert_eq!(account.opening_balance, dec("0.00"));
    let view = biz.charge_view(&id, date("2026-03-12")).unwrap();
    assert_eq!(view.status, ChargeStatus::Paid);
    let paid = view.charge.paid.unwrap();
    assert_eq!(&paid.account, cash);
    assert_eq!(paid.amount, dec("150.00"));
    assert_eq!(paid.date, date("2026-03-12"));
    let entry = biz.entry(&view.charge.entry).unwrap().unwrap();
    assert_eq!(entry.status(), EntryStatus::Paid);
    assert_eq!(
        biz.account_balance(cash, date("2026-03-12")).unwrap(),
        dec("150.00")
    );
}

#[test]
fn paying_into_an_existing_account() {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "1000.00");
    let maria = biz
        .create_party(&ctx(), PartyInput::customer("Maria"))
        .unwrap();
    let id = charge(&mut biz, &maria, "80.00", "2026-03-20");
    biz.pay_charge_into(
        &ctx(),
        &id,
        date("2026-03-10"),
        PayInto::Account(bank.clone()),
    )
    .unwrap();
    assert_eq!(biz.accounts().unwrap().len(), 1);
    assert_eq!(
        biz.account_balance(&bank, date("2026-03-10")).unwrap(),
        dec("1080.00")
    );
}

#[test]
fn a_refused_payment_opens_no_account() {
    let mut biz = new_business();
    let maria = biz
        .create_party(&ctx(), PartyInput::customer("Maria"))
        .unwrap();
    let id = charge(&mut biz, &maria, "80.00", "2026-03-20");
    biz.cancel_charge(&ctx(), &id, None).unwrap();
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.pay_charge_into(&ctx(), &id, date("2026-03-10"), PayInto::NewCash)
    });
    assert_eq!(
        err.to_string(),
        "Esta cobrança foi cancelada e não pode ser paga."
    );
    assert!(biz.accounts().unwrap().is_empty());
}
