//! The crate's integration tests, one file per behaviour, built as one test binary:
//! one binary links the crate once instead of once per file, which keeps a CI run's
//! build small and fast (docs/ARCHITECTURE.md, tests).

mod dataset;
