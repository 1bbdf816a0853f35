//! Conciliação bancária: importing a parsed OFX statement into an account, matching each
//! bank line to what the books expect, and settling or creating entries from the lines.
//!
//! Collections:
//! - `bank_lines/<account id>:<FITID>`: every imported bank line ([`BankLine`]). The key is
//!   deterministic, so re-importing a file, importing an overlapping period, or two devices
//!   importing the same file offline all end with one record per bank transaction.
//! - `bank_balances/<account id>`: the statement balance (`LEDGERBAL`) of the most recent
//!   import ([`StatementBalance`]), shown against the book balance.
//!
//! Matching a line (see [`Business::bank_proposals`]): credits look for open receivables
//! and pending charges, debits for open payables, with the same open amount and a due date
//! within [`DEFAULT_WINDOW_DAYS`] of the bank date; payments already recorded by hand with
//! the same amount and a date in the window (and not yet reconciled) are candidates too, so
//! a line never pays twice. Ties are broken by the similarity of the bank text with the
//! entry's description and counterpart (normalised token overlap). A line with no candidate
//! is new, with a category suggested from how this business categorised similar bank text
//! before (see [`Business::bank_proposals`]), named as people see it.
//!
//! A credit-card statement is not imported into a bank or cash account: the two are told
//! apart by the statement itself (`CCSTMTRS` against `STMTRS`).
//!
//! Operations (all through [`Business::apply`], so they sync and show in the audit log):
//! `bank.import`, `bank.confirm`, `bank.create_entry`, `bank.ignore`.

use std::collections::{BTreeMap, BTreeSet};

use autosurgeon::{Hydrate, Reconcile};
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::business::{Business, Id, OpCtx, Tx};
use crate::charges::{self, Charge, PayCharge, CHARGES};
use crate::error::{CoreError, CoreResult};
use crate::formats::ofx::{Statement, StatementKind};
use crate::ledger::{
    self, AccountKind, Category, Entry, EntryKind, NewEntry, NewPayment, ACCOUNTS, CATEGORIES,
    ENTRIES,
};
use crate::money;
use crate::parties::Party;

/// Collection of imported bank lines, keyed `<account id>:<FITID>`.
pub const BANK_LINES: &str = "bank_lines";
/// Collection of the last statement balance per account, keyed by account id.
pub const BANK_BALANCES: &str = "bank_balances";
/// How many days a bank date may differ from a due or payment date and still match.
pub const DEFAULT_WINDOW_DAYS: u64 = 3;
/// How alike (shared words over all words of both texts, 0 to 100) a bank text must be to a
/// past one for its category to be suggested. Below this a single shared word, such as a
/// first name, would decide the category.
pub const SUGGESTION_MIN_SIMILARITY: u32 = 50;

/// The pt-BR audit label of this module's operations, `None` for other names.
pub fn op_label(op: &str) -> Option<&'static str> {
    Some(match op {
        "bank.import" => "Extrato bancário importado",
        "bank.confirm" => "Lançamento conciliado com o extrato",
        "bank.create_entry" => "Lançamento criado do extrato",
        "bank.ignore" => "Linha do extrato ignorada",
        _ => return None,
    })
}

/// What became of an imported bank line.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub enum LineState {
    /// Waiting for a person to confirm a match or create an entry.
    Pending,
    /// Reconciled with a payment of an entry.
    Reconciled {
        /// The entry.
        entry: Id,
        /// The payment on it.
        payment: Id,
    },
    /// Set aside by a person (e.g. a bank fee already booked elsewhere).
    Ignored,
}

/// One imported bank transaction.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct BankLine {
    /// The account it was imported into.
    pub account: Id,
    /// The bank's transaction id (FITID).
    pub fitid: String,
    /// The date the bank posted it.
    #[autosurgeon(with = "crate::codec::date")]
    pub date: NaiveDate,
    /// Signed amount: positive is a credit (money in), negative a debit.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub amount: Decimal,
    /// The bank's NAME (counterpart), if any.
    pub name: Option<String>,
    /// The bank's MEMO, if any.
    pub memo: Option<String>,
    /// The device date of the import.
    #[autosurgeon(with = "crate::codec::date")]
    pub imported_on: NaiveDate,
    /// What became of it.
    pub state: LineState,
}

impl BankLine {
    /// The text people see: name and memo, without repeating one inside the other.
    pub fn description(&self) -> String {
        match (self.name.as_deref(), self.memo.as_deref()) {
            (Some(n), Some(m)) if m.contains(n) => m.to_string(),
            (Some(n), Some(m)) if n.contains(m) => n.to_string(),
            (Some(n), Some(m)) => format!("{n} {m}"),
            (Some(n), None) => n.to_string(),
            (None, Some(m)) => m.to_string(),
            (None, None) => "Lançamento do extrato".to_string(),
        }
    }

    /// Receivable for a credit, payable for a debit.
    pub fn entry_kind(&self) -> EntryKind {
        if self.amount.is_sign_negative() {
            EntryKind::Payable
        } else {
            EntryKind::Receivable
        }
    }
}

/// The statement balance of the most recent import of an account.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct StatementBalance {
    /// `LEDGERBAL` as the bank wrote it.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub amount: Decimal,
    /// The date it refers to (`DTASOF`, else the statement's end, else its last line).
    #[autosurgeon(with = "crate::codec::date")]
    pub as_of: NaiveDate,
}

/// What a bank line can be matched with.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MatchTarget {
    /// An open payable or receivable: confirming pays it.
    Entry(Id),
    /// A pending charge: confirming pays the charge (and its receivable).
    Charge(Id),
    /// A payment already recorded by hand: confirming only marks it reconciled.
    Payment {
        /// The entry.
        entry: Id,
        /// The payment.
        payment: Id,
    },
}

/// One candidate for a bank line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// What confirming would settle.
    pub target: MatchTarget,
    /// The entry's description.
    pub description: String,
    /// The amount it would settle.
    pub amount: Decimal,
    /// Its due date (or payment date for a recorded payment).
    pub date: NaiveDate,
    /// Text similarity with the bank line, 0 to 100.
    pub score: u32,
}

/// The proposal for one bank line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineOutcome {
    /// Exactly one candidate (or one clearly better than the others): one tap to confirm.
    Matched(Candidate),
    /// Several candidates, best first: a person picks one.
    Ambiguous(Vec<Candidate>),
    /// No candidate: becomes a new entry, with a suggested category.
    New {
        /// The category this business gave to similar bank text before, if any.
        suggested_category: Option<SuggestedCategory>,
    },
}

/// A category suggested for a new bank line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestedCategory {
    /// The category id, to create the entry with.
    pub id: Id,
    /// Its name as people see it (`Aluguel`), never the id.
    pub name: String,
}

/// A pending bank line with its proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineProposal {
    /// The line's key in `bank_lines`.
    pub key: Id,
    /// The line.
    pub line: BankLine,
    /// What it matches.
    pub outcome: LineOutcome,
}

/// The result of importing a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Lines the document did not have yet.
    pub imported: usize,
    /// Lines already imported before (same FITID in this account).
    pub duplicates: usize,
    /// The proposal for each newly imported line, in statement order.
    pub proposals: Vec<LineProposal>,
}

impl ImportReport {
    /// Lines with one match.
    pub fn matched(&self) -> usize {
        self.count(|o| matches!(o, LineOutcome::Matched(_)))
    }

    /// Lines with several candidates.
    pub fn ambiguous(&self) -> usize {
        self.count(|o| matches!(o, LineOutcome::Ambiguous(_)))
    }

    /// Lines with no candidate.
    pub fn new_lines(&self) -> usize {
        self.count(|o| matches!(o, LineOutcome::New { .. }))
    }

    fn count(&self, f: impl Fn(&LineOutcome) -> bool) -> usize {
        self.proposals.iter().filter(|p| f(&p.outcome)).count()
    }
}

/// The statement balance against the book balance of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceCheck {
    /// The date compared.
    pub as_of: NaiveDate,
    /// The bank's balance at that date.
    pub statement: Decimal,
    /// The app's balance at the end of that date.
    pub book: Decimal,
    /// `statement - book`: zero when the books agree with the bank.
    pub difference: Decimal,
}

/// The key of a bank line.
pub fn line_key(account: &str, fitid: &str) -> Id {
    format!("{account}:{fitid}")
}

// ---------------------------------------------------------------------------------------
// Text similarity
// ---------------------------------------------------------------------------------------

/// Words that say nothing about who or what: bank jargon and short words.
const STOP_WORDS: &[&str] = &[
    "pix",
    "ted",
    "doc",
    "pag",
    "pgto",
    "pagamento",
    "pagto",
    "transf",
    "transferencia",
    "recebido",
    "recebida",
    "enviado",
    "enviada",
    "compra",
    "debito",
    "credito",
    "ltda",
    "para",
    "com",
    "dos",
    "das",
    "de",
    "da",
    "do",
];

/// Lower-case, accent-free words of at least three letters, without bank jargon.
pub fn tokens(text: &str) -> BTreeSet<String> {
    let folded: String = crate::text::fold(text)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded
        .split_whitespace()
        .filter(|w| w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !STOP_WORDS.contains(w))
        .map(str::to_string)
        .collect()
}

/// Shared words over all the words of both texts (Jaccard index), 0 to 100.
pub fn likeness(a: &BTreeSet<String>, b: &BTreeSet<String>) -> u32 {
    let all = a.union(b).count();
    if all == 0 {
        return 0;
    }
    let shared = a.intersection(b).count();
    u32::try_from(shared * 100 / all).unwrap_or(100)
}

/// Shared words over the words of the shorter text, 0 to 100.
pub fn similarity(a: &BTreeSet<String>, b: &BTreeSet<String>) -> u32 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0;
    }
    let shared = a.intersection(b).count();
    u32::try_from(shared * 100 / smaller).unwrap_or(100)
}

// ---------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------

/// What matching reads from the document, loaded once per query.
struct Books {
    entries: Vec<(Id, Entry)>,
    /// The words of each entry's description and counterpart, in `entries` order, computed
    /// once because every line is compared with every entry.
    texts: Vec<BTreeSet<String>>,
    charges: BTreeMap<Id, Charge>,
    /// Entry and payment ids already claimed by a reconciled line.
    claimed: BTreeSet<(Id, Id)>,
    /// Categories that may still be used, by id.
    categories: BTreeMap<Id, Category>,
    /// What this business did with bank text before: the words of each reconciled line,
    /// the kind of its entry and the category it was given.
    learned: Vec<(BTreeSet<String>, EntryKind, Id)>,
}

fn within(a: NaiveDate, b: NaiveDate, window: u64) -> bool {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    lo.checked_add_days(Days::new(window))
        .is_none_or(|limit| hi <= limit)
}

fn entry_text(parties: &BTreeMap<Id, Party>, e: &Entry) -> BTreeSet<String> {
    let mut t = tokens(&e.description);
    if let Some(p) = e.party.as_ref().and_then(|id| parties.get(id)) {
        t.extend(tokens(&p.name));
    }
    t
}

impl Books {
    fn candidates(&self, account: &str, line: &BankLine, window: u64) -> Vec<Candidate> {
        let kind = line.entry_kind();
        let amount = line.amount.abs();
        let text = tokens(&line.description());
        let mut out = Vec::new();
        for ((id, e), entry_text) in self.entries.iter().zip(&self.texts) {
            if e.kind != kind {
                continue;
            }
            let score = similarity(&text, entry_text);
            for (pid, p) in &e.payments {
                if p.voided.is_none()
                    && p.bank_ref.is_none()
                    && p.account == account
                    && p.amount == amount
                    && within(p.date, line.date, window)
                    && !self.claimed.contains(&(id.clone(), pid.clone()))
                {
                    out.push(Candidate {
                        target: MatchTarget::Payment {
                            entry: id.clone(),
                            payment: pid.clone(),
                        },
                        description: e.description.clone(),
                        amount: p.amount,
                        date: p.date,
                        score,
                    });
                }
            }
            if e.open_amount() != amount || !within(e.due_date, line.date, window) {
                continue;
            }
            let charge = e.source.as_deref().and_then(|s| s.strip_prefix("charge:"));
            let target = match charge {
                Some(cid) => match self.charges.get(cid) {
                    Some(c) if c.paid.is_none() && c.cancelled.is_none() => {
                        MatchTarget::Charge(cid.to_string())
                    }
                    _ => continue,
                },
                None => MatchTarget::Entry(id.clone()),
            };
            out.push(Candidate {
                target,
                description: e.description.clone(),
                amount,
                date: e.due_date,
                score,
            });
        }
        out.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then_with(|| a.date.cmp(&b.date))
                .then_with(|| a.target.cmp(&b.target))
        });
        out
    }

    /// The category of the most alike past text: first the bank text of lines this business
    /// reconciled before (its own habit), then the descriptions and counterparts of its
    /// entries. Each past text at least [`SUGGESTION_MIN_SIMILARITY`] alike votes with its
    /// likeness; the category with most votes wins. No vote, no suggestion: a wrong one
    /// is worse than none.
    fn suggest_category(&self, line: &BankLine) -> Option<SuggestedCategory> {
        let kind = line.entry_kind();
        let text = tokens(&line.description());
        if text.is_empty() {
            return None;
        }
        let vote = |votes: &mut BTreeMap<Id, u32>, past: &BTreeSet<String>, cat: &Id| {
            let score = likeness(&text, past);
            if score >= SUGGESTION_MIN_SIMILARITY && self.categories.contains_key(cat) {
                *votes.entry(cat.clone()).or_insert(0) += score;
            }
        };
        let mut votes: BTreeMap<Id, u32> = BTreeMap::new();
        for (past, k, cat) in &self.learned {
            if *k == kind {
                vote(&mut votes, past, cat);
            }
        }
        if votes.is_empty() {
            for ((_, e), entry_text) in self.entries.iter().zip(&self.texts) {
                let Some(cat) = &e.category else { continue };
                if e.kind == kind && e.cancelled.is_none() {
                    vote(&mut votes, entry_text, cat);
                }
            }
        }
        let (id, _) = votes
            .into_iter()
            .max_by(|(ia, a), (ib, b)| a.cmp(b).then_with(|| ib.cmp(ia)))?;
        let name = self.categories.get(&id)?.name.clone();
        Some(SuggestedCategory { id, name })
    }

    fn outcome(&self, account: &str, line: &BankLine, window: u64) -> LineOutcome {
        let mut cands = self.candidates(account, line, window);
        match cands.len() {
            0 => LineOutcome::New {
                suggested_category: self.suggest_category(line),
            },
            1 => LineOutcome::Matched(cands.remove(0)),
            _ if cands[0].score > 0 && cands[0].score > cands[1].score => {
                LineOutcome::Matched(cands.remove(0))
            }
            _ => LineOutcome::Ambiguous(cands),
        }
    }
}

fn load_books(
    entries: Vec<(Id, Entry)>,
    charges: Vec<(Id, Charge)>,
    parties: Vec<(Id, Party)>,
    categories: Vec<(Id, Category)>,
    lines: &[(Id, BankLine)],
) -> Books {
    let claimed = lines
        .iter()
        .filter_map(|(_, l)| match &l.state {
            LineState::Reconciled { entry, payment } => Some((entry.clone(), payment.clone())),
            _ => None,
        })
        .collect();
    let parties: BTreeMap<Id, Party> = parties.into_iter().collect();
    let texts = entries
        .iter()
        .map(|(_, e)| entry_text(&parties, e))
        .collect();
    let by_id: BTreeMap<&Id, &Entry> = entries.iter().map(|(id, e)| (id, e)).collect();
    let learned = lines
        .iter()
        .filter_map(|(_, l)| match &l.state {
            LineState::Reconciled { entry, .. } => {
                let e = by_id.get(entry)?;
                let cat = e.category.clone()?;
                (e.cancelled.is_none()).then(|| (tokens(&l.description()), e.kind, cat))
            }
            _ => None,
        })
        .collect();
    Books {
        entries,
        texts,
        charges: charges.into_iter().collect(),
        claimed,
        categories: categories
            .into_iter()
            .filter(|(_, c)| !c.archived)
            .collect(),
        learned,
    }
}

// ---------------------------------------------------------------------------------------
// Operations inside a transaction
// ---------------------------------------------------------------------------------------

/// The account must be open, and a credit-card statement goes only into an account of kind
/// Outra (a card is neither the cash drawer nor a bank account).
fn check_statement_account(tx: &Tx<'_>, account: &str, statement: &Statement) -> CoreResult<()> {
    let acc = ledger::check_account(tx, account)?;
    if statement.kind == StatementKind::CreditCard && acc.kind != AccountKind::Other {
        let what = match acc.kind {
            AccountKind::Cash => "o caixa",
            _ => "uma conta bancária",
        };
        return Err(CoreError::not_allowed(format!(
            "Este extrato é de cartão de crédito (cartão {}) e \"{}\" é {what}; \
             importe-o numa conta do tipo Outra criada para o cartão.",
            crate::formats::ofx::quote(&statement.account.account_id),
            acc.name
        )));
    }
    Ok(())
}

fn pending_line(tx: &Tx<'_>, key: &str) -> CoreResult<BankLine> {
    let line: BankLine = tx.require(BANK_LINES, key, "Linha do extrato")?;
    match line.state {
        LineState::Pending => Ok(line),
        LineState::Reconciled { .. } => Err(CoreError::not_allowed(
            "Esta linha do extrato já foi conciliada.",
        )),
        LineState::Ignored => Err(CoreError::not_allowed(
            "Esta linha do extrato foi ignorada.",
        )),
    }
}

/// Writes the bank reference on a payment and marks the line reconciled.
fn mark_reconciled(
    tx: &mut Tx<'_>,
    key: &str,
    mut line: BankLine,
    entry_id: &str,
    payment_id: &str,
) -> CoreResult<()> {
    let mut entry = ledger::tx_entry(tx, entry_id)?;
    let payment = entry
        .payments
        .get_mut(payment_id)
        .ok_or_else(|| CoreError::not_found("Pagamento", payment_id))?;
    if payment.voided.is_some() {
        return Err(CoreError::not_allowed("Este pagamento foi estornado."));
    }
    if let Some(other) = &payment.bank_ref {
        if other != key {
            return Err(CoreError::not_allowed(
                "Este pagamento já foi conciliado com outra linha do extrato.",
            ));
        }
    }
    payment.bank_ref = Some(key.to_string());
    tx.put(ENTRIES, entry_id, &entry)?;
    line.state = LineState::Reconciled {
        entry: entry_id.to_string(),
        payment: payment_id.to_string(),
    };
    tx.put(BANK_LINES, key, &line)
}

fn tx_confirm(tx: &mut Tx<'_>, key: &str, target: &MatchTarget) -> CoreResult<()> {
    let line = pending_line(tx, key)?;
    let amount = line.amount.abs();
    let (entry_id, payment_id) = match target {
        MatchTarget::Entry(id) => {
            let entry = ledger::tx_entry(tx, id)?;
            check_kind(&entry, &line)?;
            if entry
                .source
                .as_deref()
                .is_some_and(|s| s.starts_with("charge:"))
            {
                return Err(CoreError::not_allowed(
                    "Este lançamento pertence a uma cobrança; concilie pela cobrança.",
                ));
            }
            let pid = ledger::tx_pay(
                tx,
                id,
                NewPayment {
                    date: line.date,
                    amount,
                    account: line.account.clone(),
                    note: Some("Conciliado com o extrato".into()),
                },
            )?;
            (id.clone(), pid)
        }
        MatchTarget::Charge(id) => {
            let charge: Charge = tx.require(CHARGES, id, "Cobrança")?;
            let entry = ledger::tx_entry(tx, &charge.entry)?;
            check_kind(&entry, &line)?;
            if entry.open_amount() != amount {
                return Err(CoreError::invalid(
                    "Valor",
                    format!(
                        "o extrato mostra {}, mas a cobrança está em aberto em {}.",
                        money::brl(amount),
                        money::brl(entry.open_amount())
                    ),
                ));
            }
            let pid = charges::tx_pay_charge(
                tx,
                id,
                PayCharge {
                    date: line.date,
                    account: line.account.clone(),
                },
            )?;
            (charge.entry, pid)
        }
        MatchTarget::Payment { entry, payment } => {
            let e = ledger::tx_entry(tx, entry)?;
            check_kind(&e, &line)?;
            let p = e
                .payments
                .get(payment)
                .ok_or_else(|| CoreError::not_found("Pagamento", payment))?;
            if p.amount != amount || p.account != line.account {
                return Err(CoreError::invalid(
                    "Pagamento",
                    "o valor ou a conta do pagamento não conferem com o extrato.",
                ));
            }
            (entry.clone(), payment.clone())
        }
    };
    mark_reconciled(tx, key, line, &entry_id, &payment_id)?;
    tx.set_record(&entry_id);
    Ok(())
}

fn check_kind(entry: &Entry, line: &BankLine) -> CoreResult<()> {
    if entry.kind != line.entry_kind() {
        let msg = match line.entry_kind() {
            EntryKind::Receivable => "esta linha é uma entrada; escolha uma conta a receber.",
            EntryKind::Payable => "esta linha é uma saída; escolha uma conta a pagar.",
        };
        return Err(CoreError::invalid("Lançamento", msg));
    }
    Ok(())
}

/// A new entry from a bank line: what the person chose, or the line's own text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewFromLine {
    /// Description; the bank text when `None`.
    pub description: Option<String>,
    /// Category (income for credits, expense for debits).
    pub category: Option<Id>,
    /// Customer or supplier.
    pub party: Option<Id>,
}

fn tx_create_from_line(tx: &mut Tx<'_>, key: &str, input: NewFromLine) -> CoreResult<Id> {
    let line = pending_line(tx, key)?;
    let description = input.description.unwrap_or_else(|| line.description());
    let mut new = NewEntry::new(line.entry_kind(), description, line.amount.abs(), line.date);
    new.category = input.category;
    new.party = input.party;
    new.account = Some(line.account.clone());
    new.source = Some(format!("bank:{key}"));
    let entry_id = ledger::tx_create_entry(tx, new)?;
    let pid = ledger::tx_pay(
        tx,
        &entry_id,
        NewPayment {
            date: line.date,
            amount: line.amount.abs(),
            account: line.account.clone(),
            note: Some("Criado do extrato".into()),
        },
    )?;
    mark_reconciled(tx, key, line, &entry_id, &pid)?;
    tx.set_record(&entry_id);
    Ok(entry_id)
}

// ---------------------------------------------------------------------------------------
// Business API
// ---------------------------------------------------------------------------------------

impl Business {
    /// Imports a parsed statement into `account`: stores each line not seen before (same
    /// FITID in this account), keeps the statement balance, and returns the proposal for
    /// each new line. Importing the same lines again changes nothing but the balance.
    pub fn import_statement(
        &mut self,
        ctx: &OpCtx,
        account: &str,
        statement: &Statement,
    ) -> CoreResult<ImportReport> {
        let account = account.to_string();
        let (imported, duplicates, keys) = self.apply(ctx, "bank.import", |tx| {
            check_statement_account(tx, &account, statement)?;
            let mut keys = Vec::new();
            let mut duplicates = 0;
            let mut seen = BTreeSet::new();
            for t in &statement.transactions {
                let fitid = t.fitid.trim();
                if fitid.is_empty() {
                    return Err(CoreError::invalid(
                        "Extrato",
                        "há um lançamento sem identificador (FITID).",
                    ));
                }
                let key = line_key(&account, fitid);
                if !seen.insert(key.clone()) || tx.exists(BANK_LINES, &key)? {
                    duplicates += 1;
                    continue;
                }
                let line = BankLine {
                    account: account.clone(),
                    fitid: fitid.to_string(),
                    date: t.posted,
                    amount: t.amount,
                    name: money::optional_text(t.name.as_deref()),
                    memo: money::optional_text(t.memo.as_deref()),
                    imported_on: tx.today(),
                    state: LineState::Pending,
                };
                tx.put(BANK_LINES, &key, &line)?;
                keys.push(key);
            }
            if let Some(bal) = &statement.ledger_balance {
                let as_of = bal
                    .as_of
                    .or(statement.end)
                    .or_else(|| statement.transactions.iter().map(|t| t.posted).max())
                    .unwrap_or_else(|| tx.today());
                let current: Option<StatementBalance> = tx.get(BANK_BALANCES, &account)?;
                // An older statement imported later must not hide the newer balance.
                if current.is_none_or(|c| c.as_of <= as_of) {
                    tx.put(
                        BANK_BALANCES,
                        &account,
                        &StatementBalance {
                            amount: bal.amount,
                            as_of,
                        },
                    )?;
                }
            }
            tx.set_record(&account);
            Ok((keys.len(), duplicates, keys))
        })?;
        let all = self.bank_proposals(&account, DEFAULT_WINDOW_DAYS)?;
        let mut by_key: BTreeMap<Id, LineProposal> =
            all.into_iter().map(|p| (p.key.clone(), p)).collect();
        let proposals = keys.iter().filter_map(|k| by_key.remove(k)).collect();
        Ok(ImportReport {
            imported,
            duplicates,
            proposals,
        })
    }

    /// Every bank line of an account, sorted by key.
    pub fn bank_lines(&self, account: &str) -> CoreResult<Vec<(Id, BankLine)>> {
        Ok(self
            .list::<BankLine>(BANK_LINES)?
            .into_iter()
            .filter(|(_, l)| l.account == account)
            .collect())
    }

    /// The proposal for every pending line of an account, by bank date. Candidates already
    /// claimed by an earlier line of the same list are still offered, since a person may
    /// confirm in any order; confirming checks again.
    pub fn bank_proposals(&self, account: &str, window_days: u64) -> CoreResult<Vec<LineProposal>> {
        let all_lines = self.list::<BankLine>(BANK_LINES)?;
        let books = load_books(
            self.entries()?,
            self.list(CHARGES)?,
            self.list(crate::parties::PARTIES)?,
            self.list(CATEGORIES)?,
            &all_lines,
        );
        let mut out: Vec<LineProposal> = all_lines
            .into_iter()
            .filter(|(_, l)| l.account == account && l.state == LineState::Pending)
            .map(|(key, line)| {
                let outcome = books.outcome(account, &line, window_days);
                LineProposal { key, line, outcome }
            })
            .collect();
        out.sort_by(|a, b| a.line.date.cmp(&b.line.date).then(a.key.cmp(&b.key)));
        Ok(out)
    }

    /// Confirms a match: pays the entry or charge with the bank date (or takes a payment
    /// already recorded), marks it reconciled and records the FITID on the payment.
    pub fn confirm_bank_match(
        &mut self,
        ctx: &OpCtx,
        line: &str,
        target: &MatchTarget,
    ) -> CoreResult<()> {
        self.apply(ctx, "bank.confirm", |tx| tx_confirm(tx, line, target))
    }

    /// Creates a paid, reconciled entry from a bank line; returns the entry id.
    pub fn create_entry_from_line(
        &mut self,
        ctx: &OpCtx,
        line: &str,
        input: NewFromLine,
    ) -> CoreResult<Id> {
        self.apply(ctx, "bank.create_entry", |tx| {
            tx_create_from_line(tx, line, input)
        })
    }

    /// Sets a bank line aside without touching the books.
    pub fn ignore_bank_line(&mut self, ctx: &OpCtx, line: &str) -> CoreResult<()> {
        self.apply(ctx, "bank.ignore", |tx| {
            let mut l = pending_line(tx, line)?;
            l.state = LineState::Ignored;
            tx.put(BANK_LINES, line, &l)
        })
    }

    /// The statement balance of the last import against the book balance on the same date;
    /// `None` when no statement with a balance was imported into the account.
    pub fn bank_balance_check(&self, account: &str) -> CoreResult<Option<BalanceCheck>> {
        if self.get::<ledger::Account>(ACCOUNTS, account)?.is_none() {
            return Err(CoreError::not_found("Conta", account));
        }
        let Some(st) = self.get::<StatementBalance>(BANK_BALANCES, account)? else {
            return Ok(None);
        };
        let book = self.account_balance(account, st.as_of)?;
        Ok(Some(BalanceCheck {
            as_of: st.as_of,
            statement: st.amount,
            book,
            difference: st.amount - book,
        }))
    }
}
