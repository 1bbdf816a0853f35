//! The business profile and settings.

use crate::common;
use common::*;
use retaguarda_core::CoreError;

#[test]
fn updates_the_profile_with_validated_tax_id_and_pix_key() {
    let mut biz = new_business();
    biz.update_profile(
        &ctx(),
        "Padaria Pão Quente",
        Some("11.222.333/0001-81"),
        Some(" Campinas "),
        Some("+55 (11) 98765-4321"),
    )
    .unwrap();
    let p = biz.profile().unwrap();
    assert_eq!(p.tax_id.as_deref(), Some("11222333000181"));
    assert_eq!(p.city.as_deref(), Some("Campinas"));
    assert_eq!(p.pix_key.as_deref(), Some("+5511987654321"));
    biz.update_profile(&ctx(), "Padaria", None, None, None)
        .unwrap();
    assert_eq!(biz.profile().unwrap().pix_key, None);
}

#[test]
fn rejects_bad_profile_fields() {
    let mut biz = new_business();
    let err =
        assert_rejected_unchanged(&mut biz, |b| b.update_profile(&ctx(), "", None, None, None));
    assert!(matches!(
        err,
        CoreError::Invalid {
            field: "Nome do negócio",
            ..
        }
    ));
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.update_profile(&ctx(), "X", Some("11.222.333/0001-82"), None, None)
    });
    assert!(matches!(
        err,
        CoreError::Invalid {
            field: "CPF/CNPJ",
            ..
        }
    ));
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.update_profile(&ctx(), "X", None, None, Some("não é chave"))
    });
    assert!(matches!(
        err,
        CoreError::Invalid {
            field: "Chave Pix",
            ..
        }
    ));
}

#[test]
fn charge_minimum_is_a_setting() {
    let mut biz = new_business();
    assert_eq!(biz.settings().unwrap().charge_minimum, dec("6"));
    biz.set_charge_minimum(&ctx(), dec("7.5")).unwrap();
    assert_eq!(biz.settings().unwrap().charge_minimum, dec("7.50"));
    for bad in ["0", "-1", "6.001"] {
        let err = assert_rejected_unchanged(&mut biz, |b| b.set_charge_minimum(&ctx(), dec(bad)));
        assert!(matches!(
            err,
            CoreError::Invalid {
                field: "Valor mínimo da cobrança",
                ..
            }
        ));
    }
}
