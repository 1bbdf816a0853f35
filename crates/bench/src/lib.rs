//! Retaguarda's benchmarks: a deterministic shop-sized dataset written through core's
//! public operations ([`dataset`]), and small helpers shared by the benchmark binaries
//! ([`rss`]). Nothing here is part of the test suite's timing: figures are printed by the
//! binaries and by `benches/core.rs`, never asserted.

pub mod dataset;
pub mod relay;
pub mod rss;
