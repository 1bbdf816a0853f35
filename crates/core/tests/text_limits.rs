//! Names and descriptions have a length limit: a pasted page of text is refused with a
//! pt-BR message that says the limit, and a name at the limit is kept.

use crate::common;

use common::*;
use retaguarda_core::inventory::ops::{MAX_PRODUCT_NAME, MAX_SKU};
use retaguarda_core::inventory::{NewProduct, Unit};
use retaguarda_core::ledger::{EntryKind, NewEntry};
use retaguarda_core::money::MAX_TEXT;
use retaguarda_core::parties::PartyInput;

fn product(name: &str, sku: &str) -> NewProduct {
    NewProduct {
        sku: sku.into(),
        gtin: None,
        name: name.into(),
        unit: Unit::Un,
        cost: dec("1.00"),
        price: dec("2.00"),
        reorder_point: None,
        reorder_quantity: None,
        supplier: None,
    }
}

#[test]
fn a_five_thousand_character_name_is_refused_with_the_limit() {
    let mut b = new_business();
    let long = "A".repeat(5000);
    let err = assert_rejected_unchanged(&mut b, |b| {
        b.create_party(&ctx(), PartyInput::customer(&long))
    });
    assert_eq!(
        err.to_string(),
        format!("Nome: use no máximo {MAX_TEXT} caracteres (há 5000).")
    );
    // At the limit, counted in characters (not bytes), it is kept.
    let at_limit = "é".repeat(MAX_TEXT);
    b.create_party(&ctx(), PartyInput::customer(&at_limit))
        .expect("a name at the limit");
}

#[test]
fn a_product_name_and_sku_have_their_own_limits() {
    let mut b = new_business();
    let name = "P".repeat(MAX_PRODUCT_NAME + 1);
    let err = assert_rejected_unchanged(&mut b, |b| b.create_product(&ctx(), product(&name, "X1")));
    assert_eq!(
        err.to_string(),
        format!(
            "Nome: use no máximo {MAX_PRODUCT_NAME} caracteres (há {}).",
            MAX_PRODUCT_NAME + 1
        )
    );
    let sku = "S".repeat(MAX_SKU + 1);
    assert_rejected_unchanged(&mut b, |b| b.create_product(&ctx(), product("Pão", &sku)));
    let name = "P".repeat(MAX_PRODUCT_NAME);
    b.create_product(&ctx(), product(&name, "X1"))
        .expect("a name at the limit");
}

#[test]
fn an_entry_description_is_limited() {
    let mut b = new_business();
    let text = "d".repeat(MAX_TEXT + 1);
    let entry = NewEntry::new(EntryKind::Payable, text, dec("10.00"), date("2026-03-10"));
    let err = assert_rejected_unchanged(&mut b, |b| b.create_entry(&ctx(), entry));
    assert!(
        err.to_string().starts_with("Descrição: use no máximo"),
        "{err}"
    );
}
