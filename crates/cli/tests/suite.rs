//! The crate's integration tests, one file per behaviour, built as one test binary:
//! one binary links the crate once instead of once per file, which keeps a CI run's
//! build small and fast (docs/ARCHITECTURE.md, tests).

mod common;
mod recon_books;

mod backup_inspect;
mod cli_boleto;
mod cli_boleto_gerar;
mod cli_cnab;
mod cli_doc_gtin;
mod cli_errors;
mod cli_pipe;
mod cli_pix;
mod export_cli;
mod import_ofx;
mod import_ofx_statements;
mod saldos;
