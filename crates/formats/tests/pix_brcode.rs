//! BR Code: the BCB manual vector, the builder's rules and the parser's
//! error reasons.

use retaguarda_formats::pix::{crc16, BrCode, PixError, PixKey, StaticPix};
use rust_decimal_macros::dec;

const BCB_VECTOR: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";

fn fulano() -> StaticPix {
    StaticPix {
        key: PixKey::parse("123e4567-e12b-12d1-a456-426655440000").unwrap(),
        name: "Fulano de Tal".into(),
        city: "BRASILIA".into(),
        amount: None,
        txid: None,
        description: None,
    }
}

#[test]
fn crc_is_ccitt_false() {
    // The standard check value of CRC-16/CCITT-FALSE.
    assert_eq!(crc16(b"123456789"), "29B1");
}

#[test]
fn bcb_manual_vector_is_built_byte_for_byte() {
    assert_eq!(fulano().payload().unwrap(), BCB_VECTOR);
}

#[test]
fn bcb_manual_vector_parses_to_its_fields_and_round_trips() {
    let code = BrCode::parse(BCB_VECTOR).unwrap();
    assert_eq!(
        code.key.as_deref(),
        Some("123e4567-e12b-12d1-a456-426655440000")
    );
    assert_eq!(code.name, "Fulano de Tal");
    assert_eq!(code.city, "BRASILIA");
    assert_eq!(code.category, "0000");
    assert_eq!(code.currency, "986");
    assert_eq!(code.country, "BR");
    assert_eq!(code.amount, None);
    assert_eq!(code.txid.as_deref(), Some("***"));
    assert_eq!(code.crc, "1D3D");
    assert!(!code.is_dynamic());
    assert_eq!(code.encode(), BCB_VECTOR);
    let ids: Vec<&str> = code.fields.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["00", "26", "52", "53", "58", "59", "60", "62", "63"]);
}

#[test]
fn full_static_code_with_amount_txid_and_description() {
    let pix = StaticPix {
        key: PixKey::parse("padaria@exemplo.com.br").unwrap(),
        name: "Padaria Pão de Açúcar da Esquina Ltda".into(),
        city: "São João del-Rei".into(),
        amount: Some(dec!(10)),
        txid: Some("PEDIDO123".into()),
        description: Some("Pão francês".into()),
    };
    let payload = pix.payload().unwrap();
    assert!(payload.contains("540510.00"), "{payload}");
    assert!(payload.contains("0211Pao frances"), "{payload}");
    // Name: accents removed, cut to 25 characters, no trailing space.
    assert!(
        payload.contains("5924Padaria Pao de Acucar da6015"),
        "{payload}"
    );
    // City: accents removed, cut to 15.
    assert!(payload.contains("6015Sao Joao del-Re"), "{payload}");
    assert!(payload.contains("62130509PEDIDO123"), "{payload}");
    let code = BrCode::parse(&payload).unwrap();
    assert_eq!(code.amount, Some(dec!(10.00)));
    assert_eq!(code.key.as_deref(), Some("padaria@exemplo.com.br"));
    assert_eq!(code.description.as_deref(), Some("Pao frances"));
    assert_eq!(code.txid.as_deref(), Some("PEDIDO123"));
    assert_eq!(code.encode(), payload);
}

#[test]
fn truncation_never_leaves_a_trailing_space() {
    let mut pix = fulano();
    pix.city = "Rio de Janeiro  X".into(); // 15th character is a space
    let code = BrCode::parse(&pix.payload().unwrap()).unwrap();
    assert_eq!(code.city, "Rio de Janeiro");
}

#[test]
fn builder_rejects_bad_input_with_reasons() {
    let mut pix = fulano();
    pix.amount = Some(dec!(0));
    assert_eq!(pix.payload(), Err(PixError::AmountNotPositive));
    pix.amount = Some(dec!(1.005));
    assert_eq!(pix.payload(), Err(PixError::AmountDecimals));
    pix.amount = Some(dec!(12345678901.00));
    assert_eq!(pix.payload(), Err(PixError::AmountTooLarge));
    pix.amount = Some(dec!(1.50));
    assert!(pix.payload().unwrap().contains("54041.50"));

    let mut pix = fulano();
    pix.txid = Some("pedido-1".into());
    assert_eq!(pix.payload(), Err(PixError::Txid));
    pix.txid = Some("A".repeat(26));
    assert_eq!(pix.payload(), Err(PixError::Txid));
    pix.txid = Some("A".repeat(25));
    assert!(pix.payload().is_ok());

    let mut pix = fulano();
    pix.name = "☺☺☺".into();
    assert_eq!(pix.payload(), Err(PixError::NameEmpty));
    let mut pix = fulano();
    pix.city = "  ".into();
    assert_eq!(pix.payload(), Err(PixError::CityEmpty));

    let mut pix = fulano();
    pix.description = Some("x".repeat(60));
    // 99 - (18 GUI + 40 key) - 4 = 37 characters left.
    assert_eq!(pix.payload(), Err(PixError::DescriptionTooLong { max: 37 }));
    pix.description = Some("x".repeat(37));
    assert!(BrCode::parse(&pix.payload().unwrap()).is_ok());
}

#[test]
fn parser_names_the_wrong_field() {
    // One character of the CRC changed.
    let bad_crc = BCB_VECTOR.replace("63041D3D", "63041D3E");
    assert_eq!(
        BrCode::parse(&bad_crc),
        Err(PixError::Crc {
            expected: "1D3D".into(),
            found: "1D3E".into()
        })
    );
    // Name length says 14 but the code ends sooner once the CRC is cut off.
    let truncated = &BCB_VECTOR[..BCB_VECTOR.len() - 10];
    assert!(matches!(
        BrCode::parse(truncated),
        Err(PixError::FieldLength { .. })
    ));
    // A field whose length is larger than what is left.
    assert_eq!(
        BrCode::parse("000201265800"),
        Err(PixError::FieldLength {
            field: "26".into(),
            declared: 58,
            available: 2
        })
    );
    // Remove field 60 (city) and fix the CRC: the parser says it is missing.
    let without_city = rebuild(&BCB_VECTOR.replace("6008BRASILIA", ""));
    assert_eq!(
        BrCode::parse(&without_city),
        Err(PixError::Missing("60 (cidade do recebedor)"))
    );
    let without_txid = rebuild(&BCB_VECTOR.replace("62070503***", ""));
    assert_eq!(
        BrCode::parse(&without_txid),
        Err(PixError::Missing("62 (dados adicionais)"))
    );
    let wrong_currency = rebuild(&BCB_VECTOR.replace("5303986", "5303840"));
    assert!(matches!(
        BrCode::parse(&wrong_currency),
        Err(PixError::Invalid {
            field: "53 (moeda)",
            ..
        })
    ));
    let not_pix = rebuild(&BCB_VECTOR.replace("br.gov.bcb.pix", "br.gov.bcb.xyz"));
    assert!(matches!(BrCode::parse(&not_pix), Err(PixError::Missing(_))));
    assert_eq!(BrCode::parse("  "), Err(PixError::Empty));
    assert_eq!(BrCode::parse("00AB01"), Err(PixError::Malformed { pos: 0 }));
    assert_eq!(
        BrCode::parse(&bad_crc).unwrap_err().to_string(),
        "CRC do código Pix não confere: calculado 1D3D, encontrado 1D3E (código copiado errado?)"
    );
}

/// Replaces the CRC of a payload whose body was edited.
fn rebuild(payload: &str) -> String {
    let body = &payload[..payload.len() - 4];
    format!("{body}{}", crc16(body.as_bytes()))
}

#[test]
fn dynamic_code_with_url_parses() {
    let url = "pix.example.com/qr/v2/9d36b84fc70b478fb95c12729b90ca25";
    let account = format!("0014br.gov.bcb.pix25{:02}{url}", url.len());
    let body = format!(
        "000201010212\
26{:02}{account}\
520400005303986540515.005802BR5914LOJA DE TESTES6009SAO PAULO62070503***6304",
        account.len()
    );
    let payload = format!("{body}{}", crc16(body.as_bytes()));
    let code = BrCode::parse(&payload).unwrap();
    assert!(code.is_dynamic());
    assert_eq!(code.initiation_method.as_deref(), Some("12"));
    assert_eq!(
        code.url.as_deref(),
        Some("pix.example.com/qr/v2/9d36b84fc70b478fb95c12729b90ca25")
    );
    assert_eq!(code.key, None);
    assert_eq!(code.amount, Some(dec!(15.00)));
    assert_eq!(code.encode(), payload);
}

#[test]
fn surrounding_whitespace_is_ignored() {
    let pasted = format!("\n  {BCB_VECTOR} \r\n");
    assert!(BrCode::parse(&pasted).is_ok());
}

#[test]
fn letters_without_decomposition_are_spelled_in_ascii() {
    use retaguarda_formats::pix::normalize_text;
    assert_eq!(normalize_text("Straße Ærø", 25), "Strasse AEro");
    assert_eq!(normalize_text("  Açaí   & Cia. ", 25), "Acai & Cia.");
    assert_eq!(normalize_text("Café!!! (filial)", 25), "Cafe filial");
}

#[test]
fn accented_fields_with_lengths_in_characters_or_bytes() {
    // "JOSÉ" is 4 characters and 5 UTF-8 bytes; "SÃO PAULO" 9 and 10.
    let build = |name_len: usize, city_len: usize| {
        let body = format!(
            "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000\
52040000530398658025902BR59{name_len:02}JOSÉ60{city_len:02}SÃO PAULO62070503***6304"
        )
        .replace("58025902BR", "5802BR");
        format!("{body}{}", crc16(body.as_bytes()))
    };
    let by_chars = build(4, 9);
    let code = BrCode::parse(&by_chars).unwrap();
    assert!(!code.length_in_bytes);
    assert_eq!(code.name, "JOSÉ");
    assert_eq!(code.city, "SÃO PAULO");
    assert_eq!(code.encode(), by_chars);

    let by_bytes = build(5, 10);
    let code = BrCode::parse(&by_bytes).unwrap();
    assert!(code.length_in_bytes);
    assert_eq!(code.name, "JOSÉ");
    assert_eq!(code.city, "SÃO PAULO");
    assert_eq!(code.encode(), by_bytes);

    // A byte length that ends inside "É" fits neither reading.
    let broken = build(4, 10);
    assert!(BrCode::parse(&broken).is_err());
}
