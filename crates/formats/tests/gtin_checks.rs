//! GTIN vectors and properties: every generated code validates, one changed
//! digit is rejected.
//!
//! Check-digit collisions: the GS1 weights 3/1 make every single-digit
//! substitution change the sum by a non-multiple of 10 (3·d ≡ 0 mod 10 only
//! for d ≡ 0), so none exist for substitutions.

use proptest::prelude::*;
use retaguarda_formats::gtin::{Gtin, GtinError};

#[test]
fn published_codes_validate() {
    // EAN-13 from the GS1 check-digit calculator example, a UPC-A, an EAN-8
    // and a GTIN-14.
    for code in [
        "7891000315507",
        "036000291452",
        "96385074",
        "17891000315504",
    ] {
        let g = Gtin::parse(code).unwrap();
        assert_eq!(g.as_str(), code);
    }
    assert_eq!(Gtin::parse(" 7891000315507\n").unwrap().len(), 13);
    assert_eq!(
        Gtin::parse("036000291452").unwrap().to_gtin14(),
        "00036000291452"
    );
}

#[test]
fn bad_codes_say_why() {
    assert_eq!(Gtin::parse(""), Err(GtinError::Empty));
    assert_eq!(Gtin::parse("78910003155"), Err(GtinError::WrongLength(11)));
    assert_eq!(
        Gtin::parse("789100031550X"),
        Err(GtinError::InvalidChar('X'))
    );
    assert_eq!(
        Gtin::parse("7891000315508"),
        Err(GtinError::CheckDigit { expected: 7 })
    );
    assert_eq!(
        Gtin::parse("7891000315508").unwrap_err().to_string(),
        "código de barras inválido: o dígito verificador deveria ser 7"
    );
}

fn body() -> impl Strategy<Value = String> {
    prop_oneof!["[0-9]{7}", "[0-9]{11}", "[0-9]{12}", "[0-9]{13}"]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn generated_gtin_validates(b in body()) {
        let g = Gtin::from_body(&b).unwrap();
        prop_assert_eq!(Gtin::parse(g.as_str()).unwrap(), g.clone());
        prop_assert!(g.as_str().starts_with(&b));
    }

    #[test]
    fn one_changed_digit_is_rejected(b in body(), pos in 0usize..14, delta in 1u8..10) {
        let g = Gtin::from_body(&b).unwrap();
        let mut bytes = g.as_str().as_bytes().to_vec();
        let pos = pos % bytes.len();
        bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
        let changed = String::from_utf8(bytes).unwrap();
        prop_assert!(Gtin::parse(&changed).is_err(), "{} accepted", changed);
    }
}
