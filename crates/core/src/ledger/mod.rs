//! Caixa: accounts, categories, payable and receivable entries with their payments,
//! transfers between accounts, recurring entries, balances and cash flow.
//!
//! Collections: `accounts`, `categories`, `entries` (each entry holds its payments in a
//! `payments` map keyed by payment id, so a payment can never exist without its entry and
//! paying touches one record), `transfers`, `recurrences`.
//!
//! The `tx_*` functions work inside a [`Tx`] so that other modules (charges, sales,
//! purchases, payroll) can write entries and payments in the same change as their own
//! records; the methods on [`Business`] wrap them in one operation each. They are private
//! to core: the app, the CLI and the bench call the named operations only.

pub mod categories;
pub mod listing;
pub mod recurring;
pub mod reports;
pub mod results;

use crate::business::{new_id, Business, Id, OpCtx, Tx};
use crate::error::{CoreError, CoreResult};
use crate::money;
use autosurgeon::{Hydrate, Reconcile};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

pub use categories::{CategoryGroup, NewCategory};

/// Collection of accounts.
pub const ACCOUNTS: &str = "accounts";
/// Collection of categories.
pub const CATEGORIES: &str = "categories";
/// Collection of payable and receivable entries (with their payments inside).
pub const ENTRIES: &str = "entries";
/// Collection of transfers between accounts.
pub const TRANSFERS: &str = "transfers";
/// Collection of recurring entry templates.
pub const RECURRENCES: &str = "recurrences";

/// What kind of place money is kept in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Reconcile, Hydrate, Serialize, Deserialize)]
pub enum AccountKind {
    /// Cash drawer (caixa).
    Cash,
    /// Bank or payment account.
    Bank,
    /// Anything else (e.g. a card acquirer balance).
    Other,
}

/// Income or expense.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Reconcile, Hydrate, Serialize, Deserialize)]
pub enum CategoryKind {
    /// Receita.
    Income,
    /// Despesa.
    Expense,
}

/// Receivable (a conta a receber) or payable (a conta a pagar).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Reconcile, Hydrate, Serialize, Deserialize)]
pub enum EntryKind {
    /// Conta a receber: money coming in.
    Receivable,
    /// Conta a pagar: money going out.
    Payable,
}

impl EntryKind {
    /// The category kind entries of this kind use.
    pub fn category_kind(self) -> CategoryKind {
        match self {
            EntryKind::Receivable => CategoryKind::Income,
            EntryKind::Payable => CategoryKind::Expense,
        }
    }

    /// +1 for money in, -1 for money out.
    pub fn sign(self) -> Decimal {
        match self {
            EntryKind::Receivable => Decimal::ONE,
            EntryKind::Payable => Decimal::NEGATIVE_ONE,
        }
    }
}

/// A place money is kept in.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Account {
    /// Name, e.g. "Caixa da loja", "Banco do Brasil".
    pub name: String,
    /// Kind.
    pub kind: AccountKind,
    /// Balance on `opening_date`, before any movement recorded here.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub opening_balance: Decimal,
    /// The date the opening balance refers to; balances before it are zero.
    #[autosurgeon(with = "crate::codec::date")]
    pub opening_date: NaiveDate,
    /// Archived accounts keep their history but take no new movements.
    pub archived: bool,
}

/// A category of income or expense (two levels: a group and its subcategories).
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Category {
    /// Name.
    pub name: String,
    /// Income or expense.
    pub kind: CategoryKind,
    /// The group it belongs to; `None` for a group.
    pub parent: Option<Id>,
    /// Archived categories are no longer offered.
    pub archived: bool,
}

/// When and why something was cancelled or voided.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Cancellation {
    /// The date it was cancelled.
    #[autosurgeon(with = "crate::codec::date")]
    pub date: NaiveDate,
    /// Why, if given.
    pub reason: Option<String>,
}

/// One payment or receipt of an entry.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Payment {
    /// The date the money moved.
    #[autosurgeon(with = "crate::codec::date")]
    pub date: NaiveDate,
    /// The amount, positive.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub amount: Decimal,
    /// The account the money moved through.
    pub account: Id,
    /// A note, e.g. "Pix".
    pub note: Option<String>,
    /// Set when the payment was reversed (estornado); a voided payment counts for nothing.
    pub voided: Option<Cancellation>,
    /// The bank line (`<account>:<FITID>`) this payment was reconciled with, if any (see
    /// [`crate::reconcile`]); absent in documents written before reconciliation existed.
    #[autosurgeon(missing = "Default::default")]
    #[serde(default)]
    pub bank_ref: Option<String>,
}

/// A payable or receivable.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Entry {
    /// Receivable or payable.
    pub kind: EntryKind,
    /// What it is, e.g. "Aluguel de março".
    pub description: String,
    /// The full amount, positive.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub amount: Decimal,
    /// Due date (vencimento).
    #[autosurgeon(with = "crate::codec::date")]
    pub due_date: NaiveDate,
    /// Competence date (competência), for the accrual view.
    #[autosurgeon(with = "crate::codec::date")]
    pub competence_date: NaiveDate,
    /// Customer or supplier.
    pub party: Option<Id>,
    /// Category.
    pub category: Option<Id>,
    /// The account it is expected to be paid through.
    pub account: Option<Id>,
    /// Invoice or document number.
    pub document_ref: Option<String>,
    /// What created it: `charge:<id>`, `recurrence:<id>`, `sale:<id>`, `purchase:<id>`,
    /// `payroll:<id>`; `None` when typed by a person.
    pub source: Option<String>,
    /// The date the entry was recorded (device date).
    #[autosurgeon(with = "crate::codec::date")]
    pub created_on: NaiveDate,
    /// Set when cancelled; payments made before stay.
    pub cancelled: Option<Cancellation>,
    /// Payments, keyed by payment id.
    pub payments: BTreeMap<Id, Payment>,
}

/// The settlement state of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntryStatus {
    /// Nothing paid yet.
    Open,
    /// Partly paid.
    Partial,
    /// Fully paid (or overpaid after a merge).
    Paid,
    /// Cancelled.
    Cancelled,
}

impl Entry {
    /// The sum of the payments that were not voided.
    pub fn paid_amount(&self) -> Decimal {
        self.payments
            .values()
            .filter(|p| p.voided.is_none())
            .map(|p| p.amount)
            .sum()
    }

    /// What is still expected: zero when cancelled or paid.
    pub fn open_amount(&self) -> Decimal {
        if self.cancelled.is_some() {
            return Decimal::ZERO;
        }
        (self.amount - self.paid_amount()).max(Decimal::ZERO)
    }

    /// Settlement state.
    pub fn status(&self) -> EntryStatus {
        let paid = self.paid_amount();
        if paid >= self.amount {
            EntryStatus::Paid
        } else if self.cancelled.is_some() {
            EntryStatus::Cancelled
        } else if paid > Decimal::ZERO {
            EntryStatus::Partial
        } else {
            EntryStatus::Open
        }
    }

    /// Whether something is still expected after the due date. Derived, never stored.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.open_amount() > Decimal::ZERO && self.due_date < today
    }

    /// Merges the versions two devices created under one deterministic id (recurring
    /// entries): the first version's fields, every payment of every version, a cancellation
    /// or a voiding if any version has it.
    pub fn merge_versions(versions: Vec<Entry>) -> Option<Entry> {
        let mut iter = versions.into_iter();
        let mut base = iter.next()?;
        for other in iter {
            if base.cancelled.is_none() {
                base.cancelled = other.cancelled;
            }
            for (pid, p) in other.payments {
                match base.payments.get_mut(&pid) {
                    Some(existing) => {
                        if existing.voided.is_none() {
                            existing.voided = p.voided;
                        }
                    }
                    None => {
                        base.payments.insert(pid, p);
                    }
                }
            }
        }
        Some(base)
    }
}

/// A movement of money between two accounts of the business.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Transfer {
    /// The date.
    #[autosurgeon(with = "crate::codec::date")]
    pub date: NaiveDate,
    /// From this account.
    pub from: Id,
    /// To this account.
    pub to: Id,
    /// Amount, positive.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub amount: Decimal,
    /// E.g. "Depósito do caixa".
    pub description: Option<String>,
}

// ---------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------

/// What a person types to open an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: AccountKind,
    /// Opening balance (may be negative, e.g. an overdrawn bank account).
    pub opening_balance: Decimal,
    /// Date of the opening balance.
    pub opening_date: NaiveDate,
}

/// What a person (or another module) gives to record a payable or receivable. Serde, so
/// the app can keep one asked for before the document is loaded (its `pending` records).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEntry {
    /// Receivable or payable.
    pub kind: EntryKind,
    /// Description.
    pub description: String,
    /// Amount, positive, centavos at most.
    pub amount: Decimal,
    /// Due date.
    pub due_date: NaiveDate,
    /// Competence date; the due date when `None`.
    pub competence_date: Option<NaiveDate>,
    /// Customer or supplier.
    pub party: Option<Id>,
    /// Category (income for receivables, expense for payables).
    pub category: Option<Id>,
    /// Expected account.
    pub account: Option<Id>,
    /// Document number.
    pub document_ref: Option<String>,
    /// The module record that created it (see [`Entry::source`]).
    pub source: Option<String>,
}

impl NewEntry {
    /// A minimal entry; the other fields can be set on the returned value.
    pub fn new(
        kind: EntryKind,
        description: impl Into<String>,
        amount: Decimal,
        due_date: NaiveDate,
    ) -> NewEntry {
        NewEntry {
            kind,
            description: description.into(),
            amount,
            due_date,
            competence_date: None,
            party: None,
            category: None,
            account: None,
            document_ref: None,
            source: None,
        }
    }
}

/// A payment or receipt of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPayment {
    /// The date the money moved.
    pub date: NaiveDate,
    /// Amount; at most what is still open.
    pub amount: Decimal,
    /// Account.
    pub account: Id,
    /// Note.
    pub note: Option<String>,
}

/// A transfer between accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTransfer {
    /// Date.
    pub date: NaiveDate,
    /// From.
    pub from: Id,
    /// To.
    pub to: Id,
    /// Amount, positive.
    pub amount: Decimal,
    /// Description.
    pub description: Option<String>,
}

// ---------------------------------------------------------------------------------------
// Operations inside a transaction
// ---------------------------------------------------------------------------------------

/// Checks that `id` is an account that can take new movements.
pub fn check_account(tx: &Tx<'_>, id: &str) -> CoreResult<Account> {
    let acc: Account = tx.require(ACCOUNTS, id, "Conta")?;
    if acc.archived {
        return Err(CoreError::invalid(
            "Conta",
            format!("a conta \"{}\" está arquivada.", acc.name),
        ));
    }
    Ok(acc)
}

/// Opens an account.
pub(crate) fn tx_create_account(tx: &mut Tx<'_>, input: NewAccount) -> CoreResult<Id> {
    let name = money::required_text("Nome da conta", &input.name)?;
    let opening_balance = money::any("Saldo inicial", input.opening_balance)?;
    let clash = tx
        .list::<Account>(ACCOUNTS)?
        .into_iter()
        .any(|(_, a)| !a.archived && a.name.to_lowercase() == name.to_lowercase());
    if clash {
        return Err(CoreError::Duplicate(format!(
            "Já existe uma conta chamada \"{name}\"."
        )));
    }
    let id = new_id();
    tx.put(
        ACCOUNTS,
        &id,
        &Account {
            name,
            kind: input.kind,
            opening_balance,
            opening_date: input.opening_date,
            archived: false,
        },
    )?;
    Ok(id)
}

/// Validates a new entry and builds the record.
fn build_entry(tx: &Tx<'_>, input: NewEntry) -> CoreResult<Entry> {
    let description = money::required_text("Descrição", &input.description)?;
    let amount = money::positive("Valor", input.amount)?;
    if let Some(cat) = &input.category {
        categories::check_category(tx, cat, input.kind.category_kind())?;
    }
    if let Some(acc) = &input.account {
        check_account(tx, acc)?;
    }
    if let Some(party) = &input.party {
        crate::parties::check_party(tx, party)?;
    }
    Ok(Entry {
        kind: input.kind,
        description,
        amount,
        due_date: input.due_date,
        competence_date: input.competence_date.unwrap_or(input.due_date),
        party: input.party,
        category: input.category,
        account: input.account,
        document_ref: money::optional_text(input.document_ref.as_deref()),
        source: input.source,
        created_on: tx.today(),
        cancelled: None,
        payments: BTreeMap::new(),
    })
}

/// Records a payable or receivable under a new random id.
pub(crate) fn tx_create_entry(tx: &mut Tx<'_>, input: NewEntry) -> CoreResult<Id> {
    let id = new_id();
    tx_create_entry_with_id(tx, &id, input)?;
    Ok(id)
}

/// Records a payable or receivable under a given id (deterministic ids of recurring
/// entries). Fails if the id is taken.
pub(crate) fn tx_create_entry_with_id(
    tx: &mut Tx<'_>,
    id: &str,
    input: NewEntry,
) -> CoreResult<()> {
    let entry = build_entry(tx, input)?;
    if tx.exists(ENTRIES, id)? {
        return Err(CoreError::Duplicate(format!(
            "Já existe um lançamento com o código {id}."
        )));
    }
    tx.put(ENTRIES, id, &entry)
}

/// Reads an entry, merging concurrent versions of a deterministic id.
pub(crate) fn tx_entry(tx: &Tx<'_>, id: &str) -> CoreResult<Entry> {
    Entry::merge_versions(tx.versions(ENTRIES, id)?)
        .ok_or_else(|| CoreError::not_found("Lançamento", id))
}

/// Edits the fields a person can change on an entry. Only changed fields are written, so a
/// concurrent edit of another field on another device survives the merge.
pub(crate) fn tx_update_entry(tx: &mut Tx<'_>, id: &str, input: NewEntry) -> CoreResult<()> {
    let current = tx_entry(tx, id)?;
    if current.cancelled.is_some() {
        return Err(CoreError::not_allowed(
            "Este lançamento foi cancelado e não pode ser alterado.",
        ));
    }
    if current
        .source
        .as_deref()
        .is_some_and(|s| s.starts_with("charge:"))
    {
        return Err(CoreError::not_allowed(
            "Este lançamento pertence a uma cobrança; altere a cobrança.",
        ));
    }
    if input.kind != current.kind {
        return Err(CoreError::invalid(
            "Tipo",
            "não é possível trocar uma conta a pagar por uma a receber; cancele e lance de novo.",
        ));
    }
    let mut updated = build_entry(tx, input)?;
    let paid = current.paid_amount();
    if updated.amount < paid {
        return Err(CoreError::invalid(
            "Valor",
            format!(
                "o valor não pode ser menor que o já pago ({}).",
                money::brl(paid)
            ),
        ));
    }
    updated.source = current.source;
    updated.created_on = current.created_on;
    updated.cancelled = None;
    updated.payments = current.payments;
    tx.put(ENTRIES, id, &updated)
}

/// Entries of charges are paid and cancelled through the charge, so both stay in step.
fn reject_charge_entry(tx: &Tx<'_>, entry_id: &str, message: &str) -> CoreResult<()> {
    let entry = tx_entry(tx, entry_id)?;
    if entry
        .source
        .as_deref()
        .is_some_and(|s| s.starts_with("charge:"))
    {
        return Err(CoreError::not_allowed(message));
    }
    Ok(())
}

/// Records a payment of an entry; returns the payment id.
pub(crate) fn tx_pay(tx: &mut Tx<'_>, entry_id: &str, input: NewPayment) -> CoreResult<Id> {
    let mut entry = tx_entry(tx, entry_id)?;
    if entry.cancelled.is_some() {
        return Err(CoreError::not_allowed(
            "Este lançamento foi cancelado e não pode receber pagamentos.",
        ));
    }
    let amount = money::positive("Valor pago", input.amount)?;
    let open = entry.open_amount();
    if open <= Decimal::ZERO {
        return Err(CoreError::not_allowed("Este lançamento já está quitado."));
    }
    if amount > open {
        return Err(CoreError::invalid(
            "Valor pago",
            format!(
                "o valor ({}) é maior que o saldo em aberto ({}).",
                money::brl(amount),
                money::brl(open)
            ),
        ));
    }
    check_account(tx, &input.account)?;
    let pid = new_id();
    entry.payments.insert(
        pid.clone(),
        Payment {
            date: input.date,
            amount,
            account: input.account,
            note: money::optional_text(input.note.as_deref()),
            voided: None,
            bank_ref: None,
        },
    );
    tx.put(ENTRIES, entry_id, &entry)?;
    Ok(pid)
}

/// Cancels what is still open of an entry.
pub(crate) fn tx_cancel_entry(
    tx: &mut Tx<'_>,
    entry_id: &str,
    reason: Option<&str>,
) -> CoreResult<()> {
    let mut entry = tx_entry(tx, entry_id)?;
    if entry.cancelled.is_some() {
        return Err(CoreError::not_allowed("Este lançamento já está cancelado."));
    }
    if entry.status() == EntryStatus::Paid {
        return Err(CoreError::not_allowed(
            "Este lançamento já está quitado; estorne o pagamento antes de cancelar.",
        ));
    }
    entry.cancelled = Some(Cancellation {
        date: tx.today(),
        reason: money::optional_text(reason),
    });
    tx.put(ENTRIES, entry_id, &entry)
}

/// Reverses (estorna) one payment of an entry.
pub(crate) fn tx_void_payment(
    tx: &mut Tx<'_>,
    entry_id: &str,
    payment_id: &str,
    reason: Option<&str>,
) -> CoreResult<()> {
    let mut entry = tx_entry(tx, entry_id)?;
    let today = tx.today();
    let payment = entry
        .payments
        .get_mut(payment_id)
        .ok_or_else(|| CoreError::not_found("Pagamento", payment_id))?;
    if payment.voided.is_some() {
        return Err(CoreError::not_allowed("Este pagamento já foi estornado."));
    }
    payment.voided = Some(Cancellation {
        date: today,
        reason: money::optional_text(reason),
    });
    tx.put(ENTRIES, entry_id, &entry)
}

/// Records a transfer between two accounts.
pub(crate) fn tx_create_transfer(tx: &mut Tx<'_>, input: NewTransfer) -> CoreResult<Id> {
    let amount = money::positive("Valor", input.amount)?;
    if input.from == input.to {
        return Err(CoreError::invalid(
            "Conta de destino",
            "escolha uma conta diferente da de origem.",
        ));
    }
    check_account(tx, &input.from)?;
    check_account(tx, &input.to)?;
    let id = new_id();
    tx.put(
        TRANSFERS,
        &id,
        &Transfer {
            date: input.date,
            from: input.from,
            to: input.to,
            amount,
            description: money::optional_text(input.description.as_deref()),
        },
    )?;
    Ok(id)
}

// ---------------------------------------------------------------------------------------
// Business API
// ---------------------------------------------------------------------------------------

impl Business {
    /// Opens an account.
    pub fn create_account(&mut self, ctx: &OpCtx, input: NewAccount) -> CoreResult<Id> {
        self.apply(ctx, "ledger.account.create", |tx| {
            tx_create_account(tx, input)
        })
    }

    /// Renames an account.
    pub fn rename_account(&mut self, ctx: &OpCtx, id: &str, name: &str) -> CoreResult<()> {
        let name = money::required_text("Nome da conta", name)?;
        self.apply(ctx, "ledger.account.rename", |tx| {
            let mut acc: Account = tx.require(ACCOUNTS, id, "Conta")?;
            let clash = tx.list::<Account>(ACCOUNTS)?.into_iter().any(|(other, a)| {
                other != id && !a.archived && a.name.to_lowercase() == name.to_lowercase()
            });
            if clash {
                return Err(CoreError::Duplicate(format!(
                    "Já existe uma conta chamada \"{name}\"."
                )));
            }
            acc.name = name;
            tx.put(ACCOUNTS, id, &acc)
        })
    }

    /// Archives an account: its history stays, it takes no new movements.
    pub fn archive_account(&mut self, ctx: &OpCtx, id: &str) -> CoreResult<()> {
        self.apply(ctx, "ledger.account.archive", |tx| {
            let mut acc: Account = tx.require(ACCOUNTS, id, "Conta")?;
            if acc.archived {
                return Err(CoreError::not_allowed("Esta conta já está arquivada."));
            }
            acc.archived = true;
            tx.put(ACCOUNTS, id, &acc)
        })
    }

    /// Corrects an account's opening balance and its date (a typo when it was opened);
    /// every balance from that date follows. Archived accounts keep their history as it is.
    pub fn correct_opening_balance(
        &mut self,
        ctx: &OpCtx,
        id: &str,
        amount: Decimal,
        date: NaiveDate,
    ) -> CoreResult<()> {
        self.apply(ctx, "ledger.account.opening", |tx| {
            let mut account = check_account(tx, id)?;
            account.opening_balance = money::any("Saldo inicial", amount)?;
            account.opening_date = date;
            tx.put(ACCOUNTS, id, &account)
        })
    }

    /// Every account, sorted by id.
    pub fn accounts(&self) -> CoreResult<Vec<(Id, Account)>> {
        self.list(ACCOUNTS)
    }

    /// One account.
    pub fn account(&self, id: &str) -> CoreResult<Option<Account>> {
        self.get(ACCOUNTS, id)
    }

    /// Records a payable or receivable.
    pub fn create_entry(&mut self, ctx: &OpCtx, input: NewEntry) -> CoreResult<Id> {
        self.apply(ctx, "ledger.entry.create", |tx| tx_create_entry(tx, input))
    }

    /// Edits an entry (description, amount, dates, party, category, account, document).
    pub fn update_entry(&mut self, ctx: &OpCtx, id: &str, input: NewEntry) -> CoreResult<()> {
        self.apply(ctx, "ledger.entry.update", |tx| {
            tx.set_record(id);
            tx_update_entry(tx, id, input)
        })
    }

    /// One entry (concurrent versions of a recurring entry merged).
    pub fn entry(&self, id: &str) -> CoreResult<Option<Entry>> {
        Ok(Entry::merge_versions(self.versions(ENTRIES, id)?))
    }

    /// Every entry, sorted by id.
    pub fn entries(&self) -> CoreResult<Vec<(Id, Entry)>> {
        Ok(Arc::unwrap_or_clone(self.entries_shared()?))
    }

    /// Every entry, sorted by id, without copying the list core keeps between reads.
    pub fn entries_shared(&self) -> CoreResult<Arc<Vec<(Id, Entry)>>> {
        self.list_merged(ENTRIES, Entry::merge_versions)
    }

    /// Pays (payables) or receives (receivables) an entry in full or in part.
    pub fn pay_entry(&mut self, ctx: &OpCtx, entry_id: &str, input: NewPayment) -> CoreResult<Id> {
        self.apply(ctx, "ledger.entry.pay", |tx| {
            tx.set_record(entry_id);
            reject_charge_entry(
                tx,
                entry_id,
                "Receba esta conta pela cobrança, em Cobranças.",
            )?;
            tx_pay(tx, entry_id, input)
        })
    }

    /// Cancels an entry (what was already paid stays).
    pub fn cancel_entry(
        &mut self,
        ctx: &OpCtx,
        entry_id: &str,
        reason: Option<&str>,
    ) -> CoreResult<()> {
        self.apply(ctx, "ledger.entry.cancel", |tx| {
            reject_charge_entry(
                tx,
                entry_id,
                "Cancele esta conta pela cobrança, em Cobranças.",
            )?;
            tx_cancel_entry(tx, entry_id, reason)
        })
    }

    /// Reverses one payment.
    pub fn void_payment(
        &mut self,
        ctx: &OpCtx,
        entry_id: &str,
        payment_id: &str,
        reason: Option<&str>,
    ) -> CoreResult<()> {
        self.apply(ctx, "ledger.payment.void", |tx| {
            tx_void_payment(tx, entry_id, payment_id, reason)
        })
    }

    /// Moves money between two accounts.
    pub fn create_transfer(&mut self, ctx: &OpCtx, input: NewTransfer) -> CoreResult<Id> {
        self.apply(ctx, "ledger.transfer.create", |tx| {
            tx_create_transfer(tx, input)
        })
    }

    /// Every transfer, sorted by id.
    pub fn transfers(&self) -> CoreResult<Vec<(Id, Transfer)>> {
        self.list(TRANSFERS)
    }
}
