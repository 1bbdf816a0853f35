//! The TRCT of each way a contract ends: saldo de salário, aviso prévio
//! (Lei 12.506/2011), férias vencidas and proporcionais with the third, 13º
//! proporcional, FGTS and its fine, and INSS/IRRF on each line as the law
//! taxes it; payment due 10 days after the end.
//!
//! Sources of the figures below, derived by hand:
//! - Aviso: 30 days + 3 per complete year, up to 90 (Lei 12.506/2011); it
//!   projects the contract (CLT art. 487 §1º); half in the agreement (CLT
//!   art. 484-A, I, "a"); discounted when the resigning employee does not work
//!   it (art. 487 §2º). Indemnified aviso: no INSS (STJ REsp 1.230.957), no
//!   IRRF (Lei 7.713/1988, art. 6º, V), FGTS due (TST Súmula 305).
//! - Férias: 1/12 per month, fraction over 14 days (CLT art. 146); vencidas
//!   past the limit in double (art. 137); indemnified vacation without INSS
//!   (Lei 8.212/1991, art. 28 §9º, "d") or IRRF (STJ Súmula 386).
//! - 13º: Lei 4.090/1962 (15-day rule); INSS and IRRF apart (Decreto
//!   3.048/1999, art. 214 §6º; Lei 7.713/1988, art. 26).
//! - FGTS 8% and the fine of 40% (Lei 8.036/1990, arts. 15 and 18 §1º) or
//!   20% (CLT art. 484-A, I, "b"); payment in 10 days (CLT art. 477 §6º).
//! - INSS 2026 bands and IRRF table as in tests/payroll.rs.

use chrono::NaiveDate;
use retaguarda_core::staff::termination::{
    complete_years, notice_days, termination, vacation_months,
};
use retaguarda_core::staff::{
    Notice, PayrollTables, StaffError, TerminationInput, TerminationKind, VacationPart,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn taken(periods: &[u32]) -> Vec<VacationPart> {
    periods
        .iter()
        .map(|&p| VacationPart {
            period: p,
            start: d(2020 + i32::try_from(p).expect("small"), 6, 1),
            days: 30,
            abono_days: 0,
        })
        .collect()
}

/// Hired 01/03/2023 at 3.000,00; periods 1 and 2 enjoyed, period 3
/// (01/03/2025–28/02/2026, limit 28/02/2027) not; last day 20/08/2026;
/// FGTS deposited 10.000,00.
fn baker(kind: TerminationKind, notice: Notice) -> TerminationInput {
    TerminationInput {
        hire: d(2023, 3, 1),
        last_day: d(2026, 8, 20),
        monthly_salary: dec!(3000.00),
        dependants: 0,
        kind,
        notice,
        vacation_parts: taken(&[1, 2]),
        advance_13th_paid: Decimal::ZERO,
        fgts_balance: dec!(10000.00),
    }
}

fn t() -> PayrollTables {
    PayrollTables::brazil_2026()
}

#[test]
fn aviso_days_follow_lei_12506() {
    assert_eq!(complete_years(d(2023, 3, 1), d(2026, 2, 27)), 2);
    assert_eq!(complete_years(d(2023, 3, 1), d(2026, 2, 28)), 3);
    assert_eq!(complete_years(d(2023, 3, 1), d(2026, 8, 20)), 3);
    assert_eq!(notice_days(0), 30);
    assert_eq!(notice_days(3), 39);
    assert_eq!(notice_days(20), 90);
    assert_eq!(notice_days(25), 90);
    // 01/03 to 28/09: six whole months and 28 days → 7; to 14/09: 6.
    assert_eq!(vacation_months(d(2026, 3, 1), d(2026, 9, 28)), 7);
    assert_eq!(vacation_months(d(2026, 3, 1), d(2026, 9, 14)), 6);
    assert_eq!(vacation_months(d(2026, 3, 1), d(2026, 9, 15)), 7);
}

#[test]
fn dismissal_without_cause_with_indemnified_notice() {
    // 3 complete years → aviso 39 days = 3.900,00, projecting the end to
    // 28/09/2026. Saldo: 20 days = 2.000,00. 13º: January–August + 28 days
    // of September = 9/12 = 2.250,00. Férias vencidas (period 3): 3.000,00 +
    // 1.000,00. Proporcionais (period 4 from 01/03/2026 to 28/09): 7/12 =
    // 1.750,00 + 583,33.
    // INSS saldo: 121,58 + 379,00 × 9% = 34,11 → 155,69; IRRF 0 (2.000,00 −
    // 607,20 exempt). INSS 13º: 121,58 + 629,00 × 9% = 56,61 → 178,19; IRRF 0.
    // Earnings 14.483,33; deductions 333,88; net 14.149,45.
    // FGTS 8% × (2.000,00 + 3.900,00 + 2.250,00) = 652,00; fine 40% ×
    // (10.000,00 + 652,00) = 4.260,80.
    let c = termination(
        &t(),
        &baker(TerminationKind::WithoutCause, Notice::Indemnified),
    )
    .expect("trct");
    let s = &c.sheet;
    assert_eq!(c.notice_days, 39);
    assert_eq!(c.projected_end, d(2026, 9, 28));
    assert_eq!(s.line("saldo_salario"), Some(dec!(2000.00)));
    assert_eq!(s.line("aviso_indenizado"), Some(dec!(3900.00)));
    assert_eq!(s.line("decimo"), Some(dec!(2250.00)));
    assert_eq!(s.line("ferias_vencidas"), Some(dec!(3000.00)));
    assert_eq!(s.line("ferias_vencidas_terco"), Some(dec!(1000.00)));
    assert_eq!(s.line("ferias_proporcionais"), Some(dec!(1750.00)));
    assert_eq!(s.line("ferias_proporcionais_terco"), Some(dec!(583.33)));
    assert_eq!(s.line("inss"), Some(dec!(155.69)));
    assert_eq!(s.line("inss_13"), Some(dec!(178.19)));
    assert_eq!(s.irrf, Decimal::ZERO);
    assert_eq!(s.earnings, dec!(14483.33));
    assert_eq!(s.deductions, dec!(333.88));
    assert_eq!(s.net, dec!(14149.45));
    assert_eq!(s.fgts, dec!(652.00));
    assert_eq!(s.fgts_fine, dec!(4260.80));
    // Due 10 days after the end: 30/08/2026.
    assert_eq!(c.due, d(2026, 8, 30));
    let inss = s.lines.iter().find(|l| l.code == "inss").expect("inss");
    assert_eq!(
        inss.text(),
        "INSS do saldo de salário 7,78% sobre R$ 2.000,00"
    );
}

#[test]
fn resignation_with_worked_notice() {
    // Aviso worked (no line, no projection): 13º January–August (20 days) =
    // 8/12 = 2.000,00; proporcionais March–August 20 = 6/12 = 1.500,00 +
    // 500,00; vencidas 4.000,00; saldo 2.000,00. INSS saldo 155,69; INSS 13º:
    // 121,58 + 34,11 = 155,69. Net 10.000,00 − 311,38 = 9.688,62.
    // FGTS 8% × 4.000,00 = 320,00; no fine.
    let c = termination(&t(), &baker(TerminationKind::Resignation, Notice::Worked)).expect("trct");
    let s = &c.sheet;
    assert_eq!(c.projected_end, d(2026, 8, 20));
    assert_eq!(s.line("aviso_indenizado"), None);
    assert_eq!(s.line("decimo"), Some(dec!(2000.00)));
    assert_eq!(s.line("ferias_proporcionais"), Some(dec!(1500.00)));
    assert_eq!(s.earnings, dec!(10000.00));
    assert_eq!(s.net, dec!(9688.62));
    assert_eq!(s.fgts, dec!(320.00));
    assert_eq!(s.fgts_fine, Decimal::ZERO);
    // Not worked: the 30 days are discounted (art. 487 §2º): 6.688,62.
    let c = termination(
        &t(),
        &baker(TerminationKind::Resignation, Notice::NotWorked),
    )
    .expect("trct");
    assert_eq!(c.sheet.line("aviso_descontado"), Some(dec!(3000.00)));
    assert_eq!(c.sheet.net, dec!(6688.62));
}

#[test]
fn agreement_of_art_484a() {
    // Half of the 39-day aviso: 1.950,00; the projection and the other lines
    // as in the dismissal. Earnings 12.533,33; deductions 333,88; net
    // 12.199,45. FGTS 8% × (2.000,00 + 1.950,00 + 2.250,00) = 496,00; fine
    // 20% × 10.496,00 = 2.099,20.
    let c = termination(
        &t(),
        &baker(TerminationKind::Agreement, Notice::Indemnified),
    )
    .expect("trct");
    let s = &c.sheet;
    assert_eq!(s.line("aviso_indenizado"), Some(dec!(1950.00)));
    assert_eq!(s.earnings, dec!(12533.33));
    assert_eq!(s.net, dec!(12199.45));
    assert_eq!(s.fgts, dec!(496.00));
    assert_eq!(s.fgts_fine, dec!(2099.20));
}

#[test]
fn end_of_experience_contract() {
    // Hired 01/06/2026 at 2.000,00, 90 days ending 29/08/2026. Saldo 29 days
    // = 1.933,33; 13º 3/12 = 500,00; proporcionais 3/12 = 500,00 + 166,67.
    // INSS saldo 121,58 + 312,33 × 9% = 28,11 → 149,69; INSS 13º 37,50.
    // Net 3.100,00 − 187,19 = 2.912,81; FGTS 8% × 2.433,33 = 194,67; no fine.
    let i = TerminationInput {
        hire: d(2026, 6, 1),
        last_day: d(2026, 8, 29),
        monthly_salary: dec!(2000.00),
        dependants: 0,
        kind: TerminationKind::ExperienceEnd,
        notice: Notice::Worked,
        vacation_parts: Vec::new(),
        advance_13th_paid: Decimal::ZERO,
        fgts_balance: dec!(300.00),
    };
    let c = termination(&t(), &i).expect("trct");
    let s = &c.sheet;
    assert_eq!(s.line("saldo_salario"), Some(dec!(1933.33)));
    assert_eq!(s.line("decimo"), Some(dec!(500.00)));
    assert_eq!(s.line("ferias_proporcionais_terco"), Some(dec!(166.67)));
    assert_eq!(s.inss, dec!(187.19));
    assert_eq!(s.net, dec!(2912.81));
    assert_eq!(s.fgts, dec!(194.67));
    assert_eq!(s.fgts_fine, Decimal::ZERO);
}

#[test]
fn above_the_ceiling_with_irrf() {
    // Hired 15/01/2020 at 12.000,00, dismissed on 31/08/2026: 6 complete
    // years → aviso 48 days = 19.200,00, projected to 18/10/2026. Periods 1–5
    // enjoyed; period 6 (15/01/2025–14/01/2026) vencidas 12.000,00 + 4.000,00;
    // proporcionais from 15/01/2026 to 18/10: 9 months (the last 4 days do
    // not count) = 9.000,00 + 3.000,00. 13º: January–September + 18 days of
    // October = 10/12 = 10.000,00. Saldo: day 31 counts as 30 → 12.000,00.
    // INSS saldo at the ceiling 988,10; IRRF 12.000,00 − 988,10 = 11.011,90 ×
    // 27,5% − 908,73 = 2.119,54. INSS 13º 988,10; IRRF 10.000,00 − 988,10 =
    // 9.011,90 × 27,5% − 908,73 = 1.569,54.
    // Earnings 69.200,00; deductions 5.665,28; net 63.534,72.
    // FGTS 8% × 41.200,00 = 3.296,00; fine 40% × 53.296,00 = 21.318,40.
    let i = TerminationInput {
        hire: d(2020, 1, 15),
        last_day: d(2026, 8, 31),
        monthly_salary: dec!(12000.00),
        dependants: 0,
        kind: TerminationKind::WithoutCause,
        notice: Notice::Indemnified,
        vacation_parts: taken(&[1, 2, 3, 4, 5]),
        advance_13th_paid: Decimal::ZERO,
        fgts_balance: dec!(50000.00),
    };
    let c = termination(&t(), &i).expect("trct");
    let s = &c.sheet;
    assert_eq!(c.notice_days, 48);
    assert_eq!(c.projected_end, d(2026, 10, 18));
    assert_eq!(s.line("aviso_indenizado"), Some(dec!(19200.00)));
    assert_eq!(s.line("ferias_proporcionais"), Some(dec!(9000.00)));
    assert_eq!(s.line("decimo"), Some(dec!(10000.00)));
    assert_eq!(s.line("irrf"), Some(dec!(2119.54)));
    assert_eq!(s.line("irrf_13"), Some(dec!(1569.54)));
    assert_eq!(s.earnings, dec!(69200.00));
    assert_eq!(s.deductions, dec!(5665.28));
    assert_eq!(s.net, dec!(63534.72));
    assert_eq!(s.fgts, dec!(3296.00));
    assert_eq!(s.fgts_fine, dec!(21318.40));
}

#[test]
fn overdue_vacation_is_doubled_and_the_advance_discounted() {
    // Period 2 (01/03/2024–28/02/2025, limit 28/02/2026) not enjoyed either:
    // vencidas 4.000,00 more and its dobra 4.000,00 (art. 137), on top of the
    // resignation's 9.688,62 → 17.688,62. With a 13º advance of 1.000,00
    // already paid: 16.688,62, and FGTS 8% × (2.000,00 + 1.000,00) = 240,00.
    let mut i = baker(TerminationKind::Resignation, Notice::Worked);
    i.vacation_parts = taken(&[1]);
    let c = termination(&t(), &i).expect("trct");
    assert_eq!(c.sheet.line("ferias_dobra"), Some(dec!(4000.00)));
    assert_eq!(c.sheet.net, dec!(17688.62));
    i.advance_13th_paid = dec!(1000.00);
    let c = termination(&t(), &i).expect("trct");
    assert_eq!(c.sheet.line("decimo_adiantamento"), Some(dec!(1000.00)));
    assert_eq!(c.sheet.net, dec!(16688.62));
    assert_eq!(c.sheet.fgts, dec!(240.00));
}

#[test]
fn rejections() {
    let mut i = baker(TerminationKind::WithoutCause, Notice::Indemnified);
    i.last_day = d(2023, 2, 1);
    assert_eq!(
        termination(&t(), &i),
        Err(StaffError::TerminationBeforeHire)
    );
    let mut i = baker(TerminationKind::WithoutCause, Notice::Indemnified);
    i.fgts_balance = dec!(-1);
    assert_eq!(termination(&t(), &i), Err(StaffError::NegativeFgtsBalance));
}
