//! `retaguarda export --format hledger|beancount|csv BACKUP_FILE`: the books of a backup in
//! a form the accountant's tools read.

use std::path::PathBuf;

use clap::ValueEnum;
use retaguarda_core::export::{self, CsvDialect};
use serde_json::json;

use crate::commands::backup::{open, write_file};
use crate::error::CliError;
use crate::output::Output;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diário do hledger (regime de caixa).
    Hledger,
    /// Arquivo do beancount (regime de caixa, com conferência de saldos).
    Beancount,
    /// Planilha CSV dos lançamentos.
    Csv,
}

/// The CSV dialects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Dialect {
    /// `;`, vírgula decimal e datas dd/mm/aaaa (Excel em português).
    Br,
    /// `,`, ponto decimal e datas aaaa-mm-dd.
    Iso,
}

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Formato de saída.
    #[arg(long, value_enum, value_name = "FORMATO")]
    format: Format,
    /// Dialeto do CSV.
    #[arg(long, value_enum, default_value = "br", value_name = "DIALETO")]
    dialect: Dialect,
    /// O arquivo de backup (.retaguarda).
    backup: PathBuf,
    /// Grava neste arquivo em vez de imprimir.
    #[arg(short = 'o', long = "output", value_name = "ARQUIVO")]
    output: Option<PathBuf>,
}

/// Runs `export`.
pub fn run(args: Args, out: &Output) -> Result<(), CliError> {
    let biz = open(&args.backup)?;
    let core_err = CliError::Core;
    let text = match args.format {
        Format::Hledger => export::hledger(&biz).map_err(core_err)?,
        Format::Beancount => export::beancount(&biz).map_err(core_err)?,
        Format::Csv => export::entries_csv(
            &biz,
            match args.dialect {
                Dialect::Br => CsvDialect::Br,
                Dialect::Iso => CsvDialect::Iso,
            },
        )
        .map_err(core_err)?,
    };
    match &args.output {
        Some(path) => {
            write_file(path, text.as_bytes())?;
            out.emit(
                &format!("Exportado para {}", path.display()),
                json!({ "ok": true, "arquivo": path.display().to_string(), "bytes": text.len() }),
            );
        }
        None if out.json => out.emit("", json!({ "ok": true, "conteudo": text })),
        None => crate::output::print_out(&text),
    }
    Ok(())
}
