//! `retaguarda import ofx BACKUP_FILE STATEMENT.ofx --account CONTA [--statement N]`:
//! imports a bank statement into a backup and prints what matched, what has several
//! candidates (sugestões) and what is new. Writes a new backup file; the original is
//! changed only with `--in-place`.
//!
//! A file cut short is refused before anything is written. A file with several statements
//! (conta corrente and poupança, or cards) needs `--statement N`; without it the command
//! lists the statements and stops. A credit-card statement is refused into a bank account
//! (core says why).

use std::path::PathBuf;

use clap::Subcommand;
use retaguarda_core::backup;
use retaguarda_core::formats::ofx;
use retaguarda_core::reconcile::{LineOutcome, LineProposal, NewFromLine, DEFAULT_WINDOW_DAYS};
use retaguarda_core::{Business, CoreError};
use serde_json::json;

use crate::commands::backup::{cli_ctx, open, read_file, write_file};
use crate::error::CliError;
use crate::output::{brl, date_br, Output};

/// The `import` subcommands.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Importa um extrato OFX numa conta e concilia com os lançamentos.
    Ofx(OfxArgs),
}

/// Arguments of `import ofx`.
#[derive(Debug, clap::Args)]
pub struct OfxArgs {
    /// O arquivo de backup (.retaguarda).
    backup: PathBuf,
    /// O extrato OFX do banco.
    extrato: PathBuf,
    /// A conta do extrato: o código ou o nome.
    #[arg(long, value_name = "CONTA")]
    account: String,
    /// Qual extrato do arquivo importar (1, 2, ...), quando o arquivo tem mais de um.
    #[arg(long, value_name = "N")]
    statement: Option<usize>,
    /// Altera o próprio arquivo de backup em vez de gravar um novo.
    #[arg(long, conflicts_with = "output")]
    in_place: bool,
    /// O novo arquivo de backup (padrão: BACKUP-conciliado.retaguarda).
    #[arg(short = 'o', long = "output", value_name = "NOVO_BACKUP")]
    output: Option<PathBuf>,
    /// Confirma as conciliações exatas (um só candidato).
    #[arg(long)]
    confirm: bool,
    /// Cria lançamentos pagos para as linhas sem candidato, com a categoria sugerida.
    #[arg(long)]
    create_new: bool,
}

/// Runs an `import` subcommand.
pub fn run(cmd: ImportCommand, out: &Output) -> Result<(), CliError> {
    match cmd {
        ImportCommand::Ofx(a) => import_ofx(a, out),
    }
}

fn core(e: CoreError) -> CliError {
    CliError::Core(e)
}

/// One line per statement: its number, kind, account, period and line count. Each field
/// of the file is quoted only in part, as in every message.
fn statement_summary(n: usize, st: &ofx::Statement) -> String {
    let q = ofx::quote;
    let mut account = String::new();
    if let Some(bank) = &st.account.bank_id {
        account.push_str(&format!("banco {} ", q(bank)));
    }
    if let Some(branch) = &st.account.branch_id {
        account.push_str(&format!("agência {} ", q(branch)));
    }
    account.push_str(&q(&st.account.account_id));
    if let Some(kind) = &st.account.account_type {
        account.push_str(&format!(
            " ({})",
            match kind.as_str() {
                "CHECKING" => "corrente".to_string(),
                "SAVINGS" => "poupança".to_string(),
                other => q(other),
            }
        ));
    }
    let period = match (st.start, st.end) {
        (Some(a), Some(b)) => format!(", {} a {}", date_br(a), date_br(b)),
        _ => String::new(),
    };
    format!(
        "{n}: {} {account}{period}, {} lançamento(s)",
        st.kind.label(),
        st.transactions.len()
    )
}

fn statement_json(n: usize, st: &ofx::Statement) -> serde_json::Value {
    json!({
        "numero": n,
        "tipo": match st.kind {
            ofx::StatementKind::Bank => "conta_bancaria",
            ofx::StatementKind::CreditCard => "cartao_credito",
        },
        "banco": st.account.bank_id,
        "agencia": st.account.branch_id,
        "conta": st.account.account_id,
        "tipo_conta": st.account.account_type,
        "inicio": st.start,
        "fim": st.end,
        "lancamentos": st.transactions.len(),
    })
}

/// The statement `--statement` chose, or the only one; otherwise the list, and no import.
fn choose(
    mut all: Vec<ofx::Statement>,
    wanted: Option<usize>,
    file: &std::path::Path,
    out: &Output,
) -> Result<ofx::Statement, CliError> {
    let count = all.len();
    match wanted {
        None if count == 1 => return Ok(all.remove(0)),
        Some(n) if (1..=count).contains(&n) => return Ok(all.remove(n - 1)),
        _ => {}
    }
    let head = match wanted {
        None => format!(
            "o arquivo {} tem {count} extratos; escolha um com --statement N",
            file.display()
        ),
        Some(n) => format!(
            "o arquivo {} não tem o extrato {n}; ele tem {count}: use --statement de 1 a {count}",
            file.display()
        ),
    };
    let list: Vec<String> = all
        .iter()
        .enumerate()
        .map(|(i, st)| statement_summary(i + 1, st))
        .collect();
    let message = format!("{head}:\n  {}", list.join("\n  "));
    if out.json {
        out.emit(
            "",
            json!({
                "ok": false,
                "erro": message,
                "extratos": all
                    .iter()
                    .enumerate()
                    .map(|(i, st)| statement_json(i + 1, st))
                    .collect::<Vec<_>>(),
            }),
        );
        crate::output::print_err(&format!("erro: {message}\n"));
        return Err(CliError::Reported(message));
    }
    Err(CliError::Argument(message))
}

/// The account named by id or (case-insensitive) name.
fn find_account(biz: &Business, wanted: &str) -> Result<String, CliError> {
    let accounts = biz.accounts().map_err(core)?;
    if let Some((id, _)) = accounts.iter().find(|(id, _)| id == wanted) {
        return Ok(id.clone());
    }
    let quoted = crate::output::quote(wanted);
    let by_name: Vec<_> = accounts
        .iter()
        .filter(|(_, a)| a.name.trim().to_lowercase() == wanted.trim().to_lowercase())
        .collect();
    match by_name.as_slice() {
        [(id, _)] => Ok(id.clone()),
        [] => Err(CliError::Argument(format!(
            "conta '{quoted}' não encontrada; contas: {}",
            accounts
                .iter()
                .map(|(_, a)| a.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
        _ => Err(CliError::Argument(format!(
            "há mais de uma conta chamada '{quoted}'; use o código"
        ))),
    }
}

fn default_output(backup: &std::path::Path) -> PathBuf {
    let stem = backup
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "backup".into());
    backup.with_file_name(format!("{stem}-conciliado.{}", backup::EXTENSION))
}

fn proposal_json(p: &LineProposal) -> serde_json::Value {
    let (status, detail) = match &p.outcome {
        LineOutcome::Matched(c) => ("conciliado", json!([c])),
        LineOutcome::Ambiguous(cs) => ("sugestoes", json!(cs)),
        LineOutcome::New { suggested_category } => (
            "novo",
            json!({
                "categoria_sugerida": suggested_category.as_ref().map(|c| &c.name),
                "categoria_sugerida_id": suggested_category.as_ref().map(|c| &c.id),
            }),
        ),
    };
    json!({
        "linha": p.key,
        "fitid": p.line.fitid,
        "data": p.line.date,
        "valor": p.line.amount.to_string(),
        "descricao": p.line.description(),
        "situacao": status,
        "detalhe": detail,
    })
}

fn import_ofx(args: OfxArgs, out: &Output) -> Result<(), CliError> {
    let mut biz = open(&args.backup)?;
    let bytes = read_file(&args.extrato)?;
    let all = ofx::parse_all(&bytes)
        .map_err(|e| CliError::Argument(format!("{}: {e}", args.extrato.display())))?;
    let statement = choose(all, args.statement, &args.extrato, out)?;
    let account = find_account(&biz, &args.account)?;
    let ctx = cli_ctx();
    let report = biz
        .import_statement(&ctx, &account, &statement)
        .map_err(core)?;

    let mut confirmed = 0;
    let mut created = 0;
    let mut text = String::new();
    for p in &report.proposals {
        let head = format!(
            "{} {} {}",
            date_br(p.line.date),
            brl(p.line.amount),
            p.line.description()
        );
        match &p.outcome {
            LineOutcome::Matched(c) => {
                text.push_str(&format!("conciliado: {head} -> {}", c.description));
                if args.confirm {
                    biz.confirm_bank_match(&ctx, &p.key, &c.target)
                        .map_err(core)?;
                    confirmed += 1;
                    text.push_str(" (confirmado)");
                }
            }
            LineOutcome::Ambiguous(cs) => {
                let names: Vec<String> = cs
                    .iter()
                    .map(|c| format!("{} ({})", c.description, date_br(c.date)))
                    .collect();
                text.push_str(&format!("sugestões: {head} -> {}", names.join(" | ")));
            }
            LineOutcome::New { suggested_category } => {
                text.push_str(&format!("novo: {head}"));
                if let Some(cat) = suggested_category {
                    text.push_str(&format!(" (categoria sugerida: {})", cat.name));
                }
                if args.create_new {
                    let input = NewFromLine {
                        category: suggested_category.as_ref().map(|c| c.id.clone()),
                        ..NewFromLine::default()
                    };
                    biz.create_entry_from_line(&ctx, &p.key, input)
                        .map_err(core)?;
                    created += 1;
                    text.push_str(" (lançado)");
                }
            }
        }
        text.push('\n');
    }

    let target = if args.in_place {
        args.backup.clone()
    } else {
        args.output
            .clone()
            .unwrap_or_else(|| default_output(&args.backup))
    };
    write_file(&target, &backup::write(&mut biz))?;
    let balance = biz.bank_balance_check(&account).map_err(core)?;

    text.push_str(&format!(
        "Linhas novas: {} (já importadas antes: {})\nConciliadas: {}  Sugestões: {}  Novas: {}\n",
        report.imported,
        report.duplicates,
        report.matched(),
        report.ambiguous(),
        report.new_lines()
    ));
    if args.confirm || args.create_new {
        text.push_str(&format!("Confirmadas: {confirmed}  Lançadas: {created}\n"));
    }
    if let Some(b) = &balance {
        text.push_str(&format!(
            "Saldo do extrato em {}: {}  Saldo no Retaguarda: {}  Diferença: {}\n",
            date_br(b.as_of),
            brl(b.statement),
            brl(b.book),
            brl(b.difference)
        ));
    }
    text.push_str(&format!("Backup gravado em {}", target.display()));

    out.emit(
        &text,
        json!({
            "ok": true,
            "arquivo": target.display().to_string(),
            "importadas": report.imported,
            "duplicadas": report.duplicates,
            "conciliadas": report.matched(),
            "sugestoes": report.ambiguous(),
            "novas": report.new_lines(),
            "confirmadas": confirmed,
            "lancadas": created,
            "janela_dias": DEFAULT_WINDOW_DAYS,
            "saldo": balance.map(|b| json!({
                "data": b.as_of,
                "extrato": b.statement.to_string(),
                "retaguarda": b.book.to_string(),
                "diferenca": b.difference.to_string(),
            })),
            "linhas": report.proposals.iter().map(proposal_json).collect::<Vec<_>>(),
        }),
    );
    Ok(())
}
