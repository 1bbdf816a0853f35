//! Figures of Relatórios that span areas: the best-selling products of a period, the
//! products holding the most stock value, and the payroll's cost month by month. The
//! ledger's own reports (balances, cash flow, DRE, aging) live in `ledger::reports` and
//! `ledger::results`.

use crate::business::{Business, Id};
use crate::error::CoreResult;
use crate::staff::RunStatus;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What one product sold in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductSales {
    pub product: Id,
    /// The name on the sale lines (the first one met).
    pub name: String,
    pub quantity: Decimal,
    /// The lines' totals, before a sale's own discount.
    pub total: Decimal,
}

/// A product's stock at average cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductStockValue {
    pub product: Id,
    pub name: String,
    pub quantity: Decimal,
    pub value: Decimal,
}

/// The stock's value and the products holding most of it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StockValue {
    /// Every product's stock at average cost.
    pub total: Decimal,
    /// The products with stock of some value, most valuable first.
    pub top: Vec<ProductStockValue>,
}

/// What one month's payroll costs and withholds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayrollCost {
    /// The first day of the month.
    pub month: NaiveDate,
    pub gross: Decimal,
    pub fgts: Decimal,
    /// Gross pay plus FGTS (no employer INSS, as under the Simples Nacional).
    pub cost: Decimal,
    pub inss: Decimal,
    pub irrf: Decimal,
    pub net: Decimal,
    /// The run is still a draft.
    pub draft: bool,
}

impl Business {
    /// The `limit` products that sold most (by value) from `from` to `to`, inclusive; ties
    /// by name.
    pub fn top_products(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        limit: usize,
    ) -> CoreResult<Vec<ProductSales>> {
        let mut by: HashMap<Id, ProductSales> = HashMap::new();
        for (_, sale) in self.sales()? {
            if sale.date < from || sale.date > to {
                continue;
            }
            for line in sale.lines {
                let row = by
                    .entry(line.product.clone())
                    .or_insert_with(|| ProductSales {
                        product: line.product,
                        name: line.name,
                        quantity: Decimal::ZERO,
                        total: Decimal::ZERO,
                    });
                row.quantity += line.quantity;
                row.total += line.total;
            }
        }
        let mut list: Vec<ProductSales> = by.into_values().collect();
        list.sort_by(|a, b| b.total.cmp(&a.total).then(a.name.cmp(&b.name)));
        list.truncate(limit);
        Ok(list)
    }

    /// The stock's value and the `limit` products holding most of it.
    pub fn stock_value(&self, limit: usize) -> CoreResult<StockValue> {
        let levels = self.stock_levels()?;
        let total = levels.iter().map(|l| l.position.value).sum();
        let mut top: Vec<ProductStockValue> = levels
            .into_iter()
            .filter(|l| l.position.value > Decimal::ZERO)
            .map(|l| ProductStockValue {
                product: l.id,
                name: l.product.name,
                quantity: l.position.quantity,
                value: l.position.value,
            })
            .collect();
        top.sort_by(|a, b| b.value.cmp(&a.value).then(a.name.cmp(&b.name)));
        top.truncate(limit);
        Ok(StockValue { total, top })
    }

    /// The payroll's cost of the last `months` months with a run, oldest first.
    pub fn payroll_costs(&self, months: usize) -> CoreResult<Vec<PayrollCost>> {
        let mut list: Vec<PayrollCost> = self
            .payroll_runs()?
            .into_iter()
            .filter_map(|(_, run)| {
                let month = NaiveDate::from_ymd_opt(run.year, run.month, 1)?;
                let gross = run.total_gross();
                let fgts = run.total_fgts();
                Some(PayrollCost {
                    month,
                    gross,
                    fgts,
                    cost: gross + fgts,
                    inss: run.total_inss(),
                    irrf: run.total_irrf(),
                    net: run.total_net(),
                    draft: run.status == RunStatus::Draft,
                })
            })
            .collect();
        list.sort_by_key(|c| std::cmp::Reverse(c.month));
        list.truncate(months);
        list.reverse();
        Ok(list)
    }
}
