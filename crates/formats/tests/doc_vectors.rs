//! Published and hand-checked CPF/CNPJ vectors, masks and error reasons.

use retaguarda_formats::doc::{DocError, DocKind, TaxId};

#[test]
fn rfb_alphanumeric_cnpj_example_is_valid() {
    let id = TaxId::parse("12ABC34501DE35").unwrap();
    assert_eq!(id.kind(), DocKind::Cnpj);
    assert_eq!(id.digits(), "12ABC34501DE35");
    assert_eq!(id.formatted(), "12.ABC.345/01DE-35");
    assert!(id.is_alphanumeric_cnpj());
}

#[test]
fn alphanumeric_cnpj_accepts_lower_case_and_mask() {
    let id = TaxId::parse("  12.abc.345/01de-35 ").unwrap();
    assert_eq!(id.digits(), "12ABC34501DE35");
}

#[test]
fn alphanumeric_cnpj_with_wrong_digit_is_rejected() {
    assert_eq!(
        TaxId::parse("12ABC34501DE36"),
        Err(DocError::CheckDigits {
            kind: DocKind::Cnpj,
            expected: "35".into()
        })
    );
}

#[test]
fn numeric_cnpj_masked_and_plain() {
    for input in ["11.222.333/0001-81", "11222333000181", " 11222333000181\n"] {
        let id = TaxId::parse(input).unwrap();
        assert_eq!(id.kind(), DocKind::Cnpj);
        assert_eq!(id.digits(), "11222333000181");
        assert_eq!(id.formatted(), "11.222.333/0001-81");
        assert!(!id.is_alphanumeric_cnpj());
    }
}

#[test]
fn cpf_masked_and_plain() {
    for input in ["529.982.247-25", "52998224725", "  529.982.247-25  "] {
        let id = TaxId::parse(input).unwrap();
        assert_eq!(id.kind(), DocKind::Cpf);
        assert_eq!(id.digits(), "52998224725");
        assert_eq!(id.formatted(), "529.982.247-25");
    }
}

#[test]
fn cpf_with_remainder_below_two_gets_zero_digit() {
    // 111.444.777-35 is the textbook example; 000.000.001-91 exercises a
    // first digit from remainder 2 (11 - 2 = 9).
    assert!(TaxId::parse("111.444.777-35").is_ok());
    assert!(TaxId::parse("000.000.001-91").is_ok());
    let built = TaxId::cpf_from_base("123456789").unwrap();
    assert_eq!(built.digits(), "12345678909");
}

#[test]
fn cnpj_from_base_matches_the_published_values() {
    assert_eq!(
        TaxId::cnpj_from_base("12ABC34501DE").unwrap().digits(),
        "12ABC34501DE35"
    );
    assert_eq!(
        TaxId::cnpj_from_base("112223330001").unwrap().digits(),
        "11222333000181"
    );
}

#[test]
fn errors_say_what_is_wrong() {
    assert_eq!(TaxId::parse("   "), Err(DocError::Empty));
    assert_eq!(TaxId::parse("123"), Err(DocError::WrongLength(3)));
    assert_eq!(
        TaxId::parse("529.982.247-2#"),
        Err(DocError::InvalidChar('#'))
    );
    assert_eq!(
        TaxId::parse("111.111.111-11"),
        Err(DocError::Repeated { kind: DocKind::Cpf })
    );
    assert_eq!(
        TaxId::parse("00000000000000"),
        Err(DocError::Repeated {
            kind: DocKind::Cnpj
        })
    );
    assert_eq!(
        TaxId::parse("5299822472A"),
        Err(DocError::LetterNotAllowed { kind: DocKind::Cpf })
    );
    // Check digits of a CNPJ are numeric even in the alphanumeric form.
    assert_eq!(
        TaxId::parse("12ABC34501DE3A"),
        Err(DocError::LetterNotAllowed {
            kind: DocKind::Cnpj
        })
    );
    let msg = TaxId::parse("529.982.247-26").unwrap_err().to_string();
    assert_eq!(
        msg,
        "CPF inválido: os dígitos verificadores não conferem (esperado 25)"
    );
}

#[test]
fn serde_uses_the_canonical_string() {
    let id = TaxId::parse("11.222.333/0001-81").unwrap();
    let json = serde_json::to_string(&id).unwrap();
    assert_eq!(json, "\"11222333000181\"");
    let back: TaxId = serde_json::from_str(&json).unwrap();
    assert_eq!(back, id);
    assert!(serde_json::from_str::<TaxId>("\"11222333000182\"").is_err());
}
