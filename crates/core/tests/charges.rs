//! Cobranças: create (with installments), pay with the ledger receipt in the same change,
//! cancel, derived overdue, and every rejection.

use crate::common;
use common::*;
use retaguarda_core::charges::{
    split_installments, ChargeMethod, ChargeStatus, NewCharge, PayCharge,
};
use retaguarda_core::ledger::{categories, EntryKind, EntryStatus};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{Business, CoreError};

fn setup() -> (Business, String, String) {
    let mut biz = new_business();
    let acc = bank_account(&mut biz, "0");
    let customer = biz
        .create_party(&ctx(), PartyInput::customer("Maria Souza"))
        .unwrap();
    (biz, acc, customer)
}

fn charge(customer: &str, amount: &str, installments: u32) -> NewCharge {
    NewCharge {
        party: customer.into(),
        amount: dec(amount),
        first_due_date: date("2026-03-31"),
        method: ChargeMethod::Pix,
        description: "Bolo de aniversário".into(),
        installments,
        category: None,
        account: None,
    }
}

#[test]
fn split_puts_the_remainder_centavos_on_the_last_installment() {
    assert_eq!(
        split_installments(dec("100.00"), 3),
        vec![dec("33.33"), dec("33.33"), dec("33.34")]
    );
    assert_eq!(split_installments(dec("10.00"), 1), vec![dec("10.00")]);
    assert_eq!(split_installments(dec("20.00"), 4), vec![dec("5.00"); 4]);
    let parts = split_installments(dec("1000.01"), 7);
    assert_eq!(
        parts.iter().copied().sum::<rust_decimal::Decimal>(),
        dec("1000.01")
    );
    assert!(parts[..6].iter().all(|p| *p == dec("142.85")));
}

#[test]
fn creates_a_charge_with_its_receivable() {
    let (mut biz, _, customer) = setup();
    let ids = biz
        .create_charges(&ctx(), charge(&customer, "120", 1))
        .unwrap();
    assert_eq!(ids.len(), 1);
    let view = biz.charge_view(&ids[0], date("2026-03-10")).unwrap();
    assert_eq!(view.status, ChargeStatus::Pending);
    assert_eq!(view.charge.amount, dec("120.00"));
    assert!(view.charge.installment.is_none());
    let entry = biz.entry(&view.charge.entry).unwrap().unwrap();
    assert_eq!(entry.kind, EntryKind::Receivable);
    assert_eq!(entry.amount, dec("120"));
    assert_eq!(entry.party.as_deref(), Some(customer.as_str()));
    assert_eq!(
        entry.category.as_deref(),
        Some(categories::CHARGES_RECEIVED)
    );
    assert_eq!(entry.source, Some(format!("charge:{}", ids[0])));
}

#[test]
fn installments_are_monthly_with_remainder_on_the_last() {
    let (mut biz, _, customer) = setup();
    let ids = biz
        .create_charges(&ctx(), charge(&customer, "100", 3))
        .unwrap();
    assert_eq!(ids.len(), 3);
    let views: Vec<_> = ids
        .iter()
        .map(|id| biz.charge_view(id, ctx().today).unwrap())
        .collect();
    let dues: Vec<_> = views.iter().map(|v| v.charge.due_date).collect();
    assert_eq!(
        dues,
        vec![date("2026-03-31"), date("2026-04-30"), date("2026-05-31")]
    );
    let amounts: Vec<_> = views.iter().map(|v| v.charge.amount).collect();
    assert_eq!(amounts, vec![dec("33.33"), dec("33.33"), dec("33.34")]);
    let inst = views[2].charge.installment.clone().unwrap();
    assert_eq!((inst.number, inst.total), (3, 3));
    assert_eq!(
        views[0].charge.installment.as_ref().unwrap().group,
        inst.group
    );
    assert_eq!(
        views[1].charge.description,
        "Bolo de aniversário (parcela 2/3)"
    );
    assert_eq!(biz.entries().unwrap().len(), 3);
}

#[test]
fn overdue_is_derived_from_today() {
    let (mut biz, _, customer) = setup();
    let id = biz
        .create_charges(&ctx(), charge(&customer, "50", 1))
        .unwrap()
        .remove(0);
    assert_eq!(
        biz.charge_view(&id, date("2026-03-31")).unwrap().status,
        ChargeStatus::Pending
    );
    assert_eq!(
        biz.charge_view(&id, date("2026-04-01")).unwrap().status,
        ChargeStatus::Overdue
    );
    assert_eq!(ChargeStatus::Overdue.label(), "Vencida");
}

#[test]
fn paying_records_the_receipt_in_the_same_change() {
    let (mut biz, acc, customer) = setup();
    let id = biz
        .create_charges(&ctx(), charge(&customer, "75.50", 1))
        .unwrap()
        .remove(0);
    let heads = biz.heads();
    let payment = biz
        .pay_charge(
            &ctx(),
            &id,
            PayCharge {
                date: date("2026-03-12"),
                account: acc.clone(),
            },
        )
        .unwrap();
    assert_eq!(
        biz.changes_since(&heads).len(),
        1,
        "one change for charge and ledger"
    );
    let view = biz.charge_view(&id, date("2026-04-10")).unwrap();
    assert_eq!(view.status, ChargeStatus::Paid);
    let paid = view.charge.paid.unwrap();
    assert_eq!(
        (paid.payment.as_str(), paid.amount),
        (payment.as_str(), dec("75.50"))
    );
    let entry = biz.entry(&view.charge.entry).unwrap().unwrap();
    assert_eq!(entry.status(), EntryStatus::Paid);
    assert_eq!(entry.payments[&payment].account, acc);
    assert_eq!(
        biz.account_balance(&acc, date("2026-03-12")).unwrap(),
        dec("75.50")
    );
}

#[test]
fn cancelling_cancels_the_receivable() {
    let (mut biz, _, customer) = setup();
    let id = biz
        .create_charges(&ctx(), charge(&customer, "30", 1))
        .unwrap()
        .remove(0);
    biz.cancel_charge(&ctx(), &id, Some("Desistiu")).unwrap();
    let view = biz.charge_view(&id, ctx().today).unwrap();
    assert_eq!(view.status, ChargeStatus::Cancelled);
    assert_eq!(
        view.charge.cancelled.as_ref().unwrap().reason.as_deref(),
        Some("Desistiu")
    );
    let entry = biz.entry(&view.charge.entry).unwrap().unwrap();
    assert_eq!(entry.status(), EntryStatus::Cancelled);
}

#[test]
fn rejects_amount_below_the_minimum_per_installment() {
    let (mut biz, _, customer) = setup();
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.create_charges(&ctx(), charge(&customer, "5.99", 1))
    });
    assert!(matches!(err, CoreError::Invalid { field: "Valor", .. }));
    assert!(err.to_string().contains("R$ 6,00"), "{err}");
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.create_charges(&ctx(), charge(&customer, "17.99", 3))
    });
    assert!(err.to_string().contains("cada parcela"), "{err}");
    // Exactly the minimum is accepted; the setting is honoured.
    biz.create_charges(&ctx(), charge(&customer, "6.00", 1))
        .unwrap();
    biz.set_charge_minimum(&ctx(), dec("10")).unwrap();
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.create_charges(&ctx(), charge(&customer, "9.99", 1))
    });
    assert!(err.to_string().contains("R$ 10,00"), "{err}");
}

#[test]
fn a_debt_that_already_exists_is_registered_with_its_past_due_date_as_overdue() {
    let (mut biz, _, customer) = setup();
    let mut fiado = charge(&customer, "50", 1);
    fiado.first_due_date = date("2026-02-20");
    let ids = biz.create_charges(&ctx(), fiado).unwrap();
    let view = biz.charge_view(&ids[0], date("2026-03-10")).unwrap();
    assert_eq!(view.status, ChargeStatus::Overdue);
    assert_eq!(view.charge.due_date, date("2026-02-20"));
}

#[test]
fn rejects_bad_inputs() {
    let (mut biz, _, customer) = setup();
    let supplier = biz
        .create_party(&ctx(), PartyInput::supplier("Moinho Sul"))
        .unwrap();
    let mut blank = charge(&customer, "50", 1);
    blank.description = "".into();
    let cases: Vec<(NewCharge, &str)> = vec![
        (charge(&customer, "50", 0), "Parcelas"),
        (charge(&customer, "5000", 49), "Parcelas"),
        (charge(&customer, "0", 1), "Valor"),
        (charge(&customer, "50.001", 1), "Valor"),
        (charge(&supplier, "50", 1), "Cliente"),
        (blank, "Descrição"),
    ];
    for (input, field) in cases {
        let err = assert_rejected_unchanged(&mut biz, |b| b.create_charges(&ctx(), input));
        assert!(
            matches!(err, CoreError::Invalid { field: f, .. } if f == field),
            "{field}: {err}"
        );
    }
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.create_charges(&ctx(), charge("nope", "50", 1))
    });
    assert!(matches!(err, CoreError::NotFound { .. }));
}

#[test]
fn rejects_paying_cancelled_or_paid_and_cancelling_paid_or_cancelled() {
    let (mut biz, acc, customer) = setup();
    let ids = biz
        .create_charges(&ctx(), charge(&customer, "100", 2))
        .unwrap();
    let pay = || PayCharge {
        date: date("2026-03-12"),
        account: acc.clone(),
    };
    biz.pay_charge(&ctx(), &ids[0], pay()).unwrap();
    biz.cancel_charge(&ctx(), &ids[1], None).unwrap();
    let err = assert_rejected_unchanged(&mut biz, |b| b.pay_charge(&ctx(), &ids[0], pay()));
    assert!(err.to_string().contains("já foi paga"));
    let err = assert_rejected_unchanged(&mut biz, |b| b.pay_charge(&ctx(), &ids[1], pay()));
    assert!(err.to_string().contains("cancelada"));
    let err = assert_rejected_unchanged(&mut biz, |b| b.cancel_charge(&ctx(), &ids[0], None));
    assert!(err.to_string().contains("já foi paga"));
    let err = assert_rejected_unchanged(&mut biz, |b| b.cancel_charge(&ctx(), &ids[1], None));
    assert!(err.to_string().contains("já está cancelada"));
    let err = assert_rejected_unchanged(&mut biz, |b| b.pay_charge(&ctx(), "nope", pay()));
    assert!(matches!(
        err,
        CoreError::NotFound {
            what: "Cobrança",
            ..
        }
    ));
    let err = assert_rejected_unchanged(&mut biz, |b| b.cancel_charge(&ctx(), "nope", None));
    assert!(matches!(err, CoreError::NotFound { .. }));
}

#[test]
fn rejects_paying_into_an_unknown_account() {
    let (mut biz, _, customer) = setup();
    let id = biz
        .create_charges(&ctx(), charge(&customer, "100", 1))
        .unwrap()
        .remove(0);
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.pay_charge(
            &ctx(),
            &id,
            PayCharge {
                date: date("2026-03-12"),
                account: "nope".into(),
            },
        )
    });
    assert!(matches!(err, CoreError::NotFound { what: "Conta", .. }));
}

#[test]
fn lists_by_due_date() {
    let (mut biz, _, customer) = setup();
    let mut later = charge(&customer, "10", 1);
    later.first_due_date = date("2026-06-01");
    biz.create_charges(&ctx(), later).unwrap();
    biz.create_charges(&ctx(), charge(&customer, "10", 1))
        .unwrap();
    let list = biz.charges(ctx().today).unwrap();
    assert_eq!(list.len(), 2);
    assert!(list[0].charge.due_date < list[1].charge.due_date);
}

#[test]
fn rescheduling_moves_charge_and_receivable() {
    let (mut biz, acc, customer) = setup();
    let id = biz
        .create_charges(&ctx(), charge(&customer, "50", 1))
        .unwrap()
        .remove(0);
    biz.reschedule_charge(&ctx(), &id, date("2026-04-15"))
        .unwrap();
    let view = biz.charge_view(&id, date("2026-04-01")).unwrap();
    assert_eq!(view.charge.due_date, date("2026-04-15"));
    assert_eq!(view.status, ChargeStatus::Pending);
    assert_eq!(
        biz.entry(&view.charge.entry).unwrap().unwrap().due_date,
        date("2026-04-15")
    );
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.reschedule_charge(&ctx(), &id, date("2026-03-09"))
    });
    assert!(matches!(
        err,
        CoreError::Invalid {
            field: "Vencimento",
            ..
        }
    ));
    biz.pay_charge(
        &ctx(),
        &id,
        PayCharge {
            date: date("2026-03-12"),
            account: acc,
        },
    )
    .unwrap();
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.reschedule_charge(&ctx(), &id, date("2026-05-01"))
    });
    assert!(matches!(err, CoreError::NotAllowed(_)));
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.reschedule_charge(&ctx(), "nope", date("2026-05-01"))
    });
    assert!(matches!(err, CoreError::NotFound { .. }));
}

#[test]
fn the_receivable_of_a_charge_is_paid_and_cancelled_only_through_the_charge() {
    let (mut biz, acc, customer) = setup();
    let id = biz
        .create_charges(&ctx(), charge(&customer, "50", 1))
        .unwrap()
        .remove(0);
    let entry = biz.charge_view(&id, ctx().today).unwrap().charge.entry;
    let pay = retaguarda_core::ledger::NewPayment {
        date: date("2026-03-12"),
        amount: dec("50"),
        account: acc,
        note: None,
    };
    let err = assert_rejected_unchanged(&mut biz, |b| b.pay_entry(&ctx(), &entry, pay));
    assert!(err.to_string().contains("Cobranças"));
    let err = assert_rejected_unchanged(&mut biz, |b| b.cancel_entry(&ctx(), &entry, None));
    assert!(err.to_string().contains("Cobranças"));
}
