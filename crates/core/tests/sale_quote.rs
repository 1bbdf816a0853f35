//! What a cart and a purchase come to before they are recorded: the screens show these
//! figures and compute no money themselves, and the recorded sale or purchase has the same.

use crate::common;

use common::*;
use retaguarda_core::inventory::{
    MovementKind, NewMovement, NewProduct, NewPurchase, NewSale, PaymentMethod, PurchaseItem,
    SaleItem, Unit,
};
use retaguarda_core::parties::PartyInput;
use rust_decimal::Decimal;

fn product(sku: &str, unit: Unit, price: &str) -> NewProduct {
    NewProduct {
        sku: sku.into(),
        gtin: None,
        name: format!("Produto {sku}"),
        unit,
        cost: dec("1.00"),
        price: dec(price),
        reorder_point: None,
        reorder_quantity: None,
        supplier: None,
    }
}

#[test]
fn the_quote_is_what_the_sale_records() {
    let mut biz = new_business();
    let cash = cash_account(&mut biz, "0");
    let bread = biz
        .create_product(&ctx(), product("PAO", Unit::Kg, "16.90"))
        .expect("bread");
    let milk = biz
        .create_product(&ctx(), product("LEITE", Unit::Un, "5.49"))
        .expect("milk");
    for id in [&bread, &milk] {
        biz.record_movement(
            &ctx(),
            NewMovement {
                product: id.clone(),
                date: date("2026-03-01"),
                kind: MovementKind::Adjustment,
                quantity: dec("10"),
                unit_cost: None,
                reason: Some("Contagem".into()),
            },
        )
        .expect("stock");
    }
    let items = vec![
        // 0,375 kg × 16,90 = 6,3375 → 6,34.
        SaleItem {
            product: bread.clone(),
            quantity: dec("0.375"),
            unit_price: None,
        },
        SaleItem {
            product: milk.clone(),
            quantity: dec("3"),
            unit_price: None,
        },
        // A price given on the line wins.
        SaleItem {
            product: milk.clone(),
            quantity: dec("1"),
            unit_price: Some(dec("4.00")),
        },
    ];
    let quote = biz.quote_sale(&items, dec("0.50")).expect("quote");
    assert_eq!(quote.lines, vec![dec("6.34"), dec("16.47"), dec("4.00")]);
    assert_eq!(quote.subtotal, dec("26.81"));
    assert_eq!(quote.total, dec("26.31"));

    let id = biz
        .record_sale(
            &ctx(),
            NewSale {
                date: date("2026-03-10"),
                items: items.clone(),
                discount: dec("0.50"),
                method: PaymentMethod::Dinheiro,
                account: Some(cash),
                customer: None,
                due_date: None,
                beyond_stock: false,
            },
        )
        .expect("sale");
    let sale = biz.sale(&id).unwrap().unwrap();
    assert_eq!(
        sale.lines.iter().map(|l| l.total).collect::<Vec<_>>(),
        quote.lines
    );
    assert_eq!((sale.subtotal, sale.total), (quote.subtotal, quote.total));

    // A line not yet typed counts as zero; an unknown product is an error.
    let blank = biz
        .quote_sale(
            &[SaleItem {
                product: bread,
                quantity: Decimal::ZERO,
                unit_price: None,
            }],
            Decimal::ZERO,
        )
        .expect("quote");
    assert_eq!(blank.total, Decimal::ZERO);
    let err = biz
        .quote_sale(
            &[SaleItem {
                product: "nope".into(),
                quantity: Decimal::ONE,
                unit_price: None,
            }],
            Decimal::ZERO,
        )
        .expect_err("unknown");
    assert_eq!(err.to_string(), "Produto não encontrado.");
}

#[test]
fn the_purchase_quote_is_what_the_purchase_records() {
    let mut biz = new_business();
    let flour = biz
        .create_product(&ctx(), product("FAR", Unit::Kg, "0"))
        .expect("flour");
    let supplier = biz
        .create_party(&ctx(), PartyInput::supplier("Moinho Sul"))
        .expect("supplier");
    let items = vec![
        // 12,5 kg × 3,4567 = 43,20875 → 43,21.
        PurchaseItem {
            product: flour.clone(),
            quantity: dec("12.5"),
            unit_cost: dec("3.4567"),
        },
        PurchaseItem {
            product: flour,
            quantity: dec("2"),
            unit_cost: dec("4.00"),
        },
    ];
    let quote = biz.quote_purchase(&items);
    assert_eq!(quote.lines, vec![dec("43.21"), dec("8.00")]);
    assert_eq!(quote.total, dec("51.21"));
    let id = biz
        .record_purchase(
            &ctx(),
            NewPurchase {
                date: date("2026-03-10"),
                supplier,
                items,
                document_ref: None,
                due_date: None,
                paid_from: None,
            },
        )
        .expect("purchase");
    assert_eq!(biz.purchase(&id).unwrap().unwrap().total, quote.total);
}
