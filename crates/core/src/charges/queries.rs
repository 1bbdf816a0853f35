//! What the Cobranças screens show, each one query: the list by status with counts and
//! totals ([`Business::charge_board`], or read a window at a time: [`Business::charge_index`]
//! and [`Business::charge_rows`]) and one charge with everything its page needs
//! ([`Business::charge_detail`]): the open amount, the Pix code or why there is none, the
//! accounts to pay into, and the reminder message sent to the customer.

use super::{view_of, ChargeMethod, ChargeStatus, ChargeView, PayInto, Reminder};
use crate::business::{Business, Id};
use crate::error::{CoreError, CoreResult};
use crate::ledger::AccountKind;
use crate::money;
use crate::text;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

impl ChargeView {
    /// Whole days past the due date on `today`; 0 when not yet due.
    pub fn days_overdue(&self, today: NaiveDate) -> i64 {
        (today - self.charge.due_date).num_days().max(0)
    }

    /// Whether the charge can still be paid, cancelled or reminded.
    pub fn is_open(&self) -> bool {
        matches!(self.status, ChargeStatus::Pending | ChargeStatus::Overdue)
    }
}

/// One row of the charge list: the charge and its customer's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChargeRow {
    /// The charge with its status.
    pub view: ChargeView,
    /// The customer's name ("" when the customer record is gone).
    pub party_name: String,
}

/// How many charges one status holds and their sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusTotal {
    /// How many charges.
    pub count: usize,
    /// Their amounts added up.
    pub total: Decimal,
}

/// The charges whose customer matches a search, as the list shows them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChargeBoard {
    rows: Vec<ChargeRow>,
}

impl ChargeBoard {
    /// Count and total of the charges in `status`.
    pub fn total(&self, status: ChargeStatus) -> StatusTotal {
        self.rows.iter().filter(|r| r.view.status == status).fold(
            StatusTotal {
                count: 0,
                total: Decimal::ZERO,
            },
            |t, r| StatusTotal {
                count: t.count + 1,
                total: t.total + r.view.charge.amount,
            },
        )
    }

    /// The charges in `status`: open ones by due date (the next first), paid and cancelled
    /// ones newest due date first.
    pub fn rows(&self, status: ChargeStatus) -> Vec<ChargeRow> {
        let mut list: Vec<ChargeRow> = self
            .rows
            .iter()
            .filter(|r| r.view.status == status)
            .cloned()
            .collect();
        if matches!(status, ChargeStatus::Paid | ChargeStatus::Cancelled) {
            list.reverse();
        }
        list
    }
}

/// Cobranças' board without its rows: per status, the ids of the charges a search keeps in
/// the list's order, with each status's count and total. A screen that shows a window of a
/// long list reads this once per change and [`Business::charge_rows`] for the rows on
/// screen only (a shop has 30,000 charges).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChargeIndex {
    /// Per status, in [`slot`]'s order: the ids in the list's order and their amounts' sum.
    lists: [(Vec<Id>, Decimal); 5],
}

/// Where a status's list is in [`ChargeIndex`].
fn slot(status: ChargeStatus) -> usize {
    match status {
        ChargeStatus::Pending => 0,
        ChargeStatus::Overdue => 1,
        ChargeStatus::Paid => 2,
        ChargeStatus::Cancelled => 3,
        ChargeStatus::Conflict => 4,
    }
}

impl ChargeIndex {
    /// Count and total of the charges in `status`.
    pub fn total(&self, status: ChargeStatus) -> StatusTotal {
        let (ids, total) = &self.lists[slot(status)];
        StatusTotal {
            count: ids.len(),
            total: *total,
        }
    }

    /// The ids in `status`, in the order [`ChargeBoard::rows`] gives them.
    pub fn ids(&self, status: ChargeStatus) -> &[Id] {
        &self.lists[slot(status)].0
    }
}

/// Where `id` is in a kept list (sorted by id, so a binary search; a linear one should the
/// order ever differ, as a row must not go missing).
fn find<T>(list: &[(Id, T)], id: &str) -> Option<usize> {
    list.binary_search_by(|(other, _)| other.as_str().cmp(id))
        .ok()
        .or_else(|| list.iter().position(|(other, _)| other == id))
}

/// The customer's name of a charge ("" when the customer record is gone).
fn party_name(parties: &[(Id, crate::parties::Party)], id: &str) -> String {
    find(parties, id)
        .map(|at| parties[at].1.name.clone())
        .unwrap_or_default()
}

/// The Pix code of a charge's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PixCode {
    /// The copia e cola payload, ready for the QR code.
    Ready(String),
    /// The business has no Pix key or city yet: ask for them.
    MissingKey,
    /// The code cannot be made, with the reason in pt-BR.
    Unavailable(String),
}

/// An account a charge can be paid into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayAccount {
    /// Account id.
    pub id: Id,
    /// Its name.
    pub name: String,
    /// Cash, bank or other.
    pub kind: AccountKind,
}

/// Everything the page of one charge shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChargeDetail {
    /// The charge with its status and next reminder.
    pub view: ChargeView,
    /// The customer's name.
    pub party_name: String,
    /// The customer's phone, for WhatsApp.
    pub phone: Option<String>,
    /// The customer's e-mail.
    pub email: Option<String>,
    /// The business's name, which signs the reminder.
    pub business: String,
    /// The business's city, as saved (for the Pix key form).
    pub business_city: Option<String>,
    /// What is still to receive on the charge's receivable.
    pub open_amount: Decimal,
    /// The Pix code of an open Pix charge; `None` for boletos and closed charges.
    pub pix: Option<PixCode>,
    /// Active accounts the money may arrive in.
    pub accounts: Vec<PayAccount>,
    /// The name of the account a paid charge's money arrived in.
    pub paid_account: Option<String>,
    /// Reminders sent, newest first.
    pub reminders: Vec<Reminder>,
}

impl ChargeDetail {
    /// Where the payment form starts: the first bank account (Pix and boleto money lands in
    /// the bank), else the first account, else a new cash account.
    pub fn default_pay_into(&self) -> PayInto {
        self.accounts
            .iter()
            .find(|a| a.kind == AccountKind::Bank)
            .or_else(|| self.accounts.first())
            .map_or(PayInto::NewCash, |a| PayInto::Account(a.id.clone()))
    }

    /// The subject of the reminder e-mail.
    pub fn reminder_subject(&self) -> String {
        format!(
            "Cobrança {} - vencimento {}",
            money::brl(self.view.charge.amount),
            money::date_br(self.view.charge.due_date)
        )
    }

    /// The reminder sent to the customer, with the Pix copia e cola when there is one.
    pub fn reminder_message(&self) -> String {
        let c = &self.view.charge;
        let mut text = format!(
            "Olá, {}! Aqui é da {}. Lembrete da cobrança \"{}\" no valor de {}, com vencimento em {}.",
            self.party_name,
            self.business,
            c.description,
            money::brl(c.amount),
            money::date_br(c.due_date)
        );
        if let Some(PixCode::Ready(code)) = &self.pix {
            text.push_str("\n\nPague com Pix copia e cola:\n");
            text.push_str(code);
        }
        text.push_str("\n\nObrigado!");
        text
    }

    /// The customer's phone as wa.me wants it: digits, with Brazil's country code when it
    /// was typed without one.
    pub fn whatsapp_number(&self) -> Option<String> {
        let digits = text::digits(self.phone.as_deref()?);
        if digits.is_empty() {
            return None;
        }
        Some(if digits.len() <= 11 {
            format!("55{digits}")
        } else {
            digits
        })
    }
}

impl Business {
    /// The charges whose customer's name contains `search` (accents and case ignored), with
    /// each customer's name.
    pub fn charge_board(&self, today: NaiveDate, search: &str) -> CoreResult<ChargeBoard> {
        let names: HashMap<Id, String> = self
            .parties()?
            .into_iter()
            .map(|(id, p)| (id, p.name))
            .collect();
        let query = text::fold(search.trim());
        let rows = self
            .charges(today)?
            .into_iter()
            .map(|view| {
                let party_name = names.get(&view.charge.party).cloned().unwrap_or_default();
                ChargeRow { view, party_name }
            })
            .filter(|r| query.is_empty() || text::fold(&r.party_name).contains(&query))
            .collect();
        Ok(ChargeBoard { rows })
    }

    /// The ids per status of the charges whose customer's name contains `search` (accents
    /// and case ignored), in the list's order, with each status's count and total:
    /// [`Business::charge_board`] without building a row per charge.
    pub fn charge_index(&self, today: NaiveDate, search: &str) -> CoreResult<ChargeIndex> {
        let listed = self.charges_listed()?;
        let query = text::fold(search.trim());
        // Only a search needs the names: each customer's folded once, not once per charge.
        let names: Option<HashMap<Id, String>> = if query.is_empty() {
            None
        } else {
            let parties = self.list_shared::<crate::parties::Party>(crate::parties::PARTIES)?;
            Some(
                parties
                    .iter()
                    .map(|(id, p)| (id.clone(), text::fold(&p.name)))
                    .collect(),
            )
        };
        // The sort key and the charge's place, so that only the kept ids are copied.
        let mut kept: Vec<(NaiveDate, usize, ChargeStatus)> = Vec::new();
        for (at, (_, l)) in listed.iter().enumerate() {
            if let Some(names) = &names {
                let matches = names
                    .get(l.charge.party.as_str())
                    .is_some_and(|name| name.contains(&query));
                if !matches {
                    continue;
                }
            }
            let mut status = l.charge.status(today);
            if status != ChargeStatus::Conflict && l.paid_conflict {
                status = ChargeStatus::Conflict;
            }
            kept.push((l.charge.due_date, at, status));
        }
        // By due date, then id, as `charges` sorts them: the kept list is sorted by id, so
        // a charge's place orders the ids without reading them (comparing the ids
        // themselves reached into 30,000 records at random, most of this read's time).
        kept.sort_unstable_by_key(|&(due, at, _)| (due, at));
        let mut index = ChargeIndex::default();
        for (_, at, status) in kept {
            let (id, l) = &listed[at];
            let (ids, total) = &mut index.lists[slot(status)];
            ids.push(id.clone());
            *total += l.charge.amount;
        }
        for status in [ChargeStatus::Paid, ChargeStatus::Cancelled] {
            index.lists[slot(status)].0.reverse();
        }
        Ok(index)
    }

    /// The rows of `ids` (from [`Business::charge_index`]) as the list shows them on
    /// `today`, in that order; an id no longer in the document is left out.
    pub fn charge_rows(&self, ids: &[Id], today: NaiveDate) -> CoreResult<Vec<ChargeRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let plan = self.settings()?.reminder_plan;
        let listed = self.charges_listed()?;
        let parties: Arc<Vec<(Id, crate::parties::Party)>> =
            self.list_shared(crate::parties::PARTIES)?;
        Ok(ids
            .iter()
            .filter_map(|id| {
                let (id, l) = &listed[find(&listed, id)?];
                let view = view_of(id.clone(), l.charge.clone(), l.paid_conflict, &plan, today);
                let party_name = party_name(&parties, &view.charge.party);
                Some(ChargeRow { view, party_name })
            })
            .collect())
    }

    /// One charge's page, or `None` when no charge has this id.
    pub fn charge_detail(&self, id: &str, today: NaiveDate) -> CoreResult<Option<ChargeDetail>> {
        let view = match self.charge_view(id, today) {
            Ok(view) => view,
            Err(CoreError::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        let party = self.party(&view.charge.party)?;
        let profile = self.profile()?;
        let open_amount = self
            .entry(&view.charge.entry)?
            .map_or(view.charge.amount, |e| e.open_amount());
        let pix = (view.is_open() && view.charge.method == ChargeMethod::Pix).then(|| {
            if profile.pix_key.is_none() || profile.city.is_none() {
                return PixCode::MissingKey;
            }
            match self.charge_pix_payload(id) {
                Ok(code) => PixCode::Ready(code),
                Err(e) => PixCode::Unavailable(e.to_string()),
            }
        });
        let all_accounts = self.accounts()?;
        let paid_account = view.charge.paid.as_ref().and_then(|p| {
            all_accounts
                .iter()
                .find(|(aid, _)| *aid == p.account)
                .map(|(_, a)| a.name.clone())
        });
        let accounts = all_accounts
            .into_iter()
            .filter(|(_, a)| !a.archived)
            .map(|(id, a)| PayAccount {
                id,
                name: a.name,
                kind: a.kind,
            })
            .collect();
        let mut reminders: Vec<Reminder> = view.charge.reminders.values().cloned().collect();
        reminders.sort_by_key(|r| std::cmp::Reverse(r.date));
        Ok(Some(ChargeDetail {
            party_name: party.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
            phone: party.as_ref().and_then(|p| p.phone.clone()),
            email: party.as_ref().and_then(|p| p.email.clone()),
            business: profile.name,
            business_city: profile.city,
            open_amount,
            pix,
            accounts,
            paid_account,
            reminders,
            view,
        }))
    }
}
