//! Ending a CLT contract: the lines of the TRCT (termo de rescisão) and what
//! each one owes to INSS, IRRF and FGTS.
//!
//! Legal basis:
//! - Saldo de salário: the days of the last month, salary ÷ 30 per day; INSS
//!   and IRRF as monthly pay; FGTS 8% (Lei 8.036/1990, art. 15).
//! - Aviso prévio: 30 days plus 3 per complete year of service, up to 90
//!   (Lei 12.506/2011; Nota Técnica MTE 184/2012 for the 3 days per complete
//!   year). Indemnified when the employer dismisses without notice (CLT
//!   art. 487 §1º), and it projects the contract for the 13º and vacation;
//!   half of it in the agreement of CLT art. 484-A (I, "a"); an employee who
//!   resigns and does not work it has it discounted (art. 487 §2º). The
//!   indemnified aviso has no INSS (STJ, REsp 1.230.957, repetitive) and no
//!   IRRF (Lei 7.713/1988, art. 6º, V), but has FGTS (TST Súmula 305).
//! - Férias vencidas (complete periods not enjoyed) and proporcionais (1/12
//!   per month of the current period, a fraction over 14 days counting as a
//!   month, CLT art. 146), each with one third (Constituição art. 7º, XVII);
//!   vencidas past the limit are doubled (art. 137). Indemnified vacation has
//!   no INSS or FGTS (Lei 8.212/1991, art. 28 §9º, "d") and no IRRF (STJ
//!   Súmula 386). Due in every type handled here (TST Súmulas 171 and 261;
//!   art. 484-A for the agreement; art. 147 for the end of the experience).
//! - 13º proporcional: 1/12 per month with 15 days or more (Lei 4.090/1962),
//!   less the advance already paid; INSS and IRRF on it apart from the other
//!   lines, as the 13º always is (Lei 8.212/1991, art. 28 §7º; Lei
//!   7.713/1988, art. 26).
//! - FGTS fine on the deposits of the whole contract: 40% when dismissed
//!   without cause (Lei 8.036/1990, art. 18 §1º), 20% in the agreement (CLT
//!   art. 484-A, I, "b"), none on resignation or at the end of an experience
//!   contract.
//! - Payment within 10 days of the end of the contract (CLT art. 477 §6º).

use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::payroll::{
    cents, percent, tax_lines, PayslipLine, PayslipLineKind, COMMERCIAL_MONTH_DAYS,
};
use super::sheet::PaySheet;
use super::tables::PayrollTables;
use super::thirteenth::thirteenth_months;
use super::vacation::{period_bounds, VacationPart, DAYS_PER_PERIOD};
use super::StaffError;

/// Days after the end of the contract to pay the TRCT (CLT art. 477 §6º).
pub const TRCT_DUE_DAYS: u64 = 10;

/// Why the contract ends.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    autosurgeon::Reconcile,
    autosurgeon::Hydrate,
)]
pub enum TerminationKind {
    /// Dispensa sem justa causa (by the employer).
    WithoutCause,
    /// Pedido de demissão (by the employee).
    Resignation,
    /// Acordo entre as partes (CLT art. 484-A).
    Agreement,
    /// Fim do contrato de experiência on its last day.
    ExperienceEnd,
}

impl TerminationKind {
    /// The pt-BR name.
    pub fn label(self) -> &'static str {
        match self {
            TerminationKind::WithoutCause => "Dispensa sem justa causa",
            TerminationKind::Resignation => "Pedido de demissão",
            TerminationKind::Agreement => "Acordo (art. 484-A da CLT)",
            TerminationKind::ExperienceEnd => "Fim do contrato de experiência",
        }
    }

    /// The FGTS fine as a fraction of the deposits.
    pub fn fgts_fine_rate(self) -> Decimal {
        match self {
            TerminationKind::WithoutCause => Decimal::new(40, 2),
            TerminationKind::Agreement => Decimal::new(20, 2),
            TerminationKind::Resignation | TerminationKind::ExperienceEnd => Decimal::ZERO,
        }
    }
}

/// How the aviso prévio is given.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    autosurgeon::Reconcile,
    autosurgeon::Hydrate,
)]
pub enum Notice {
    /// Worked until the last day (its pay is in the saldo de salário).
    Worked,
    /// Paid without being worked.
    Indemnified,
    /// The employee resigned and did not work it: discounted.
    NotWorked,
}

/// What the TRCT depends on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerminationInput {
    /// Hire date.
    pub hire: NaiveDate,
    /// Last day worked.
    pub last_day: NaiveDate,
    /// Monthly salary.
    pub monthly_salary: Decimal,
    /// Dependants for IRRF.
    pub dependants: u32,
    /// Why the contract ends.
    pub kind: TerminationKind,
    /// How the aviso prévio is given.
    pub notice: Notice,
    /// Vacation parts already enjoyed or sold, charged to their periods.
    pub vacation_parts: Vec<VacationPart>,
    /// 13º advance paid in the year of the end and not yet settled.
    pub advance_13th_paid: Decimal,
    /// FGTS deposited during the contract, before this TRCT (for the fine).
    pub fgts_balance: Decimal,
}

/// The TRCT.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerminationCalc {
    /// The lines and totals.
    pub sheet: PaySheet,
    /// Days of aviso prévio the person is entitled to.
    pub notice_days: u32,
    /// The end of the contract counting the indemnified aviso.
    pub projected_end: NaiveDate,
    /// Last day to pay (10 days after the end).
    pub due: NaiveDate,
}

/// Complete years from `hire` to `day`.
pub fn complete_years(hire: NaiveDate, day: NaiveDate) -> u32 {
    let mut years = 0;
    while hire
        .checked_add_months(Months::new((years + 1) * 12))
        .is_some_and(|d| d <= day.succ_opt().unwrap_or(day))
    {
        years += 1;
    }
    years
}

/// Days of aviso prévio after `years` complete years (Lei 12.506/2011).
pub fn notice_days(years: u32) -> u32 {
    (30 + 3 * years).min(90)
}

/// Months of vacation acquired from `start` to `end` (1/12 each; a last
/// fraction of more than 14 days is a month, CLT art. 146), up to 12.
pub fn vacation_months(start: NaiveDate, end: NaiveDate) -> u32 {
    let mut months = 0;
    loop {
        let Some(next) = start.checked_add_months(Months::new(months + 1)) else {
            return months;
        };
        if next.pred_opt().is_some_and(|last| last <= end) {
            months += 1;
            if months == 12 {
                return months;
            }
            continue;
        }
        let from = start
            .checked_add_months(Months::new(months))
            .unwrap_or(start);
        if end >= from && (end - from).num_days() + 1 > 14 {
            months += 1;
        }
        return months.min(12);
    }
}

fn day_pay(monthly: Decimal, days: u32) -> Decimal {
    cents(monthly * Decimal::from(days) / Decimal::from(COMMERCIAL_MONTH_DAYS))
}

fn third(amount: Decimal) -> Decimal {
    cents(amount / Decimal::from(3))
}

/// Calculates the TRCT.
pub fn termination(
    tables: &PayrollTables,
    input: &TerminationInput,
) -> Result<TerminationCalc, StaffError> {
    if input.monthly_salary <= Decimal::ZERO {
        return Err(StaffError::SalaryNotPositive);
    }
    if input.last_day < input.hire {
        return Err(StaffError::TerminationBeforeHire);
    }
    if input.fgts_balance < Decimal::ZERO {
        return Err(StaffError::NegativeFgtsBalance);
    }
    let salary = input.monthly_salary;
    let last = input.last_day;
    let mut lines = Vec::new();

    // Saldo de salário: days of the last month, day 31 counting as 30.
    let from = if input.hire.year() == last.year() && input.hire.month() == last.month() {
        input.hire.day()
    } else {
        1
    };
    let saldo_days = last.day().min(COMMERCIAL_MONTH_DAYS).saturating_sub(from) + 1;
    let saldo = if saldo_days >= COMMERCIAL_MONTH_DAYS {
        salary
    } else {
        day_pay(salary, saldo_days)
    };
    lines.push(PayslipLine::earning(
        "saldo_salario",
        format!("Saldo de salário ({saldo_days} dias)"),
        Some(saldo_days),
        saldo,
    ));

    // Aviso prévio.
    let full_notice = notice_days(complete_years(input.hire, last));
    let employer_notice = matches!(
        input.kind,
        TerminationKind::WithoutCause | TerminationKind::Agreement
    );
    let mut aviso = Decimal::ZERO;
    let mut projected_end = last;
    match (input.kind, input.notice) {
        (_, Notice::Indemnified) if employer_notice => {
            let full = day_pay(salary, full_notice);
            let (amount, desc) = if input.kind == TerminationKind::Agreement {
                (
                    cents(full / Decimal::TWO),
                    format!(
                        "Aviso prévio indenizado, metade de {full_notice} dias (art. 484-A CLT)"
                    ),
                )
            } else {
                (
                    full,
                    format!("Aviso prévio indenizado ({full_notice} dias)"),
                )
            };
            aviso = amount;
            lines.push(PayslipLine::earning(
                "aviso_indenizado",
                desc,
                Some(full_notice),
                amount,
            ));
            projected_end = last
                .checked_add_days(Days::new(u64::from(full_notice)))
                .unwrap_or(last);
        }
        (TerminationKind::Resignation, Notice::NotWorked) => {
            lines.push(PayslipLine::plain(
                "aviso_descontado",
                "Aviso prévio não cumprido (art. 487 §2º CLT)".into(),
                PayslipLineKind::Deduction,
                salary,
            ));
        }
        _ => {}
    }

    // Férias vencidas and proporcionais.
    let mut number = 1;
    while let Some((start, end)) = period_bounds(input.hire, number) {
        if end <= projected_end {
            let used: u32 = input
                .vacation_parts
                .iter()
                .filter(|p| p.period == number)
                .map(VacationPart::charged_days)
                .sum();
            let days = DAYS_PER_PERIOD.saturating_sub(used);
            if days > 0 {
                let pay = day_pay(salary, days);
                lines.push(PayslipLine::earning(
                    "ferias_vencidas",
                    format!("Férias vencidas, período {number} ({days} dias)"),
                    Some(days),
                    pay,
                ));
                lines.push(PayslipLine::earning(
                    "ferias_vencidas_terco",
                    format!("1/3 sobre as férias vencidas, período {number}"),
                    None,
                    third(pay),
                ));
                let limit = end.checked_add_months(Months::new(12)).unwrap_or(end);
                if limit < last {
                    lines.push(PayslipLine::earning(
                        "ferias_dobra",
                        format!("Dobra das férias vencidas, período {number} (art. 137 CLT)"),
                        Some(days),
                        pay + third(pay),
                    ));
                }
            }
            number += 1;
            continue;
        }
        let months = vacation_months(start, projected_end);
        if months > 0 {
            let pay = cents(salary * Decimal::from(months) / Decimal::from(12));
            lines.push(PayslipLine::earning(
                "ferias_proporcionais",
                format!("Férias proporcionais ({months}/12)"),
                Some(months),
                pay,
            ));
            lines.push(PayslipLine::earning(
                "ferias_proporcionais_terco",
                "1/3 sobre as férias proporcionais".into(),
                None,
                third(pay),
            ));
        }
        break;
    }

    // 13º proporcional, counting the projected aviso.
    let months = thirteenth_months(input.hire, Some(projected_end), last.year(), 12);
    let decimo = if months >= 12 {
        salary
    } else {
        cents(salary * Decimal::from(months) / Decimal::from(12))
    };
    if decimo > Decimal::ZERO {
        lines.push(PayslipLine::earning(
            "decimo",
            format!("13º salário proporcional ({months}/12)"),
            Some(months),
            decimo,
        ));
    }
    let advance = input.advance_13th_paid.min(decimo).max(Decimal::ZERO);
    if advance > Decimal::ZERO {
        lines.push(PayslipLine::plain(
            "decimo_adiantamento",
            "1ª parcela do 13º já paga".into(),
            PayslipLineKind::Deduction,
            advance,
        ));
    }

    // Taxes: the saldo as monthly pay, the 13º apart.
    let (taxes, _, _) = tax_lines(
        tables,
        "",
        " do saldo de salário",
        saldo,
        saldo,
        input.dependants,
    );
    lines.extend(taxes);
    if decimo > Decimal::ZERO {
        let (taxes, _, _) = tax_lines(tables, "_13", " do 13º", decimo, decimo, input.dependants);
        lines.extend(taxes);
    }

    // FGTS of the TRCT and the fine.
    let fgts_base = saldo + aviso + decimo - advance;
    let fgts = cents(fgts_base * tables.fgts_rate);
    lines.push(PayslipLine::rated(
        "fgts",
        "FGTS da rescisão (saldo, aviso e 13º)".into(),
        PayslipLineKind::Employer,
        percent(tables.fgts_rate),
        fgts_base,
        fgts,
    ));
    let fine_rate = input.kind.fgts_fine_rate();
    if fine_rate > Decimal::ZERO {
        let base = input.fgts_balance + fgts;
        lines.push(PayslipLine::rated(
            "multa_fgts",
            "Multa do FGTS".into(),
            PayslipLineKind::Employer,
            percent(fine_rate),
            base,
            cents(base * fine_rate),
        ));
    }

    Ok(TerminationCalc {
        sheet: PaySheet::from_lines(lines),
        notice_days: full_notice,
        projected_end,
        due: last
            .checked_add_days(Days::new(TRCT_DUE_DAYS))
            .unwrap_or(last),
    })
}
