//! Estoque: products, stock movements, average cost, inventory value and the
//! replenishment list.
