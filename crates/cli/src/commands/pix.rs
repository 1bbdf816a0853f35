//! `retaguarda pix encode ...` and `retaguarda pix decode PAYLOAD`.

use std::path::PathBuf;

use clap::Subcommand;
use retaguarda_formats::pix::{qr_svg, BrCode, PixKey, StaticPix};
use serde_json::json;

use crate::error::CliError;
use crate::output::{brl, parse_amount, Output};

/// The `pix` subcommands.
#[derive(Debug, Subcommand)]
pub enum PixCommand {
    /// Gera o Pix copia e cola (e, com --svg, o QR Code).
    Encode(EncodeArgs),
    /// Lê um Pix copia e cola e mostra seus campos.
    Decode(DecodeArgs),
}

/// Arguments of `pix encode`.
#[derive(Debug, clap::Args)]
pub struct EncodeArgs {
    /// Chave Pix: CPF, CNPJ, telefone (+55…), e-mail ou chave aleatória.
    #[arg(long)]
    key: String,
    /// Nome do recebedor (acentos são removidos; até 25 caracteres).
    #[arg(long)]
    name: String,
    /// Cidade do recebedor (acentos são removidos; até 15 caracteres).
    #[arg(long)]
    city: String,
    /// Valor, como 10,00 ou 10.00; sem valor, quem paga digita.
    #[arg(long)]
    amount: Option<String>,
    /// Identificador da cobrança (letras e números, até 25).
    #[arg(long)]
    txid: Option<String>,
    /// Mensagem para quem paga.
    #[arg(long)]
    description: Option<String>,
    /// Grava o QR Code neste arquivo SVG.
    #[arg(long, value_name = "ARQUIVO.svg")]
    svg: Option<PathBuf>,
}

/// Arguments of `pix decode`.
#[derive(Debug, clap::Args)]
pub struct DecodeArgs {
    /// O código Pix copia e cola (entre aspas; sem aspas, as partes são
    /// juntadas com um espaço).
    #[arg(required = true, num_args = 1..)]
    payload: Vec<String>,
}

/// Runs a `pix` subcommand.
pub fn run(cmd: PixCommand, out: &Output) -> Result<(), CliError> {
    match cmd {
        PixCommand::Encode(a) => encode(a, out),
        PixCommand::Decode(a) => decode(a, out),
    }
}

fn encode(a: EncodeArgs, out: &Output) -> Result<(), CliError> {
    let amount = a.amount.as_deref().map(parse_amount).transpose()?;
    let pix = StaticPix {
        key: PixKey::parse(&a.key)?,
        name: a.name,
        city: a.city,
        amount,
        txid: a.txid,
        description: a.description,
    };
    let payload = pix.payload()?;
    let mut text = format!("Pix copia e cola:\n{payload}");
    if let Some(path) = &a.svg {
        let svg = qr_svg(&payload)?;
        std::fs::write(path, svg).map_err(|source| CliError::File {
            path: path.display().to_string(),
            source,
        })?;
        text.push_str(&format!("\nQR Code gravado em {}", path.display()));
    }
    out.emit(
        &text,
        json!({
            "ok": true,
            "payload": payload,
            "svg": a.svg.map(|p| p.display().to_string()),
        }),
    );
    Ok(())
}

fn decode(a: DecodeArgs, out: &Output) -> Result<(), CliError> {
    let code = BrCode::parse(&a.payload.join(" "))?;
    let mut text = vec![if code.is_dynamic() {
        "Pix dinâmico (os dados da cobrança ficam no endereço abaixo)".to_string()
    } else {
        "Pix estático".to_string()
    }];
    if let Some(k) = &code.key {
        let kind = PixKey::parse(k).map(|k| k.kind_label()).unwrap_or("chave");
        text.push(format!("Chave ({kind}): {k}"));
    }
    if let Some(u) = &code.url {
        text.push(format!("Endereço: {u}"));
    }
    text.push(format!("Recebedor: {}", code.name));
    text.push(format!("Cidade: {}", code.city));
    text.push(format!(
        "Valor: {}",
        code.amount
            .map_or("livre (quem paga digita)".to_string(), brl)
    ));
    if let Some(t) = &code.txid {
        let shown = if t == "***" { "*** (nenhum)" } else { t };
        text.push(format!("Identificador (txid): {shown}"));
    }
    if let Some(d) = &code.description {
        text.push(format!("Descrição: {d}"));
    }
    text.push(format!("CRC: {} (confere)", code.crc));
    out.emit(
        &text.join("\n"),
        json!({
            "ok": true,
            "tipo": if code.is_dynamic() { "dinamico" } else { "estatico" },
            "chave": code.key,
            "url": code.url,
            "nome": code.name,
            "cidade": code.city,
            "valor": code.amount.map(|v| v.to_string()),
            "txid": code.txid,
            "descricao": code.description,
            "categoria": code.category,
            "moeda": code.currency,
            "pais": code.country,
            "metodo_iniciacao": code.initiation_method,
            "crc": code.crc,
            "campos": code.fields.iter().map(|f| json!({"id": f.id, "valor": f.value})).collect::<Vec<_>>(),
        }),
    );
    Ok(())
}
