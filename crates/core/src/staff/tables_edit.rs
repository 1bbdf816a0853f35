//! The payroll tables of a year as Tabelas da folha shows them for correction: the stored
//! ones, the built-in ones, or (for a year with neither) the nearest year's, to be reviewed
//! and saved, so a new year is a matter of correcting a few figures.

use super::PayrollTables;
use crate::business::Business;
use crate::error::CoreResult;
use serde::{Deserialize, Serialize};

/// Where the figures came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TablesOrigin {
    /// Saved in the document for this year.
    Stored,
    /// The law's figures the app ships for this year.
    Builtin,
    /// The year has no tables: these are this other year's.
    CopiedFrom(i32),
}

/// Tables ready to be corrected and saved for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TablesToEdit {
    /// Already carrying the year asked for.
    pub tables: PayrollTables,
    pub origin: TablesOrigin,
}

/// How far from the year asked for the built-in years are looked for.
const SEARCH_YEARS: i32 = 50;

impl Business {
    /// The tables of `year` to show for correction; `None` when no year near it has any.
    pub fn payroll_tables_to_edit(&self, year: i32) -> CoreResult<Option<TablesToEdit>> {
        let stored = self.stored_payroll_years()?;
        if stored.contains(&year) {
            return Ok(Some(TablesToEdit {
                tables: self.payroll_tables(year)?,
                origin: TablesOrigin::Stored,
            }));
        }
        if let Some(tables) = PayrollTables::builtin(year) {
            return Ok(Some(TablesToEdit {
                tables,
                origin: TablesOrigin::Builtin,
            }));
        }
        let known: Vec<i32> = stored
            .into_iter()
            .chain(
                (year - SEARCH_YEARS..=year + SEARCH_YEARS)
                    .filter(|y| PayrollTables::builtin(*y).is_some()),
            )
            .collect();
        let Some(base) = known
            .iter()
            .filter(|y| **y < year)
            .max()
            .or_else(|| known.iter().filter(|y| **y > year).min())
            .copied()
        else {
            return Ok(None);
        };
        let mut tables = self.payroll_tables(base)?;
        tables.year = year;
        Ok(Some(TablesToEdit {
            tables,
            origin: TablesOrigin::CopiedFrom(base),
        }))
    }
}
