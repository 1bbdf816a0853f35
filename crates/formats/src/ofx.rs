//! OFX bank and credit-card statements: OFX 1.x (SGML, with unclosed leaf
//! tags) and OFX 2.x (XML), as Brazilian banks actually emit them.
//!
//! Tolerated quirks: Windows-1252 or UTF-8 text whatever the header says,
//! decimal comma (and files mixing comma and dot), balances with no decimal
//! separator, `DTASOF` of `00000000`, currency `BRC`, time zones written
//! `[-3:GMT]`, `[-03:EST]` or `[-3]`, stray whitespace and blank lines, and
//! missing closing tags of balances and other small aggregates.
//!
//! Not tolerated: a file that does not close. A download cut short (no
//! `</OFX>`, a statement or its list without its end, a transaction without
//! `</STMTTRN>`, an amount cut in the middle) is refused as
//! [`OfxError::Incomplete`], so a truncated file never imports part of a
//! statement or a line invented from half an amount.
//!
//! A file may hold several statements (conta corrente and poupança, or
//! several cards): [`parse_all`] returns every one, in file order, each
//! telling a bank account ([`StatementKind::Bank`]) from a credit card.
//!
//! Dates are kept as the calendar day the bank wrote: the time and time zone
//! are never applied, so a transaction never moves to the previous or next
//! day.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Nesting deeper than this is not a real statement (real files nest about
/// eight levels); refusing it keeps hostile files from exhausting the stack.
const MAX_DEPTH: usize = 64;

/// How many characters of a field an error message quotes: a hostile file
/// with a 100,000-digit amount gets its beginning shown, not all of it.
const QUOTE_LIMIT: usize = 40;

/// Aggregates a complete statement always closes. If one of them ends only
/// because the file ended (or because another tag forced it shut), the file
/// was cut short.
const MUST_CLOSE: &[&str] = &[
    "OFX",
    "BANKMSGSRSV1",
    "CREDITCARDMSGSRSV1",
    "STMTTRNRS",
    "CCSTMTTRNRS",
    "STMTRS",
    "CCSTMTRS",
    "BANKTRANLIST",
    "STMTTRN",
];

/// Why an OFX file was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OfxError {
    /// Empty file.
    #[error("o arquivo OFX está vazio")]
    Empty,
    /// No `<OFX>` element.
    #[error("o arquivo não parece ser um extrato OFX (não encontrei <OFX>)")]
    NotOfx,
    /// Nesting deeper than any statement.
    #[error("o arquivo OFX está malformado (elementos aninhados demais)")]
    TooDeep,
    /// The file ends before the statement does (a download cut short).
    #[error(
        "arquivo incompleto: o extrato OFX termina antes do fim ({missing}); \
         baixe o extrato de novo no banco"
    )]
    Incomplete {
        /// What is missing, in pt-BR.
        missing: String,
    },
    /// Tags after `</OFX>`: a second document, or one cut short, glued to the first.
    #[error(
        "o arquivo OFX tem dados depois de </OFX> (mais de um arquivo colado?); \
         baixe o extrato de novo no banco"
    )]
    AfterEnd,
    /// Neither a bank nor a credit-card statement.
    #[error("o arquivo OFX não tem extrato de conta nem de cartão de crédito")]
    NoStatement,
    /// A mandatory field is missing.
    #[error("falta {field} no extrato OFX{}", at(*.transaction))]
    Missing {
        /// The OFX tag.
        field: &'static str,
        /// 1-based transaction number, when inside one.
        transaction: Option<usize>,
    },
    /// A date that is not YYYYMMDD….
    #[error("data inválida em {field}: '{value}'{}", at(*.transaction))]
    Date {
        /// The OFX tag.
        field: &'static str,
        /// The text found.
        value: String,
        /// 1-based transaction number, when inside one.
        transaction: Option<usize>,
    },
    /// An amount that is not a number.
    #[error("valor inválido em {field}: '{value}'{}", at(*.transaction))]
    Amount {
        /// The OFX tag.
        field: &'static str,
        /// The text found.
        value: String,
        /// 1-based transaction number, when inside one.
        transaction: Option<usize>,
    },
}

fn at(transaction: Option<usize>) -> String {
    transaction.map_or(String::new(), |n| format!(" (lançamento {n})"))
}

/// The text an error message may quote: at most [`QUOTE_LIMIT`] characters,
/// then how long the whole text was.
pub fn quote(text: &str) -> String {
    let total = text.chars().count();
    if total <= QUOTE_LIMIT {
        return text.to_string();
    }
    let head: String = text.chars().take(QUOTE_LIMIT).collect();
    format!("{head}… ({total} caracteres)")
}

/// Bank account or credit card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementKind {
    /// Checking or savings account (`STMTRS`).
    Bank,
    /// Credit card (`CCSTMTRS`).
    CreditCard,
}

impl StatementKind {
    /// `conta bancária` or `cartão de crédito`.
    pub fn label(self) -> &'static str {
        match self {
            StatementKind::Bank => "conta bancária",
            StatementKind::CreditCard => "cartão de crédito",
        }
    }
}

/// The account a statement belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// `BANKID` (bank code, e.g. `0341`), bank statements only.
    pub bank_id: Option<String>,
    /// `BRANCHID` (agência), when the bank sends it.
    pub branch_id: Option<String>,
    /// `ACCTID`: account or card number as the bank writes it.
    pub account_id: String,
    /// `ACCTTYPE`: CHECKING, SAVINGS, …
    pub account_type: Option<String>,
}

/// A balance and the day it refers to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balance {
    /// `BALAMT`.
    pub amount: Decimal,
    /// `DTASOF`; `None` when the bank wrote `00000000` or nothing.
    pub as_of: Option<NaiveDate>,
}

/// One statement line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transaction {
    /// `FITID`: the bank's id, unique per account; the key for de-duplication.
    pub fitid: String,
    /// True when the bank sent no `FITID` and one was derived from the
    /// date, amount, text and position among identical lines, so importing
    /// the same file again still finds the same ids.
    pub fitid_generated: bool,
    /// `TRNTYPE`: CREDIT, DEBIT, PAYMENT, …
    pub kind: String,
    /// `DTPOSTED` as the calendar day written by the bank.
    pub posted: NaiveDate,
    /// `DTUSER`, when present and valid.
    pub user_date: Option<NaiveDate>,
    /// `TRNAMT`: positive for money in, negative for money out.
    pub amount: Decimal,
    /// `NAME`: counterpart.
    pub name: Option<String>,
    /// `MEMO`: description.
    pub memo: Option<String>,
    /// `CHECKNUM`.
    pub check_number: Option<String>,
    /// `REFNUM`.
    pub reference: Option<String>,
}

/// A bank or credit-card statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// Bank account or credit card.
    pub kind: StatementKind,
    /// `CURDEF`, with the `BRC` some banks write read as `BRL`.
    pub currency: String,
    /// The account.
    pub account: Account,
    /// `DTSTART` of the transaction list.
    pub start: Option<NaiveDate>,
    /// `DTEND` of the transaction list.
    pub end: Option<NaiveDate>,
    /// The lines, in file order.
    pub transactions: Vec<Transaction>,
    /// `LEDGERBAL`: the statement balance.
    pub ledger_balance: Option<Balance>,
    /// `AVAILBAL`: the available balance.
    pub available_balance: Option<Balance>,
}

/// Parses the first statement of an OFX file.
pub fn parse(bytes: &[u8]) -> Result<Statement, OfxError> {
    parse_all(bytes)?
        .into_iter()
        .next()
        .ok_or(OfxError::NoStatement)
}

/// Parses every statement of an OFX file (a file may hold several accounts
/// and cards), in file order.
pub fn parse_all(bytes: &[u8]) -> Result<Vec<Statement>, OfxError> {
    // Bytes after the final </OFX> belong to no statement; they must not decide the
    // encoding either (a stray non-UTF-8 byte there would turn the file into 1252).
    let bytes = until_final_close(bytes);
    let text = decode(bytes);
    if text.trim().is_empty() {
        return Err(OfxError::Empty);
    }
    let tokens = tokenize(&text);
    if !tokens
        .iter()
        .any(|t| matches!(t, Token::Open(n) if n == "OFX"))
    {
        // Only the header of an OFX file: the download stopped before the body.
        let head = text.trim_start();
        if head.starts_with("OFXHEADER") || head.contains("<?OFX") {
            return Err(incomplete("o arquivo tem só o cabeçalho"));
        }
        return Err(OfxError::NotOfx);
    }
    // Text after the final </OFX> (a bank's stray trailer) belongs to no statement.
    let last_tag = tokens.iter().rev().find(|t| !matches!(t, Token::Text(_)));
    if !matches!(last_tag, Some(Token::Close(n)) if n == "OFX") {
        return Err(incomplete("falta </OFX> no final"));
    }
    // One document only: if a second one follows (even cut short), its statements would
    // be lost or the first one's read differently.
    let first_end = tokens
        .iter()
        .position(|t| matches!(t, Token::Close(n) if n == "OFX"));
    if let Some(p) = first_end {
        if tokens[p + 1..].iter().any(|t| !matches!(t, Token::Text(_))) {
            return Err(OfxError::AfterEnd);
        }
    }
    let root = build_tree(&tokens)?;
    let ofx = root.find("OFX").ok_or(OfxError::NotOfx)?;
    let mut out = Vec::new();
    for stmt in ofx.find_all_of(&["STMTRS", "CCSTMTRS"]) {
        let kind = if stmt.name == "CCSTMTRS" {
            StatementKind::CreditCard
        } else {
            StatementKind::Bank
        };
        out.push(statement(kind, stmt)?);
    }
    if out.is_empty() {
        return Err(OfxError::NoStatement);
    }
    Ok(out)
}

/// The bytes up to and including the last `</OFX>` (any case) when only a trailer with no
/// tag follows it; otherwise all of them.
fn until_final_close(bytes: &[u8]) -> &[u8] {
    match bytes
        .windows(6)
        .rposition(|w| w.eq_ignore_ascii_case(b"</OFX>"))
    {
        Some(i) if !bytes[i + 6..].contains(&b'<') => &bytes[..i + 6],
        _ => bytes,
    }
}

fn incomplete(missing: &str) -> OfxError {
    OfxError::Incomplete {
        missing: missing.to_string(),
    }
}

/// The pt-BR description of an aggregate that was not closed.
fn unclosed(name: &str) -> OfxError {
    incomplete(&match name {
        "STMTTRN" => "um lançamento sem </STMTTRN>".to_string(),
        "BANKTRANLIST" => "a lista de lançamentos sem </BANKTRANLIST>".to_string(),
        "STMTRS" | "CCSTMTRS" | "STMTTRNRS" | "CCSTMTTRNRS" => {
            format!("um extrato sem </{name}>")
        }
        other => format!("falta </{other}>"),
    })
}

/// UTF-8 when the bytes are valid UTF-8 (but for a character cut at the end),
/// Windows-1252 otherwise.
///
/// The header's CHARSET is not trusted: Brazilian banks often declare 1252
/// and send UTF-8, or the reverse. Portuguese text in 1252 practically never
/// forms valid UTF-8, so validity decides.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        // Valid UTF-8 up to a character cut at the very end: still UTF-8, so a file cut
        // short is read the same way as the whole file and then refused as incomplete.
        Err(e) if e.error_len().is_none() && e.valid_up_to() > 0 => {
            String::from_utf8_lossy(bytes).into_owned()
        }
        Err(_) => crate::cp1252::decode(bytes),
    }
}

#[derive(Debug, PartialEq)]
enum Token {
    Open(String),
    Close(String),
    Text(String),
}

/// Splits the body into tags and text. The SGML header lines before the
/// first tag, processing instructions (`<?…?>`), comments and declarations
/// are skipped; blank text is dropped.
fn tokenize(s: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut rest = match s.find('<') {
        Some(i) => &s[i..],
        None => return tokens,
    };
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<?") {
            rest = after.find("?>").map_or("", |i| &after[i + 2..]);
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
        } else if let Some(after) = rest.strip_prefix("<!") {
            rest = after.find('>').map_or("", |i| &after[i + 1..]);
        } else if let Some(after) = rest.strip_prefix('<') {
            let Some(end) = after.find('>') else {
                break;
            };
            let inner = after[..end].trim();
            let (close, name) = match inner.strip_prefix('/') {
                Some(n) => (true, n.trim()),
                None => (false, inner),
            };
            // XML may carry attributes or a self-closing slash; OFX uses
            // neither, so only the name counts.
            let name = name
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
            if !name.is_empty() {
                tokens.push(if close {
                    Token::Close(name)
                } else {
                    Token::Open(name)
                });
            }
            rest = &after[end + 1..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = rest[..end].trim();
            if !text.is_empty() {
                tokens.push(Token::Text(unescape(text)));
            }
            rest = &rest[end..];
        }
    }
    tokens
}

/// Decodes the XML/SGML character entities; unknown ones stay as written.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let entity = after.find(';').filter(|&j| j <= 10).map(|j| &after[..j]);
        let decoded = entity.and_then(|e| match e {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => {
                let num = e.strip_prefix('#')?;
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => num.parse().ok()?,
                };
                char::from_u32(code)
            }
        });
        match (entity, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &after[e.len() + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Aggregates of the OFX specification that statements use. Any other tag
/// followed by a tag is an aggregate only if it is closed later in the file;
/// otherwise it is an empty SGML leaf.
const AGGREGATES: &[&str] = &[
    "OFX",
    "SIGNONMSGSRSV1",
    "SONRS",
    "STATUS",
    "FI",
    "BANKMSGSRSV1",
    "STMTTRNRS",
    "STMTRS",
    "BANKACCTFROM",
    "BANKACCTTO",
    "BANKTRANLIST",
    "STMTTRN",
    "LEDGERBAL",
    "AVAILBAL",
    "BALLIST",
    "BAL",
    "CREDITCARDMSGSRSV1",
    "CCSTMTTRNRS",
    "CCSTMTRS",
    "CCACCTFROM",
    "CCACCTTO",
    "PAYEE",
    "CURRENCY",
    "ORIGCURRENCY",
];

#[derive(Debug, Default)]
struct Element {
    name: String,
    text: Option<String>,
    children: Vec<Element>,
}

impl Element {
    /// First descendant with this name, depth first.
    fn find(&self, name: &str) -> Option<&Element> {
        for c in &self.children {
            if c.name == name {
                return Some(c);
            }
            if let Some(found) = c.find(name) {
                return Some(found);
            }
        }
        None
    }

    /// Every descendant with one of these names, in document order (not
    /// looking inside a match).
    fn find_all_of<'a>(&'a self, names: &[&str]) -> Vec<&'a Element> {
        let mut out = Vec::new();
        for c in &self.children {
            if names.contains(&c.name.as_str()) {
                out.push(c);
            } else {
                out.extend(c.find_all_of(names));
            }
        }
        out
    }

    /// Text of the first direct child with this name, if not blank.
    fn child_text(&self, name: &str) -> Option<&str> {
        self.children
            .iter()
            .find(|c| c.name == name)
            .and_then(|c| c.text.as_deref())
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
}

/// Builds the element tree. Leaves are closed by their text (SGML) or their
/// closing tag (XML); a closing tag closes every element opened after the
/// matching one, and one with no open match is ignored. An aggregate of
/// [`MUST_CLOSE`] that is closed any other way than by its own closing tag
/// means the file is incomplete.
fn build_tree(tokens: &[Token]) -> Result<Element, OfxError> {
    // The last position where each name is closed, to tell an unknown
    // aggregate from an empty SGML leaf.
    let mut last_close: HashMap<&str, usize> = HashMap::new();
    for (i, t) in tokens.iter().enumerate() {
        if let Token::Close(n) = t {
            last_close.insert(n.as_str(), i);
        }
    }
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Open(name) => {
                match tokens.get(i + 1) {
                    Some(Token::Text(text)) => {
                        let leaf = Element {
                            name: name.clone(),
                            text: Some(text.clone()),
                            children: Vec::new(),
                        };
                        push_child(&mut stack, leaf);
                        i += 1;
                        if matches!(tokens.get(i + 1), Some(Token::Close(c)) if c == name) {
                            i += 1;
                        }
                    }
                    Some(Token::Close(c)) if c == name => {
                        push_child(&mut stack, leaf_named(name));
                        i += 1;
                    }
                    Some(Token::Open(_)) | Some(Token::Close(_))
                        if AGGREGATES.contains(&name.as_str())
                            || last_close.get(name.as_str()).is_some_and(|&j| j > i) =>
                    {
                        // OFX never nests an aggregate in itself: a second
                        // <STMTTRN> while one is open means the first was not
                        // closed.
                        if let Some(pos) = stack.iter().rposition(|e| &e.name == name) {
                            while stack.len() > pos {
                                close_implicitly(&mut stack)?;
                            }
                        }
                        if stack.len() > MAX_DEPTH {
                            return Err(OfxError::TooDeep);
                        }
                        stack.push(Element {
                            name: name.clone(),
                            text: None,
                            children: Vec::new(),
                        });
                    }
                    _ => push_child(&mut stack, leaf_named(name)),
                }
            }
            Token::Close(name) => {
                if let Some(pos) = stack.iter().rposition(|e| &e.name == name) {
                    if pos > 0 {
                        while stack.len() > pos + 1 {
                            close_implicitly(&mut stack)?;
                        }
                        close_top(&mut stack);
                    }
                }
            }
            // Text not right after a tag (e.g. after a closed aggregate) has
            // no field to belong to.
            Token::Text(_) => {}
        }
        i += 1;
    }
    while stack.len() > 1 {
        close_implicitly(&mut stack)?;
    }
    Ok(stack.pop().unwrap_or_default())
}

/// Closes the innermost element without its closing tag: tolerated for small
/// aggregates, refused for those a complete statement always closes.
fn close_implicitly(stack: &mut Vec<Element>) -> Result<(), OfxError> {
    if let Some(top) = stack.last() {
        if stack.len() > 1 && MUST_CLOSE.contains(&top.name.as_str()) {
            return Err(unclosed(&top.name));
        }
    }
    close_top(stack);
    Ok(())
}

fn leaf_named(name: &str) -> Element {
    Element {
        name: name.to_string(),
        text: None,
        children: Vec::new(),
    }
}

fn push_child(stack: &mut [Element], e: Element) {
    if let Some(top) = stack.last_mut() {
        top.children.push(e);
    }
}

fn close_top(stack: &mut Vec<Element>) {
    if stack.len() > 1 {
        if let Some(e) = stack.pop() {
            push_child(stack, e);
        }
    }
}

fn statement(kind: StatementKind, s: &Element) -> Result<Statement, OfxError> {
    let currency = match s.child_text("CURDEF") {
        Some(c) if c.eq_ignore_ascii_case("BRC") => "BRL".to_string(),
        Some(c) => c.to_ascii_uppercase(),
        None => "BRL".to_string(),
    };
    let acct_tag = match kind {
        StatementKind::Bank => "BANKACCTFROM",
        StatementKind::CreditCard => "CCACCTFROM",
    };
    let acct = s.child(acct_tag).ok_or(OfxError::Missing {
        field: acct_tag,
        transaction: None,
    })?;
    let account = Account {
        bank_id: acct.child_text("BANKID").map(str::to_string),
        branch_id: acct.child_text("BRANCHID").map(str::to_string),
        account_id: acct
            .child_text("ACCTID")
            .ok_or(OfxError::Missing {
                field: "ACCTID",
                transaction: None,
            })?
            .to_string(),
        account_type: acct.child_text("ACCTTYPE").map(str::to_string),
    };

    let list = s.child("BANKTRANLIST");
    let start = list
        .and_then(|l| l.child_text("DTSTART"))
        .and_then(optional_date);
    let end = list
        .and_then(|l| l.child_text("DTEND"))
        .and_then(optional_date);

    let mut transactions = Vec::new();
    let mut generated_seen: HashMap<String, usize> = HashMap::new();
    for (n, t) in list
        .map(|l| {
            l.children
                .iter()
                .filter(|c| c.name == "STMTTRN")
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        transactions.push(transaction(t, n + 1, &mut generated_seen)?);
    }

    Ok(Statement {
        kind,
        currency,
        account,
        start,
        end,
        transactions,
        ledger_balance: balance(s.child("LEDGERBAL"))?,
        available_balance: balance(s.child("AVAILBAL"))?,
    })
}

fn transaction(
    t: &Element,
    n: usize,
    generated_seen: &mut HashMap<String, usize>,
) -> Result<Transaction, OfxError> {
    let posted_text = t.child_text("DTPOSTED").ok_or(OfxError::Missing {
        field: "DTPOSTED",
        transaction: Some(n),
    })?;
    let posted = optional_date(posted_text).ok_or_else(|| OfxError::Date {
        field: "DTPOSTED",
        value: quote(posted_text),
        transaction: Some(n),
    })?;
    let amount_text = t.child_text("TRNAMT").ok_or(OfxError::Missing {
        field: "TRNAMT",
        transaction: Some(n),
    })?;
    let amount = parse_amount(amount_text).ok_or_else(|| OfxError::Amount {
        field: "TRNAMT",
        value: quote(amount_text),
        transaction: Some(n),
    })?;
    let name = t.child_text("NAME").map(str::to_string);
    let memo = t.child_text("MEMO").map(str::to_string);
    let (fitid, fitid_generated) = match t.child_text("FITID") {
        Some(f) => (f.to_string(), false),
        None => {
            // Same date, amount and text get a running number, so two
            // identical lines stay two transactions.
            let base = format!(
                "{}:{}:{}",
                posted.format("%Y%m%d"),
                amount.normalize(),
                memo.as_deref().or(name.as_deref()).unwrap_or("")
            );
            let count = generated_seen.entry(base.clone()).or_insert(0);
            *count += 1;
            (format!("gerado:{base}:{count}"), true)
        }
    };
    Ok(Transaction {
        fitid,
        fitid_generated,
        kind: t
            .child_text("TRNTYPE")
            .unwrap_or("OTHER")
            .to_ascii_uppercase(),
        posted,
        user_date: t.child_text("DTUSER").and_then(optional_date),
        amount,
        name,
        memo,
        check_number: t.child_text("CHECKNUM").map(str::to_string),
        reference: t.child_text("REFNUM").map(str::to_string),
    })
}

fn balance(e: Option<&Element>) -> Result<Option<Balance>, OfxError> {
    let Some(e) = e else {
        return Ok(None);
    };
    let Some(text) = e.child_text("BALAMT") else {
        return Ok(None);
    };
    let amount = parse_amount(text).ok_or_else(|| OfxError::Amount {
        field: "BALAMT",
        value: quote(text),
        transaction: None,
    })?;
    Ok(Some(Balance {
        amount,
        as_of: e.child_text("DTASOF").and_then(optional_date),
    }))
}

/// The calendar day of an OFX date (`YYYYMMDD` then optional time, fraction
/// and `[offset:zone]`). The time zone is deliberately not applied. `None`
/// for `00000000` and anything that is not a real day.
pub fn optional_date(v: &str) -> Option<NaiveDate> {
    let v = v.trim();
    let digits = v.get(..8)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = digits[..4].parse().ok()?;
    let m: u32 = digits[4..6].parse().ok()?;
    let d: u32 = digits[6..8].parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// An OFX amount, tolerating what Brazilian banks write: `-1234.56`,
/// `-1234,56`, `1.234,56`, `1,234.56`, `+10`, `150000` (no separator: whole
/// reais), spaces inside. When both separators appear the last one is the
/// decimal separator; a lone comma is always decimal.
pub fn parse_amount(v: &str) -> Option<Decimal> {
    let compact: String = v.chars().filter(|c| !c.is_whitespace()).collect();
    let (negative, body) = match compact.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, compact.strip_prefix('+').unwrap_or(&compact)),
    };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let last_dot = body.rfind('.');
    let last_comma = body.rfind(',');
    let decimal_sep = match (last_dot, last_comma) {
        (Some(d), Some(c)) => Some(if d > c { '.' } else { ',' }),
        (None, Some(_)) => {
            if body.matches(',').count() == 1 {
                Some(',')
            } else {
                None
            }
        }
        (Some(_), None) => {
            if body.matches('.').count() == 1 {
                Some('.')
            } else {
                None
            }
        }
        (None, None) => None,
    };
    let mut normalised = String::with_capacity(body.len());
    for c in body.chars() {
        match c {
            '0'..='9' => normalised.push(c),
            c if Some(c) == decimal_sep => normalised.push('.'),
            _ => {} // thousands separator
        }
    }
    if normalised.is_empty() || normalised == "." {
        return None;
    }
    if normalised.starts_with('.') {
        normalised.insert(0, '0');
    }
    if normalised.ends_with('.') {
        normalised.pop();
    }
    let d: Decimal = normalised.parse().ok()?;
    Some(if negative { -d } else { d })
}
