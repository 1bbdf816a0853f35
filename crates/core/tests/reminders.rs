//! The reminder log and plan: 3 days before, on the due day, 1 day after, then every 7 days;
//! editable; the next reminder due.

use crate::common;
use common::*;
use retaguarda_core::charges::{
    next_reminder_date, ChargeMethod, NewCharge, PayCharge, ReminderChannel,
};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::settings::ReminderPlan;
use retaguarda_core::CoreError;

const DUE: &str = "2026-03-20";

fn next(last: Option<&str>, today: &str) -> Option<chrono::NaiveDate> {
    next_reminder_date(
        date(DUE),
        date("2026-03-01"),
        last.map(date),
        &ReminderPlan::default(),
        date(today),
    )
}

#[test]
fn default_plan_dates() {
    assert_eq!(ReminderPlan::default().offsets, vec![-3, 0, 1]);
    assert_eq!(ReminderPlan::default().repeat_every_days, 7);
    assert_eq!(next(None, "2026-03-10"), Some(date("2026-03-17")));
    assert_eq!(next(None, "2026-03-17"), Some(date("2026-03-17")));
    assert_eq!(
        next(Some("2026-03-17"), "2026-03-18"),
        Some(date("2026-03-20"))
    );
    assert_eq!(
        next(Some("2026-03-20"), "2026-03-20"),
        Some(date("2026-03-21"))
    );
    assert_eq!(
        next(Some("2026-03-21"), "2026-03-22"),
        Some(date("2026-03-28"))
    );
    assert_eq!(
        next(Some("2026-03-28"), "2026-03-29"),
        Some(date("2026-04-04"))
    );
}

#[test]
fn missed_dates_collapse_into_the_latest() {
    // Never reminded, 40 days late: one reminder now (the latest scheduled date), not five.
    assert_eq!(next(None, "2026-04-30"), Some(date("2026-04-25")));
    assert_eq!(
        next(Some("2026-04-25"), "2026-04-30"),
        Some(date("2026-05-02"))
    );
}

#[test]
fn plan_without_repeat_ends() {
    let plan = ReminderPlan {
        offsets: vec![0],
        repeat_every_days: 0,
    };
    assert_eq!(
        next_reminder_date(
            date(DUE),
            date("2026-03-01"),
            Some(date(DUE)),
            &plan,
            date("2026-05-01")
        ),
        None
    );
}

#[test]
fn dates_before_the_charge_existed_are_skipped() {
    assert_eq!(
        next_reminder_date(
            date(DUE),
            date("2026-03-19"),
            None,
            &ReminderPlan::default(),
            date("2026-03-19")
        ),
        Some(date(DUE))
    );
}

fn setup() -> (retaguarda_core::Business, String, String) {
    let mut biz = new_business();
    let acc = bank_account(&mut biz, "0");
    let customer = biz
        .create_party(&ctx(), PartyInput::customer("João"))
        .unwrap();
    let id = biz
        .create_charges(
            &ctx_on("2026-03-01"),
            NewCharge {
                party: customer,
                amount: dec("90"),
                first_due_date: date(DUE),
                method: ChargeMethod::Boleto,
                description: "Conserto".into(),
                installments: 1,
                category: None,
                account: None,
            },
        )
        .unwrap()
        .remove(0);
    (biz, acc, id)
}

#[test]
fn logs_reminders_and_moves_the_next_one() {
    let (mut biz, _, id) = setup();
    assert!(biz.reminders_due(date("2026-03-16")).unwrap().is_empty());
    let due = biz.reminders_due(date("2026-03-17")).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].next_reminder, Some(date("2026-03-17")));
    biz.record_reminder(
        &ctx_on("2026-03-17"),
        &id,
        ReminderChannel::WhatsApp,
        Some("Enviei o boleto"),
    )
    .unwrap();
    let view = biz.charge_view(&id, date("2026-03-17")).unwrap();
    assert_eq!(view.charge.reminders.len(), 1);
    let r = view.charge.reminders.values().next().unwrap();
    assert_eq!(
        (r.date, r.channel),
        (date("2026-03-17"), ReminderChannel::WhatsApp)
    );
    assert_eq!(view.next_reminder, Some(date(DUE)));
    assert!(biz.reminders_due(date("2026-03-17")).unwrap().is_empty());
}

#[test]
fn editing_the_plan_changes_the_schedule() {
    let (mut biz, _, id) = setup();
    biz.set_reminder_plan(
        &ctx(),
        ReminderPlan {
            offsets: vec![2, -5, -5],
            repeat_every_days: 0,
        },
    )
    .unwrap();
    let plan = biz.settings().unwrap().reminder_plan;
    assert_eq!(plan.offsets, vec![-5, 2]);
    assert_eq!(
        biz.charge_view(&id, date("2026-03-10"))
            .unwrap()
            .next_reminder,
        Some(date("2026-03-15"))
    );
}

#[test]
fn rejects_empty_or_far_plans() {
    let (mut biz, _, _) = setup();
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.set_reminder_plan(
            &ctx(),
            ReminderPlan {
                offsets: vec![],
                repeat_every_days: 7,
            },
        )
    });
    assert!(matches!(
        err,
        CoreError::Invalid {
            field: "Plano de lembretes",
            ..
        }
    ));
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.set_reminder_plan(
            &ctx(),
            ReminderPlan {
                offsets: vec![400],
                repeat_every_days: 7,
            },
        )
    });
    assert!(matches!(err, CoreError::Invalid { .. }));
}

#[test]
fn paid_charges_take_no_reminders() {
    let (mut biz, acc, id) = setup();
    biz.pay_charge(
        &ctx(),
        &id,
        PayCharge {
            date: date("2026-03-18"),
            account: acc,
        },
    )
    .unwrap();
    assert_eq!(
        biz.charge_view(&id, date("2026-03-25"))
            .unwrap()
            .next_reminder,
        None
    );
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.record_reminder(&ctx(), &id, ReminderChannel::Email, None)
    });
    assert!(matches!(err, CoreError::NotAllowed(_)));
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.record_reminder(&ctx(), "nope", ReminderChannel::Email, None)
    });
    assert!(matches!(err, CoreError::NotFound { .. }));
}
