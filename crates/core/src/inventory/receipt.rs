//! What Compra and Venda show once a purchase or a sale is recorded, each read in one query
//! so the screen composes no records of its own: the purchase's total and the payable it
//! became; the sale's total, how it was paid and a card sale's deposits. Each reads the
//! records of that purchase or sale only, never a whole collection, so the confirmation
//! shows at once however large the shop.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::PaymentMethod;
use crate::business::Business;
use crate::error::CoreResult;

/// A recorded sale as its receipt shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleReceipt {
    /// The sale's total.
    pub total: Decimal,
    /// How it was paid.
    pub method: PaymentMethod,
    /// A card sale's deposits still to come: the date and the net of each installment,
    /// in installment order; empty for other sales.
    pub deposits: Vec<(NaiveDate, Decimal)>,
}

/// A recorded purchase as its confirmation shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseReceipt {
    /// The purchase's total.
    pub total: Decimal,
    /// The payable's description.
    pub description: String,
    /// When the payable is due.
    pub due: NaiveDate,
    /// What is still to pay (zero when it was paid at once).
    pub open: Decimal,
}

impl Business {
    /// The confirmation of purchase `id`, or `None` when there is no such purchase or its
    /// payable is gone.
    pub fn purchase_receipt(&self, id: &str) -> CoreResult<Option<PurchaseReceipt>> {
        let Some(purchase) = self.purchase(id)? else {
            return Ok(None);
        };
        let Some(entry) = self.entry(&purchase.entry)? else {
            return Ok(None);
        };
        Ok(Some(PurchaseReceipt {
            total: purchase.total,
            open: entry.open_amount(),
            description: entry.description,
            due: entry.due_date,
        }))
    }

    /// The receipt of sale `id`, or `None` when there is no such sale. A card sale's
    /// deposits are read from its own installments' entries (those cancelled or already
    /// received are left out, as the agenda leaves them out).
    pub fn sale_receipt(&self, id: &str) -> CoreResult<Option<SaleReceipt>> {
        let Some(sale) = self.sale(id)? else {
            return Ok(None);
        };
        let mut deposits = Vec::new();
        for part in sale.card.iter().flat_map(|card| card.parts.iter()) {
            let Some(entry) = self.entry(&part.receivable)? else {
                continue;
            };
            if entry.cancelled.is_some() || entry.open_amount() <= Decimal::ZERO {
                continue;
            }
            let fee = match &part.fee_entry {
                Some(fee) => self.entry(fee)?.map(|e| e.amount).unwrap_or_default(),
                None => Decimal::ZERO,
            };
            deposits.push((entry.due_date, entry.amount - fee));
        }
        Ok(Some(SaleReceipt {
            total: sale.total,
            method: sale.method,
            deposits,
        }))
    }
}
