//! Vacation pay: days × daily pay plus one third, abono pecuniário with its
//! third and no INSS/IRRF, the 13º advance paid with it, INSS and IRRF on the
//! vacation pay apart from the month, the due date 2 days before the start,
//! a vacation crossing a month and a late vacation paid in double.
//!
//! Sources of the figures below, derived by hand:
//! - Constituição art. 7º, XVII (one third more); CLT art. 143 (abono of up
//!   to a third of the period); art. 137 and TST Súmula 81 (days after the
//!   período concessivo in double); art. 145 (paid 2 days before).
//! - Abono and dobra outside the salário de contribuição: Lei 8.212/1991,
//!   art. 28 §9º, "d" and "e", 6. Abono without IRRF: Ato Declaratório
//!   PGFN 6/2006. IRRF on vacation apart from the month: RIR/1999 art. 620
//!   §2º.
//! - INSS 2026: 7,5% up to 1.621,00; 9% up to 2.902,84; 12% up to 4.354,27;
//!   14% up to 8.475,55. IRRF monthly table of Lei 15.191/2025 with the
//!   simplified discount of 607,20 and the reduction of Lei 15.270/2025.

use chrono::NaiveDate;
use retaguarda_core::staff::vacation::{check_new_part_with_abono, VacationPart};
use retaguarda_core::staff::vacation_pay::{
    days_by_month, late_days, vacation_due, vacation_payment, VacationPayInput,
};
use retaguarda_core::staff::{PayrollTables, StaffError};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn pay(salary: Decimal, start: NaiveDate, days: u32, abono: u32, late: u32) -> VacationPayInput {
    VacationPayInput {
        monthly_salary: salary,
        start,
        days,
        abono_days: abono,
        late_days: late,
        advance_13th: Decimal::ZERO,
        dependants: 0,
    }
}

fn t() -> PayrollTables {
    PayrollTables::brazil_2026()
}

#[test]
fn thirty_days_crossing_into_january() {
    // 3.000,00, 30 days from Monday 14/12/2026: 3.000,00 + 1/3 1.000,00 =
    // 4.000,00. INSS on 4.000,00 alone: 121,58 + 115,37 + 1.097,16 × 12% =
    // 131,66 → 368,61. IRRF: 4.000,00 − 607,20 = 3.392,80 × 15% − 394,16 =
    // 114,76, reduced to zero by Lei 15.270 (income up to 5.000,00).
    // Net 3.631,39; FGTS 8% × 4.000,00 = 320,00.
    let p = vacation_payment(&t(), &pay(dec!(3000.00), d(2026, 12, 14), 30, 0, 0)).expect("pay");
    assert_eq!(p.sheet.line("ferias"), Some(dec!(3000.00)));
    assert_eq!(p.sheet.line("ferias_terco"), Some(dec!(1000.00)));
    assert_eq!(p.sheet.inss, dec!(368.61));
    assert_eq!(p.sheet.irrf, Decimal::ZERO);
    assert_eq!(p.sheet.net, dec!(3631.39));
    assert_eq!(p.sheet.fgts, dec!(320.00));
    // Due 2 days before: Saturday 12/12 → Friday 11/12.
    assert_eq!(p.due, d(2026, 12, 11));
    // 18 days in December (14–31), 12 in January (1–12).
    assert_eq!(p.days_by_month, vec![(2026, 12, 18), (2027, 1, 12)]);
}

#[test]
fn abono_pecuniario_has_its_third_and_no_taxes() {
    // 20 days enjoyed + 10 sold, salary 3.000,00: férias 2.000,00 + 1/3
    // 666,67; abono 1.000,00 + 1/3 333,33. INSS only on 2.666,67: 121,58 +
    // 1.045,67 × 9% = 94,11 → 215,69. IRRF: 2.666,67 − 607,20 = 2.059,47,
    // exempt. Net 2.000,00 + 666,67 + 1.000,00 + 333,33 − 215,69 = 3.784,31.
    // FGTS only on 2.666,67: 213,33.
    let p = vacation_payment(&t(), &pay(dec!(3000.00), d(2026, 7, 6), 20, 10, 0)).expect("pay");
    assert_eq!(p.sheet.line("abono"), Some(dec!(1000.00)));
    assert_eq!(p.sheet.line("abono_terco"), Some(dec!(333.33)));
    assert_eq!(p.sheet.line("ferias_terco"), Some(dec!(666.67)));
    assert_eq!(p.sheet.inss, dec!(215.69));
    assert_eq!(p.sheet.irrf, Decimal::ZERO);
    assert_eq!(p.sheet.net, dec!(3784.31));
    assert_eq!(p.sheet.fgts, dec!(213.33));
    // Monday 06/07 → due Saturday 04/07 → Friday 03/07.
    assert_eq!(p.due, d(2026, 7, 3));
}

#[test]
fn abono_uses_the_period_and_is_at_most_ten_days() {
    let hire = d(2024, 1, 10);
    let part = check_new_part_with_abono(hire, &[], None, d(2026, 7, 6), 20, 10).expect("part");
    assert_eq!(part.charged_days(), 30);
    let taken = [VacationPart {
        period: 1,
        start: d(2025, 2, 3),
        days: 15,
        abono_days: 0,
    }];
    // 15 left: 10 enjoyed + 10 sold is too much.
    assert_eq!(
        check_new_part_with_abono(hire, &taken, Some(1), d(2025, 6, 1), 10, 10),
        Err(StaffError::VacationExceedsBalance {
            period: 1,
            balance: 15,
            days: 20
        })
    );
    assert_eq!(
        check_new_part_with_abono(hire, &[], None, d(2026, 7, 6), 19, 11),
        Err(StaffError::AbonoTooLong { days: 11, max: 10 })
    );
}

#[test]
fn thirteenth_advance_with_the_vacation() {
    // Same 30 days with the 13º advance of 1.500,00 (half of 3.000,00, no
    // deductions; Lei 4.749/1965, art. 2º §2º): net 3.631,39 + 1.500,00 =
    // 5.131,39; FGTS 320,00 + 120,00 = 440,00; INSS unchanged.
    let mut i = pay(dec!(3000.00), d(2026, 6, 1), 30, 0, 0);
    i.advance_13th = dec!(1500.00);
    let p = vacation_payment(&t(), &i).expect("pay");
    assert_eq!(p.sheet.line("decimo_1"), Some(dec!(1500.00)));
    assert_eq!(p.sheet.inss, dec!(368.61));
    assert_eq!(p.sheet.net, dec!(5131.39));
    assert_eq!(p.sheet.fgts, dec!(440.00));
}

#[test]
fn above_the_ceiling_and_taxed_by_irrf() {
    // 9.000,00: férias 9.000,00 + 3.000,00 = 12.000,00. INSS at the ceiling
    // 988,10. IRRF: 12.000,00 − 988,10 = 11.011,90 × 27,5% − 908,73 =
    // 2.119,54. Net 12.000,00 − 988,10 − 2.119,54 = 8.892,36; FGTS 960,00.
    let p = vacation_payment(&t(), &pay(dec!(9000.00), d(2026, 3, 2), 30, 0, 0)).expect("pay");
    assert_eq!(p.sheet.inss, dec!(988.10));
    assert_eq!(p.sheet.irrf, dec!(2119.54));
    assert_eq!(p.sheet.net, dec!(8892.36));
    assert_eq!(p.sheet.fgts, dec!(960.00));
    let irrf = p
        .sheet
        .lines
        .iter()
        .find(|l| l.code == "irrf_ferias")
        .expect("irrf");
    assert_eq!(irrf.text(), "IRRF das férias 27,5% sobre R$ 11.011,90");
}

#[test]
fn late_vacation_is_paid_in_double() {
    // Hired 10/01/2024: period 1 ends 09/01/2025, limit to grant 09/01/2026.
    // 30 days from 05/01/2026: 5 days on time (05–09), 25 after the limit.
    let limit = d(2026, 1, 9);
    assert_eq!(late_days(d(2026, 1, 5), 30, limit), 25);
    assert_eq!(late_days(d(2025, 12, 1), 30, limit), 0);
    assert_eq!(late_days(d(2026, 2, 1), 30, limit), 30);
    // 3.000,00: férias 3.000,00 + 1.000,00; dobra of 25 days 2.500,00 +
    // 833,33. INSS only on 4.000,00: 368,61. IRRF on 7.333,33: base
    // 7.333,33 − 607,20 = 6.726,13 × 27,5% − 908,73 = 940,96; reduction
    // 978,62 − 0,133145 × 7.333,33 = 2,22 → 938,74.
    // Net 7.333,33 − 368,61 − 938,74 = 6.025,98; FGTS only on 4.000,00.
    let p = vacation_payment(&t(), &pay(dec!(3000.00), d(2026, 1, 5), 30, 0, 25)).expect("pay");
    assert_eq!(p.sheet.line("ferias_dobra"), Some(dec!(2500.00)));
    assert_eq!(p.sheet.line("ferias_dobra_terco"), Some(dec!(833.33)));
    assert_eq!(p.sheet.inss, dec!(368.61));
    assert_eq!(p.sheet.irrf, dec!(938.74));
    assert_eq!(p.sheet.net, dec!(6025.98));
    assert_eq!(p.sheet.fgts, dec!(320.00));
}

#[test]
fn due_dates_and_months() {
    // Thursday 10/09/2026 → Tuesday 08/09.
    assert_eq!(vacation_due(d(2026, 9, 10)), d(2026, 9, 8));
    // Tuesday 03/03/2026 → Sunday 01/03 → Friday 27/02.
    assert_eq!(vacation_due(d(2026, 3, 3)), d(2026, 2, 27));
    assert_eq!(
        days_by_month(d(2026, 2, 20), 15),
        vec![(2026, 2, 9), (2026, 3, 6)]
    );
}
