//! The category suggested for a new bank line comes from how this business categorised
//! similar bank text before, is shown by name, and is left out rather than guessed from
//! one shared word (issue 26: "PIX TRANSF JOAO" was suggested Salários because an
//! employee is called João; a bakery purchase was suggested Aluguel).

use crate::common;
use crate::reconcile_support;

use common::*;
use reconcile_support::{statement, Line};
use retaguarda_core::ledger::categories::{RENT, SALARIES};
use retaguarda_core::ledger::{EntryKind, NewEntry};
use retaguarda_core::reconcile::{LineOutcome, NewFromLine, SuggestedCategory};
use retaguarda_core::Business;

const FREIGHT: &str = "cat.despesas.fretes";

fn categorised(biz: &mut Business, desc: &str, amount: &str, cat: &str) {
    let mut e = NewEntry::new(EntryKind::Payable, desc, dec(amount), date("2026-01-05"));
    e.category = Some(cat.to_string());
    biz.create_entry(&ctx(), e).unwrap();
}

fn suggestion(
    biz: &mut Business,
    bank: &str,
    fitid: &str,
    memo: &str,
) -> (String, Option<SuggestedCategory>) {
    let st = statement(&[Line(fitid, "20260306", "-150.00", memo)], None);
    let report = biz.import_statement(&ctx(), bank, &st).unwrap();
    let p = &report.proposals[0];
    let LineOutcome::New { suggested_category } = &p.outcome else {
        panic!("expected a new line, got {:?}", p.outcome)
    };
    (p.key.clone(), suggested_category.clone())
}

#[test]
fn one_shared_first_name_does_not_decide_the_category() {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "1000.00");
    categorised(&mut biz, "Salário João Silva", "1800.00", SALARIES);
    categorised(&mut biz, "Aluguel da loja Centro", "900.00", RENT);

    let (_, s) = suggestion(&mut biz, &bank, "J1", "PIX TRANSF JOAO");
    assert_eq!(s, None, "João the employee is not every João");
    let (_, s) = suggestion(&mut biz, &bank, "P1", "COMPRA CARTAO PADARIA CENTRO");
    assert_eq!(
        s, None,
        "a bakery in the centre is not the rent of the shop in the centre"
    );
}

#[test]
fn the_business_own_choice_for_the_same_bank_text_is_learned() {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "1000.00");
    categorised(&mut biz, "Salário João Silva", "1800.00", SALARIES);

    // March: the owner files the transfer to João (the delivery man) under Fretes.
    let (key, _) = suggestion(&mut biz, &bank, "J1", "PIX TRANSF JOAO ENTREGAS");
    biz.create_entry_from_line(
        &ctx(),
        &key,
        NewFromLine {
            description: Some("Serviço do motoboy".into()),
            category: Some(FREIGHT.into()),
            ..NewFromLine::default()
        },
    )
    .unwrap();

    // April: the same transfer again is suggested Fretes, by name.
    let (_, s) = suggestion(&mut biz, &bank, "J2", "PIX TRANSF JOAO ENTREGAS");
    assert_eq!(
        s,
        Some(SuggestedCategory {
            id: FREIGHT.into(),
            name: "Fretes".into()
        })
    );
}

#[test]
fn the_most_frequent_choice_wins_and_archived_categories_are_not_offered() {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "5000.00");
    for (i, cat) in [FREIGHT, FREIGHT, RENT].into_iter().enumerate() {
        let (key, _) = suggestion(
            &mut biz,
            &bank,
            &format!("T{i}"),
            "TED TRANSPORTADORA RAPIDO SUL",
        );
        biz.create_entry_from_line(
            &ctx(),
            &key,
            NewFromLine {
                category: Some(cat.into()),
                ..NewFromLine::default()
            },
        )
        .unwrap();
    }
    let (_, s) = suggestion(&mut biz, &bank, "T9", "TED TRANSPORTADORA RAPIDO SUL");
    assert_eq!(s.map(|s| s.id), Some(FREIGHT.to_string()));

    biz.archive_category(&ctx(), FREIGHT).unwrap();
    let (_, s) = suggestion(&mut biz, &bank, "T10", "TED TRANSPORTADORA RAPIDO SUL");
    assert_eq!(s.map(|s| s.name), Some("Aluguel".to_string()));
}
