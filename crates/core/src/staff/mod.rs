//! Equipe: staff records, vacation periods, payroll tables and payroll runs.
//!
//! - [`tables`]: the year's INSS/IRRF/FGTS figures as data, with their legal
//!   sources.
//! - [`payroll`]: one payslip (gross, INSS, IRRF, FGTS, net, lines).
//! - [`vacation`]: acquisition periods, splitting rules, vacation pay.
//! - [`records`]: the records stored in the document (`staff`, `vacations`,
//!   `payroll_tables`, `payroll_runs`) and the operations' inputs.
//! - [`ops`]: the operations (each one Automerge change) and the queries.

mod error;
pub mod ops;
pub mod payroll;
pub mod records;
pub mod tables;
pub mod vacation;

pub use error::StaffError;
pub use ops::{days_paid, run_id, tx_close_payroll_run, tx_create_payroll_run, tx_payroll_tables};
pub use payroll::{
    cents, inss, irrf, irrf_reduction, irrf_table_tax, payslip, InssCalc, InssSlice, IrrfCalc,
    IrrfDeduction, PayInput, PayslipCalc, PayslipLine, PayslipLineKind,
};
pub use records::{
    Contract, NewStaff, NewVacation, PayrollRun, Payslip, RunStatus, StaffMember, Vacation,
    PAYROLL_RUNS, PAYROLL_TABLES, STAFF, VACATIONS,
};
pub use tables::{InssBand, IrrfBand, IrrfReduction, PayrollTables};
pub use vacation::{
    acquisition_periods, check_new_part, period_bounds, period_containing, vacation_pay,
    AcquisitionPeriod, VacationPart, VacationPay,
};
