//! Balances per account at any date and cash flow per day or month, realised (payments and
//! transfers that happened) and projected (what is still open, by due date).

use super::{Account, AccountKind, EntryKind, ACCOUNTS};
use crate::business::{Business, Id};
use crate::error::{CoreError, CoreResult};
use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The balance of one account at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountBalance {
    /// Account id.
    pub id: Id,
    /// Account name.
    pub name: String,
    /// Account kind.
    pub kind: AccountKind,
    /// Whether it is archived.
    pub archived: bool,
    /// Balance at the end of the date.
    pub balance: Decimal,
}

/// Every account's balance at a date, as Caixa's Contas tab lists them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AccountBalances {
    /// Active accounts first, then archived ones, each by name.
    pub accounts: Vec<AccountBalance>,
    /// The sum of the active accounts' balances.
    pub total: Decimal,
}

/// Rows per day or per month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Granularity {
    /// One row per day.
    Day,
    /// One row per calendar month.
    Month,
}

/// One row of the cash flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashFlowRow {
    /// The day, or the first day of the month.
    pub period: NaiveDate,
    /// Money received in the period.
    pub realised_in: Decimal,
    /// Money paid in the period.
    pub realised_out: Decimal,
    /// Open receivables due in the period (overdue ones count on today).
    pub projected_in: Decimal,
    /// Open payables due in the period (overdue ones count on today).
    pub projected_out: Decimal,
    /// Balance at the end of the period: the real balance before the range plus every
    /// realised and projected movement up to this period.
    pub closing_balance: Decimal,
}

/// What changes a balance on each date, in date order.
pub(crate) type BalanceSteps = Vec<(NaiveDate, Decimal)>;

/// The longest cash flow one query returns, in rows.
pub const MAX_ROWS: usize = 800;

/// The movements of one account (or all) up to some date, computed in one pass over the
/// `entries` and `transfers` collections.
struct Movements {
    /// (date, account, signed amount) of every non-voided payment.
    payments: Vec<(NaiveDate, Id, Decimal)>,
    /// (date, from, to, amount) of every transfer.
    transfers: Vec<(NaiveDate, Id, Id, Decimal)>,
    /// (expected date, account, kind, open amount) of every open entry.
    open: Vec<(NaiveDate, Option<Id>, EntryKind, Decimal)>,
}

impl Business {
    fn cash_movements(&self) -> CoreResult<Movements> {
        let mut m = Movements {
            payments: Vec::new(),
            transfers: Vec::new(),
            open: Vec::new(),
        };
        for (_, entry) in self.entries_shared()?.iter() {
            for p in entry.payments.values().filter(|p| p.voided.is_none()) {
                m.payments
                    .push((p.date, p.account.clone(), entry.kind.sign() * p.amount));
            }
            let open = entry.open_amount();
            if open > Decimal::ZERO {
                m.open
                    .push((entry.due_date, entry.account.clone(), entry.kind, open));
            }
        }
        for (_, t) in self.transfers()? {
            m.transfers.push((t.date, t.from, t.to, t.amount));
        }
        Ok(m)
    }

    /// Every amount that moves the balance of one account (or of all, where transfers cancel
    /// out), with its date: the opening balance, payments and transfers.
    fn contributions<'a>(
        accounts: &'a [(Id, Account)],
        m: &'a Movements,
        filter: Option<&'a str>,
    ) -> impl Iterator<Item = (NaiveDate, Decimal)> + 'a {
        let wanted = move |id: &str| filter.is_none_or(|f| f == id);
        let openings = accounts
            .iter()
            .filter(move |(id, _)| wanted(id))
            .map(|(_, acc)| (acc.opening_date, acc.opening_balance));
        let payments = m
            .payments
            .iter()
            .filter(move |(_, acc, _)| wanted(acc))
            .map(|(d, _, amount)| (*d, *amount));
        let transfers = m.transfers.iter().flat_map(move |(d, from, to, amount)| {
            let out = filter.filter(|f| from == f).map(|_| (*d, -*amount));
            let inn = filter.filter(|f| to == f).map(|_| (*d, *amount));
            out.into_iter().chain(inn)
        });
        openings.chain(payments).chain(transfers)
    }

    fn balance_with(
        accounts: &[(Id, Account)],
        m: &Movements,
        filter: Option<&str>,
        date: NaiveDate,
    ) -> Decimal {
        Self::contributions(accounts, m, filter)
            .filter(|(d, _)| *d <= date)
            .map(|(_, amount)| amount)
            .sum()
    }

    /// Every account's balance at the end of `day`, with what changes it on each later
    /// date, so the balance of any later day can be read without the entries.
    pub(crate) fn balance_steps(
        &self,
        day: NaiveDate,
    ) -> CoreResult<Vec<(AccountBalance, BalanceSteps)>> {
        let accounts: Vec<(Id, Account)> = self.list(ACCOUNTS)?;
        let m = self.cash_movements()?;
        Ok(accounts
            .iter()
            .map(|(id, acc)| {
                let mut later: BTreeMap<NaiveDate, Decimal> = BTreeMap::new();
                for (d, amount) in Self::contributions(&accounts, &m, Some(id)) {
                    if d > day {
                        *later.entry(d).or_default() += amount;
                    }
                }
                let balance = AccountBalance {
                    id: id.clone(),
                    name: acc.name.clone(),
                    kind: acc.kind,
                    archived: acc.archived,
                    balance: Self::balance_with(&accounts, &m, Some(id), day),
                };
                (balance, later.into_iter().collect())
            })
            .collect())
    }

    /// The balance of one account at the end of `date`: opening balance (from its date) plus
    /// receipts minus payments plus transfers in minus transfers out, up to that date.
    ///
    /// One pass over the entries kept between reads, adding this account's payments in
    /// place (nothing copied per payment): a sale's receipt reads it after every sale.
    pub fn account_balance(&self, account: &str, date: NaiveDate) -> CoreResult<Decimal> {
        let acc: Account = self
            .get(ACCOUNTS, account)?
            .ok_or_else(|| CoreError::not_found("Conta", account))?;
        let mut balance = if acc.opening_date <= date {
            acc.opening_balance
        } else {
            Decimal::ZERO
        };
        for (_, entry) in self.entries_shared()?.iter() {
            for p in entry.payments.values() {
                if p.voided.is_none() && p.date <= date && p.account == account {
                    balance += entry.kind.sign() * p.amount;
                }
            }
        }
        for (_, t) in self.transfers()? {
            if t.date <= date {
                if t.from == account {
                    balance -= t.amount;
                }
                if t.to == account {
                    balance += t.amount;
                }
            }
        }
        Ok(balance)
    }

    /// The balance of every account at the end of `date`.
    pub fn balances(&self, date: NaiveDate) -> CoreResult<Vec<AccountBalance>> {
        let accounts: Vec<(Id, Account)> = self.list(ACCOUNTS)?;
        let m = self.cash_movements()?;
        Ok(accounts
            .iter()
            .map(|(id, acc)| AccountBalance {
                id: id.clone(),
                name: acc.name.clone(),
                kind: acc.kind,
                archived: acc.archived,
                balance: Self::balance_with(&accounts, &m, Some(id), date),
            })
            .collect())
    }

    /// Every account's balance at the end of `date`, active ones first, with the total of
    /// the active ones.
    pub fn account_balances(&self, date: NaiveDate) -> CoreResult<AccountBalances> {
        let mut accounts = self.balances(date)?;
        accounts.sort_by(|a, b| {
            (a.archived, a.name.to_lowercase()).cmp(&(b.archived, b.name.to_lowercase()))
        });
        let total = accounts
            .iter()
            .filter(|a| !a.archived)
            .map(|a| a.balance)
            .sum();
        Ok(AccountBalances { accounts, total })
    }

    /// Cash flow from `from` to `to` (inclusive) per day or month, for one account or all
    /// (transfers between the business's own accounts cancel out in the total; archived
    /// accounts are left out of the total). Open
    /// entries are projected on their due date, or on `today` when already overdue; for one
    /// account, only entries expected in that account are projected.
    pub fn cash_flow(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        granularity: Granularity,
        account: Option<&str>,
        today: NaiveDate,
    ) -> CoreResult<Vec<CashFlowRow>> {
        if from > to {
            return Err(CoreError::invalid(
                "Período",
                "a data inicial deve ser anterior à final.",
            ));
        }
        let mut accounts: Vec<(Id, Account)> = self.list(ACCOUNTS)?;
        if let Some(a) = account {
            if !accounts.iter().any(|(id, _)| id == a) {
                return Err(CoreError::not_found("Conta", a));
            }
        }
        let mut m = self.cash_movements()?;
        if account.is_none() {
            // The whole business leaves archived accounts out, as Início's balances do: a
            // mistaken account, once archived, no longer counts.
            let live: std::collections::BTreeSet<Id> = accounts
                .iter()
                .filter(|(_, a)| !a.archived)
                .map(|(id, _)| id.clone())
                .collect();
            accounts.retain(|(id, _)| live.contains(id));
            m.payments.retain(|(_, acc, _)| live.contains(acc));
            // A transfer to or from an archived account moves money in or out of the rest.
            for (d, from_acc, to_acc, amount) in std::mem::take(&mut m.transfers) {
                match (live.contains(&from_acc), live.contains(&to_acc)) {
                    (true, false) => m.payments.push((d, from_acc, -amount)),
                    (false, true) => m.payments.push((d, to_acc, amount)),
                    _ => {}
                }
            }
        }
        let bucket = |d: NaiveDate| match granularity {
            Granularity::Day => d,
            Granularity::Month => d.with_day(1).unwrap_or(d),
        };
        let mut rows: BTreeMap<NaiveDate, CashFlowRow> = BTreeMap::new();
        let mut p = bucket(from);
        while p <= to {
            if rows.len() >= MAX_ROWS {
                return Err(CoreError::invalid(
                    "Período",
                    "o período é longo demais; escolha um intervalo menor ou agrupe por mês.",
                ));
            }
            rows.insert(
                p,
                CashFlowRow {
                    period: p,
                    realised_in: Decimal::ZERO,
                    realised_out: Decimal::ZERO,
                    projected_in: Decimal::ZERO,
                    projected_out: Decimal::ZERO,
                    closing_balance: Decimal::ZERO,
                },
            );
            let next = match granularity {
                Granularity::Day => p.checked_add_days(Days::new(1)),
                Granularity::Month => p.checked_add_months(Months::new(1)),
            };
            match next {
                Some(n) => p = n,
                None => break,
            }
        }
        let in_range = |d: NaiveDate| d >= from && d <= to;
        let wanted = |id: &str| account.is_none_or(|f| f == id);
        for (d, acc, amount) in &m.payments {
            if in_range(*d) && wanted(acc) {
                if let Some(row) = rows.get_mut(&bucket(*d)) {
                    if *amount >= Decimal::ZERO {
                        row.realised_in += *amount;
                    } else {
                        row.realised_out -= *amount;
                    }
                }
            }
        }
        if let Some(f) = account {
            for (d, from_acc, to_acc, amount) in &m.transfers {
                if !in_range(*d) {
                    continue;
                }
                if let Some(row) = rows.get_mut(&bucket(*d)) {
                    if to_acc == f {
                        row.realised_in += *amount;
                    }
                    if from_acc == f {
                        row.realised_out += *amount;
                    }
                }
            }
        }
        for (due, acc, kind, amount) in &m.open {
            if let Some(f) = account {
                if acc.as_deref() != Some(f) {
                    continue;
                }
            }
            let d = (*due).max(today);
            if !in_range(d) {
                continue;
            }
            if let Some(row) = rows.get_mut(&bucket(d)) {
                match kind {
                    EntryKind::Receivable => row.projected_in += *amount,
                    EntryKind::Payable => row.projected_out += *amount,
                }
            }
        }
        let start = from.pred_opt().unwrap_or(from);
        let mut running = Self::balance_with(&accounts, &m, account, start);
        let mut out = Vec::with_capacity(rows.len());
        for (period, mut row) in rows {
            // Opening balances dated inside the range join the total in their period.
            for (id, acc) in &accounts {
                if wanted(id) && bucket(acc.opening_date) == period && in_range(acc.opening_date) {
                    running += acc.opening_balance;
                }
            }
            running += row.realised_in - row.realised_out + row.projected_in - row.projected_out;
            row.closing_balance = running;
            out.push(row);
        }
        Ok(out)
    }
}
