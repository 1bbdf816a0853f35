//! "Nova cobrança" is one operation: the customer typed in the form and the charge (or its
//! installments) are registered in one change, a refused charge leaves no customer behind,
//! and a boleto goes to its carteira.

use crate::boleto_support;
use crate::common;
use common::*;
use retaguarda_core::charges::{ChargeCustomer, ChargeMethod, ChargeRequest, ChargeStatus};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::CoreError;

fn request(customer: ChargeCustomer, amount: &str, installments: u32) -> ChargeRequest {
    ChargeRequest {
        customer,
        amount: dec(amount),
        first_due_date: date("2026-03-20"),
        method: ChargeMethod::Pix,
        description: "Bolo de aniversário".into(),
        installments,
        carteira: None,
        boleto_terms: None,
    }
}

fn new_customer(name: &str, phone: Option<&str>) -> ChargeCustomer {
    ChargeCustomer::New(PartyInput {
        phone: phone.map(str::to_string),
        ..PartyInput::customer(name)
    })
}

#[test]
fn a_typed_customer_and_the_charge_are_one_change() {
    let mut biz = new_business();
    let changes = biz.audit_log().unwrap().len();
    let ids = biz
        .create_charge_with_customer(
            &ctx(),
            request(
                new_customer("Ana Reis", Some("(21) 99876-5432")),
                "45.90",
                1,
            ),
        )
        .unwrap();
    assert_eq!(ids.len(), 1);
    assert_eq!(biz.audit_log().unwrap().len(), changes + 1);
    let customers = biz.customers().unwrap();
    assert_eq!(customers.len(), 1);
    let (party_id, party) = &customers[0];
    assert_eq!(party.name, "Ana Reis");
    assert_eq!(party.phone.as_deref(), Some("(21) 99876-5432"));
    let view = biz.charge_view(&ids[0], date("2026-03-10")).unwrap();
    assert_eq!(&view.charge.party, party_id);
    assert_eq!(view.charge.amount, dec("45.90"));
    assert_eq!(view.status, ChargeStatus::Pending);
}

#[test]
fn a_refused_charge_leaves_no_customer_behind() {
    let mut biz = new_business();
    // Below the default minimum of R$ 6,00.
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.create_charge_with_customer(&ctx(), request(new_customer("Carlos", None), "5.00", 1))
    });
    assert!(err.to_string().contains("pelo menos R$ 6,00"), "{err}");
    assert!(biz.parties().unwrap().is_empty());
    // A bad phone on the typed customer refuses the whole thing too.
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.create_charge_with_customer(
            &ctx(),
            request(new_customer("Carlos", Some("abc")), "50.00", 1),
        )
    });
    assert!(
        matches!(
            err,
            CoreError::Invalid {
                field: "Telefone",
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn an_existing_customer_must_be_chosen() {
    let mut biz = new_business();
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.create_charge_with_customer(
            &ctx(),
            request(ChargeCustomer::Existing(String::new()), "50.00", 1),
        )
    });
    assert_eq!(
        err.to_string(),
        "Cliente: escolha o cliente ou cadastre um novo."
    );
    let maria = biz
        .create_party(&ctx(), PartyInput::customer("Maria"))
        .unwrap();
    let ids = biz
        .create_charge_with_customer(
            &ctx(),
            request(ChargeCustomer::Existing(maria.clone()), "50.00", 1),
        )
        .unwrap();
    assert_eq!(
        biz.charge_view(&ids[0], date("2026-03-10"))
            .unwrap()
            .charge
            .party,
        maria
    );
    assert_eq!(biz.parties().unwrap().len(), 1);
}

#[test]
fn installments_split_the_total_and_name_their_number_once() {
    let mut biz = new_business();
    let ids = biz
        .create_charge_with_customer(
            &ctx(),
            request(new_customer("Dona Cida", None), "100.00", 3),
        )
        .unwrap();
    assert_eq!(ids.len(), 3);
    let views: Vec<_> = ids
        .iter()
        .map(|id| biz.charge_view(id, date("2026-03-10")).unwrap())
        .collect();
    let amounts: Vec<_> = views.iter().map(|v| v.charge.amount).collect();
    assert_eq!(amounts, vec![dec("33.33"), dec("33.33"), dec("33.34")]);
    let dues: Vec<_> = views.iter().map(|v| v.charge.due_date).collect();
    assert_eq!(
        dues,
        vec![date("2026-03-20"), date("2026-04-20"), date("2026-05-20")]
    );
    for (i, v) in views.iter().enumerate() {
        let label = format!("parcela {}/3", i + 1);
        assert_eq!(
            v.charge.description,
            format!("Bolo de aniversário ({label})")
        );
        assert_eq!(
            v.charge.description.to_lowercase().matches(&label).count(),
            1
        );
        let installment = v.charge.installment.as_ref().unwrap();
        assert_eq!((installment.number, installment.total), (i as u32 + 1, 3));
    }
    // One customer for the three installments.
    assert_eq!(biz.customers().unwrap().len(), 1);
}

#[test]
fn a_boleto_goes_to_its_carteira_for_a_registered_customer_only() {
    let mut s = boleto_support::setup();
    let mut boleto = request(ChargeCustomer::Existing(s.customer.clone()), "300.00", 2);
    boleto.method = ChargeMethod::Boleto;
    boleto.carteira = Some(s.carteira.clone());
    let ids = s
        .biz
        .create_charge_with_customer(&ctx(), boleto.clone())
        .unwrap();
    assert_eq!(ids.len(), 2);
    for id in &ids {
        let view = s.biz.charge_view(id, date("2026-03-10")).unwrap();
        assert_eq!(view.charge.method, ChargeMethod::Boleto);
        assert_eq!(view.charge.boleto.unwrap().carteira, s.carteira);
    }
    // A customer typed in the form has no CPF and address for a boleto yet.
    boleto.customer = new_customer("Sem Cadastro", None);
    let err = assert_rejected_unchanged(&mut s.biz, |b| {
        b.create_charge_with_customer(&ctx(), boleto)
    });
    assert_eq!(
        err.to_string(),
        "Cliente: para boleto, cadastre antes o cliente com CPF/CNPJ e endereço em Clientes."
    );
}
