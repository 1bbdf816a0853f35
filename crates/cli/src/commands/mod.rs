//! One module per subcommand.

pub mod backup;
pub mod boleto;
pub mod cnab;
pub mod doc;
pub mod export;
pub mod gtin;
pub mod import;
pub mod pix;
pub mod saldos;
