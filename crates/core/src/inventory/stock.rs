//! Stock arithmetic: the kinds of movement, units, stock as the sum of
//! movements, the moving average cost, inventory value at cost and the
//! replenishment suggestion.
//!
//! Stock is never stored: it is the sum of a product's movements, so two
//! devices that record movements offline always agree after they merge.
//! The average cost is replayed from the movements in a fixed order (date,
//! then movement id), never by a device's clock, so every replica computes
//! the same figure.
//!
//! Rounding: the average cost keeps 4 decimal places (half away from zero)
//! after each entry; values in reais are rounded to centavos.

use autosurgeon::{Hydrate, Reconcile};
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::InventoryError;

/// Decimal places kept for the average cost.
pub const AVERAGE_COST_DP: u32 = 4;
/// Decimal places allowed in a quantity (grams in a kilogram).
pub const QUANTITY_DP: u32 = 3;

/// Why stock moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Reconcile, Hydrate)]
pub enum MovementKind {
    /// Goods bought: stock goes up.
    Purchase,
    /// Goods sold: stock goes down.
    Sale,
    /// A count correction: up or down.
    Adjustment,
    /// Loss, breakage or expiry: stock goes down.
    Loss,
    /// A return: from a customer (up) or to a supplier (down).
    Return,
}

impl MovementKind {
    /// Every kind, in display order.
    pub const ALL: [MovementKind; 5] = [
        MovementKind::Purchase,
        MovementKind::Sale,
        MovementKind::Adjustment,
        MovementKind::Loss,
        MovementKind::Return,
    ];

    /// Stable code stored in the document.
    pub fn code(self) -> &'static str {
        match self {
            MovementKind::Purchase => "purchase",
            MovementKind::Sale => "sale",
            MovementKind::Adjustment => "adjustment",
            MovementKind::Loss => "loss",
            MovementKind::Return => "return",
        }
    }

    /// The kind with this stored code.
    pub fn from_code(code: &str) -> Option<MovementKind> {
        MovementKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Name shown to the user, in pt-BR.
    pub fn label(self) -> &'static str {
        match self {
            MovementKind::Purchase => "compra",
            MovementKind::Sale => "venda",
            MovementKind::Adjustment => "ajuste",
            MovementKind::Loss => "perda",
            MovementKind::Return => "devolução",
        }
    }

    /// Checks the sign of a signed quantity (the change in stock) for this
    /// kind: purchases add, sales and losses remove, adjustments and returns
    /// may go either way, and nothing moves by zero.
    pub fn check_quantity(self, quantity: Decimal) -> Result<(), InventoryError> {
        if quantity.is_zero() {
            return Err(InventoryError::ZeroQuantity);
        }
        let wrong = |reason| InventoryError::WrongSign {
            kind: self.label(),
            reason,
        };
        match self {
            MovementKind::Purchase if quantity < Decimal::ZERO => {
                Err(wrong("uma compra só pode aumentar o estoque."))
            }
            MovementKind::Sale if quantity > Decimal::ZERO => {
                Err(wrong("uma venda só pode diminuir o estoque."))
            }
            MovementKind::Loss if quantity > Decimal::ZERO => {
                Err(wrong("uma perda só pode diminuir o estoque."))
            }
            _ => Ok(()),
        }
    }
}

/// Unit a product is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Reconcile, Hydrate)]
pub enum Unit {
    /// Unidade (whole units).
    Un,
    /// Quilograma (fractional).
    Kg,
    /// Grama (whole).
    G,
    /// Litro (fractional).
    L,
    /// Mililitro (whole).
    Ml,
    /// Metro (fractional).
    M,
    /// Caixa (whole).
    Cx,
    /// Pacote (whole).
    Pct,
}

impl Unit {
    /// Every unit, in display order.
    pub const ALL: [Unit; 8] = [
        Unit::Un,
        Unit::Kg,
        Unit::G,
        Unit::L,
        Unit::Ml,
        Unit::M,
        Unit::Cx,
        Unit::Pct,
    ];

    /// Stable code stored in the document and shown to the user.
    pub fn code(self) -> &'static str {
        match self {
            Unit::Un => "un",
            Unit::Kg => "kg",
            Unit::G => "g",
            Unit::L => "l",
            Unit::Ml => "ml",
            Unit::M => "m",
            Unit::Cx => "cx",
            Unit::Pct => "pct",
        }
    }

    /// Parses a unit code, ignoring case and surrounding spaces.
    pub fn parse(input: &str) -> Result<Unit, InventoryError> {
        let code = input.trim().to_lowercase();
        Unit::ALL
            .into_iter()
            .find(|u| u.code() == code)
            .ok_or_else(|| InventoryError::UnknownUnit(input.trim().to_string()))
    }

    /// Whether quantities in this unit may have decimals (1,250 kg).
    pub fn fractional(self) -> bool {
        matches!(self, Unit::Kg | Unit::L | Unit::M)
    }

    /// Checks that `quantity` fits this unit: whole for counted units, at
    /// most three decimals otherwise.
    pub fn check_quantity(self, product: &str, quantity: Decimal) -> Result<(), InventoryError> {
        if quantity.normalize().scale() > QUANTITY_DP {
            return Err(InventoryError::TooPrecise(quantity));
        }
        if !self.fractional() && !quantity.fract().is_zero() {
            return Err(InventoryError::FractionalQuantity {
                product: product.to_string(),
                unit: self.code(),
                quantity,
            });
        }
        Ok(())
    }
}

/// The part of a movement that stock arithmetic needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostEntry {
    /// Movement id, the tie-breaker within a day.
    pub id: String,
    /// Calendar date of the movement.
    pub date: NaiveDate,
    /// Why stock moved.
    pub kind: MovementKind,
    /// Change in stock: positive in, negative out.
    pub quantity: Decimal,
    /// Cost per unit of this movement.
    pub unit_cost: Decimal,
}

/// Where a product's stock stands after all its movements.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockPosition {
    /// Sum of the movements' quantities.
    pub quantity: Decimal,
    /// Moving average cost per unit.
    pub average_cost: Decimal,
    /// Inventory value at cost: positive stock × average cost, in centavos;
    /// negative stock is worth nothing until it is reviewed.
    pub value: Decimal,
    /// Number of movements.
    pub movements: usize,
}

impl StockPosition {
    /// Stock below zero means movements disagree with reality (two offline
    /// sales of the last unit, a purchase not recorded): a person must
    /// review it; it is never corrected silently.
    pub fn needs_review(&self) -> bool {
        self.quantity < Decimal::ZERO
    }
}

/// Rounds a unit cost to the places kept for the average.
fn cost_dp(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(AVERAGE_COST_DP, RoundingStrategy::MidpointAwayFromZero)
}

/// Rounds to centavos, half away from zero.
fn cents(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// (q1 × c1 + q2 × c2) ÷ (q1 + q2), rounded for the average, or `None` on
/// overflow.
fn weighted_average(q1: Decimal, c1: Decimal, q2: Decimal, c2: Decimal) -> Option<Decimal> {
    let total = q1.checked_mul(c1)?.checked_add(q2.checked_mul(c2)?)?;
    Some(cost_dp(total.checked_div(q1.checked_add(q2)?)?))
}

/// The order movements are replayed in: date, then id.
pub fn sort_entries(entries: &mut [CostEntry]) {
    entries.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
}

/// Replays a product's movements: stock is their sum; every entry of goods
/// (positive quantity) moves the average cost towards its unit cost weighted
/// by quantity; exits leave the average unchanged. When stock was zero or
/// negative before an entry, the average restarts at the entry's cost.
/// `initial_cost` is the average before any entry (the product's registered
/// cost).
pub fn stock_position(mut entries: Vec<CostEntry>, initial_cost: Decimal) -> StockPosition {
    sort_entries(&mut entries);
    replay(&entries, initial_cost)
}

/// [`stock_position`] of entries already in replay order (the stock index keeps them so).
pub(crate) fn replay(entries: &[CostEntry], initial_cost: Decimal) -> StockPosition {
    let mut quantity = Decimal::ZERO;
    let mut average = cost_dp(initial_cost.max(Decimal::ZERO));
    for e in entries {
        if e.quantity > Decimal::ZERO {
            let cost = e.unit_cost.max(Decimal::ZERO);
            average = if quantity <= Decimal::ZERO {
                cost_dp(cost)
            } else {
                // Checked arithmetic: absurd magnitudes keep the previous
                // average instead of panicking.
                weighted_average(quantity, average, e.quantity, cost).unwrap_or(average)
            };
        }
        quantity = quantity.saturating_add(e.quantity);
    }
    let value = cents(
        quantity
            .max(Decimal::ZERO)
            .checked_mul(average)
            .unwrap_or(Decimal::MAX),
    );
    StockPosition {
        quantity,
        average_cost: average,
        value,
        movements: entries.len(),
    }
}

/// The quantity to reorder when `stock` is at or below `reorder_point`:
/// the reorder quantity, or enough to get back to the reorder point if that
/// is more. `None` when no reorder is needed.
pub fn suggested_reorder(
    stock: Decimal,
    reorder_point: Decimal,
    reorder_quantity: Decimal,
) -> Option<Decimal> {
    if stock > reorder_point {
        return None;
    }
    Some(reorder_quantity.max(reorder_point - stock))
}
