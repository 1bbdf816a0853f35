//! OFX parsing: one fixture file per format variant and per quirk of
//! Brazilian banks, each checked field by field.

use chrono::NaiveDate;
use retaguarda_formats::ofx::{parse, parse_all, OfxError, Statement, StatementKind};
use rust_decimal_macros::dec;

fn fixture(name: &str) -> Statement {
    let path = format!("{}/tests/fixtures/ofx/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap();
    parse(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn sgml_with_charset_1252() {
    let s = fixture("sgml_charset_1252.ofx");
    assert_eq!(s.kind, StatementKind::Bank);
    assert_eq!(s.currency, "BRL");
    assert_eq!(s.account.bank_id.as_deref(), Some("0341"));
    assert_eq!(s.account.branch_id.as_deref(), Some("1234"));
    assert_eq!(s.account.account_id, "56789-0");
    assert_eq!(s.account.account_type.as_deref(), Some("CHECKING"));
    assert_eq!(s.start, Some(d(2025, 3, 1)));
    assert_eq!(s.end, Some(d(2025, 3, 10)));
    assert_eq!(s.transactions.len(), 2);
    let t = &s.transactions[0];
    assert_eq!(t.fitid, "202503030001");
    assert!(!t.fitid_generated);
    assert_eq!(t.kind, "DEBIT");
    assert_eq!(t.posted, d(2025, 3, 3));
    assert_eq!(t.amount, dec!(-89.90));
    assert_eq!(t.memo.as_deref(), Some("PAGTO CONTA ENERGIA - SÃO PAULO"));
    let t = &s.transactions[1];
    assert_eq!(t.memo.as_deref(), Some("PIX RECEBIDO JOSÉ DA CONCEIÇÃO"));
    assert_eq!(t.name.as_deref(), Some("José da Conceição"));
    let ledger = s.ledger_balance.unwrap();
    assert_eq!(ledger.amount, dec!(1500.25));
    assert_eq!(ledger.as_of, Some(d(2025, 3, 10)));
    assert_eq!(s.available_balance, None);
}

#[test]
fn sgml_declared_utf8() {
    let s = fixture("sgml_utf8.ofx");
    assert_eq!(
        s.transactions[0].memo.as_deref(),
        Some("PADARIA AÇÚCAR & CIA")
    );
    assert_eq!(
        s.transactions[1].memo.as_deref(),
        Some("TRANSFERÊNCIA RECEBIDA")
    );
}

#[test]
fn header_says_1252_but_bytes_are_utf8() {
    let s = fixture("charset_mislabeled.ofx");
    assert_eq!(s.transactions[0].memo.as_deref(), Some("TARIFA MANUTENÇÃO"));
}

#[test]
fn xml_version_2() {
    let s = fixture("xml_v2.ofx");
    assert_eq!(s.account.bank_id.as_deref(), Some("0001"));
    assert_eq!(s.account.account_type.as_deref(), Some("SAVINGS"));
    assert_eq!(s.start, Some(d(2025, 3, 1)));
    assert_eq!(s.transactions.len(), 2);
    let t = &s.transactions[0];
    assert_eq!(t.posted, d(2025, 3, 2));
    assert_eq!(t.amount, dec!(1200.00));
    assert_eq!(t.memo.as_deref(), Some("DEPÓSITO & AJUSTE <LOJA>"));
    let t = &s.transactions[1];
    assert_eq!(t.memo, None);
    assert_eq!(t.name.as_deref(), Some("ALUGUEL"));
    assert_eq!(t.check_number.as_deref(), Some("000123"));
    assert_eq!(t.reference.as_deref(), Some("R9"));
    assert_eq!(s.ledger_balance.unwrap().amount, dec!(899.90));
    assert_eq!(s.available_balance.unwrap().amount, dec!(850.00));
}

#[test]
fn credit_card_statement() {
    let s = fixture("credit_card.ofx");
    assert_eq!(s.kind, StatementKind::CreditCard);
    assert_eq!(s.account.account_id, "5555********1234");
    assert_eq!(s.account.bank_id, None);
    assert_eq!(s.transactions.len(), 2);
    assert_eq!(s.transactions[0].kind, "PAYMENT");
    assert_eq!(s.transactions[0].amount, dec!(-150.00));
    assert_eq!(
        s.transactions[0].memo.as_deref(),
        Some("SUPERMERCADO BOM PREÇO")
    );
    assert_eq!(s.ledger_balance.unwrap().amount, dec!(-2345.67));
}

#[test]
fn decimal_comma_amounts() {
    let s = fixture("decimal_comma.ofx");
    assert_eq!(s.transactions[0].amount, dec!(-1234.56));
    assert_eq!(s.transactions[1].amount, dec!(89.90));
    assert_eq!(s.ledger_balance.unwrap().amount, dec!(10500.00));
}

#[test]
fn comma_and_dot_mixed_in_one_file() {
    let s = fixture("mixed_separators.ofx");
    let amounts: Vec<_> = s.transactions.iter().map(|t| t.amount).collect();
    assert_eq!(
        amounts,
        [dec!(-10.50), dec!(-20.25), dec!(1000.75), dec!(2000.75)]
    );
}

#[test]
fn balance_without_decimal_separator() {
    let s = fixture("balance_no_separator.ofx");
    assert_eq!(s.transactions[0].amount, dec!(100));
    assert_eq!(s.ledger_balance.unwrap().amount, dec!(1500));
    assert_eq!(s.available_balance.unwrap().amount, dec!(-20));
}

#[test]
fn dtasof_of_zeros_is_no_date() {
    let s = fixture("dtasof_zeros.ofx");
    let ledger = s.ledger_balance.unwrap();
    assert_eq!(ledger.amount, dec!(77.00));
    assert_eq!(ledger.as_of, None);
}

#[test]
fn currency_brc_is_read_as_brl() {
    assert_eq!(fixture("currency_brc.ofx").currency, "BRL");
}

#[test]
fn odd_time_zones_keep_the_written_day() {
    let s = fixture("timezones.ofx");
    let days: Vec<_> = s.transactions.iter().map(|t| t.posted).collect();
    assert_eq!(
        days,
        [
            d(2025, 3, 3),
            d(2025, 3, 4),
            d(2025, 3, 5),
            d(2025, 3, 6),
            d(2025, 3, 7)
        ]
    );
    assert_eq!(s.start, Some(d(2025, 3, 1)));
    assert_eq!(s.end, Some(d(2025, 3, 10)));
}

#[test]
fn dates_without_time_zone_do_not_shift_a_day() {
    let s = fixture("no_timezone.ofx");
    let days: Vec<_> = s.transactions.iter().map(|t| t.posted).collect();
    // Midnight and 23:30 of the 31st stay on the 31st; the year boundary
    // stays in December.
    assert_eq!(
        days,
        [
            d(2025, 1, 31),
            d(2025, 1, 31),
            d(2025, 3, 1),
            d(2024, 12, 31)
        ]
    );
}

#[test]
fn stray_whitespace_and_blank_lines() {
    let s = fixture("whitespace_blank_lines.ofx");
    assert_eq!(s.transactions.len(), 2);
    let t = &s.transactions[0];
    assert_eq!(t.kind, "DEBIT");
    assert_eq!(t.fitid, "W1");
    assert_eq!(t.posted, d(2025, 3, 3));
    assert_eq!(t.amount, dec!(-7.30));
    assert_eq!(t.memo.as_deref(), Some("CAFÉ   COM LEITE"));
    let t = &s.transactions[1];
    assert_eq!(t.amount, dec!(15.00));
    // An empty <MEMO> leaf does not swallow the next field.
    assert_eq!(t.memo, None);
    assert_eq!(t.name.as_deref(), Some("SEM MEMO"));
    assert_eq!(s.ledger_balance.unwrap().amount, dec!(1500.25));
}

#[test]
fn missing_closing_tags_and_ofx_end_are_an_incomplete_file() {
    // Transactions without </STMTTRN> and no </OFX>: a download cut short, refused.
    let path = format!(
        "{}/tests/fixtures/ofx/missing_close.ofx",
        env!("CARGO_MANIFEST_DIR")
    );
    let err = parse(&std::fs::read(path).unwrap()).unwrap_err();
    assert!(matches!(err, OfxError::Incomplete { .. }), "{err:?}");
    assert!(err.to_string().starts_with("arquivo incompleto"), "{err}");
}

#[test]
fn missing_fitid_gets_a_stable_generated_one() {
    let s = fixture("no_fitid.ofx");
    let ids: Vec<_> = s.transactions.iter().map(|t| t.fitid.clone()).collect();
    assert!(s.transactions.iter().all(|t| t.fitid_generated));
    assert_eq!(ids[0], "gerado:20250303:-5:TARIFA:1");
    assert_eq!(ids[1], "gerado:20250303:-5:TARIFA:2");
    assert_eq!(ids[2], "gerado:20250303:-6:TARIFA:1");
    // Parsing again gives the same ids, so a re-import finds duplicates.
    let again = fixture("no_fitid.ofx");
    let ids2: Vec<_> = again.transactions.iter().map(|t| t.fitid.clone()).collect();
    assert_eq!(ids, ids2);
}

#[test]
fn several_statements_in_one_file() {
    let path = format!(
        "{}/tests/fixtures/ofx/xml_v2.ofx",
        env!("CARGO_MANIFEST_DIR")
    );
    let xml = std::fs::read_to_string(path).unwrap();
    let card = "<CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><CURDEF>BRL</CURDEF>\
<CCACCTFROM><ACCTID>4111</ACCTID></CCACCTFROM><BANKTRANLIST></BANKTRANLIST>\
</CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>";
    let both = xml.replace("</OFX>", card);
    let all = parse_all(both.as_bytes()).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].kind, StatementKind::Bank);
    assert_eq!(all[1].kind, StatementKind::CreditCard);
    assert_eq!(all[1].account.account_id, "4111");
    assert!(all[1].transactions.is_empty());
}
