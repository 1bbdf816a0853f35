//! One module per subcommand.

pub mod boleto;
pub mod doc;
pub mod gtin;
pub mod pix;
