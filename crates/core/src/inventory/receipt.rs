//! What Compra shows once a purchase is recorded: its total and the payable it became, read
//! in one query so the screen composes no records of its own.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::business::Business;
use crate::error::CoreResult;

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
}
