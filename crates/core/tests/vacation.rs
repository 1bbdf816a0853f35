//! Vacation: acquisition periods, balance, limit dates, the splitting rules
//! and vacation pay plus one third; scheduling and cancelling on the
//! document.

use crate::common;

use chrono::NaiveDate;
use retaguarda_core::staff::{
    acquisition_periods, check_new_part, period_bounds, period_containing, vacation_pay,
    StaffError, VacationPart,
};
use rust_decimal_macros::dec;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn part(period: u32, start: NaiveDate, days: u32) -> VacationPart {
    VacationPart {
        period,
        start,
        days,
        abono_days: 0,
    }
}

#[test]
fn periods_are_twelve_months_from_hire() {
    let hire = d(2024, 3, 10);
    assert_eq!(
        period_bounds(hire, 1),
        Some((d(2024, 3, 10), d(2025, 3, 9)))
    );
    assert_eq!(
        period_bounds(hire, 2),
        Some((d(2025, 3, 10), d(2026, 3, 9)))
    );
    assert_eq!(period_bounds(hire, 0), None);
    assert_eq!(period_containing(hire, d(2024, 3, 9)), None);
    assert_eq!(period_containing(hire, d(2024, 3, 10)), Some(1));
    assert_eq!(period_containing(hire, d(2025, 3, 9)), Some(1));
    assert_eq!(period_containing(hire, d(2025, 3, 10)), Some(2));
    // Hired on 29/02: the anniversary falls on 28/02 in common years, and
    // periods stay contiguous.
    let leap = d(2024, 2, 29);
    assert_eq!(
        period_bounds(leap, 1),
        Some((d(2024, 2, 29), d(2025, 2, 27)))
    );
    assert_eq!(
        period_bounds(leap, 2),
        Some((d(2025, 2, 28), d(2026, 2, 27)))
    );
}

#[test]
fn balance_taken_scheduled_and_limit_date() {
    let hire = d(2024, 3, 10);
    let parts = vec![part(1, d(2025, 7, 1), 20), part(1, d(2026, 2, 1), 10)];
    let today = d(2026, 1, 15);
    let periods = acquisition_periods(hire, &parts, today);
    assert_eq!(periods.len(), 2);
    let p1 = &periods[0];
    assert_eq!(p1.number, 1);
    assert_eq!(p1.end, d(2025, 3, 9));
    // The employer must grant period 1 by 09/03/2026, 12 months after it ends.
    assert_eq!(p1.limit_to_grant, d(2026, 3, 9));
    assert_eq!(p1.entitled_days, 30);
    assert_eq!(p1.taken_days, 20);
    assert_eq!(p1.scheduled_days, 10);
    assert_eq!(p1.balance_days, 0);
    assert!(p1.acquired);
    assert!(!p1.overdue);
    let p2 = &periods[1];
    assert_eq!(p2.number, 2);
    assert_eq!(p2.limit_to_grant, d(2027, 3, 9));
    assert_eq!(p2.balance_days, 30);
    assert!(!p2.acquired, "period 2 is still running");

    // Once the scheduled part starts it counts as taken.
    let later = acquisition_periods(hire, &parts, d(2026, 2, 1));
    assert_eq!(later[0].taken_days, 30);
    assert_eq!(later[0].scheduled_days, 0);
}

#[test]
fn overdue_after_limit_with_days_not_taken() {
    let hire = d(2024, 3, 10);
    let on_limit = acquisition_periods(hire, &[], d(2026, 3, 9));
    assert!(!on_limit[0].overdue);
    let after = acquisition_periods(hire, &[], d(2026, 3, 10));
    assert!(after[0].overdue);
    assert_eq!(after.len(), 3);
    // All days taken before the limit: not overdue.
    let parts = vec![part(1, d(2025, 6, 1), 30)];
    let after = acquisition_periods(hire, &parts, d(2026, 3, 10));
    assert!(!after[0].overdue);
}

#[test]
fn no_periods_before_hire() {
    assert!(acquisition_periods(d(2026, 5, 1), &[], d(2026, 4, 30)).is_empty());
}

#[test]
fn new_part_uses_oldest_period_with_balance() {
    let hire = d(2024, 3, 10);
    let existing = vec![part(1, d(2025, 6, 1), 30)];
    let p = check_new_part(hire, &existing, None, d(2026, 4, 1), 30).expect("valid");
    assert_eq!(p.period, 2);
    let p = check_new_part(hire, &[], None, d(2025, 4, 1), 15).expect("valid");
    assert_eq!(p.period, 1);
    assert_eq!(p.end(), d(2025, 4, 15));
}

#[test]
fn split_into_three_parts_with_one_of_14_days() {
    let hire = d(2024, 3, 10);
    let mut parts = Vec::new();
    for (start, days) in [(d(2025, 4, 1), 10), (d(2025, 6, 1), 14), (d(2025, 9, 1), 6)] {
        let p = check_new_part(hire, &parts, Some(1), start, days).expect("valid split");
        parts.push(p);
    }
    let periods = acquisition_periods(hire, &parts, d(2025, 12, 1));
    assert_eq!(periods[0].balance_days, 0);
}

#[test]
fn rejects_part_shorter_than_five_days() {
    let err = check_new_part(d(2024, 3, 10), &[], Some(1), d(2025, 4, 1), 4).expect_err("short");
    assert_eq!(err, StaffError::VacationTooShort { days: 4, min: 5 });
}

#[test]
fn rejects_period_not_yet_acquired() {
    let err = check_new_part(d(2024, 3, 10), &[], Some(1), d(2025, 3, 9), 30).expect_err("early");
    assert_eq!(
        err,
        StaffError::PeriodNotAcquired {
            period: 1,
            period_end: d(2025, 3, 9)
        }
    );
    assert!(err.to_string().contains("09/03/2025"), "{err}");
}

#[test]
fn rejects_when_no_period_has_balance() {
    let err = check_new_part(d(2024, 3, 10), &[], None, d(2024, 12, 1), 30).expect_err("none");
    assert_eq!(err, StaffError::NoPeriodWithBalance);
}

#[test]
fn rejects_period_zero() {
    let err = check_new_part(d(2024, 3, 10), &[], Some(0), d(2025, 4, 1), 30).expect_err("zero");
    assert_eq!(err, StaffError::NoSuchPeriod(0));
}

#[test]
fn rejects_more_days_than_balance() {
    let hire = d(2024, 3, 10);
    let existing = vec![part(1, d(2025, 4, 1), 20)];
    let err = check_new_part(hire, &existing, Some(1), d(2025, 6, 1), 15).expect_err("balance");
    assert_eq!(
        err,
        StaffError::VacationExceedsBalance {
            period: 1,
            balance: 10,
            days: 15
        }
    );
}

#[test]
fn rejects_a_fourth_part() {
    let hire = d(2024, 3, 10);
    // Three parts already and 6 days left, as imported from older records.
    let existing = vec![
        part(1, d(2025, 4, 1), 14),
        part(1, d(2025, 5, 1), 5),
        part(1, d(2025, 6, 1), 5),
    ];
    let err = check_new_part(hire, &existing, Some(1), d(2025, 7, 1), 6).expect_err("4th");
    assert_eq!(err, StaffError::TooManyPortions);
}

#[test]
fn rejects_split_that_leaves_no_14_day_part() {
    let hire = d(2024, 3, 10);
    let existing = vec![part(1, d(2025, 4, 1), 10)];
    let err = check_new_part(hire, &existing, Some(1), d(2025, 6, 1), 10).expect_err("no long");
    assert_eq!(err, StaffError::NeedsLongPortion { days: 10 });
}

#[test]
fn rejects_leftover_that_cannot_be_used() {
    let hire = d(2024, 3, 10);
    let err = check_new_part(hire, &[], Some(1), d(2025, 4, 1), 27).expect_err("3 left");
    assert_eq!(err, StaffError::LeftoverDays { remaining: 3 });
    let existing = vec![part(1, d(2025, 4, 1), 14), part(1, d(2025, 5, 1), 5)];
    let err = check_new_part(hire, &existing, Some(1), d(2025, 6, 1), 5).expect_err("3rd part");
    assert_eq!(err, StaffError::LeftoverDays { remaining: 6 });
}

#[test]
fn rejects_overlapping_parts() {
    let hire = d(2024, 3, 10);
    let existing = vec![part(1, d(2025, 4, 1), 15)];
    let err = check_new_part(hire, &existing, Some(2), d(2026, 3, 10), 15);
    assert!(err.is_ok(), "different dates do not overlap");
    let existing = vec![part(2, d(2026, 4, 1), 15)];
    let err = check_new_part(hire, &existing, Some(1), d(2026, 4, 15), 15).expect_err("overlap");
    assert_eq!(err, StaffError::VacationOverlap(d(2026, 4, 1)));
}

#[test]
fn vacation_pay_plus_one_third() {
    // 3.000,00 for 30 days: 3.000,00 + 1.000,00.
    let p = vacation_pay(dec!(3000.00), 30);
    assert_eq!(
        (p.base, p.one_third, p.total),
        (dec!(3000.00), dec!(1000.00), dec!(4000.00))
    );
    // 3.100,00 for 20 days: 3.100 × 20 ÷ 30 = 2.066,666… → 2.066,67;
    // a third of 2.066,67 = 688,89; total 2.755,56.
    let p = vacation_pay(dec!(3100.00), 20);
    assert_eq!(
        (p.base, p.one_third, p.total),
        (dec!(2066.67), dec!(688.89), dec!(2755.56))
    );
}

// ---------------------------------------------------------------------------
// Operations on the document.
// ---------------------------------------------------------------------------

use retaguarda_core::formats::doc::TaxId;
use retaguarda_core::staff::{Contract, NewStaff, NewVacation};
use retaguarda_core::{Business, CoreError, Id};

fn hired(contract: Contract) -> (Business, Id) {
    let mut biz = common::new_business();
    let id = biz
        .create_staff(
            &common::ctx(),
            NewStaff {
                name: "Ana Souza".into(),
                cpf: TaxId::cpf_from_base("529982247").expect("cpf").formatted(),
                role: "Padeira".into(),
                hire_date: d(2024, 3, 10),
                monthly_salary: dec!(3000.00),
                contract,
                dependants: 0,
            },
        )
        .expect("staff");
    (biz, id)
}

fn vacation(staff: &Id, start: NaiveDate, days: u32) -> NewVacation {
    NewVacation {
        staff: staff.clone(),
        period: None,
        start,
        days,
    }
}

#[test]
fn schedule_vacation_and_query_periods_and_pay() {
    let (mut biz, ana) = hired(Contract::Clt);
    let today = common::ctx(); // 10/03/2026
    let heads = biz.heads();
    let first = biz
        .schedule_vacation(&today, vacation(&ana, d(2025, 7, 1), 20))
        .expect("first part");
    assert_eq!(biz.changes_since(&heads).len(), 1);
    let second = biz
        .schedule_vacation(&today, vacation(&ana, d(2026, 4, 6), 10))
        .expect("second part");
    let parts = biz.vacations_of(&ana).expect("parts");
    assert_eq!(
        parts.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(),
        vec![first.clone(), second]
    );
    assert!(parts.iter().all(|(_, v)| v.period == 1));

    let periods = biz.vacation_periods(&ana, d(2026, 3, 10)).expect("periods");
    // Period 2 ended on 09/03/2026, so 10/03/2026 is in period 3.
    assert_eq!(periods.len(), 3);
    assert_eq!(periods[0].taken_days, 20);
    assert_eq!(periods[0].scheduled_days, 10);
    assert_eq!(periods[0].balance_days, 0);
    assert_eq!(periods[0].limit_to_grant, d(2026, 3, 9));
    // Days 6 to 15/04/2026 fall after the limit of 09/03/2026.
    assert!(periods[0].overdue);
    assert_eq!(periods[1].balance_days, 30);
    assert!(periods[1].acquired);
    assert!(!periods[2].acquired);

    // 3.000,00 × 20 ÷ 30 = 2.000,00 + 666,67.
    let pay = biz.vacation_pay(&first).expect("pay");
    assert_eq!(pay.base, dec!(2000.00));
    assert_eq!(pay.one_third, dec!(666.67));
    assert_eq!(pay.total, dec!(2666.67));
}

#[test]
fn schedule_vacation_rejections() {
    let (mut biz, ana) = hired(Contract::Clt);
    let ctx = common::ctx();
    let err = common::assert_rejected_unchanged(&mut biz, |b| {
        b.schedule_vacation(&ctx, vacation(&"x".to_string(), d(2025, 7, 1), 30))
    });
    assert_eq!(err, CoreError::Staff(StaffError::StaffNotFound));
    let err = common::assert_rejected_unchanged(&mut biz, |b| {
        b.schedule_vacation(&ctx, vacation(&ana, d(2025, 7, 1), 4))
    });
    assert_eq!(
        err,
        CoreError::Staff(StaffError::VacationTooShort { days: 4, min: 5 })
    );
    let err = common::assert_rejected_unchanged(&mut biz, |b| {
        b.schedule_vacation(&ctx, vacation(&ana, d(2025, 1, 1), 30))
    });
    assert_eq!(err, CoreError::Staff(StaffError::NoPeriodWithBalance));
    biz.schedule_vacation(&ctx, vacation(&ana, d(2025, 7, 1), 15))
        .expect("first half");
    let err = common::assert_rejected_unchanged(&mut biz, |b| {
        b.schedule_vacation(&ctx, vacation(&ana, d(2025, 7, 10), 15))
    });
    assert_eq!(
        err,
        CoreError::Staff(StaffError::VacationOverlap(d(2025, 7, 1)))
    );
    let err = common::assert_rejected_unchanged(&mut biz, |b| {
        b.schedule_vacation(
            &ctx,
            NewVacation {
                period: Some(2),
                ..vacation(&ana, d(2026, 3, 1), 10)
            },
        )
    });
    assert_eq!(
        err,
        CoreError::Staff(StaffError::PeriodNotAcquired {
            period: 2,
            period_end: d(2026, 3, 9)
        })
    );
    biz.terminate_staff(&ctx, &ana, d(2026, 5, 10))
        .expect("terminate");
    let err = common::assert_rejected_unchanged(&mut biz, |b| {
        b.schedule_vacation(&ctx, vacation(&ana, d(2026, 5, 1), 15))
    });
    assert_eq!(err, CoreError::Staff(StaffError::VacationAfterTermination));
}

#[test]
fn vacation_is_for_clt_only() {
    let (mut biz, other) = hired(Contract::Other);
    let ctx = common::ctx();
    let err = common::assert_rejected_unchanged(&mut biz, |b| {
        b.schedule_vacation(&ctx, vacation(&other, d(2025, 7, 1), 30))
    });
    assert_eq!(err, CoreError::Staff(StaffError::NotClt));
    assert_eq!(
        biz.vacation_periods(&other, d(2026, 3, 10)),
        Err(CoreError::Staff(StaffError::NotClt))
    );
}

#[test]
fn cancel_vacation_and_its_rejections() {
    let (mut biz, ana) = hired(Contract::Clt);
    let ctx = common::ctx(); // 10/03/2026
    let past = biz
        .schedule_vacation(&ctx, vacation(&ana, d(2025, 7, 1), 15))
        .expect("past part");
    let future = biz
        .schedule_vacation(&ctx, vacation(&ana, d(2026, 4, 6), 15))
        .expect("future part");
    biz.cancel_vacation(&ctx, &future).expect("cancel");
    assert_eq!(biz.vacations_of(&ana).expect("parts").len(), 1);
    let periods = biz.vacation_periods(&ana, d(2026, 3, 10)).expect("periods");
    assert_eq!(periods[0].balance_days, 15);

    let err = common::assert_rejected_unchanged(&mut biz, |b| b.cancel_vacation(&ctx, &future));
    assert_eq!(err, CoreError::Staff(StaffError::VacationAlreadyCancelled));
    let err = common::assert_rejected_unchanged(&mut biz, |b| b.cancel_vacation(&ctx, &past));
    assert_eq!(
        err,
        CoreError::Staff(StaffError::VacationStarted(d(2025, 7, 1)))
    );
    let err = common::assert_rejected_unchanged(&mut biz, |b| b.cancel_vacation(&ctx, "x"));
    assert_eq!(err, CoreError::Staff(StaffError::VacationNotFound));
    assert_eq!(
        biz.vacation_pay("x"),
        Err(CoreError::Staff(StaffError::VacationNotFound))
    );
}

#[test]
fn parts_scheduled_offline_on_two_devices_both_survive() {
    let (mut a, ana) = hired(Contract::Clt);
    let mut b = a.fork(&common::device("Tablet", 2));
    let ctx = common::ctx();
    a.schedule_vacation(&ctx, vacation(&ana, d(2026, 4, 6), 30))
        .expect("on A");
    b.schedule_vacation(&ctx, vacation(&ana, d(2026, 6, 1), 30))
        .expect("on B");
    a.merge(&mut b).expect("merge");
    b.merge(&mut a).expect("merge");
    for biz in [&a, &b] {
        assert_eq!(biz.vacations_of(&ana).expect("parts").len(), 2);
        let periods = biz.vacation_periods(&ana, d(2026, 3, 10)).expect("periods");
        // Both charged period 1: 30 days too many, shown for a person to fix.
        assert_eq!(periods[0].balance_days, 0);
        assert_eq!(periods[0].over_scheduled_days, 30);
    }
}

#[test]
fn schedule_vacation_applies_every_splitting_rule() {
    let (mut biz, ana) = hired(Contract::Clt);
    let ctx = common::ctx();
    let period1 = |start, days| NewVacation {
        period: Some(1),
        ..vacation(&ana, start, days)
    };
    let err = common::assert_rejected_unchanged(&mut biz, |b| {
        b.schedule_vacation(&ctx, period1(d(2025, 4, 1), 27))
    });
    assert_eq!(
        err,
        CoreError::Staff(StaffError::LeftoverDays { remaining: 3 })
    );
    biz.schedule_vacation(&ctx, period1(d(2025, 4, 1), 10))
        .expect("10 days, 20 left");
    let err = common::assert_rejected_unchanged(&mut biz, |b| {
        b.schedule_vacation(&ctx, period1(d(2025, 6, 1), 10))
    });
    assert_eq!(
        err,
        CoreError::Staff(StaffError::NeedsLongPortion { days: 10 })
    );
    let err = common::assert_rejected_unchanged(&mut biz, |b| {
        b.schedule_vacation(&ctx, period1(d(2025, 6, 1), 25))
    });
    assert_eq!(
        err,
        CoreError::Staff(StaffError::VacationExceedsBalance {
            period: 1,
            balance: 20,
            days: 25
        })
    );
    let err = common::assert_rejected_unchanged(&mut biz, |b| {
        b.schedule_vacation(
            &ctx,
            NewVacation {
                period: Some(0),
                ..vacation(&ana, d(2025, 6, 1), 20)
            },
        )
    });
    assert_eq!(err, CoreError::Staff(StaffError::NoSuchPeriod(0)));
    biz.schedule_vacation(&ctx, period1(d(2025, 6, 1), 20))
        .expect("the remaining 20 days");
}
