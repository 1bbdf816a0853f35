//! Merge semantics of the inventory: concurrent sales of one product on two
//! offline devices both count, stock may go negative and the product is
//! flagged for review (never corrected silently); concurrent edits of
//! different product fields both survive; a wrong device clock changes
//! nothing.

mod common;

use common::*;
use retaguarda_core::inventory::{
    MovementKind, NewMovement, NewProduct, NewPurchase, NewSale, PaymentMethod, PurchaseItem,
    SaleItem, Unit,
};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{Business, Id, OpCtx};
use rust_decimal::Decimal;

fn cake() -> NewProduct {
    NewProduct {
        sku: "BOLO".into(),
        gtin: None,
        name: "Bolo de fubá".into(),
        unit: Unit::Un,
        cost: dec("12.00"),
        price: dec("30.00"),
        reorder_point: Some(dec("1")),
        reorder_quantity: Some(dec("3")),
        supplier: None,
    }
}

fn sale_of_one(product: &Id, account: &Id) -> NewSale {
    NewSale {
        date: date("2026-03-10"),
        items: vec![SaleItem {
            product: product.clone(),
            quantity: dec("1"),
            unit_price: None,
        }],
        discount: Decimal::ZERO,
        method: PaymentMethod::Pix,
        account: Some(account.clone()),
        customer: None,
        due_date: None,
    }
}

/// A business with one cake in stock, forked onto a second device.
fn two_devices() -> (Business, Business, Id, Id) {
    let mut a = new_business();
    let cash = cash_account(&mut a, "0.00");
    let cake = a.create_product(&ctx(), cake()).expect("product");
    a.record_movement(
        &ctx(),
        NewMovement {
            product: cake.clone(),
            date: date("2026-03-09"),
            kind: MovementKind::Adjustment,
            quantity: dec("1"),
            unit_cost: None,
            reason: Some("Assado hoje".into()),
        },
    )
    .expect("stock");
    let b = a.fork(&device("Tablet do balcão", 2));
    (a, b, cash, cake)
}

fn assert_same_inventory(a: &Business, b: &Business) {
    assert_eq!(a.stock_levels().expect("a"), b.stock_levels().expect("b"));
    assert_eq!(a.sales().expect("a"), b.sales().expect("b"));
    assert_eq!(
        a.stock_movements().expect("a"),
        b.stock_movements().expect("b")
    );
    assert_eq!(a.entries().expect("a"), b.entries().expect("b"));
}

#[test]
fn concurrent_sales_of_the_last_unit_both_count() {
    let (mut a, mut b, cash, cake) = two_devices();
    a.record_sale(&ctx(), sale_of_one(&cake, &cash))
        .expect("sale on A");
    b.record_sale(&ctx(), sale_of_one(&cake, &cash))
        .expect("sale on B");
    // Each device alone sees stock 0 and nothing to review.
    assert_eq!(a.stock_position(&cake).expect("a").quantity, Decimal::ZERO);
    assert!(a.stock_review().expect("a").is_empty());

    a.merge(&mut b).expect("merge into A");
    b.merge(&mut a).expect("merge into B");
    assert_same_inventory(&a, &b);

    for biz in [&a, &b] {
        assert_eq!(biz.sales().expect("sales").len(), 2, "both sales survive");
        let pos = biz.stock_position(&cake).expect("pos");
        assert_eq!(pos.quantity, dec("-1"), "stock is the sum of movements");
        let review = biz.stock_review().expect("review");
        assert_eq!(review.len(), 1);
        assert_eq!(review[0].id, cake);
        // Both receipts are in the ledger.
        assert_eq!(
            biz.account_balance(&cash, date("2026-03-10"))
                .expect("balance"),
            dec("60.00")
        );
        // The replenishment list asks for enough to cover the hole.
        let list = biz.replenishment().expect("list");
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].suggested_quantity, dec("3"));
    }

    // A person reviews the count and records an adjustment; the flag clears
    // everywhere after the next sync.
    a.record_movement(
        &ctx(),
        NewMovement {
            product: cake.clone(),
            date: date("2026-03-10"),
            kind: MovementKind::Adjustment,
            quantity: dec("1"),
            unit_cost: None,
            reason: Some("Havia mais um bolo na vitrine".into()),
        },
    )
    .expect("adjust");
    b.merge(&mut a).expect("sync");
    assert!(b.stock_review().expect("review").is_empty());
    assert_eq!(
        b.stock_position(&cake).expect("pos").quantity,
        Decimal::ZERO
    );
}

#[test]
fn concurrent_edits_of_different_product_fields_both_survive() {
    let (mut a, mut b, _cash, cake) = two_devices();
    let mut on_a = cake_input();
    on_a.price = dec("32.00");
    a.update_product(&ctx(), &cake, on_a).expect("price on A");
    let mut on_b = cake_input();
    on_b.reorder_point = Some(dec("2"));
    b.update_product(&ctx(), &cake, on_b)
        .expect("reorder point on B");
    a.merge(&mut b).expect("merge");
    b.merge(&mut a).expect("merge");
    for biz in [&a, &b] {
        let p = biz.product(&cake).expect("read").expect("exists");
        assert_eq!(p.price, dec("32.00"));
        assert_eq!(p.reorder_point, Some(dec("2")));
    }
}

fn cake_input() -> NewProduct {
    cake()
}

#[test]
fn a_wrong_clock_does_not_change_the_average_cost() {
    let mut a = new_business();
    let flour = a
        .create_product(
            &ctx(),
            NewProduct {
                sku: "FAR".into(),
                gtin: None,
                name: "Farinha".into(),
                unit: Unit::Kg,
                cost: dec("0"),
                price: dec("0"),
                reorder_point: None,
                reorder_quantity: None,
                supplier: None,
            },
        )
        .expect("product");
    let supplier = a
        .create_party(&ctx(), PartyInput::supplier("Moinho"))
        .expect("supplier");
    let mut b = a.fork(&device("Celular com relógio errado", 3));
    let buy = |qty: &str, cost: &str, day: &str| NewPurchase {
        date: date(day),
        supplier: supplier.clone(),
        items: vec![PurchaseItem {
            product: flour.clone(),
            quantity: dec(qty),
            unit_cost: dec(cost),
        }],
        document_ref: None,
        due_date: None,
        paid_from: None,
    };
    a.record_purchase(&ctx(), buy("10", "2.00", "2026-03-05"))
        .expect("A buys");
    // B's clock is 40 days ahead; only the calendar dates typed matter.
    let wrong = OpCtx::new(date("2026-04-19"), ctx().now_ms + 40 * 86_400_000);
    b.record_purchase(&wrong, buy("10", "4.00", "2026-03-05"))
        .expect("B buys");
    b.record_purchase(&wrong, buy("20", "6.00", "2026-03-06"))
        .expect("B buys again");
    a.merge(&mut b).expect("merge");
    b.merge(&mut a).expect("merge");
    assert_same_inventory(&a, &b);
    // (10 × 2 + 10 × 4) ÷ 20 = 3,00 on 05/03, then (20 × 3 + 20 × 6) ÷ 40
    // = 4,50 on 06/03, whatever the clocks said.
    for biz in [&a, &b] {
        let pos = biz.stock_position(&flour).expect("pos");
        assert_eq!(pos.quantity, dec("40"));
        assert_eq!(pos.average_cost, dec("4.50"));
        assert_eq!(pos.value, dec("180.00"));
    }
}
