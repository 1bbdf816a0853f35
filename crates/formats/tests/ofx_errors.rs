//! OFX files that cannot be imported say why, in pt-BR.

use retaguarda_formats::ofx::{parse, OfxError};

const HEAD: &str = "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n";

fn stmt(trn: &str) -> String {
    format!(
        "{HEAD}<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>BRL\n\
<BANKACCTFROM><BANKID>1<ACCTID>9</BANKACCTFROM>\n<BANKTRANLIST>{trn}</BANKTRANLIST>\
</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
    )
}

#[test]
fn empty_and_non_ofx_files() {
    assert_eq!(parse(b""), Err(OfxError::Empty));
    assert_eq!(parse(b" \r\n "), Err(OfxError::Empty));
    assert_eq!(
        parse(b"Data;Valor\n01/03/2025;10,00"),
        Err(OfxError::NotOfx)
    );
    assert_eq!(
        parse(format!("{HEAD}<OFX><SIGNONMSGSRSV1></SIGNONMSGSRSV1></OFX>").as_bytes()),
        Err(OfxError::NoStatement)
    );
}

#[test]
fn bad_transaction_fields_name_the_line() {
    let bad_date = stmt("<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20251340<TRNAMT>-1<FITID>1</STMTTRN>");
    let e = parse(bad_date.as_bytes()).unwrap_err();
    assert_eq!(
        e,
        OfxError::Date {
            field: "DTPOSTED",
            value: "20251340".into(),
            transaction: Some(1)
        }
    );
    assert_eq!(
        e.to_string(),
        "data inválida em DTPOSTED: '20251340' (lançamento 1)"
    );

    let two = stmt(
        "<STMTTRN><DTPOSTED>20250101<TRNAMT>1<FITID>1</STMTTRN>\
<STMTTRN><DTPOSTED>20250101<TRNAMT>dez reais<FITID>2</STMTTRN>",
    );
    assert_eq!(
        parse(two.as_bytes()).unwrap_err().to_string(),
        "valor inválido em TRNAMT: 'dez reais' (lançamento 2)"
    );

    let no_amount = stmt("<STMTTRN><DTPOSTED>20250101<FITID>1</STMTTRN>");
    assert_eq!(
        parse(no_amount.as_bytes()),
        Err(OfxError::Missing {
            field: "TRNAMT",
            transaction: Some(1)
        })
    );
}

#[test]
fn missing_account_is_reported() {
    let text = format!(
        "{HEAD}<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>BRL\n\
<BANKTRANLIST></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
    );
    assert_eq!(
        parse(text.as_bytes()).unwrap_err().to_string(),
        "falta BANKACCTFROM no extrato OFX"
    );
}

#[test]
fn absurd_nesting_is_refused_not_overflowed() {
    // Distinct tags, each closed at the end, nest 10 000 deep.
    let open: String = (0..10_000).map(|i| format!("<X{i}>")).collect();
    let close: String = (0..10_000).rev().map(|i| format!("</X{i}>")).collect();
    let deep = format!("{HEAD}<OFX>{open}<A>1{close}</OFX>");
    assert_eq!(parse(deep.as_bytes()), Err(OfxError::TooDeep));
}

#[test]
fn a_huge_amount_is_quoted_only_in_part() {
    let digits = "9".repeat(100_000);
    let text = stmt(&format!(
        "<STMTTRN><DTPOSTED>20250101<TRNAMT>{digits}<FITID>1</STMTTRN>"
    ));
    let msg = parse(text.as_bytes()).unwrap_err().to_string();
    assert!(msg.len() < 200, "{} bytes", msg.len());
    assert_eq!(
        msg,
        format!(
            "valor inválido em TRNAMT: '{}… (100000 caracteres)' (lançamento 1)",
            "9".repeat(40)
        )
    );
}
