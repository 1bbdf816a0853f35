//! A device whose clock is wrong by days converges exactly like one whose clock is right:
//! merge results never depend on the wall clock or the device's date, only on the
//! operations. The device's date is only recorded (created on, cancelled on, reminded on)
//! and checked against the dates a person types (a due date cannot be before today).

use crate::common;
use chrono::{Days, NaiveDate};
use common::*;
use retaguarda_core::charges::{ChargeMethod, ChargeStatus, NewCharge, PayCharge, ReminderChannel};
use retaguarda_core::ledger::recurring::{entry_id, NewRecurrence};
use retaguarda_core::ledger::{Entry, EntryKind, NewEntry, NewPayment};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{Business, Id, OpCtx};
use std::collections::BTreeMap;

const DAY_MS: i64 = 86_400_000;

/// Everything a person sees, without the random ids (which differ between runs).
fn digest(biz: &Business) -> Vec<String> {
    let mut out = Vec::new();
    for (_, e) in biz.entries().unwrap() {
        out.push(format!(
            "entry {} {} paid {} {:?}",
            e.description,
            e.amount,
            e.paid_amount(),
            e.status()
        ));
    }
    for (_, p) in biz.parties().unwrap() {
        out.push(format!("party {} {:?} {:?}", p.name, p.phone, p.email));
    }
    for c in biz.charges(date("2026-03-15")).unwrap() {
        out.push(format!("charge {} {:?}", c.charge.description, c.status));
    }
    for b in biz.balances(date("2026-12-31")).unwrap() {
        out.push(format!("balance {} {}", b.name, b.balance));
    }
    out.sort();
    out
}

/// Two devices work offline concurrently and then sync; device B's clock is off by
/// `skew_ms`.
fn scenario(skew_ms: i64) -> (Vec<String>, Vec<String>) {
    let mut a = new_business();
    let acc = bank_account(&mut a, "100");
    let customer = a
        .create_party(
            &ctx(),
            PartyInput {
                phone: Some("(11) 90000-0000".into()),
                ..PartyInput::customer("Maria")
            },
        )
        .unwrap();
    let charge = bolo_charge(&mut a, &customer);
    let mut b = a.fork(&device("Notebook", 2));
    let right = ctx();
    let wrong = OpCtx {
        now_ms: right.now_ms + skew_ms,
        ..right.clone()
    };

    a.update_party(
        &right,
        &customer,
        PartyInput {
            phone: Some("(11) 91111-1111".into()),
            ..PartyInput::customer("Maria")
        },
    )
    .unwrap();
    b.update_party(
        &wrong,
        &customer,
        PartyInput {
            phone: Some("(11) 92222-2222".into()),
            ..PartyInput::customer("Maria")
        },
    )
    .unwrap();
    a.pay_charge(
        &right,
        &charge,
        PayCharge {
            date: date("2026-03-10"),
            account: acc.clone(),
        },
    )
    .unwrap();
    b.cancel_charge(&wrong, &charge, None).unwrap();
    let e = b
        .create_entry(
            &wrong,
            NewEntry::new(EntryKind::Payable, "Gás", dec("120"), date("2026-03-12")),
        )
        .unwrap();
    b.pay_entry(
        &wrong,
        &e,
        NewPayment {
            date: date("2026-03-12"),
            amount: dec("20"),
            account: acc.clone(),
            note: None,
        },
    )
    .unwrap();

    // B syncs first, then A: the order of delivery must not matter either.
    b.merge(&mut a).unwrap();
    a.merge(&mut b).unwrap();
    (digest(&a), digest(&b))
}

#[test]
fn a_wrong_clock_converges_exactly_like_a_right_one() {
    let (a_right, b_right) = scenario(0);
    assert_eq!(a_right, b_right);
    for skew in [-9 * DAY_MS, 3 * DAY_MS, 400 * DAY_MS] {
        let (a_wrong, b_wrong) = scenario(skew);
        assert_eq!(a_wrong, b_wrong, "replicas diverged with skew {skew}");
        assert_eq!(
            a_wrong, a_right,
            "the result depends on the clock (skew {skew})"
        );
    }
}

#[test]
fn the_audit_log_shows_the_device_time_as_recorded() {
    let mut a = new_business();
    let mut b = a.fork(&device("Notebook", 2));
    let wrong = OpCtx {
        now_ms: ctx().now_ms - 9 * DAY_MS,
        ..ctx()
    };
    b.create_party(&wrong, PartyInput::customer("Zé")).unwrap();
    a.merge(&mut b).unwrap();
    let log = a.audit_log().unwrap();
    let e = log.iter().find(|e| e.op == "party.create").unwrap();
    assert_eq!(e.at_ms, ctx().now_ms - 9 * DAY_MS);
    // It still comes after the business creation, whatever its clock said.
    assert_eq!(log[0].op, "business.create");
}

/// The context of a device whose calendar is `days` off (its wall clock too).
fn ctx_off_by(days: i64) -> OpCtx {
    let right = ctx();
    let shift = Days::new(days.unsigned_abs());
    let today = if days >= 0 {
        right.today.checked_add_days(shift)
    } else {
        right.today.checked_sub_days(shift)
    };
    OpCtx {
        today: today.expect("a date in range"),
        now_ms: right.now_ms + days * DAY_MS,
        ..right
    }
}

/// What the operations decided, without the random ids (they differ between runs) and
/// without the dates a device records from its own calendar.
fn outcome(biz: &Business) -> Vec<String> {
    let names: BTreeMap<Id, String> = biz
        .accounts()
        .unwrap()
        .into_iter()
        .map(|(id, a)| (id, a.name))
        .chain(
            biz.parties()
                .unwrap()
                .into_iter()
                .map(|(id, p)| (id, p.name)),
        )
        .chain(
            biz.charges(date("2026-03-15"))
                .unwrap()
                .into_iter()
                .map(|c| (c.id, c.charge.description)),
        )
        .collect();
    // A charge's payment note names the charge by its id.
    let unid = |text: &str| {
        names.iter().fold(text.to_string(), |t, (id, name)| {
            t.replace(id.as_str(), name)
        })
    };
    let name = |id: &Option<Id>| id.as_ref().map(|i| names[i].clone());
    let entry = |e: &Entry| {
        let mut payments: Vec<String> = e
            .payments
            .values()
            .map(|p| {
                let voided = p.voided.as_ref().map(|v| v.reason.clone());
                let account = &names[&p.account];
                let note = p.note.as_deref().map(unid);
                format!(
                    "{} {} {account} {note:?} voided {voided:?}",
                    p.date, p.amount
                )
            })
            .collect();
        payments.sort();
        let source = e
            .source
            .as_ref()
            .map(|s| s.split(':').next().unwrap_or_default().to_string());
        format!(
            "entry {:?} {} {} due {} competence {} party {:?} account {:?} source {source:?} \
             cancelled {:?} status {:?} payments {payments:?}",
            e.kind,
            e.description,
            e.amount,
            e.due_date,
            e.competence_date,
            name(&e.party),
            name(&e.account),
            e.cancelled.as_ref().map(|c| c.reason.clone()),
            e.status(),
        )
    };
    let mut out: Vec<String> = biz
        .entries()
        .unwrap()
        .iter()
        .map(|(_, e)| entry(e))
        .collect();
    for (_, p) in biz.parties().unwrap() {
        out.push(format!("party {} {:?} {:?}", p.name, p.phone, p.email));
    }
    for c in biz.charges(date("2026-03-15")).unwrap() {
        let ch = &c.charge;
        let installment = ch.installment.as_ref().map(|i| (i.number, i.total));
        let channels: Vec<ReminderChannel> = ch.reminders.values().map(|r| r.channel).collect();
        out.push(format!(
            "charge {} {} due {} {:?} {installment:?} party {:?} paid {:?} cancelled {:?} \
             reminders {channels:?} status {:?} entry {}",
            ch.description,
            ch.amount,
            ch.due_date,
            ch.method,
            names[&ch.party],
            ch.paid.as_ref().map(|p| (p.date, p.amount)),
            ch.cancelled.as_ref().map(|c| c.reason.clone()),
            c.status,
            entry(
                &biz.entries()
                    .unwrap()
                    .into_iter()
                    .find(|(id, _)| *id == ch.entry)
                    .unwrap()
                    .1
            ),
        ));
    }
    for b in biz.balances(date("2026-12-31")).unwrap() {
        out.push(format!("balance {} {}", b.name, b.balance));
    }
    out.sort();
    out
}

/// Everything both replicas hydrate, ids and recorded dates included.
fn records(biz: &Business) -> String {
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        biz.accounts().unwrap(),
        biz.entries().unwrap(),
        biz.transfers().unwrap(),
        biz.parties().unwrap(),
        biz.charges(date("2026-03-15")).unwrap(),
        biz.balances(date("2026-12-31")).unwrap(),
    )
}

/// What the device with the wrong date wrote, to check which dates it recorded.
struct Written {
    gas: Id,
    charge: Id,
    new_charges: Vec<Id>,
    january: Id,
}

/// Two devices work offline concurrently and then sync; device B's date (`today`) and
/// clock are `days` off. The dates typed by a person (due dates, payment dates) are the
/// same in every run, and B's due dates stay valid for any `days` up to 50.
fn date_scenario(days: i64) -> (Business, Business, Written) {
    let mut a = new_business();
    let acc = bank_account(&mut a, "100");
    let customer = a
        .create_party(&ctx(), PartyInput::customer("Maria"))
        .unwrap();
    let charge = bolo_charge(&mut a, &customer);
    let rent = NewRecurrence {
        kind: EntryKind::Payable,
        description: "Aluguel".into(),
        amount: dec("900"),
        category: None,
        party: None,
        account: None,
        day_of_month: 5,
        every_months: 1,
        first_month: date("2026-01-01"),
        last_month: None,
    };
    let rec = a.create_recurrence(&ctx(), rent).unwrap();
    let mut b = a.fork(&device("Notebook", 2));
    let right = ctx();
    let wrong = ctx_off_by(days);
    let month = |m: u32| entry_id(&rec, NaiveDate::from_ymd_opt(2026, m, 1).unwrap());

    // A, with the right date: edits the customer, receives the charge, materialises and
    // pays the rent of March.
    let phone = |p: &str| PartyInput {
        phone: Some(p.into()),
        ..PartyInput::customer("Maria")
    };
    a.update_party(&right, &customer, phone("(11) 91111-1111"))
        .unwrap();
    let paid = PayCharge {
        date: date("2026-03-10"),
        account: acc.clone(),
    };
    a.pay_charge(&right, &charge, paid).unwrap();
    a.materialise_recurrences(&right, date("2026-03-31"))
        .unwrap();
    let rent_paid = NewPayment {
        date: date("2026-03-10"),
        amount: dec("900"),
        account: acc.clone(),
        note: None,
    };
    a.pay_entry(&right, &month(3), rent_paid).unwrap();

    // B, with the wrong date: the same customer and charge, the same recurrence, and new
    // records whose due dates it checks against its own calendar.
    b.update_party(&wrong, &customer, phone("(11) 92222-2222"))
        .unwrap();
    b.cancel_charge(&wrong, &charge, Some("Cliente desistiu"))
        .unwrap();
    b.materialise_recurrences(&wrong, date("2026-03-31"))
        .unwrap();
    b.cancel_entry(&wrong, &month(1), Some("Carência")).unwrap();
    let gas = NewEntry::new(EntryKind::Payable, "Gás", dec("120"), date("2026-03-12"));
    let gas = b.create_entry(&wrong, gas).unwrap();
    let part = NewPayment {
        date: date("2026-03-12"),
        amount: dec("20"),
        account: acc.clone(),
        note: None,
    };
    b.pay_entry(&wrong, &gas, part).unwrap();
    let new_charges = b
        .create_charges(
            &wrong,
            NewCharge {
                party: customer.clone(),
                amount: dec("80"),
                first_due_date: date("2026-04-30"),
                method: ChargeMethod::Pix,
                description: "Torta".into(),
                installments: 2,
                category: None,
                account: None,
            },
        )
        .unwrap();
    b.record_reminder(&wrong, &new_charges[0], ReminderChannel::WhatsApp, None)
        .unwrap();

    // B syncs first, then A: the order of delivery must not matter either.
    b.merge(&mut a).unwrap();
    a.merge(&mut b).unwrap();
    let written = Written {
        gas,
        charge,
        new_charges,
        january: month(1),
    };
    (a, b, written)
}

#[test]
fn a_wrong_date_changes_what_is_recorded_never_the_merge_outcome() {
    let (a, b, _) = date_scenario(0);
    assert_eq!(
        records(&a),
        records(&b),
        "replicas diverged with the right date"
    );
    let right = outcome(&a);
    // The scenario's conflicts happened: paid and cancelled, two phones, a shared entry.
    let charge = a.charges(date("2026-03-15")).unwrap();
    assert!(
        charge.iter().any(|c| c.status == ChargeStatus::Conflict),
        "{charge:?}"
    );
    let rent = a
        .entries()
        .unwrap()
        .into_iter()
        .filter(|(_, e)| e.description.starts_with("Aluguel"))
        .count();
    assert_eq!(
        rent, 3,
        "both devices materialised January to March as one entry each"
    );

    for days in [-9, 3, 30, 50] {
        let (a, b, written) = date_scenario(days);
        assert_eq!(
            records(&a),
            records(&b),
            "replicas diverged with the date {days} days off"
        );
        assert_eq!(
            outcome(&a),
            right,
            "the outcome depends on the date ({days} days off)"
        );

        // What B did carries B's date, on both replicas.
        let recorded = ctx_off_by(days).today;
        for biz in [&a, &b] {
            let entries: BTreeMap<Id, Entry> = biz.entries().unwrap().into_iter().collect();
            assert_eq!(entries[&written.gas].created_on, recorded);
            let january = entries[&written.january].cancelled.as_ref().unwrap();
            assert_eq!(january.date, recorded);
            let view = biz
                .charge_view(&written.charge, date("2026-03-15"))
                .unwrap();
            assert_eq!(view.charge.cancelled.unwrap().date, recorded);
            assert_eq!(view.charge.created_on, ctx().today, "A created it");
            for id in &written.new_charges {
                let view = biz.charge_view(id, date("2026-03-15")).unwrap();
                assert_eq!(view.charge.created_on, recorded);
                assert_eq!(entries[&view.charge.entry].created_on, recorded);
            }
            let reminded = biz
                .charge_view(&written.new_charges[0], date("2026-03-15"))
                .unwrap();
            let dates: Vec<NaiveDate> =
                reminded.charge.reminders.values().map(|r| r.date).collect();
            assert_eq!(dates, vec![recorded]);
        }
    }
}

#[test]
fn a_due_date_past_for_that_device_is_registered_overdue_there() {
    let mut a = new_business();
    let customer = a
        .create_party(&ctx(), PartyInput::customer("Maria"))
        .unwrap();
    let mut b = a.fork(&device("Notebook", 2));
    let charge = |due: &str| NewCharge {
        party: customer.clone(),
        amount: dec("50"),
        first_due_date: date(due),
        method: ChargeMethod::Pix,
        description: "Bolo".into(),
        installments: 1,
        category: None,
        account: None,
    };
    // On 2026-03-25 (15 days ahead), the 20th is already past: a debt that already exists
    // is registered and is overdue on that device's calendar.
    let ahead = ctx_off_by(15);
    let late = b.create_charges(&ahead, charge("2026-03-20")).unwrap();
    let view = b.charge_view(&late[0], date("2026-03-25")).unwrap();
    assert_eq!(view.status, ChargeStatus::Overdue);
    a.create_charges(&ctx(), charge("2026-03-20")).unwrap();
    a.merge(&mut b).unwrap();
    b.merge(&mut a).unwrap();
    assert_eq!(records(&a), records(&b));
    assert_eq!(a.charges(date("2026-03-15")).unwrap().len(), 2);
}

/// The R$ 50,00 Pix charge for a cake, due 2026-03-20, that both scenarios start from.
fn bolo_charge(biz: &mut Business, customer: &Id) -> Id {
    biz.create_charges(
        &ctx(),
        NewCharge {
            party: customer.clone(),
            amount: dec("50"),
            first_due_date: date("2026-03-20"),
            method: ChargeMethod::Pix,
            description: "Bolo".into(),
            installments: 1,
            category: None,
            account: None,
        },
    )
    .unwrap()
    .remove(0)
}
