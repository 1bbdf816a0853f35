//! Merge semantics of the inventory: concurrent sales of one product on two
//! offline devices both count, stock may go negative and the product is
//! flagged for review (never corrected silently); concurrent edits of
//! different product fields both survive; a wrong device clock changes
//! nothing.

use crate::common;

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
        beyond_stock: false,
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

// ---------------------------------------------------------------------------
// Convergence: random inventory operations on three offline replicas.
// ---------------------------------------------------------------------------

use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Sale {
        at: usize,
        product: usize,
        qty: u32,
        fiado: bool,
    },
    Purchase {
        at: usize,
        product: usize,
        qty: u32,
        cost: u32,
    },
    Adjust {
        at: usize,
        product: usize,
        qty: i32,
    },
    Sync {
        from: usize,
        to: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..3usize, 0..2usize, 1..4u32, any::<bool>()).prop_map(|(at, product, qty, fiado)| {
            Op::Sale {
                at,
                product,
                qty,
                fiado,
            }
        }),
        (0..3usize, 0..2usize, 1..6u32, 1..10u32).prop_map(|(at, product, qty, cost)| {
            Op::Purchase {
                at,
                product,
                qty,
                cost,
            }
        }),
        (0..3usize, 0..2usize, -3..4i32)
            .prop_filter("non-zero", |(_, _, q)| *q != 0)
            .prop_map(|(at, product, qty)| Op::Adjust { at, product, qty }),
        (0..3usize, 0..3usize)
            .prop_filter("two replicas", |(f, t)| f != t)
            .prop_map(|(from, to)| Op::Sync { from, to }),
    ]
}

fn merge_pair(replicas: &mut [Business], from: usize, to: usize) {
    let mut source = replicas[from].fork(&device("cópia", 99));
    replicas[to].merge(&mut source).expect("merge");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn replicas_converge_and_stock_is_the_sum_of_movements(
        ops in proptest::collection::vec(op(), 1..12),
        order in Just([0usize, 1, 2]).prop_shuffle(),
    ) {
        let mut base = new_business();
        let cash = cash_account(&mut base, "0.00");
        let supplier = base.create_party(&ctx(), PartyInput::supplier("Moinho")).expect("s");
        let customer = base.create_party(&ctx(), PartyInput::customer("Joana")).expect("c");
        let products: Vec<Id> = ["A", "B"]
            .iter()
            .map(|sku| {
                let mut p = cake();
                p.sku = sku.to_string();
                base.create_product(&ctx(), p).expect("product")
            })
            .collect();
        let mut replicas = vec![
            base.fork(&device("A", 11)),
            base.fork(&device("B", 12)),
            base.fork(&device("C", 13)),
        ];
        let mut sales = 0usize;
        let mut purchases = 0usize;
        let mut received = Decimal::ZERO;
        for op in &ops {
            match op.clone() {
                Op::Sale { at, product, qty, fiado } => {
                    let mut sale = sale_of_one(&products[product], &cash);
                    sale.items[0].quantity = Decimal::from(qty);
                    // Random sales run past the stock on purpose: confirmed, as a cashier may.
                    sale.beyond_stock = true;
                    if fiado {
                        sale.method = PaymentMethod::Fiado;
                        sale.account = None;
                        sale.customer = Some(customer.clone());
                    } else {
                        received += Decimal::from(qty) * dec("30.00");
                    }
                    replicas[at].record_sale(&ctx(), sale).expect("sale");
                    sales += 1;
                }
                Op::Purchase { at, product, qty, cost } => {
                    replicas[at].record_purchase(&ctx(), NewPurchase {
                        date: date("2026-03-10"),
                        supplier: supplier.clone(),
                        items: vec![PurchaseItem {
                            product: products[product].clone(),
                            quantity: Decimal::from(qty),
                            unit_cost: Decimal::from(cost),
                        }],
                        document_ref: None,
                        due_date: None,
                        paid_from: None,
                    }).expect("purchase");
                    purchases += 1;
                }
                Op::Adjust { at, product, qty } => {
                    replicas[at].record_movement(&ctx(), NewMovement {
                        product: products[product].clone(),
                        date: date("2026-03-10"),
                        kind: MovementKind::Adjustment,
                        quantity: Decimal::from(qty),
                        unit_cost: None,
                        reason: Some("Contagem".into()),
                    }).expect("adjust");
                }
                Op::Sync { from, to } => merge_pair(&mut replicas, from, to),
            }
        }
        // Full sync in a random order, twice around so everyone has everything.
        for _ in 0..2 {
            for w in order.windows(2) {
                merge_pair(&mut replicas, w[0], w[1]);
            }
            merge_pair(&mut replicas, order[2], order[0]);
        }
        for r in &replicas[1..] {
            assert_same_inventory(&replicas[0], r);
        }
        for r in &replicas {
            prop_assert_eq!(r.sales().expect("sales").len(), sales);
            prop_assert_eq!(r.purchases().expect("purchases").len(), purchases);
            let movements = r.stock_movements().expect("movements");
            for p in &products {
                let sum: Decimal = movements
                    .iter()
                    .filter(|(_, m)| &m.product == p)
                    .map(|(_, m)| m.quantity)
                    .sum();
                prop_assert_eq!(r.stock_position(p).expect("pos").quantity, sum);
            }
            for (_, sale) in r.sales().expect("sales") {
                prop_assert!(r.entry(&sale.entry).expect("entry").is_some());
                for line in &sale.lines {
                    prop_assert!(movements.iter().any(|(id, _)| *id == line.movement));
                }
            }
            for (_, purchase) in r.purchases().expect("purchases") {
                prop_assert!(r.entry(&purchase.entry).expect("entry").is_some());
            }
            prop_assert_eq!(
                r.account_balance(&cash, date("2026-03-10")).expect("balance"),
                received
            );
        }
    }
}
