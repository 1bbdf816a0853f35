//! Compra's confirmation is one query: the purchase's total and the payable it became
//! (description, due date, what is still open), or nothing for an unknown purchase.

use crate::common;

use common::*;
use retaguarda_core::inventory::{NewProduct, NewPurchase, PurchaseItem, PurchaseReceipt, Unit};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{Business, Id};

fn shop() -> (Business, Id, Id, Id) {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "1000.00");
    let eggs = biz
        .create_product(
            &ctx(),
            NewProduct {
                sku: "OVO".into(),
                gtin: None,
                name: "Ovos".into(),
                unit: Unit::Un,
                cost: dec("0.80"),
                price: dec("1.20"),
                reorder_point: None,
                reorder_quantity: None,
                supplier: None,
            },
        )
        .expect("eggs");
    let supplier = biz
        .create_party(&ctx(), PartyInput::supplier("Granja Boa"))
        .expect("supplier");
    (biz, bank, eggs, supplier)
}

fn purchase(supplier: &Id, eggs: &Id, paid_from: Option<Id>) -> NewPurchase {
    NewPurchase {
        date: date("2026-03-10"),
        supplier: supplier.clone(),
        items: vec![PurchaseItem {
            product: eggs.clone(),
            quantity: dec("60"),
            unit_cost: dec("0.75"),
        }],
        document_ref: Some("1234".into()),
        due_date: Some(date("2026-04-10")),
        paid_from,
    }
}

#[test]
fn an_unpaid_purchase_shows_its_payable() {
    let (mut biz, _, eggs, supplier) = shop();
    let id = biz
        .record_purchase(&ctx(), purchase(&supplier, &eggs, None))
        .expect("purchase");
    // 60 × 0,75 = 45,00, all of it still to pay on the due date typed.
    assert_eq!(
        biz.purchase_receipt(&id).expect("read"),
        Some(PurchaseReceipt {
            total: dec("45.00"),
            description: "Compra: Ovos (NF 1234)".into(),
            due: date("2026-04-10"),
            open: dec("45.00"),
        })
    );
}

#[test]
fn a_purchase_paid_at_once_has_nothing_open() {
    let (mut biz, bank, eggs, supplier) = shop();
    let id = biz
        .record_purchase(&ctx(), purchase(&supplier, &eggs, Some(bank)))
        .expect("purchase");
    let receipt = biz.purchase_receipt(&id).expect("read").expect("receipt");
    assert_eq!(receipt.total, dec("45.00"));
    assert_eq!(receipt.open, dec("0"));
}

#[test]
fn an_unknown_purchase_has_no_receipt() {
    let (biz, ..) = shop();
    assert_eq!(biz.purchase_receipt("nope").expect("read"), None);
}
