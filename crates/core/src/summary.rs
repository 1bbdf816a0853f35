//! The day at a glance (Início's tiles: what is late first, then today and the week) and
//! the summary it is read from.
//!
//! A [`Summary`] is computed from the lists once and kept beside the document with the heads
//! it reflects, so a cold start whose document has not changed shows Início without
//! hydrating every entry, charge and movement. It holds everything that depends on the date
//! by date, so the summary of one day answers for that day and any later one: a shop that
//! closed the app last night opens it this morning without reading the lists again.

use std::collections::BTreeMap;

use automerge::ChangeHash;
use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use std::sync::PoisonError;

use crate::business::Business;
use crate::charges::{ChargeStatus, CHARGES};
use crate::error::CoreResult;
use crate::ledger::{AccountKind, EntryKind, ENTRIES};
use crate::staff::StaffMember;

/// A count of records and the money they add up to.
pub type Tally = (usize, Decimal);

/// The numbers on Início's tiles for one day.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Glance {
    /// Balance of the cash accounts (archived ones left out).
    pub cash: Decimal,
    /// Balance of the bank and other accounts (archived ones left out).
    pub bank: Decimal,
    /// Open receivables due today.
    pub receivable_today: Tally,
    /// Open receivables due from today to the end of the week.
    pub receivable_week: Tally,
    /// Open payables due today.
    pub payable_today: Tally,
    /// Open payables due from today to the end of the week.
    pub payable_week: Tally,
    /// Open receivables past their due date (charges' receivables among them).
    #[serde(default)]
    pub overdue_receivable: Tally,
    /// Open payables past their due date.
    #[serde(default)]
    pub overdue_payable: Tally,
    /// Charges past their due date and not paid.
    pub overdue_charges: Tally,
    /// Products below their reorder point.
    pub replenish: usize,
    /// Products whose stock went below zero (a sale confirmed beyond the stock, or two
    /// devices that sold the same units offline), for a person to review.
    #[serde(default)]
    pub stock_review: usize,
    /// Names of the staff on vacation today.
    pub on_vacation: Vec<String>,
}

/// The last day (Sunday) of the week that holds `day`.
pub fn end_of_week(day: NaiveDate) -> NaiveDate {
    let left = 6 - u64::from(day.weekday().num_days_from_monday());
    day.checked_add_days(Days::new(left)).unwrap_or(day)
}

/// One account in a [`Summary`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct AccountSteps {
    kind: AccountKind,
    archived: bool,
    /// The balance at the end of the summary's day.
    balance: Decimal,
    /// What changes the balance on each later date.
    later: Vec<(NaiveDate, Decimal)>,
}

/// One staff member in a [`Summary`], with the days of each vacation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct StaffAway {
    member: StaffMember,
    away: Vec<(NaiveDate, NaiveDate)>,
}

/// The layout of [`Summary`]; a summary stored in another layout is never used.
const FORMAT: u32 = 2;

/// What Início needs, computed on one day, for that day and any later one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// [`FORMAT`] when it was made (absent in none so far, read as 0).
    #[serde(default)]
    format: u32,
    /// The document's heads it was computed at, in hex.
    heads: Vec<String>,
    /// The day it was computed for.
    day: NaiveDate,
    accounts: Vec<AccountSteps>,
    /// Open entries, whatever their due date: kind, due date, open amount.
    open_due: Vec<(EntryKind, NaiveDate, Decimal)>,
    /// Charges overdue on the day.
    overdue: Tally,
    /// Charges pending on the day (not yet due): due date and amount.
    pending: Vec<(NaiveDate, Decimal)>,
    replenish: usize,
    #[serde(default)]
    stock_review: usize,
    staff: Vec<StaffAway>,
}

fn heads_hex(heads: &[ChangeHash]) -> Vec<String> {
    let mut hex: Vec<String> = heads.iter().map(|h| h.to_string()).collect();
    hex.sort();
    hex
}

fn add(slot: &mut Tally, amount: Decimal) {
    slot.0 += 1;
    slot.1 += amount;
}

impl Summary {
    /// The day it was computed for.
    pub fn day(&self) -> NaiveDate {
        self.day
    }

    /// Whether it was made in this version's layout: a start may then show it before the
    /// document is loaded, as the numbers of the last session.
    pub fn is_current_layout(&self) -> bool {
        self.format == FORMAT
    }

    /// Whether it reflects a document with these heads, in this version's layout.
    pub fn reflects(&self, heads: &[ChangeHash]) -> bool {
        self.format == FORMAT && self.heads == heads_hex(heads)
    }

    /// Início's numbers on `today`, or `None` when `today` is before the summary's day (the
    /// clock went back), which only a fresh summary can answer.
    pub fn glance(&self, today: NaiveDate) -> Option<Glance> {
        if today < self.day {
            return None;
        }
        let mut g = Glance::default();
        for acc in self.accounts.iter().filter(|a| !a.archived) {
            let later: Decimal = acc
                .later
                .iter()
                .filter(|(d, _)| *d <= today)
                .map(|(_, amount)| *amount)
                .sum();
            match acc.kind {
                AccountKind::Cash => g.cash += acc.balance + later,
                AccountKind::Bank | AccountKind::Other => g.bank += acc.balance + later,
            }
        }
        let week_end = end_of_week(today);
        for (kind, due, open) in &self.open_due {
            if *due < today {
                let late = match kind {
                    EntryKind::Receivable => &mut g.overdue_receivable,
                    EntryKind::Payable => &mut g.overdue_payable,
                };
                add(late, *open);
                continue;
            }
            if *due > week_end {
                continue;
            }
            let (day_slot, week_slot) = match kind {
                EntryKind::Receivable => (&mut g.receivable_today, &mut g.receivable_week),
                EntryKind::Payable => (&mut g.payable_today, &mut g.payable_week),
            };
            if *due == today {
                add(day_slot, *open);
            }
            add(week_slot, *open);
        }
        g.overdue_charges = self.overdue;
        for (due, amount) in &self.pending {
            // A pending charge is overdue from the day after its due date.
            if *due < today {
                add(&mut g.overdue_charges, *amount);
            }
        }
        g.replenish = self.replenish;
        g.stock_review = self.stock_review;
        for s in &self.staff {
            let away = s
                .away
                .iter()
                .any(|(start, end)| *start <= today && today <= *end);
            if s.member.active_on(today) && away {
                g.on_vacation.push(s.member.name.clone());
            }
        }
        Some(g)
    }
}

impl Business {
    /// Whether [`Business::summary`] would read only what changed since the lists were
    /// last read: the entries, the charges and the stock are kept in memory. A caller that
    /// has a moment to spare (a page being hidden) may then renew the stored summary
    /// without hydrating a whole shop.
    pub fn summary_is_cheap(&self) -> bool {
        let views = self.views.lock().unwrap_or_else(PoisonError::into_inner);
        let lists = views.holds(ENTRIES) && views.holds(CHARGES);
        drop(views);
        let inventory = self
            .inventory
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        lists && inventory.stock.is_built()
    }

    /// The heads a summary reflects: this document's, and the staff document's when the
    /// device holds it (its vacations show on Início), so a change to either renews it.
    /// Without a staff document they are [`Business::heads`].
    pub fn summary_heads(&mut self) -> Vec<ChangeHash> {
        let mut heads = self.heads();
        if let Some(staff) = self.staff_document_mut() {
            heads.extend(staff.heads());
        }
        heads
    }

    /// Início's summary computed on `day`, from the lists (hydrating them if they are not
    /// kept yet).
    pub fn summary(&mut self, day: NaiveDate) -> CoreResult<Summary> {
        let heads = heads_hex(&self.summary_heads());
        let accounts = self
            .balance_steps(day)?
            .into_iter()
            .map(|(b, later)| AccountSteps {
                kind: b.kind,
                archived: b.archived,
                balance: b.balance,
                later,
            })
            .collect();
        let open_due = self
            .entries_shared()?
            .iter()
            .filter(|(_, e)| e.open_amount() > Decimal::ZERO)
            .map(|(_, e)| (e.kind, e.due_date, e.open_amount()))
            .collect();
        let mut overdue = Tally::default();
        let mut pending = Vec::new();
        for c in self.charges(day)? {
            match c.status {
                ChargeStatus::Overdue => add(&mut overdue, c.charge.amount),
                ChargeStatus::Pending => pending.push((c.charge.due_date, c.charge.amount)),
                _ => {}
            }
        }
        let replenish = self.replenishment()?.len();
        let stock_review = self.stock_review()?.len();
        let mut away: BTreeMap<String, Vec<(NaiveDate, NaiveDate)>> = BTreeMap::new();
        // A device without the staff document shows nobody away.
        let members = match self.staff_access()? {
            crate::staff::StaffAccess::None => Vec::new(),
            _ => self.staff_members()?,
        };
        for (id, _) in &members {
            let parts = self.vacations_of(id)?;
            let days = parts.iter().map(|(_, v)| (v.start, v.part().end()));
            away.entry(id.clone()).or_default().extend(days);
        }
        let staff = members
            .into_iter()
            .map(|(id, member)| StaffAway {
                member,
                away: away.remove(&id).unwrap_or_default(),
            })
            .collect();
        Ok(Summary {
            format: FORMAT,
            heads,
            day,
            accounts,
            open_due,
            overdue,
            pending,
            replenish,
            stock_review,
            staff,
        })
    }
}
