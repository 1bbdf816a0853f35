//! Caixa's list of payables and receivables: which entries a filter keeps, what each row
//! shows, and the open and paid totals of what is shown.

use super::{Entry, EntryKind, EntryStatus};
use crate::business::{Business, Id};
use crate::error::CoreResult;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Which settlement states the list keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum StatusFilter {
    #[default]
    All,
    /// Open or partly paid.
    Open,
    /// Something still expected after the due date.
    Overdue,
    Partial,
    Paid,
    Cancelled,
}

/// What the list keeps; every `None` keeps everything.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EntryFilter {
    pub status: StatusFilter,
    pub kind: Option<EntryKind>,
    /// Due on or after.
    pub from: Option<NaiveDate>,
    /// Due on or before.
    pub to: Option<NaiveDate>,
    /// A category, or a group with all its subcategories.
    pub category: Option<Id>,
    /// Expected in this account, or paid from or into it.
    pub account: Option<Id>,
    pub party: Option<Id>,
    /// Only this entry (a link from the Histórico).
    pub only: Option<Id>,
}

/// One row of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryRow {
    pub id: Id,
    pub kind: EntryKind,
    pub description: String,
    /// The customer's or supplier's name.
    pub party: Option<String>,
    /// The category's name.
    pub category: Option<String>,
    pub due: NaiveDate,
    pub amount: Decimal,
    pub paid: Decimal,
    pub open: Decimal,
    pub status: EntryStatus,
    pub overdue: bool,
    /// The account it is expected in.
    pub account: Option<Id>,
    /// The charge it belongs to (receive through the charge, not here).
    pub charge: Option<Id>,
}

/// The filtered rows and their totals.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EntryListing {
    /// Newest due date first; on one day, the larger open amount first.
    pub rows: Vec<EntryRow>,
    pub open_in: Decimal,
    pub open_out: Decimal,
    pub paid_in: Decimal,
    pub paid_out: Decimal,
}

impl EntryFilter {
    fn keeps(
        &self,
        e: &Entry,
        id: &str,
        parent_of: &HashMap<Id, Option<Id>>,
        today: NaiveDate,
    ) -> bool {
        let status = e.status();
        let status_ok = match self.status {
            StatusFilter::All => true,
            StatusFilter::Open => matches!(status, EntryStatus::Open | EntryStatus::Partial),
            StatusFilter::Overdue => e.is_overdue(today),
            StatusFilter::Partial => status == EntryStatus::Partial,
            StatusFilter::Paid => status == EntryStatus::Paid,
            StatusFilter::Cancelled => status == EntryStatus::Cancelled,
        };
        let category_ok = self.category.as_ref().is_none_or(|wanted| {
            e.category.as_ref().is_some_and(|c| {
                c == wanted || parent_of.get(c).and_then(Option::as_ref) == Some(wanted)
            })
        });
        let account_ok = self.account.as_ref().is_none_or(|wanted| {
            e.account.as_ref() == Some(wanted) || e.payments.values().any(|p| &p.account == wanted)
        });
        status_ok
            && category_ok
            && account_ok
            && self.only.as_deref().is_none_or(|only| only == id)
            && self.kind.is_none_or(|k| e.kind == k)
            && self.from.is_none_or(|d| e.due_date >= d)
            && self.to.is_none_or(|d| e.due_date <= d)
            && self
                .party
                .as_ref()
                .is_none_or(|p| e.party.as_ref() == Some(p))
    }
}

impl Business {
    /// The entries `filter` keeps on `today`, as Caixa lists them, with their totals.
    pub fn entry_listing(
        &self,
        filter: &EntryFilter,
        today: NaiveDate,
    ) -> CoreResult<EntryListing> {
        let names: HashMap<Id, String> = self
            .parties()?
            .into_iter()
            .map(|(id, p)| (id, p.name))
            .collect();
        let categories = self.categories()?;
        let parent_of: HashMap<Id, Option<Id>> = categories
            .iter()
            .map(|(id, c)| (id.clone(), c.parent.clone()))
            .collect();
        let category_names: HashMap<Id, String> =
            categories.into_iter().map(|(id, c)| (id, c.name)).collect();
        let mut out = EntryListing::default();
        for (id, e) in self.entries_shared()?.iter() {
            if !filter.keeps(e, id, &parent_of, today) {
                continue;
            }
            let paid = e.paid_amount();
            let open = e.open_amount();
            match e.kind {
                EntryKind::Receivable => {
                    out.open_in += open;
                    out.paid_in += paid;
                }
                EntryKind::Payable => {
                    out.open_out += open;
                    out.paid_out += paid;
                }
            }
            out.rows.push(EntryRow {
                id: id.clone(),
                kind: e.kind,
                description: e.description.clone(),
                party: e.party.as_ref().and_then(|p| names.get(p).cloned()),
                category: e
                    .category
                    .as_ref()
                    .and_then(|c| category_names.get(c).cloned()),
                due: e.due_date,
                amount: e.amount,
                paid,
                open,
                status: e.status(),
                overdue: e.is_overdue(today),
                account: e.account.clone(),
                charge: e
                    .source
                    .as_deref()
                    .and_then(|s| s.strip_prefix("charge:"))
                    .map(str::to_string),
            });
        }
        out.rows
            .sort_by(|a, b| b.due.cmp(&a.due).then(b.open.cmp(&a.open)));
        Ok(out)
    }
}
