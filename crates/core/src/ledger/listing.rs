//! Caixa's list of payables and receivables: which entries a filter keeps, what each row
//! shows, and the open and paid totals of what is shown.
//!
//! The order and the totals of the last filter read are kept beside the view cache
//! ([`EntryOrder`]) and patched with the entries each change re-read, so a new entry or a
//! payment costs a few binary searches instead of a pass over every entry of the shop. A
//! different filter, a day that changes what the filter keeps, a category plan that
//! changed under a category filter, or a ledger read again in full rebuild it.

use super::{Entry, EntryKind, EntryStatus, ENTRIES};
use crate::business::{Business, Id};
use crate::error::CoreResult;
use crate::views::Shape;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::{Arc, PoisonError};

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
    /// Newest due date first; on one day, the larger open amount first, then by id.
    pub ids: EntryIds,
    pub open_in: Decimal,
    pub open_out: Decimal,
    pub paid_in: Decimal,
    pub paid_out: Decimal,
}

/// The most ids in one chunk of [`EntryIds`]; a fuller one is split in two.
const CHUNK_MAX: usize = 512;

/// Ids in Caixa's order, held in shared chunks: a copy costs one pointer, and a change
/// copies the one chunk it lands in rather than the list (a shop has 100,000 entries).
#[derive(Debug, Clone, Default)]
pub struct EntryIds {
    chunks: Arc<Vec<Arc<Vec<Id>>>>,
    len: usize,
}

impl EntryIds {
    /// How many ids.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The ids in order.
    pub fn iter(&self) -> impl Iterator<Item = &Id> + '_ {
        self.chunks.iter().flat_map(|c| c.iter())
    }

    /// The first id.
    pub fn first(&self) -> Option<&Id> {
        self.get(0)
    }

    /// The id at `at`.
    pub fn get(&self, at: usize) -> Option<&Id> {
        let mut at = at;
        for chunk in self.chunks.iter() {
            match chunk.get(at) {
                Some(id) => return Some(id),
                None => at -= chunk.len(),
            }
        }
        None
    }

    /// The ids at `range` (cut to the list's length): the window a screen draws.
    pub fn window(&self, range: Range<usize>) -> Vec<Id> {
        let end = range.end.min(self.len);
        let start = range.start.min(end);
        let mut skip = start;
        let mut out = Vec::with_capacity(end - start);
        for chunk in self.chunks.iter() {
            if out.len() == end - start {
                break;
            }
            if skip >= chunk.len() {
                skip -= chunk.len();
                continue;
            }
            let take = (end - start - out.len()).min(chunk.len() - skip);
            out.extend_from_slice(&chunk[skip..skip + take]);
            skip = 0;
        }
        out
    }

    /// Every id, in order.
    pub fn to_vec(&self) -> Vec<Id> {
        self.iter().cloned().collect()
    }
}

impl From<Vec<Id>> for EntryIds {
    fn from(ids: Vec<Id>) -> EntryIds {
        let len = ids.len();
        let chunks = ids
            .chunks(CHUNK_MAX / 2)
            .map(|c| Arc::new(c.to_vec()))
            .collect();
        EntryIds {
            chunks: Arc::new(chunks),
            len,
        }
    }
}

impl PartialEq for EntryIds {
    /// Chunks a change did not touch are shared between the index before and after it, so
    /// comparing the two (a screen's memo does, after every change) looks only at the
    /// chunks that differ.
    fn eq(&self, other: &EntryIds) -> bool {
        if self.len != other.len {
            return false;
        }
        if Arc::ptr_eq(&self.chunks, &other.chunks) {
            return true;
        }
        let pairs = || self.chunks.iter().zip(other.chunks.iter());
        if self.chunks.len() == other.chunks.len() && pairs().all(|(a, b)| a.len() == b.len()) {
            return pairs().all(|(a, b)| Arc::ptr_eq(a, b) || a == b);
        }
        self.iter().eq(other.iter())
    }
}

impl Eq for EntryIds {}

impl PartialEq<Vec<Id>> for EntryIds {
    fn eq(&self, other: &Vec<Id>) -> bool {
        self.len == other.len() && self.iter().eq(other.iter())
    }
}

impl Serialize for EntryIds {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for EntryIds {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<EntryIds, D::Error> {
        Vec::<Id>::deserialize(d).map(EntryIds::from)
    }
}

/// What a kept entry adds to the totals, and its place in the order.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Counted {
    kind: EntryKind,
    due: NaiveDate,
    open: Decimal,
    paid: Decimal,
}

impl Counted {
    fn of(e: &Entry) -> Counted {
        Counted {
            kind: e.kind,
            due: e.due_date,
            open: e.open_amount(),
            paid: e.paid_amount(),
        }
    }
}

/// Caixa's order: newest due date first; on one day, the larger open amount first; then by
/// id (the whole list's order before the index existed, a stable sort of the id order).
fn order(a: (&Counted, &str), b: (&Counted, &str)) -> Ordering {
    by_day_and_open(a.0, b.0).then_with(|| a.1.cmp(b.1))
}

/// Caixa's order without the id: the due date, then the open amount, both larger first.
fn by_day_and_open(a: &Counted, b: &Counted) -> Ordering {
    b.due.cmp(&a.due).then_with(|| b.open.cmp(&a.open))
}

/// The order and totals of one filter's list, kept in the view cache and patched with the
/// entries a change touched.
pub(crate) struct EntryOrder {
    /// The epoch of the entries list it reflects (see `views`).
    epoch: u64,
    filter: EntryFilter,
    today: NaiveDate,
    parent_of: HashMap<Id, Option<Id>>,
    /// Every kept entry, with what it counts for.
    counted: HashMap<Id, Counted>,
    ids: EntryIds,
    open_in: Decimal,
    open_out: Decimal,
    paid_in: Decimal,
    paid_out: Decimal,
}

impl EntryOrder {
    /// One pass over the entries: what `filter` keeps on `today`, in order.
    fn build(
        epoch: u64,
        filter: &EntryFilter,
        today: NaiveDate,
        parent_of: HashMap<Id, Option<Id>>,
        entries: &[(Id, Entry)],
    ) -> EntryOrder {
        let mut out = EntryOrder {
            epoch,
            filter: filter.clone(),
            today,
            parent_of,
            counted: HashMap::new(),
            ids: EntryIds::default(),
            open_in: Decimal::ZERO,
            open_out: Decimal::ZERO,
            paid_in: Decimal::ZERO,
            paid_out: Decimal::ZERO,
        };
        // The entry's place with its contribution, so that only the kept ids are copied.
        let mut kept: Vec<(Counted, usize)> = Vec::new();
        for (at, (id, e)) in entries.iter().enumerate() {
            if filter.keeps(e, id, &out.parent_of, today) {
                let c = Counted::of(e);
                out.add(&c, 1);
                kept.push((c, at));
            }
        }
        // The entries are sorted by id, so their places order ties as the ids do.
        kept.sort_unstable_by(|a, b| by_day_and_open(&a.0, &b.0).then_with(|| a.1.cmp(&b.1)));
        let ids: Vec<Id> = kept.iter().map(|(_, at)| entries[*at].0.clone()).collect();
        out.counted = kept
            .into_iter()
            .map(|(c, at)| (entries[at].0.clone(), c))
            .collect();
        out.ids = EntryIds::from(ids);
        out
    }

    /// Whether it answers `filter` on `today` with this category plan.
    fn fits(
        &self,
        epoch: u64,
        filter: &EntryFilter,
        today: NaiveDate,
        parent_of: &HashMap<Id, Option<Id>>,
    ) -> bool {
        // Only overdue depends on the day; only a category filter on the plan.
        self.epoch == epoch
            && self.filter == *filter
            && (filter.status != StatusFilter::Overdue || self.today == today)
            && (filter.category.is_none() || self.parent_of == *parent_of)
    }

    fn add(&mut self, c: &Counted, sign: i8) {
        let (open, paid) = if sign < 0 {
            (-c.open, -c.paid)
        } else {
            (c.open, c.paid)
        };
        match c.kind {
            EntryKind::Receivable => {
                self.open_in += open;
                self.paid_in += paid;
            }
            EntryKind::Payable => {
                self.open_out += open;
                self.paid_out += paid;
            }
        }
    }

    /// Where `(c, id)` goes: the chunk and the place in it (the first id not before it).
    fn place(&self, c: &Counted, id: &str) -> Option<(usize, usize)> {
        let chunks = &self.ids.chunks;
        let mut lost = false;
        let mut before = |other: &Id| match self.counted.get(other) {
            Some(o) => order((o, other), (c, id)) == Ordering::Less,
            None => {
                lost = true;
                false
            }
        };
        let chunk = chunks
            .partition_point(|ch| ch.last().is_some_and(&mut before))
            .min(chunks.len().saturating_sub(1));
        let at = chunks.get(chunk).map(|ch| ch.partition_point(&mut before));
        match (lost, at) {
            (false, Some(at)) => Some((chunk, at)),
            _ => None,
        }
    }

    /// Brings the order up to date with the entries re-read since it was built (`changed`,
    /// possibly repeated); `false` when it cannot (it must then be rebuilt).
    fn patch(&mut self, changed: &[Id], entries: &[(Id, Entry)]) -> bool {
        let changed: BTreeSet<&Id> = changed.iter().collect();
        for id in changed {
            if let Some(old) = self.counted.get(id).cloned() {
                let Some((chunk, at)) = self.place(&old, id) else {
                    return false;
                };
                let chunks = Arc::make_mut(&mut self.ids.chunks);
                let Some(ch) = chunks.get_mut(chunk) else {
                    return false;
                };
                if ch.get(at) != Some(id) {
                    return false;
                }
                Arc::make_mut(ch).remove(at);
                if ch.is_empty() {
                    chunks.remove(chunk);
                }
                self.ids.len -= 1;
                self.counted.remove(id);
                self.add(&old, -1);
            }
            let Some(e) = find(entries, id).map(|at| &entries[at].1) else {
                continue;
            };
            if !self.filter.keeps(e, id, &self.parent_of, self.today) {
                continue;
            }
            let new = Counted::of(e);
            let chunks = Arc::make_mut(&mut self.ids.chunks);
            if chunks.is_empty() {
                chunks.push(Arc::new(Vec::new()));
            }
            let Some((chunk, at)) = self.place(&new, id) else {
                return false;
            };
            let chunks = Arc::make_mut(&mut self.ids.chunks);
            let Some(ch) = chunks.get_mut(chunk) else {
                return false;
            };
            let ch = Arc::make_mut(ch);
            ch.insert(at, id.clone());
            if ch.len() > CHUNK_MAX {
                let tail = ch.split_off(ch.len() / 2);
                chunks.insert(chunk + 1, Arc::new(tail));
            }
            self.ids.len += 1;
            self.add(&new, 1);
            self.counted.insert(id.clone(), new);
        }
        true
    }

    fn index(&self) -> EntryIndex {
        EntryIndex {
            ids: self.ids.clone(),
            open_in: self.open_in,
            open_out: self.open_out,
            paid_in: self.paid_in,
            paid_out: self.paid_out,
        }
    }
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
            rows: self.entry_rows(&index.ids.to_vec(), today)?,
            open_in: index.open_in,
            open_out: index.open_out,
            paid_in: index.paid_in,
            paid_out: index.paid_out,
        })
    }

    /// The ids of the entries `filter` keeps on `today`, in Caixa's order, with their
    /// totals: [`Business::entry_listing`] without building a row per entry. The last
    /// filter's order is kept and patched with what each change touched (see the module).
    pub fn entry_index(&self, filter: &EntryFilter, today: NaiveDate) -> CoreResult<EntryIndex> {
        let parent_of: HashMap<Id, Option<Id>> = self
            .categories()?
            .into_iter()
            .map(|(id, c)| (id, c.parent))
            .collect();
        let entries = self.entries_shared()?;
        let mut views = self.views.lock().unwrap_or_else(PoisonError::into_inner);
        let Some((epoch, changed)) = views.refreshed::<Entry>(ENTRIES, Shape::Merged) else {
            // The entries are not kept (two devices created the collection at once): nothing
            // tells a kept order what changed.
            return Ok(EntryOrder::build(0, filter, today, parent_of, &entries).index());
        };
        let kept = views
            .take_derived::<EntryOrder>()
            .filter(|o| o.fits(epoch, filter, today, &parent_of));
        let patched = kept.and_then(|mut o| o.patch(&changed, &entries).then_some(o));
        let order = match patched {
            Some(o) => o,
            None => {
                views.count_build();
                EntryOrder::build(epoch, filter, today, parent_of, &entries)
            }
        };
        let index = order.index();
        views.put_derived(order);
        Ok(index)
    }

    /// How many times [`Business::entry_index`] passed over every entry since the document
    /// was opened (a probe and the tests check that an everyday change only patches it).
    pub fn entry_index_builds(&self) -> u64 {
        self.views
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .builds()
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
