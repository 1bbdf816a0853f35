//! Carteira de cobrança: saved per bank account, validated per bank with pt-BR messages, and
//! a rejected configuration leaves the document unchanged.

use crate::boleto_support;
use crate::common;
use boleto_support::*;
use common::*;
use retaguarda_core::CoreError;

#[test]
fn saves_and_updates_a_carteira() {
    let s = setup();
    let c = s.biz.carteira(&s.carteira).unwrap();
    assert_eq!(c.bank, "341");
    assert_eq!(c.agencia, "0057");
    assert_eq!(c.conta_dv.as_deref(), Some("3"));
    assert_eq!(c.range_end, 99_999);
    assert_eq!(c.juros_month_pct, dec("1"));
    let mut s = s;
    let mut input = itau(&s.account);
    input.multa_pct = dec("1.5");
    input.range_end = None;
    s.biz
        .save_carteira(&ctx(), Some(&s.carteira), input)
        .unwrap();
    let c = s.biz.carteira(&s.carteira).unwrap();
    assert_eq!(c.multa_pct, dec("1.5"));
    // Itaú's nosso número has 8 digits.
    assert_eq!(c.range_end, 99_999_999);
    assert_eq!(s.biz.carteiras().unwrap().len(), 1);
}

#[test]
fn each_bank_checks_its_own_fields() {
    let mut s = setup();
    let account = s.account.clone();
    let cases: Vec<(retaguarda_core::carteira::CarteiraInput, &str)> = vec![
        (
            retaguarda_core::carteira::CarteiraInput {
                bank: "001".into(),
                convenio: None,
                carteira: "17".into(),
                ..itau(&account)
            },
            "Carteira: convênio: é obrigatório para Banco do Brasil",
        ),
        (
            retaguarda_core::carteira::CarteiraInput {
                bank: "104".into(),
                convenio: Some("123456".into()),
                carteira: "11".into(),
                ..itau(&account)
            },
            "Carteira: carteira: na Caixa use 14 (registrada, emitida pelo beneficiário)",
        ),
        (
            retaguarda_core::carteira::CarteiraInput {
                conta: "721921".into(),
                ..itau(&account)
            },
            "Carteira: conta: tem no máximo 5 dígitos",
        ),
        (
            retaguarda_core::carteira::CarteiraInput {
                bank: "756".into(),
                convenio: Some("1234567".into()),
                carteira: "1".into(),
                range_end: Some(10_000_000),
                ..itau(&account)
            },
            "Faixa de nosso número: informe uma faixa entre 1 e 9999999 para Sicoob.",
        ),
        (
            retaguarda_core::carteira::CarteiraInput {
                bank: "077".into(),
                ..itau(&account)
            },
            "Banco: banco 077 não suportado: use 001, 033, 104, 237, 341 ou 756",
        ),
        (
            retaguarda_core::carteira::CarteiraInput {
                multa_pct: dec("5"),
                ..itau(&account)
            },
            "Multa: informe de 0 a 2%.",
        ),
    ];
    for (input, message) in cases {
        let err = assert_rejected_unchanged(&mut s.biz, |b| b.save_carteira(&ctx(), None, input));
        assert_eq!(err.to_string(), message);
    }
    // A cash account cannot hold a carteira.
    let cash = cash_account(&mut s.biz, "0");
    let err = assert_rejected_unchanged(&mut s.biz, |b| b.save_carteira(&ctx(), None, itau(&cash)));
    assert!(matches!(err, CoreError::Invalid { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "Conta: \"Caixa da loja\" não é uma conta bancária."
    );
}
