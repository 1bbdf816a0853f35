//! `retaguarda saldos BACKUP [--data AAAA-MM-DD]`: the balance of every account at the end
//! of a day (today by default), as core computes it, and their total. What an accountant
//! checks first against the bank before trusting an export.

use std::path::PathBuf;

use chrono::NaiveDate;
use retaguarda_core::ledger::AccountKind;
use rust_decimal::Decimal;
use serde_json::json;

use crate::commands::backup::{cli_ctx, open};
use crate::error::{CliError, ValueError};
use crate::output::{brl, date_br, quote, Output};

/// Arguments of `saldos`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// O arquivo de backup (.retaguarda).
    backup: PathBuf,
    /// O dia do saldo (AAAA-MM-DD ou DD/MM/AAAA); padrão: hoje.
    #[arg(long, value_name = "AAAA-MM-DD", value_parser = parse_day)]
    data: Option<NaiveDate>,
}

/// A day written `2026-03-10` or `10/03/2026`.
fn parse_day(s: &str) -> Result<NaiveDate, ValueError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s.trim(), "%d/%m/%Y"))
        .map_err(|_| {
            ValueError(format!(
                "data '{}' inválida: use AAAA-MM-DD, por exemplo 2026-03-10",
                quote(s)
            ))
        })
}

fn kind_label(kind: AccountKind) -> &'static str {
    match kind {
        AccountKind::Cash => "caixa",
        AccountKind::Bank => "banco",
        AccountKind::Other => "outras",
    }
}

/// Runs `saldos`.
pub fn run(args: Args, out: &Output) -> Result<(), CliError> {
    let biz = open(&args.backup)?;
    let day = args.data.unwrap_or_else(|| cli_ctx().today);
    let mut balances = biz.balances(day)?;
    balances.sort_by_key(|b| b.name.to_lowercase());
    let total: Decimal = balances.iter().map(|b| b.balance).sum();
    let mut text = format!("Saldos no fim de {}:", date_br(day));
    if balances.is_empty() {
        text.push_str("\n  nenhuma conta cadastrada");
    }
    for b in &balances {
        let archived = if b.archived { ", arquivada" } else { "" };
        text.push_str(&format!(
            "\n  {} ({}{archived}): {}",
            b.name,
            kind_label(b.kind),
            brl(b.balance)
        ));
    }
    text.push_str(&format!("\nTotal: {}", brl(total)));
    out.emit(
        &text,
        json!({
            "ok": true,
            "data": day,
            "contas": balances.iter().map(|b| json!({
                "id": b.id,
                "nome": b.name,
                "tipo": kind_label(b.kind),
                "arquivada": b.archived,
                "saldo": b.balance.to_string(),
            })).collect::<Vec<_>>(),
            "total": total.to_string(),
        }),
    );
    Ok(())
}
