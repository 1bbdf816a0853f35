//! A sale writes its stock movements, the sale record and its ledger receipt
//! (or an open receivable for fiado) in one change; every rejection leaves the
//! document unchanged.

use crate::common;

use common::*;
use retaguarda_core::inventory::{
    InventoryError, MovementKind, NewMovement, NewProduct, NewSale, PaymentMethod, SaleItem, Unit,
};
use retaguarda_core::ledger::{categories, EntryKind, EntryStatus};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{Business, CoreError, Id};
use rust_decimal::Decimal;

struct Shop {
    biz: Business,
    cash: Id,
    bread: Id,
    coffee: Id,
    customer: Id,
}

fn product(sku: &str, name: &str, unit: Unit, cost: &str, price: &str) -> NewProduct {
    NewProduct {
        sku: sku.into(),
        gtin: None,
        name: name.into(),
        unit,
        cost: dec(cost),
        price: dec(price),
        reorder_point: None,
        reorder_quantity: None,
        supplier: None,
    }
}

fn shop() -> Shop {
    let mut biz = new_business();
    let cash = cash_account(&mut biz, "100.00");
    let bread = biz
        .create_product(
            &ctx(),
            product("PAO", "Pão francês", Unit::Kg, "8.00", "16.90"),
        )
        .expect("bread");
    let coffee = biz
        .create_product(
            &ctx(),
            product("CAFE", "Café coado", Unit::Un, "1.20", "4.50"),
        )
        .expect("coffee");
    for (id, qty) in [(&bread, "10"), (&coffee, "50")] {
        biz.record_movement(
            &ctx(),
            NewMovement {
                product: id.clone(),
                date: date("2026-03-01"),
                kind: MovementKind::Adjustment,
                quantity: dec(qty),
                unit_cost: None,
                reason: Some("Estoque inicial".into()),
            },
        )
        .expect("opening stock");
    }
    let customer = biz
        .create_party(&ctx(), PartyInput::customer("Seu Joaquim"))
        .expect("customer");
    Shop {
        biz,
        cash,
        bread,
        coffee,
        customer,
    }
}

fn item(product: &Id, qty: &str) -> SaleItem {
    SaleItem {
        product: product.clone(),
        quantity: dec(qty),
        unit_price: None,
    }
}

fn cash_sale(s: &Shop, items: Vec<SaleItem>) -> NewSale {
    NewSale {
        date: date("2026-03-10"),
        items,
        discount: Decimal::ZERO,
        method: PaymentMethod::Dinheiro,
        account: Some(s.cash.clone()),
        customer: None,
        due_date: None,
        beyond_stock: false,
    }
}

#[test]
fn cash_sale_writes_movements_and_receipt_in_one_change() {
    let mut s = shop();
    let mut sale = cash_sale(&s, vec![item(&s.bread, "0.750"), item(&s.coffee, "2")]);
    sale.discount = dec("0.68");
    let heads = s.biz.heads();
    let id = s.biz.record_sale(&ctx(), sale).expect("sale");
    assert_eq!(
        s.biz.changes_since(&heads).len(),
        1,
        "one change for the whole sale"
    );

    // 0,750 × 16,90 = 12,675 → 12,68; 2 × 4,50 = 9,00; subtotal 21,68;
    // discount 0,68; total 21,00.
    let rec = s.biz.sale(&id).expect("read").expect("exists");
    assert_eq!(rec.lines.len(), 2);
    assert_eq!(rec.lines[0].total, dec("12.68"));
    assert_eq!(rec.lines[1].total, dec("9.00"));
    assert_eq!(rec.subtotal, dec("21.68"));
    assert_eq!(rec.discount, dec("0.68"));
    assert_eq!(rec.total, dec("21.00"));
    assert_eq!(rec.method, PaymentMethod::Dinheiro);

    // Stock went down by the sold quantities, recorded at the average cost.
    assert_eq!(
        s.biz.stock_position(&s.bread).expect("pos").quantity,
        dec("9.250")
    );
    assert_eq!(
        s.biz.stock_position(&s.coffee).expect("pos").quantity,
        dec("48")
    );
    let moves = s.biz.product_movements(&s.bread).expect("moves");
    let sold = moves
        .iter()
        .find(|(_, m)| m.kind == MovementKind::Sale)
        .expect("sale movement");
    assert_eq!(sold.1.quantity, dec("-0.750"));
    assert_eq!(sold.1.unit_cost, dec("8.00"));
    assert_eq!(
        sold.1.source.as_deref(),
        Some(format!("sale:{id}").as_str())
    );
    assert_eq!(rec.lines[0].movement, sold.0);

    // The receipt is in the ledger, received into the cash account.
    let entry = s.biz.entry(&rec.entry).expect("read").expect("entry");
    assert_eq!(entry.kind, EntryKind::Receivable);
    assert_eq!(entry.amount, dec("21.00"));
    assert_eq!(entry.status(), EntryStatus::Paid);
    assert_eq!(entry.category.as_deref(), Some(categories::SALES_OF_GOODS));
    assert_eq!(entry.source.as_deref(), Some(format!("sale:{id}").as_str()));
    assert_eq!(
        s.biz
            .account_balance(&s.cash, date("2026-03-10"))
            .expect("balance"),
        dec("121.00")
    );
}

#[test]
fn pix_and_card_sales_use_the_given_price() {
    let mut s = shop();
    for method in [PaymentMethod::Pix, PaymentMethod::Cartao] {
        let mut sale = cash_sale(&s, vec![item(&s.coffee, "3")]);
        sale.method = method;
        sale.items[0].unit_price = Some(dec("4.00"));
        let id = s.biz.record_sale(&ctx(), sale).expect("sale");
        let rec = s.biz.sale(&id).expect("read").expect("exists");
        assert_eq!(rec.total, dec("12.00"));
        assert_eq!(rec.method, method);
    }
    assert_eq!(
        s.biz
            .account_balance(&s.cash, date("2026-03-10"))
            .expect("balance"),
        dec("124.00")
    );
}

#[test]
fn fiado_sale_leaves_an_open_receivable() {
    let mut s = shop();
    let sale = NewSale {
        method: PaymentMethod::Fiado,
        account: None,
        customer: Some(s.customer.clone()),
        ..cash_sale(&s, vec![item(&s.coffee, "2")])
    };
    let id = s.biz.record_sale(&ctx(), sale).expect("fiado");
    let rec = s.biz.sale(&id).expect("read").expect("exists");
    assert_eq!(rec.customer.as_deref(), Some(s.customer.as_str()));
    let entry = s.biz.entry(&rec.entry).expect("read").expect("entry");
    assert_eq!(entry.status(), EntryStatus::Open);
    assert_eq!(entry.open_amount(), dec("9.00"));
    assert_eq!(entry.party.as_deref(), Some(s.customer.as_str()));
    // Due 30 days after the sale by default.
    assert_eq!(entry.due_date, date("2026-04-09"));
    assert_eq!(entry.competence_date, date("2026-03-10"));
    // No money moved, but the stock did.
    assert_eq!(
        s.biz
            .account_balance(&s.cash, date("2026-03-10"))
            .expect("balance"),
        dec("100.00")
    );
    assert_eq!(
        s.biz.stock_position(&s.coffee).expect("pos").quantity,
        dec("48")
    );

    let with_due = NewSale {
        method: PaymentMethod::Fiado,
        account: None,
        customer: Some(s.customer.clone()),
        due_date: Some(date("2026-03-20")),
        ..cash_sale(&s, vec![item(&s.coffee, "1")])
    };
    let id = s.biz.record_sale(&ctx(), with_due).expect("fiado");
    let rec = s.biz.sale(&id).expect("read").expect("exists");
    let entry = s.biz.entry(&rec.entry).expect("read").expect("entry");
    assert_eq!(entry.due_date, date("2026-03-20"));
}

#[test]
fn selling_more_than_in_stock_is_refused_with_the_stock_in_the_message() {
    let mut s = shop();
    let sale = cash_sale(&s, vec![item(&s.coffee, "60")]);
    let err = reject(&mut s, sale);
    assert_eq!(
        err.to_string(),
        "Estoque insuficiente de Café coado: há 50 un e a venda pede 60 un. \
         Registre a compra ou um ajuste, ou confirme a venda mesmo assim."
    );
    // Two lines of one product add up before the check.
    let sale = cash_sale(&s, vec![item(&s.coffee, "30"), item(&s.coffee, "21")]);
    let err = reject(&mut s, sale);
    assert!(matches!(
        err,
        CoreError::Inventory(InventoryError::InsufficientStock { .. })
    ));
    // Exactly the stock is fine.
    s.biz
        .record_sale(&ctx(), cash_sale(&s, vec![item(&s.coffee, "50")]))
        .expect("sale of all the stock");
    assert!(s.biz.stock_review().expect("review").is_empty());
}

#[test]
fn a_confirmed_sale_beyond_stock_is_recorded_and_flagged() {
    let mut s = shop();
    let mut sale = cash_sale(&s, vec![item(&s.bread, "12")]);
    sale.beyond_stock = true;
    s.biz.record_sale(&ctx(), sale).expect("sale");
    let pos = s.biz.stock_position(&s.bread).expect("pos");
    assert_eq!(pos.quantity, dec("-2"));
    let review = s.biz.stock_review().expect("review");
    assert_eq!(review.len(), 1);
    assert_eq!(review[0].id, s.bread);
}

#[test]
fn two_lines_of_one_product_both_count() {
    let mut s = shop();
    s.biz
        .record_sale(
            &ctx(),
            cash_sale(&s, vec![item(&s.coffee, "1"), item(&s.coffee, "2")]),
        )
        .expect("sale");
    assert_eq!(
        s.biz.stock_position(&s.coffee).expect("pos").quantity,
        dec("47")
    );
}

fn reject(s: &mut Shop, sale: NewSale) -> CoreError {
    assert_rejected_unchanged(&mut s.biz, |b| b.record_sale(&ctx(), sale))
}

#[test]
fn rejects_sale_without_items() {
    let mut s = shop();
    let sale = cash_sale(&s, vec![]);
    assert_eq!(
        reject(&mut s, sale),
        CoreError::Inventory(InventoryError::NoItems)
    );
}

#[test]
fn rejects_unknown_or_inactive_product() {
    let mut s = shop();
    let sale = cash_sale(&s, vec![item(&"nao-existe".to_string(), "1")]);
    assert_eq!(
        reject(&mut s, sale),
        CoreError::Inventory(InventoryError::ProductNotFound)
    );
    s.biz
        .set_product_active(&ctx(), &s.coffee, false)
        .expect("deactivate");
    let sale = cash_sale(&s, vec![item(&s.coffee, "1")]);
    assert_eq!(
        reject(&mut s, sale),
        CoreError::Inventory(InventoryError::ProductInactive("Café coado".into()))
    );
}

#[test]
fn rejects_bad_quantities() {
    let mut s = shop();
    let sale = cash_sale(&s, vec![item(&s.coffee, "0")]);
    assert_eq!(
        reject(&mut s, sale),
        CoreError::Inventory(InventoryError::ZeroQuantity)
    );
    let sale = cash_sale(&s, vec![item(&s.coffee, "-1")]);
    let err = reject(&mut s, sale);
    assert_eq!(
        err,
        CoreError::Inventory(InventoryError::Negative("A quantidade"))
    );
    // The adjective agrees with the field.
    assert_eq!(err.to_string(), "A quantidade não pode ser negativa.");
    let sale = cash_sale(&s, vec![item(&s.coffee, "1.5")]);
    assert!(matches!(
        reject(&mut s, sale),
        CoreError::Inventory(InventoryError::FractionalQuantity { .. })
    ));
}

#[test]
fn rejects_bad_prices_and_discounts() {
    let mut s = shop();
    let mut sale = cash_sale(&s, vec![item(&s.coffee, "1")]);
    sale.items[0].unit_price = Some(dec("-4.50"));
    assert_eq!(
        reject(&mut s, sale),
        CoreError::Inventory(InventoryError::Negative("O preço"))
    );
    let mut sale = cash_sale(&s, vec![item(&s.coffee, "1")]);
    sale.discount = dec("4.50");
    assert_eq!(
        reject(&mut s, sale),
        CoreError::Inventory(InventoryError::DiscountTooLarge)
    );
    let mut sale = cash_sale(&s, vec![item(&s.coffee, "1")]);
    sale.discount = dec("-1");
    assert_eq!(
        reject(&mut s, sale),
        CoreError::Inventory(InventoryError::Negative("O desconto"))
    );
}

#[test]
fn rejects_fiado_without_customer() {
    let mut s = shop();
    let sale = NewSale {
        method: PaymentMethod::Fiado,
        account: None,
        ..cash_sale(&s, vec![item(&s.coffee, "1")])
    };
    assert_eq!(
        reject(&mut s, sale),
        CoreError::Inventory(InventoryError::FiadoNeedsCustomer)
    );
}

#[test]
fn rejects_paid_sale_without_account() {
    let mut s = shop();
    let sale = NewSale {
        account: None,
        ..cash_sale(&s, vec![item(&s.coffee, "1")])
    };
    assert_eq!(
        reject(&mut s, sale),
        CoreError::Inventory(InventoryError::AccountRequired)
    );
}

#[test]
fn rejects_unknown_account_or_customer() {
    let mut s = shop();
    let sale = NewSale {
        account: Some("nao-existe".into()),
        ..cash_sale(&s, vec![item(&s.coffee, "1")])
    };
    assert!(matches!(reject(&mut s, sale), CoreError::NotFound { .. }));
    let sale = NewSale {
        customer: Some("nao-existe".into()),
        ..cash_sale(&s, vec![item(&s.coffee, "1")])
    };
    assert!(matches!(reject(&mut s, sale), CoreError::NotFound { .. }));
}

#[test]
fn rejects_a_supplier_as_customer() {
    let mut s = shop();
    let supplier = s
        .biz
        .create_party(&ctx(), PartyInput::supplier("Distribuidora"))
        .expect("supplier");
    let sale = NewSale {
        method: PaymentMethod::Fiado,
        account: None,
        customer: Some(supplier),
        ..cash_sale(&s, vec![item(&s.coffee, "1")])
    };
    assert!(matches!(
        reject(&mut s, sale),
        CoreError::Invalid {
            field: "Cliente",
            ..
        }
    ));
}

#[test]
fn rejects_fiado_due_before_the_sale() {
    let mut s = shop();
    let sale = NewSale {
        method: PaymentMethod::Fiado,
        account: None,
        customer: Some(s.customer.clone()),
        due_date: Some(date("2026-03-09")),
        ..cash_sale(&s, vec![item(&s.coffee, "1")])
    };
    assert!(matches!(
        reject(&mut s, sale),
        CoreError::Invalid {
            field: "Vencimento",
            ..
        }
    ));
}

#[test]
fn rejection_messages_are_portuguese() {
    let mut s = shop();
    let sale = cash_sale(&s, vec![item(&s.coffee, "1.5")]);
    let msg = reject(&mut s, sale).to_string();
    assert_eq!(
        msg,
        "O produto Café coado é vendido por un; a quantidade 1,5 precisa ser inteira."
    );
}

#[test]
fn rejects_a_sale_worth_nothing() {
    let mut s = shop();
    let mut sale = cash_sale(&s, vec![item(&s.coffee, "1")]);
    sale.items[0].unit_price = Some(dec("0"));
    assert!(matches!(
        reject(&mut s, sale),
        CoreError::Invalid {
            field: "Total da venda",
            ..
        }
    ));
}

#[test]
fn the_audit_log_names_the_sale() {
    let mut s = shop();
    let id = s
        .biz
        .record_sale(&ctx(), cash_sale(&s, vec![item(&s.coffee, "1")]))
        .expect("sale");
    let log = s.biz.audit_log().expect("audit");
    let last = log.last().expect("entries");
    assert_eq!(last.op, "inventory.sale.record");
    assert_eq!(last.record.as_deref(), Some(id.as_str()));
    assert_eq!(
        retaguarda_core::inventory::ops::op_label(&last.op),
        Some("Venda registrada")
    );
    // Every inventory operation has a label.
    for (op, label) in retaguarda_core::inventory::ops::OP_LABELS {
        assert!(op.starts_with("inventory."), "{op}");
        assert!(!label.is_empty());
    }
}
