//! The retorno the bank sends back: header de arquivo, then per title a segment T (the
//! movement, the title, the fee, the motivos) and a segment U (the payment). FEBRABAN's
//! positions are the base; each bank's own layout moves some of them (where the header keeps
//! agência, conta and código do beneficiário, how segment T splits the nosso número and the
//! seu número, Santander's shifted segment T), which [`Layout`] records per bank. Sources:
//! the banks' CNAB 240 cobrança manuals as python3-cnab 1.0.11's bank specs
//! (`cnab240/bancos/<bank>/specs/segmento_t.json`, `header_arquivo*.json`) and
//! @banco-br/cnab_yaml 2.1.0 (`cnab240/<bank>/retorno`) transcribe them.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::codes;
use super::{CnabError, LINE};
use crate::boleto::Bank;

/// What the bank reports about a title (código de movimento retorno: FEBRABAN's table C044
/// or the bank's own, see [`codes`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Movement {
    /// 02: entrada confirmada (registered).
    Registered,
    /// 03: entrada rejeitada.
    Rejected,
    /// 06 or 17 (Itaú: 06, 08, 10; Caixa: 46 too): liquidação (paid).
    Paid,
    /// 09 or 25 (Itaú: 09, 32): baixa (written off).
    WrittenOff,
    /// Any other code (tarifas, instruções confirmadas, protesto…): informative.
    Other,
}

/// Liquidação details (segment U).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settlement {
    /// Data da ocorrência (payment date).
    pub date: NaiveDate,
    /// Data do crédito, when given.
    pub credit_date: Option<NaiveDate>,
    /// Valor pago pelo pagador.
    pub amount_paid: Decimal,
    /// Juros, multa e encargos received.
    pub interest: Decimal,
    /// Desconto concedido.
    pub discount: Decimal,
    /// Valor líquido creditado.
    pub net: Decimal,
}

/// One title in a retorno (segments T and U).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnEntry {
    /// The movement.
    pub movement: Movement,
    /// The code as written.
    pub movement_code: String,
    /// The movement in pt-BR.
    pub movement_label: String,
    /// Nosso número, trimmed.
    pub nosso_numero: String,
    /// Seu número.
    pub document: String,
    /// The reference the remessa put in "uso da empresa".
    pub reference: String,
    /// Vencimento.
    pub due: Option<NaiveDate>,
    /// Valor do título.
    pub amount: Decimal,
    /// Tarifa/custas charged by the bank.
    pub fee: Decimal,
    /// Motivos (rejections, baixa reasons), in pt-BR.
    pub reasons: Vec<String>,
    /// The payment, for liquidações.
    pub settlement: Option<Settlement>,
}

/// A parsed retorno file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retorno {
    /// Bank code.
    pub bank: String,
    /// CPF/CNPJ of the beneficiary.
    pub inscription: String,
    /// Convênio as written, trimmed.
    pub convenio: String,
    /// Agência, without leading zeros.
    pub agencia: String,
    /// Conta, without leading zeros; empty where the bank's header has none (Caixa).
    pub conta: String,
    /// NSA of the retorno.
    pub sequence: u32,
    /// Generation date.
    pub generated_on: Option<NaiveDate>,
    /// Titles.
    pub entries: Vec<ReturnEntry>,
}

/// Where a bank's retorno keeps what this reader takes (1-based, inclusive).
struct Layout {
    /// Header de arquivo: agência.
    agencia: (usize, usize),
    /// Header de arquivo: conta, when the bank writes one.
    conta: Option<(usize, usize)>,
    /// Header de arquivo: convênio or código do beneficiário.
    convenio: (usize, usize),
    /// Segment T: the nosso número as the remessa wrote it.
    nosso: (usize, usize),
    /// Segment T: seu número.
    document: (usize, usize),
    /// Segment T: vencimento (8 positions from here).
    due: usize,
    /// Segment T: valor do título.
    amount: (usize, usize),
    /// Segment T: identificação do título na empresa.
    reference: (usize, usize),
    /// Segment T: tarifa/custas.
    fee: (usize, usize),
    /// Segment T: motivos, two characters each.
    reasons: (usize, usize),
}

/// FEBRABAN's positions.
const FEBRABAN: Layout = Layout {
    agencia: (53, 57),
    conta: Some((59, 70)),
    convenio: (33, 52),
    nosso: (38, 57),
    document: (59, 73),
    due: 74,
    amount: (82, 96),
    reference: (106, 130),
    fee: (199, 213),
    reasons: (214, 223),
};

/// `bank`'s positions.
fn layout(bank: Bank) -> Layout {
    match bank {
        // Convênio of 9 in the header; the nosso número of 17 left-aligned in 38-57.
        Bank::BancoDoBrasil => Layout {
            convenio: (33, 41),
            ..FEBRABAN
        },
        // The identificação do título comes back as sent: carteira, zeros, nosso número and
        // its digit; the last 12 are the number.
        Bank::Bradesco => Layout {
            nosso: (46, 57),
            ..FEBRABAN
        },
        // Agência of 4 and conta of 5 in the header; carteira, nosso número and DAC in
        // 38-49; seu número of 10; four motivos.
        Bank::Itau => Layout {
            agencia: (54, 57),
            conta: Some((66, 70)),
            convenio: (33, 52),
            nosso: (38, 49),
            document: (59, 68),
            reasons: (214, 221),
            ..FEBRABAN
        },
        // No conta: the código do beneficiário (6) in the header; modalidade and nosso número
        // (17) in 40-56; seu número of 11.
        Bank::Caixa => Layout {
            conta: None,
            convenio: (59, 64),
            nosso: (40, 56),
            document: (59, 69),
            ..FEBRABAN
        },
        // The header's agência (4), conta (9) and código do beneficiário (9) move; segment T
        // is shifted: nosso número 41-53, seu número 55-69, vencimento and valor at 70 and
        // 78, uso da empresa 101-125, tarifa 194-208, motivos 209-218.
        Bank::Santander => Layout {
            agencia: (33, 36),
            conta: Some((38, 46)),
            convenio: (53, 61),
            nosso: (41, 53),
            document: (55, 69),
            due: 70,
            amount: (78, 92),
            reference: (101, 125),
            fee: (194, 208),
            reasons: (209, 218),
        },
        // Nosso número and digit (10) in 38-47, then parcela, modalidade and formulário.
        Bank::Sicoob => Layout {
            nosso: (38, 47),
            ..FEBRABAN
        },
    }
}

fn field(line: &str, from: usize, to: usize) -> &str {
    line.get(from - 1..to).unwrap_or("")
}

fn read_money(line: &str, from: usize, to: usize, what: &str) -> Result<Decimal, CnabError> {
    let text = field(line, from, to);
    // Some banks leave the numeric fields they do not use blank instead of zero.
    if text.trim().is_empty() {
        return Ok(Decimal::ZERO);
    }
    let cents: i64 = text
        .parse()
        .map_err(|_| CnabError::Damaged(format!("{what} não numérico ({text})")))?;
    Ok(Decimal::new(cents, 2))
}

fn read_date(line: &str, from: usize) -> Result<Option<NaiveDate>, CnabError> {
    let text = field(line, from, from + 7);
    if text.trim().is_empty() || text == "00000000" {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%d%m%Y")
        .map(Some)
        .map_err(|_| CnabError::Damaged(format!("data inválida {text}")))
}

fn read_count(line: &str, from: usize, to: usize) -> Result<usize, CnabError> {
    field(line, from, to)
        .parse()
        .map_err(|_| CnabError::Damaged("contagem de registros ilegível no trailer".into()))
}

/// Reads a retorno file. Refuses a remessa, lines that are not 240 characters, records out
/// of order, a segment T without its U and trailers whose counts disagree.
pub fn parse_retorno(text: &str) -> Result<Retorno, CnabError> {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.is_empty() && *l != "\u{1a}")
        .collect();
    for (i, l) in lines.iter().enumerate() {
        if l.chars().count() != LINE {
            return Err(CnabError::LineLength {
                line: i + 1,
                len: l.chars().count(),
            });
        }
        if !l.is_ascii() {
            // Accented names are legal but must keep the 240 byte positions; replace them.
            return Err(CnabError::Damaged(format!(
                "linha {} tem caracteres fora do padrão ASCII",
                i + 1
            )));
        }
    }
    let (Some(header), Some(trailer)) = (lines.first(), lines.last()) else {
        return Err(CnabError::Damaged("arquivo vazio".into()));
    };
    if field(header, 8, 8) != "0" {
        return Err(CnabError::Damaged(
            "a primeira linha não é o header de arquivo".into(),
        ));
    }
    if field(header, 143, 143) == "1" {
        return Err(CnabError::NotRetorno);
    }
    if field(header, 143, 143) != "2" {
        return Err(CnabError::Damaged(
            "o header não diz se é remessa ou retorno".into(),
        ));
    }
    if field(trailer, 8, 8) != "9" {
        return Err(CnabError::Damaged(
            "falta o trailer de arquivo: o arquivo está incompleto".into(),
        ));
    }
    if read_count(trailer, 24, 29)? != lines.len() {
        return Err(CnabError::Damaged(format!(
            "o trailer diz {} registros e o arquivo tem {}",
            read_count(trailer, 24, 29)?,
            lines.len()
        )));
    }
    let code = field(header, 1, 3).to_string();
    let bank = Bank::from_code(&code).map_err(|_| CnabError::UnknownBank(code.clone()))?;
    let at = layout(bank);
    let mut entries = Vec::new();
    let mut lote_lines = 0usize;
    let mut i = 1;
    while i + 1 < lines.len() {
        let l = lines[i];
        if field(l, 1, 3) != code {
            return Err(CnabError::Damaged(format!(
                "linha {} é de outro banco",
                i + 1
            )));
        }
        match field(l, 8, 8) {
            "1" => lote_lines = 1,
            "5" => {
                lote_lines += 1;
                if read_count(l, 18, 23)? != lote_lines {
                    return Err(CnabError::Damaged(format!(
                        "o trailer de lote diz {} registros e o lote tem {lote_lines}",
                        read_count(l, 18, 23)?
                    )));
                }
            }
            "3" if field(l, 14, 14) == "T" => {
                let u = lines
                    .get(i + 1)
                    .filter(|u| field(u, 8, 8) == "3" && field(u, 14, 14) == "U")
                    .ok_or_else(|| {
                        CnabError::Damaged(format!(
                            "o segmento T da linha {} não tem o segmento U",
                            i + 1
                        ))
                    })?;
                entries.push(read_entry(bank, &at, l, u)?);
                lote_lines += 2;
                i += 1;
            }
            "3" => lote_lines += 1,
            other => {
                return Err(CnabError::Damaged(format!(
                    "linha {} tem tipo de registro {other} desconhecido",
                    i + 1
                )))
            }
        }
        i += 1;
    }
    let digits =
        |(from, to): (usize, usize)| field(header, from, to).trim().trim_start_matches('0');
    // Santander writes a 15-digit inscrição from position 18.
    let inscription = match bank {
        Bank::Santander => field(header, 18, 32).get(1..).unwrap_or(""),
        _ => field(header, 19, 32),
    };
    Ok(Retorno {
        bank: code,
        inscription: inscription.to_string(),
        convenio: field(header, at.convenio.0, at.convenio.1)
            .trim()
            .to_string(),
        agencia: digits(at.agencia).to_string(),
        conta: at.conta.map(digits).unwrap_or("").to_string(),
        sequence: field(header, 158, 163).parse().unwrap_or(0),
        generated_on: read_date(header, 144)?,
        entries,
    })
}

fn read_entry(bank: Bank, at: &Layout, t: &str, u: &str) -> Result<ReturnEntry, CnabError> {
    let code = field(t, 16, 17).to_string();
    let (movement, label) = codes::movement(bank, &code);
    let reasons: Vec<String> = field(t, at.reasons.0, at.reasons.1)
        .as_bytes()
        .chunks(2)
        .filter_map(|c| std::str::from_utf8(c).ok())
        .filter(|c| !c.trim().is_empty() && *c != "00")
        .map(|c| codes::reason(bank, movement, c))
        .collect();
    let settlement = if movement == Movement::Paid {
        Some(Settlement {
            date: read_date(u, 138)?
                .ok_or_else(|| CnabError::Damaged("liquidação sem data da ocorrência".into()))?,
            credit_date: read_date(u, 146)?,
            amount_paid: read_money(u, 78, 92, "valor pago")?,
            interest: read_money(u, 18, 32, "juros/multa")?,
            discount: read_money(u, 33, 47, "desconto")?,
            net: read_money(u, 93, 107, "valor líquido")?,
        })
    } else {
        None
    };
    let text = |(from, to): (usize, usize)| field(t, from, to).trim().to_string();
    Ok(ReturnEntry {
        movement,
        movement_label: label.to_string(),
        movement_code: code,
        nosso_numero: text(at.nosso),
        document: text(at.document),
        reference: text(at.reference),
        due: read_date(t, at.due)?,
        amount: read_money(t, at.amount.0, at.amount.1, "valor do título")?,
        fee: read_money(t, at.fee.0, at.fee.1, "tarifa")?,
        reasons,
        settlement,
    })
}
