//! CPF and CNPJ (Brazilian tax ids): check digits, masks and parsing.
//!
//! The CNPJ follows the alphanumeric rule in force from July 2026: the first
//! twelve characters may be digits or upper-case letters, each worth its ASCII
//! code minus 48, and the two check digits stay numeric. Numeric CNPJs are the
//! special case where every character is a digit, so one rule covers both.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Which kind of tax id a [`TaxId`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DocKind {
    /// Cadastro de Pessoas Físicas (11 digits).
    Cpf,
    /// Cadastro Nacional da Pessoa Jurídica (14 characters).
    Cnpj,
}

impl DocKind {
    /// The name people use for it.
    pub fn label(self) -> &'static str {
        match self {
            DocKind::Cpf => "CPF",
            DocKind::Cnpj => "CNPJ",
        }
    }
}

impl fmt::Display for DocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Why a CPF or CNPJ was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DocError {
    /// Nothing was typed.
    #[error("informe um CPF ou CNPJ")]
    Empty,
    /// A character that no CPF or CNPJ can contain.
    #[error("caractere inválido '{0}' no documento")]
    InvalidChar(char),
    /// Neither 11 (CPF) nor 14 (CNPJ) characters.
    #[error("o documento tem {0} caracteres; um CPF tem 11 dígitos e um CNPJ tem 14")]
    WrongLength(usize),
    /// A CPF with a letter, or a CNPJ with a letter where only digits go.
    #[error("{kind} com letra em posição que só aceita números")]
    LetterNotAllowed {
        /// The kind the length pointed to.
        kind: DocKind,
    },
    /// All characters equal (e.g. 111.111.111-11): passes the arithmetic but
    /// the Receita Federal never issues it.
    #[error("{kind} com todos os dígitos iguais não é válido")]
    Repeated {
        /// The kind the length pointed to.
        kind: DocKind,
    },
    /// The check digits do not match.
    #[error("{kind} inválido: os dígitos verificadores não conferem (esperado {expected})")]
    CheckDigits {
        /// The kind the length pointed to.
        kind: DocKind,
        /// The two check digits the base calls for.
        expected: String,
    },
}

/// A valid CPF or CNPJ, kept in canonical form (unmasked, upper case).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaxId {
    kind: DocKind,
    digits: String,
}

impl TaxId {
    /// Parses a CPF or CNPJ, masked or not, with surrounding spaces.
    ///
    /// Mask characters (`.`, `-`, `/`) and spaces are ignored; letters are
    /// accepted in either case for the alphanumeric CNPJ.
    pub fn parse(input: &str) -> Result<TaxId, DocError> {
        let mut canon = String::with_capacity(14);
        for c in input.chars() {
            match c {
                '.' | '-' | '/' => {}
                c if c.is_whitespace() => {}
                c if c.is_ascii_digit() => canon.push(c),
                c if c.is_ascii_alphabetic() => canon.push(c.to_ascii_uppercase()),
                c => return Err(DocError::InvalidChar(c)),
            }
        }
        if canon.is_empty() {
            return Err(DocError::Empty);
        }
        match canon.len() {
            11 => validate(DocKind::Cpf, canon),
            14 => validate(DocKind::Cnpj, canon),
            n => Err(DocError::WrongLength(n)),
        }
    }

    /// Builds a CPF from its first nine digits, computing the check digits.
    pub fn cpf_from_base(base: &str) -> Result<TaxId, DocError> {
        if base.len() != 9 {
            return Err(DocError::WrongLength(base.len()));
        }
        let dv = check_digits(DocKind::Cpf, base.as_bytes())?;
        TaxId::parse(&format!("{base}{dv}"))
    }

    /// Builds a CNPJ (numeric or alphanumeric) from its first twelve
    /// characters, computing the check digits.
    pub fn cnpj_from_base(base: &str) -> Result<TaxId, DocError> {
        let upper = base.to_ascii_uppercase();
        if upper.len() != 12 {
            return Err(DocError::WrongLength(upper.len()));
        }
        let dv = check_digits(DocKind::Cnpj, upper.as_bytes())?;
        TaxId::parse(&format!("{upper}{dv}"))
    }

    /// CPF or CNPJ.
    pub fn kind(&self) -> DocKind {
        self.kind
    }

    /// Canonical form: unmasked, upper case.
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// Masked form: `000.000.000-00` or `00.000.000/0000-00`.
    pub fn formatted(&self) -> String {
        let d = &self.digits;
        match self.kind {
            DocKind::Cpf => format!("{}.{}.{}-{}", &d[0..3], &d[3..6], &d[6..9], &d[9..11]),
            DocKind::Cnpj => format!(
                "{}.{}.{}/{}-{}",
                &d[0..2],
                &d[2..5],
                &d[5..8],
                &d[8..12],
                &d[12..14]
            ),
        }
    }

    /// True for a CNPJ that has a letter in it (the 2026 form).
    pub fn is_alphanumeric_cnpj(&self) -> bool {
        self.kind == DocKind::Cnpj && self.digits.bytes().any(|b| b.is_ascii_alphabetic())
    }
}

/// Checks one canonical candidate of the given kind.
fn validate(kind: DocKind, canon: String) -> Result<TaxId, DocError> {
    let bytes = canon.as_bytes();
    let n = bytes.len();
    // Letters only in the CNPJ base; check digits are always numeric.
    let letters_allowed = |i: usize| kind == DocKind::Cnpj && i < 12;
    if bytes
        .iter()
        .enumerate()
        .any(|(i, b)| b.is_ascii_alphabetic() && !letters_allowed(i))
    {
        return Err(DocError::LetterNotAllowed { kind });
    }
    if bytes.iter().all(|&b| b == bytes[0]) {
        return Err(DocError::Repeated { kind });
    }
    let expected = check_digits(kind, &bytes[..n - 2])?;
    if expected.as_bytes() != &bytes[n - 2..] {
        return Err(DocError::CheckDigits { kind, expected });
    }
    Ok(TaxId {
        kind,
        digits: canon,
    })
}

/// The value of one character: its ASCII code minus 48 (digits 0-9, letters
/// A=17 … Z=42), as the RFB alphanumeric CNPJ rule says.
fn char_value(b: u8) -> u32 {
    u32::from(b) - 48
}

/// Mod-11 check digit with the RFB convention: remainder 0 or 1 gives 0.
fn mod11_digit(values: &[u32], weights: impl Iterator<Item = u32>) -> u32 {
    let sum: u32 = values.iter().zip(weights).map(|(v, w)| v * w).sum();
    let r = sum % 11;
    if r < 2 {
        0
    } else {
        11 - r
    }
}

/// Both check digits for a base (9 digits for a CPF, 12 characters for a
/// CNPJ), as a two-character string.
fn check_digits(kind: DocKind, base: &[u8]) -> Result<String, DocError> {
    for &b in base {
        let ok = match kind {
            DocKind::Cpf => b.is_ascii_digit(),
            DocKind::Cnpj => b.is_ascii_digit() || b.is_ascii_uppercase(),
        };
        if !ok {
            return Err(if b.is_ascii_alphabetic() {
                DocError::LetterNotAllowed { kind }
            } else {
                DocError::InvalidChar(char::from(b))
            });
        }
    }
    let mut values: Vec<u32> = base.iter().map(|&b| char_value(b)).collect();
    let (d1, d2) = match kind {
        DocKind::Cpf => {
            let d1 = mod11_digit(&values, (2..=10).rev());
            values.push(d1);
            let d2 = mod11_digit(&values, (2..=11).rev());
            (d1, d2)
        }
        DocKind::Cnpj => {
            // Weights run 2..9 from the right and wrap around.
            let w = |len: usize| (0..len).rev().map(|i| (i as u32 % 8) + 2);
            let d1 = mod11_digit(&values, w(values.len()));
            values.push(d1);
            let d2 = mod11_digit(&values, w(values.len()));
            (d1, d2)
        }
    };
    Ok(format!("{d1}{d2}"))
}

impl fmt::Display for TaxId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted())
    }
}

impl FromStr for TaxId {
    type Err = DocError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TaxId::parse(s)
    }
}

impl Serialize for TaxId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.digits)
    }
}

impl<'de> Deserialize<'de> for TaxId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        TaxId::parse(&s).map_err(serde::de::Error::custom)
    }
}
