//! Records read through core (one `map_range` per map, `reader::RecordReader`) are exactly
//! what autosurgeon's field-by-field hydration reads, including the winner of fields that
//! two devices edited concurrently and records with nested maps and lists.

use crate::common;

use autosurgeon::Hydrate;
use common::*;
use retaguarda_core::automerge::{ObjType, ReadDoc, Value, ROOT};
use retaguarda_core::inventory::{
    Movement, MovementKind, NewMovement, NewProduct, NewSale, PaymentMethod, Product, Sale,
    SaleItem, Unit, MOVEMENTS, PRODUCTS, SALES,
};
use retaguarda_core::ledger::{Entry, EntryKind, NewEntry, NewPayment};
use retaguarda_core::parties::{Party, PartyInput};
use retaguarda_core::Business;
use rust_decimal::Decimal;

/// The collection hydrated key by key with autosurgeon directly, as core did before.
fn plain<T: Hydrate>(biz: &Business, collection: &str) -> Vec<(String, T)> {
    let doc = biz.doc();
    let Some((Value::Object(ObjType::Map), coll)) = doc.get(ROOT, collection).expect("get") else {
        return Vec::new();
    };
    doc.keys(&coll)
        .map(|k| {
            let v = autosurgeon::hydrate_prop(doc, &coll, k.as_str()).expect("hydrate");
            (k, v)
        })
        .collect()
}

fn bread() -> NewProduct {
    NewProduct {
        sku: "PAO".into(),
        gtin: Some("7891000315507".into()),
        name: "Pão francês".into(),
        unit: Unit::Kg,
        cost: dec("8.5"),
        price: dec("16.90"),
        reorder_point: Some(dec("2.5")),
        reorder_quantity: None,
        supplier: None,
    }
}

#[test]
fn collections_read_the_same_as_field_by_field() {
    let mut biz = new_business();
    let cash = cash_account(&mut biz, "100.00");
    let customer = biz
        .create_party(&ctx(), PartyInput::customer("Dona Maria"))
        .expect("party");
    let pao = biz.create_product(&ctx(), bread()).expect("product");
    biz.record_movement(
        &ctx(),
        NewMovement {
            product: pao.clone(),
            date: date("2026-03-01"),
            kind: MovementKind::Adjustment,
            quantity: dec("10.250"),
            unit_cost: None,
            reason: Some("Contagem".into()),
        },
    )
    .expect("movement");
    biz.record_sale(
        &ctx(),
        NewSale {
            date: date("2026-03-02"),
            items: vec![
                SaleItem {
                    product: pao.clone(),
                    quantity: dec("1.5"),
                    unit_price: None,
                },
                SaleItem {
                    product: pao.clone(),
                    quantity: dec("0.25"),
                    unit_price: Some(dec("20.00")),
                },
            ],
            discount: dec("0.50"),
            method: PaymentMethod::Fiado,
            account: None,
            customer: Some(customer.clone()),
            due_date: None,
            beyond_stock: false,
        },
    )
    .expect("sale");
    let bill = biz
        .create_entry(
            &ctx(),
            NewEntry::new(EntryKind::Payable, "Luz", dec("300.00"), date("2026-03-20")),
        )
        .expect("entry");
    for amount in ["100.00", "50.00"] {
        biz.pay_entry(
            &ctx(),
            &bill,
            NewPayment {
                date: date("2026-03-10"),
                amount: dec(amount),
                account: cash.clone(),
                note: Some("parcial".into()),
            },
        )
        .expect("pay");
    }
    let cancelled = biz
        .create_entry(
            &ctx(),
            NewEntry::new(EntryKind::Payable, "Água", dec("80.00"), date("2026-03-20")),
        )
        .expect("entry");
    biz.cancel_entry(&ctx(), &cancelled, Some("duplicada"))
        .expect("cancel");

    let entries: Vec<(String, Entry)> = biz.list("entries").expect("entries");
    assert!(entries.iter().any(|(_, e)| e.payments.len() == 2));
    assert!(entries.iter().any(|(_, e)| e.cancelled.is_some()));
    assert_eq!(entries, plain::<Entry>(&biz, "entries"));
    assert_eq!(biz.list::<Sale>(SALES).expect("sales"), plain(&biz, SALES));
    assert_eq!(
        biz.list::<Movement>(MOVEMENTS).expect("movements"),
        plain(&biz, MOVEMENTS)
    );
    assert_eq!(
        biz.list::<Product>(PRODUCTS).expect("products"),
        plain(&biz, PRODUCTS)
    );
    assert_eq!(
        biz.list::<Party>("parties").expect("parties"),
        plain(&biz, "parties")
    );
    let one: Option<Entry> = biz.get("entries", &bill).expect("get");
    assert_eq!(
        one.as_ref(),
        entries.iter().find(|(id, _)| *id == bill).map(|(_, e)| e)
    );
}

#[test]
fn concurrent_edits_read_the_same_winner() {
    let mut a = new_business();
    let pao = a.create_product(&ctx(), bread()).expect("product");
    let mut b = a.fork(&device("Tablet", 2));
    let mut on_a = bread();
    on_a.name = "Pão da casa".into();
    on_a.price = dec("17.50");
    a.update_product(&ctx(), &pao, on_a).expect("edit on a");
    let mut on_b = bread();
    on_b.name = "Pão de sal".into();
    on_b.price = Decimal::new(1800, 2);
    b.update_product(&ctx(), &pao, on_b).expect("edit on b");
    a.merge(&mut b).expect("merge");

    assert_eq!(
        a.field_conflicts(PRODUCTS, &pao).expect("conflicts").len(),
        2
    );
    let read = a.product(&pao).expect("read").expect("product");
    let names: Vec<String> = a.field_versions(PRODUCTS, &pao, "name").expect("versions");
    assert_eq!(read.name, names[0]);
    assert_eq!(
        a.list::<Product>(PRODUCTS).expect("list"),
        plain::<Product>(&a, PRODUCTS)
    );
    assert_eq!(vec![(pao, read)], plain::<Product>(&a, PRODUCTS));
}
