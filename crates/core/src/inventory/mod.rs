//! Estoque: products, stock movements, average cost, inventory value, sales,
//! purchases and the replenishment list.
//!
//! - [`stock`]: the pure arithmetic; stock is the sum of movements and the
//!   average cost is replayed from them.
//! - [`records`]: the records stored in the document (`products`,
//!   `movements`, `sales`, `purchases`) and the operations' inputs.
//! - [`ops`]: the operations (each one Automerge change) and the queries.

mod error;
pub(crate) mod index;
pub mod ops;
pub mod records;
pub mod stock;

pub use error::InventoryError;
pub use ops::{tx_create_product, tx_record_movement, tx_record_purchase, tx_record_sale};
pub use records::{
    Movement, NewMovement, NewProduct, NewPurchase, NewSale, PaymentMethod, Product, Purchase,
    PurchaseItem, PurchaseLine, ReplenishmentItem, Sale, SaleItem, SaleLine, StockLevel, MOVEMENTS,
    PRODUCTS, PURCHASES, SALES,
};
pub use stock::{
    sort_entries, stock_position, suggested_reorder, CostEntry, MovementKind, StockPosition, Unit,
};
