//! Payroll arithmetic for one CLT employee and one month: gross pay, INSS,
//! IRRF, FGTS, net pay and the payslip lines.
//!
//! Rounding (documented once, used everywhere): amounts are rounded to
//! centavos, half away from zero (R$ 0,005 becomes R$ 0,01), at these points
//! and nowhere else:
//! - gross pay of a partial month (salary × days ÷ 30);
//! - each INSS band's slice (slice × rate), before the slices are added;
//! - the IRRF of the table (base × rate − parcela a deduzir);
//! - the Lei 15.270/2025 reduction (constant − factor × income);
//! - FGTS (gross × rate).
//!
//! The IRRF follows the RFB method for monthly withholding: the base is the
//! taxable income minus the larger of the legal deductions (INSS plus the
//! deduction per dependant) and the simplified monthly discount; the table
//! gives the tax; then the Lei 15.270/2025 reduction, computed on the gross
//! taxable income (rendimentos tributáveis), lowers it, never below zero.

use autosurgeon::{Hydrate, Reconcile};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::tables::PayrollTables;
use super::StaffError;

/// Rounds to centavos, half away from zero.
pub fn cents(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Days of the commercial month used by CLT payroll (salário mensal ÷ 30).
pub const COMMERCIAL_MONTH_DAYS: u32 = 30;

/// One band's share of the INSS contribution.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InssSlice {
    /// Lower end of the slice (exclusive), in reais.
    pub from: Decimal,
    /// Upper end of the slice (inclusive), in reais.
    pub to: Decimal,
    /// The band's rate.
    pub rate: Decimal,
    /// Slice × rate, rounded to centavos.
    pub amount: Decimal,
}

/// The employee's INSS contribution, band by band.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InssCalc {
    /// Pay subject to INSS, limited to the ceiling.
    pub base: Decimal,
    /// The slices that contributed.
    pub slices: Vec<InssSlice>,
    /// Sum of the rounded slices.
    pub total: Decimal,
}

/// Computes the progressive INSS on `pay`: each band's rate applies only to
/// the slice of pay inside that band, and pay above the ceiling is ignored.
pub fn inss(tables: &PayrollTables, pay: Decimal) -> InssCalc {
    let pay = pay.max(Decimal::ZERO);
    let base = pay.min(tables.inss_ceiling());
    let mut from = Decimal::ZERO;
    let mut slices = Vec::new();
    for band in &tables.inss {
        if base <= from {
            break;
        }
        let to = base.min(band.up_to);
        let amount = cents((to - from) * band.rate);
        slices.push(InssSlice {
            from,
            to,
            rate: band.rate,
            amount,
        });
        from = band.up_to;
    }
    let total = slices.iter().map(|s| s.amount).sum();
    InssCalc {
        base,
        slices,
        total,
    }
}

/// Which deduction the IRRF base used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IrrfDeduction {
    /// INSS plus dependants.
    Legal,
    /// The simplified monthly discount.
    Simplified,
}

/// The IRRF withheld from one month's pay, step by step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IrrfCalc {
    /// Gross taxable income (rendimentos tributáveis).
    pub taxable_income: Decimal,
    /// INSS plus the deduction per dependant.
    pub legal_deductions: Decimal,
    /// The simplified discount of the year.
    pub simplified_deduction: Decimal,
    /// The deduction that was used (the larger one).
    pub used: IrrfDeduction,
    /// Taxable income minus the deduction used, never negative.
    pub base: Decimal,
    /// Rate of the band the base falls in.
    pub rate: Decimal,
    /// Tax given by the table: base × rate − parcela a deduzir, never negative.
    pub table_tax: Decimal,
    /// The Lei 15.270/2025 reduction actually applied (at most `table_tax`).
    pub reduction: Decimal,
    /// Tax withheld: `table_tax − reduction`.
    pub tax: Decimal,
}

/// Tax of the monthly table for a base already net of deductions, with the
/// rate of the band used.
pub fn irrf_table_tax(tables: &PayrollTables, base: Decimal) -> (Decimal, Decimal) {
    let band = tables
        .irrf
        .iter()
        .find(|b| b.up_to.is_none_or(|limit| base <= limit));
    match band {
        Some(band) => {
            let tax = cents(base * band.rate - band.deduction).max(Decimal::ZERO);
            (band.rate, tax)
        }
        None => (Decimal::ZERO, Decimal::ZERO),
    }
}

/// The Lei 15.270/2025 reduction for a gross taxable income, before it is
/// limited to the tax of the table.
pub fn irrf_reduction(tables: &PayrollTables, taxable_income: Decimal) -> Decimal {
    let Some(r) = &tables.irrf_reduction else {
        return Decimal::ZERO;
    };
    if taxable_income <= r.full_up_to {
        r.full_max
    } else if taxable_income <= r.partial_up_to {
        cents(r.partial_constant - r.partial_factor * taxable_income).max(Decimal::ZERO)
    } else {
        Decimal::ZERO
    }
}

/// Computes the monthly IRRF on `taxable_income` for an employee who paid
/// `inss` and has `dependants` dependants.
pub fn irrf(
    tables: &PayrollTables,
    taxable_income: Decimal,
    inss: Decimal,
    dependants: u32,
) -> IrrfCalc {
    let taxable_income = taxable_income.max(Decimal::ZERO);
    let legal_deductions = inss + tables.irrf_dependant_deduction * Decimal::from(dependants);
    let simplified_deduction = tables.irrf_simplified_deduction;
    let (used, deduction) = if legal_deductions >= simplified_deduction {
        (IrrfDeduction::Legal, legal_deductions)
    } else {
        (IrrfDeduction::Simplified, simplified_deduction)
    };
    let base = (taxable_income - deduction).max(Decimal::ZERO);
    let (rate, table_tax) = irrf_table_tax(tables, base);
    let reduction = irrf_reduction(tables, taxable_income).min(table_tax);
    IrrfCalc {
        taxable_income,
        legal_deductions,
        simplified_deduction,
        used,
        base,
        rate,
        table_tax,
        reduction,
        tax: table_tax - reduction,
    }
}

/// What a payslip line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Reconcile, Hydrate)]
pub enum PayslipLineKind {
    /// Adds to the employee's pay.
    Earning,
    /// Withheld from the employee's pay.
    Deduction,
    /// Paid by the employer, shown for information (FGTS).
    Employer,
    /// Neither paid nor withheld here, shown for information (vacation
    /// already paid in advance).
    Information,
}

/// One line of a payslip.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct PayslipLine {
    /// Stable code: "salario", "inss", "irrf" or "fgts".
    pub code: String,
    /// Text shown to the person, in pt-BR.
    pub description: String,
    /// Days for the salary, the rate in percent for taxes.
    #[autosurgeon(with = "crate::codec::opt_decimal")]
    pub reference: Option<Decimal>,
    /// The amount a tax's rate applies to (absent for earnings and in
    /// payslips written before it existed).
    #[autosurgeon(with = "crate::codec::opt_decimal")]
    #[serde(default)]
    pub base: Option<Decimal>,
    /// Whether the line adds, withholds or is the employer's.
    pub kind: PayslipLineKind,
    /// Amount in reais.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub amount: Decimal,
}

/// A percentage the Brazilian way: 8,03 or 7,5 or 11.
pub fn percent_br(value: Decimal) -> String {
    value.normalize().to_string().replace('.', ",")
}

impl PayslipLine {
    /// An earning (provento) line.
    pub fn earning(
        code: &str,
        description: String,
        reference: Option<u32>,
        amount: Decimal,
    ) -> Self {
        PayslipLine {
            code: code.into(),
            description,
            reference: reference.map(Decimal::from),
            base: None,
            kind: PayslipLineKind::Earning,
            amount,
        }
    }

    /// A line of `kind` with no rate.
    pub fn plain(code: &str, description: String, kind: PayslipLineKind, amount: Decimal) -> Self {
        PayslipLine {
            code: code.into(),
            description,
            reference: None,
            base: None,
            kind,
            amount,
        }
    }

    /// A line computed as `rate_percent`% of `base`.
    pub fn rated(
        code: &str,
        description: String,
        kind: PayslipLineKind,
        rate_percent: Decimal,
        base: Decimal,
        amount: Decimal,
    ) -> Self {
        PayslipLine {
            code: code.into(),
            description,
            reference: Some(rate_percent.normalize()),
            base: Some(base),
            kind,
            amount,
        }
    }

    /// The line as a person reads it: "INSS 8,03% sobre R$ 2.500,00" for a
    /// rate with its base, the description otherwise.
    pub fn text(&self) -> String {
        match (self.reference, self.base) {
            (Some(rate), Some(base)) => format!(
                "{} {}% sobre {}",
                self.description,
                percent_br(rate),
                crate::money::brl(base)
            ),
            _ => self.description.clone(),
        }
    }
}

/// The INSS and IRRF lines of one taxed amount, computed on their own
/// (separately from any other pay): INSS on `inss_base`, IRRF on
/// `irrf_income` after that INSS. `suffix` tells the codes apart
/// ("inss_13", "irrf_13") and `label` is added to the descriptions.
pub fn tax_lines(
    tables: &PayrollTables,
    suffix: &str,
    label: &str,
    inss_base: Decimal,
    irrf_income: Decimal,
    dependants: u32,
) -> (Vec<PayslipLine>, InssCalc, IrrfCalc) {
    let inss_calc = inss(tables, inss_base);
    let irrf_calc = irrf(tables, irrf_income, inss_calc.total, dependants);
    let mut lines = Vec::new();
    if inss_calc.total > Decimal::ZERO {
        let effective = (inss_calc.total / inss_base * Decimal::ONE_HUNDRED).round_dp(2);
        lines.push(PayslipLine::rated(
            &format!("inss{suffix}"),
            format!("INSS{label}"),
            PayslipLineKind::Deduction,
            effective,
            inss_base,
            inss_calc.total,
        ));
    }
    if irrf_calc.tax > Decimal::ZERO {
        let reduced = if irrf_calc.reduction > Decimal::ZERO {
            " (com redução da Lei 15.270/2025)"
        } else {
            ""
        };
        lines.push(PayslipLine::rated(
            &format!("irrf{suffix}"),
            format!("IRRF{label}{reduced}"),
            PayslipLineKind::Deduction,
            percent(irrf_calc.rate),
            irrf_calc.base,
            irrf_calc.tax,
        ));
    }
    (lines, inss_calc, irrf_calc)
}

/// What the payroll needs to know about one employee for one month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayInput {
    /// Contractual monthly salary.
    pub monthly_salary: Decimal,
    /// Days worked in the commercial month of 30 days (30 for a full month).
    pub days: u32,
    /// Dependants for IRRF.
    pub dependants: u32,
}

/// The full calculation of one payslip.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayslipCalc {
    /// Gross pay of the month.
    pub gross: Decimal,
    /// The INSS withheld.
    pub inss: InssCalc,
    /// The IRRF withheld.
    pub irrf: IrrfCalc,
    /// FGTS deposited by the employer (not withheld).
    pub fgts: Decimal,
    /// Gross minus INSS minus IRRF.
    pub net: Decimal,
    /// The lines to print.
    pub lines: Vec<PayslipLine>,
}

/// Percent form of a rate, for the reference column (0,075 → 7,5).
pub fn percent(rate: Decimal) -> Decimal {
    (rate * Decimal::ONE_HUNDRED).normalize()
}

/// Calculates one employee's payslip for one month.
pub fn payslip(tables: &PayrollTables, input: &PayInput) -> Result<PayslipCalc, StaffError> {
    if input.monthly_salary <= Decimal::ZERO {
        return Err(StaffError::SalaryNotPositive);
    }
    let days = input.days.min(COMMERCIAL_MONTH_DAYS);
    let gross = if days == COMMERCIAL_MONTH_DAYS {
        input.monthly_salary
    } else {
        cents(input.monthly_salary * Decimal::from(days) / Decimal::from(COMMERCIAL_MONTH_DAYS))
    };
    let inss_calc = inss(tables, gross);
    let irrf_calc = irrf(tables, gross, inss_calc.total, input.dependants);
    let fgts = cents(gross * tables.fgts_rate);
    let net = gross - inss_calc.total - irrf_calc.tax;

    let mut lines = vec![PayslipLine::earning(
        "salario",
        format!("Salário ({days} dias)"),
        Some(days),
        gross,
    )];
    if gross > Decimal::ZERO {
        let (taxes, _, _) = tax_lines(tables, "", "", gross, gross, input.dependants);
        lines.extend(taxes);
    }
    lines.push(PayslipLine::rated(
        "fgts",
        "FGTS".into(),
        PayslipLineKind::Employer,
        percent(tables.fgts_rate),
        gross,
        fgts,
    ));

    Ok(PayslipCalc {
        gross,
        inss: inss_calc,
        irrf: irrf_calc,
        fgts,
        net,
        lines,
    })
}
