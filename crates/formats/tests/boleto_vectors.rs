//! Boleto: the published pair, due dates across the 2025 fator reset,
//! collection slips and the error reasons.

use chrono::NaiveDate;
use retaguarda_formats::boleto::{due_date, Boleto, BoletoError, BoletoKind};
use rust_decimal_macros::dec;

const BARCODE: &str = "10499898100000214032006561000100040099726390";
const LINHA: &str = "10492006506100010004200997263900989810000021403";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn published_pair_converts_both_ways() {
    let today = d(2022, 5, 1);
    let from_barcode = Boleto::parse(BARCODE, today).unwrap();
    let from_linha = Boleto::parse(LINHA, today).unwrap();
    assert_eq!(from_barcode, from_linha);
    assert_eq!(from_barcode.barcode, BARCODE);
    assert_eq!(from_barcode.linha_digitavel, LINHA);
    assert_eq!(from_barcode.kind, BoletoKind::Bancario);
    assert_eq!(from_barcode.bank.as_deref(), Some("104"));
    assert_eq!(from_barcode.currency, Some(9));
    assert_eq!(from_barcode.amount, dec!(214.03));
    assert_eq!(from_barcode.fator, Some(8981));
    // 1997-10-07 + 8981 days.
    assert_eq!(from_barcode.due_date, Some(d(2022, 5, 10)));
    assert_eq!(
        from_barcode.linha_formatada(),
        "10492.00650 61000.100042 00997.263900 9 89810000021403"
    );
}

#[test]
fn pasted_input_with_spaces_dots_and_line_breaks() {
    let today = d(2022, 5, 1);
    for input in [
        "10492.00650 61000.100042 00997.263900 9 89810000021403",
        "10492.00650\n61000.100042\r\n00997.263900\t9\n89810000021403\n",
        "  10499 89810 00002 14032 00656 10001 00040 09972 6390 ",
    ] {
        let b = Boleto::parse(input, today).unwrap();
        assert_eq!(b.barcode, BARCODE);
    }
}

#[test]
fn fator_maps_to_the_nearest_date_across_the_reset() {
    // First cycle.
    assert_eq!(due_date(1000, d(2000, 7, 1)).unwrap(), Some(d(2000, 7, 3)));
    assert_eq!(
        due_date(9999, d(2025, 2, 20)).unwrap(),
        Some(d(2025, 2, 21))
    );
    // After the reset of 2025-02-22, 1000 starts over.
    assert_eq!(due_date(1000, d(2025, 3, 1)).unwrap(), Some(d(2025, 2, 22)));
    assert_eq!(
        due_date(1001, d(2025, 2, 22)).unwrap(),
        Some(d(2025, 2, 23))
    );
    // Near the reset, an old slip with a high fator still means the old date.
    assert_eq!(
        due_date(9990, d(2025, 3, 10)).unwrap(),
        Some(d(2025, 2, 12))
    );
    // A fator a year ahead of today.
    assert_eq!(due_date(1365, d(2025, 3, 1)).unwrap(), Some(d(2026, 2, 22)));
    // 0000 is a slip without a due date.
    assert_eq!(due_date(0, d(2026, 1, 1)).unwrap(), None);
    assert_eq!(due_date(999, d(2026, 1, 1)), Err(BoletoError::Fator(999)));
}

#[test]
fn slip_without_due_date_and_open_amount() {
    let barcode = Boleto::bank_barcode("341", 9, 0, 0, &"1".repeat(25)).unwrap();
    let b = Boleto::parse(&barcode, d(2026, 1, 1)).unwrap();
    assert_eq!(b.due_date, None);
    assert_eq!(b.amount, dec!(0));
    assert_eq!(b.bank.as_deref(), Some("341"));
}

#[test]
fn new_cycle_slip_built_and_read() {
    let barcode =
        Boleto::bank_barcode("001", 9, 1365, 123_456, "0000002345678900000000017").unwrap();
    let b = Boleto::parse(&barcode, d(2025, 12, 1)).unwrap();
    assert_eq!(b.due_date, Some(d(2026, 2, 22)));
    assert_eq!(b.amount, dec!(1234.56));
    let again = Boleto::parse(&b.linha_formatada(), d(2025, 12, 1)).unwrap();
    assert_eq!(again, b);
}

#[test]
fn bank_slip_errors_name_the_field() {
    let today = d(2022, 5, 1);
    // Field 1's digit changed (position 10).
    let mut bad = LINHA.to_string();
    bad.replace_range(9..10, "1");
    assert_eq!(
        Boleto::parse(&bad, today),
        Err(BoletoError::FieldDigit {
            field: 1,
            expected: 0
        })
    );
    // A digit of field 2 changed: its own digit catches it.
    let mut bad = LINHA.to_string();
    bad.replace_range(12..13, "7");
    assert!(matches!(
        Boleto::parse(&bad, today),
        Err(BoletoError::FieldDigit { field: 2, .. })
    ));
    // The amount changed: only the general digit covers field 5.
    let mut bad = LINHA.to_string();
    bad.replace_range(46..47, "4");
    assert_eq!(
        Boleto::parse(&bad, today),
        Err(BoletoError::GeneralDigit {
            expected: 6,
            found: 9
        })
    );
    assert_eq!(Boleto::parse(" \n", today), Err(BoletoError::Empty));
    assert_eq!(
        Boleto::parse("1049", today),
        Err(BoletoError::WrongLength(4))
    );
    assert_eq!(
        Boleto::parse("10492x", today),
        Err(BoletoError::InvalidChar('x'))
    );
    assert_eq!(
        Boleto::parse(&"1".repeat(48), today),
        Err(BoletoError::NotConvenio)
    );
    // Found by fuzzing: a 47-digit line starting with 8 used to be read as a
    // bank slip whose own barcode then read as a collection slip.
    assert_eq!(
        Boleto::parse("88909940000000000000000000000877270172833558936", today),
        Err(BoletoError::BankCodeEight)
    );
    assert_eq!(
        Boleto::parse(&bad, today).unwrap_err().to_string(),
        "o dígito verificador geral do boleto não confere (esperado 6, encontrado 9)"
    );
}

#[test]
fn convenio_mod10_slip_both_ways() {
    // Energy bill (segment 3), value kind 6 (amount in reais, mod 10).
    let barcode = Boleto::convenio_barcode(3, 6, 15_790, "00480000123456789012345678901").unwrap();
    assert_eq!(&barcode[..3], "836");
    let b = Boleto::parse(&barcode, d(2026, 1, 1)).unwrap();
    assert_eq!(b.kind, BoletoKind::Convenio);
    assert_eq!(b.amount, dec!(157.90));
    assert_eq!(b.segment, Some(3));
    assert!(!b.amount_is_reference);
    assert_eq!(b.linha_digitavel.len(), 48);
    let from_linha = Boleto::parse(&b.linha_formatada(), d(2026, 1, 1)).unwrap();
    assert_eq!(from_linha, b);
    // Each block of the linha is 11 digits plus its mod-10 digit.
    assert_eq!(&b.linha_digitavel[..11], &barcode[..11]);
}

#[test]
fn convenio_hand_checked_general_digit() {
    // General digit by mod 10, worked out by hand over the 43 digits
    // "816" + "00000001000" + "0001" + 25 zeros, weights 2, 1, 2, … from the
    // right. Non-zero products: the 1 of "0001" ×1 = 1; the 1 of the amount
    // ×2 = 2; the 6 ×2 = 12 -> 1+2 = 3; the segment 1 ×1 = 1; the 8 ×2 = 16 -> 1+6 =
    // 7. Sum 14, digit (10 − 4) = 6.
    let barcode = format!("8166{}0001{}", "00000001000", "0".repeat(25));
    let b = Boleto::parse(&barcode, d(2026, 1, 1)).unwrap();
    assert_eq!(b.amount, dec!(10.00));
    let mut wrong = barcode.clone();
    wrong.replace_range(3..4, "5");
    assert_eq!(
        Boleto::parse(&wrong, d(2026, 1, 1)),
        Err(BoletoError::GeneralDigit {
            expected: 6,
            found: 5
        })
    );
}

#[test]
fn convenio_mod11_slip_and_reference_amount() {
    let barcode = Boleto::convenio_barcode(5, 9, 42, "12345678901234567890123456789").unwrap();
    let b = Boleto::parse(&barcode, d(2026, 1, 1)).unwrap();
    assert!(b.amount_is_reference);
    assert_eq!(b.segment, Some(5));
    let from_linha = Boleto::parse(&b.linha_digitavel, d(2026, 1, 1)).unwrap();
    assert_eq!(from_linha, b);
    // Block 3's digit changed.
    let mut bad = b.linha_digitavel.clone();
    let old = bad.as_bytes()[35] - b'0';
    bad.replace_range(35..36, &((old + 1) % 10).to_string());
    assert!(matches!(
        Boleto::parse(&bad, d(2026, 1, 1)),
        Err(BoletoError::FieldDigit { field: 3, .. })
    ));
    // Third digit outside 6-9.
    let mut bad = barcode.clone();
    bad.replace_range(2..3, "5");
    assert_eq!(
        Boleto::parse(&bad, d(2026, 1, 1)),
        Err(BoletoError::ValueKind(5))
    );
}
