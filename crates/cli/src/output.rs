//! Printing results as pt-BR text or JSON, and the pt-BR number and date
//! formats used in text.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::{json, Value};

use crate::error::CliError;

/// Where and how a command prints.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    /// JSON instead of text.
    pub json: bool,
}

impl Output {
    /// Prints a result: `text` for people, `value` for `--json`.
    pub fn emit(&self, text: &str, value: Value) {
        if self.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
        } else {
            println!("{text}");
        }
    }

    /// Prints an error: always on stderr; with `--json` also as
    /// `{"erro": ...}` on stdout so scripts read one stream. An error the
    /// command already reported is not printed again, so stdout stays one
    /// JSON value.
    pub fn error(&self, e: &CliError) {
        if matches!(e, CliError::Reported(_)) {
            return;
        }
        if self.json {
            println!("{}", json!({ "ok": false, "erro": e.to_string() }));
        }
        eprintln!("erro: {e}");
    }
}

/// `R$ 1.234,56`.
pub fn brl(amount: Decimal) -> String {
    let mut a = amount.round_dp(2);
    a.rescale(2);
    let s = a.abs().to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if a.is_sign_negative() && !a.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}R$ {grouped},{frac}")
}

/// `dd/mm/aaaa`.
pub fn date_br(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Reads an amount typed either way: `10.00`, `10,00`, `1.234,56`.
pub fn parse_amount(s: &str) -> Result<Decimal, CliError> {
    let t = s.trim().trim_start_matches("R$").trim();
    let normalised = if t.contains(',') {
        t.replace('.', "").replace(',', ".")
    } else {
        t.to_string()
    };
    let valid = !normalised.is_empty()
        && normalised.chars().all(|c| c.is_ascii_digit() || c == '.')
        && normalised.matches('.').count() <= 1;
    if !valid {
        return Err(CliError::Argument(format!(
            "valor '{s}' inválido: use, por exemplo, 10,00 ou 10.00"
        )));
    }
    normalised
        .parse()
        .map_err(|_| CliError::Argument(format!("valor '{s}' inválido")))
}
