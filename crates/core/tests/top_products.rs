//! The best-selling products of a period, by value, for Relatórios.

use crate::common;
use common::*;
use retaguarda_core::inventory::{
    MovementKind, NewMovement, NewProduct, NewSale, PaymentMethod, SaleItem, Unit,
};
use retaguarda_core::{Business, Id};
use rust_decimal::Decimal;

fn product(biz: &mut Business, sku: &str, name: &str, price: &str) -> Id {
    let id = biz
        .create_product(
            &ctx(),
            NewProduct {
                sku: sku.into(),
                gtin: None,
                name: name.into(),
                unit: Unit::Un,
                cost: dec("1.00"),
                price: dec(price),
                reorder_point: None,
                reorder_quantity: None,
                supplier: None,
            },
        )
        .unwrap();
    biz.record_movement(
        &ctx(),
        NewMovement {
            product: id.clone(),
            date: date("2026-03-01"),
            kind: MovementKind::Adjustment,
            quantity: dec("100"),
            unit_cost: None,
            reason: Some("Estoque inicial".into()),
        },
    )
    .unwrap();
    id
}

fn sell(biz: &mut Business, cash: &Id, day: &str, items: &[(&Id, &str)], discount: &str) {
    biz.record_sale(
        &ctx(),
        NewSale {
            date: date(day),
            items: items
                .iter()
                .map(|(p, q)| SaleItem {
                    product: (*p).clone(),
                    quantity: dec(q),
                    unit_price: None,
                })
                .collect(),
            discount: dec(discount),
            method: PaymentMethod::Dinheiro,
            account: Some(cash.clone()),
            customer: None,
            due_date: None,
            beyond_stock: false,
        },
    )
    .unwrap();
}

#[test]
fn sums_each_products_lines_in_the_period_largest_first() {
    let mut biz = new_business();
    let cash = cash_account(&mut biz, "0");
    let bread = product(&mut biz, "PAO", "Pão", "2.00");
    let coffee = product(&mut biz, "CAFE", "Café", "4.50");
    let cake = product(&mut biz, "BOLO", "Bolo", "9.00");
    sell(
        &mut biz,
        &cash,
        "2026-03-02",
        &[(&bread, "10"), (&coffee, "2")],
        "1.00",
    );
    sell(&mut biz, &cash, "2026-03-31", &[(&coffee, "3")], "0");
    sell(&mut biz, &cash, "2026-03-15", &[(&cake, "1")], "0");
    // Outside March: left out.
    sell(&mut biz, &cash, "2026-04-01", &[(&cake, "5")], "0");

    let top = biz
        .top_products(date("2026-03-01"), date("2026-03-31"), 10)
        .unwrap();
    let rows: Vec<(&str, Decimal, Decimal)> = top
        .iter()
        .map(|p| (p.name.as_str(), p.quantity, p.total))
        .collect();
    // Line totals, before the sale's discount: coffee 5 × 4,50, bread 10 × 2,00, cake 9,00.
    assert_eq!(
        rows,
        vec![
            ("Café", dec("5"), dec("22.50")),
            ("Pão", dec("10"), dec("20.00")),
            ("Bolo", dec("1"), dec("9.00")),
        ]
    );
    let two = biz
        .top_products(date("2026-03-01"), date("2026-03-31"), 2)
        .unwrap();
    assert_eq!(two.len(), 2);
    assert_eq!(two[1].product, bread);
}
