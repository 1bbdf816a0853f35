//! Payable and receivable entries: create, cancel, and every rejection.

use crate::common;
use common::*;
use retaguarda_core::ledger::{categories, EntryKind, EntryStatus, NewEntry, NewPayment};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::CoreError;

fn rent() -> NewEntry {
    let mut e = NewEntry::new(
        EntryKind::Payable,
        "Aluguel de março",
        dec("1500"),
        date("2026-03-05"),
    );
    e.category = Some(categories::RENT.into());
    e.competence_date = Some(date("2026-03-01"));
    e.document_ref = Some(" REC-12 ".into());
    e
}

#[test]
fn records_a_payable_with_all_fields() {
    let mut biz = new_business();
    let acc = cash_account(&mut biz, "0");
    let party = biz
        .create_party(&ctx(), PartyInput::supplier("Imobiliária Central"))
        .unwrap();
    let mut input = rent();
    input.account = Some(acc.clone());
    input.party = Some(party.clone());
    let id = biz.create_entry(&ctx(), input).unwrap();
    let e = biz.entry(&id).unwrap().unwrap();
    assert_eq!(e.kind, EntryKind::Payable);
    assert_eq!(e.amount, dec("1500.00"));
    assert_eq!(e.competence_date, date("2026-03-01"));
    assert_eq!(e.document_ref.as_deref(), Some("REC-12"));
    assert_eq!(e.party.as_deref(), Some(party.as_str()));
    assert_eq!(e.account.as_deref(), Some(acc.as_str()));
    assert_eq!(e.status(), EntryStatus::Open);
    assert_eq!(e.open_amount(), dec("1500"));
    assert!(!e.is_overdue(date("2026-03-05")));
    assert!(e.is_overdue(date("2026-03-06")));
    assert_eq!(biz.entries().unwrap().len(), 1);
}

#[test]
fn competence_defaults_to_due_date() {
    let mut biz = new_business();
    let id = biz
        .create_entry(
            &ctx(),
            NewEntry::new(
                EntryKind::Receivable,
                "Venda a prazo",
                dec("10"),
                date("2026-04-01"),
            ),
        )
        .unwrap();
    assert_eq!(
        biz.entry(&id).unwrap().unwrap().competence_date,
        date("2026-04-01")
    );
}

#[test]
fn rejects_blank_description() {
    let mut biz = new_business();
    let mut e = rent();
    e.description = "  ".into();
    let err = assert_rejected_unchanged(&mut biz, |b| b.create_entry(&ctx(), e));
    assert!(matches!(
        err,
        CoreError::Invalid {
            field: "Descrição",
            ..
        }
    ));
}

#[test]
fn rejects_zero_negative_and_sub_centavo_amounts() {
    let mut biz = new_business();
    for bad in ["0", "-5", "10.005"] {
        let mut e = rent();
        e.amount = dec(bad);
        let err = assert_rejected_unchanged(&mut biz, |b| b.create_entry(&ctx(), e));
        assert!(
            matches!(err, CoreError::Invalid { field: "Valor", .. }),
            "{bad}: {err}"
        );
    }
}

#[test]
fn rejects_income_category_on_a_payable() {
    let mut biz = new_business();
    let mut e = rent();
    e.category = Some(categories::SALES_OF_GOODS.into());
    let err = assert_rejected_unchanged(&mut biz, |b| b.create_entry(&ctx(), e));
    assert!(matches!(
        err,
        CoreError::Invalid {
            field: "Categoria",
            ..
        }
    ));
    assert!(err.to_string().contains("despesa"));
}

#[test]
fn rejects_unknown_category_account_and_party() {
    let mut biz = new_business();
    let mut e = rent();
    e.category = Some("nope".into());
    let err = assert_rejected_unchanged(&mut biz, |b| b.create_entry(&ctx(), e));
    assert!(matches!(
        err,
        CoreError::NotFound {
            what: "Categoria",
            ..
        }
    ));
    let mut e = rent();
    e.account = Some("nope".into());
    let err = assert_rejected_unchanged(&mut biz, |b| b.create_entry(&ctx(), e));
    assert!(matches!(err, CoreError::NotFound { what: "Conta", .. }));
    let mut e = rent();
    e.party = Some("nope".into());
    let err = assert_rejected_unchanged(&mut biz, |b| b.create_entry(&ctx(), e));
    assert!(matches!(err, CoreError::NotFound { .. }));
}

#[test]
fn rejects_archived_account() {
    let mut biz = new_business();
    let acc = cash_account(&mut biz, "0");
    biz.archive_account(&ctx(), &acc).unwrap();
    let mut e = rent();
    e.account = Some(acc);
    let err = assert_rejected_unchanged(&mut biz, |b| b.create_entry(&ctx(), e));
    assert!(matches!(err, CoreError::Invalid { field: "Conta", .. }));
}

#[test]
fn cancels_an_open_entry() {
    let mut biz = new_business();
    let id = biz.create_entry(&ctx(), rent()).unwrap();
    biz.cancel_entry(&ctx(), &id, Some("Contrato encerrado"))
        .unwrap();
    let e = biz.entry(&id).unwrap().unwrap();
    assert_eq!(e.status(), EntryStatus::Cancelled);
    assert_eq!(e.open_amount(), dec("0"));
    let c = e.cancelled.unwrap();
    assert_eq!(c.reason.as_deref(), Some("Contrato encerrado"));
    assert_eq!(c.date, ctx().today);
}

#[test]
fn cancel_keeps_partial_payments() {
    let mut biz = new_business();
    let acc = cash_account(&mut biz, "0");
    let id = biz.create_entry(&ctx(), rent()).unwrap();
    biz.pay_entry(
        &ctx(),
        &id,
        NewPayment {
            date: date("2026-03-05"),
            amount: dec("500"),
            account: acc,
            note: None,
        },
    )
    .unwrap();
    biz.cancel_entry(&ctx(), &id, None).unwrap();
    let e = biz.entry(&id).unwrap().unwrap();
    assert_eq!(e.paid_amount(), dec("500"));
    assert_eq!(e.open_amount(), dec("0"));
}

#[test]
fn rejects_cancelling_twice_paid_or_unknown() {
    let mut biz = new_business();
    let acc = cash_account(&mut biz, "0");
    let id = biz.create_entry(&ctx(), rent()).unwrap();
    biz.cancel_entry(&ctx(), &id, None).unwrap();
    let err = assert_rejected_unchanged(&mut biz, |b| b.cancel_entry(&ctx(), &id, None));
    assert!(matches!(err, CoreError::NotAllowed(_)));
    let paid = biz.create_entry(&ctx(), rent()).unwrap();
    biz.pay_entry(
        &ctx(),
        &paid,
        NewPayment {
            date: date("2026-03-05"),
            amount: dec("1500"),
            account: acc,
            note: None,
        },
    )
    .unwrap();
    let err = assert_rejected_unchanged(&mut biz, |b| b.cancel_entry(&ctx(), &paid, None));
    assert!(err.to_string().contains("quitado"));
    let err = assert_rejected_unchanged(&mut biz, |b| b.cancel_entry(&ctx(), "nope", None));
    assert!(matches!(
        err,
        CoreError::NotFound {
            what: "Lançamento",
            ..
        }
    ));
}

#[test]
fn edits_an_entry_keeping_its_payments() {
    let mut biz = new_business();
    let acc = cash_account(&mut biz, "0");
    let id = biz.create_entry(&ctx(), rent()).unwrap();
    let pid = biz
        .pay_entry(
            &ctx(),
            &id,
            NewPayment {
                date: date("2026-03-05"),
                amount: dec("500"),
                account: acc,
                note: None,
            },
        )
        .unwrap();
    let mut edit = rent();
    edit.description = "Aluguel de março (reajustado)".into();
    edit.amount = dec("1600");
    edit.due_date = date("2026-03-06");
    biz.update_entry(&ctx(), &id, edit).unwrap();
    let e = biz.entry(&id).unwrap().unwrap();
    assert_eq!(e.description, "Aluguel de março (reajustado)");
    assert_eq!(e.amount, dec("1600"));
    assert_eq!(e.due_date, date("2026-03-06"));
    assert!(e.payments.contains_key(&pid));
    assert_eq!(e.open_amount(), dec("1100"));
}

#[test]
fn rejects_edits_below_paid_of_other_kind_cancelled_or_unknown() {
    let mut biz = new_business();
    let acc = cash_account(&mut biz, "0");
    let id = biz.create_entry(&ctx(), rent()).unwrap();
    biz.pay_entry(
        &ctx(),
        &id,
        NewPayment {
            date: date("2026-03-05"),
            amount: dec("500"),
            account: acc,
            note: None,
        },
    )
    .unwrap();
    let mut low = rent();
    low.amount = dec("499.99");
    let err = assert_rejected_unchanged(&mut biz, |b| b.update_entry(&ctx(), &id, low));
    assert!(err.to_string().contains("R$ 500,00"), "{err}");
    let mut other_kind = rent();
    other_kind.kind = EntryKind::Receivable;
    other_kind.category = None;
    let err = assert_rejected_unchanged(&mut biz, |b| b.update_entry(&ctx(), &id, other_kind));
    assert!(matches!(err, CoreError::Invalid { field: "Tipo", .. }));
    let mut blank = rent();
    blank.description = String::new();
    let err = assert_rejected_unchanged(&mut biz, |b| b.update_entry(&ctx(), &id, blank));
    assert!(matches!(
        err,
        CoreError::Invalid {
            field: "Descrição",
            ..
        }
    ));
    let err = assert_rejected_unchanged(&mut biz, |b| b.update_entry(&ctx(), "nope", rent()));
    assert!(matches!(err, CoreError::NotFound { .. }));
    let cancelled = biz.create_entry(&ctx(), rent()).unwrap();
    biz.cancel_entry(&ctx(), &cancelled, None).unwrap();
    let err = assert_rejected_unchanged(&mut biz, |b| b.update_entry(&ctx(), &cancelled, rent()));
    assert!(matches!(err, CoreError::NotAllowed(_)));
}

#[test]
fn rejects_editing_the_entry_of_a_charge() {
    let mut biz = new_business();
    let customer = biz
        .create_party(&ctx(), PartyInput::customer("Maria"))
        .unwrap();
    let charge = biz
        .create_charges(
            &ctx(),
            retaguarda_core::charges::NewCharge {
                party: customer,
                amount: dec("50"),
                first_due_date: date("2026-03-31"),
                method: retaguarda_core::charges::ChargeMethod::Pix,
                description: "Bolo".into(),
                installments: 1,
                category: None,
                account: None,
            },
        )
        .unwrap()
        .remove(0);
    let entry = biz.charge_view(&charge, ctx().today).unwrap().charge.entry;
    let input = NewEntry::new(
        EntryKind::Receivable,
        "Outro",
        dec("10"),
        date("2026-03-31"),
    );
    let err = assert_rejected_unchanged(&mut biz, |b| b.update_entry(&ctx(), &entry, input));
    assert!(matches!(err, CoreError::NotAllowed(_)));
}
