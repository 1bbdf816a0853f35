//! The 13º salário (gratificação natalina) of one employee: months counted,
//! first installment, second installment with its own INSS and IRRF.
//!
//! Legal basis:
//! - Lei 4.090/1962, art. 1º: 1/12 of December's pay per month of service in
//!   the year; a fraction of 15 days or more counts as a whole month (§2º).
//! - Lei 4.749/1965, art. 1º: paid by 20 December, less the advance; art. 2º:
//!   the advance (1ª parcela), half of the previous month's pay, between
//!   February and November, or with the vacation when the employee asks in
//!   January (§2º). It has no deductions.
//! - Decreto 57.155/1965 (consolidated in the Decreto 10.854/2021), art. 3º
//!   §2º: for people hired during the year the advance is half of 1/12 of
//!   the pay per month of service; art. 2º: variable pay enters as the
//!   average of the months worked.
//! - INSS on the whole 13º, calculated apart from the month's pay: Lei
//!   8.212/1991, art. 28 §7º, and Decreto 3.048/1999, art. 214 §6º.
//! - IRRF: exclusive taxation at source on the whole 13º, apart from other
//!   income, withheld at the final payment (Lei 7.713/1988, art. 26; Lei
//!   8.134/1990, art. 16), with the monthly table, the INSS and the
//!   dependants; the Lei 15.270/2025 reduction applies to it as to monthly
//!   pay.
//! - FGTS 8% on each installment when paid (Lei 8.036/1990, art. 15).

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::payroll::{cents, percent, tax_lines, PayslipLine, PayslipLineKind};
use super::sheet::PaySheet;
use super::tables::PayrollTables;
use super::StaffError;

/// Days of work in a month that make it count as a whole month (Lei
/// 4.090/1962, art. 1º §2º).
pub const MIN_DAYS_FOR_MONTH: i64 = 15;

/// Months of `year` up to `up_to_month` (inclusive) counted for the 13º of
/// someone employed from `hire` to `end` (inclusive, `None` while employed):
/// a month counts when it has 15 or more calendar days of employment.
pub fn thirteenth_months(
    hire: NaiveDate,
    end: Option<NaiveDate>,
    year: i32,
    up_to_month: u32,
) -> u32 {
    let mut count = 0;
    for month in 1..=up_to_month.min(12) {
        let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
            continue;
        };
        let Some(last) = first
            .checked_add_months(chrono::Months::new(1))
            .and_then(|d| d.pred_opt())
        else {
            continue;
        };
        let from = hire.max(first);
        let to = end.map_or(last, |e| e.min(last));
        if to >= from && (to - from).num_days() + 1 >= MIN_DAYS_FOR_MONTH {
            count += 1;
        }
    }
    count
}

/// What the 13º of one person depends on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThirteenthInput {
    /// Monthly salary.
    pub monthly_salary: Decimal,
    /// Variable pay (overtime, commissions) of the months counted, summed;
    /// its average over those months joins the salary.
    pub variable_pay: Decimal,
    /// Months counted (see [`thirteenth_months`]).
    pub months: u32,
    /// Whether the person worked the whole year until now (hired before it):
    /// the advance is then half of the pay, not of the months.
    pub whole_year: bool,
    /// Dependants for IRRF.
    pub dependants: u32,
}

impl ThirteenthInput {
    /// The monthly pay the 13º is computed on: salary plus the average of the
    /// variable pay.
    pub fn monthly_pay(&self) -> Decimal {
        if self.months == 0 || self.variable_pay <= Decimal::ZERO {
            return self.monthly_salary;
        }
        self.monthly_salary + cents(self.variable_pay / Decimal::from(self.months))
    }

    /// The whole 13º: pay × months ÷ 12.
    pub fn total(&self) -> Decimal {
        let months = self.months.min(12);
        if months == 12 {
            return self.monthly_pay();
        }
        cents(self.monthly_pay() * Decimal::from(months) / Decimal::from(12))
    }
}

fn check(input: &ThirteenthInput) -> Result<(), StaffError> {
    if input.monthly_salary <= Decimal::ZERO {
        return Err(StaffError::SalaryNotPositive);
    }
    Ok(())
}

/// The first installment (adiantamento): half of the pay for a whole year,
/// else half of 1/12 of the pay per month counted so far; no INSS or IRRF;
/// FGTS 8% deposited by the employer.
pub fn thirteenth_first(
    tables: &PayrollTables,
    input: &ThirteenthInput,
) -> Result<PaySheet, StaffError> {
    check(input)?;
    let amount = if input.whole_year {
        cents(input.monthly_pay() / Decimal::TWO)
    } else {
        cents(input.monthly_pay() * Decimal::from(input.months.min(12)) / Decimal::from(24))
    };
    let desc = if input.whole_year {
        "13º salário — 1ª parcela (metade do salário)".to_string()
    } else {
        format!("13º salário — 1ª parcela ({}/12 ÷ 2)", input.months.min(12))
    };
    Ok(PaySheet::from_lines(first_lines(tables, desc, amount)))
}

/// The lines of an advance of `amount`: the earning and its FGTS.
pub fn first_lines(tables: &PayrollTables, desc: String, amount: Decimal) -> Vec<PayslipLine> {
    vec![
        PayslipLine::earning("decimo_1", desc, None, amount),
        PayslipLine::rated(
            "fgts_13",
            "FGTS do 13º".into(),
            PayslipLineKind::Employer,
            percent(tables.fgts_rate),
            amount,
            cents(amount * tables.fgts_rate),
        ),
    ]
}

/// The second installment: the whole 13º (pay × months ÷ 12) less the
/// advance already paid, with INSS and IRRF on the whole 13º; FGTS 8% on
/// what is paid now.
pub fn thirteenth_second(
    tables: &PayrollTables,
    input: &ThirteenthInput,
    advance_paid: Decimal,
) -> Result<PaySheet, StaffError> {
    check(input)?;
    let total = input.total();
    let mut lines = vec![PayslipLine::earning(
        "decimo",
        format!("13º salário ({}/12)", input.months.min(12)),
        Some(input.months.min(12)),
        total,
    )];
    if advance_paid > Decimal::ZERO {
        lines.push(PayslipLine::plain(
            "decimo_adiantamento",
            "1ª parcela do 13º já paga".into(),
            PayslipLineKind::Deduction,
            advance_paid,
        ));
    }
    let (taxes, _, _) = tax_lines(tables, "_13", " do 13º", total, total, input.dependants);
    lines.extend(taxes);
    let now = (total - advance_paid).max(Decimal::ZERO);
    lines.push(PayslipLine::rated(
        "fgts_13",
        "FGTS da 2ª parcela do 13º".into(),
        PayslipLineKind::Employer,
        percent(tables.fgts_rate),
        now,
        cents(now * tables.fgts_rate),
    ));
    Ok(PaySheet::from_lines(lines))
}

/// Whether someone hired on `hire` works the whole of `year` for the 13º.
pub fn hired_before(hire: NaiveDate, year: i32) -> bool {
    hire.year() < year
}
