//! `retaguarda doc CPF_OR_CNPJ`: validates and formats a tax id.

use retaguarda_formats::TaxId;
use serde_json::json;

use crate::error::CliError;
use crate::output::Output;

/// Arguments of `doc`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// CPF ou CNPJ, com ou sem pontuação.
    documento: String,
}

/// Runs `doc`.
pub fn run(args: Args, out: &Output) -> Result<(), CliError> {
    let id = TaxId::parse(&args.documento)?;
    let alnum = if id.is_alphanumeric_cnpj() {
        " (alfanumérico)"
    } else {
        ""
    };
    out.emit(
        &format!("{} válido{alnum}: {}", id.kind(), id.formatted()),
        json!({
            "ok": true,
            "valido": true,
            "tipo": id.kind().label(),
            "alfanumerico": id.is_alphanumeric_cnpj(),
            "digitos": id.digits(),
            "formatado": id.formatted(),
        }),
    );
    Ok(())
}
