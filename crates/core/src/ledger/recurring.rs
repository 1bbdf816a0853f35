//! Recurring entries (rent, subscriptions): templates that materialise one entry per period.
