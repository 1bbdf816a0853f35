//! Brazilian and banking formats.
