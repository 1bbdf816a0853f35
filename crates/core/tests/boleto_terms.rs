//! Each boleto's own juros, multa, desconto (value and last day), protest and baixa days:
//! set on the charge (the carteira's defaults otherwise), printed on the boleto, carried into
//! segments P and R of the remessa at FEBRABAN's positions ("Layout padrão CNAB 240 —
//! Cobrança": segment P 118-141 juros, 142-165 desconto 1, 221-223 protesto, 224-227 baixa
//! (Itaú: 225-226); segment R 66-89 multa), kept when the carteira changes later, and
//! refused with a pt-BR message (nothing changed) when the bank would refuse them.

use crate::boleto_support;
use crate::common;
use boleto_support::*;
use common::*;
use retaguarda_core::carteira::{BoletoDiscount, BoletoTerms, CarteiraInput};

fn at() -> chrono::NaiveDateTime {
    date("2026-03-10").and_hms_opt(9, 0, 0).unwrap()
}

fn terms() -> BoletoTerms {
    BoletoTerms {
        juros_month_pct: dec("2.5"),
        multa_pct: dec("1.5"),
        discount: Some(BoletoDiscount {
            amount: dec("7.25"),
            until: Some(date("2026-03-26")),
        }),
        protest_days: Some(5),
        baixa_days: Some(30),
    }
}

/// Segment P and R lines of the remessa, per title.
fn segments(text: &str, segment: char) -> Vec<String> {
    text.lines()
        .filter(|l| l.as_bytes()[7] == b'3' && l.chars().nth(13) == Some(segment))
        .map(String::from)
        .collect()
}

fn at_pos(line: &str, from: usize, to: usize) -> &str {
    &line[from - 1..to]
}

#[test]
fn a_charges_own_terms_reach_the_remessa_and_the_boleto() {
    let mut s = setup();
    let ids = s
        .biz
        .create_boleto_charges_with(
            &ctx(),
            &s.carteira,
            boleto_charge(&s.customer, "300.00", 2),
            Some(terms()),
        )
        .unwrap();
    // Each installment keeps the terms; the desconto's day moves with its due date.
    let second = s.biz.charge_view(&ids[1], date("2026-03-10")).unwrap();
    let kept = second.charge.boleto.unwrap().terms.unwrap();
    assert_eq!(
        kept.discount.unwrap().until,
        Some(date("2026-04-25")),
        "5 days before the second due date (30/04)"
    );

    let slip = s.biz.boleto_slip(&ids[0]).unwrap();
    assert_eq!(
        slip.instructions[..5],
        [
            "Após o vencimento, juros de 2,5% ao mês (R$ 0,12 por dia).".to_string(),
            "Após o vencimento, multa de 1,5% (R$ 2,25).".to_string(),
            "Até 26/03/2026, desconto de R$ 7,25.".to_string(),
            "Sujeito a protesto após 5 dias do vencimento.".to_string(),
            "Não receber após 30 dias do vencimento.".to_string(),
        ]
    );

    let remessa = s.biz.generate_remessa(&ctx(), &s.carteira, at()).unwrap();
    let p = segments(&remessa.text, 'P');
    let r = segments(&remessa.text, 'R');
    assert_eq!((p.len(), r.len()), (2, 2));
    #[rustfmt::skip]
    let table: [(usize, usize, &str, &str); 10] = [
        (118, 118, "2", "2"),                                     // juros: taxa mensal
        (119, 126, "01042026", "01052026"),                       // from the day after due
        (127, 141, "000000000000250", "000000000000250"),         // 2,50% a.m.
        (142, 142, "1", "1"),                                     // desconto: valor fixo até a data
        (143, 150, "26032026", "25042026"),
        (151, 165, "000000000000725", "000000000000725"),         // R$ 7,25
        (221, 221, "1", "1"),                                     // protestar, dias corridos
        (222, 223, "05", "05"),
        (224, 224, "1", "1"),                                     // baixar
        (225, 226, "30", "30"),                                   // Itaú: 2 digits
    ];
    for (from, to, first, second) in table {
        assert_eq!(at_pos(&p[0], from, to), first, "P {from}-{to}, 1st");
        assert_eq!(at_pos(&p[1], from, to), second, "P {from}-{to}, 2nd");
    }
    for line in &r {
        assert_eq!(at_pos(line, 66, 66), "2", "multa: percentual");
        assert_eq!(at_pos(line, 75, 89), "000000000000150", "multa 1,50%");
    }
    assert_eq!(at_pos(&r[0], 67, 74), "01042026");
}

#[test]
fn without_own_terms_a_boleto_takes_the_carteiras_and_keeps_them() {
    let mut s = setup();
    // The carteira's defaults (juros 1%, multa 2%, no desconto, no protest or baixa).
    let id = s
        .biz
        .create_boleto_charges(&ctx(), &s.carteira, boleto_charge(&s.customer, "150.00", 1))
        .unwrap()
        .remove(0);
    let view = s.biz.charge_view(&id, date("2026-03-10")).unwrap();
    let kept = view.charge.boleto.unwrap().terms.unwrap();
    assert_eq!(kept.juros_month_pct, dec("1"));
    assert_eq!(kept.multa_pct, dec("2"));
    assert_eq!((kept.discount, kept.protest_days), (None, None));

    // The carteira changes after the boleto is out: the boleto does not.
    let mut changed: CarteiraInput = itau(&s.account);
    changed.juros_month_pct = dec("3");
    changed.protest_days = Some(10);
    s.biz
        .save_carteira(&ctx(), Some(&s.carteira), changed)
        .unwrap();
    let remessa = s.biz.generate_remessa(&ctx(), &s.carteira, at()).unwrap();
    let p = &segments(&remessa.text, 'P')[0];
    assert_eq!(at_pos(p, 127, 141), "000000000000100", "still 1% a.m.");
    assert_eq!(at_pos(p, 142, 142), "0", "no desconto");
    assert_eq!(at_pos(p, 221, 223), "300", "não protestar");
    assert_eq!(at_pos(p, 224, 224), "2", "não baixar");
}

/// A change to the terms that makes them wrong.
type Change = fn(&mut BoletoTerms);

#[test]
fn terms_the_bank_would_refuse_are_refused_and_nothing_changes() {
    let mut s = setup();
    let cases: [(Change, &str); 6] = [
        (|t| t.multa_pct = dec("3"), "Multa: informe de 0 a 2%."),
        (
            |t| t.juros_month_pct = dec("11"),
            "Juros: informe de 0 a 10%.",
        ),
        (
            |t| t.discount.as_mut().unwrap().amount = dec("150"),
            "Desconto: informe um valor acima de zero e abaixo do valor do boleto (R$ 150,00).",
        ),
        (
            |t| t.discount.as_mut().unwrap().until = Some(date("2026-04-01")),
            "Desconto até: a data limite do desconto fica entre hoje e o vencimento.",
        ),
        (
            |t| t.protest_days = Some(100),
            "Protesto: informe de 1 a 99 dias.",
        ),
        (
            |t| t.baixa_days = Some(5),
            "Baixa: a baixa vem depois do protesto: informe mais dias que os do protesto.",
        ),
    ];
    for (change, message) in cases {
        let mut t = terms();
        change(&mut t);
        let carteira = s.carteira.clone();
        let customer = s.customer.clone();
        let err = assert_rejected_unchanged(&mut s.biz, |b| {
            b.create_boleto_charges_with(
                &ctx(),
                &carteira,
                boleto_charge(&customer, "150.00", 1),
                Some(t),
            )
        });
        assert_eq!(err.to_string(), message);
    }
}
