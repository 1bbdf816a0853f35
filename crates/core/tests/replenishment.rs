//! The replenishment list (products at or below their reorder point, with the
//! quantity to buy and the preferred supplier) and the inventory value at
//! cost.

use crate::common;

use common::*;
use retaguarda_core::inventory::{MovementKind, NewMovement, NewProduct, Unit};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{Business, Id};
use rust_decimal::Decimal;

fn product(
    sku: &str,
    unit: Unit,
    point: Option<&str>,
    qty: Option<&str>,
    supplier: Option<&Id>,
) -> NewProduct {
    NewProduct {
        sku: sku.into(),
        gtin: None,
        name: format!("Produto {sku}"),
        unit,
        cost: dec("2.00"),
        price: dec("5.00"),
        reorder_point: point.map(dec),
        reorder_quantity: qty.map(dec),
        supplier: supplier.cloned(),
    }
}

fn set_stock(biz: &mut Business, id: &Id, qty: &str, cost: &str) {
    biz.record_movement(
        &ctx(),
        NewMovement {
            product: id.clone(),
            date: date("2026-03-01"),
            kind: MovementKind::Adjustment,
            quantity: dec(qty),
            unit_cost: Some(dec(cost)),
            reason: Some("Contagem".into()),
        },
    )
    .expect("stock");
}

#[test]
fn lists_products_at_or_below_the_reorder_point() {
    let mut biz = new_business();
    let supplier = biz
        .create_party(&ctx(), PartyInput::supplier("Atacadão"))
        .expect("supplier");
    // Above the point: not listed.
    let above = biz
        .create_product(&ctx(), product("A", Unit::Un, Some("5"), Some("24"), None))
        .expect("a");
    set_stock(&mut biz, &above, "6", "2.00");
    // Exactly at the point: listed with the reorder quantity.
    let at = biz
        .create_product(
            &ctx(),
            product("B", Unit::Un, Some("5"), Some("24"), Some(&supplier)),
        )
        .expect("b");
    set_stock(&mut biz, &at, "5", "3.00");
    // Negative stock: enough to get back to the point when that is more.
    let negative = biz
        .create_product(&ctx(), product("C", Unit::Kg, Some("10"), Some("5"), None))
        .expect("c");
    set_stock(&mut biz, &negative, "-2.5", "1.00");
    // No reorder point: never listed.
    let none = biz
        .create_product(&ctx(), product("D", Unit::Un, None, None, None))
        .expect("d");
    // Inactive: not listed.
    let inactive = biz
        .create_product(&ctx(), product("E", Unit::Un, Some("5"), Some("10"), None))
        .expect("e");
    biz.set_product_active(&ctx(), &inactive, false)
        .expect("deactivate");

    let list = biz.replenishment().expect("list");
    let ids: Vec<&str> = list.iter().map(|r| r.product_id.as_str()).collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(!ids.contains(&above.as_str()));
    assert!(!ids.contains(&none.as_str()));
    assert!(!ids.contains(&inactive.as_str()));

    let b = list.iter().find(|r| r.product_id == at).expect("B listed");
    assert_eq!(b.stock, dec("5"));
    assert_eq!(b.reorder_point, dec("5"));
    assert_eq!(b.suggested_quantity, dec("24"));
    assert_eq!(b.supplier.as_ref(), Some(&supplier));
    assert_eq!(b.supplier_name.as_deref(), Some("Atacadão"));
    // 24 × 3,00 average cost.
    assert_eq!(b.estimated_cost, dec("72.00"));

    let c = list
        .iter()
        .find(|r| r.product_id == negative)
        .expect("C listed");
    assert_eq!(c.stock, dec("-2.5"));
    // 10 − (−2,5) = 12,5 > 5.
    assert_eq!(c.suggested_quantity, dec("12.5"));
    assert_eq!(c.supplier, None);
}

#[test]
fn inventory_value_at_average_cost() {
    let mut biz = new_business();
    let a = biz
        .create_product(&ctx(), product("A", Unit::Un, None, None, None))
        .expect("a");
    let b = biz
        .create_product(&ctx(), product("B", Unit::Kg, None, None, None))
        .expect("b");
    let c = biz
        .create_product(&ctx(), product("C", Unit::Un, None, None, None))
        .expect("c");
    set_stock(&mut biz, &a, "10", "2.50");
    set_stock(&mut biz, &b, "1.5", "10.00");
    // Negative stock is worth nothing until it is reviewed.
    set_stock(&mut biz, &c, "-3", "4.00");
    // 10 × 2,50 + 1,5 × 10,00 + 0 = 40,00.
    assert_eq!(biz.inventory_value().expect("value"), dec("40.00"));
    let levels = biz.stock_levels().expect("levels");
    assert_eq!(levels.len(), 3);
    let total: Decimal = levels.iter().map(|l| l.position.value).sum();
    assert_eq!(total, dec("40.00"));
}

#[test]
fn empty_business_has_nothing_to_replenish() {
    let biz = new_business();
    assert!(biz.replenishment().expect("list").is_empty());
    assert!(biz.stock_review().expect("review").is_empty());
}
