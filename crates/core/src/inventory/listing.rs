//! What Estoque's products tab shows, read a window at a time (issue 31): the ids a search
//! keeps in the list's order ([`Business::product_index`]), the rows of the window on
//! screen ([`Business::product_rows`]) and the tiles' figures ([`Business::stock_summary`]).
//!
//! A shop has 5,000 products and 200,000 movements: neither a keystroke nor a change replays
//! every movement. The products' order and search keys are kept per version of the products
//! list and each product's position per change of its own movements (`index`), so the index
//! is one pass over the products and the rows cost only the window's.

use std::sync::{Arc, PoisonError};

use rust_decimal::Decimal;

use super::index::ProductOrder;
use super::records::{Product, StockLevel, PRODUCTS};
use crate::business::{Business, Id};
use crate::error::CoreResult;

/// The products a search keeps, in the list's order (name, case ignored, then id), without
/// their rows: a screen reads this once per change or keystroke and
/// [`Business::product_rows`] for the rows on screen only.
pub type ProductIndex = crate::list_index::ListIndex;

/// The figures of Estoque's tiles, over every product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StockSummary {
    /// The stock's value at average cost ([`Business::inventory_value`]).
    pub value: Decimal,
    /// Products whose stock is below zero, left out of the value.
    pub review: usize,
    /// Active products.
    pub active: usize,
    /// Products on the replenishment list ([`Business::replenishment`]).
    pub low: usize,
}

/// Where `id` is in a list sorted by id.
fn find<T>(list: &[(Id, T)], id: &str) -> Option<usize> {
    list.binary_search_by(|(other, _)| other.as_str().cmp(id))
        .ok()
        .or_else(|| list.iter().position(|(other, _)| other == id))
}

impl Business {
    /// The products in the list's order with their search keys (kept until a product
    /// changes).
    fn product_order(&self) -> CoreResult<Arc<ProductOrder>> {
        let products = self.list_shared::<Product>(PRODUCTS)?;
        let mut index = self
            .inventory
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        Ok(index.product_order(&products))
    }

    /// The ids of the products whose name or SKU (case ignored) or barcode contains
    /// `search`, in the list's order: [`Business::stock_levels`] filtered, without building
    /// a row per product or replaying any movement.
    pub fn product_index(&self, search: &str) -> CoreResult<ProductIndex> {
        let order = self.product_order()?;
        let term = search.trim().to_lowercase();
        let ids = order
            .order
            .iter()
            .filter(|at| order.matches(**at, &term))
            .map(|at| order.products[*at].0.clone())
            .collect();
        Ok(ProductIndex::new(ids))
    }

    /// The stock levels of `ids` (from [`Business::product_index`]) in that order; an id
    /// that is no product is left out.
    pub fn product_rows(&self, ids: &[Id]) -> CoreResult<Vec<StockLevel>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let products = self.list_shared::<Product>(PRODUCTS)?;
        let mut index = self.stock_index()?;
        Ok(ids
            .iter()
            .filter_map(|id| {
                let (id, product) = &products[find(&products, id)?];
                Some(StockLevel {
                    id: id.clone(),
                    position: index.stock.position(id, product.cost),
                    product: product.clone(),
                })
            })
            .collect())
    }

    /// Every product with its stock, in the list's order (name, case ignored, then id).
    pub fn stock_levels(&self) -> CoreResult<Vec<StockLevel>> {
        let order = self.product_order()?;
        let mut index = self.stock_index()?;
        Ok(order
            .order
            .iter()
            .map(|at| {
                let (id, product) = &order.products[*at];
                StockLevel {
                    id: id.clone(),
                    position: index.stock.position(id, product.cost),
                    product: product.clone(),
                }
            })
            .collect())
    }

    /// The tiles' figures in one pass over the products, without copying them.
    pub fn stock_summary(&self) -> CoreResult<StockSummary> {
        let products = self.list_shared::<Product>(PRODUCTS)?;
        let mut index = self.stock_index()?;
        let mut summary = StockSummary {
            value: Decimal::ZERO,
            review: 0,
            active: 0,
            low: 0,
        };
        for (id, product) in products.iter() {
            let position = index.stock.position(id, product.cost);
            summary.value += position.value;
            summary.review += usize::from(position.needs_review());
            summary.active += usize::from(product.active);
            // As `replenishment` keeps them: active, at or below the reorder point.
            let low = product
                .reorder_point
                .is_some_and(|point| position.quantity <= point);
            summary.low += usize::from(product.active && low);
        }
        Ok(summary)
    }
}
