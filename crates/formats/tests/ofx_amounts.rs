//! OFX amounts: every way a bank writes a number reads back to the same
//! exact value.

use proptest::prelude::*;
use retaguarda_formats::ofx::{optional_date, parse_amount};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

#[test]
fn written_forms() {
    assert_eq!(parse_amount("-1234.56"), Some(dec!(-1234.56)));
    assert_eq!(parse_amount("-1234,56"), Some(dec!(-1234.56)));
    assert_eq!(parse_amount("1.234,56"), Some(dec!(1234.56)));
    assert_eq!(parse_amount("1,234.56"), Some(dec!(1234.56)));
    assert_eq!(parse_amount("1.234.567"), Some(dec!(1234567)));
    assert_eq!(parse_amount("+10"), Some(dec!(10)));
    assert_eq!(parse_amount(" - 7,3 "), Some(dec!(-7.3)));
    assert_eq!(parse_amount(",50"), Some(dec!(0.50)));
    assert_eq!(parse_amount("150000"), Some(dec!(150000)));
    assert_eq!(parse_amount(""), None);
    assert_eq!(parse_amount("-"), None);
    assert_eq!(parse_amount("1e5"), None);
    assert_eq!(parse_amount("."), None);
}

#[test]
fn dates() {
    let d = |y, m, dd| chrono::NaiveDate::from_ymd_opt(y, m, dd);
    assert_eq!(optional_date("20250131"), d(2025, 1, 31));
    assert_eq!(optional_date("20250131235959.999[-3:BRT]"), d(2025, 1, 31));
    assert_eq!(optional_date("20250131000000[+12:NZST]"), d(2025, 1, 31));
    assert_eq!(optional_date("00000000"), None);
    assert_eq!(optional_date("20250230"), None);
    assert_eq!(optional_date("2025"), None);
    assert_eq!(optional_date("2025-01-31"), None);
}

fn with_thousands(int: &str, sep: char) -> String {
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

proptest! {
    #[test]
    fn every_written_form_reads_back(cents in -99_999_999_999i64..=99_999_999_999i64, style in 0usize..4) {
        let value = Decimal::new(cents, 2);
        let abs = value.abs().to_string();
        let (int, frac) = abs.split_once('.').unwrap();
        let sign = if cents < 0 { "-" } else { "" };
        let text = match style {
            0 => format!("{sign}{int}.{frac}"),
            1 => format!("{sign}{int},{frac}"),
            2 => format!("{sign}{},{frac}", with_thousands(int, '.')),
            _ => format!("{sign}{}.{frac}", with_thousands(int, ',')),
        };
        prop_assert_eq!(parse_amount(&text), Some(value), "{}", text);
    }
}
