//! Equipe: staff records, vacation periods, payroll tables and payroll runs.
