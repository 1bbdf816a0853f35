//! Brazilian and banking formats: CPF/CNPJ, GTIN, Pix BR Code, boleto and
//! OFX. Pure functions with no I/O, so the app (wasm), the core and the CLI
//! share them. Every error message is in pt-BR.

pub mod doc;
pub mod gtin;

pub use doc::{DocError, DocKind, TaxId};
pub use gtin::{Gtin, GtinError};
pub mod pix;

pub use pix::{qr_svg, BrCode, PixError, PixKey, StaticPix};
pub mod boleto;

pub use boleto::{Boleto, BoletoError, BoletoKind};
pub mod cnab240;
pub mod cp1252;
pub mod ofx;

pub use ofx::{OfxError, Statement};
