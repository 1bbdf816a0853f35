//! 13º salário: months counted by the 15-day rule, the first installment
//! (half, no deductions) and the second with INSS and IRRF on the whole 13º,
//! apart from the month's pay.
//!
//! Sources of the figures below, derived by hand:
//! - Lei 4.090/1962, art. 1º and §2º (1/12 per month; 15 days or more count
//!   as a month); Lei 4.749/1965, arts. 1º and 2º (advance of half by 30/11,
//!   the rest by 20/12); Decreto 57.155/1965, art. 3º §2º (advance of people
//!   hired in the year: half of 1/12 per month) and art. 2º (variable pay by
//!   its average).
//! - INSS 2026 (Portaria Interministerial MPS/MF of January 2026): 7,5% up to
//!   1.621,00; 9% up to 2.902,84; 12% up to 4.354,27; 14% up to 8.475,55.
//!   On the 13º apart from the month: Decreto 3.048/1999, art. 214 §6º.
//! - IRRF (RFB monthly table from Lei 15.191/2025; reduction of Lei
//!   15.270/2025), exclusive taxation of the 13º: Lei 7.713/1988, art. 26.
//! - FGTS 8%: Lei 8.036/1990, art. 15.

use chrono::NaiveDate;
use retaguarda_core::staff::thirteenth::{
    thirteenth_first, thirteenth_months, thirteenth_second, ThirteenthInput,
};
use retaguarda_core::staff::{PayrollTables, PayslipLineKind, StaffError};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn input(salary: Decimal, months: u32, whole_year: bool) -> ThirteenthInput {
    ThirteenthInput {
        monthly_salary: salary,
        variable_pay: Decimal::ZERO,
        months,
        whole_year,
        dependants: 0,
    }
}

fn t() -> PayrollTables {
    PayrollTables::brazil_2026()
}

#[test]
fn months_follow_the_fifteen_day_rule() {
    // Hired before the year: every month counts.
    assert_eq!(thirteenth_months(d(2024, 3, 1), None, 2026, 12), 12);
    assert_eq!(thirteenth_months(d(2024, 3, 1), None, 2026, 11), 11);
    // Admission on 10/05: May has 22 days (≥ 15), so May to December = 8;
    // up to November = 7.
    assert_eq!(thirteenth_months(d(2026, 5, 10), None, 2026, 12), 8);
    assert_eq!(thirteenth_months(d(2026, 5, 10), None, 2026, 11), 7);
    // Admission on 18/05: May has 14 days, not counted: June to December = 7.
    assert_eq!(thirteenth_months(d(2026, 5, 18), None, 2026, 12), 7);
    // Admission on 17/05: 15 days, counted.
    assert_eq!(thirteenth_months(d(2026, 5, 17), None, 2026, 12), 8);
    // Termination on 20/08: January to July + 20 days of August = 8.
    assert_eq!(
        thirteenth_months(d(2023, 3, 1), Some(d(2026, 8, 20)), 2026, 12),
        8
    );
    // Termination on 14/08: August has 14 days, not counted = 7.
    assert_eq!(
        thirteenth_months(d(2023, 3, 1), Some(d(2026, 8, 14)), 2026, 12),
        7
    );
    // Hired after the year: nothing.
    assert_eq!(thirteenth_months(d(2027, 1, 5), None, 2026, 12), 0);
}

#[test]
fn full_year_salary_3000() {
    // 1ª parcela: 3.000,00 ÷ 2 = 1.500,00, no INSS or IRRF; FGTS 8% = 120,00.
    let first = thirteenth_first(&t(), &input(dec!(3000.00), 11, true)).expect("first");
    assert_eq!(first.earnings, dec!(1500.00));
    assert_eq!(first.deductions, Decimal::ZERO);
    assert_eq!(first.net, dec!(1500.00));
    assert_eq!(first.fgts, dec!(120.00));
    assert_eq!(first.inss, Decimal::ZERO);

    // 2ª parcela: 13º of 12/12 = 3.000,00. INSS on the whole 13º:
    // 1.621,00 × 7,5% = 121,58 (121,575 rounded) + 1.281,84 × 9% = 115,37
    // + 97,16 × 12% = 11,66 → 248,61. IRRF: 3.000,00 − 607,20 (simplified
    // discount, larger than the INSS) = 2.392,80, exempt band → 0.
    // Net: 3.000,00 − 1.500,00 (advance) − 248,61 = 1.251,39.
    // FGTS: 8% of what is paid now, 1.500,00 → 120,00.
    let second =
        thirteenth_second(&t(), &input(dec!(3000.00), 12, true), dec!(1500.00)).expect("second");
    assert_eq!(second.line("decimo"), Some(dec!(3000.00)));
    assert_eq!(second.line("decimo_adiantamento"), Some(dec!(1500.00)));
    assert_eq!(second.inss, dec!(248.61));
    assert_eq!(second.irrf, Decimal::ZERO);
    assert_eq!(second.net, dec!(1251.39));
    assert_eq!(second.fgts, dec!(120.00));
    let inss = second
        .lines
        .iter()
        .find(|l| l.code == "inss_13")
        .expect("inss line");
    assert_eq!(inss.text(), "INSS do 13º 8,29% sobre R$ 3.000,00");
}

#[test]
fn admission_in_may() {
    // Hired on 10/05/2026 at 2.400,00.
    // 1ª parcela (Decreto 57.155/1965, art. 3º §2º): 7 months (May–Nov):
    // 2.400,00 × 7/12 ÷ 2 = 700,00; FGTS 56,00.
    let first = thirteenth_first(&t(), &input(dec!(2400.00), 7, false)).expect("first");
    assert_eq!(first.net, dec!(700.00));
    assert_eq!(first.fgts, dec!(56.00));
    // 2ª parcela: 8/12 × 2.400,00 = 1.600,00; INSS 1.600,00 × 7,5% = 120,00;
    // IRRF 0; net 1.600,00 − 700,00 − 120,00 = 780,00; FGTS 8% × 900,00 = 72,00.
    let second =
        thirteenth_second(&t(), &input(dec!(2400.00), 8, false), dec!(700.00)).expect("second");
    assert_eq!(second.line("decimo"), Some(dec!(1600.00)));
    assert_eq!(second.inss, dec!(120.00));
    assert_eq!(second.irrf, Decimal::ZERO);
    assert_eq!(second.net, dec!(780.00));
    assert_eq!(second.fgts, dec!(72.00));
}

#[test]
fn above_the_inss_ceiling() {
    // 10.000,00: INSS capped at the ceiling 8.475,55: 121,58 + 115,37 +
    // 174,17 + 4.121,28 × 14% = 576,98 → 988,10. IRRF: 10.000,00 − 988,10 =
    // 9.011,90 × 27,5% − 908,73 = 1.569,54 (no reduction above 7.350,00).
    // Net: 10.000,00 − 5.000,00 − 988,10 − 1.569,54 = 2.442,36; FGTS 400,00.
    let second =
        thirteenth_second(&t(), &input(dec!(10000.00), 12, true), dec!(5000.00)).expect("second");
    assert_eq!(second.inss, dec!(988.10));
    assert_eq!(second.irrf, dec!(1569.54));
    assert_eq!(second.net, dec!(2442.36));
    assert_eq!(second.fgts, dec!(400.00));
}

#[test]
fn crossing_into_the_taxed_irrf_band() {
    // 6.000,00: INSS 121,58 + 115,37 + 174,17 + 1.645,73 × 14% = 230,40 →
    // 641,52. IRRF base 6.000,00 − 641,52 = 5.358,48, band of 27,5%:
    // 1.473,58 − 908,73 = 564,85; the Lei 15.270 partial reduction
    // 978,62 − 0,133145 × 6.000,00 = 179,75 → IRRF 385,10.
    // Net: 6.000,00 − 3.000,00 − 641,52 − 385,10 = 1.973,38.
    let second =
        thirteenth_second(&t(), &input(dec!(6000.00), 12, true), dec!(3000.00)).expect("second");
    assert_eq!(second.inss, dec!(641.52));
    assert_eq!(second.irrf, dec!(385.10));
    assert_eq!(second.net, dec!(1973.38));
    let irrf = second
        .lines
        .iter()
        .find(|l| l.code == "irrf_13")
        .expect("irrf line");
    assert_eq!(
        irrf.text(),
        "IRRF do 13º (com redução da Lei 15.270/2025) 27,5% sobre R$ 5.358,48"
    );
    // 4.500,00 lands in the 22,5% band (base 3.892,80, tax 200,39) but the
    // Lei 15.270 reduction (up to 312,89 for income up to 5.000,00) zeroes it.
    let second =
        thirteenth_second(&t(), &input(dec!(4500.00), 12, true), dec!(2250.00)).expect("second");
    assert_eq!(second.inss, dec!(431.52));
    assert_eq!(second.irrf, Decimal::ZERO);
}

#[test]
fn variable_pay_enters_by_its_average() {
    // Salary 2.000,00 plus commissions of 2.200,00 over 11 months: average
    // 200,00, so the 13º of 11/12 is 2.200,00 × 11/12 = 2.016,67.
    let i = ThirteenthInput {
        monthly_salary: dec!(2000.00),
        variable_pay: dec!(2200.00),
        months: 11,
        whole_year: false,
        dependants: 0,
    };
    assert_eq!(i.monthly_pay(), dec!(2200.00));
    assert_eq!(i.total(), dec!(2016.67));
    // INSS on 2.016,67: 121,58 + 395,67 × 9% = 35,61 → 157,19.
    let second = thirteenth_second(&t(), &i, Decimal::ZERO).expect("second");
    assert_eq!(second.inss, dec!(157.19));
    assert_eq!(second.net, dec!(1859.48));
}

#[test]
fn lines_add_up_and_reject_bad_salary() {
    let s =
        thirteenth_second(&t(), &input(dec!(4321.09), 12, true), dec!(2160.55)).expect("second");
    let earn: Decimal = s
        .lines
        .iter()
        .filter(|l| l.kind == PayslipLineKind::Earning)
        .map(|l| l.amount)
        .sum();
    let ded: Decimal = s
        .lines
        .iter()
        .filter(|l| l.kind == PayslipLineKind::Deduction)
        .map(|l| l.amount)
        .sum();
    assert_eq!(earn - ded, s.net);
    assert_eq!(
        thirteenth_first(&t(), &input(Decimal::ZERO, 12, true)),
        Err(StaffError::SalaryNotPositive)
    );
}
