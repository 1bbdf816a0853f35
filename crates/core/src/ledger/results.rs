//! The figures Relatórios shows from payables and receivables: the DRE simplificado (income
//! and expenses by category on the competence date, with the six months before) and the
//! aging of open receivables by days overdue.

use super::{Category, Entry, EntryKind};
use crate::business::{Business, Id};
use crate::error::CoreResult;
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// One line of the DRE: a category group, or a subcategory under the group before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DreLine {
    /// The category id; `None` for entries with no category ("Sem categoria").
    pub category: Option<Id>,
    /// The category's name ("Sem categoria", or "Categoria removida" when it is gone).
    pub name: String,
    /// Whether this is a subcategory of the group line above it.
    pub sub: bool,
    pub amount: Decimal,
}

/// Income, expense and result of one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DreMonth {
    /// The first day of the month.
    pub month: NaiveDate,
    pub income: Decimal,
    pub expense: Decimal,
    /// Income minus expense.
    pub result: Decimal,
}

/// The DRE simplificado of one month.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Dre {
    /// Income groups, largest first, each followed by its subcategories, largest first.
    pub income: Vec<DreLine>,
    /// Expense groups, as `income`.
    pub expense: Vec<DreLine>,
    pub total_income: Decimal,
    pub total_expense: Decimal,
    /// Total income minus total expense.
    pub result: Decimal,
    /// The six months up to and including the month, oldest first.
    pub trend: Vec<DreMonth>,
}

/// How far past its due date an open receivable is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AgingBucket {
    /// Due today or later.
    NotDue,
    Days1To30,
    Days31To60,
    Days61To90,
    Over90,
}

impl AgingBucket {
    /// Every bucket, from not yet due to the oldest.
    pub const ALL: [AgingBucket; 5] = [
        AgingBucket::NotDue,
        AgingBucket::Days1To30,
        AgingBucket::Days31To60,
        AgingBucket::Days61To90,
        AgingBucket::Over90,
    ];

    /// The bucket of something due on `due`, seen on `today`.
    pub fn of(due: NaiveDate, today: NaiveDate) -> AgingBucket {
        match (today - due).num_days() {
            d if d <= 0 => AgingBucket::NotDue,
            1..=30 => AgingBucket::Days1To30,
            31..=60 => AgingBucket::Days31To60,
            61..=90 => AgingBucket::Days61To90,
            _ => AgingBucket::Over90,
        }
    }
}

/// The open receivables of one bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgingRow {
    pub bucket: AgingBucket,
    /// How many receivables.
    pub count: usize,
    /// What is still open on them.
    pub open: Decimal,
}

/// Open receivables by days overdue: one row per bucket, in [`AgingBucket::ALL`]'s order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Aging {
    pub rows: Vec<AgingRow>,
    /// What is open in all buckets.
    pub total: Decimal,
}

/// What an entry counts in the DRE: its amount, or what was paid when it was cancelled.
fn dre_amount(e: &Entry) -> Decimal {
    if e.cancelled.is_some() {
        e.paid_amount()
    } else {
        e.amount
    }
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// Per category group: its total and the totals of its subcategories ("" is no category).
type GroupTotals = BTreeMap<String, (Decimal, BTreeMap<String, Decimal>)>;

impl Business {
    /// The DRE simplificado of the month holding `month`, on the entries' competence dates.
    /// A cancelled entry counts what was paid before it was cancelled.
    pub fn dre(&self, month: NaiveDate) -> CoreResult<Dre> {
        let categories: HashMap<Id, Category> = self.categories()?.into_iter().collect();
        let entries = self.entries_shared()?;
        let first = first_of_month(month);
        let start = first.checked_sub_months(Months::new(5)).unwrap_or(first);
        let mut trend: BTreeMap<NaiveDate, (Decimal, Decimal)> = BTreeMap::new();
        let mut m = start;
        while m <= first {
            trend.insert(m, (Decimal::ZERO, Decimal::ZERO));
            match m.checked_add_months(Months::new(1)) {
                Some(next) => m = next,
                None => break,
            }
        }
        let mut by_kind: [GroupTotals; 2] = Default::default();
        for (_, e) in entries.iter() {
            let value = dre_amount(e);
            if value.is_zero() {
                continue;
            }
            let entry_month = first_of_month(e.competence_date);
            if let Some(t) = trend.get_mut(&entry_month) {
                match e.kind {
                    EntryKind::Receivable => t.0 += value,
                    EntryKind::Payable => t.1 += value,
                }
            }
            if entry_month != first {
                continue;
            }
            let slot = match e.kind {
                EntryKind::Receivable => 0,
                EntryKind::Payable => 1,
            };
            let (group, sub) = match e
                .category
                .as_ref()
                .and_then(|id| categories.get(id).map(|c| (id, c)))
            {
                Some((id, c)) => match &c.parent {
                    Some(parent) => (parent.clone(), Some(id.clone())),
                    None => (id.clone(), None),
                },
                None => (String::new(), None),
            };
            let totals = by_kind[slot].entry(group).or_default();
            totals.0 += value;
            if let Some(sub) = sub {
                *totals.1.entry(sub).or_default() += value;
            }
        }
        let line = |id: &str, sub: bool, amount: Decimal| DreLine {
            category: (!id.is_empty()).then(|| id.to_string()),
            name: if id.is_empty() {
                "Sem categoria".to_string()
            } else {
                categories
                    .get(id)
                    .map(|c| c.name.clone())
                    .unwrap_or_else(|| "Categoria removida".to_string())
            },
            sub,
            amount,
        };
        let lines = |map: &GroupTotals| {
            let mut groups: Vec<_> = map.iter().collect();
            groups.sort_by_key(|g| std::cmp::Reverse(g.1 .0));
            let mut out = Vec::new();
            for (group, (total, subs)) in groups {
                out.push(line(group, false, *total));
                let mut subs: Vec<_> = subs.iter().collect();
                subs.sort_by(|a, b| b.1.cmp(a.1));
                out.extend(subs.into_iter().map(|(id, v)| line(id, true, *v)));
            }
            out
        };
        let total_income: Decimal = by_kind[0].values().map(|g| g.0).sum();
        let total_expense: Decimal = by_kind[1].values().map(|g| g.0).sum();
        Ok(Dre {
            income: lines(&by_kind[0]),
            expense: lines(&by_kind[1]),
            total_income,
            total_expense,
            result: total_income - total_expense,
            trend: trend
                .into_iter()
                .map(|(month, (income, expense))| DreMonth {
                    month,
                    income,
                    expense,
                    result: income - expense,
                })
                .collect(),
        })
    }

    /// Open receivables (a charge's included: each has its receivable) by days overdue on
    /// `today`.
    pub fn receivables_aging(&self, today: NaiveDate) -> CoreResult<Aging> {
        let mut rows: Vec<AgingRow> = AgingBucket::ALL
            .iter()
            .map(|&bucket| AgingRow {
                bucket,
                count: 0,
                open: Decimal::ZERO,
            })
            .collect();
        for (_, e) in self.entries_shared()?.iter() {
            if e.kind != EntryKind::Receivable {
                continue;
            }
            let open = e.open_amount();
            if open <= Decimal::ZERO {
                continue;
            }
            let bucket = AgingBucket::of(e.due_date, today);
            if let Some(row) = rows.iter_mut().find(|r| r.bucket == bucket) {
                row.count += 1;
                row.open += open;
            }
        }
        let total = rows.iter().map(|r| r.open).sum();
        Ok(Aging { rows, total })
    }
}
