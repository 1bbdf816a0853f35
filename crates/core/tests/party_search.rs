//! The customer search is one query with the core's accent folding: a name typed without
//! accents, an e-mail, or a CPF/CNPJ (numeric or alphanumeric) or phone typed with or
//! without its mask; archived records are not offered.

use crate::common;
use common::*;
use retaguarda_core::parties::{tax_id_problem, PartyInput};
use retaguarda_core::text::fold;

fn names(biz: &retaguarda_core::Business, query: &str) -> Vec<String> {
    biz.find_parties(query)
        .unwrap()
        .into_iter()
        .map(|(_, p)| p.name)
        .collect()
}

#[test]
fn finds_by_name_email_document_or_phone() {
    let mut biz = new_business();
    biz.create_party(
        &ctx(),
        PartyInput {
            tax_id: Some("529.982.247-25".into()),
            phone: Some("(11) 98765-4321".into()),
            ..PartyInput::customer("João Araújo")
        },
    )
    .unwrap();
    biz.create_party(
        &ctx(),
        PartyInput {
            email: Some("vendas@moinho.com.br".into()),
            // An alphanumeric CNPJ (Receita Federal's example, valid check digits).
            tax_id: Some("12.ABC.345/01DE-35".into()),
            ..PartyInput::supplier("Moinho Açores")
        },
    )
    .unwrap();
    let old = biz
        .create_party(&ctx(), PartyInput::customer("Joana Antiga"))
        .unwrap();
    biz.archive_party(&ctx(), &old).unwrap();

    assert_eq!(names(&biz, ""), vec!["João Araújo", "Moinho Açores"]);
    assert_eq!(names(&biz, "joao araujo"), vec!["João Araújo"]);
    assert_eq!(names(&biz, "ACORES"), vec!["Moinho Açores"]);
    assert_eq!(names(&biz, "vendas@moinho"), vec!["Moinho Açores"]);
    assert_eq!(names(&biz, "529.982"), vec!["João Araújo"]);
    assert_eq!(names(&biz, "52998224725"), vec!["João Araújo"]);
    assert_eq!(names(&biz, "98765-4321"), vec!["João Araújo"]);
    assert_eq!(names(&biz, "12.abc.345"), vec!["Moinho Açores"]);
    // Archived records are not offered.
    assert!(names(&biz, "joana").is_empty());
    // Digits inside a name-like query do not match documents.
    assert!(names(&biz, "rua 529").is_empty());
}

#[test]
fn folding_is_the_one_the_statement_matcher_uses() {
    assert_eq!(fold("João ÇÃO Été"), "joao cao ete");
    let words = retaguarda_core::reconcile::tokens("PIX RECEBIDO JOÃO ARAÚJO");
    assert!(
        words.contains("joao") && words.contains("araujo"),
        "{words:?}"
    );
}

#[test]
fn the_form_checks_the_document_as_typed() {
    assert_eq!(tax_id_problem(""), None);
    assert_eq!(tax_id_problem("529.982.247-25"), None);
    assert_eq!(tax_id_problem("12.ABC.345/01DE-35"), None);
    let problem = tax_id_problem("123.456.789-00").unwrap();
    assert!(problem.starts_with("CPF/CNPJ: "), "{problem}");
}
