//! Estoque: products, stock movements, average cost, inventory value and the
//! replenishment list.
//!
//! The pure arithmetic lives in [`stock`]: stock is the sum of movements and
//! the average cost is replayed from them.

mod error;
pub mod stock;

pub use error::InventoryError;
pub use stock::{
    sort_entries, stock_position, suggested_reorder, CostEntry, MovementKind, StockPosition, Unit,
};
