//! GTIN product barcodes (GTIN-8, GTIN-12/UPC-A, GTIN-13/EAN-13, GTIN-14):
//! check digit and parsing.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a GTIN was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GtinError {
    /// Nothing was typed.
    #[error("informe o código de barras do produto")]
    Empty,
    /// Something other than a digit.
    #[error("o código de barras só pode ter números (encontrado '{0}')")]
    InvalidChar(char),
    /// Not 8, 12, 13 or 14 digits.
    #[error("o código de barras tem {0} dígitos; um GTIN tem 8, 12, 13 ou 14")]
    WrongLength(usize),
    /// The last digit does not match.
    #[error("código de barras inválido: o dígito verificador deveria ser {expected}")]
    CheckDigit {
        /// The check digit the other digits call for.
        expected: u8,
    },
}

/// A valid GTIN, kept as its digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Gtin(String);

impl Gtin {
    /// Parses a GTIN-8/12/13/14; surrounding spaces are ignored.
    pub fn parse(input: &str) -> Result<Gtin, GtinError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(GtinError::Empty);
        }
        if let Some(c) = s.chars().find(|c| !c.is_ascii_digit()) {
            return Err(GtinError::InvalidChar(c));
        }
        if !matches!(s.len(), 8 | 12 | 13 | 14) {
            return Err(GtinError::WrongLength(s.len()));
        }
        let (body, last) = s.split_at(s.len() - 1);
        let expected = check_digit(body);
        if last.as_bytes()[0] - b'0' != expected {
            return Err(GtinError::CheckDigit { expected });
        }
        Ok(Gtin(s.to_string()))
    }

    /// Builds a GTIN from all digits but the last, appending the check digit.
    pub fn from_body(body: &str) -> Result<Gtin, GtinError> {
        if let Some(c) = body.chars().find(|c| !c.is_ascii_digit()) {
            return Err(GtinError::InvalidChar(c));
        }
        Gtin::parse(&format!("{body}{}", check_digit(body)))
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number of digits: 8, 12, 13 or 14.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Never true: a valid GTIN has at least 8 digits.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The same code padded with zeros to 14 digits, for comparing codes of
    /// different lengths.
    pub fn to_gtin14(&self) -> String {
        format!("{:0>14}", self.0)
    }
}

/// GS1 check digit: weights 3 and 1 alternate from the right of the body.
fn check_digit(body: &str) -> u8 {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

impl fmt::Display for Gtin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Gtin {
    type Err = GtinError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Gtin::parse(s)
    }
}

impl Serialize for Gtin {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Gtin {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Gtin::parse(&s).map_err(serde::de::Error::custom)
    }
}
