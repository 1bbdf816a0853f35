//! Property tests: generated boletos validate in both representations, and
//! changing any one digit is rejected.
//!
//! Check-digit collisions (inherent to the FEBRABAN rules, documented here
//! and checked to be the only accepted changes):
//! - Bank slips: the general digit is 11 − (sum mod 11) with 0, 10 and 11
//!   all written as 1, so remainders 0, 1 and 10 share the digit 1. A change
//!   in the barcode that moves the remainder within {0, 1, 10} keeps the
//!   digit. In the linha, fields 1–3 also have their own mod-10 digit, which
//!   catches every single-digit change, so collisions are only possible in
//!   field 5 (fator and amount).
//! - Collection slips with mod 11 (third digit 8 or 9): remainders 0 and 1
//!   both give 0, in each block's digit and in the general digit.
//! - Mod 10 (the linha fields, collection slips 6 and 7) catches every
//!   single-digit change.
//! - Layout switch: the leading 8 is what marks a 44-digit barcode as a
//!   collection slip. Changing it makes the code a bank slip barcode, which
//!   the bank rules then check; it passes when its fifth digit happens to be
//!   the right general digit (about one time in ten) and the fourth is a
//!   valid currency. It is then read, and shown, as a bank slip. The other
//!   way round, a bank slip barcode whose first digit becomes 8 is checked
//!   as a collection slip and passes by the same chance.
//! - Module switch: the third digit of a collection slip picks mod 10 (6, 7)
//!   or mod 11 (8, 9). Changing it across the two groups makes the digits be
//!   checked by the other module, and they pass by chance about one time in
//!   ten.

use chrono::NaiveDate;
use proptest::prelude::*;
use retaguarda_formats::boleto::{Boleto, BoletoKind};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
}

fn mod11_remainder(digits: &[u8]) -> u32 {
    digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &b)| u32::from(b - b'0') * (i as u32 % 8 + 2))
        .sum::<u32>()
        % 11
}

/// The remainder behind a bank slip's general digit (digit 5 left out).
fn bank_remainder(barcode: &str) -> u32 {
    let b = barcode.as_bytes();
    let body: Vec<u8> = b[..4].iter().chain(&b[5..]).copied().collect();
    mod11_remainder(&body)
}

fn bank_barcode() -> impl Strategy<Value = String> {
    (
        "[0-79][0-9]{2}",
        prop_oneof![Just(0u16), 1000u16..=9999],
        0u64..=9_999_999_999,
        "[0-9]{25}",
    )
        .prop_map(|(bank, fator, cents, free)| {
            Boleto::bank_barcode(&bank, 9, fator, cents, &free).unwrap()
        })
}

fn convenio_barcode() -> impl Strategy<Value = String> {
    (1u8..=9, 6u8..=9, 0u64..=99_999_999_999, "[0-9]{29}").prop_map(
        |(segment, kind, cents, rest)| {
            Boleto::convenio_barcode(segment, kind, cents, &rest).unwrap()
        },
    )
}

fn change(s: &str, pos: usize, delta: u8) -> String {
    let mut bytes = s.as_bytes().to_vec();
    let pos = pos % bytes.len();
    bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
    String::from_utf8(bytes).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn bank_slip_validates_both_ways(barcode in bank_barcode()) {
        let b = Boleto::parse(&barcode, today()).unwrap();
        prop_assert_eq!(&b.barcode, &barcode);
        let again = Boleto::parse(&b.linha_digitavel, today()).unwrap();
        prop_assert_eq!(&again, &b);
        prop_assert_eq!(Boleto::parse(&b.linha_formatada(), today()).unwrap(), b);
    }

    #[test]
    fn bank_barcode_one_changed_digit(barcode in bank_barcode(), pos in 0usize..44, delta in 1u8..10) {
        let changed = change(&barcode, pos, delta);
        if let Ok(parsed) = Boleto::parse(&changed, today()) {
            if pos % 44 == 0 && parsed.kind == BoletoKind::Convenio {
                return Ok(());
            }
            let (a, b) = (bank_remainder(&barcode), bank_remainder(&changed));
            prop_assert!(pos % 44 != 4, "general digit changed and accepted: {}", changed);
            prop_assert!([0, 1, 10].contains(&a) && [0, 1, 10].contains(&b),
                "{} accepted (remainders {} -> {})", changed, a, b);
        }
    }

    #[test]
    fn bank_linha_one_changed_digit(barcode in bank_barcode(), pos in 0usize..47, delta in 1u8..10) {
        let linha = Boleto::parse(&barcode, today()).unwrap().linha_digitavel;
        let changed = change(&linha, pos, delta);
        if let Ok(b) = Boleto::parse(&changed, today()) {
            prop_assert!(pos >= 33, "change in fields 1-4 accepted: {}", changed);
            let (x, y) = (bank_remainder(&barcode), bank_remainder(&b.barcode));
            prop_assert!([0, 1, 10].contains(&x) && [0, 1, 10].contains(&y));
        }
    }

    #[test]
    fn convenio_validates_both_ways(barcode in convenio_barcode()) {
        let b = Boleto::parse(&barcode, today()).unwrap();
        prop_assert_eq!(&b.barcode, &barcode);
        prop_assert_eq!(Boleto::parse(&b.linha_digitavel, today()).unwrap(), b.clone());
        prop_assert_eq!(Boleto::parse(&b.linha_formatada(), today()).unwrap(), b);
    }

    #[test]
    fn convenio_one_changed_digit(barcode in convenio_barcode(), pos in 0usize..48, delta in 1u8..10, linha in any::<bool>()) {
        let b = Boleto::parse(&barcode, today()).unwrap();
        let original = if linha { b.linha_digitavel.clone() } else { barcode.clone() };
        let changed = change(&original, pos, delta);
        if let Ok(parsed) = Boleto::parse(&changed, today()) {
            if !linha && pos % original.len() == 0 {
                prop_assert_eq!(parsed.kind, BoletoKind::Bancario);
                return Ok(());
            }
            let kind = barcode.as_bytes()[2] - b'0';
            let new_kind = parsed.barcode.as_bytes()[2] - b'0';
            if pos % original.len() == 2 && (kind >= 8) != (new_kind >= 8) {
                return Ok(());
            }
            prop_assert!(kind >= 8, "mod-10 slip accepted a change: {}", changed);
            // Mod 11: the general digit's remainder moved between 0 and 1.
            let body = |c: &str| -> Vec<u8> {
                c.as_bytes()[..3].iter().chain(&c.as_bytes()[4..]).copied().collect()
            };
            let new_barcode = Boleto::parse(&changed, today()).unwrap().barcode;
            let (x, y) = (mod11_remainder(&body(&barcode)), mod11_remainder(&body(&new_barcode)));
            prop_assert!(x < 2 && y < 2, "{} accepted (remainders {} -> {})", changed, x, y);
        }
    }
}
