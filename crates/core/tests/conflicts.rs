//! Conflicts between devices: a charge paid on one and cancelled on another, a charge paid
//! on two, and concurrent edits of one customer field.

use crate::common;
use common::*;
use retaguarda_core::charges::{
    ChargeMethod, ChargeResolution, ChargeStatus, NewCharge, PayCharge,
};
use retaguarda_core::ledger::EntryStatus;
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{Business, CoreError};

struct Pair {
    a: Business,
    b: Business,
    acc: String,
    charge: String,
}

fn pair() -> Pair {
    let mut a = new_business();
    let acc = bank_account(&mut a, "0");
    let customer = a
        .create_party(&ctx(), PartyInput::customer("Maria"))
        .unwrap();
    let charge = a
        .create_charges(
            &ctx(),
            NewCharge {
                party: customer,
                amount: dec("80"),
                first_due_date: date("2026-03-20"),
                method: ChargeMethod::Pix,
                description: "Doces".into(),
                installments: 1,
                category: None,
                account: None,
            },
        )
        .unwrap()
        .remove(0);
    let b = a.fork(&device("Notebook", 2));
    Pair { a, b, acc, charge }
}

fn sync(p: &mut Pair) {
    p.a.merge(&mut p.b).unwrap();
    p.b.merge(&mut p.a).unwrap();
}

fn paid_on_a_cancelled_on_b() -> Pair {
    let mut p = pair();
    p.a.pay_charge(
        &ctx(),
        &p.charge,
        PayCharge {
            date: date("2026-03-12"),
            account: p.acc.clone(),
        },
    )
    .unwrap();
    p.b.cancel_charge(&ctx(), &p.charge, Some("Cliente desistiu"))
        .unwrap();
    sync(&mut p);
    p
}

#[test]
fn paid_and_cancelled_both_survive_and_flag_a_conflict() {
    let p = paid_on_a_cancelled_on_b();
    for biz in [&p.a, &p.b] {
        let view = biz.charge_view(&p.charge, ctx().today).unwrap();
        assert_eq!(view.status, ChargeStatus::Conflict);
        assert!(view.charge.paid.is_some(), "the payment survived");
        assert_eq!(
            view.charge.cancelled.as_ref().unwrap().reason.as_deref(),
            Some("Cliente desistiu")
        );
        assert_eq!(biz.charge_conflicts(ctx().today).unwrap().len(), 1);
    }
    // The money did arrive: the ledger keeps it until a person decides.
    assert_eq!(
        p.a.account_balance(&p.acc, date("2026-03-31")).unwrap(),
        dec("80")
    );
}

#[test]
fn resolving_keep_paid_undoes_the_cancellation() {
    let mut p = paid_on_a_cancelled_on_b();
    p.b.resolve_charge_conflict(&ctx(), &p.charge, ChargeResolution::KeepPaid)
        .unwrap();
    sync(&mut p);
    for biz in [&p.a, &p.b] {
        let view = biz.charge_view(&p.charge, ctx().today).unwrap();
        assert_eq!(view.status, ChargeStatus::Paid);
        assert!(view.charge.cancelled.is_none());
        let entry = biz.entry(&view.charge.entry).unwrap().unwrap();
        assert_eq!(entry.status(), EntryStatus::Paid);
        assert!(entry.cancelled.is_none());
        assert!(biz.charge_conflicts(ctx().today).unwrap().is_empty());
    }
    assert_eq!(
        p.b.account_balance(&p.acc, date("2026-03-31")).unwrap(),
        dec("80")
    );
}

#[test]
fn resolving_keep_cancelled_reverses_the_payment() {
    let mut p = paid_on_a_cancelled_on_b();
    p.a.resolve_charge_conflict(&ctx(), &p.charge, ChargeResolution::KeepCancelled)
        .unwrap();
    sync(&mut p);
    for biz in [&p.a, &p.b] {
        let view = biz.charge_view(&p.charge, ctx().today).unwrap();
        assert_eq!(view.status, ChargeStatus::Cancelled);
        assert!(view.charge.paid.is_none());
        let entry = biz.entry(&view.charge.entry).unwrap().unwrap();
        assert_eq!(entry.payments.len(), 1, "the payment is kept, reversed");
        assert!(entry.payments.values().all(|p| p.voided.is_some()));
        assert_eq!(
            biz.account_balance(&p.acc, date("2026-03-31")).unwrap(),
            dec("0")
        );
    }
}

#[test]
fn paid_on_two_devices_is_a_conflict_and_keep_paid_reverses_the_duplicate() {
    let mut p = pair();
    p.a.pay_charge(
        &ctx(),
        &p.charge,
        PayCharge {
            date: date("2026-03-12"),
            account: p.acc.clone(),
        },
    )
    .unwrap();
    p.b.pay_charge(
        &ctx(),
        &p.charge,
        PayCharge {
            date: date("2026-03-13"),
            account: p.acc.clone(),
        },
    )
    .unwrap();
    sync(&mut p);
    assert_eq!(
        p.a.charge_view(&p.charge, ctx().today).unwrap().status,
        ChargeStatus::Conflict
    );
    assert_eq!(
        p.a.account_balance(&p.acc, date("2026-03-31")).unwrap(),
        dec("160")
    );
    p.a.resolve_charge_conflict(&ctx(), &p.charge, ChargeResolution::KeepPaid)
        .unwrap();
    sync(&mut p);
    for biz in [&p.a, &p.b] {
        assert_eq!(
            biz.charge_view(&p.charge, ctx().today).unwrap().status,
            ChargeStatus::Paid
        );
        assert_eq!(
            biz.account_balance(&p.acc, date("2026-03-31")).unwrap(),
            dec("80")
        );
    }
}

#[test]
fn resolving_a_charge_without_conflict_is_rejected() {
    let mut p = pair();
    let err = assert_rejected_unchanged(&mut p.a, |b| {
        b.resolve_charge_conflict(&ctx(), &p.charge, ChargeResolution::KeepPaid)
    });
    assert!(matches!(err, CoreError::NotAllowed(_)));
    let err = assert_rejected_unchanged(&mut p.a, |b| {
        b.resolve_charge_conflict(&ctx(), "nope", ChargeResolution::KeepPaid)
    });
    assert!(matches!(err, CoreError::NotFound { .. }));
}

fn phone(n: &str) -> PartyInput {
    PartyInput {
        phone: Some(n.into()),
        ..PartyInput::customer("Maria")
    }
}

#[test]
fn concurrent_phone_edits_have_a_deterministic_winner_and_a_visible_conflict() {
    let mut a = new_business();
    let id = a.create_party(&ctx(), phone("(11) 90000-0000")).unwrap();
    let mut b = a.fork(&device("Notebook", 2));
    a.update_party(&ctx(), &id, phone("(11) 91111-1111"))
        .unwrap();
    b.update_party(&ctx(), &id, phone("(11) 92222-2222"))
        .unwrap();
    // Merge in opposite directions: both replicas pick the same winner.
    a.merge(&mut b).unwrap();
    b.merge(&mut a).unwrap();
    let pa = a.party(&id).unwrap().unwrap();
    let pb = b.party(&id).unwrap().unwrap();
    assert_eq!(pa, pb);
    let conflicts = a.party_conflicts(&id).unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].field, "phone");
    assert_eq!(
        conflicts[0].values[0],
        pa.phone.clone().unwrap(),
        "the shown value comes first"
    );
    let mut values = conflicts[0].values.clone();
    values.sort();
    assert_eq!(values, ["(11) 91111-1111", "(11) 92222-2222"]);
    assert_eq!(b.party_conflicts(&id).unwrap(), conflicts);

    // Saving the form with the value shown settles the conflict, on every device.
    let shown = pa.phone.unwrap();
    b.update_party(&ctx(), &id, phone(&shown)).unwrap();
    a.merge(&mut b).unwrap();
    assert!(a.party_conflicts(&id).unwrap().is_empty());
    assert_eq!(
        a.party(&id).unwrap().unwrap().phone.as_deref(),
        Some(shown.as_str())
    );
}

#[test]
fn concurrent_edits_of_different_fields_both_survive() {
    let mut a = new_business();
    let id = a.create_party(&ctx(), phone("(11) 90000-0000")).unwrap();
    let mut b = a.fork(&device("Notebook", 2));
    a.update_party(&ctx(), &id, phone("(11) 91111-1111"))
        .unwrap();
    b.update_party(
        &ctx(),
        &id,
        PartyInput {
            email: Some("maria@ex.com".into()),
            ..phone("(11) 90000-0000")
        },
    )
    .unwrap();
    a.merge(&mut b).unwrap();
    let p = a.party(&id).unwrap().unwrap();
    assert_eq!(p.phone.as_deref(), Some("(11) 91111-1111"));
    assert_eq!(p.email.as_deref(), Some("maria@ex.com"));
    assert!(a.party_conflicts(&id).unwrap().is_empty());
}

#[test]
fn opposite_resolutions_on_two_devices_stay_a_conflict_until_resolved_again() {
    let mut p = paid_on_a_cancelled_on_b();
    p.a.resolve_charge_conflict(&ctx(), &p.charge, ChargeResolution::KeepPaid)
        .unwrap();
    p.b.resolve_charge_conflict(&ctx(), &p.charge, ChargeResolution::KeepCancelled)
        .unwrap();
    sync(&mut p);
    assert_eq!(
        p.a.charge_view(&p.charge, ctx().today).unwrap().status,
        ChargeStatus::Conflict
    );
    assert_eq!(
        p.b.charge_view(&p.charge, ctx().today).unwrap().status,
        ChargeStatus::Conflict
    );
    p.b.resolve_charge_conflict(&ctx(), &p.charge, ChargeResolution::KeepPaid)
        .unwrap();
    sync(&mut p);
    for biz in [&p.a, &p.b] {
        let view = biz.charge_view(&p.charge, ctx().today).unwrap();
        assert_eq!(view.status, ChargeStatus::Paid);
        assert_eq!(
            biz.account_balance(&p.acc, date("2026-03-31")).unwrap(),
            dec("80")
        );
        let entry = biz.entry(&view.charge.entry).unwrap().unwrap();
        assert_eq!(entry.status(), EntryStatus::Paid);
    }
}
