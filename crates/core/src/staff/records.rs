//! The staff records as stored in the document, and the inputs of the staff
//! operations.
//!
//! Collections: `staff/<id>` (people), `vacations/<id>` (one record per
//! vacation part, so parts scheduled on two devices both survive),
//! `payroll_tables/<year>` (the year's tables, editable) and
//! `payroll_runs/<YYYY-MM>` (one run per month under a fixed id, so two
//! devices cannot create two runs of one month).

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::payroll::PayslipLine;
use super::vacation::VacationPart;
use crate::business::Id;

/// Collection of staff members.
pub const STAFF: &str = "staff";
/// Collection of vacation parts.
pub const VACATIONS: &str = "vacations";
/// Collection of payroll tables, keyed by year.
pub const PAYROLL_TABLES: &str = "payroll_tables";
/// Collection of payroll runs, keyed by `YYYY-MM`.
pub const PAYROLL_RUNS: &str = "payroll_runs";

/// How a person works for the business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Reconcile, Hydrate, Serialize, Deserialize)]
pub enum Contract {
    /// Employee under the CLT: payroll, INSS, IRRF, FGTS and vacation.
    Clt,
    /// Anyone else (partner, freelancer, intern): recorded, not on the payroll.
    Other,
}

/// A person on the team.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct StaffMember {
    /// Full name.
    pub name: String,
    /// CPF, canonical digits.
    pub cpf: String,
    /// Role, e.g. "Padeiro".
    pub role: String,
    /// Hire date (admissão).
    #[autosurgeon(with = "crate::codec::date")]
    pub hire_date: NaiveDate,
    /// Contractual monthly salary.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub monthly_salary: Decimal,
    /// CLT or other.
    pub contract: Contract,
    /// Dependants for IRRF.
    pub dependants: u32,
    /// Last day of work, once the person left.
    #[autosurgeon(with = "crate::codec::opt_date")]
    pub terminated_on: Option<NaiveDate>,
}

impl StaffMember {
    /// Whether the person works on `date`.
    pub fn active_on(&self, date: NaiveDate) -> bool {
        self.hire_date <= date && self.terminated_on.is_none_or(|t| date <= t)
    }
}

/// One part of a person's vacation.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Vacation {
    /// The staff member.
    pub staff: Id,
    /// Acquisition period it is charged to (1 for the first year of work).
    pub period: u32,
    /// First day.
    #[autosurgeon(with = "crate::codec::date")]
    pub start: NaiveDate,
    /// Calendar days.
    pub days: u32,
    /// Set when the part was cancelled before it started.
    #[autosurgeon(with = "crate::codec::opt_date")]
    pub cancelled_on: Option<NaiveDate>,
}

impl Vacation {
    /// The part for the vacation arithmetic.
    pub fn part(&self) -> VacationPart {
        VacationPart {
            period: self.period,
            start: self.start,
            days: self.days,
        }
    }
}

/// Whether a payroll run can still change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Reconcile, Hydrate, Serialize, Deserialize)]
pub enum RunStatus {
    /// Calculated, may be recalculated.
    Draft,
    /// Closed: its payables are in the ledger.
    Closed,
}

/// One person's payslip in a run.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Payslip {
    /// Name when calculated.
    pub name: String,
    /// CPF when calculated.
    pub cpf: String,
    /// Role when calculated.
    pub role: String,
    /// Monthly salary used.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub monthly_salary: Decimal,
    /// Days paid in the commercial month of 30 days.
    pub days: u32,
    /// Dependants used for IRRF.
    pub dependants: u32,
    /// Gross pay.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub gross: Decimal,
    /// INSS withheld.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub inss: Decimal,
    /// IRRF withheld.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub irrf: Decimal,
    /// FGTS deposited by the employer.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub fgts: Decimal,
    /// Net pay.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub net: Decimal,
    /// The lines to print.
    pub lines: Vec<PayslipLine>,
}

/// The payroll of one month.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct PayrollRun {
    /// Year paid.
    pub year: i32,
    /// Month paid (1 to 12).
    pub month: u32,
    /// Draft or closed.
    pub status: RunStatus,
    /// Payslips keyed by staff id.
    pub payslips: BTreeMap<String, Payslip>,
    /// Date the run was last calculated (device date).
    #[autosurgeon(with = "crate::codec::date")]
    pub calculated_on: NaiveDate,
    /// Date the run was closed.
    #[autosurgeon(with = "crate::codec::opt_date")]
    pub closed_on: Option<NaiveDate>,
    /// The ledger payables created when closing.
    pub entries: Vec<Id>,
}

impl PayrollRun {
    fn sum(&self, f: impl Fn(&Payslip) -> Decimal) -> Decimal {
        self.payslips.values().map(f).sum()
    }

    /// Total gross pay.
    pub fn total_gross(&self) -> Decimal {
        self.sum(|p| p.gross)
    }

    /// Total net pay.
    pub fn total_net(&self) -> Decimal {
        self.sum(|p| p.net)
    }

    /// Total INSS withheld.
    pub fn total_inss(&self) -> Decimal {
        self.sum(|p| p.inss)
    }

    /// Total IRRF withheld.
    pub fn total_irrf(&self) -> Decimal {
        self.sum(|p| p.irrf)
    }

    /// Total FGTS.
    pub fn total_fgts(&self) -> Decimal {
        self.sum(|p| p.fgts)
    }
}

/// What a person types to register or edit a staff member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStaff {
    /// Full name.
    pub name: String,
    /// CPF, masked or not.
    pub cpf: String,
    /// Role.
    pub role: String,
    /// Hire date.
    pub hire_date: NaiveDate,
    /// Monthly salary.
    pub monthly_salary: Decimal,
    /// CLT or other.
    pub contract: Contract,
    /// Dependants for IRRF.
    pub dependants: u32,
}

/// A vacation part to schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVacation {
    /// The staff member.
    pub staff: Id,
    /// The acquisition period; the oldest with days left when `None`.
    pub period: Option<u32>,
    /// First day.
    pub start: NaiveDate,
    /// Calendar days (at least 5).
    pub days: u32,
}
