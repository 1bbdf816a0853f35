//! The inventory records as stored in the document, and the inputs of the
//! inventory operations.
//!
//! Collections: `products/<id>`, `movements/<id>` (the stock log: one record
//! per movement, never edited, so concurrent movements on several devices all
//! survive a merge), `sales/<id>` and `purchases/<id>` (each names the
//! movements and the ledger entry it wrote).

use autosurgeon::{Hydrate, Reconcile};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::card::CardKind;
use super::stock::{MovementKind, StockPosition, Unit};
use crate::business::Id;

/// Collection of products.
pub const PRODUCTS: &str = "products";
/// Collection of stock movements.
pub const MOVEMENTS: &str = "movements";
/// Collection of sales.
pub const SALES: &str = "sales";
/// Collection of purchases.
pub const PURCHASES: &str = "purchases";

/// A product the business keeps in stock.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Product {
    /// The business's own code (SKU), unique.
    pub sku: String,
    /// Barcode (GTIN-8/12/13/14), validated, unique.
    pub gtin: Option<String>,
    /// Name, e.g. "Pão francês".
    pub name: String,
    /// Unit it is counted in; kg, l and m allow fractions.
    pub unit: Unit,
    /// Registered cost per unit: the average cost before any entry of goods.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub cost: Decimal,
    /// Sale price per unit.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub price: Decimal,
    /// At or below this stock the product goes on the replenishment list.
    #[autosurgeon(with = "crate::codec::opt_decimal")]
    pub reorder_point: Option<Decimal>,
    /// How much to buy when replenishing.
    #[autosurgeon(with = "crate::codec::opt_decimal")]
    pub reorder_quantity: Option<Decimal>,
    /// Preferred supplier (a party).
    pub supplier: Option<Id>,
    /// Inactive products are kept with their history but not sold or bought.
    pub active: bool,
}

/// One stock movement. Stock is the sum of the movements' quantities.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Movement {
    /// The product.
    pub product: Id,
    /// Calendar date of the movement.
    #[autosurgeon(with = "crate::codec::date")]
    pub date: NaiveDate,
    /// Why stock moved.
    pub kind: MovementKind,
    /// Change in stock: positive in, negative out.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub quantity: Decimal,
    /// Cost per unit: what was paid for entries, the average cost at the
    /// time for exits.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub unit_cost: Decimal,
    /// Why, typed by a person (required for adjustments and losses).
    pub reason: Option<String>,
    /// What wrote it: `sale:<id>` or `purchase:<id>`; `None` when typed.
    pub source: Option<String>,
}

/// How a sale was paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Reconcile, Hydrate, Serialize, Deserialize)]
pub enum PaymentMethod {
    /// Cash.
    Dinheiro,
    /// Pix.
    Pix,
    /// Debit or credit card.
    Cartao,
    /// On credit to a known customer: a receivable, not a receipt.
    Fiado,
}

impl PaymentMethod {
    /// Name shown to the user, in pt-BR.
    pub fn label(self) -> &'static str {
        match self {
            PaymentMethod::Dinheiro => "dinheiro",
            PaymentMethod::Pix => "Pix",
            PaymentMethod::Cartao => "cartão",
            PaymentMethod::Fiado => "fiado",
        }
    }
}

/// One line of a sale.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct SaleLine {
    /// The product.
    pub product: Id,
    /// The product's name when sold.
    pub name: String,
    /// Quantity sold, positive.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub quantity: Decimal,
    /// Price per unit.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub unit_price: Decimal,
    /// Quantity × price, in centavos.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub total: Decimal,
    /// The stock movement this line wrote.
    pub movement: Id,
}

/// A sale: its lines, discount and how it was paid.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Sale {
    /// Date of the sale.
    #[autosurgeon(with = "crate::codec::date")]
    pub date: NaiveDate,
    /// The lines.
    pub lines: Vec<SaleLine>,
    /// Sum of the lines.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub subtotal: Decimal,
    /// Discount on the whole sale.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub discount: Decimal,
    /// Subtotal minus discount.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub total: Decimal,
    /// How it was paid.
    pub method: PaymentMethod,
    /// The customer (required for fiado).
    pub customer: Option<Id>,
    /// The ledger receivable: received at once, or open for fiado; for a card sale, the
    /// first installment's (the others are in `card`).
    pub entry: Id,
    /// How a card sale with a machine is paid out; `None` for other sales and for card
    /// sales recorded without a machine (received at once).
    #[autosurgeon(missing = "Default::default")]
    #[serde(default)]
    pub card: Option<CardSale>,
}

impl Sale {
    /// Every ledger entry the sale wrote: its receivables and a card sale's fees.
    pub fn entries(&self) -> Vec<Id> {
        let mut out = vec![self.entry.clone()];
        if let Some(card) = &self.card {
            for part in &card.parts {
                if part.receivable != self.entry {
                    out.push(part.receivable.clone());
                }
                out.extend(part.fee_entry.clone());
            }
        }
        out
    }
}

/// The card side of a sale made on a machine.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct CardSale {
    /// The machine.
    pub machine: Id,
    /// The machine's name when sold.
    pub machine_name: String,
    /// Débito or crédito.
    pub kind: CardKind,
    /// 1 for à vista, up to 12.
    pub installments: u32,
    /// The fee in percent when sold.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub rate: Decimal,
    /// The whole fee.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub fee: Decimal,
    /// One part per installment.
    pub parts: Vec<CardPart>,
}

/// The entries of one installment of a card sale.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct CardPart {
    /// 1-based number.
    pub number: u32,
    /// The gross receivable, due on the deposit date.
    pub receivable: Id,
    /// The fee's payable, due on the same date; `None` when the fee is zero.
    pub fee_entry: Option<Id>,
}

/// One line of a purchase.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct PurchaseLine {
    /// The product.
    pub product: Id,
    /// The product's name when bought.
    pub name: String,
    /// Quantity bought, positive.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub quantity: Decimal,
    /// Cost per unit.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub unit_cost: Decimal,
    /// Quantity × cost, in centavos.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub total: Decimal,
    /// The stock movement this line wrote.
    pub movement: Id,
}

/// A purchase of goods from a supplier.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Purchase {
    /// Date the goods arrived.
    #[autosurgeon(with = "crate::codec::date")]
    pub date: NaiveDate,
    /// The supplier.
    pub supplier: Id,
    /// The lines.
    pub lines: Vec<PurchaseLine>,
    /// Sum of the lines.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub total: Decimal,
    /// Invoice (nota fiscal) number.
    pub document_ref: Option<String>,
    /// The ledger payable.
    pub entry: Id,
}

// ---------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------

/// What a person types to register or edit a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProduct {
    /// SKU, required and unique.
    pub sku: String,
    /// Barcode, optional; validated and unique.
    pub gtin: Option<String>,
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: Unit,
    /// Cost per unit (up to 4 decimal places).
    pub cost: Decimal,
    /// Price per unit (centavos).
    pub price: Decimal,
    /// Reorder point, if the product should be replenished.
    pub reorder_point: Option<Decimal>,
    /// Reorder quantity.
    pub reorder_quantity: Option<Decimal>,
    /// Preferred supplier.
    pub supplier: Option<Id>,
}

/// A stock movement typed by a person: adjustment, loss or return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMovement {
    /// The product.
    pub product: Id,
    /// Date.
    pub date: NaiveDate,
    /// Adjustment, loss or return (sales and purchases have their own operations).
    pub kind: MovementKind,
    /// Change in stock: positive in, negative out.
    pub quantity: Decimal,
    /// Cost per unit; the current average cost when `None`.
    pub unit_cost: Option<Decimal>,
    /// Why; required for adjustments and losses.
    pub reason: Option<String>,
}

/// One item of a sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleItem {
    /// The product.
    pub product: Id,
    /// Quantity sold, positive.
    pub quantity: Decimal,
    /// Price per unit; the product's price when `None`.
    pub unit_price: Option<Decimal>,
}

/// A sale as the cashier enters it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSale {
    /// Date of the sale.
    pub date: NaiveDate,
    /// The items.
    pub items: Vec<SaleItem>,
    /// Discount on the whole sale (zero for none).
    pub discount: Decimal,
    /// How it is paid.
    pub method: PaymentMethod,
    /// The account that receives the money (required unless fiado).
    pub account: Option<Id>,
    /// The customer (required for fiado).
    pub customer: Option<Id>,
    /// When the fiado is due; 30 days after the sale when `None`.
    pub due_date: Option<NaiveDate>,
    /// The cashier confirmed selling more than the stock shows (goods never entered, a
    /// count behind); without it such a sale is refused.
    pub beyond_stock: bool,
}

/// One item of a purchase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseItem {
    /// The product.
    pub product: Id,
    /// Quantity bought, positive.
    pub quantity: Decimal,
    /// Cost per unit (up to 4 decimal places).
    pub unit_cost: Decimal,
}

/// A purchase as entered from the supplier's invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPurchase {
    /// Date the goods arrived.
    pub date: NaiveDate,
    /// The supplier (a party marked as supplier).
    pub supplier: Id,
    /// The items.
    pub items: Vec<PurchaseItem>,
    /// Invoice (nota fiscal) number.
    pub document_ref: Option<String>,
    /// When the payable is due; the purchase date when `None`.
    pub due_date: Option<NaiveDate>,
    /// Pay at once from this account; leave `None` to pay later.
    pub paid_from: Option<Id>,
}

// ---------------------------------------------------------------------------------------
// Query results
// ---------------------------------------------------------------------------------------

/// A product with its stock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockLevel {
    /// Product id.
    pub id: Id,
    /// The product.
    pub product: Product,
    /// Stock, average cost and value.
    pub position: StockPosition,
}

/// A line of the replenishment list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplenishmentItem {
    /// Product id.
    pub product_id: Id,
    /// Product name.
    pub name: String,
    /// SKU.
    pub sku: String,
    /// Unit.
    pub unit: Unit,
    /// Current stock.
    pub stock: Decimal,
    /// The reorder point it reached.
    pub reorder_point: Decimal,
    /// How much to buy.
    pub suggested_quantity: Decimal,
    /// Preferred supplier, if any.
    pub supplier: Option<Id>,
    /// The supplier's name, if known.
    pub supplier_name: Option<String>,
    /// Suggested quantity × average cost, in centavos.
    pub estimated_cost: Decimal,
}

/// What a cart comes to before it is recorded, for the sale screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleQuote {
    /// Each item's total (quantity × price in centavos), in the items' order.
    pub lines: Vec<Decimal>,
    /// Sum of the lines.
    pub subtotal: Decimal,
    /// The discount.
    pub discount: Decimal,
    /// Subtotal minus discount.
    pub total: Decimal,
}

/// What a purchase comes to before it is recorded, for the purchase screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseQuote {
    /// Each item's total (quantity × cost in centavos), in the items' order.
    pub lines: Vec<Decimal>,
    /// Sum of the lines.
    pub total: Decimal,
}
