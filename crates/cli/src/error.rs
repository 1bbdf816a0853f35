//! The CLI's one error type: what went wrong, in pt-BR, and the exit status
//! it maps to. The reasons other layers give in English (the operating
//! system's, Automerge's) are replaced by pt-BR ones here.

use std::io::ErrorKind;

use retaguarda_core::CoreError;
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
    /// The core refused an operation or could not read the document.
    #[error("{}", core_message(.0))]
    Core(#[from] CoreError),
    /// A file that could not be read or written.
    #[error("não foi possível usar o arquivo {path}: {}", io_reason(.source))]
    File {
        /// The file.
        path: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
}

/// Why a value parser refused an argument, already in pt-BR (clap shows it as is; the
/// reasons of other parsers, in English, are not shown).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ValueError(pub String);

impl CliError {
    /// 1 for invalid input, 3 for files.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::File { .. } => 3,
            _ => 1,
        }
    }
}

/// The operating system's reason in pt-BR ("arquivo não encontrado", not "No such file or
/// directory (os error 2)").
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        ErrorKind::NotFound => "arquivo não encontrado".into(),
        ErrorKind::PermissionDenied => "sem permissão de acesso".into(),
        ErrorKind::AlreadyExists => "o arquivo já existe".into(),
        ErrorKind::IsADirectory => "é uma pasta, não um arquivo".into(),
        ErrorKind::NotADirectory => "uma parte do caminho não é uma pasta".into(),
        ErrorKind::StorageFull => "não há espaço no disco".into(),
        ErrorKind::ReadOnlyFilesystem => "o disco só permite leitura".into(),
        ErrorKind::FileTooLarge => "o arquivo é grande demais".into(),
        ErrorKind::InvalidFilename => "nome de arquivo inválido".into(),
        ErrorKind::Interrupted => "a operação foi interrompida".into(),
        ErrorKind::InvalidData => "o conteúdo não pôde ser lido".into(),
        ErrorKind::BrokenPipe => "a saída foi fechada".into(),
        ErrorKind::OutOfMemory => "falta memória".into(),
        _ => match e.raw_os_error() {
            Some(code) => format!("erro do sistema (código {code})"),
            None => "erro do sistema".into(),
        },
    }
}

/// The core's message, except where it would carry another library's English: a document
/// Automerge cannot load ("unable to parse chunk: not enough data") or a record it cannot
/// read is described in pt-BR without the library's words.
pub fn core_message(e: &CoreError) -> String {
    match e {
        // The core's own reasons about the backup's header are pt-BR and kept.
        CoreError::Corrupt(detail)
            if detail.starts_with("o arquivo") || detail.starts_with("backup no formato") =>
        {
            e.to_string()
        }
        CoreError::Corrupt(_) => {
            "o arquivo está danificado ou incompleto: não foi possível ler os dados do \
             Retaguarda dentro dele"
                .into()
        }
        CoreError::Document(_) => {
            "um registro do backup não pôde ser lido; os dados podem estar danificados".into()
        }
        other => other.to_string(),
    }
}
