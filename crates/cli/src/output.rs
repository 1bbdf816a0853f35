//! Printing results as pt-BR text or JSON, and the pt-BR number and date
//! formats used in text.
//!
//! Everything goes through [`print_out`] and [`print_err`], never `println!`: when the
//! reader of a pipe goes away (`retaguarda export ... | head -1`) the tool stops quietly
//! instead of panicking with "failed printing to stdout: Broken pipe".

use std::io::Write;

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
            print_out(&format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            ));
        } else {
            print_out(&format!("{text}\n"));
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
        self.error_message(&e.to_string());
    }

    /// Prints an error message the same way as [`Output::error`].
    pub fn error_message(&self, message: &str) {
        if self.json {
            print_out(&format!("{}\n", json!({ "ok": false, "erro": message })));
        }
        print_err(&format!("erro: {message}\n"));
    }
}

/// Writes to stdout. A closed pipe ends the program quietly with status 0: whoever read
/// the output has all they wanted. Any other failure is reported on stderr (status 3).
pub fn print_out(text: &str) {
    let mut out = std::io::stdout().lock();
    let result = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    match result {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => {
            print_err(&format!(
                "erro: não foi possível escrever a saída: {}\n",
                crate::error::io_reason(&e)
            ));
            std::process::exit(3);
        }
    }
}

/// Writes to stderr; if even that fails there is nobody left to tell.
pub fn print_err(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// The text a message may quote of what a person typed: the beginning of it, and how
/// long it was, so a hostile 100,000-character argument is not echoed whole.
pub fn quote(text: &str) -> String {
    retaguarda_formats::ofx::quote(text)
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
            "valor '{}' inválido: use, por exemplo, 10,00 ou 10.00",
            quote(s)
        )));
    }
    normalised
        .parse()
        .map_err(|_| CliError::Argument(format!("valor '{}' inválido", quote(s))))
}
