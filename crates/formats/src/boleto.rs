//! Boletos: bank slips (cobrança: 44-digit barcode, 47-digit linha
//! digitável) and collection slips (arrecadação/convênio: 44-digit barcode
//! and 48-digit linha starting with 8), following the FEBRABAN layouts.
//!
//! Bank slip barcode: bank (3), currency (1), general check digit (1),
//! fator de vencimento (4), amount in centavos (10), free field (25).
//! Collection slip barcode: `8`, segment (1), value kind (1, which also picks
//! mod 10 or mod 11), general check digit (1), amount (11), the rest free.
//!
//! Issuing bank slips (nosso número, campo livre, fator de vencimento) lives in [`issue`],
//! with one module per bank for its campo livre and check digits.

pub mod barcode;
mod bb;
mod bradesco;
mod caixa;
pub mod issue;
mod itau;
mod santander;
mod sicoob;

pub use barcode::barcode_svg;
pub use bradesco::nosso_numero_digit as bradesco_nosso_numero_digit;
pub use caixa::mod11_digit as caixa_mod11_digit;
pub use issue::{fator_vencimento, issue, Bank, BoletoAccount, IssuedBoleto};
pub use itau::nosso_numero_digit as itau_nosso_numero_digit;
pub use santander::nosso_numero_digit as santander_nosso_numero_digit;
pub use sicoob::nosso_numero_digit as sicoob_nosso_numero_digit;

use std::fmt;

use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Why a boleto was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BoletoError {
    /// Nothing was typed.
    #[error("informe a linha digitável ou o código de barras do boleto")]
    Empty,
    /// A character other than digits, spaces, dots, dashes and line breaks.
    #[error("caractere inválido '{0}' no boleto: use só os números")]
    InvalidChar(char),
    /// Not 44, 47 or 48 digits.
    #[error("o boleto tem {0} dígitos; o código de barras tem 44, a linha digitável tem 47 (bancário) ou 48 (convênio)")]
    WrongLength(usize),
    /// A 48-digit line that does not start with 8.
    #[error("linha de 48 dígitos deve começar com 8 (boleto de convênio/arrecadação)")]
    NotConvenio,
    /// A 47-digit line starting with 8: no bank code starts with 8, because
    /// a barcode starting with 8 is a collection slip.
    #[error("linha de 47 dígitos não pode começar com 8: nenhum código de banco começa com 8 (boletos de convênio têm 48 dígitos)")]
    BankCodeEight,
    /// One of the check digits of the fields of the linha digitável.
    #[error("o dígito do campo {field} da linha digitável não confere (esperado {expected}): confira a digitação desse trecho")]
    FieldDigit {
        /// Field number, 1 to 4.
        field: u8,
        /// The digit the field calls for.
        expected: u8,
    },
    /// The general check digit of the barcode.
    #[error("o dígito verificador geral do boleto não confere (esperado {expected}, encontrado {found})")]
    GeneralDigit {
        /// The digit the other 43 call for.
        expected: u8,
        /// The digit written.
        found: u8,
    },
    /// Currency code other than 9 (real) or 0 (other currency).
    #[error("código de moeda {0} inválido: esperado 9 (real)")]
    Currency(u8),
    /// Fator de vencimento 0001–0999, which no date uses since the 2000 cycle.
    #[error("fator de vencimento {0} inválido")]
    Fator(u16),
    /// Collection slip whose third digit is not 6, 7, 8 or 9.
    #[error("identificador de valor {0} inválido no boleto de convênio: esperado 6, 7, 8 ou 9")]
    ValueKind(u8),
    /// Building a barcode from parts that do not fit.
    #[error("dados do boleto inválidos: {0}")]
    Build(&'static str),
    /// A bank Retaguarda does not issue slips for.
    #[error("banco {0} não suportado: use 001, 033, 104, 237, 341 ou 756")]
    UnsupportedBank(String),
    /// A field of the beneficiary's account or of the slip that the bank's layout refuses.
    #[error("{field}: {reason}")]
    Field {
        /// The field, in pt-BR.
        field: &'static str,
        /// Why, in pt-BR.
        reason: String,
    },
}

/// Which layout a boleto follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoletoKind {
    /// Bank slip (cobrança), linha of 47 digits.
    Bancario,
    /// Collection slip (arrecadação/convênio: utilities, taxes), linha of 48.
    Convenio,
}

/// A valid boleto, with both representations and what they encode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Boleto {
    /// Bank or collection slip.
    pub kind: BoletoKind,
    /// The 44-digit barcode.
    pub barcode: String,
    /// The linha digitável, digits only (47 or 48).
    pub linha_digitavel: String,
    /// Bank code (bank slips), e.g. `104`.
    pub bank: Option<String>,
    /// Currency code (bank slips): 9 is the real.
    pub currency: Option<u8>,
    /// Amount; zero when the slip leaves it to the payer.
    pub amount: Decimal,
    /// Due date from the fator de vencimento (bank slips); `None` for fator
    /// 0000 and for collection slips, which carry no due date in the code.
    pub due_date: Option<NaiveDate>,
    /// The fator de vencimento as written (bank slips).
    pub fator: Option<u16>,
    /// Segment (collection slips): 1 prefeituras, 2 saneamento, 3 energia e
    /// gás, 4 telecomunicações, 5 órgãos governamentais, 6 empresas, 7 multas
    /// de trânsito, 9 uso do banco.
    pub segment: Option<u8>,
    /// Collection slips with value kind 7 or 9 carry a reference quantity,
    /// not an amount in reais.
    pub amount_is_reference: bool,
    /// The free field (bank slips, 25 digits) or the company/agreement part
    /// (collection slips, 29 digits).
    pub free_field: String,
}

impl Boleto {
    /// Parses a linha digitável (47 or 48 digits) or a barcode (44 digits).
    /// Spaces, dots, dashes and line breaks are ignored, as people paste them.
    /// `today` picks the due date the fator refers to (the nearest one).
    pub fn parse(input: &str, today: NaiveDate) -> Result<Boleto, BoletoError> {
        let digits = clean(input)?;
        match digits.len() {
            44 if digits.starts_with('8') => convenio_from_barcode(&digits),
            44 => bank_from_barcode(&digits, today),
            47 => {
                if digits.starts_with('8') {
                    return Err(BoletoError::BankCodeEight);
                }
                let barcode = bank_linha_to_barcode(&digits)?;
                bank_from_barcode(&barcode, today)
            }
            48 => {
                if !digits.starts_with('8') {
                    return Err(BoletoError::NotConvenio);
                }
                let barcode = convenio_linha_to_barcode(&digits)?;
                convenio_from_barcode(&barcode)
            }
            n => Err(BoletoError::WrongLength(n)),
        }
    }

    /// The linha digitável with the usual spacing:
    /// `10492.00650 61000.100042 00997.263900 9 89810000021403` or
    /// four blocks `NNNNNNNNNNN-D` (11 digits and the block's digit) for convênio.
    pub fn linha_formatada(&self) -> String {
        let l = &self.linha_digitavel;
        match self.kind {
            BoletoKind::Bancario => format!(
                "{}.{} {}.{} {}.{} {} {}",
                &l[0..5],
                &l[5..10],
                &l[10..15],
                &l[15..21],
                &l[21..26],
                &l[26..32],
                &l[32..33],
                &l[33..47]
            ),
            BoletoKind::Convenio => (0..4)
                .map(|b| {
                    format!(
                        "{}-{}",
                        &l[b * 12..b * 12 + 11],
                        &l[b * 12 + 11..b * 12 + 12]
                    )
                })
                .collect::<Vec<_>>()
                .join(" "),
        }
    }

    /// Builds a bank slip barcode from its parts, computing the general check
    /// digit. `fator` 0 means no due date; `free_field` has 25 digits.
    pub fn bank_barcode(
        bank: &str,
        currency: u8,
        fator: u16,
        amount_centavos: u64,
        free_field: &str,
    ) -> Result<String, BoletoError> {
        if bank.len() != 3 || !all_digits(bank) {
            return Err(BoletoError::Build("o banco tem 3 dígitos"));
        }
        // A barcode starting with 8 is read as a collection slip.
        if bank.starts_with('8') {
            return Err(BoletoError::Build("código de banco não pode começar com 8"));
        }
        if currency > 9 || fator > 9999 || amount_centavos > 9_999_999_999 {
            return Err(BoletoError::Build("moeda, fator ou valor fora do limite"));
        }
        if free_field.len() != 25 || !all_digits(free_field) {
            return Err(BoletoError::Build("o campo livre tem 25 dígitos"));
        }
        let without_dv = format!("{bank}{currency}{fator:04}{amount_centavos:010}{free_field}");
        let dv = bank_mod11(without_dv.as_bytes());
        Ok(format!("{}{dv}{}", &without_dv[..4], &without_dv[4..]))
    }

    /// Builds a collection slip barcode: `segment` 1–9, `value_kind` 6–9,
    /// `rest` the 29 digits after the amount.
    pub fn convenio_barcode(
        segment: u8,
        value_kind: u8,
        amount_centavos: u64,
        rest: &str,
    ) -> Result<String, BoletoError> {
        if !(1..=9).contains(&segment) || !(6..=9).contains(&value_kind) {
            return Err(BoletoError::Build("segmento ou identificador de valor"));
        }
        if amount_centavos > 99_999_999_999 || rest.len() != 29 || !all_digits(rest) {
            return Err(BoletoError::Build("valor ou campo livre"));
        }
        let without_dv = format!("8{segment}{value_kind}{amount_centavos:011}{rest}");
        let dv = convenio_digit(value_kind, without_dv.as_bytes());
        Ok(format!("{}{dv}{}", &without_dv[..3], &without_dv[3..]))
    }
}

impl fmt::Display for Boleto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.linha_formatada())
    }
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// Keeps the digits; spaces, dots, dashes and line breaks are separators.
fn clean(input: &str) -> Result<String, BoletoError> {
    let mut out = String::with_capacity(48);
    for c in input.chars() {
        match c {
            c if c.is_ascii_digit() => out.push(c),
            c if c.is_whitespace() => {}
            '.' | '-' => {}
            c => return Err(BoletoError::InvalidChar(c)),
        }
    }
    if out.is_empty() {
        return Err(BoletoError::Empty);
    }
    Ok(out)
}

fn digit(b: u8) -> u32 {
    u32::from(b - b'0')
}

/// Mod 10 with weights 2, 1, 2, … from the right, summing the digits of each
/// product (the linha's field digits and the mod-10 collection slips).
fn mod10(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &b)| {
            let p = digit(b) * if i % 2 == 0 { 2 } else { 1 };
            p / 10 + p % 10
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// Weighted sum mod 11 with weights 2..9 from the right, repeating.
fn mod11_remainder(digits: &[u8]) -> u32 {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &b)| digit(b) * (i as u32 % 8 + 2))
        .sum();
    sum % 11
}

/// General digit of a bank slip: 11 − remainder, with 0, 10 and 11 becoming
/// 1 (the barcode never has a 0 there).
fn bank_mod11(digits: &[u8]) -> u8 {
    let dv = 11 - mod11_remainder(digits);
    if dv == 0 || dv >= 10 {
        1
    } else {
        dv as u8
    }
}

/// Collection slip digits with mod 11: remainder 0 or 1 gives 0.
fn convenio_mod11(digits: &[u8]) -> u8 {
    let r = mod11_remainder(digits);
    if r < 2 {
        0
    } else {
        (11 - r) as u8
    }
}

/// The third digit of a collection slip picks the module: 6 and 7 use mod
/// 10, 8 and 9 mod 11.
fn convenio_digit(value_kind: u8, digits: &[u8]) -> u8 {
    if value_kind <= 7 {
        mod10(digits)
    } else {
        convenio_mod11(digits)
    }
}

/// Bank slip linha (47) to barcode (44), checking the three field digits.
fn bank_linha_to_barcode(l: &str) -> Result<String, BoletoError> {
    let b = l.as_bytes();
    let fields = [
        (&b[0..9], b[9], 1u8),
        (&b[10..20], b[20], 2),
        (&b[21..31], b[31], 3),
    ];
    for (body, dv, field) in fields {
        let expected = mod10(body);
        if digit(dv) != u32::from(expected) {
            return Err(BoletoError::FieldDigit { field, expected });
        }
    }
    // Barcode: bank+currency, general DV, fator+amount, free field.
    Ok(format!(
        "{}{}{}{}{}{}",
        &l[0..4],
        &l[32..33],
        &l[33..47],
        &l[4..9],
        &l[10..20],
        &l[21..31]
    ))
}

/// Bank slip barcode (44) to linha (47), adding the three field digits.
fn bank_barcode_to_linha(c: &str) -> String {
    let f1 = format!("{}{}", &c[0..4], &c[19..24]);
    let f2 = &c[24..34];
    let f3 = &c[34..44];
    format!(
        "{f1}{}{f2}{}{f3}{}{}{}",
        mod10(f1.as_bytes()),
        mod10(f2.as_bytes()),
        mod10(f3.as_bytes()),
        &c[4..5],
        &c[5..19]
    )
}

fn bank_from_barcode(c: &str, today: NaiveDate) -> Result<Boleto, BoletoError> {
    let b = c.as_bytes();
    let found = b[4] - b'0';
    let without_dv = format!("{}{}", &c[0..4], &c[5..44]);
    let expected = bank_mod11(without_dv.as_bytes());
    if expected != found {
        return Err(BoletoError::GeneralDigit { expected, found });
    }
    let currency = b[3] - b'0';
    if currency != 9 && currency != 0 {
        return Err(BoletoError::Currency(currency));
    }
    let fator: u16 = c[5..9]
        .parse()
        .map_err(|_| BoletoError::WrongLength(c.len()))?;
    let due_date = due_date(fator, today)?;
    let cents: i64 = c[9..19]
        .parse()
        .map_err(|_| BoletoError::WrongLength(c.len()))?;
    Ok(Boleto {
        kind: BoletoKind::Bancario,
        barcode: c.to_string(),
        linha_digitavel: bank_barcode_to_linha(c),
        bank: Some(c[0..3].to_string()),
        currency: Some(currency),
        amount: Decimal::new(cents, 2),
        due_date,
        fator: Some(fator),
        segment: None,
        amount_is_reference: false,
        free_field: c[19..44].to_string(),
    })
}

/// The base of the fator de vencimento.
fn fator_base() -> NaiveDate {
    NaiveDate::from_ymd_opt(1997, 10, 7).unwrap_or_default()
}

/// Fator 1000–9999 repeats every 9000 days (1000 was 2000-07-03 and again
/// 2025-02-22); the due date is the one of the cycle nearest to `today`.
pub fn due_date(fator: u16, today: NaiveDate) -> Result<Option<NaiveDate>, BoletoError> {
    if fator == 0 {
        return Ok(None);
    }
    if fator < 1000 {
        return Err(BoletoError::Fator(fator));
    }
    let first = fator_base() + Duration::days(i64::from(fator));
    let diff = (today - first).num_days();
    let cycles = (diff + 4500).div_euclid(9000);
    Ok(first.checked_add_signed(Duration::days(cycles * 9000)))
}

/// Collection slip linha (48) to barcode (44), checking each block's digit.
fn convenio_linha_to_barcode(l: &str) -> Result<String, BoletoError> {
    let b = l.as_bytes();
    let value_kind = b[2] - b'0';
    if !(6..=9).contains(&value_kind) {
        return Err(BoletoError::ValueKind(value_kind));
    }
    let mut barcode = String::with_capacity(44);
    for block in 0..4 {
        let body = &b[block * 12..block * 12 + 11];
        let dv = b[block * 12 + 11] - b'0';
        let expected = convenio_digit(value_kind, body);
        if dv != expected {
            return Err(BoletoError::FieldDigit {
                field: block as u8 + 1,
                expected,
            });
        }
        barcode.push_str(&l[block * 12..block * 12 + 11]);
    }
    Ok(barcode)
}

fn convenio_from_barcode(c: &str) -> Result<Boleto, BoletoError> {
    let b = c.as_bytes();
    let value_kind = b[2] - b'0';
    if !(6..=9).contains(&value_kind) {
        return Err(BoletoError::ValueKind(value_kind));
    }
    let found = b[3] - b'0';
    let without_dv = format!("{}{}", &c[0..3], &c[4..44]);
    let expected = convenio_digit(value_kind, without_dv.as_bytes());
    if expected != found {
        return Err(BoletoError::GeneralDigit { expected, found });
    }
    let mut linha = String::with_capacity(48);
    for block in 0..4 {
        let body = &c[block * 11..block * 11 + 11];
        linha.push_str(body);
        linha.push(char::from(
            b'0' + convenio_digit(value_kind, body.as_bytes()),
        ));
    }
    let cents: i64 = c[4..15]
        .parse()
        .map_err(|_| BoletoError::WrongLength(c.len()))?;
    Ok(Boleto {
        kind: BoletoKind::Convenio,
        barcode: c.to_string(),
        linha_digitavel: linha,
        bank: None,
        currency: None,
        amount: Decimal::new(cents, 2),
        due_date: None,
        fator: None,
        segment: Some(b[1] - b'0'),
        amount_is_reference: value_kind == 7 || value_kind == 9,
        free_field: c[15..44].to_string(),
    })
}
