//! `retaguarda boleto LINE_OR_BARCODE [--today YYYY-MM-DD]`: reads a boleto.

use chrono::NaiveDate;
use retaguarda_formats::{Boleto, BoletoKind};
use serde_json::json;

use crate::error::CliError;
use crate::output::{brl, date_br, Output};

/// Arguments of `boleto`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Linha digitável (47 ou 48 dígitos) ou código de barras (44); pode ter
    /// espaços, pontos e quebras de linha. Com vários argumentos, eles são
    /// juntados.
    #[arg(required = true, num_args = 1..)]
    codigo: Vec<String>,

    /// Data de referência para o vencimento (AAAA-MM-DD); padrão: hoje.
    #[arg(long, value_name = "AAAA-MM-DD")]
    today: Option<String>,
}

/// Runs `boleto`.
pub fn run(args: Args, out: &Output) -> Result<(), CliError> {
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
