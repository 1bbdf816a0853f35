//! Equipe: staff records, vacation periods, payroll tables and payroll runs.
//!
//! - [`tables`]: the year's INSS/IRRF/FGTS figures as data, with their legal
//!   sources.
//! - [`payroll`]: one payslip (gross, INSS, IRRF, FGTS, net, lines).
//! - [`vacation`]: acquisition periods, splitting rules, vacation pay.
//! - [`records`]: the records stored in the document (`staff`, `vacations`,
//!   `payroll_tables`, `payroll_runs`) and the operations' inputs.
//! - [`thirteenth`], [`vacation_pay`], [`termination`], [`pro_labore`]: the
//!   year's other payments (13º salário, vacation pay, TRCT, pró-labore),
//!   each a [`sheet::PaySheet`] of lines.
//! - [`document`]: where the records above live: the staff document of their own
//!   (docs/SYNC.md, section 10.5), or the business document until they move.
//! - [`keys`]: the staff document's key, sealed only to the roles that read it.
//! - [`ops`]: the operations (each one Automerge change) and the queries;
//!   [`year_ops`] for the payments above and their payables.

pub mod document;
mod error;
pub mod keys;
pub mod ops;
pub mod payroll;
pub mod pro_labore;
pub mod records;
pub mod sheet;
pub mod tables;
pub mod tables_edit;
pub mod termination;
pub mod thirteenth;
pub mod vacation;
pub mod vacation_pay;
pub mod year_ops;

pub use document::{StaffAccess, StaffMoved, STAFF_COLLECTIONS, STAFF_DOCUMENT};
pub use error::StaffError;
pub use keys::{open_staff_key, StaffKey, StaffSecret, STAFF_KEYS};
pub use ops::{days_paid, run_id, tx_create_payroll_run, tx_payroll_tables};
pub use payroll::{
    cents, inss, irrf, irrf_reduction, irrf_table_tax, payslip, InssCalc, InssSlice, IrrfCalc,
    IrrfDeduction, PayInput, PayslipCalc, PayslipLine, PayslipLineKind,
};
pub use records::{
    Contract, NewProLabore, NewStaff, NewTermination, NewVacation, PayrollRun, Payslip, ProLabore,
    RunStatus, StaffMember, StaffSheet, StoredPayment, Termination, ThirteenthRun, Vacation,
    VacationOptions, PAYROLL_RUNS, PAYROLL_TABLES, PRO_LABORE, STAFF, TERMINATIONS, THIRTEENTH,
    VACATIONS,
};
pub use sheet::PaySheet;
pub use tables::{InssBand, IrrfBand, IrrfReduction, PayrollTables};
pub use termination::{Notice, TerminationCalc, TerminationInput, TerminationKind};
pub use vacation::{
    acquisition_periods, check_new_part, period_bounds, period_containing, vacation_pay,
    AcquisitionPeriod, VacationPart, VacationPay,
};
pub use vacation_pay::{VacationPayInput, VacationPayment};
