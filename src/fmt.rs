//! pt-BR presentation of money and dates, and parsing of what people type.
//!
//! The domain keeps exact values (`Decimal`, `NaiveDate`); this module only turns them
//! into `R$ 1.234,56` and `dd/mm/aaaa` and back.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Errors from parsing what a person typed in a form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("Informe um valor.")]
    Empty,
    #[error("Valor inválido: \"{0}\". Use o formato 1.234,56.")]
    Money(String),
    #[error("Data inválida: \"{0}\". Use o formato dd/mm/aaaa.")]
    Date(String),
    #[error("Número inválido: \"{0}\". Use o formato 1,5.")]
    Number(String),
}

/// Formats an amount as Brazilian reais, e.g. `R$ 1.234,56` or `-R$ 10,00`, with a
/// no-break space so that "R$" never wraps away from its number. Text that leaves the app
/// (a message, the clipboard) goes through [`plain`] first.
pub fn brl(value: Decimal) -> String {
    retaguarda_core::money::brl(value).replace("R$ ", "R$\u{a0}")
}

/// An amount as a money field holds it: `1.234,56`, `-10,00` (the label carries "R$").
pub fn money_input(value: Decimal) -> String {
    plain(&brl(value)).replacen("R$ ", "", 1)
}

/// The text with ordinary spaces where the screens use no-break ones, for messages and the
/// clipboard (other apps may not expect U+00A0).
pub fn plain(text: &str) -> String {
    text.replace('\u{a0}', " ")
}

/// Formats a size in bytes as a phone's settings do: `850,0 KB`, `12,3 MB`, `10,0 GB`.
pub fn bytes(bytes: f64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    let mut value = bytes / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit]).replace('.', ",")
}

/// Formats a quantity with up to three decimals and a decimal comma, e.g. `1,5` or `12`.
pub fn quantity(value: Decimal) -> String {
    let text = value.round_dp(3).normalize().to_string();
    let (int_part, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text.clone(), None),
    };
    let (sign, digits) = match int_part.strip_prefix('-') {
        Some(rest) => ("-", rest.to_string()),
        None => ("", int_part),
    };
    match frac {
        Some(f) => format!("{sign}{},{f}", group_thousands(&digits)),
        None => format!("{sign}{}", group_thousands(&digits)),
    }
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Parses money as people type it: `1.234,56`, `1234,5`, `R$ 10`, `10.50` (a lone dot with
/// two decimals is read as a decimal point, as phones with a dot keypad send).
pub fn parse_brl(input: &str) -> Result<Decimal, InputError> {
    let cleaned: String = input
        .trim()
        .trim_start_matches("R$")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if cleaned.is_empty() {
        return Err(InputError::Empty);
    }
    let normalised = if cleaned.contains(',') {
        cleaned.replace('.', "").replace(',', ".")
    } else if let Some((_, frac)) = cleaned.rsplit_once('.') {
        if cleaned.matches('.').count() == 1 && frac.len() <= 2 {
            cleaned.clone()
        } else {
            cleaned.replace('.', "")
        }
    } else {
        cleaned.clone()
    };
    let valid = normalised
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && c == '-'));
    if !valid {
        return Err(InputError::Money(input.trim().to_string()));
    }
    let value =
        Decimal::from_str(&normalised).map_err(|_| InputError::Money(input.trim().to_string()))?;
    if value.scale() > 2 {
        return Err(InputError::Money(input.trim().to_string()));
    }
    Ok(value)
}

/// Reads a number as people type it: `1,5`, `1.234,5`, `10.25` (a lone dot is a decimal
/// point). No limit on decimals: the caller or the core checks them. Quantities, costs
/// with more than two decimals and percentages go through here; amounts in reais through
/// [`parse_brl`].
pub fn parse_number(input: &str) -> Result<Decimal, InputError> {
    let cleaned: String = input
        .trim()
        .trim_start_matches("R$")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if cleaned.is_empty() {
        return Err(InputError::Empty);
    }
    let normalised = if cleaned.contains(',') {
        cleaned.replace('.', "").replace(',', ".")
    } else {
        cleaned.clone()
    };
    Decimal::from_str(&normalised).map_err(|_| InputError::Number(input.trim().to_string()))
}

/// A fraction as a percentage field holds it, with every digit it has: 0,075 is `7,5`.
pub fn percent_input(rate: Decimal) -> String {
    decimal_input(rate * Decimal::ONE_HUNDRED)
}

/// Reads a percentage as typed (`7,5`) into the fraction it stands for (0,075).
pub fn parse_percent(input: &str) -> Result<Decimal, InputError> {
    parse_number(input).map(|p| p / Decimal::ONE_HUNDRED)
}

/// A number with a decimal comma and every digit it has, no grouping: `0,133145`.
pub fn decimal_input(value: Decimal) -> String {
    value.normalize().to_string().replace('.', ",")
}

/// An optional number: blank gives `None`.
pub fn parse_optional_number(input: &str) -> Result<Option<Decimal>, InputError> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        parse_number(input).map(Some)
    }
}

/// What a date field shows for what was typed: an ISO date (from a link or a default)
/// becomes `dd/mm/aaaa`, and digits typed in the field's mask get their slashes as they
/// come (`0903` gives `09/03`). Anything else is left as typed, for [`parse_date`] to judge.
pub fn date_as_typed(typed: &str) -> String {
    let text = typed.trim();
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return date(day);
    }
    let segments: Vec<&str> = text.split('/').collect();
    let in_mask = text.chars().all(|c| c.is_ascii_digit() || c == '/')
        && segments.len() <= 3
        && segments[..segments.len() - 1].iter().all(|s| s.len() == 2);
    if !in_mask {
        return typed.to_string();
    }
    let digits: Vec<char> = text.chars().filter(char::is_ascii_digit).take(8).collect();
    let mut out = String::with_capacity(10);
    for (i, c) in digits.iter().enumerate() {
        if i == 2 || i == 4 {
            out.push('/');
        }
        out.push(*c);
    }
    // A slash the person typed after a whole day or month stays.
    if text.ends_with('/') && (digits.len() == 2 || digits.len() == 4) {
        out.push('/');
    }
    out
}

/// Formats a date as `dd/mm/aaaa`.
pub fn date(value: NaiveDate) -> String {
    retaguarda_core::money::date_br(value)
}

/// Parses `dd/mm/aaaa` or the ISO form that `<input type="date">` gives.
pub fn parse_date(input: &str) -> Result<NaiveDate, InputError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(InputError::Empty);
    }
    NaiveDate::parse_from_str(text, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .map_err(|_| InputError::Date(text.to_string()))
}

/// The pt-BR name of a document collection, for summaries such as a backup's preview.
pub fn collection_label(key: &str) -> &str {
    match key {
        "accounts" => "Contas",
        "categories" => "Categorias",
        "entries" => "Lançamentos",
        "transfers" => "Transferências",
        "recurrences" => "Recorrências",
        "charges" => "Cobranças",
        "parties" => "Clientes e fornecedores",
        "products" => "Produtos",
        "movements" => "Movimentos de estoque",
        "sales" => "Vendas",
        "purchases" => "Compras",
        "card_machines" => "Maquininhas",
        "staff" => "Pessoas da equipe",
        "vacations" => "Férias",
        "payroll_tables" => "Tabelas da folha",
        "payroll_runs" => "Folhas de pagamento",
        "bank_lines" => "Linhas de extrato",
        "bank_balances" => "Saldos de extrato",
        "devices" => "Aparelhos",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn percentages_as_typed_and_shown() {
        assert_eq!(percent_input(d("0.075")), "7,5");
        assert_eq!(percent_input(d("0.08")), "8");
        assert_eq!(parse_percent("7,5"), Ok(d("0.075")));
        assert_eq!(parse_percent("27.5"), Ok(d("0.275")));
        assert!(matches!(parse_percent("nove"), Err(InputError::Number(_))));
        assert_eq!(decimal_input(d("0.133145")), "0,133145");
        assert_eq!(decimal_input(d("908.7300")), "908,73");
    }

    #[test]
    fn formats_reais_with_thousands_and_comma() {
        let shown = |v: &str| plain(&brl(d(v)));
        assert_eq!(shown("1234.56"), "R$ 1.234,56");
        assert_eq!(shown("0"), "R$ 0,00");
        assert_eq!(shown("6"), "R$ 6,00");
        assert_eq!(shown("1234567.8"), "R$ 1.234.567,80");
        assert_eq!(shown("-10.005"), "-R$ 10,01");
        assert_eq!(shown("999.999"), "R$ 1.000,00");
    }

    #[test]
    fn money_fields_hold_the_number_alone() {
        assert_eq!(money_input(d("1234.5")), "1.234,50");
        assert_eq!(money_input(d("-10")), "-10,00");
        assert_eq!(parse_brl(&money_input(d("1234.5"))), Ok(d("1234.50")));
    }

    #[test]
    fn reais_never_wrap_away_from_the_number() {
        assert_eq!(brl(d("1234.56")), "R$\u{a0}1.234,56");
        assert_eq!(brl(d("-10")), "-R$\u{a0}10,00");
        assert!(!brl(d("1234567.8")).contains(' '));
    }

    #[test]
    fn formats_sizes_in_the_largest_unit() {
        assert_eq!(bytes(10_742_366_208.0), "10,0 GB");
        assert_eq!(bytes(12.3 * 1_048_576.0), "12,3 MB");
        assert_eq!(bytes(512.0 * 1024.0), "512,0 KB");
    }

    #[test]
    fn formats_quantities() {
        assert_eq!(quantity(d("1.500")), "1,5");
        assert_eq!(quantity(d("12")), "12");
        assert_eq!(quantity(d("-3.25")), "-3,25");
        assert_eq!(quantity(d("12345")), "12.345");
    }

    #[test]
    fn parses_money_as_typed() {
        assert_eq!(parse_brl("1.234,56"), Ok(d("1234.56")));
        assert_eq!(parse_brl("R$ 10"), Ok(d("10")));
        assert_eq!(parse_brl("10,5"), Ok(d("10.5")));
        assert_eq!(parse_brl("10.50"), Ok(d("10.50")));
        assert_eq!(parse_brl("1.234"), Ok(d("1234")));
        assert_eq!(parse_brl(""), Err(InputError::Empty));
        assert!(matches!(parse_brl("dez"), Err(InputError::Money(_))));
        assert!(matches!(parse_brl("1,234"), Err(InputError::Money(_))));
    }

    #[test]
    fn numbers_as_typed() {
        assert_eq!(parse_number("1,5"), Ok(d("1.5")));
        assert_eq!(parse_number("1.234,5"), Ok(d("1234.5")));
        assert_eq!(parse_number("10.25"), Ok(d("10.25")));
        assert!(matches!(parse_number("dez"), Err(InputError::Number(_))));
        assert_eq!(parse_optional_number("  "), Ok(None));
    }

    #[test]
    fn date_fields_show_the_brazilian_form() {
        assert_eq!(date_as_typed("2026-03-09"), "09/03/2026");
        assert_eq!(date_as_typed("0"), "0");
        assert_eq!(date_as_typed("09"), "09");
        assert_eq!(date_as_typed("09/"), "09/");
        assert_eq!(date_as_typed("090"), "09/0");
        assert_eq!(date_as_typed("09/032"), "09/03/2");
        assert_eq!(date_as_typed("09032026"), "09/03/2026");
        assert_eq!(date_as_typed("09/03/20261"), "09/03/2026");
        // Typed another way: left for parse_date, which reads it.
        assert_eq!(date_as_typed("9/3/2026"), "9/3/2026");
        assert_eq!(
            parse_date(&date_as_typed("9/3/2026")),
            parse_date("09/03/2026")
        );
    }

    #[test]
    fn dates_round_trip() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        assert_eq!(date(day), "09/03/2026");
        assert_eq!(parse_date("09/03/2026"), Ok(day));
        assert_eq!(parse_date("2026-03-09"), Ok(day));
        assert!(matches!(parse_date("31/02/2026"), Err(InputError::Date(_))));
    }
}
