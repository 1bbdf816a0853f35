//! `retaguarda backup inspect FILE`: what a `.retaguarda` backup holds, without changing it;
//! plus the helpers other commands use to open and write backup files.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use retaguarda_core::backup;
use retaguarda_core::{Business, Device, OpCtx};
use serde_json::json;

use crate::error::{core_message, CliError};
use crate::output::Output;

/// The `backup` subcommands.
#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Mostra o que um backup contém: negócio, registros por tipo, última alteração e
    /// aparelhos.
    Inspect(InspectArgs),
}

/// Arguments of `backup inspect`.
#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// O arquivo de backup (.retaguarda).
    arquivo: PathBuf,
}

/// Runs a `backup` subcommand.
pub fn run(cmd: BackupCommand, out: &Output) -> Result<(), CliError> {
    match cmd {
        BackupCommand::Inspect(a) => inspect(a, out),
    }
}

/// Reads a file, mapping the failure to a pt-BR message with the path.
pub fn read_file(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|source| CliError::File {
        path: path.display().to_string(),
        source,
    })
}

/// Writes a file through a temporary file and a rename, so an interrupted write never
/// leaves a half-written backup in place.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let file_err = |source| CliError::File {
        path: path.display().to_string(),
        source,
    };
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).map_err(file_err)?;
    std::fs::rename(&tmp, path).map_err(file_err)
}

/// The device the command line writes as.
pub fn cli_device() -> Device {
    Device::new("Linha de comando (retaguarda)")
}

/// Today and now from the computer's clock.
pub fn cli_ctx() -> OpCtx {
    let now = chrono::Local::now();
    OpCtx::new(now.date_naive(), now.timestamp_millis())
}

/// Opens a backup file as a document written by the command line.
pub fn open(path: &Path) -> Result<Business, CliError> {
    let bytes = read_file(path)?;
    backup::read(&bytes, &cli_device())
        .map_err(|e| CliError::Argument(format!("{}: {}", path.display(), core_message(&e))))
}

/// The pt-BR name of a collection of the document, for text (`Lançamentos`) and as a JSON
/// key (`lancamentos`); a collection this version does not know keeps its own name.
pub fn collection_name(key: &str) -> (String, String) {
    let (text, json) = match key {
        "accounts" => ("Contas", "contas"),
        "bank_balances" => ("Saldos de extratos", "saldos_extratos"),
        "bank_lines" => ("Linhas de extratos", "linhas_extratos"),
        "card_machines" => ("Maquininhas de cartão", "maquininhas"),
        "categories" => ("Categorias", "categorias"),
        "charges" => ("Cobranças", "cobrancas"),
        "entries" => ("Lançamentos", "lancamentos"),
        "epochs" => ("Períodos", "periodos"),
        "movements" => ("Movimentos de estoque", "movimentos_estoque"),
        "parties" => ("Clientes e fornecedores", "clientes_fornecedores"),
        "payroll_runs" => ("Folhas de pagamento", "folhas_pagamento"),
        "payroll_tables" => ("Tabelas da folha", "tabelas_folha"),
        "products" => ("Produtos", "produtos"),
        "purchases" => ("Compras", "compras"),
        "recurrences" => ("Lançamentos recorrentes", "recorrencias"),
        "sales" => ("Vendas", "vendas"),
        "staff" => ("Funcionários", "funcionarios"),
        "transfers" => ("Transferências", "transferencias"),
        "vacations" => ("Férias", "ferias"),
        other => (other, other),
    };
    (text.to_string(), json.to_string())
}

fn when(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| {
            d.with_timezone(&chrono::Local)
                .format("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_else(|| "data desconhecida".into())
}

fn inspect(args: InspectArgs, out: &Output) -> Result<(), CliError> {
    let bytes = read_file(&args.arquivo)?;
    let summary = backup::inspect(&bytes).map_err(|e| {
        CliError::Argument(format!("{}: {}", args.arquivo.display(), core_message(&e)))
    })?;
    let mut text = format!(
        "Negócio: {}\nVersão dos dados: {}\nAlterações: {}\nÚltima alteração: {}\nAparelhos: {}\nRegistros:",
        summary.business,
        summary.schema_version,
        summary.changes,
        summary
            .last_change_ms
            .map(when)
            .unwrap_or_else(|| "nenhuma".into()),
        if summary.devices.is_empty() {
            "nenhum".to_string()
        } else {
            summary.devices.join(", ")
        },
    );
    let mut counts = serde_json::Map::new();
    let mut named: Vec<(String, String, usize)> = summary
        .counts
        .iter()
        .map(|(key, n)| {
            let (text, json) = collection_name(key);
            (text, json, *n)
        })
        .collect();
    named.sort();
    for (name, key, n) in named {
        text.push_str(&format!("\n  {name}: {n}"));
        counts.insert(key, json!(n));
    }
    out.emit(
        &text,
        json!({
            "ok": true,
            "negocio": summary.business,
            "versao_dados": summary.schema_version,
            "alteracoes": summary.changes,
            "ultima_alteracao_ms": summary.last_change_ms,
            "aparelhos": summary.devices,
            "registros": counts,
        }),
    );
    Ok(())
}
