//! `retaguarda doc CPF_OR_CNPJ`: validates and formats a tax id. An invalid one is a
//! result too (`valido: false`, why, and the kind when the input shows it), printed like a
//! valid one, with exit status 1.

use retaguarda_formats::{DocError, DocKind, TaxId};
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
    let id = match TaxId::parse(&args.documento) {
        Ok(id) => id,
        Err(e) => return Err(invalid(&e, out)),
    };
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

/// The kind the input was read as, when its length or content told it.
fn detected_kind(e: &DocError) -> Option<DocKind> {
    match e {
        DocError::LetterNotAllowed { kind }
        | DocError::Repeated { kind }
        | DocError::CheckDigits { kind, .. } => Some(*kind),
        _ => None,
    }
}

/// Why it is invalid, without the kind, which the report already names.
fn reason(e: &DocError) -> String {
    match e {
        DocError::LetterNotAllowed { .. } => "tem letra em posição que só aceita números".into(),
        DocError::Repeated { .. } => "todos os dígitos são iguais".into(),
        DocError::CheckDigits { expected, .. } => {
            format!("os dígitos verificadores não conferem (esperado {expected})")
        }
        other => other.to_string(),
    }
}

/// Prints the report of an invalid document and returns the error that ends the run with
/// status 1 (already reported, so not printed again).
fn invalid(e: &DocError, out: &Output) -> CliError {
    let kind = detected_kind(e);
    let motivo = reason(e);
    let what = kind.map_or("Documento", DocKind::label);
    out.emit(
        &format!("{what} inválido: {motivo}"),
        json!({
            "ok": false,
            "valido": false,
            "tipo": kind.map(DocKind::label),
            "motivo": motivo,
            "erro": e.to_string(),
        }),
    );
    CliError::Reported(e.to_string())
}
