//! `retaguarda boleto LINE_OR_BARCODE [--today YYYY-MM-DD]`: reads a boleto.
//! `retaguarda boleto gerar --banco 341 --agencia A --conta C --carteira K --nosso-numero N
//! --valor 150,00 --vencimento 2026-12-20 [--convenio X]`: issues one (linha and barcode).

use chrono::NaiveDate;
use retaguarda_formats::boleto::{issue, Bank, BoletoAccount};
use retaguarda_formats::{Boleto, BoletoKind};
use serde_json::json;

use crate::error::CliError;
use crate::output::{brl, date_br, parse_amount, Output};

/// Arguments of `boleto`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Args {
    /// Linha digitável (47 ou 48 dígitos) ou código de barras (44); pode ter
    /// espaços, pontos e quebras de linha. Com vários argumentos, eles são
    /// juntados.
    #[arg(required = true, num_args = 1..)]
    codigo: Vec<String>,

    #[command(subcommand)]
    command: Option<BoletoCommand>,

    /// Data de referência para o vencimento (AAAA-MM-DD); padrão: hoje.
    #[arg(long, value_name = "AAAA-MM-DD")]
    today: Option<String>,
}

/// The `boleto` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum BoletoCommand {
    /// Gera a linha digitável e o código de barras de um boleto (001, 033, 104, 237, 341, 756).
    Gerar(GerarArgs),
}

/// Arguments of `boleto gerar`.
#[derive(Debug, clap::Args)]
pub struct GerarArgs {
    /// Código do banco: 001, 033, 104, 237, 341 ou 756.
    #[arg(long)]
    banco: String,
    /// Agência (cooperativa no Sicoob), sem o dígito.
    #[arg(long)]
    agencia: String,
    /// Conta, sem o dígito.
    #[arg(long)]
    conta: String,
    /// Carteira (ex.: 109 no Itaú, 17 no BB, 14 na Caixa).
    #[arg(long)]
    carteira: String,
    /// Nosso número (a sequência, sem o dígito).
    #[arg(long = "nosso-numero")]
    nosso_numero: u64,
    /// Valor: 150,00 ou 150.00.
    #[arg(long)]
    valor: String,
    /// Vencimento (AAAA-MM-DD).
    #[arg(long, value_name = "AAAA-MM-DD")]
    vencimento: String,
    /// Convênio / código do beneficiário (BB, Caixa, Santander, Sicoob).
    #[arg(long)]
    convenio: Option<String>,
}

/// Runs `boleto`.
pub fn run(args: Args, out: &Output) -> Result<(), CliError> {
    if let Some(BoletoCommand::Gerar(g)) = args.command {
        return gerar(g, out);
    }
    let today = match &args.today {
        Some(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
            CliError::Argument(format!("data '{s}' inválida em --today: use AAAA-MM-DD"))
        })?,
        None => chrono::Local::now().date_naive(),
    };
    let b = Boleto::parse(&args.codigo.join(" "), today)?;

    let mut text = Vec::new();
    match b.kind {
        BoletoKind::Bancario => {
            text.push("Boleto bancário".to_string());
            if let Some(bank) = &b.bank {
                text.push(format!("Banco: {bank}"));
            }
            if b.currency == Some(0) {
                text.push("Moeda: outra (código 0)".to_string());
            }
        }
        BoletoKind::Convenio => {
            text.push("Boleto de convênio (arrecadação)".to_string());
            if let Some(s) = b.segment {
                text.push(format!("Segmento: {s} ({})", segment_name(s)));
            }
        }
    }
    let valor = if b.amount.is_zero() {
        "a informar".to_string()
    } else if b.amount_is_reference {
        format!("{} (valor de referência)", b.amount)
    } else {
        brl(b.amount)
    };
    text.push(format!("Valor: {valor}"));
    if b.kind == BoletoKind::Bancario {
        let venc = b.due_date.map_or("sem vencimento".to_string(), date_br);
        text.push(format!("Vencimento: {venc}"));
    }
    text.push(format!("Linha digitável: {}", b.linha_formatada()));
    text.push(format!("Código de barras: {}", b.barcode));

    out.emit(
        &text.join("\n"),
        json!({
            "ok": true,
            "tipo": match b.kind { BoletoKind::Bancario => "bancario", BoletoKind::Convenio => "convenio" },
            "banco": b.bank,
            "moeda": b.currency,
            "valor": b.amount.to_string(),
            "valor_referencia": b.amount_is_reference,
            "vencimento": b.due_date.map(|d| d.to_string()),
            "fator_vencimento": b.fator,
            "segmento": b.segment,
            "linha_digitavel": b.linha_digitavel,
            "linha_formatada": b.linha_formatada(),
            "codigo_barras": b.barcode,
            "campo_livre": b.free_field,
        }),
    );
    Ok(())
}

fn segment_name(s: u8) -> &'static str {
    match s {
        1 => "prefeituras",
        2 => "saneamento",
        3 => "energia elétrica e gás",
        4 => "telecomunicações",
        5 => "órgãos governamentais",
        6 => "empresas e órgãos com CNPJ",
        7 => "multas de trânsito",
        9 => "uso exclusivo do banco",
        _ => "não identificado",
    }
}

fn gerar(args: GerarArgs, out: &Output) -> Result<(), CliError> {
    let due = NaiveDate::parse_from_str(args.vencimento.trim(), "%Y-%m-%d").map_err(|_| {
        CliError::Argument(format!(
            "data '{}' inválida em --vencimento: use AAAA-MM-DD",
            args.vencimento
        ))
    })?;
    let amount = parse_amount(&args.valor)?;
    let account = BoletoAccount {
        bank: Bank::from_code(&args.banco)?,
        agencia: args.agencia,
        agencia_dv: None,
        conta: args.conta,
        conta_dv: None,
        convenio: args.convenio,
        carteira: args.carteira,
    };
    let b = issue(&account, args.nosso_numero, amount, due)?;
    let text = [
        format!("Banco: {} ({})", b.bank.name(), b.bank.code_with_digit()),
        format!("Nosso número: {}", b.nosso_numero),
        format!("Valor: {}", brl(b.boleto.amount)),
        format!("Vencimento: {} (fator {})", date_br(due), b.fator),
        format!("Linha digitável: {}", b.boleto.linha_formatada()),
        format!("Código de barras: {}", b.boleto.barcode),
    ];
    out.emit(
        &text.join("\n"),
        json!({
            "ok": true,
            "banco": b.bank.code(),
            "nosso_numero": b.nosso_numero,
            "nosso_numero_cnab": b.nosso_numero_cnab,
            "valor": b.boleto.amount.to_string(),
            "vencimento": due.to_string(),
            "fator_vencimento": b.fator,
            "campo_livre": b.free_field,
            "linha_digitavel": b.boleto.linha_digitavel,
            "linha_formatada": b.boleto.linha_formatada(),
            "codigo_barras": b.boleto.barcode,
        }),
    );
    Ok(())
}
