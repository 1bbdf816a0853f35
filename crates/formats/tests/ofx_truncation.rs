//! A statement cut short never imports: every prefix of a real statement either parses to
//! exactly what the whole file gives (only when nothing but trailing bytes is missing) or
//! is refused. A truncated download must never yield fewer lines or a line invented from
//! half an amount (issue 26: a file cut inside `<TRNAMT>-12.00` imported R$ -12,00 under a
//! made-up FITID).

use retaguarda_formats::ofx::{parse_all, OfxError};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/ofx/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(path).unwrap()
}

/// Cuts `bytes` at every offset and checks each prefix.
fn every_prefix_is_whole_or_refused(name: &str) {
    let bytes = fixture(name);
    let whole = parse_all(&bytes).unwrap();
    let body_start = bytes.windows(5).position(|w| w == b"<OFX>").unwrap();
    let end = bytes.windows(6).rposition(|w| w == b"</OFX>").unwrap() + 6;
    for cut in 0..bytes.len() {
        let prefix = &bytes[..cut];
        match parse_all(prefix) {
            Ok(got) => {
                assert!(cut >= end, "{name}: prefix of {cut} bytes was accepted");
                assert_eq!(got, whole, "{name}: prefix of {cut} bytes differs");
            }
            Err(e) => {
                assert!(
                    cut < end,
                    "{name}: the whole statement ({cut} bytes) was refused: {e}"
                );
                // Once the body has begun, the refusal says the file is incomplete.
                if cut > body_start {
                    assert!(
                        matches!(e, OfxError::Incomplete { .. }),
                        "{name}: prefix of {cut} bytes: {e:?}"
                    );
                    assert!(e.to_string().starts_with("arquivo incompleto"), "{e}");
                }
            }
        }
    }
}

#[test]
fn sgml_statement_cut_at_every_byte() {
    every_prefix_is_whole_or_refused("sgml_utf8.ofx");
}

#[test]
fn windows_1252_statement_cut_at_every_byte() {
    every_prefix_is_whole_or_refused("sgml_charset_1252.ofx");
}

#[test]
fn xml_statement_cut_at_every_byte() {
    every_prefix_is_whole_or_refused("xml_v2.ofx");
}

#[test]
fn multi_statement_file_cut_at_every_byte() {
    every_prefix_is_whole_or_refused("multi_statement.ofx");
}

#[test]
fn credit_card_statement_cut_at_every_byte() {
    every_prefix_is_whole_or_refused("credit_card.ofx");
}

#[test]
fn the_cases_from_the_report() {
    let whole = String::from_utf8(fixture("sgml_utf8.ofx")).unwrap();
    let err = |text: &str| parse_all(text.as_bytes()).unwrap_err();
    // Cut inside an amount.
    let at = whole.find("<TRNAMT>-12").unwrap() + "<TRNAMT>-1".len();
    assert!(matches!(err(&whole[..at]), OfxError::Incomplete { .. }));
    // Cut before the first transaction: no "0 new lines", a refusal.
    let at = whole.find("<STMTTRN>").unwrap();
    assert!(matches!(err(&whole[..at]), OfxError::Incomplete { .. }));
    // Only the header arrived.
    let at = whole.find("<OFX>").unwrap();
    assert!(matches!(err(&whole[..at]), OfxError::Incomplete { .. }));
    // A transaction without its end, in a file that otherwise closes.
    let no_end = whole.replacen("</STMTTRN>", "", 1);
    let e = err(&no_end);
    assert_eq!(
        e.to_string(),
        "arquivo incompleto: o extrato OFX termina antes do fim (um lançamento sem \
         </STMTTRN>); baixe o extrato de novo no banco"
    );
    // No </STMTTRNRS>, though </OFX> is there.
    let no_trnrs = whole.replace("</STMTTRNRS>", "");
    assert!(matches!(err(&no_trnrs), OfxError::Incomplete { .. }));
    // No </OFX>.
    let no_ofx = whole.replace("</OFX>", "");
    assert_eq!(
        err(&no_ofx).to_string(),
        "arquivo incompleto: o extrato OFX termina antes do fim (falta </OFX> no final); \
         baixe o extrato de novo no banco"
    );
}

#[test]
fn a_stray_byte_after_the_end_does_not_change_the_encoding() {
    // Found by the fuzzer: a UTF-8 file with one non-UTF-8 byte after </OFX> was read as
    // Windows-1252 ("AÃ‡ÃšCAR"), while the same file one byte shorter read as UTF-8.
    let whole = fixture("sgml_utf8.ofx");
    let mut trailer = whole.clone();
    trailer.push(0xA9);
    assert_eq!(parse_all(&trailer).unwrap(), parse_all(&whole).unwrap());
    assert_eq!(
        parse_all(&trailer).unwrap()[0].transactions[0]
            .memo
            .as_deref(),
        Some("PADARIA AÇÚCAR & CIA")
    );
}

#[test]
fn a_second_document_after_the_end_is_refused() {
    // Found by the fuzzer: with two documents glued together, a cut inside the second one
    // left a complete first one, and its statements were read differently.
    let whole = String::from_utf8(fixture("sgml_utf8.ofx")).unwrap();
    let twice = format!("{whole}{whole}");
    assert_eq!(parse_all(twice.as_bytes()), Err(OfxError::AfterEnd));
    let cut = &twice[..twice.len() - 3];
    assert!(parse_all(cut.as_bytes()).is_err());
}
