//! The in-memory inventory indexes (stock and product codes) always agree with the
//! document: after the device's own operations, several writes in one operation, a rejected
//! operation, merges, raw changes, incremental loads and a write around the helpers. The
//! reference is the whole movement log replayed without any index.

use crate::common;

use common::*;
use retaguarda_core::automerge::transaction::Transactable;
use retaguarda_core::automerge::{ReadDoc, ROOT};
use retaguarda_core::inventory::{
    stock_position, tx_create_product, tx_record_movement, CostEntry, InventoryError, MovementKind,
    NewMovement, NewProduct, NewPurchase, NewSale, PaymentMethod, PurchaseItem, SaleItem,
    StockPosition, Unit,
};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{Business, CoreError, Id};
use rust_decimal::Decimal;

fn product(sku: &str) -> NewProduct {
    NewProduct {
        sku: sku.into(),
        gtin: None,
        name: format!("Produto {sku}"),
        unit: Unit::Un,
        cost: dec("4.00"),
        price: dec("9.00"),
        reorder_point: None,
        reorder_quantity: None,
        supplier: None,
    }
}

fn movement(product: &Id, day: &str, quantity: &str, cost: Option<&str>) -> NewMovement {
    NewMovement {
        product: product.clone(),
        date: date(day),
        kind: MovementKind::Adjustment,
        quantity: dec(quantity),
        unit_cost: cost.map(dec),
        reason: Some("Contagem".into()),
    }
}

fn sale(product: &Id, account: &Id, day: &str, quantity: &str) -> NewSale {
    NewSale {
        date: date(day),
        items: vec![SaleItem {
            product: product.clone(),
            quantity: dec(quantity),
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

/// The position replayed from the whole movement log, without the index.
fn replayed(biz: &Business, product: &str) -> StockPosition {
    let cost = biz.product(product).expect("read").expect("product").cost;
    let entries: Vec<CostEntry> = biz
        .stock_movements()
        .expect("movements")
        .into_iter()
        .filter(|(_, m)| m.product == product)
        .map(|(id, m)| CostEntry {
            id,
            date: m.date,
            kind: m.kind,
            quantity: m.quantity,
            unit_cost: m.unit_cost,
        })
        .collect();
    stock_position(entries, cost)
}

fn assert_agrees(biz: &Business, product: &str) {
    let position = biz.stock_position(product).expect("position");
    assert_eq!(position, replayed(biz, product));
    let level = biz
        .stock_levels()
        .expect("levels")
        .into_iter()
        .find(|l| l.id == product)
        .expect("level");
    assert_eq!(level.position, position);
    let mine: Vec<_> = biz
        .stock_movements()
        .expect("movements")
        .into_iter()
        .filter(|(_, m)| m.product == product)
        .collect();
    let mut listed = biz.product_movements(product).expect("product movements");
    listed.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(listed, mine);
}

/// The unit cost stored on a movement.
fn unit_cost(biz: &Business, movement: &str) -> Decimal {
    biz.stock_movements()
        .expect("movements")
        .into_iter()
        .find(|(id, _)| id == movement)
        .expect("movement")
        .1
        .unit_cost
}

#[test]
fn own_operations_keep_the_index_equal_to_the_log() {
    let mut biz = new_business();
    let cash = cash_account(&mut biz, "0.00");
    let supplier = biz
        .create_party(&ctx(), PartyInput::supplier("Moinho"))
        .expect("supplier");
    let flour = biz.create_product(&ctx(), product("FAR")).expect("product");
    let salt = biz.create_product(&ctx(), product("SAL")).expect("product");
    // The index is built here, then followed by every operation below.
    assert_agrees(&biz, &flour);

    biz.record_movement(&ctx(), movement(&flour, "2026-03-01", "10", Some("5.00")))
        .expect("count");
    assert_agrees(&biz, &flour);
    biz.record_purchase(
        &ctx(),
        NewPurchase {
            date: date("2026-03-02"),
            supplier,
            items: vec![
                PurchaseItem {
                    product: flour.clone(),
                    quantity: dec("10"),
                    unit_cost: dec("7.00"),
                },
                PurchaseItem {
                    product: salt.clone(),
                    quantity: dec("3"),
                    unit_cost: dec("1.50"),
                },
            ],
            document_ref: None,
            due_date: None,
            paid_from: Some(cash.clone()),
        },
    )
    .expect("purchase");
    assert_agrees(&biz, &flour);
    assert_agrees(&biz, &salt);
    assert_eq!(
        biz.stock_position(&flour).expect("position").average_cost,
        dec("6.00")
    );

    let before = replayed(&biz, &flour).average_cost;
    let sale_id = biz
        .record_sale(&ctx(), sale(&flour, &cash, "2026-03-03", "4"))
        .expect("sale");
    let line = biz.sale(&sale_id).expect("read").expect("sale").lines[0]
        .movement
        .clone();
    assert_eq!(unit_cost(&biz, &line), before);
    assert_agrees(&biz, &flour);

    let before = replayed(&biz, &flour).average_cost;
    let counted = biz
        .record_movement(&ctx(), movement(&flour, "2026-03-04", "2", None))
        .expect("count without cost");
    assert_eq!(unit_cost(&biz, &counted), before);
    assert_agrees(&biz, &flour);
    assert_agrees(&biz, &salt);
}

#[test]
fn several_movements_in_one_operation_see_each_other() {
    let mut biz = new_business();
    let bread = biz.create_product(&ctx(), product("PAO")).expect("product");
    biz.record_movement(&ctx(), movement(&bread, "2026-03-01", "10", Some("2.00")))
        .expect("stock");
    assert_agrees(&biz, &bread);
    let mut other = biz.fork(&device("Tablet", 2));

    // One operation: an entry at a new cost, then a movement at the average it makes.
    let second = biz
        .apply(&ctx(), "test.two_movements", |tx| {
            tx_record_movement(tx, movement(&bread, "2026-03-02", "10", Some("4.00")))?;
            tx_record_movement(tx, movement(&bread, "2026-03-03", "1", None))
        })
        .expect("one operation");
    // The same two movements as two operations.
    other
        .record_movement(&ctx(), movement(&bread, "2026-03-02", "10", Some("4.00")))
        .expect("first");
    let separate = other
        .record_movement(&ctx(), movement(&bread, "2026-03-03", "1", None))
        .expect("second");
    assert_eq!(unit_cost(&biz, &second), dec("3.00"));
    assert_eq!(unit_cost(&biz, &second), unit_cost(&other, &separate));
    assert_agrees(&biz, &bread);
    assert_agrees(&other, &bread);
}

#[test]
fn a_rejected_operation_leaves_the_index_on_the_document() {
    let mut biz = new_business();
    let bread = biz.create_product(&ctx(), product("PAO")).expect("product");
    biz.record_movement(&ctx(), movement(&bread, "2026-03-01", "5", Some("2.00")))
        .expect("stock");
    assert_agrees(&biz, &bread);
    let err = biz
        .apply(&ctx(), "test.fail", |tx| {
            tx_record_movement(tx, movement(&bread, "2026-03-02", "5", Some("8.00")))?;
            // The average now includes the movement above; the operation still fails.
            tx_record_movement(tx, movement(&bread, "2026-03-02", "1", None))?;
            Err::<(), _>(CoreError::not_allowed("Falha de teste."))
        })
        .expect_err("rejected");
    assert!(matches!(err, CoreError::NotAllowed(_)), "{err:?}");
    assert_agrees(&biz, &bread);
    assert_eq!(
        biz.stock_position(&bread).expect("position").quantity,
        dec("5")
    );
    let counted = biz
        .record_movement(&ctx(), movement(&bread, "2026-03-03", "1", None))
        .expect("count");
    assert_eq!(unit_cost(&biz, &counted), dec("2.00"));
}

#[test]
fn concurrent_sales_both_count_with_warm_indexes() {
    let mut a = new_business();
    let cash = cash_account(&mut a, "0.00");
    let cake = a.create_product(&ctx(), product("BOLO")).expect("product");
    a.record_movement(&ctx(), movement(&cake, "2026-03-01", "3", Some("10.00")))
        .expect("stock");
    let mut b = a.fork(&device("Tablet", 2));
    assert_agrees(&a, &cake);
    assert_agrees(&b, &cake);

    a.record_sale(&ctx(), sale(&cake, &cash, "2026-03-05", "1"))
        .expect("sale on a");
    b.record_sale(&ctx(), sale(&cake, &cash, "2026-03-05", "1"))
        .expect("sale on b");
    // A backdated entry on b moves the average both devices must see after the merge.
    b.record_movement(&ctx(), movement(&cake, "2026-03-02", "3", Some("20.00")))
        .expect("backdated on b");
    assert_agrees(&a, &cake);
    assert_agrees(&b, &cake);

    a.merge(&mut b).expect("merge into a");
    b.merge(&mut a).expect("merge into b");
    assert_agrees(&a, &cake);
    assert_agrees(&b, &cake);
    let pa = a.stock_position(&cake).expect("a");
    assert_eq!(pa, b.stock_position(&cake).expect("b"));
    assert_eq!(pa.quantity, dec("4"));
    assert_eq!(pa.average_cost, dec("15.00"));

    // The next sale on a uses the merged average.
    let id = a
        .record_sale(&ctx(), sale(&cake, &cash, "2026-03-06", "1"))
        .expect("sale after merge");
    let line = a.sale(&id).expect("read").expect("sale").lines[0]
        .movement
        .clone();
    assert_eq!(unit_cost(&a, &line), dec("15.00"));
    assert_agrees(&a, &cake);
}

#[test]
fn raw_changes_and_incremental_loads_reach_the_index() {
    let mut a = new_business();
    let cake = a.create_product(&ctx(), product("BOLO")).expect("product");
    a.record_movement(&ctx(), movement(&cake, "2026-03-01", "3", Some("10.00")))
        .expect("stock");
    let mut b = a.fork(&device("Tablet", 2));
    let mut c = a.fork(&device("Caixa", 3));
    assert_agrees(&a, &cake);
    assert_agrees(&c, &cake);
    let _ = b.save_incremental();
    let base = b.heads();

    b.record_movement(&ctx(), movement(&cake, "2026-02-01", "2", Some("40.00")))
        .expect("on b");
    b.record_movement(&ctx(), movement(&cake, "2026-03-02", "1", None))
        .expect("on b, average cost");

    a.apply_changes(b.changes_since(&base)).expect("apply");
    c.load_incremental(&b.save_incremental()).expect("load");
    for biz in [&a, &b, &c] {
        assert_agrees(biz, &cake);
    }
    assert_eq!(
        a.stock_position(&cake).expect("a"),
        c.stock_position(&cake).expect("c")
    );
    // The own index of a keeps following its own operations after the catch-up.
    a.record_movement(&ctx(), movement(&cake, "2026-03-03", "1", None))
        .expect("on a");
    assert_agrees(&a, &cake);
}

#[test]
fn a_write_around_the_helpers_is_caught_up() {
    let mut biz = new_business();
    let bread = biz.create_product(&ctx(), product("PAO")).expect("product");
    let gone = biz
        .record_movement(&ctx(), movement(&bread, "2026-03-01", "5", Some("2.00")))
        .expect("stock");
    biz.record_movement(&ctx(), movement(&bread, "2026-03-02", "5", Some("4.00")))
        .expect("stock");
    assert_agrees(&biz, &bread);
    // Nothing in core deletes a movement; a direct write may, and the index starts over.
    biz.apply(&ctx(), "test.delete", |tx| {
        let doc = tx.doc_mut();
        let (_, coll) = doc.get(ROOT, "movements")?.expect("movements");
        doc.delete(&coll, gone.as_str())?;
        Ok(())
    })
    .expect("delete");
    assert_agrees(&biz, &bread);
    assert_eq!(biz.stock_position(&bread).expect("position").movements, 1);
}

#[test]
fn product_codes_stay_unique_across_devices_and_within_an_operation() {
    let mut a = new_business();
    let first = a.create_product(&ctx(), product("A1")).expect("a1");
    let mut b = a.fork(&device("Tablet", 2));
    // Both devices use their code index before the other's product arrives.
    b.create_product(&ctx(), product("B1")).expect("b1");
    a.create_product(&ctx(), product("X9")).expect("x9");
    b.merge(&mut a).expect("merge");
    let err = b
        .create_product(&ctx(), product("x9"))
        .expect_err("the SKU arrived from a");
    assert!(
        matches!(err, CoreError::Inventory(InventoryError::DuplicateSku(_))),
        "{err:?}"
    );

    // Within one operation the second product sees the first.
    let err = a
        .apply(&ctx(), "test.two_products", |tx| {
            tx_create_product(tx, product("NOVO"))?;
            tx_create_product(tx, product("novo"))
        })
        .expect_err("same SKU twice in one operation");
    assert!(
        matches!(err, CoreError::Inventory(InventoryError::DuplicateSku(_))),
        "{err:?}"
    );
    a.create_product(&ctx(), product("NOVO"))
        .expect("the rejected operation wrote nothing");

    // Editing follows the index too: a product keeps its own SKU, and cannot take another's.
    a.update_product(&ctx(), &first, product("A1"))
        .expect("same SKU");
    let err = a
        .update_product(&ctx(), &first, product("novo"))
        .expect_err("another product's SKU");
    assert!(
        matches!(err, CoreError::Inventory(InventoryError::DuplicateSku(_))),
        "{err:?}"
    );
    a.update_product(&ctx(), &first, product("A2"))
        .expect("rename");
    a.create_product(&ctx(), product("A1"))
        .expect("the old SKU is free again");
    let mut gtin = product("G1");
    gtin.gtin = Some("7891000315507".into());
    a.create_product(&ctx(), gtin.clone()).expect("gtin");
    gtin.sku = "G2".into();
    let err = a.create_product(&ctx(), gtin).expect_err("same barcode");
    assert!(
        matches!(err, CoreError::Inventory(InventoryError::DuplicateGtin(_))),
        "{err:?}"
    );
}
