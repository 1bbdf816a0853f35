//! Paying a vacation part: days × daily pay plus one third, the abono
//! pecuniário with its third, the dobra of days enjoyed after the limit, the
//! 13º advance when asked for, INSS and IRRF on the vacation pay computed on
//! their own (apart from the month's salary), FGTS, and the due date.
//!
//! Legal basis:
//! - Vacation pay with one third more: Constituição, art. 7º, XVII; CLT
//!   art. 142 (the pay of the days of vacation).
//! - Abono pecuniário: the employee may sell a third of the period (10
//!   days), paid with its third (CLT art. 143); it is not salário de
//!   contribuição (Lei 8.212/1991, art. 28 §9º, "e", 6) and has no IRRF
//!   (Ato Declaratório PGFN 6/2006), so no INSS, IRRF or FGTS.
//! - Days enjoyed after the end of the período concessivo are paid in double
//!   (CLT art. 137; TST Súmula 81). The dobra is not salário de contribuição
//!   (Lei 8.212/1991, art. 28 §9º, "d"), so no INSS or FGTS; it is taxed by
//!   IRRF with the vacation pay.
//! - IRRF on vacation pay is computed apart from the month's other pay, in
//!   the month it is paid (RIR/1999, Decreto 3.000/1999, art. 620 §2º, rule
//!   kept by the RIR/2018, Decreto 9.580/2018).
//! - Payment due up to 2 days before the vacation starts (CLT art. 145);
//!   moved back to the Friday when that day is a weekend.
//!
//! Simplification: INSS on the vacation pay is computed on its own, like the
//! IRRF, and the month's payroll computes INSS on the days worked. The law
//! adds both into one monthly salário de contribuição; for pay below the
//! first band's limit the result is the same.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::payroll::{
    cents, percent, tax_lines, PayslipLine, PayslipLineKind, COMMERCIAL_MONTH_DAYS,
};
use super::sheet::PaySheet;
use super::tables::PayrollTables;
use super::thirteenth::first_lines;
use super::StaffError;

/// Days before the start by which vacation pay is due (CLT art. 145).
pub const PAY_DAYS_BEFORE: u64 = 2;

/// What a vacation payment depends on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VacationPayInput {
    /// Monthly salary (plus the average of variable pay, if any).
    pub monthly_salary: Decimal,
    /// First day of vacation.
    pub start: NaiveDate,
    /// Days enjoyed.
    pub days: u32,
    /// Days sold as abono pecuniário.
    pub abono_days: u32,
    /// Days enjoyed after the limit date (paid in double).
    pub late_days: u32,
    /// 13º advance paid with the vacation (zero when not asked for).
    pub advance_13th: Decimal,
    /// Dependants for IRRF.
    pub dependants: u32,
}

/// A vacation payment: the sheet, the due date and the days per month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VacationPayment {
    /// Lines and totals.
    pub sheet: PaySheet,
    /// Last day to pay (CLT art. 145).
    pub due: NaiveDate,
    /// Calendar days of vacation in each month: (year, month, days).
    pub days_by_month: Vec<(i32, u32, u32)>,
}

/// Pay for `days` of a monthly salary in the commercial month of 30 days.
fn day_pay(monthly: Decimal, days: u32) -> Decimal {
    cents(monthly * Decimal::from(days) / Decimal::from(COMMERCIAL_MONTH_DAYS))
}

/// One third, in centavos.
fn third(amount: Decimal) -> Decimal {
    cents(amount / Decimal::from(3))
}

/// `date` moved back to the Friday before when it falls on a weekend.
pub fn weekday_on_or_before(date: NaiveDate) -> NaiveDate {
    let back = match date.weekday() {
        Weekday::Sat => 1,
        Weekday::Sun => 2,
        _ => 0,
    };
    date.checked_sub_days(Days::new(back)).unwrap_or(date)
}

/// The due date of the pay of a vacation starting on `start`.
pub fn vacation_due(start: NaiveDate) -> NaiveDate {
    weekday_on_or_before(
        start
            .checked_sub_days(Days::new(PAY_DAYS_BEFORE))
            .unwrap_or(start),
    )
}

/// Calendar days of a vacation in each month it touches.
pub fn days_by_month(start: NaiveDate, days: u32) -> Vec<(i32, u32, u32)> {
    let mut out: Vec<(i32, u32, u32)> = Vec::new();
    let mut day = start;
    for _ in 0..days {
        match out.last_mut() {
            Some(last) if last.0 == day.year() && last.1 == day.month() => last.2 += 1,
            _ => out.push((day.year(), day.month(), 1)),
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    out
}

/// Days of a part starting on `start` that fall after `limit`.
pub fn late_days(start: NaiveDate, days: u32, limit: NaiveDate) -> u32 {
    if days == 0 {
        return 0;
    }
    let end = start
        .checked_add_days(Days::new(u64::from(days - 1)))
        .unwrap_or(start);
    if end <= limit {
        0
    } else if start > limit {
        days
    } else {
        u32::try_from((end - limit).num_days()).unwrap_or(days)
    }
}

/// Calculates a vacation payment.
pub fn vacation_payment(
    tables: &PayrollTables,
    input: &VacationPayInput,
) -> Result<VacationPayment, StaffError> {
    if input.monthly_salary <= Decimal::ZERO {
        return Err(StaffError::SalaryNotPositive);
    }
    let salary = input.monthly_salary;
    let base = day_pay(salary, input.days);
    let base_third = third(base);
    let mut lines = vec![
        PayslipLine::earning(
            "ferias",
            format!("Férias ({} dias)", input.days),
            Some(input.days),
            base,
        ),
        PayslipLine::earning(
            "ferias_terco",
            "1/3 constitucional sobre as férias".into(),
            None,
            base_third,
        ),
    ];
    let late = input.late_days.min(input.days);
    let mut dobra_total = Decimal::ZERO;
    if late > 0 {
        let dobra = day_pay(salary, late);
        let dobra_third = third(dobra);
        dobra_total = dobra + dobra_third;
        lines.push(PayslipLine::earning(
            "ferias_dobra",
            format!("Dobra das férias gozadas após o prazo, art. 137 CLT ({late} dias)"),
            Some(late),
            dobra,
        ));
        lines.push(PayslipLine::earning(
            "ferias_dobra_terco",
            "1/3 sobre a dobra".into(),
            None,
            dobra_third,
        ));
    }
    if input.abono_days > 0 {
        let abono = day_pay(salary, input.abono_days);
        lines.push(PayslipLine::earning(
            "abono",
            format!(
                "Abono pecuniário, art. 143 CLT ({} dias, sem INSS e IRRF)",
                input.abono_days
            ),
            Some(input.abono_days),
            abono,
        ));
        lines.push(PayslipLine::earning(
            "abono_terco",
            "1/3 sobre o abono".into(),
            None,
            third(abono),
        ));
    }
    let taxed = base + base_third;
    let (taxes, _, _) = tax_lines(
        tables,
        "_ferias",
        " das férias",
        taxed,
        taxed + dobra_total,
        input.dependants,
    );
    lines.extend(taxes);
    lines.push(PayslipLine::rated(
        "fgts_ferias",
        "FGTS das férias".into(),
        PayslipLineKind::Employer,
        percent(tables.fgts_rate),
        taxed,
        cents(taxed * tables.fgts_rate),
    ));
    if input.advance_13th > Decimal::ZERO {
        lines.extend(first_lines(
            tables,
            "13º salário — 1ª parcela, paga com as férias".into(),
            input.advance_13th,
        ));
    }
    Ok(VacationPayment {
        sheet: PaySheet::from_lines(lines),
        due: vacation_due(input.start),
        days_by_month: days_by_month(input.start, input.days),
    })
}
