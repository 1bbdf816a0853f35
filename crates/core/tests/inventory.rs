//! Products and manual stock movements (adjustment, loss, return) on the
//! document: happy paths and every rejection, with the document unchanged on
//! rejection.

use crate::common;

use common::*;
use retaguarda_core::formats::gtin::Gtin;
use retaguarda_core::inventory::{
    InventoryError, MovementKind, NewMovement, NewProduct, Unit, MOVEMENTS, PRODUCTS,
};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{Business, CoreError};
use rust_decimal::Decimal;

fn gtin13() -> String {
    Gtin::from_body("789100031550")
        .expect("valid body")
        .as_str()
        .to_string()
}

fn bread() -> NewProduct {
    NewProduct {
        sku: "PAO-01".into(),
        gtin: None,
        name: "Pão francês".into(),
        unit: Unit::Kg,
        cost: dec("8.50"),
        price: dec("16.90"),
        reorder_point: Some(dec("5")),
        reorder_quantity: Some(dec("20")),
        supplier: None,
    }
}

fn soda() -> NewProduct {
    NewProduct {
        sku: "REF-02".into(),
        gtin: Some(gtin13()),
        name: "Refrigerante lata".into(),
        unit: Unit::Un,
        cost: dec("2.35"),
        price: dec("5.00"),
        reorder_point: None,
        reorder_quantity: None,
        supplier: None,
    }
}

fn with_product(input: NewProduct) -> (Business, String) {
    let mut biz = new_business();
    let id = biz.create_product(&ctx(), input).expect("product");
    (biz, id)
}

fn movement(
    product: &str,
    kind: MovementKind,
    quantity: &str,
    reason: Option<&str>,
) -> NewMovement {
    NewMovement {
        product: product.to_string(),
        date: date("2026-03-10"),
        kind,
        quantity: dec(quantity),
        unit_cost: None,
        reason: reason.map(str::to_string),
    }
}

#[test]
fn create_product_is_one_change_and_reads_back() {
    let mut biz = new_business();
    let supplier = biz
        .create_party(&ctx(), PartyInput::supplier("Moinho Sul"))
        .expect("supplier");
    let heads = biz.heads();
    let mut input = soda();
    input.sku = "  REF-02 ".into();
    input.name = " Refrigerante lata ".into();
    input.supplier = Some(supplier.clone());
    let id = biz.create_product(&ctx(), input).expect("create");
    assert_eq!(
        biz.changes_since(&heads).len(),
        1,
        "one operation, one change"
    );
    let p = biz.product(&id).expect("read").expect("exists");
    assert_eq!(p.sku, "REF-02");
    assert_eq!(p.name, "Refrigerante lata");
    assert_eq!(p.gtin.as_deref(), Some(gtin13().as_str()));
    assert_eq!(p.unit, Unit::Un);
    assert_eq!(p.cost, dec("2.35"));
    assert_eq!(p.price, dec("5.00"));
    assert_eq!(p.supplier, Some(supplier));
    assert!(p.active);
    // The barcode and the SKU (any case) both find it.
    assert_eq!(
        biz.find_product_by_code(&gtin13()).expect("q").map(|x| x.0),
        Some(id.clone())
    );
    assert_eq!(
        biz.find_product_by_code("ref-02").expect("q").map(|x| x.0),
        Some(id.clone())
    );
    assert_eq!(biz.find_product_by_code("nada").expect("q"), None);
    // The record survives save and load.
    let bytes = biz.save();
    let loaded = Business::load(&bytes, &device("Tablet", 2)).expect("load");
    assert_eq!(loaded.product(&id).expect("read"), Some(p));
    assert_eq!(loaded.products().expect("list").len(), 1);
}

fn rejected(biz: &mut Business, input: NewProduct) -> CoreError {
    assert_rejected_unchanged(biz, |b| b.create_product(&ctx(), input))
}

#[test]
fn rejects_blank_name() {
    let mut biz = new_business();
    let mut p = bread();
    p.name = "   ".into();
    assert_eq!(
        rejected(&mut biz, p),
        CoreError::Inventory(InventoryError::NameRequired)
    );
}

#[test]
fn rejects_blank_sku() {
    let mut biz = new_business();
    let mut p = bread();
    p.sku = "".into();
    assert_eq!(
        rejected(&mut biz, p),
        CoreError::Inventory(InventoryError::SkuRequired)
    );
}

#[test]
fn rejects_duplicate_sku_in_any_case() {
    let (mut biz, _) = with_product(bread());
    let mut p = soda();
    p.sku = "pao-01".into();
    assert_eq!(
        rejected(&mut biz, p),
        CoreError::Inventory(InventoryError::DuplicateSku("pao-01".into()))
    );
}

#[test]
fn rejects_invalid_gtin() {
    let mut biz = new_business();
    let mut p = soda();
    p.gtin = Some("7891000315508".into());
    let err = rejected(&mut biz, p);
    assert!(
        matches!(err, CoreError::Inventory(InventoryError::InvalidGtin(_))),
        "{err:?}"
    );
    // Said once, not "Código de barras inválido: código de barras inválido: …".
    assert_eq!(
        err.to_string(),
        "Código de barras inválido: o dígito verificador deveria ser 7."
    );
    assert!(
        err.to_string().starts_with("Código de barras inválido"),
        "{err}"
    );
}

#[test]
fn rejects_duplicate_gtin() {
    let (mut biz, _) = with_product(soda());
    let mut p = bread();
    p.gtin = Some(gtin13());
    assert_eq!(
        rejected(&mut biz, p),
        CoreError::Inventory(InventoryError::DuplicateGtin(gtin13()))
    );
}

#[test]
fn rejects_negative_cost_and_price() {
    let mut biz = new_business();
    let mut p = bread();
    p.cost = dec("-1");
    assert_eq!(
        rejected(&mut biz, p),
        CoreError::Inventory(InventoryError::Negative("O custo"))
    );
    let mut p = bread();
    p.price = dec("-0.01");
    assert_eq!(
        rejected(&mut biz, p),
        CoreError::Inventory(InventoryError::Negative("O preço"))
    );
}

#[test]
fn rejects_too_many_decimals() {
    let mut biz = new_business();
    let mut p = bread();
    p.cost = dec("1.23456");
    assert!(matches!(
        rejected(&mut biz, p),
        CoreError::Invalid {
            field: "O custo",
            ..
        }
    ));
    let mut p = bread();
    p.price = dec("1.234");
    assert!(matches!(
        rejected(&mut biz, p),
        CoreError::Invalid {
            field: "O preço",
            ..
        }
    ));
}

#[test]
fn rejects_reorder_figures_that_do_not_fit() {
    let mut biz = new_business();
    let mut p = soda();
    p.reorder_point = Some(dec("2.5"));
    assert!(matches!(
        rejected(&mut biz, p),
        CoreError::Inventory(InventoryError::FractionalQuantity { .. })
    ));
    let mut p = soda();
    p.reorder_quantity = Some(dec("-3"));
    assert_eq!(
        rejected(&mut biz, p),
        CoreError::Inventory(InventoryError::Negative("A quantidade de reposição"))
    );
    let mut p = soda();
    p.reorder_point = Some(dec("-1"));
    assert_eq!(
        rejected(&mut biz, p),
        CoreError::Inventory(InventoryError::Negative("O ponto de reposição"))
    );
}

#[test]
fn rejects_supplier_that_is_not_a_supplier() {
    let mut biz = new_business();
    let customer = biz
        .create_party(&ctx(), PartyInput::customer("Dona Maria"))
        .expect("customer");
    let mut p = bread();
    p.supplier = Some(customer);
    assert!(matches!(
        rejected(&mut biz, p),
        CoreError::Invalid {
            field: "Fornecedor",
            ..
        }
    ));
    let mut p = bread();
    p.supplier = Some("nao-existe".into());
    assert!(matches!(rejected(&mut biz, p), CoreError::NotFound { .. }));
}

#[test]
fn update_product_changes_fields_and_keeps_active() {
    let (mut biz, id) = with_product(bread());
    biz.set_product_active(&ctx(), &id, false)
        .expect("deactivate");
    let mut p = bread();
    p.price = dec("18.50");
    biz.update_product(&ctx(), &id, p).expect("update");
    let stored = biz.product(&id).expect("read").expect("exists");
    assert_eq!(stored.price, dec("18.50"));
    assert!(!stored.active, "editing does not reactivate");
    // Keeping its own SKU is not a duplicate.
    biz.update_product(&ctx(), &id, bread()).expect("same sku");
}

#[test]
fn update_product_rejections() {
    let (mut biz, bread_id) = with_product(bread());
    biz.create_product(&ctx(), soda()).expect("soda");
    let mut p = bread();
    p.sku = "REF-02".into();
    let err = assert_rejected_unchanged(&mut biz, |b| b.update_product(&ctx(), &bread_id, p));
    assert_eq!(
        err,
        CoreError::Inventory(InventoryError::DuplicateSku("REF-02".into()))
    );
    let err = assert_rejected_unchanged(&mut biz, |b| b.update_product(&ctx(), "x", bread()));
    assert_eq!(err, CoreError::Inventory(InventoryError::ProductNotFound));
}

#[test]
fn activate_and_deactivate() {
    let (mut biz, id) = with_product(bread());
    biz.set_product_active(&ctx(), &id, false)
        .expect("deactivate");
    assert!(!biz.product(&id).expect("r").expect("e").active);
    let err = assert_rejected_unchanged(&mut biz, |b| b.set_product_active(&ctx(), &id, false));
    assert!(matches!(err, CoreError::NotAllowed(_)));
    biz.set_product_active(&ctx(), &id, true).expect("activate");
    let err = assert_rejected_unchanged(&mut biz, |b| b.set_product_active(&ctx(), &id, true));
    assert!(matches!(err, CoreError::NotAllowed(_)));
    let err = assert_rejected_unchanged(&mut biz, |b| b.set_product_active(&ctx(), "x", true));
    assert_eq!(err, CoreError::Inventory(InventoryError::ProductNotFound));
}

#[test]
fn adjustment_loss_and_return_move_stock() {
    let (mut biz, id) = with_product(bread());
    let heads = biz.heads();
    let m1 = biz
        .record_movement(
            &ctx(),
            NewMovement {
                unit_cost: Some(dec("9.00")),
                ..movement(
                    &id,
                    MovementKind::Adjustment,
                    "10.250",
                    Some("Contagem inicial"),
                )
            },
        )
        .expect("adjust");
    assert_eq!(biz.changes_since(&heads).len(), 1);
    biz.record_movement(
        &ctx(),
        movement(&id, MovementKind::Loss, "-0.250", Some("Queimou")),
    )
    .expect("loss");
    biz.record_movement(&ctx(), movement(&id, MovementKind::Return, "1", None))
        .expect("customer return");
    biz.record_movement(&ctx(), movement(&id, MovementKind::Return, "-2", None))
        .expect("return to supplier");
    let pos = biz.stock_position(&id).expect("position");
    // 10,250 − 0,250 + 1 − 2 = 9 kg at 9,00 (the return came in at the average).
    assert_eq!(pos.quantity, dec("9"));
    assert_eq!(pos.average_cost, dec("9.00"));
    assert_eq!(pos.value, dec("81.00"));
    let stored: Vec<_> = biz.product_movements(&id).expect("movements");
    assert_eq!(stored.len(), 4);
    assert_eq!(stored.iter().filter(|(mid, _)| *mid == m1).count(), 1);
    // Without a cost, the loss was recorded at the average cost of the time.
    let loss = stored
        .iter()
        .find(|(_, m)| m.kind == MovementKind::Loss)
        .expect("loss");
    assert_eq!(loss.1.unit_cost, dec("9.00"));
    assert_eq!(loss.1.reason.as_deref(), Some("Queimou"));
    assert_eq!(biz.ids(MOVEMENTS).expect("ids").len(), 4);
    assert_eq!(biz.ids(PRODUCTS).expect("ids").len(), 1);
}

#[test]
fn movement_rejections() {
    let (mut biz, kg) = with_product(bread());
    let un = biz.create_product(&ctx(), soda()).expect("soda");
    let cases: Vec<(NewMovement, CoreError)> = vec![
        (
            movement(&kg, MovementKind::Sale, "-1", None),
            CoreError::Inventory(InventoryError::UseSaleOrPurchase),
        ),
        (
            movement(&kg, MovementKind::Purchase, "1", None),
            CoreError::Inventory(InventoryError::UseSaleOrPurchase),
        ),
        (
            movement(&kg, MovementKind::Adjustment, "0", Some("x")),
            CoreError::Inventory(InventoryError::ZeroQuantity),
        ),
        (
            movement(&kg, MovementKind::Adjustment, "2", None),
            CoreError::Inventory(InventoryError::ReasonRequired),
        ),
        (
            movement(&kg, MovementKind::Loss, "-1", Some("  ")),
            CoreError::Inventory(InventoryError::ReasonRequired),
        ),
        (
            movement(&kg, MovementKind::Adjustment, "1.0001", Some("x")),
            CoreError::Inventory(InventoryError::TooPrecise(dec("1.0001"))),
        ),
        (
            movement("nao-existe", MovementKind::Adjustment, "1", Some("x")),
            CoreError::Inventory(InventoryError::ProductNotFound),
        ),
        (
            NewMovement {
                unit_cost: Some(dec("-1")),
                ..movement(&kg, MovementKind::Adjustment, "1", Some("x"))
            },
            CoreError::Inventory(InventoryError::Negative("O custo")),
        ),
    ];
    for (input, expected) in cases {
        let err = assert_rejected_unchanged(&mut biz, |b| b.record_movement(&ctx(), input));
        assert_eq!(err, expected);
    }
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.record_movement(&ctx(), movement(&kg, MovementKind::Loss, "1", Some("x")))
    });
    assert!(matches!(
        err,
        CoreError::Inventory(InventoryError::WrongSign { .. })
    ));
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.record_movement(
            &ctx(),
            movement(&un, MovementKind::Adjustment, "1.5", Some("x")),
        )
    });
    assert!(matches!(
        err,
        CoreError::Inventory(InventoryError::FractionalQuantity { .. })
    ));
    assert_eq!(biz.stock_movements().expect("list").len(), 0);
}

#[test]
fn stock_of_unknown_product_is_an_error() {
    let biz = new_business();
    assert_eq!(
        biz.stock_position("x"),
        Err(CoreError::Inventory(InventoryError::ProductNotFound))
    );
    assert_eq!(biz.inventory_value().expect("value"), Decimal::ZERO);
}

#[test]
fn rejects_absurd_magnitudes() {
    let (mut biz, kg) = with_product(bread());
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.record_movement(
            &ctx(),
            movement(&kg, MovementKind::Adjustment, "2000000000", Some("x")),
        )
    });
    assert!(
        matches!(
            err,
            CoreError::Invalid {
                field: "Quantidade",
                ..
            }
        ),
        "{err:?}"
    );
    let mut p = soda();
    p.cost = dec("99999999999");
    let err = rejected(&mut biz, p);
    assert!(
        matches!(
            err,
            CoreError::Invalid {
                field: "O custo",
                ..
            }
        ),
        "{err:?}"
    );
}
