//! `retaguarda gtin CODE`: validates a product barcode.

use retaguarda_formats::Gtin;
use serde_json::json;

use crate::error::CliError;
use crate::output::Output;

/// Arguments of `gtin`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Código de barras do produto (8, 12, 13 ou 14 dígitos).
    codigo: String,
}

/// Runs `gtin`.
pub fn run(args: Args, out: &Output) -> Result<(), CliError> {
    let g = Gtin::parse(&args.codigo)?;
    let kind = format!("GTIN-{}", g.len());
    out.emit(
        &format!("{kind} válido: {}", g.as_str()),
        json!({
            "ok": true,
            "valido": true,
            "tipo": kind,
            "codigo": g.as_str(),
            "gtin14": g.to_gtin14(),
        }),
    );
    Ok(())
}
