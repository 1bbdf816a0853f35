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

/// Caixa's list without its rows: the ids a filter keeps, in the list's order, and the
/// totals of all of them. A screen that shows a window of a long list reads this once per
/// change and then [`Business::entry_rows`] for the rows on screen only.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EntryIndex {
    /// Newest due date first; on one day, the larger open amount first.
    pub ids: Vec<Id>,
    pub open_in: Decimal,
    pub open_out: Decimal,
    pub paid_in: Decimal,
    pub paid_out: Decimal,
}

/// The names a row shows instead of ids.
struct Names {
    parties: std::sync::Arc<Vec<(Id, crate::parties::Party)>>,
    categories: HashMap<Id, String>,
}

impl Names {
    fn party(&self, id: &str) -> Option<String> {
        find(&self.parties, id).map(|i| self.parties[i].1.name.clone())
    }
}

/// Where `id` is in a kept list (sorted by id, so a binary search; a linear one should
/// the order ever differ, as a row must not go missing).
fn find<T>(list: &[(Id, T)], id: &str) -> Option<usize> {
    list.binary_search_by(|(other, _)| other.as_str().cmp(id))
        .ok()
        .or_else(|| list.iter().position(|(other, _)| other == id))
}

fn row_of(id: &str, e: &Entry, names: &Names, today: NaiveDate) -> EntryRow {
    EntryRow {
        id: id.to_string(),
        kind: e.kind,
        description: e.description.clone(),
        party: e.party.as_deref().and_then(|p| names.party(p)),
        category: e
            .category
            .as_ref()
            .and_then(|c| names.categories.get(c).cloned()),
        due: e.due_date,
        amount: e.amount,
        paid: e.paid_amount(),
        open: e.open_amount(),
        status: e.status(),
        overdue: e.is_overdue(today),
        account: e.account.clone(),
        charge: e
            .source
            .as_deref()
            .and_then(|s| s.strip_prefix("charge:"))
            .map(str::to_string),
    }
}

impl Business {
    /// The entries `filter` keeps on `today`, as Caixa lists them, with their totals.
    pub fn entry_listing(
        &self,
        filter: &EntryFilter,
        today: NaiveDate,
    ) -> CoreResult<EntryListing> {
        let index = self.entry_index(filter, today)?;
        Ok(EntryListing {
            rows: self.entry_rows(&index.ids, today)?,
            open_in: index.open_in,
            open_out: index.open_out,
            paid_in: index.paid_in,
            paid_out: index.paid_out,
        })
    }

    /// The ids of the entries `filter` keeps on `today`, in Caixa's order, with their
    /// totals: [`Business::entry_listing`] without building a row per entry.
    pub fn entry_index(&self, filter: &EntryFilter, today: NaiveDate) -> CoreResult<EntryIndex> {
        let parent_of: HashMap<Id, Option<Id>> = self
            .categories()?
            .into_iter()
            .map(|(id, c)| (id, c.parent))
            .collect();
        let entries = self.entries_shared()?;
        let mut out = EntryIndex::default();
        // The sort key and the entry's place, so that only the kept ids are copied.
        let mut kept: Vec<(NaiveDate, Decimal, usize)> = Vec::new();
        for (at, (id, e)) in entries.iter().enumerate() {
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
            kept.push((e.due_date, open, at));
        }
        // Stable, so equal keys stay in id order, as the whole list always did.
        kept.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
        out.ids = kept
            .into_iter()
            .map(|(_, _, at)| entries[at].0.clone())
            .collect();
        Ok(out)
    }

    /// The rows of `ids` (from [`Business::entry_index`]) as Caixa shows them on `today`,
    /// in that order; an id no longer in the document is left out.
    pub fn entry_rows(&self, ids: &[Id], today: NaiveDate) -> CoreResult<Vec<EntryRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let names = Names {
            parties: self.list_shared(crate::parties::PARTIES)?,
            categories: self
                .categories()?
                .into_iter()
                .map(|(id, c)| (id, c.name))
                .collect(),
        };
        let entries = self.entries_shared()?;
        Ok(ids
            .iter()
            .filter_map(|id| {
                let at = find(&entries, id)?;
                Some(row_of(id, &entries[at].1, &names, today))
            })
            .collect())
    }
}
