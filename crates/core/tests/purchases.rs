//! A purchase writes its stock movements, the purchase record and a payable
//! (paid at once when asked) in one change; the average cost follows the
//! purchases; every rejection leaves the document unchanged.

use crate::common;

use common::*;
use retaguarda_core::inventory::{
    InventoryError, MovementKind, NewProduct, NewPurchase, PurchaseItem, Unit,
};
use retaguarda_core::ledger::{categories, EntryKind, EntryStatus};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{Business, CoreError, Id};
use rust_decimal::Decimal;

struct Shop {
    biz: Business,
    bank: Id,
    flour: Id,
    eggs: Id,
    supplier: Id,
}

fn shop() -> Shop {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "1000.00");
    let flour = biz
        .create_product(
            &ctx(),
            NewProduct {
                sku: "FAR".into(),
                gtin: None,
                name: "Farinha de trigo".into(),
                unit: Unit::Kg,
                cost: dec("0"),
                price: dec("0"),
                reorder_point: None,
                reorder_quantity: None,
                supplier: None,
            },
        )
        .expect("flour");
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
        .create_party(&ctx(), PartyInput::supplier("Moinho Sul"))
        .expect("supplier");
    Shop {
        biz,
        bank,
        flour,
        eggs,
        supplier,
    }
}

fn purchase(s: &Shop, items: Vec<PurchaseItem>) -> NewPurchase {
    NewPurchase {
        date: date("2026-03-10"),
        supplier: s.supplier.clone(),
        items,
        document_ref: Some("NF 1234".into()),
        due_date: Some(date("2026-04-10")),
        paid_from: None,
    }
}

fn line(product: &Id, qty: &str, cost: &str) -> PurchaseItem {
    PurchaseItem {
        product: product.clone(),
        quantity: dec(qty),
        unit_cost: dec(cost),
    }
}

#[test]
fn purchase_writes_movements_and_payable_in_one_change() {
    let mut s = shop();
    let heads = s.biz.heads();
    let input = purchase(
        &s,
        vec![line(&s.flour, "25", "4.3333"), line(&s.eggs, "60", "0.75")],
    );
    let id = s.biz.record_purchase(&ctx(), input).expect("purchase");
    assert_eq!(s.biz.changes_since(&heads).len(), 1);

    // 25 × 4,3333 = 108,3325 → 108,33; 60 × 0,75 = 45,00; total 153,33.
    let rec = s.biz.purchase(&id).expect("read").expect("exists");
    assert_eq!(rec.lines[0].total, dec("108.33"));
    assert_eq!(rec.lines[1].total, dec("45.00"));
    assert_eq!(rec.total, dec("153.33"));
    assert_eq!(rec.document_ref.as_deref(), Some("NF 1234"));

    let entry = s.biz.entry(&rec.entry).expect("read").expect("entry");
    assert_eq!(entry.kind, EntryKind::Payable);
    assert_eq!(entry.amount, dec("153.33"));
    assert_eq!(entry.status(), EntryStatus::Open);
    assert_eq!(entry.due_date, date("2026-04-10"));
    assert_eq!(entry.party.as_deref(), Some(s.supplier.as_str()));
    assert_eq!(entry.category.as_deref(), Some(categories::GOODS_PURCHASES));
    assert_eq!(entry.document_ref.as_deref(), Some("NF 1234"));
    assert_eq!(
        entry.source.as_deref(),
        Some(format!("purchase:{id}").as_str())
    );

    let flour = s.biz.stock_position(&s.flour).expect("pos");
    assert_eq!(flour.quantity, dec("25"));
    assert_eq!(flour.average_cost, dec("4.3333"));
    let moves = s.biz.product_movements(&s.eggs).expect("moves");
    assert_eq!(moves.len(), 1);
    assert_eq!(moves[0].1.kind, MovementKind::Purchase);
    assert_eq!(moves[0].1.quantity, dec("60"));
    assert_eq!(moves[0].1.unit_cost, dec("0.75"));
    // Nothing was paid yet.
    assert_eq!(
        s.biz
            .account_balance(&s.bank, date("2026-03-31"))
            .expect("balance"),
        dec("1000.00")
    );
}

#[test]
fn purchase_paid_at_once() {
    let mut s = shop();
    let mut input = purchase(&s, vec![line(&s.eggs, "30", "0.90")]);
    input.paid_from = Some(s.bank.clone());
    input.due_date = None;
    let id = s.biz.record_purchase(&ctx(), input).expect("purchase");
    let rec = s.biz.purchase(&id).expect("read").expect("exists");
    let entry = s.biz.entry(&rec.entry).expect("read").expect("entry");
    assert_eq!(entry.status(), EntryStatus::Paid);
    assert_eq!(entry.due_date, date("2026-03-10"));
    assert_eq!(
        s.biz
            .account_balance(&s.bank, date("2026-03-10"))
            .expect("balance"),
        dec("973.00")
    );
}

#[test]
fn average_cost_follows_purchases() {
    let mut s = shop();
    s.biz
        .record_purchase(&ctx(), purchase(&s, vec![line(&s.eggs, "60", "0.75")]))
        .expect("first");
    let mut second = purchase(&s, vec![line(&s.eggs, "40", "1.00")]);
    second.date = date("2026-03-12");
    s.biz.record_purchase(&ctx(), second).expect("second");
    // (60 × 0,75 + 40 × 1,00) ÷ 100 = 85 ÷ 100 = 0,85; value 85,00.
    let pos = s.biz.stock_position(&s.eggs).expect("pos");
    assert_eq!(pos.quantity, dec("100"));
    assert_eq!(pos.average_cost, dec("0.85"));
    assert_eq!(pos.value, dec("85.00"));
    assert_eq!(s.biz.inventory_value().expect("value"), dec("85.00"));
}

fn reject(s: &mut Shop, input: NewPurchase) -> CoreError {
    assert_rejected_unchanged(&mut s.biz, |b| b.record_purchase(&ctx(), input))
}

#[test]
fn rejects_purchase_without_items() {
    let mut s = shop();
    let input = purchase(&s, vec![]);
    assert_eq!(
        reject(&mut s, input),
        CoreError::Inventory(InventoryError::NoItems)
    );
}

#[test]
fn rejects_unknown_supplier_or_a_customer() {
    let mut s = shop();
    let mut input = purchase(&s, vec![line(&s.eggs, "1", "1")]);
    input.supplier = "nao-existe".into();
    assert!(matches!(reject(&mut s, input), CoreError::NotFound { .. }));
    let customer = s
        .biz
        .create_party(&ctx(), PartyInput::customer("Dona Maria"))
        .expect("customer");
    let mut input = purchase(&s, vec![line(&s.eggs, "1", "1")]);
    input.supplier = customer;
    assert!(matches!(
        reject(&mut s, input),
        CoreError::Invalid {
            field: "Fornecedor",
            ..
        }
    ));
}

#[test]
fn rejects_inactive_or_unknown_product() {
    let mut s = shop();
    s.biz
        .set_product_active(&ctx(), &s.eggs, false)
        .expect("deactivate");
    let input = purchase(&s, vec![line(&s.eggs, "1", "1")]);
    assert_eq!(
        reject(&mut s, input),
        CoreError::Inventory(InventoryError::ProductInactive("Ovos".into()))
    );
    let input = purchase(&s, vec![line(&"x".to_string(), "1", "1")]);
    assert_eq!(
        reject(&mut s, input),
        CoreError::Inventory(InventoryError::ProductNotFound)
    );
}

#[test]
fn rejects_bad_quantities_and_costs() {
    let mut s = shop();
    let input = purchase(&s, vec![line(&s.eggs, "0", "1")]);
    assert_eq!(
        reject(&mut s, input),
        CoreError::Inventory(InventoryError::ZeroQuantity)
    );
    let input = purchase(&s, vec![line(&s.eggs, "2.5", "1")]);
    assert!(matches!(
        reject(&mut s, input),
        CoreError::Inventory(InventoryError::FractionalQuantity { .. })
    ));
    let input = purchase(&s, vec![line(&s.eggs, "2", "-1")]);
    assert_eq!(
        reject(&mut s, input),
        CoreError::Inventory(InventoryError::Negative("O custo"))
    );
    let input = purchase(&s, vec![line(&s.eggs, "2", "0.12345")]);
    assert!(matches!(
        reject(&mut s, input),
        CoreError::Invalid {
            field: "O custo",
            ..
        }
    ));
    let input = purchase(&s, vec![line(&s.eggs, "2", "0")]);
    assert!(matches!(
        reject(&mut s, input),
        CoreError::Invalid {
            field: "Total da compra",
            ..
        }
    ));
}

#[test]
fn rejects_unknown_payment_account() {
    let mut s = shop();
    let mut input = purchase(&s, vec![line(&s.eggs, "1", "1")]);
    input.paid_from = Some("nao-existe".into());
    assert!(matches!(reject(&mut s, input), CoreError::NotFound { .. }));
    assert_eq!(s.biz.purchases().expect("list").len(), 0);
    assert_eq!(
        s.biz.stock_position(&s.eggs).expect("pos").quantity,
        Decimal::ZERO
    );
}
