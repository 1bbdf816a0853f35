//! The CLI's one error type: what went wrong, in pt-BR, and the exit status
//! it maps to.

use retaguarda_formats::{BoletoError, DocError, GtinError, PixError};

/// Everything a command can fail with.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Invalid Pix data.
    #[error("{0}")]
    Pix(#[from] PixError),
    /// Invalid boleto.
    #[error("{0}")]
    Boleto(#[from] BoletoError),
    /// Invalid CPF/CNPJ.
    #[error("{0}")]
    Doc(#[from] DocError),
    /// Invalid GTIN.
    #[error("{0}")]
    Gtin(#[from] GtinError),
    /// The input was checked and found invalid, and the command already printed its report
    /// (for example `doc` with `valido: false`); only the exit status is left to give.
    #[error("{0}")]
    Reported(String),
    /// An argument with a value the command cannot use.
    #[error("{0}")]
    Argument(String),
    /// A file that could not be read or written.
    #[error("não foi possível usar o arquivo {path}: {source}")]
    File {
        /// The file.
        path: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
}

impl CliError {
    /// 1 for invalid input, 3 for files.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::File { .. } => 3,
            _ => 1,
        }
    }
}
