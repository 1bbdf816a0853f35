//! Balances per account at any date and cash flow, realised and projected.
