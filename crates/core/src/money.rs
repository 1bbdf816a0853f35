//! Money rules shared by every module: validation of amounts typed by a person and the
//! pt-BR formatting used in error messages (R$ 1.234,56, dd/mm/aaaa).

use crate::error::{CoreError, CoreResult};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Checks an amount of money that must be positive and have at most two decimal places
/// (centavos); returns it with exactly two decimal places.
pub fn positive(field: &'static str, value: Decimal) -> CoreResult<Decimal> {
    let v = any(field, value)?;
    if v <= Decimal::ZERO {
        return Err(CoreError::invalid(
            field,
            "o valor deve ser maior que zero.",
        ));
    }
    Ok(v)
}

/// Checks an amount of money of any sign with at most two decimal places; returns it with
/// exactly two decimal places.
pub fn any(field: &'static str, value: Decimal) -> CoreResult<Decimal> {
    if value.normalize().scale() > 2 {
        return Err(CoreError::invalid(
            field,
            "use no máximo duas casas decimais (centavos).",
        ));
    }
    let mut v = value;
    v.rescale(2);
    Ok(v)
}

/// Formats money the Brazilian way: `R$ 1.234,56`, `-R$ 10,00`.
pub fn brl(value: Decimal) -> String {
    // Half away from zero, as people and banks round centavos.
    let mut v =
        value.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    v.rescale(2);
    let negative = v.is_sign_negative() && !v.is_zero();
    let text = v.abs().to_string();
    let (int_part, frac) = text.split_once('.').unwrap_or((text.as_str(), "00"));
    let mut grouped = String::new();
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    format!("{}R$ {},{}", if negative { "-" } else { "" }, grouped, frac)
}

/// Formats a date as `dd/mm/aaaa`.
pub fn date_br(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Most characters a name or description may have: enough for any real one, and a pasted
/// page of text is refused instead of stored (and shown) whole.
pub const MAX_TEXT: usize = 200;

/// Trims a required text field and rejects it when empty or longer than [`MAX_TEXT`].
pub fn required_text(field: &'static str, value: &str) -> CoreResult<String> {
    limited_text(field, value, MAX_TEXT)
}

/// Trims a required text field and rejects it when empty or longer than `max` characters.
pub fn limited_text(field: &'static str, value: &str, max: usize) -> CoreResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(CoreError::invalid(field, "preencha este campo."));
    }
    let len = v.chars().count();
    if len > max {
        return Err(CoreError::invalid(
            field,
            format!("use no máximo {max} caracteres (há {len})."),
        ));
    }
    Ok(v.to_string())
}

/// Trims an optional text field; blank becomes `None`.
pub fn optional_text(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn formats_brl() {
        let d = |s: &str| Decimal::from_str(s).unwrap_or_default();
        assert_eq!(brl(d("1234.5")), "R$ 1.234,50");
        assert_eq!(brl(d("6")), "R$ 6,00");
        assert_eq!(brl(d("-1000000.01")), "-R$ 1.000.000,01");
        assert_eq!(brl(d("0.00")), "R$ 0,00");
    }
}
