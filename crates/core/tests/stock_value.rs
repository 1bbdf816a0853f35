//! The stock's value at average cost and the products holding most of it.

use crate::common;
use common::*;
use retaguarda_core::inventory::{MovementKind, NewMovement, NewProduct, Unit};
use retaguarda_core::Business;

fn stocked(biz: &mut Business, sku: &str, cost: &str, quantity: &str) {
    let id = biz
        .create_product(
            &ctx(),
            NewProduct {
                sku: sku.into(),
                gtin: None,
                name: sku.into(),
                unit: Unit::Un,
                cost: dec(cost),
                price: dec("100"),
                reorder_point: None,
                reorder_quantity: None,
                supplier: None,
            },
        )
        .unwrap();
    if quantity != "0" {
        biz.record_movement(
            &ctx(),
            NewMovement {
                product: id,
                date: date("2026-03-01"),
                kind: MovementKind::Adjustment,
                quantity: dec(quantity),
                unit_cost: None,
                reason: Some("Estoque inicial".into()),
            },
        )
        .unwrap();
    }
}

#[test]
fn totals_the_stock_and_ranks_products_by_value() {
    let mut biz = new_business();
    stocked(&mut biz, "A", "2.00", "10");
    stocked(&mut biz, "B", "50.00", "1");
    stocked(&mut biz, "C", "3.00", "4");
    stocked(&mut biz, "EMPTY", "9.00", "0");

    let value = biz.stock_value(10).unwrap();
    assert_eq!(value.total, dec("82.00"));
    assert_eq!(value.total, biz.inventory_value().unwrap());
    let top: Vec<_> = value
        .top
        .iter()
        .map(|p| (p.name.as_str(), p.quantity, p.value))
        .collect();
    assert_eq!(
        top,
        vec![
            ("B", dec("1"), dec("50.00")),
            ("A", dec("10"), dec("20.00")),
            ("C", dec("4"), dec("12.00")),
        ]
    );
    assert_eq!(biz.stock_value(1).unwrap().top.len(), 1);
}
