//! The Pix payload of a charge: built from the business profile and the charge, and
//! readable back as a BR Code.

use crate::common;
use common::*;
use retaguarda_core::charges::{ChargeMethod, NewCharge, PayCharge};
use retaguarda_core::formats::pix::BrCode;
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{Business, CoreError};

fn setup(method: ChargeMethod) -> (Business, String, String) {
    let mut biz = new_business();
    let acc = bank_account(&mut biz, "0");
    let customer = biz
        .create_party(&ctx(), PartyInput::customer("Maria"))
        .unwrap();
    let id = biz
        .create_charges(
            &ctx(),
            NewCharge {
                party: customer,
                amount: dec("42.90"),
                first_due_date: date("2026-03-31"),
                method,
                description: "Torta".into(),
                installments: 1,
                category: None,
                account: None,
            },
        )
        .unwrap()
        .remove(0);
    (biz, acc, id)
}

#[test]
fn payload_carries_key_amount_name_city_and_txid() {
    let (mut biz, _, id) = setup(ChargeMethod::Pix);
    biz.update_profile(
        &ctx(),
        "Padaria Pão Quente",
        None,
        Some("Campinas"),
        Some("11.222.333/0001-81"),
    )
    .unwrap();
    let payload = biz.charge_pix_payload(&id).unwrap();
    let code = BrCode::parse(&payload).unwrap();
    assert_eq!(code.amount, Some(dec("42.90")));
    assert_eq!(code.key.as_deref(), Some("11222333000181"));
    assert_eq!(code.city.to_uppercase(), "CAMPINAS");
    let txid: String = id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(25)
        .collect();
    assert_eq!(code.txid.as_deref(), Some(txid.as_str()));
}

#[test]
fn needs_a_pix_key_and_city() {
    let (biz, _, id) = setup(ChargeMethod::Pix);
    let err = biz.charge_pix_payload(&id).unwrap_err();
    assert!(err.to_string().contains("Configurações"));
}

#[test]
fn only_open_pix_charges_have_a_payload() {
    let (mut biz, _, id) = setup(ChargeMethod::Boleto);
    biz.update_profile(
        &ctx(),
        "Padaria",
        None,
        Some("Campinas"),
        Some("maria@exemplo.com"),
    )
    .unwrap();
    assert!(matches!(
        biz.charge_pix_payload(&id).unwrap_err(),
        CoreError::NotAllowed(_)
    ));
    let (mut biz, _, pix) = setup(ChargeMethod::Pix);
    biz.update_profile(
        &ctx(),
        "Padaria",
        None,
        Some("Campinas"),
        Some("maria@exemplo.com"),
    )
    .unwrap();
    biz.pay_charge(
        &ctx(),
        &pix,
        PayCharge {
            date: date("2026-03-10"),
            account: acc_of(&biz),
        },
    )
    .unwrap();
    assert!(matches!(
        biz.charge_pix_payload(&pix).unwrap_err(),
        CoreError::NotAllowed(_)
    ));
    assert!(matches!(
        biz.charge_pix_payload("nope").unwrap_err(),
        CoreError::NotFound { .. }
    ));
}

fn acc_of(biz: &Business) -> String {
    biz.accounts().unwrap().remove(0).0
}
