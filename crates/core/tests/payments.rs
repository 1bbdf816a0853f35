//! Paying and receiving entries: partial and multiple payments, voiding, every rejection.

use crate::common;
use common::*;
use retaguarda_core::ledger::{EntryKind, EntryStatus, NewEntry, NewPayment};
use retaguarda_core::CoreError;

fn pay(acc: &str, amount: &str) -> NewPayment {
    NewPayment {
        date: date("2026-03-10"),
        amount: dec(amount),
        account: acc.into(),
        note: Some("Pix".into()),
    }
}

fn setup() -> (retaguarda_core::Business, String, String) {
    let mut biz = new_business();
    let acc = cash_account(&mut biz, "0");
    let id = biz
        .create_entry(
            &ctx(),
            NewEntry::new(
                EntryKind::Receivable,
                "Bolo de casamento",
                dec("300"),
                date("2026-03-20"),
            ),
        )
        .unwrap();
    (biz, acc, id)
}

#[test]
fn several_partial_payments_settle_the_entry() {
    let (mut biz, acc, id) = setup();
    let p1 = biz.pay_entry(&ctx(), &id, pay(&acc, "100")).unwrap();
    let e = biz.entry(&id).unwrap().unwrap();
    assert_eq!(e.status(), EntryStatus::Partial);
    assert_eq!(e.open_amount(), dec("200"));
    let p2 = biz.pay_entry(&ctx(), &id, pay(&acc, "200.00")).unwrap();
    assert_ne!(p1, p2);
    let e = biz.entry(&id).unwrap().unwrap();
    assert_eq!(e.status(), EntryStatus::Paid);
    assert_eq!(e.payments.len(), 2);
    assert_eq!(e.paid_amount(), dec("300"));
    assert_eq!(e.payments[&p1].note.as_deref(), Some("Pix"));
}

#[test]
fn rejects_more_than_open_amount() {
    let (mut biz, acc, id) = setup();
    biz.pay_entry(&ctx(), &id, pay(&acc, "250")).unwrap();
    let err = assert_rejected_unchanged(&mut biz, |b| b.pay_entry(&ctx(), &id, pay(&acc, "50.01")));
    assert!(matches!(
        err,
        CoreError::Invalid {
            field: "Valor pago",
            ..
        }
    ));
    assert!(err.to_string().contains("R$ 50,00"), "{err}");
}

#[test]
fn rejects_zero_and_sub_centavo() {
    let (mut biz, acc, id) = setup();
    for bad in ["0", "1.001", "-1"] {
        let err = assert_rejected_unchanged(&mut biz, |b| b.pay_entry(&ctx(), &id, pay(&acc, bad)));
        assert!(matches!(
            err,
            CoreError::Invalid {
                field: "Valor pago",
                ..
            }
        ));
    }
}

#[test]
fn rejects_paying_a_settled_or_cancelled_entry() {
    let (mut biz, acc, id) = setup();
    biz.pay_entry(&ctx(), &id, pay(&acc, "300")).unwrap();
    let err = assert_rejected_unchanged(&mut biz, |b| b.pay_entry(&ctx(), &id, pay(&acc, "1")));
    assert!(err.to_string().contains("quitado"));
    let other = biz
        .create_entry(
            &ctx(),
            NewEntry::new(EntryKind::Payable, "Farinha", dec("80"), date("2026-03-20")),
        )
        .unwrap();
    biz.cancel_entry(&ctx(), &other, None).unwrap();
    let err = assert_rejected_unchanged(&mut biz, |b| b.pay_entry(&ctx(), &other, pay(&acc, "1")));
    assert!(err.to_string().contains("cancelado"));
}

#[test]
fn rejects_unknown_entry_unknown_and_archived_account() {
    let (mut biz, acc, id) = setup();
    let err = assert_rejected_unchanged(&mut biz, |b| b.pay_entry(&ctx(), "nope", pay(&acc, "1")));
    assert!(matches!(
        err,
        CoreError::NotFound {
            what: "Lançamento",
            ..
        }
    ));
    let err = assert_rejected_unchanged(&mut biz, |b| b.pay_entry(&ctx(), &id, pay("nope", "1")));
    assert!(matches!(err, CoreError::NotFound { what: "Conta", .. }));
    biz.archive_account(&ctx(), &acc).unwrap();
    let err = assert_rejected_unchanged(&mut biz, |b| b.pay_entry(&ctx(), &id, pay(&acc, "1")));
    assert!(matches!(err, CoreError::Invalid { field: "Conta", .. }));
}

#[test]
fn voiding_a_payment_reopens_the_amount() {
    let (mut biz, acc, id) = setup();
    let p = biz.pay_entry(&ctx(), &id, pay(&acc, "300")).unwrap();
    biz.void_payment(&ctx(), &id, &p, Some("Pix devolvido"))
        .unwrap();
    let e = biz.entry(&id).unwrap().unwrap();
    assert_eq!(e.status(), EntryStatus::Open);
    assert_eq!(e.open_amount(), dec("300"));
    assert_eq!(
        e.payments[&p].voided.as_ref().unwrap().reason.as_deref(),
        Some("Pix devolvido")
    );
    assert_eq!(
        biz.account_balance(&acc, date("2026-12-31")).unwrap(),
        dec("0")
    );
}

#[test]
fn rejects_voiding_twice_or_unknown_payment() {
    let (mut biz, acc, id) = setup();
    let p = biz.pay_entry(&ctx(), &id, pay(&acc, "300")).unwrap();
    biz.void_payment(&ctx(), &id, &p, None).unwrap();
    let err = assert_rejected_unchanged(&mut biz, |b| b.void_payment(&ctx(), &id, &p, None));
    assert!(matches!(err, CoreError::NotAllowed(_)));
    let err = assert_rejected_unchanged(&mut biz, |b| b.void_payment(&ctx(), &id, "nope", None));
    assert!(matches!(
        err,
        CoreError::NotFound {
            what: "Pagamento",
            ..
        }
    ));
}
