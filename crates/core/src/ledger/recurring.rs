//! Recurring entries (rent, subscriptions): templates in `recurrences/<id>` that materialise
//! one entry per period.
//!
//! A materialised entry's id is derived from the recurrence and the period,
//! `<recurrence id>.<YYYY-MM>`, so when two offline devices both materialise the same month
//! they write the same key and the merge yields one entry, not two. (Automerge keeps both
//! objects under that key; [`Entry::merge_versions`] reads them as one.)

use super::{
    categories, check_account, tx_create_entry_with_id, Entry, EntryKind, NewEntry, ENTRIES,
    RECURRENCES,
};
use crate::business::{new_id, Business, Id, OpCtx, Tx};
use crate::error::{CoreError, CoreResult};
use crate::money;
use autosurgeon::{Hydrate, Reconcile};
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How far ahead entries may be materialised in one call.
pub const MAX_DAYS_AHEAD: i64 = 400;

/// A template that produces one entry every `every_months` months.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Recurrence {
    /// Receivable or payable.
    pub kind: EntryKind,
    /// Description, e.g. "Aluguel da loja"; the period is appended on each entry.
    pub description: String,
    /// Amount of each entry.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub amount: Decimal,
    /// Category.
    pub category: Option<Id>,
    /// Customer or supplier.
    pub party: Option<Id>,
    /// Expected account.
    pub account: Option<Id>,
    /// Day of the month the entry is due (clamped to the month's last day).
    pub day_of_month: u32,
    /// Months between entries (1 = monthly, 12 = yearly).
    pub every_months: u32,
    /// The first day of the first period.
    #[autosurgeon(with = "crate::codec::date")]
    pub first_month: NaiveDate,
    /// The first day of the last period, if it ends.
    #[autosurgeon(with = "crate::codec::opt_date")]
    pub last_month: Option<NaiveDate>,
}

/// What a person types to set up a recurring entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRecurrence {
    /// Receivable or payable.
    pub kind: EntryKind,
    /// Description.
    pub description: String,
    /// Amount of each entry.
    pub amount: Decimal,
    /// Category.
    pub category: Option<Id>,
    /// Customer or supplier.
    pub party: Option<Id>,
    /// Expected account.
    pub account: Option<Id>,
    /// Due day of the month, 1 to 31.
    pub day_of_month: u32,
    /// Months between entries, 1 to 12.
    pub every_months: u32,
    /// Any day of the first month.
    pub first_month: NaiveDate,
    /// Any day of the last month, if it ends.
    pub last_month: Option<NaiveDate>,
}

fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// The due date of a period: `day` of that month, or its last day.
pub fn due_date_in(period: NaiveDate, day: u32) -> NaiveDate {
    let start = month_start(period);
    let next = start.checked_add_months(Months::new(1)).unwrap_or(start);
    let last_day = next.pred_opt().map(|d| d.day()).unwrap_or(28);
    start.with_day(day.min(last_day)).unwrap_or(start)
}

/// The id of the entry a recurrence materialises for a period.
pub fn entry_id(recurrence: &str, period: NaiveDate) -> Id {
    format!("{recurrence}.{:04}-{:02}", period.year(), period.month())
}

/// How far ahead the app creates recurring entries on `today`: the last day of the next
/// month, so next month's bills are in Caixa before the month starts.
pub fn materialise_horizon(today: NaiveDate) -> NaiveDate {
    today
        .with_day(1)
        .and_then(|d| d.checked_add_months(Months::new(2)))
        .and_then(|d| d.pred_opt())
        .unwrap_or(today)
}

impl Recurrence {
    /// The next due date on or after `day`, looking up to 13 months ahead; `None` when the
    /// recurrence ended before it.
    pub fn next_due(&self, day: NaiveDate) -> Option<NaiveDate> {
        let horizon = day.checked_add_months(Months::new(13)).unwrap_or(day);
        self.periods_until(horizon)
            .into_iter()
            .map(|p| due_date_in(p, self.day_of_month))
            .find(|d| *d >= day)
    }

    /// The periods (first days of months) whose entries are due on or before `up_to`.
    pub fn periods_until(&self, up_to: NaiveDate) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut period = self.first_month;
        let step = Months::new(self.every_months.max(1));
        loop {
            if self.last_month.is_some_and(|last| period > last) {
                break;
            }
            if due_date_in(period, self.day_of_month) > up_to {
                break;
            }
            out.push(period);
            match period.checked_add_months(step) {
                Some(next) => period = next,
                None => break,
            }
        }
        out
    }
}

fn build(tx: &Tx<'_>, input: NewRecurrence) -> CoreResult<Recurrence> {
    let description = money::required_text("Descrição", &input.description)?;
    let amount = money::positive("Valor", input.amount)?;
    if !(1..=31).contains(&input.day_of_month) {
        return Err(CoreError::invalid(
            "Dia do vencimento",
            "escolha um dia entre 1 e 31.",
        ));
    }
    if !(1..=12).contains(&input.every_months) {
        return Err(CoreError::invalid(
            "Repetição",
            "a repetição deve ser de 1 a 12 meses.",
        ));
    }
    let first_month = month_start(input.first_month);
    let last_month = input.last_month.map(month_start);
    if last_month.is_some_and(|l| l < first_month) {
        return Err(CoreError::invalid(
            "Último mês",
            "o último mês não pode ser antes do primeiro.",
        ));
    }
    if let Some(cat) = &input.category {
        categories::check_category(tx, cat, input.kind.category_kind())?;
    }
    if let Some(acc) = &input.account {
        check_account(tx, acc)?;
    }
    if let Some(party) = &input.party {
        crate::parties::check_party(tx, party)?;
    }
    Ok(Recurrence {
        kind: input.kind,
        description,
        amount,
        category: input.category,
        party: input.party,
        account: input.account,
        day_of_month: input.day_of_month,
        every_months: input.every_months,
        first_month,
        last_month,
    })
}

/// Creates the missing entries of every recurrence due on or before `up_to`.
pub(crate) fn tx_materialise(tx: &mut Tx<'_>, up_to: NaiveDate) -> CoreResult<Vec<Id>> {
    if (up_to - tx.today()).num_days() > MAX_DAYS_AHEAD {
        return Err(CoreError::invalid(
            "Gerar até",
            "gere lançamentos recorrentes no máximo um ano à frente.",
        ));
    }
    let mut created = Vec::new();
    for (rid, rec) in tx.list::<Recurrence>(RECURRENCES)? {
        for period in rec.periods_until(up_to) {
            let id = entry_id(&rid, period);
            if tx.exists(ENTRIES, &id)? {
                continue;
            }
            let mut entry = NewEntry::new(
                rec.kind,
                format!(
                    "{} ({:02}/{})",
                    rec.description,
                    period.month(),
                    period.year()
                ),
                rec.amount,
                due_date_in(period, rec.day_of_month),
            );
            entry.competence_date = Some(period);
            entry.category = rec.category.clone();
            entry.party = rec.party.clone();
            entry.account = rec.account.clone();
            entry.source = Some(format!("recurrence:{rid}"));
            tx_create_entry_with_id(tx, &id, entry)?;
            created.push(id);
        }
    }
    Ok(created)
}

impl Business {
    /// Sets up a recurring entry. Nothing is materialised until
    /// [`Business::materialise_recurrences`] runs.
    pub fn create_recurrence(&mut self, ctx: &OpCtx, input: NewRecurrence) -> CoreResult<Id> {
        self.apply(ctx, "ledger.recurrence.create", |tx| {
            let rec = build(tx, input)?;
            let id = new_id();
            tx.put(RECURRENCES, &id, &rec)?;
            Ok(id)
        })
    }

    /// Changes a recurrence (e.g. the yearly rent adjustment). Entries already created keep
    /// their values; the next materialisations use the new ones.
    pub fn update_recurrence(
        &mut self,
        ctx: &OpCtx,
        id: &str,
        input: NewRecurrence,
    ) -> CoreResult<()> {
        self.apply(ctx, "ledger.recurrence.update", |tx| {
            let _: Recurrence = tx.require(RECURRENCES, id, "Recorrência")?;
            let rec = build(tx, input)?;
            tx.put(RECURRENCES, id, &rec)
        })
    }

    /// Ends a recurrence after the month of `last`. Entries up to that month stay; entries
    /// already created for later months are cancelled when nothing was paid on them (a
    /// paid one stays, for a person to decide), so ending the rent leaves no rent to pay.
    pub fn end_recurrence(&mut self, ctx: &OpCtx, id: &str, last: NaiveDate) -> CoreResult<()> {
        self.apply(ctx, "ledger.recurrence.end", |tx| {
            let mut rec: Recurrence = tx.require(RECURRENCES, id, "Recorrência")?;
            let last = month_start(last);
            if last < rec.first_month {
                return Err(CoreError::invalid(
                    "Último mês",
                    "o último mês não pode ser antes do primeiro.",
                ));
            }
            // Everything materialisation may have created: up to a year ahead of today.
            let horizon = tx
                .today()
                .checked_add_days(chrono::Days::new(MAX_DAYS_AHEAD.unsigned_abs() + 31))
                .unwrap_or(last);
            for period in rec.periods_until(horizon) {
                if period <= last {
                    continue;
                }
                let entry = entry_id(id, period);
                if !tx.exists(ENTRIES, &entry)? {
                    continue;
                }
                let current = super::tx_entry(tx, &entry)?;
                if current.cancelled.is_none() && current.paid_amount().is_zero() {
                    super::tx_cancel_entry(tx, &entry, Some("Recorrência encerrada"))?;
                }
            }
            rec.last_month = Some(last);
            tx.put(RECURRENCES, id, &rec)
        })
    }

    /// Every recurrence, sorted by id.
    pub fn recurrences(&self) -> CoreResult<Vec<(Id, Recurrence)>> {
        self.list(RECURRENCES)
    }

    /// Creates, without duplicates, every recurring entry due on or before `up_to` (at most
    /// a year ahead of today); returns the ids created. Safe to run on every device: the
    /// entries have ids derived from (recurrence, period), so concurrent runs merge into
    /// one entry per period. When nothing is missing no change is recorded.
    pub fn materialise_recurrences(
        &mut self,
        ctx: &OpCtx,
        up_to: NaiveDate,
    ) -> CoreResult<Vec<Id>> {
        self.apply(ctx, "ledger.recurrence.materialise", |tx| {
            tx_materialise(tx, up_to)
        })
    }

    /// Creates the recurring entries due up to [`materialise_horizon`] of the context's
    /// day: what the app runs when Caixa opens and after each change to a recurrence.
    pub fn materialise_due_recurrences(&mut self, ctx: &OpCtx) -> CoreResult<Vec<Id>> {
        let up_to = materialise_horizon(ctx.today);
        self.materialise_recurrences(ctx, up_to)
    }

    /// The entries a recurrence created, by period.
    pub fn recurrence_entries(&self, id: &str) -> CoreResult<Vec<(Id, Entry)>> {
        let prefix = format!("{id}.");
        Ok(self
            .entries()?
            .into_iter()
            .filter(|(eid, _)| eid.starts_with(&prefix))
            .collect())
    }
}
