//! Shared setup of the boleto tests: a business with CNPJ, a bank account, an Itaú carteira
//! and a customer with CPF and address; and a retorno writer placing values at FEBRABAN's
//! CNAB 240 positions (segments T and U).
#![allow(dead_code)]

use crate::common::*;
use retaguarda_core::carteira::CarteiraInput;
use retaguarda_core::charges::{ChargeMethod, NewCharge};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{Business, Id};

pub struct Setup {
    pub biz: Business,
    pub account: Id,
    pub carteira: Id,
    pub customer: Id,
}

pub fn itau(account: &str) -> CarteiraInput {
    CarteiraInput {
        account: account.into(),
        bank: "341".into(),
        agencia: "0057".into(),
        conta: "72192".into(),
        conta_dv: Some("3".into()),
        carteira: "109".into(),
        range_start: 1,
        range_end: Some(99_999),
        juros_month_pct: dec("1"),
        multa_pct: dec("2"),
        instructions: "Não receber após 30 dias.".into(),
        ..CarteiraInput::default()
    }
}

pub fn setup() -> Setup {
    let mut biz = new_business();
    biz.update_profile(
        &ctx(),
        "Padaria Pão Quente",
        Some("11.222.333/0001-81"),
        Some("São Paulo"),
        None,
    )
    .unwrap();
    let account = bank_account(&mut biz, "0");
    let carteira = biz.save_carteira(&ctx(), None, itau(&account)).unwrap();
    let mut input = PartyInput::customer("Maria Souza");
    input.tax_id = Some("529.982.247-25".into());
    input.address = Some("Rua das Flores, 12, Centro, São Paulo - SP, 01310-100".into());
    let customer = biz.create_party(&ctx(), input).unwrap();
    Setup {
        biz,
        account,
        carteira,
        customer,
    }
}

pub fn boleto_charge(customer: &str, amount: &str, installments: u32) -> NewCharge {
    NewCharge {
        party: customer.into(),
        amount: dec(amount),
        first_due_date: date("2026-03-31"),
        method: ChargeMethod::Boleto,
        description: "Encomenda de festa".into(),
        installments,
        category: None,
        account: None,
    }
}

/// A 240-character line with each value written from its 1-based position.
pub fn record(fields: &[(usize, &str)]) -> String {
    let mut line = vec![b' '; 240];
    for (from, value) in fields {
        line[from - 1..from - 1 + value.len()].copy_from_slice(value.as_bytes());
    }
    String::from_utf8(line).unwrap()
}

/// One title of a retorno: movement code, nosso número, fee, rejection codes, and for a
/// liquidação (juros, paid, date).
pub struct Ret<'a> {
    pub code: &'a str,
    pub nosso: &'a str,
    pub amount: &'a str,
    pub fee: &'a str,
    pub reasons: &'a str,
    pub paid: Option<(&'a str, &'a str, &'a str)>,
}

/// A retorno of bank 341, agência 0057, conta 72192, with file number `nsa`.
pub fn retorno(nsa: &str, titles: &[Ret<'_>]) -> String {
    retorno_for("00057", "000000072192", nsa, titles)
}

pub fn retorno_for(agencia: &str, conta: &str, nsa: &str, titles: &[Ret<'_>]) -> String {
    let mut lines = vec![
        record(&[
            (1, "341"),
            (4, "0000"),
            (8, "0"),
            (18, "2"),
            (19, "11222333000181"),
            (53, agencia),
            (59, conta),
            (71, "3"),
            (143, "2"),
            (144, "01042026"),
            (152, "060000"),
            (158, nsa),
        ]),
        record(&[
            (1, "341"),
            (4, "0001"),
            (8, "1"),
            (9, "T"),
            (10, "01"),
            (14, "060"),
        ]),
    ];
    for (i, t) in titles.iter().enumerate() {
        let s1 = format!("{:05}", 2 * i + 1);
        let s2 = format!("{:05}", 2 * i + 2);
        lines.push(record(&[
            (1, "341"),
            (4, "0001"),
            (8, "3"),
            (9, &s1),
            (14, "T"),
            (16, t.code),
            (18, agencia),
            (24, conta),
            (38, t.nosso),
            (74, "31032026"),
            (82, t.amount),
            (199, t.fee),
            (214, t.reasons),
        ]));
        let mut u = vec![
            (1, "341"),
            (4, "0001"),
            (8, "3"),
            (9, s2.as_str()),
            (14, "U"),
            (16, t.code),
        ];
        if let Some((juros, paid, day)) = t.paid {
            u.extend([(18, juros), (78, paid), (138, day), (146, day)]);
        }
        lines.push(record(&u));
    }
    let lote = format!("{:06}", titles.len() * 2 + 2);
    let total = format!("{:06}", titles.len() * 2 + 4);
    lines.push(record(&[(1, "341"), (4, "0001"), (8, "5"), (18, &lote)]));
    lines.push(record(&[
        (1, "341"),
        (4, "9999"),
        (8, "9"),
        (18, "000001"),
        (24, &total),
    ]));
    lines.join("\r\n") + "\r\n"
}
