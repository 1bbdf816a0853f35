//! The pró-labore of a partner: INSS 11% up to the ceiling, IRRF by the
//! monthly table, no FGTS.
//!
//! Legal basis: the partner who works in the business is a contribuinte
//! individual (Lei 8.212/1991, art. 12, V, "f"); the company withholds 11% of
//! the pró-labore, limited to the ceiling of the salário de contribuição
//! (Lei 8.212/1991, arts. 21 and 30 §4º; Lei 10.666/2003, art. 4º). IRRF by
//! the monthly progressive table, with the INSS and dependants or the
//! simplified discount (Lei 9.250/1995, arts. 4º and 3º-A). FGTS is owed only
//! to employees (Lei 8.036/1990, art. 15 §2º), so there is none.

use rust_decimal::Decimal;

use super::payroll::{cents, irrf, PayslipLine, PayslipLineKind};
use super::sheet::PaySheet;
use super::tables::PayrollTables;
use super::StaffError;

/// INSS rate withheld from a contribuinte individual who works for a company.
pub fn pro_labore_inss_rate() -> Decimal {
    Decimal::new(11, 2)
}

/// Calculates a month's pró-labore.
pub fn pro_labore(
    tables: &PayrollTables,
    amount: Decimal,
    dependants: u32,
) -> Result<PaySheet, StaffError> {
    if amount <= Decimal::ZERO {
        return Err(StaffError::AmountNotPositive);
    }
    let base = amount.min(tables.inss_ceiling());
    let inss = cents(base * pro_labore_inss_rate());
    let tax = irrf(tables, amount, inss, dependants);
    let mut lines = vec![
        PayslipLine::earning("pro_labore", "Pró-labore".into(), None, amount),
        PayslipLine::rated(
            "inss",
            "INSS (contribuinte individual)".into(),
            PayslipLineKind::Deduction,
            Decimal::from(11),
            base,
            inss,
        ),
    ];
    if tax.tax > Decimal::ZERO {
        let reduced = if tax.reduction > Decimal::ZERO {
            " (com redução da Lei 15.270/2025)"
        } else {
            ""
        };
        lines.push(PayslipLine::rated(
            "irrf",
            format!("IRRF{reduced}"),
            PayslipLineKind::Deduction,
            super::payroll::percent(tax.rate),
            tax.base,
            tax.tax,
        ));
    }
    Ok(PaySheet::from_lines(lines))
}
