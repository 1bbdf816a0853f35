//! A file with several statements (conta corrente, poupança and a card, as Itaú exports
//! them) yields every statement in file order, each telling a bank account from a card.

use retaguarda_formats::ofx::{parse, parse_all, StatementKind};
use rust_decimal_macros::dec;

fn multi() -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/ofx/multi_statement.ofx",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(path).unwrap()
}

#[test]
fn every_statement_of_the_file_in_order() {
    let all = parse_all(&multi()).unwrap();
    let summary: Vec<_> = all
        .iter()
        .map(|s| {
            (
                s.kind,
                s.account.account_id.as_str(),
                s.account.account_type.as_deref(),
                s.transactions.len(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (StatementKind::Bank, "56789-0", Some("CHECKING"), 2),
            (StatementKind::Bank, "56789-0/500", Some("SAVINGS"), 1),
            (StatementKind::CreditCard, "5555********1234", None, 1),
        ]
    );
    assert_eq!(all[1].transactions[0].amount, dec!(3.21));
    assert_eq!(all[2].transactions[0].fitid, "CARD-1");
    assert_eq!(all[2].ledger_balance.as_ref().unwrap().amount, dec!(-89.90));
    // `parse` is the first statement, not a merge of them.
    assert_eq!(parse(&multi()).unwrap(), all[0]);
}

#[test]
fn kinds_are_named_in_pt_br() {
    assert_eq!(StatementKind::Bank.label(), "conta bancária");
    assert_eq!(StatementKind::CreditCard.label(), "cartão de crédito");
}
