//! Retaguarda's domain.
