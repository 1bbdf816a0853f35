//! Property tests: generated CPFs/CNPJs validate, and changing any one
//! character is rejected.
//!
//! Check-digit collisions (found by these very tests, and inherent to the
//! published rules, so accepted rather than "fixed"):
//! - Remainder collapse: the mod-11 rule turns remainders 0 and 1 into the
//!   same digit 0. In a CPF the first position weighs 11 ≡ 0 in the second
//!   digit, so a change there that moves the first remainder between 0 and 1
//!   keeps both digits (e.g. 646.243.919-00 and 746.243.919-00).
//! - Alphanumeric CNPJ: a character is worth ASCII − 48, so characters whose
//!   values differ by a multiple of 11 ('6' = 6, 'A' = 17, 'L' = 28, 'W' = 39;
//!   'K' = 27, 'V' = 38; …) are interchangeable in the base: 12ABC34501DE35
//!   and 12LBC34501DE35 are both valid.
//!
//! The properties below reject every other single change, and check that
//! each accepted change belongs to one of these two classes.

use proptest::prelude::*;
use retaguarda_formats::doc::TaxId;

const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

fn cpf_base() -> impl Strategy<Value = String> {
    "[0-9]{9}"
}

fn cnpj_base() -> impl Strategy<Value = String> {
    "[0-9A-Z]{12}"
}

/// The raw mod-11 remainders behind both check digits (before 0/1 collapse).
fn raw_remainders(chars: &[u8], cnpj: bool) -> (u32, u32) {
    let values: Vec<u32> = chars.iter().map(|&b| u32::from(b) - 48).collect();
    let base = if cnpj { 12 } else { 9 };
    let weight = |len: usize, i: usize| -> u32 {
        let from_right = (len - 1 - i) as u32;
        if cnpj {
            from_right % 8 + 2
        } else {
            from_right + 2
        }
    };
    let r = |len: usize| -> u32 {
        values[..len]
            .iter()
            .enumerate()
            .map(|(i, v)| v * weight(len, i))
            .sum::<u32>()
            % 11
    };
    (r(base), r(base + 1))
}

/// True when a single change from `a` to `b` is one of the documented
/// collision classes.
fn documented_collision(a: &[u8], b: &[u8], cnpj: bool) -> bool {
    let pos = a.iter().zip(b).position(|(x, y)| x != y).unwrap();
    let va = i64::from(a[pos]) - 48;
    let vb = i64::from(b[pos]) - 48;
    let letter_class = cnpj && (va - vb) % 11 == 0;
    let (a1, a2) = raw_remainders(a, cnpj);
    let (b1, b2) = raw_remainders(b, cnpj);
    let collapse = (a1 != b1 && a1 < 2 && b1 < 2) || (a2 != b2 && a2 < 2 && b2 < 2);
    letter_class || collapse
}

fn replacement_for(original: u8, pick: usize) -> u8 {
    let others: Vec<u8> = ALNUM.iter().copied().filter(|&c| c != original).collect();
    others[pick % others.len()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn generated_cpf_validates_and_formats(base in cpf_base()) {
        prop_assume!(!base.bytes().all(|b| b == base.as_bytes()[0]));
        let id = TaxId::cpf_from_base(&base).unwrap();
        let again = TaxId::parse(&id.formatted()).unwrap();
        prop_assert_eq!(again, id);
    }

    #[test]
    fn one_changed_character_in_a_cpf_is_rejected(base in cpf_base(), pos in 0usize..11, pick in 0usize..64) {
        prop_assume!(!base.bytes().all(|b| b == base.as_bytes()[0]));
        let id = TaxId::cpf_from_base(&base).unwrap();
        let mut bytes = id.digits().as_bytes().to_vec();
        bytes[pos] = replacement_for(bytes[pos], pick);
        let changed = String::from_utf8(bytes).unwrap();
        if TaxId::parse(&changed).is_ok() {
            prop_assert!(documented_collision(id.digits().as_bytes(), changed.as_bytes(), false), "{} accepted", changed);
        }
    }

    #[test]
    fn generated_cnpj_validates_and_formats(base in cnpj_base()) {
        prop_assume!(!base.bytes().all(|b| b == base.as_bytes()[0]));
        let id = TaxId::cnpj_from_base(&base).unwrap();
        let again = TaxId::parse(&id.formatted().to_lowercase()).unwrap();
        prop_assert_eq!(again, id);
    }

    #[test]
    fn one_changed_character_in_a_cnpj_is_rejected(base in cnpj_base(), pos in 0usize..14, pick in 0usize..64) {
        prop_assume!(!base.bytes().all(|b| b == base.as_bytes()[0]));
        let id = TaxId::cnpj_from_base(&base).unwrap();
        let mut bytes = id.digits().as_bytes().to_vec();
        bytes[pos] = replacement_for(bytes[pos], pick);
        let changed = String::from_utf8(bytes).unwrap();
        if TaxId::parse(&changed).is_ok() {
            prop_assert!(documented_collision(id.digits().as_bytes(), changed.as_bytes(), true), "{} accepted", changed);
        }
    }

    #[test]
    fn numeric_cnpj_single_digit_change_is_always_rejected(base in "[0-9]{12}", pos in 0usize..14, delta in 1u8..10) {
        prop_assume!(!base.bytes().all(|b| b == base.as_bytes()[0]));
        let id = TaxId::cnpj_from_base(&base).unwrap();
        let mut bytes = id.digits().as_bytes().to_vec();
        bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
        let changed = String::from_utf8(bytes).unwrap();
        if TaxId::parse(&changed).is_ok() {
            prop_assert!(documented_collision(id.digits().as_bytes(), changed.as_bytes(), true), "{} accepted", changed);
        }
    }
}

#[test]
fn documented_collisions_are_real() {
    assert!(TaxId::parse("646.243.919-00").is_ok());
    assert!(TaxId::parse("746.243.919-00").is_ok());
    assert!(TaxId::parse("12ABC34501DE35").is_ok());
    assert!(TaxId::parse("12LBC34501DE35").is_ok());
    assert!(documented_collision(b"64624391900", b"74624391900", false));
    assert!(documented_collision(
        b"12ABC34501DE35",
        b"12LBC34501DE35",
        true
    ));
    assert!(!documented_collision(b"52998224725", b"52998224735", false));
}
