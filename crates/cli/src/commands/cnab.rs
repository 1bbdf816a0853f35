//! `retaguarda cnab remessa BACKUP --account CONTA -o arquivo.rem`: writes the CNAB 240
//! remessa of the boleto charges not yet sent (and the backup that records them);
//! `retaguarda cnab retorno BACKUP arquivo.ret [-o NOVO_BACKUP]`: imports the bank's retorno
//! into a new backup (the original stays untouched unless `--in-place`).

use std::path::{Path, PathBuf};

use clap::Subcommand;
use retaguarda_core::backup;
use retaguarda_core::formats::cnab240;
use retaguarda_core::{Business, CoreError, Id};
use serde_json::json;

use crate::commands::backup::{cli_ctx, open, read_file, write_file};
use crate::error::CliError;
use crate::output::{brl, Output};

/// The `cnab` subcommands.
#[derive(Debug, Subcommand)]
pub enum CnabCommand {
    /// Gera a remessa CNAB 240 das cobranças por boleto ainda não enviadas ao banco.
    Remessa(RemessaArgs),
    /// Importa o arquivo de retorno CNAB 240 do banco: registros, rejeições, pagamentos e baixas.
    Retorno(RetornoArgs),
}

/// Arguments of `cnab remessa`.
#[derive(Debug, clap::Args)]
pub struct RemessaArgs {
    /// O arquivo de backup (.retaguarda).
    backup: PathBuf,
    /// A conta bancária da carteira: o código ou o nome.
    #[arg(long)]
    account: String,
    /// O arquivo de remessa a gravar.
    #[arg(short = 'o', long = "output", value_name = "ARQUIVO.rem")]
    output: PathBuf,
    /// Grava no próprio backup que as cobranças foram enviadas (padrão: um novo
    /// BACKUP-remessa.retaguarda).
    #[arg(long, conflicts_with = "backup_output")]
    in_place: bool,
    /// O novo arquivo de backup, que registra as cobranças enviadas.
    #[arg(long = "backup-output", value_name = "NOVO_BACKUP")]
    backup_output: Option<PathBuf>,
}

/// Arguments of `cnab retorno`.
#[derive(Debug, clap::Args)]
pub struct RetornoArgs {
    /// O arquivo de backup (.retaguarda).
    backup: PathBuf,
    /// O arquivo de retorno do banco.
    retorno: PathBuf,
    /// O novo arquivo de backup (padrão: BACKUP-retorno.retaguarda).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "NOVO_BACKUP",
        conflicts_with = "in_place"
    )]
    output: Option<PathBuf>,
    /// Altera o próprio arquivo de backup.
    #[arg(long)]
    in_place: bool,
}

/// Runs a `cnab` subcommand.
pub fn run(cmd: CnabCommand, out: &Output) -> Result<(), CliError> {
    match cmd {
        CnabCommand::Remessa(a) => remessa(a, out),
        CnabCommand::Retorno(a) => retorno(a, out),
    }
}

fn core(e: CoreError) -> CliError {
    CliError::Argument(e.to_string())
}

fn sibling(backup_path: &Path, suffix: &str) -> PathBuf {
    let stem = backup_path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "backup".into());
    backup_path.with_file_name(format!("{stem}-{suffix}.{}", backup::EXTENSION))
}

/// The carteira of the account named by id or (case-insensitive) name.
fn carteira_of_account(biz: &Business, wanted: &str) -> Result<Id, CliError> {
    let accounts = biz.accounts().map_err(core)?;
    let account = accounts
        .iter()
        .find(|(id, a)| {
            id == wanted || a.name.trim().to_lowercase() == wanted.trim().to_lowercase()
        })
        .map(|(id, _)| id.clone())
        .ok_or_else(|| CliError::Argument(format!("conta '{wanted}' não encontrada")))?;
    let carteiras = biz.carteiras().map_err(core)?;
    carteiras
        .into_iter()
        .find(|(_, c)| c.account == account)
        .map(|(id, _)| id)
        .ok_or_else(|| {
            CliError::Argument(format!(
                "a conta '{wanted}' não tem carteira de cobrança: configure-a em Cobranças"
            ))
        })
}

fn remessa(args: RemessaArgs, out: &Output) -> Result<(), CliError> {
    let mut biz = open(&args.backup)?;
    let carteira = carteira_of_account(&biz, &args.account)?;
    let now = chrono::Local::now().naive_local();
    let r = biz
        .generate_remessa(&cli_ctx(), &carteira, now)
        .map_err(core)?;
    write_file(&args.output, r.text.as_bytes())?;
    let target = if args.in_place {
        args.backup.clone()
    } else {
        args.backup_output
            .clone()
            .unwrap_or_else(|| sibling(&args.backup, "remessa"))
    };
    write_file(&target, &backup::write(&mut biz))?;
    out.emit(
        &format!(
            "Remessa {} gravada em {}: {} registro(s) de boleto, {} pedido(s) de baixa.\nBackup gravado em {}",
            r.sequence,
            args.output.display(),
            r.entries,
            r.baixas,
            target.display()
        ),
        json!({
            "ok": true,
            "sequencia": r.sequence,
            "arquivo": args.output.display().to_string(),
            "backup": target.display().to_string(),
            "entradas": r.entries,
            "baixas": r.baixas,
        }),
    );
    Ok(())
}

fn retorno(args: RetornoArgs, out: &Output) -> Result<(), CliError> {
    let mut biz = open(&args.backup)?;
    let bytes = read_file(&args.retorno)?;
    // Banks write retornos in Latin-1 or ASCII; read them byte for byte.
    let text: String = bytes.iter().map(|&b| char::from(b)).collect();
    let parsed = cnab240::parse_retorno(&text)
        .map_err(|e| CliError::Argument(format!("{}: {e}", args.retorno.display())))?;
    let carteiras = biz.carteiras().map_err(core)?;
    let carteira = carteiras
        .iter()
        .find(|(_, c)| {
            // Caixa's header has no conta, only the código do beneficiário (the convênio).
            let convenio = c.convenio.as_deref().unwrap_or("").trim_start_matches('0');
            c.bank == parsed.bank
                && c.agencia.trim_start_matches('0') == parsed.agencia
                && (c.conta.trim_start_matches('0') == parsed.conta
                    || (!convenio.is_empty()
                        && parsed.convenio.trim_start_matches('0') == convenio))
        })
        .or(match carteiras.as_slice() {
            [only] => Some(only),
            _ => None,
        })
        .map(|(id, _)| id.clone())
        .ok_or_else(|| {
            CliError::Argument(format!(
                "nenhuma carteira do backup é do banco {}, agência {}, conta {}",
                parsed.bank, parsed.agencia, parsed.conta
            ))
        })?;
    let s = biz
        .import_retorno(&cli_ctx(), &carteira, &text)
        .map_err(core)?;
    let target = if args.in_place {
        args.backup.clone()
    } else {
        args.output
            .clone()
            .unwrap_or_else(|| sibling(&args.backup, "retorno"))
    };
    if !s.already_imported {
        write_file(&target, &backup::write(&mut biz))?;
    }
    let mut text = if s.already_imported {
        "Este retorno já foi importado: nada mudou.".to_string()
    } else {
        format!(
            "Registrados: {}  Rejeitados: {}  Pagos: {}  Baixados: {}  Sem cobrança: {}\nTarifas: {}",
            s.registered,
            s.rejected.len(),
            s.paid,
            s.written_off,
            s.unknown,
            brl(s.fees)
        )
    };
    for (id, reason) in &s.rejected {
        text.push_str(&format!("\nRejeitado {id}: {reason}"));
    }
    if !s.already_imported {
        text.push_str(&format!("\nBackup gravado em {}", target.display()));
    }
    out.emit(
        &text,
        json!({
            "ok": true,
            "ja_importado": s.already_imported,
            "registrados": s.registered,
            "rejeitados": s.rejected.iter().map(|(id, r)| json!({"cobranca": id, "motivo": r})).collect::<Vec<_>>(),
            "pagos": s.paid,
            "baixados": s.written_off,
            "sem_cobranca": s.unknown,
            "tarifas": s.fees.to_string(),
            "backup": (!s.already_imported).then(|| target.display().to_string()),
        }),
    );
    Ok(())
}
