//! How non-Automerge types are stored in the document, for `#[autosurgeon(with = "...")]`.
//!
//! - Money and quantities (`rust_decimal::Decimal`) are stored as decimal strings with a dot
//!   (`"1234.56"`, `"0.375"`): exact, readable in a dump, and never a float.
//! - Calendar dates (`chrono::NaiveDate`) are stored as ISO strings (`"2026-03-31"`).
//!
//! Use them on fields like this:
//!
//! ```
//! use autosurgeon::{Hydrate, Reconcile};
//! use chrono::NaiveDate;
//! use rust_decimal::Decimal;
//!
//! #[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
//! struct Example {
//!     #[autosurgeon(with = "retaguarda_core::codec::decimal")]
//!     amount: Decimal,
//!     #[autosurgeon(with = "retaguarda_core::codec::opt_decimal")]
//!     discount: Option<Decimal>,
//!     #[autosurgeon(with = "retaguarda_core::codec::date")]
//!     due: NaiveDate,
//!     #[autosurgeon(with = "retaguarda_core::codec::opt_date")]
//!     paid_on: Option<NaiveDate>,
//! }
//! ```

use autosurgeon::{HydrateError, Prop, ReadDoc, Reconciler};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

/// The ISO format dates are stored in.
const DATE_FORMAT: &str = "%Y-%m-%d";

fn read_opt_string<D: ReadDoc>(
    doc: &D,
    obj: &automerge::ObjId,
    prop: Prop<'_>,
) -> Result<Option<String>, HydrateError> {
    use automerge::{ScalarValue, Value};
    match doc.get(obj, &prop)? {
        None => Ok(None),
        Some((Value::Scalar(s), _)) => match s.as_ref() {
            ScalarValue::Null => Ok(None),
            ScalarValue::Str(s) => Ok(Some(s.to_string())),
            other => Err(HydrateError::unexpected("a string", format!("{other:?}"))),
        },
        Some((Value::Object(t), _)) => Err(HydrateError::unexpected("a string", format!("{t:?}"))),
    }
}

fn parse_decimal(s: &str) -> Result<Decimal, HydrateError> {
    Decimal::from_str(s)
        .map_err(|e| HydrateError::unexpected("a decimal string", format!("{s:?} ({e})")))
}

fn parse_date(s: &str) -> Result<NaiveDate, HydrateError> {
    NaiveDate::parse_from_str(s, DATE_FORMAT)
        .map_err(|e| HydrateError::unexpected("an ISO date", format!("{s:?} ({e})")))
}

/// Formats a date the way the document stores it.
pub fn date_to_string(d: NaiveDate) -> String {
    d.format(DATE_FORMAT).to_string()
}

/// `Decimal` as a decimal string.
pub mod decimal {
    use super::*;

    /// Writes the decimal as a string.
    pub fn reconcile<R: Reconciler>(value: &Decimal, mut reconciler: R) -> Result<(), R::Error> {
        reconciler.str(value.to_string())
    }

    /// Reads a decimal string.
    pub fn hydrate<D: ReadDoc>(
        doc: &D,
        obj: &automerge::ObjId,
        prop: Prop<'_>,
    ) -> Result<Decimal, HydrateError> {
        match read_opt_string(doc, obj, prop)? {
            Some(s) => parse_decimal(&s),
            None => Err(HydrateError::unexpected(
                "a decimal string",
                "nothing".into(),
            )),
        }
    }
}

/// `Option<Decimal>` as a decimal string or null.
pub mod opt_decimal {
    use super::*;

    /// Writes the decimal as a string, or null.
    pub fn reconcile<R: Reconciler>(
        value: &Option<Decimal>,
        mut reconciler: R,
    ) -> Result<(), R::Error> {
        match value {
            Some(v) => reconciler.str(v.to_string()),
            None => reconciler.none(),
        }
    }

    /// Reads a decimal string; null or a missing key is `None`.
    pub fn hydrate<D: ReadDoc>(
        doc: &D,
        obj: &automerge::ObjId,
        prop: Prop<'_>,
    ) -> Result<Option<Decimal>, HydrateError> {
        read_opt_string(doc, obj, prop)?
            .map(|s| parse_decimal(&s))
            .transpose()
    }
}

/// `NaiveDate` as an ISO date string.
pub mod date {
    use super::*;

    /// Writes the date as `YYYY-MM-DD`.
    pub fn reconcile<R: Reconciler>(value: &NaiveDate, mut reconciler: R) -> Result<(), R::Error> {
        reconciler.str(date_to_string(*value))
    }

    /// Reads a `YYYY-MM-DD` string.
    pub fn hydrate<D: ReadDoc>(
        doc: &D,
        obj: &automerge::ObjId,
        prop: Prop<'_>,
    ) -> Result<NaiveDate, HydrateError> {
        match read_opt_string(doc, obj, prop)? {
            Some(s) => parse_date(&s),
            None => Err(HydrateError::unexpected("an ISO date", "nothing".into())),
        }
    }
}

/// `Option<NaiveDate>` as an ISO date string or null.
pub mod opt_date {
    use super::*;

    /// Writes the date as `YYYY-MM-DD`, or null.
    pub fn reconcile<R: Reconciler>(
        value: &Option<NaiveDate>,
        mut reconciler: R,
    ) -> Result<(), R::Error> {
        match value {
            Some(v) => reconciler.str(date_to_string(*v)),
            None => reconciler.none(),
        }
    }

    /// Reads a `YYYY-MM-DD` string; null or a missing key is `None`.
    pub fn hydrate<D: ReadDoc>(
        doc: &D,
        obj: &automerge::ObjId,
        prop: Prop<'_>,
    ) -> Result<Option<NaiveDate>, HydrateError> {
        read_opt_string(doc, obj, prop)?
            .map(|s| parse_date(&s))
            .transpose()
    }
}
