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
use super::sheet::PaySheet;
use super::termination::{Notice, TerminationKind};
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
/// Collection of 13º installments, keyed by `<year>-<installment>`.
pub const THIRTEENTH: &str = "thirteenth";
/// Collection of contract terminations (TRCT), keyed by staff id.
pub const TERMINATIONS: &str = "terminations";
/// Collection of pró-labore payments, keyed by `<YYYY-MM>.<staff id>`.
pub const PRO_LABORE: &str = "pro_labore";

/// How a person works for the business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Reconcile, Hydrate, Serialize, Deserialize)]
pub enum Contract {
    /// Employee under the CLT: payroll, INSS, IRRF, FGTS and vacation.
    Clt,
    /// Anyone else (freelancer, intern): recorded, not on the payroll.
    Other,
    /// A partner who works in the business and receives pró-labore.
    Partner,
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
    /// Days sold as abono pecuniário with this part.
    #[serde(default)]
    pub abono_days: Option<u32>,
    /// The vacation pay, when it was paid through the app.
    #[serde(default)]
    pub payment: Option<StoredPayment>,
}

impl Vacation {
    /// The part for the vacation arithmetic.
    pub fn part(&self) -> VacationPart {
        VacationPart {
            period: self.period,
            start: self.start,
            days: self.days,
            abono_days: self.abono_days.unwrap_or(0),
        }
    }
}

/// A payment computed by core and its payables.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct StoredPayment {
    /// The lines and totals.
    pub sheet: PaySheet,
    /// Last day to pay the person.
    #[autosurgeon(with = "crate::codec::date")]
    pub due: NaiveDate,
    /// The ledger payables created.
    pub entries: Vec<Id>,
}

/// One person's sheet in a 13º installment.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct StaffSheet {
    /// Name when calculated.
    pub name: String,
    /// CPF when calculated.
    pub cpf: String,
    /// Role when calculated.
    pub role: String,
    /// Monthly salary used.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub monthly_salary: Decimal,
    /// Months counted (avos).
    pub months: u32,
    /// Lines and totals.
    pub sheet: PaySheet,
}

/// One installment of the 13º of a year, paid to everyone it was due to.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct ThirteenthRun {
    /// The year.
    pub year: i32,
    /// 1 (advance, by 30/11) or 2 (by 20/12).
    pub installment: u32,
    /// Sheets keyed by staff id.
    pub sheets: BTreeMap<String, StaffSheet>,
    /// Date it was calculated and its payables written.
    #[autosurgeon(with = "crate::codec::date")]
    pub calculated_on: NaiveDate,
    /// The ledger payables created.
    pub entries: Vec<Id>,
}

impl ThirteenthRun {
    /// Total net paid to the people.
    pub fn total_net(&self) -> Decimal {
        self.sheets.values().map(|s| s.sheet.net).sum()
    }
}

/// The end of a contract with its TRCT.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Termination {
    /// Why it ended.
    pub kind: TerminationKind,
    /// How the aviso prévio was given.
    pub notice: Notice,
    /// Last day worked.
    #[autosurgeon(with = "crate::codec::date")]
    pub last_day: NaiveDate,
    /// Days of aviso prévio.
    pub notice_days: u32,
    /// The end counting the indemnified aviso.
    #[autosurgeon(with = "crate::codec::date")]
    pub projected_end: NaiveDate,
    /// The TRCT and its payables.
    pub payment: StoredPayment,
}

/// A month's pró-labore of a partner.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct ProLabore {
    /// The partner.
    pub staff: Id,
    /// Name when calculated.
    pub name: String,
    /// Year.
    pub year: i32,
    /// Month (1 to 12).
    pub month: u32,
    /// The lines and payables.
    pub payment: StoredPayment,
}

/// Choices when paying a vacation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VacationOptions {
    /// Days of the period sold as abono pecuniário (0 to 10).
    pub abono_days: u32,
    /// Pay the 13º advance with the vacation (asked by the employee in
    /// January, Lei 4.749/1965, art. 2º §2º).
    pub advance_13th: bool,
}

/// A contract to end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTermination {
    /// The employee.
    pub staff: Id,
    /// Why it ends.
    pub kind: TerminationKind,
    /// How the aviso prévio is given.
    pub notice: Notice,
    /// Last day worked.
    pub last_day: NaiveDate,
    /// FGTS deposited during the contract (from the Caixa statement); when
    /// `None`, the deposits recorded in the app are used.
    pub fgts_balance: Option<Decimal>,
}

/// A pró-labore to pay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProLabore {
    /// The partner.
    pub staff: Id,
    /// Year.
    pub year: i32,
    /// Month (1 to 12).
    pub month: u32,
    /// Gross pró-labore.
    pub amount: Decimal,
    /// Day it is paid.
    pub pay_day: NaiveDate,
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
