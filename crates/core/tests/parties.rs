//! Customers and suppliers: create, update, archive, CPF/CNPJ validation, every rejection.

use crate::common;
use common::*;
use retaguarda_core::parties::PartyInput;
use retaguarda_core::CoreError;

fn full() -> PartyInput {
    PartyInput {
        name: "  Maria Souza ".into(),
        is_customer: true,
        is_supplier: false,
        tax_id: Some(" 529.982.247-25 ".into()),
        phone: Some("(11) 98765-4321".into()),
        email: Some("Maria@Exemplo.com.br".into()),
        address: Some("Rua das Flores, 10".into()),
        notes: Some("Prefere WhatsApp".into()),
    }
}

#[test]
fn registers_with_canonical_tax_id() {
    let mut biz = new_business();
    let id = biz.create_party(&ctx(), full()).unwrap();
    let p = biz.party(&id).unwrap().unwrap();
    assert_eq!(p.name, "Maria Souza");
    assert_eq!(p.tax_id.as_deref(), Some("52998224725"));
    assert_eq!(p.tax_id_formatted().as_deref(), Some("529.982.247-25"));
    assert_eq!(p.email.as_deref(), Some("maria@exemplo.com.br"));
    assert_eq!(p.phone.as_deref(), Some("(11) 98765-4321"));
    assert_eq!(biz.customers().unwrap().len(), 1);
    assert!(biz.suppliers().unwrap().is_empty());
}

#[test]
fn accepts_cnpj_and_both_roles() {
    let mut biz = new_business();
    let mut input = PartyInput::supplier("Moinho Sul Ltda");
    input.is_customer = true;
    input.tax_id = Some("11222333000181".into());
    let id = biz.create_party(&ctx(), input).unwrap();
    let p = biz.party(&id).unwrap().unwrap();
    assert_eq!(p.tax_id_formatted().as_deref(), Some("11.222.333/0001-81"));
    assert_eq!(biz.customers().unwrap().len(), 1);
    assert_eq!(biz.suppliers().unwrap().len(), 1);
}

#[test]
fn rejects_invalid_fields() {
    let mut biz = new_business();
    let cases: Vec<(PartyInput, &str)> = vec![
        (
            PartyInput {
                name: " ".into(),
                ..full()
            },
            "Nome",
        ),
        (
            PartyInput {
                is_customer: false,
                ..full()
            },
            "Tipo de cadastro",
        ),
        (
            PartyInput {
                tax_id: Some("529.982.247-26".into()),
                ..full()
            },
            "CPF/CNPJ",
        ),
        (
            PartyInput {
                phone: Some("123".into()),
                ..full()
            },
            "Telefone",
        ),
        (
            PartyInput {
                phone: Some("11 9876x4321".into()),
                ..full()
            },
            "Telefone",
        ),
        (
            PartyInput {
                email: Some("maria@".into()),
                ..full()
            },
            "E-mail",
        ),
        (
            PartyInput {
                email: Some("maria exemplo.com".into()),
                ..full()
            },
            "E-mail",
        ),
    ];
    for (input, field) in cases {
        let err = assert_rejected_unchanged(&mut biz, |b| b.create_party(&ctx(), input));
        assert!(
            matches!(err, CoreError::Invalid { field: f, .. } if f == field),
            "{field}: {err}"
        );
    }
}

#[test]
fn rejects_a_tax_id_already_registered() {
    let mut biz = new_business();
    biz.create_party(&ctx(), full()).unwrap();
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.create_party(
            &ctx(),
            PartyInput {
                name: "Outra".into(),
                tax_id: Some("52998224725".into()),
                ..full()
            },
        )
    });
    assert!(matches!(err, CoreError::Duplicate(_)));
    assert!(err.to_string().contains("Maria Souza"));
}

#[test]
fn updates_only_changed_fields_and_keeps_its_own_tax_id() {
    let mut biz = new_business();
    let id = biz.create_party(&ctx(), full()).unwrap();
    let heads = biz.heads();
    biz.update_party(
        &ctx(),
        &id,
        PartyInput {
            phone: Some("(11) 91111-2222".into()),
            ..full()
        },
    )
    .unwrap();
    assert_eq!(biz.changes_since(&heads).len(), 1);
    let p = biz.party(&id).unwrap().unwrap();
    assert_eq!(p.phone.as_deref(), Some("(11) 91111-2222"));
    assert_eq!(p.tax_id.as_deref(), Some("52998224725"));
}

#[test]
fn rejects_updating_unknown_or_to_a_taken_tax_id() {
    let mut biz = new_business();
    biz.create_party(&ctx(), full()).unwrap();
    let other = biz
        .create_party(&ctx(), PartyInput::customer("Ana"))
        .unwrap();
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.update_party(
            &ctx(),
            &other,
            PartyInput {
                tax_id: Some("529.982.247-25".into()),
                ..PartyInput::customer("Ana")
            },
        )
    });
    assert!(matches!(err, CoreError::Duplicate(_)));
    let err = assert_rejected_unchanged(&mut biz, |b| b.update_party(&ctx(), "nope", full()));
    assert!(matches!(err, CoreError::NotFound { .. }));
}

#[test]
fn archives_once_and_archived_are_not_offered() {
    let mut biz = new_business();
    let id = biz.create_party(&ctx(), full()).unwrap();
    biz.archive_party(&ctx(), &id).unwrap();
    assert!(biz.customers().unwrap().is_empty());
    assert_eq!(biz.parties().unwrap().len(), 1);
    let err = assert_rejected_unchanged(&mut biz, |b| b.archive_party(&ctx(), &id));
    assert!(matches!(err, CoreError::NotAllowed(_)));
    // Its CPF may be registered again once archived.
    biz.create_party(&ctx(), full()).unwrap();
}
