//! Estoque's products list read a window at a time (issue 31): `product_index` gives the
//! ids a search keeps in the list's order and `product_rows` the stock levels of a window.
//! Every window must be exactly the slice of the whole list the screen showed before (every
//! product's stock level filtered by the search), filtered or not, before and after each
//! kind of change (new product, movement, sale, purchase, rename, cost change, archive,
//! another device's movements merged in). The whole list is computed here independently:
//! each product's movements from `stock_movements()` replayed with `stock_position`, sorted
//! by name (case ignored) then id. The tiles' `stock_summary` is checked against it too.

use crate::common;
use common::*;
use retaguarda_core::formats::gtin::Gtin;
use retaguarda_core::inventory::{
    stock_position, CostEntry, MovementKind, NewMovement, NewProduct, NewPurchase, NewSale,
    PaymentMethod, PurchaseItem, SaleItem, StockLevel,
};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{Business, Id};
use rust_decimal::Decimal;

const NAMES: [&str; 8] = [
    "Café torrado",
    "café moído",
    "Açúcar",
    "Arroz",
    "arroz",
    "Feijão",
    "Pão de queijo",
    "Bolo",
];

const SEARCHES: [&str; 7] = ["", "caf", "  ARROZ ", "p-0", "789", "ção", "nada disso"];

/// Every product with its stock, computed from the movements, in the list's order.
fn expected_levels(biz: &Business) -> Vec<StockLevel> {
    let movements = biz.stock_movements().unwrap();
    let mut levels: Vec<StockLevel> = biz
        .products()
        .unwrap()
        .into_iter()
        .map(|(id, product)| {
            let entries: Vec<CostEntry> = movements
                .iter()
                .filter(|(_, m)| m.product == id)
                .map(|(mid, m)| CostEntry {
                    id: mid.clone(),
                    date: m.date,
                    kind: m.kind,
                    quantity: m.quantity,
                    unit_cost: m.unit_cost,
                })
                .collect();
            StockLevel {
                position: stock_position(entries, product.cost),
                id,
                product,
            }
        })
        .collect();
    levels.sort_by(|a, b| {
        (a.product.name.to_lowercase(), &a.id).cmp(&(b.product.name.to_lowercase(), &b.id))
    });
    levels
}

/// The screen's search before the windows: name or SKU (case ignored) or barcode.
fn screen_filter(levels: Vec<StockLevel>, search: &str) -> Vec<StockLevel> {
    let term = search.trim().to_lowercase();
    levels
        .into_iter()
        .filter(|l| {
            term.is_empty()
                || l.product.name.to_lowercase().contains(&term)
                || l.product.sku.to_lowercase().contains(&term)
                || l.product.gtin.as_deref().is_some_and(|g| g.contains(&term))
        })
        .collect()
}

fn assert_windows_match(biz: &Business) {
    let all = expected_levels(biz);
    assert_eq!(biz.stock_levels().unwrap(), all);
    let summary = biz.stock_summary().unwrap();
    let value: Decimal = all.iter().map(|l| l.position.value).sum();
    assert_eq!(summary.value, value);
    assert_eq!(biz.inventory_value().unwrap(), value);
    assert_eq!(
        summary.review,
        all.iter().filter(|l| l.position.needs_review()).count()
    );
    assert_eq!(
        summary.active,
        all.iter().filter(|l| l.product.active).count()
    );
    assert_eq!(summary.low, biz.replenishment().unwrap().len());
    for search in SEARCHES {
        let whole = screen_filter(all.clone(), search);
        let index = biz.product_index(search).unwrap();
        let ids: Vec<Id> = whole.iter().map(|l| l.id.clone()).collect();
        assert_eq!(index.ids(), ids.as_slice(), "{search:?}");
        assert_eq!(index.len(), whole.len());
        let mut start = 0;
        while start < whole.len() {
            let end = (start + 7).min(whole.len());
            let rows = biz.product_rows(&index.ids()[start..end]).unwrap();
            assert_eq!(
                rows,
                whole[start..end].to_vec(),
                "{search:?} {start}..{end}"
            );
            start = end;
        }
    }
}

fn product(i: usize) -> NewProduct {
    let gtin = i.is_multiple_of(3).then(|| {
        Gtin::from_body(&format!("7891000{i:05}"))
            .unwrap()
            .as_str()
            .to_string()
    });
    let mut p = unit_product(
        &format!("P-{i:03}"),
        &format!("{} {}", NAMES[i % NAMES.len()], i % 5),
        &format!("{}.50", 2 + i % 7),
        &format!("{}.90", 5 + i % 9),
    );
    p.gtin = gtin;
    if i.is_multiple_of(4) {
        p.reorder_point = Some(dec("5"));
        p.reorder_quantity = Some(dec("10"));
    }
    p
}

fn movement(product: &Id, day: &str, quantity: &str, cost: Option<&str>) -> NewMovement {
    NewMovement {
        product: product.clone(),
        date: date(day),
        kind: MovementKind::Adjustment,
        quantity: dec(quantity),
        unit_cost: cost.map(dec),
        reason: Some("contagem".into()),
    }
}

/// 40 products (names repeated, so ties fall to the id), movements on most of them (some
/// below zero), a few inactive.
fn shop() -> (Business, Vec<Id>, Id) {
    let mut biz = new_business();
    let cash = cash_account(&mut biz, "1000.00");
    let ids: Vec<Id> = (0..40)
        .map(|i| biz.create_product(&ctx(), product(i)).unwrap())
        .collect();
    for (i, id) in ids.iter().enumerate() {
        for k in 0..i % 4 {
            let day = format!("2026-03-{:02}", 1 + (i + k) % 9);
            let q = if (i + k) % 5 == 0 { "-3" } else { "4" };
            let cost = format!("{}.25", 3 + k);
            biz.record_movement(&ctx(), movement(id, &day, q, Some(&cost)))
                .unwrap();
        }
    }
    for id in ids.iter().step_by(9) {
        biz.set_product_active(&ctx(), id, false).unwrap();
    }
    (biz, ids, cash)
}

#[test]
fn windows_of_the_index_are_slices_of_the_whole_list() {
    let (biz, _, _) = shop();
    let all = expected_levels(&biz);
    // The shop has what the comparison must cover: negative stock, inactive products,
    // products to replenish and matches for the searches.
    assert!(all.iter().any(|l| l.position.needs_review()));
    assert!(all.iter().any(|l| !l.product.active));
    assert!(biz.stock_summary().unwrap().low > 0);
    assert!(biz.product_index("caf").unwrap().len() > 7);
    assert!(!biz.product_index("789").unwrap().is_empty());
    assert!(biz.product_index("nada disso").unwrap().is_empty());
    assert_windows_match(&biz);
    // Reading again without a change gives the same.
    assert_windows_match(&biz);
}

#[test]
fn the_index_and_rows_follow_every_change() {
    let (mut biz, ids, cash) = shop();
    assert_windows_match(&biz);
    let new = biz.create_product(&ctx(), product(40)).unwrap();
    assert_windows_match(&biz);
    biz.record_movement(&ctx(), movement(&ids[1], "2026-03-04", "7", Some("9.75")))
        .unwrap();
    assert_windows_match(&biz);
    let supplier = biz
        .create_party(&ctx(), PartyInput::supplier("Distribuidora"))
        .unwrap();
    biz.record_purchase(
        &ctx(),
        NewPurchase {
            date: date("2026-03-11"),
            supplier,
            items: vec![PurchaseItem {
                product: new.clone(),
                quantity: dec("12"),
                unit_cost: dec("3.10"),
            }],
            document_ref: None,
            due_date: None,
            paid_from: Some(cash.clone()),
        },
    )
    .unwrap();
    assert_windows_match(&biz);
    biz.record_sale(
        &ctx(),
        NewSale {
            date: date("2026-03-12"),
            items: vec![
                SaleItem {
                    product: new.clone(),
                    quantity: dec("2"),
                    unit_price: None,
                },
                SaleItem {
                    product: ids[2].clone(),
                    quantity: dec("1"),
                    unit_price: None,
                },
            ],
            discount: Decimal::ZERO,
            method: PaymentMethod::Dinheiro,
            account: Some(cash.clone()),
            customer: None,
            due_date: None,
            beyond_stock: true,
        },
    )
    .unwrap();
    assert_windows_match(&biz);
    // A rename moves the product in the list; a new registered cost changes the average
    // of a product with no entry of goods.
    let mut renamed = product(5);
    renamed.name = "Zebu defumado".into();
    renamed.cost = dec("99.00");
    biz.update_product(&ctx(), &ids[5], renamed).unwrap();
    let mut cost = product(4);
    cost.cost = dec("7.125");
    biz.update_product(&ctx(), &ids[4], cost).unwrap();
    assert_windows_match(&biz);
    assert_eq!(biz.product_index("").unwrap().ids().last(), Some(&ids[5]));
    biz.set_product_active(&ctx(), &ids[3], false).unwrap();
    assert_windows_match(&biz);
    // Another device's movements and product, merged in.
    let mut other = biz.fork(&device("Tablet", 2));
    other
        .record_movement(&ctx(), movement(&ids[6], "2026-03-02", "-9", None))
        .unwrap();
    other.create_product(&ctx(), product(41)).unwrap();
    biz.merge(&mut other).unwrap();
    assert_windows_match(&biz);
    // An id that is no product gives no row; the others keep their order.
    let rows = biz
        .product_rows(&[ids[7].clone(), "não-existe".into(), new.clone()])
        .unwrap();
    let got: Vec<Id> = rows.into_iter().map(|l| l.id).collect();
    assert_eq!(got, vec![ids[7].clone(), new]);
}
