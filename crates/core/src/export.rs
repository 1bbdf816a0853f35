//! Exports an accountant can load: the whole ledger as an hledger journal or a beancount
//! file, and the entries as CSV (pt-BR or ISO dialect).
//!
//! # The journals
//!
//! Cash basis: a journal holds what really moved, so each account's balance in hledger or
//! beancount equals [`Business::account_balance`].
//! - Each app account is `Assets:Caixa:<name>` (cash), `Assets:Banco:<name>` (bank) or
//!   `Assets:Outras:<name>`; its opening balance is booked on its opening date against
//!   `Equity:Saldos-Iniciais`.
//! - Categories are `Income:<group>:<subcategory>` and `Expenses:<group>:<subcategory>`;
//!   entries without a category use `Income:Sem-Categoria` / `Expenses:Sem-Categoria`.
//! - Every payment that was not reversed is one transaction on its payment date between the
//!   account and the entry's category; transfers move between two asset accounts.
//! - Open amounts of receivables and payables are left out: they are expectations, not
//!   money, and the app shows them in Contas a receber / a pagar.
//! - The beancount file ends with a `balance` assertion per account (core's balance on the
//!   day after the last movement), so `bean-check` itself verifies the figures.
//!
//! Names are folded to ASCII letters, digits and `-`, each component starting with a capital
//! letter, which both tools accept; two app accounts that fold to the same name get `-2`,
//! `-3`. Amounts are written with a dot and the commodity `BRL`.
//!
//! # CSV
//!
//! One row per entry with a header row. [`CsvDialect::Br`] uses `;`, decimal comma and
//! `dd/mm/aaaa`, and starts with a UTF-8 byte order mark, without which Excel in pt-BR
//! reads the file as Windows-1252 and shows "CafÃ©"; [`CsvDialect::Iso`] uses `,`, a dot
//! and ISO dates, with no mark (the tools that want it do not expect one). Fields are
//! quoted when they contain the separator, a quote or a newline.
//!
//! CSV injection: a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return
//! would be run as a formula by a spreadsheet, so it gets a leading `'` (OWASP's advice).
//! Amounts and dates are written by the export itself and stay plain numbers, negative
//! ones included.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use crate::business::{Business, Id};
use crate::error::{CoreError, CoreResult};
use crate::ledger::{Account, AccountKind, Category, EntryKind, EntryStatus, CATEGORIES};
use crate::parties::Party;

/// The equity account that receives opening balances.
pub const OPENING_EQUITY: &str = "Equity:Saldos-Iniciais";
/// The commodity of every amount.
pub const COMMODITY: &str = "BRL";

/// Which accounting tool a journal is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JournalFormat {
    /// hledger (and ledger-cli) journal.
    Hledger,
    /// beancount.
    Beancount,
}

/// The CSV dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvDialect {
    /// `;`, decimal comma, `dd/mm/aaaa`.
    Br,
    /// `,`, decimal dot, `aaaa-mm-dd`.
    Iso,
}

/// One transaction of the journal, before it is written in a tool's syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Txn {
    date: NaiveDate,
    description: String,
    /// (account, amount); the amounts sum to zero.
    postings: Vec<(String, Decimal)>,
}

/// Folds one name component to what hledger and beancount both accept: ASCII letters,
/// digits and `-`, starting with a capital letter.
pub fn sanitise_component(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars().map(fold) {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    let mut chars = out.chars();
    match chars.next() {
        None => "Sem-Nome".to_string(),
        Some(first) if first.is_ascii_alphabetic() => {
            format!("{}{}", first.to_ascii_uppercase(), chars.as_str())
        }
        // A component may not start with a digit in every tool version.
        Some(_) => format!("N{out}"),
    }
}

fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
        'Á' | 'À' | 'Â' | 'Ã' | 'Ä' => 'A',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'É' | 'È' | 'Ê' | 'Ë' => 'E',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'Í' | 'Ì' | 'Î' | 'Ï' => 'I',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
        'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ö' => 'O',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'Ú' | 'Ù' | 'Û' | 'Ü' => 'U',
        'ç' => 'c',
        'Ç' => 'C',
        'ñ' => 'n',
        'Ñ' => 'N',
        'ª' => 'a',
        'º' => 'o',
        other => other,
    }
}

/// The journal account name of every app account, e.g. `Assets:Banco:Banco-do-Brasil`.
pub fn account_names(biz: &Business) -> CoreResult<BTreeMap<Id, String>> {
    let mut used = BTreeSet::new();
    let mut out = BTreeMap::new();
    for (id, acc) in biz.accounts()? {
        let base = format!(
            "Assets:{}:{}",
            kind_group(acc.kind),
            sanitise_component(&acc.name)
        );
        let mut name = base.clone();
        let mut n = 2;
        while !used.insert(name.clone()) {
            name = format!("{base}-{n}");
            n += 1;
        }
        out.insert(id, name);
    }
    Ok(out)
}

fn kind_group(kind: AccountKind) -> &'static str {
    match kind {
        AccountKind::Cash => "Caixa",
        AccountKind::Bank => "Banco",
        AccountKind::Other => "Outras",
    }
}

fn category_name(
    categories: &BTreeMap<Id, Category>,
    kind: EntryKind,
    category: Option<&Id>,
) -> String {
    let root = match kind {
        EntryKind::Receivable => "Income",
        EntryKind::Payable => "Expenses",
    };
    let Some(cat) = category.and_then(|id| categories.get(id)) else {
        return format!("{root}:Sem-Categoria");
    };
    match cat.parent.as_ref().and_then(|p| categories.get(p)) {
        Some(group) => format!(
            "{root}:{}:{}",
            sanitise_component(&group.name),
            sanitise_component(&cat.name)
        ),
        None => format!("{root}:{}", sanitise_component(&cat.name)),
    }
}

/// Every movement of the ledger as balanced transactions, by date.
fn transactions(biz: &Business) -> CoreResult<(Vec<Txn>, BTreeMap<Id, String>)> {
    let names = account_names(biz)?;
    let categories: BTreeMap<Id, Category> = biz.list(CATEGORIES)?.into_iter().collect();
    let account_name = |id: &str| -> CoreResult<String> {
        names
            .get(id)
            .cloned()
            .ok_or_else(|| CoreError::not_found("Conta", id))
    };
    let mut txns = Vec::new();
    for (id, acc) in biz.accounts()? {
        if acc.opening_balance.is_zero() {
            continue;
        }
        txns.push(Txn {
            date: acc.opening_date,
            description: format!("Saldo inicial: {}", acc.name),
            postings: vec![
                (account_name(&id)?, acc.opening_balance),
                (OPENING_EQUITY.to_string(), -acc.opening_balance),
            ],
        });
    }
    for (_, e) in biz.entries()? {
        let cat = category_name(&categories, e.kind, e.category.as_ref());
        for p in e.payments.values().filter(|p| p.voided.is_none()) {
            let signed = e.kind.sign() * p.amount;
            txns.push(Txn {
                date: p.date,
                description: e.description.clone(),
                postings: vec![(account_name(&p.account)?, signed), (cat.clone(), -signed)],
            });
        }
    }
    for (_, t) in biz.transfers()? {
        txns.push(Txn {
            date: t.date,
            description: t
                .description
                .clone()
                .unwrap_or_else(|| "Transferência entre contas".to_string()),
            postings: vec![
                (account_name(&t.to)?, t.amount),
                (account_name(&t.from)?, -t.amount),
            ],
        });
    }
    // Stable: same date keeps the order above (openings first), so exports are repeatable.
    txns.sort_by_key(|t| t.date);
    Ok((txns, names))
}

/// One line of text, without what would end or break a description.
fn one_line(s: &str, forbidden: &[char]) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || forbidden.contains(&c) {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn amount_text(a: Decimal) -> String {
    let mut v = a;
    v.rescale(2.max(a.scale()));
    v.to_string()
}

/// The whole ledger as an hledger journal.
pub fn hledger(biz: &Business) -> CoreResult<String> {
    journal(biz, JournalFormat::Hledger)
}

/// The whole ledger as a beancount file.
pub fn beancount(biz: &Business) -> CoreResult<String> {
    journal(biz, JournalFormat::Beancount)
}

/// The whole ledger as a journal for `format`.
pub fn journal(biz: &Business, format: JournalFormat) -> CoreResult<String> {
    let (txns, names) = transactions(biz)?;
    let business = biz.profile().map(|p| p.name).unwrap_or_default();
    let mut out = String::new();
    let header = one_line(&business, &[]);
    match format {
        JournalFormat::Hledger => {
            out.push_str(&format!("; Retaguarda: {header}\n; Regime de caixa.\n\n"));
            out.push_str(&format!("commodity 1000.00 {COMMODITY}\n\n"));
            for t in &txns {
                out.push_str(&format!(
                    "{} {}\n",
                    t.date.format("%Y-%m-%d"),
                    one_line(&t.description, &[';', '|'])
                ));
                for (acc, amt) in &t.postings {
                    out.push_str(&format!("    {acc}  {} {COMMODITY}\n", amount_text(*amt)));
                }
                out.push('\n');
            }
        }
        JournalFormat::Beancount => {
            out.push_str(&format!(
                "; Retaguarda: {header}\n; Regime de caixa.\n\noption \"operating_currency\" \"{COMMODITY}\"\n\n"
            ));
            let first = txns.first().map(|t| t.date).unwrap_or_default();
            let last = txns.last().map(|t| t.date).unwrap_or_default();
            let mut opened: BTreeSet<&str> = BTreeSet::new();
            for name in names.values() {
                opened.insert(name);
            }
            for t in &txns {
                for (acc, _) in &t.postings {
                    opened.insert(acc);
                }
            }
            for acc in &opened {
                out.push_str(&format!(
                    "{} open {acc} {COMMODITY}\n",
                    first.format("%Y-%m-%d")
                ));
            }
            out.push('\n');
            for t in &txns {
                let desc = one_line(&t.description, &['"', '\\']);
                out.push_str(&format!("{} * \"{desc}\"\n", t.date.format("%Y-%m-%d")));
                for (acc, amt) in &t.postings {
                    out.push_str(&format!("  {acc}  {} {COMMODITY}\n", amount_text(*amt)));
                }
                out.push('\n');
            }
            // A balance assertion is checked at the start of its day.
            let check_date = last.checked_add_days(Days::new(1)).unwrap_or(last);
            for (id, name) in &names {
                let bal = biz.account_balance(id, last)?;
                out.push_str(&format!(
                    "{} balance {name}  {} {COMMODITY}\n",
                    check_date.format("%Y-%m-%d"),
                    amount_text(bal)
                ));
            }
        }
    }
    Ok(out)
}

/// The UTF-8 byte order mark that starts the pt-BR CSV.
pub const BOM: &str = "\u{feff}";

/// A text cell made harmless for spreadsheets: `'` before a leading `=`, `+`, `-`, `@`,
/// tab or carriage return (OWASP, "CSV Injection").
pub fn defuse_formula(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn csv_field(s: &str, sep: char) -> String {
    if s.contains(sep) || s.contains('"') || s.contains('\n') || s.contains('\r') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The entries as CSV with a header row, one row per entry, sorted by due date.
pub fn entries_csv(biz: &Business, dialect: CsvDialect) -> CoreResult<String> {
    let (sep, comma, date_fmt) = match dialect {
        CsvDialect::Br => (';', true, "%d/%m/%Y"),
        CsvDialect::Iso => (',', false, "%Y-%m-%d"),
    };
    let money = |d: Decimal| {
        let t = amount_text(d);
        if comma {
            t.replace('.', ",")
        } else {
            t
        }
    };
    let categories: BTreeMap<Id, Category> = biz.list(CATEGORIES)?.into_iter().collect();
    let accounts: BTreeMap<Id, Account> = biz.accounts()?.into_iter().collect();
    let parties: BTreeMap<Id, Party> = biz.parties()?.into_iter().collect();
    let header = [
        "id",
        "tipo",
        "descricao",
        "valor",
        "vencimento",
        "competencia",
        "categoria",
        "conta",
        "cliente_fornecedor",
        "documento",
        "pago",
        "em_aberto",
        "ultimo_pagamento",
        "situacao",
    ];
    let mut out = match dialect {
        CsvDialect::Br => BOM.to_string(),
        CsvDialect::Iso => String::new(),
    };
    out.push_str(&header.join(&sep.to_string()));
    out.push_str("\r\n");
    let mut entries = biz.entries()?;
    entries.sort_by(|a, b| a.1.due_date.cmp(&b.1.due_date).then(a.0.cmp(&b.0)));
    for (id, e) in entries {
        let cat = e
            .category
            .as_ref()
            .and_then(|c| categories.get(c))
            .map(|c| c.name.clone())
            .unwrap_or_default();
        let acc = e
            .account
            .as_ref()
            .and_then(|a| accounts.get(a))
            .map(|a| a.name.clone())
            .unwrap_or_default();
        let party = e
            .party
            .as_ref()
            .and_then(|p| parties.get(p))
            .map(|p| p.name.clone())
            .unwrap_or_default();
        let last_paid = e
            .payments
            .values()
            .filter(|p| p.voided.is_none())
            .map(|p| p.date)
            .max()
            .map(|d| d.format(date_fmt).to_string())
            .unwrap_or_default();
        // Text a person typed (or a bank wrote) is defused; the rest is the export's own.
        let text = |s: &str| defuse_formula(s);
        let row = [
            text(&id),
            match e.kind {
                EntryKind::Receivable => "receber".into(),
                EntryKind::Payable => "pagar".into(),
            },
            text(&e.description),
            money(e.amount),
            e.due_date.format(date_fmt).to_string(),
            e.competence_date.format(date_fmt).to_string(),
            text(&cat),
            text(&acc),
            text(&party),
            text(e.document_ref.as_deref().unwrap_or_default()),
            money(e.paid_amount()),
            money(e.open_amount()),
            last_paid,
            match e.status() {
                EntryStatus::Open => "aberto".into(),
                EntryStatus::Partial => "parcial".into(),
                EntryStatus::Paid => "pago".into(),
                EntryStatus::Cancelled => "cancelado".into(),
            },
        ];
        let fields: Vec<String> = row.iter().map(|f| csv_field(f, sep)).collect();
        out.push_str(&fields.join(&sep.to_string()));
        out.push_str("\r\n");
    }
    Ok(out)
}
