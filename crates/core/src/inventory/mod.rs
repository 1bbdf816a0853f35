//! Estoque: products, stock movements, average cost, inventory value, sales,
//! purchases and the replenishment list.
//!
//! - [`stock`]: the pure arithmetic; stock is the sum of movements and the
//!   average cost is replayed from them.
//! - [`records`]: the records stored in the document (`products`,
//!   `movements`, `sales`, `purchases`) and the operations' inputs.
//! - [`ops`]: the operations (each one Automerge change) and the queries.
//! - [`receipt`]: the confirmation a purchase shows once recorded.
//! - [`listing`]: Estoque's products list read a window at a time, and its tiles.
//! - [`card`]: card machines, the card sale's receivables and fees, and the agenda of
//!   what each acquirer deposits and when.

pub mod card;
mod error;
pub(crate) mod index;
pub mod listing;
pub mod ops;
pub mod receipt;
pub mod records;
pub mod stock;

pub use card::{
    card_schedule, CardChoice, CardDeposit, CardInstallment, CardKind, CardMachine, CardReceivable,
    NewCardMachine, CARD_MACHINES,
};
pub use error::InventoryError;
pub use listing::{ProductIndex, StockSummary};
pub use ops::{
    tx_create_product, tx_record_card_sale, tx_record_movement, tx_record_purchase, tx_record_sale,
};
pub use receipt::{PurchaseReceipt, SaleReceipt};
pub use records::{
    CardPart, CardSale, Movement, NewMovement, NewProduct, NewPurchase, NewSale, PaymentMethod,
    Product, Purchase, PurchaseItem, PurchaseLine, PurchaseQuote, ReplenishmentItem, Sale,
    SaleItem, SaleLine, SaleQuote, StockLevel, MOVEMENTS, PRODUCTS, PURCHASES, SALES,
};
pub use stock::{
    sort_entries, stock_position, suggested_reorder, CostEntry, MovementKind, StockPosition, Unit,
};
