//! Retaguarda's domain.

pub mod inventory;
pub mod staff;
