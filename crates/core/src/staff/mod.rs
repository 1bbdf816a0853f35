//! Equipe: staff records, vacation periods, payroll tables and payroll runs.
//!
//! The pure arithmetic lives in [`tables`] (the year's INSS/IRRF/FGTS figures
//! as data), [`payroll`] (one payslip) and [`vacation`] (acquisition periods
//! and vacation pay).

mod error;
pub mod payroll;
pub mod tables;
pub mod vacation;

pub use error::StaffError;
pub use payroll::{
    cents, inss, irrf, irrf_reduction, irrf_table_tax, payslip, InssCalc, InssSlice, IrrfCalc,
    IrrfDeduction, PayInput, PayslipCalc, PayslipLine, PayslipLineKind,
};
pub use tables::{InssBand, IrrfBand, IrrfReduction, PayrollTables};
pub use vacation::{
    acquisition_periods, check_new_part, period_bounds, period_containing, vacation_pay,
    AcquisitionPeriod, VacationPart, VacationPay,
};
