//! A credit-card statement is not imported into a bank account or the cash drawer: the
//! import is refused with a pt-BR message and nothing is written. A card goes into an
//! account of kind Other (Outra).

use crate::common;

use common::*;
use retaguarda_core::formats::ofx::{self, StatementKind};
use retaguarda_core::ledger::{AccountKind, NewAccount};
use retaguarda_core::CoreError;

fn card_statement() -> ofx::Statement {
    let path = format!(
        "{}/../formats/tests/fixtures/ofx/credit_card.ofx",
        env!("CARGO_MANIFEST_DIR")
    );
    let st = ofx::parse(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(st.kind, StatementKind::CreditCard);
    st
}

#[test]
fn a_card_statement_is_refused_into_a_bank_account() {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "0");
    let heads = biz.heads();
    let err = biz
        .import_statement(&ctx(), &bank, &card_statement())
        .unwrap_err();
    let CoreError::NotAllowed(msg) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        msg,
        "Este extrato é de cartão de crédito (cartão 5555********1234) e \"Banco\" é uma \
         conta bancária; importe-o numa conta do tipo Outra criada para o cartão."
    );
    assert_eq!(biz.heads(), heads, "nothing was written");
    assert!(biz.bank_lines(&bank).unwrap().is_empty());

    let cash = cash_account(&mut biz, "0");
    let err = biz
        .import_statement(&ctx(), &cash, &card_statement())
        .unwrap_err();
    assert!(err.to_string().contains("é o caixa"), "{err}");
}

#[test]
fn a_card_statement_goes_into_an_account_of_kind_other() {
    let mut biz = new_business();
    let card = biz
        .create_account(
            &ctx(),
            NewAccount {
                name: "Cartão Visa".into(),
                kind: AccountKind::Other,
                opening_balance: dec("0"),
                opening_date: date("2025-01-01"),
            },
        )
        .unwrap();
    let report = biz
        .import_statement(&ctx(), &card, &card_statement())
        .unwrap();
    assert_eq!(report.imported, 2);
    assert_eq!(biz.bank_lines(&card).unwrap().len(), 2);
}
