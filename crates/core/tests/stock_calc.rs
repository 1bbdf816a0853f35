//! Stock arithmetic without a document: stock as the sum of movements, the
//! moving average cost, inventory value, units and the sign of each kind of
//! movement.

use chrono::NaiveDate;
use retaguarda_core::inventory::{
    stock_position, suggested_reorder, CostEntry, InventoryError, MovementKind, Unit,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn d(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, day).expect("valid date")
}

fn e(id: &str, day: u32, kind: MovementKind, quantity: Decimal, unit_cost: Decimal) -> CostEntry {
    CostEntry {
        id: id.to_string(),
        date: d(day),
        kind,
        quantity,
        unit_cost,
    }
}

use MovementKind::{Adjustment, Loss, Purchase, Return, Sale};

#[test]
fn moving_average_and_value() {
    // Buy 10 at 5,00; sell 4; buy 4 at 7,50: (6 × 5,00 + 4 × 7,50) ÷ 10 = 6,00;
    // lose 1: 9 units worth 54,00.
    let moves = vec![
        e("a", 1, Purchase, dec!(10), dec!(5.00)),
        e("b", 2, Sale, dec!(-4), dec!(5.00)),
        e("c", 3, Purchase, dec!(4), dec!(7.50)),
        e("d", 4, Loss, dec!(-1), dec!(6.00)),
    ];
    let p = stock_position(moves.clone(), Decimal::ZERO);
    assert_eq!(p.quantity, dec!(9));
    assert_eq!(p.average_cost, dec!(6.00));
    assert_eq!(p.value, dec!(54.00));
    assert_eq!(p.movements, 4);
    assert!(!p.needs_review());
    // The input order does not matter: movements replay by date, then id.
    let mut reversed = moves;
    reversed.reverse();
    assert_eq!(stock_position(reversed, Decimal::ZERO), p);
}

#[test]
fn fractional_units() {
    // 2,5 kg at 12,40 = 31,00; sell 0,750 kg: 1,750 kg worth 21,70.
    let p = stock_position(
        vec![
            e("a", 1, Purchase, dec!(2.5), dec!(12.40)),
            e("b", 2, Sale, dec!(-0.750), dec!(12.40)),
        ],
        Decimal::ZERO,
    );
    assert_eq!(p.quantity, dec!(1.750));
    assert_eq!(p.value, dec!(21.70));
}

#[test]
fn average_keeps_four_places() {
    // (3 × 1,00 + 4 × 2,00) ÷ 7 = 1,571428… → 1,5714; 7 × 1,5714 = 10,9998
    // → 11,00.
    let p = stock_position(
        vec![
            e("a", 1, Purchase, dec!(3), dec!(1.00)),
            e("b", 1, Purchase, dec!(4), dec!(2.00)),
        ],
        Decimal::ZERO,
    );
    assert_eq!(p.average_cost, dec!(1.5714));
    assert_eq!(p.value, dec!(11.00));
}

#[test]
fn negative_stock_is_flagged_and_restarts_average() {
    // Two sales of 1 with 1 in stock: -1, flagged, worth nothing.
    let p = stock_position(
        vec![
            e("a", 1, Purchase, dec!(1), dec!(4.00)),
            e("b", 2, Sale, dec!(-1), dec!(4.00)),
            e("c", 2, Sale, dec!(-1), dec!(4.00)),
        ],
        Decimal::ZERO,
    );
    assert_eq!(p.quantity, dec!(-1));
    assert!(p.needs_review());
    assert_eq!(p.value, Decimal::ZERO);
    // A purchase of 5 at 3,00 while at -2: the average restarts at 3,00.
    let p = stock_position(
        vec![
            e("a", 1, Sale, dec!(-2), dec!(0)),
            e("b", 2, Purchase, dec!(5), dec!(3.00)),
        ],
        dec!(9.99),
    );
    assert_eq!(p.quantity, dec!(3));
    assert_eq!(p.average_cost, dec!(3.00));
    assert_eq!(p.value, dec!(9.00));
}

#[test]
fn initial_cost_is_the_average_before_any_entry() {
    let p = stock_position(Vec::new(), dec!(2.5));
    assert_eq!(p.quantity, Decimal::ZERO);
    assert_eq!(p.average_cost, dec!(2.5));
    assert_eq!(p.value, Decimal::ZERO);
}

#[test]
fn same_day_ties_break_by_id() {
    // Sale "a" before purchase "b" on the same day: stock was 0, so the
    // average restarts at the purchase cost, whatever order they arrive in.
    let moves = vec![
        e("b", 1, Purchase, dec!(10), dec!(2.00)),
        e("a", 1, Sale, dec!(-1), dec!(0)),
        e("0", 1, Purchase, dec!(1), dec!(8.00)),
    ];
    // Order 0, a, b: buy 1 at 8 → 8; sell 1 → 0; buy 10 at 2 → restart at 2.
    let p = stock_position(moves, Decimal::ZERO);
    assert_eq!(p.average_cost, dec!(2.00));
    assert_eq!(p.quantity, dec!(10));
}

#[test]
fn kinds_check_their_sign() {
    assert_eq!(
        Purchase.check_quantity(dec!(0)),
        Err(InventoryError::ZeroQuantity)
    );
    assert!(Purchase.check_quantity(dec!(1)).is_ok());
    assert!(matches!(
        Purchase.check_quantity(dec!(-1)),
        Err(InventoryError::WrongSign { .. })
    ));
    assert!(Sale.check_quantity(dec!(-1)).is_ok());
    assert!(matches!(
        Sale.check_quantity(dec!(1)),
        Err(InventoryError::WrongSign { .. })
    ));
    assert!(matches!(
        Loss.check_quantity(dec!(1)),
        Err(InventoryError::WrongSign { .. })
    ));
    assert!(Adjustment.check_quantity(dec!(1)).is_ok());
    assert!(Adjustment.check_quantity(dec!(-1)).is_ok());
    assert!(Return.check_quantity(dec!(1)).is_ok());
    assert!(Return.check_quantity(dec!(-1)).is_ok());
    for k in MovementKind::ALL {
        assert_eq!(MovementKind::from_code(k.code()), Some(k));
    }
    assert_eq!(MovementKind::from_code("gift"), None);
}

#[test]
fn units_parse_and_check_quantities() {
    assert_eq!(Unit::parse(" KG "), Ok(Unit::Kg));
    assert_eq!(Unit::parse("un"), Ok(Unit::Un));
    assert_eq!(
        Unit::parse("caixa"),
        Err(InventoryError::UnknownUnit("caixa".into()))
    );
    assert!(Unit::Kg.check_quantity("Farinha", dec!(1.250)).is_ok());
    assert_eq!(
        Unit::Kg.check_quantity("Farinha", dec!(1.2345)),
        Err(InventoryError::TooPrecise(dec!(1.2345)))
    );
    assert!(matches!(
        Unit::Un.check_quantity("Pão", dec!(1.5)),
        Err(InventoryError::FractionalQuantity { .. })
    ));
    assert!(Unit::Un.check_quantity("Pão", dec!(2.000)).is_ok());
    let msg = Unit::Un
        .check_quantity("Pão", dec!(1.5))
        .expect_err("whole")
        .to_string();
    assert!(msg.contains("inteira"), "{msg}");
}

#[test]
fn reorder_suggestion() {
    // At or below the reorder point: the reorder quantity, or enough to get
    // back to the point if that is more.
    assert_eq!(
        suggested_reorder(dec!(3), dec!(5), dec!(12)),
        Some(dec!(12))
    );
    assert_eq!(
        suggested_reorder(dec!(5), dec!(5), dec!(12)),
        Some(dec!(12))
    );
    assert_eq!(suggested_reorder(dec!(-4), dec!(5), dec!(6)), Some(dec!(9)));
    assert_eq!(suggested_reorder(dec!(6), dec!(5), dec!(12)), None);
    assert_eq!(
        suggested_reorder(dec!(0.2), dec!(1.5), dec!(1)),
        Some(dec!(1.3))
    );
}
