//! A pay sheet: the lines of one payment that is not the month's payroll
//! (vacation pay, a 13º installment, a TRCT, a pró-labore) and its totals,
//! as shown, printed and stored.

use autosurgeon::{Hydrate, Reconcile};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::payroll::{PayslipLine, PayslipLineKind};

/// One payment's lines and totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct PaySheet {
    /// The lines, in the order they are printed.
    pub lines: Vec<PayslipLine>,
    /// Sum of the earnings (proventos).
    #[autosurgeon(with = "crate::codec::decimal")]
    pub earnings: Decimal,
    /// Sum of the deductions (descontos).
    #[autosurgeon(with = "crate::codec::decimal")]
    pub deductions: Decimal,
    /// What the person receives: earnings − deductions.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub net: Decimal,
    /// INSS withheld (every INSS line).
    #[autosurgeon(with = "crate::codec::decimal")]
    pub inss: Decimal,
    /// IRRF withheld (every IRRF line).
    #[autosurgeon(with = "crate::codec::decimal")]
    pub irrf: Decimal,
    /// FGTS deposit of the employer (every FGTS line but the fine).
    #[autosurgeon(with = "crate::codec::decimal")]
    pub fgts: Decimal,
    /// FGTS fine of a dismissal (multa rescisória), deposited by the
    /// employer.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub fgts_fine: Decimal,
}

impl PaySheet {
    /// Totals the lines.
    pub fn from_lines(lines: Vec<PayslipLine>) -> PaySheet {
        let sum = |f: &dyn Fn(&PayslipLine) -> bool| -> Decimal {
            lines.iter().filter(|l| f(l)).map(|l| l.amount).sum()
        };
        let earnings = sum(&|l| l.kind == PayslipLineKind::Earning);
        let deductions = sum(&|l| l.kind == PayslipLineKind::Deduction);
        let inss = sum(&|l| l.kind == PayslipLineKind::Deduction && l.code.starts_with("inss"));
        let irrf = sum(&|l| l.kind == PayslipLineKind::Deduction && l.code.starts_with("irrf"));
        let fgts = sum(&|l| l.kind == PayslipLineKind::Employer && l.code.starts_with("fgts"));
        let fgts_fine = sum(&|l| l.kind == PayslipLineKind::Employer && l.code == "multa_fgts");
        PaySheet {
            earnings,
            deductions,
            net: earnings - deductions,
            inss,
            irrf,
            fgts,
            fgts_fine,
            lines,
        }
    }

    /// The amount of the line with `code`, if any.
    pub fn line(&self, code: &str) -> Option<Decimal> {
        self.lines.iter().find(|l| l.code == code).map(|l| l.amount)
    }
}
