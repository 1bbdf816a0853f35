//! The pt-BR CSV opens in Excel as written: it starts with a UTF-8 byte order mark (so
//! "Café" is not shown as "CafÃ©"), and a cell a person typed that starts like a formula
//! is defused with a leading `'`, as OWASP's "CSV Injection" page recommends, while
//! amounts stay plain numbers. Read back with the `csv` crate, which skips the mark.

use crate::common;

use common::*;
use retaguarda_core::export::{self, CsvDialect};
use retaguarda_core::ledger::{EntryKind, NewEntry};
use retaguarda_core::parties::PartyInput;

fn book() -> retaguarda_core::Business {
    let mut biz = new_business();
    let supplier = biz
        .create_party(
            &ctx(),
            PartyInput {
                name: "@Fornecedor Café".into(),
                is_supplier: true,
                ..PartyInput::default()
            },
        )
        .unwrap();
    let mut e = NewEntry::new(
        EntryKind::Payable,
        "=SOMA(1;2)",
        dec("12.50"),
        date("2026-03-02"),
    );
    e.party = Some(supplier);
    e.document_ref = Some("-NF 123".into());
    biz.create_entry(&ctx(), e).unwrap();
    let mut e = NewEntry::new(
        EntryKind::Receivable,
        "Café coado",
        dec("1234.56"),
        date("2026-03-03"),
    );
    e.document_ref = Some("+55 11 99999-0000".into());
    biz.create_entry(&ctx(), e).unwrap();
    biz
}

fn read(text: &str, sep: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(sep)
        .from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn cell<'a>(header: &[String], row: &'a [String], name: &str) -> &'a str {
    let i = header.iter().position(|h| h == name).unwrap();
    &row[i]
}

#[test]
fn br_csv_starts_with_a_bom_and_reads_back() {
    let br = export::entries_csv(&book(), CsvDialect::Br).unwrap();
    assert!(br.as_bytes().starts_with(b"\xEF\xBB\xBFid;tipo;"), "{br:?}");
    let (header, rows) = read(&br, b';');
    assert_eq!(
        header[0], "id",
        "the BOM is not part of the first column's name"
    );
    assert_eq!(rows.len(), 2);
    let sale = rows.iter().find(|r| r.contains(&"Café coado".to_string()));
    let sale = sale.expect("the accented text reads back as written");
    assert_eq!(cell(&header, sale, "valor"), "1234,56");
    assert_eq!(cell(&header, sale, "vencimento"), "03/03/2026");
    // The ISO dialect is for tools, not Excel: no mark.
    let iso = export::entries_csv(&book(), CsvDialect::Iso).unwrap();
    assert!(iso.starts_with("id,tipo,"), "{iso:?}");
}

#[test]
fn cells_that_look_like_formulas_are_defused_and_numbers_stay_numbers() {
    for (dialect, sep) in [(CsvDialect::Br, b';'), (CsvDialect::Iso, b',')] {
        let text = export::entries_csv(&book(), dialect).unwrap();
        let (header, rows) = read(&text, sep);
        let bill = rows
            .iter()
            .find(|r| cell(&header, r, "tipo") == "pagar")
            .unwrap();
        assert_eq!(cell(&header, bill, "descricao"), "'=SOMA(1;2)");
        assert_eq!(
            cell(&header, bill, "cliente_fornecedor"),
            "'@Fornecedor Café"
        );
        assert_eq!(cell(&header, bill, "documento"), "'-NF 123");
        let amount = cell(&header, bill, "valor");
        assert!(amount == "12,50" || amount == "12.50", "{amount}");
        assert_eq!(cell(&header, bill, "em_aberto").replace(',', "."), "12.50");
        let sale = rows
            .iter()
            .find(|r| cell(&header, r, "tipo") == "receber")
            .unwrap();
        assert_eq!(cell(&header, sale, "documento"), "'+55 11 99999-0000");
        // No cell at all starts with a formula character unless defused.
        for row in &rows {
            for (name, c) in header.iter().zip(row) {
                let dangerous = c.starts_with(['=', '+', '-', '@', '\t', '\r']);
                assert!(!dangerous, "{name} = {c:?}");
            }
        }
    }
}

#[test]
fn defuse_formula_follows_owasp() {
    for (input, expected) in [
        ("=1+1", "'=1+1"),
        ("+55 11 99999-0000", "'+55 11 99999-0000"),
        ("-10", "'-10"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Café", "Café"),
        ("10-5", "10-5"),
        ("", ""),
    ] {
        assert_eq!(export::defuse_formula(input), expected);
    }
}
