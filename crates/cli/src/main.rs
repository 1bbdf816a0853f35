//! `retaguarda`: the command-line tool for shop owners' scripts and for
//! accountants. Each subcommand lives in its own module under `commands/`;
//! to add one, write `commands/<name>.rs` with an `Args` struct (clap) and a
//! `run(args, &Output) -> Result<(), CliError>` function, then add one
//! variant to [`Command`] and one arm to `dispatch`.
//!
//! Output is readable pt-BR text, or JSON with `--json`. Exit status: 0 on
//! success, 1 when the input is invalid, 2 for a wrong command line, 3 when a
//! file cannot be read or written. Every message is pt-BR, clap's included
//! (see `args`), and a closed pipe ends the run quietly (see `output`).

mod args;
mod commands;
mod error;
mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::CliError;
use crate::output::Output;

/// Retaguarda: ferramentas de linha de comando para Pix, boleto, CPF/CNPJ,
/// códigos de barras, backups, extratos bancários e exportação para o contador.
#[derive(Debug, Parser)]
#[command(name = "retaguarda", version, long_about = None)]
struct Cli {
    /// Imprime o resultado em JSON.
    #[arg(long, global = true)]
    json: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Gera ou lê códigos Pix (copia e cola).
    #[command(subcommand)]
    Pix(commands::pix::PixCommand),
    /// Lê a linha digitável ou o código de barras de um boleto, ou gera um (boleto gerar).
    Boleto(commands::boleto::Args),
    /// Remessa e retorno CNAB 240 das cobranças por boleto.
    #[command(subcommand)]
    Cnab(commands::cnab::CnabCommand),
    /// Valida um CPF ou CNPJ (também o CNPJ alfanumérico).
    Doc(commands::doc::Args),
    /// Valida um código de barras de produto (GTIN/EAN).
    Gtin(commands::gtin::Args),
    /// Mostra o que um arquivo de backup (.retaguarda) contém.
    #[command(subcommand)]
    Backup(commands::backup::BackupCommand),
    /// Exporta os livros de um backup para hledger, beancount ou CSV.
    Export(commands::export::Args),
    /// Importa um extrato bancário (OFX) num backup e concilia.
    #[command(subcommand)]
    Import(commands::import::ImportCommand),
    /// Mostra o saldo de cada conta de um backup num dia.
    Saldos(commands::saldos::Args),
}

fn dispatch(command: Command, out: &Output) -> Result<(), CliError> {
    match command {
        Command::Pix(c) => commands::pix::run(c, out),
        Command::Boleto(a) => commands::boleto::run(a, out),
        Command::Cnab(c) => commands::cnab::run(c, out),
        Command::Doc(a) => commands::doc::run(a, out),
        Command::Gtin(a) => commands::gtin::run(a, out),
        Command::Backup(c) => commands::backup::run(c, out),
        Command::Export(a) => commands::export::run(a, out),
        Command::Import(c) => commands::import::run(c, out),
        Command::Saldos(a) => commands::saldos::run(a, out),
    }
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Known before parsing, so clap's own errors are JSON too.
    let out = Output {
        json: args.iter().skip(1).any(|a| a == "--json"),
    };
    let cli: Cli = match args::parse(args, &out) {
        Ok(cli) => cli,
        Err(code) => return ExitCode::from(code),
    };
    let out = Output {
        json: out.json || cli.json,
    };
    match dispatch(cli.command, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            out.error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}
