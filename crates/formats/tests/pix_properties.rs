//! Property tests: every generated static payload parses back to what was
//! asked, and changing any one character of it is rejected.
//!
//! No collisions are expected: a single changed character changes the bytes
//! the CRC16 covers by a burst of at most 32 bits in one character, and
//! CRC16-CCITT detects every error burst up to 16 bits and every single-byte
//! error; where a change hits a length or the CRC itself the parser rejects it
//! for that reason instead.

use proptest::prelude::*;
use retaguarda_formats::doc::TaxId;
use retaguarda_formats::pix::{BrCode, PixKey, StaticPix};
use rust_decimal::Decimal;

fn key() -> impl Strategy<Value = PixKey> {
    prop_oneof![
        "[0-9]{9}".prop_filter_map("repeated", |b| TaxId::cpf_from_base(&b)
            .ok()
            .map(PixKey::Cpf)),
        "[0-9A-Z]{12}".prop_filter_map("repeated", |b| TaxId::cnpj_from_base(&b)
            .ok()
            .map(PixKey::Cnpj)),
        "[1-9]{2}9[0-9]{8}".prop_map(|n| PixKey::parse(&format!("+55{n}")).unwrap()),
        "[a-z0-9._]{1,20}@[a-z0-9]{1,12}\\.com\\.br".prop_map(|e| PixKey::parse(&e).unwrap()),
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
            .prop_map(|r| PixKey::parse(&r).unwrap()),
    ]
}

fn static_pix() -> impl Strategy<Value = StaticPix> {
    (
        key(),
        "[A-Za-zÀ-ÿ ]{1,40}",
        "[A-Za-zÀ-ÿ ]{1,30}",
        proptest::option::of(1i64..=9_999_999_999i64),
        proptest::option::of("[A-Za-z0-9]{1,25}"),
        proptest::option::of("[A-Za-z0-9 ]{0,20}"),
    )
        .prop_filter("nome e cidade com letras", |(_, n, c, ..)| {
            n.chars().any(|c| c.is_ascii_alphabetic()) && c.chars().any(|c| c.is_ascii_alphabetic())
        })
        .prop_map(|(key, name, city, cents, txid, description)| StaticPix {
            key,
            name,
            city,
            amount: cents.map(|c| Decimal::new(c, 2)),
            txid,
            description,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn generated_payload_parses_back(pix in static_pix()) {
        let payload = pix.payload().unwrap();
        prop_assert!(payload.is_ascii());
        let code = BrCode::parse(&payload).unwrap();
        prop_assert_eq!(code.key.as_deref(), Some(pix.key.as_payload()));
        prop_assert_eq!(code.amount, pix.amount);
        prop_assert!(code.name.len() <= 25 && !code.name.is_empty());
        prop_assert!(code.city.len() <= 15 && !code.city.is_empty());
        let txid = pix.txid.clone().unwrap_or_else(|| "***".into());
        prop_assert_eq!(code.txid.as_deref(), Some(txid.as_str()));
        prop_assert_eq!(code.encode(), payload);
    }

    #[test]
    fn one_changed_character_is_rejected(pix in static_pix(), pos in any::<prop::sample::Index>(), repl in proptest::char::range(' ', '~')) {
        let payload = pix.payload().unwrap();
        let i = pos.index(payload.len());
        let original = payload.as_bytes()[i] as char;
        prop_assume!(original != repl);
        let mut changed = payload.clone();
        changed.replace_range(i..=i, &repl.to_string());
        prop_assert!(BrCode::parse(&changed).is_err(), "aceito: {}", changed);
    }
}
