//! The crate's integration tests, one file per behaviour, built as one test binary:
//! one binary links the crate once instead of once per file, which keeps a CI run's
//! build small and fast (docs/ARCHITECTURE.md, tests).

mod boleto_barcode;
mod boleto_issue;
mod boleto_properties;
mod boleto_vectors;
mod cnab240_banks;
mod cnab240_remessa;
mod cnab240_retorno;
mod cnab240_retorno_banks;
mod cnab240_terms;
mod cp1252;
mod doc_properties;
mod doc_vectors;
mod gtin_checks;
mod ofx_amounts;
mod ofx_errors;
mod ofx_quirks;
mod ofx_statements;
mod ofx_truncation;
mod pix_brcode;
mod pix_keys;
mod pix_properties;
mod pix_qr;
