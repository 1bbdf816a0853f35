//! CNAB 240 cobrança (FEBRABAN layout 240, version 10): the remessa the beneficiary sends
//! the bank (header de arquivo, header de lote, segments P, Q and R per title, trailers) and
//! the retorno the bank sends back (segments T and U per title, read in [`retorno`] at each
//! bank's positions, with each bank's occurrence codes in [`codes`]).
//!
//! Positions follow FEBRABAN's "Layout padrão de arquivos CNAB 240 — Cobrança"; each bank's
//! own layout then moves some fields (where agência, conta and convênio go, how segment P
//! splits the nosso número, layout versions), which [`banks`] applies to every line. Text
//! fields are upper-case ASCII, as the banks' validators expect; numbers are right-aligned
//! with zeros.

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::boleto::Bank;
use crate::pix::normalize_text;

mod banks;
mod codes;
mod retorno;
use banks::{adapt, Record};
pub use codes::{movement_label, rejection_reason};
pub use retorno::{parse_retorno, Movement, Retorno, ReturnEntry, Settlement};

/// Length of every CNAB 240 line.
pub const LINE: usize = 240;

/// Why a CNAB file could not be written or read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CnabError {
    /// A value that does not fit its positions.
    #[error("campo {field} não cabe no arquivo CNAB: {reason}")]
    Field {
        /// The field, in pt-BR.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// A remessa with no title.
    #[error("não há cobranças para enviar na remessa")]
    Empty,
    /// A retorno line of the wrong length.
    #[error("linha {line} do arquivo de retorno tem {len} caracteres; o CNAB 240 tem 240 por linha: o arquivo está danificado ou não é CNAB 240")]
    LineLength {
        /// 1-based line.
        line: usize,
        /// Its length.
        len: usize,
    },
    /// A retorno whose structure is broken (records out of order, counts that disagree).
    #[error("arquivo de retorno danificado: {0}")]
    Damaged(String),
    /// A retorno of a bank this reader does not know.
    #[error("o arquivo é do banco {0}, que o Retaguarda não atende na cobrança por boleto")]
    UnknownBank(String),
    /// A remessa where a retorno was expected.
    #[error("este arquivo é uma remessa, não um retorno do banco")]
    NotRetorno,
}

/// CPF or CNPJ, digits only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inscription {
    /// 11 digits (CPF) or 14 (CNPJ).
    pub digits: String,
}

impl Inscription {
    /// FEBRABAN's tipo de inscrição: 1 CPF, 2 CNPJ.
    fn kind(&self) -> char {
        if self.digits.len() == 11 {
            '1'
        } else {
            '2'
        }
    }
}

/// The beneficiary (empresa) as the headers carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Company {
    /// The bank.
    pub bank: Bank,
    /// CPF/CNPJ of the beneficiary.
    pub inscription: Inscription,
    /// Name.
    pub name: String,
    /// Convênio / código do beneficiário at the bank.
    pub convenio: String,
    /// Agência and its DV.
    pub agencia: String,
    /// Agência DV.
    pub agencia_dv: String,
    /// Conta and its DV.
    pub conta: String,
    /// Conta DV.
    pub conta_dv: String,
    /// Carteira code (Bradesco's segment P, Banco do Brasil's headers).
    #[serde(default)]
    pub carteira: String,
    /// Banco do Brasil: variação da carteira (3 digits).
    #[serde(default)]
    pub variacao: String,
    /// Santander: código de transmissão (15 digits) the bank assigned.
    #[serde(default)]
    pub transmission_code: String,
}

/// The payer (pagador), segment Q.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payer {
    /// CPF/CNPJ.
    pub inscription: Inscription,
    /// Name.
    pub name: String,
    /// Street address.
    pub address: String,
    /// Bairro.
    pub district: String,
    /// CEP, 8 digits.
    pub cep: String,
    /// City.
    pub city: String,
    /// UF.
    pub uf: String,
}

/// What a title line asks of the bank.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Instruction {
    /// 01: entrada de título (register it).
    Entrada,
    /// 02: pedido de baixa (write it off).
    Baixa,
}

impl Instruction {
    fn code(self) -> &'static str {
        match self {
            Instruction::Entrada => "01",
            Instruction::Baixa => "02",
        }
    }
}

/// One title of a remessa.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Title {
    /// Entrada or baixa.
    pub instruction: Instruction,
    /// Nosso número as the bank's CNAB wants it.
    pub nosso_numero: String,
    /// Carteira code for position 58 (1 cobrança simples).
    pub carteira_code: char,
    /// Número do documento (seu número).
    pub document: String,
    /// Vencimento.
    pub due: NaiveDate,
    /// Valor.
    pub amount: Decimal,
    /// Data de emissão.
    pub issued_on: NaiveDate,
    /// Juros de mora, % ao mês (code 2, from the day after the due date).
    pub juros_month_pct: Option<Decimal>,
    /// Multa, % (code 2, from the day after the due date), segment R.
    pub multa_pct: Option<Decimal>,
    /// Desconto: a fixed amount until a date (code 1).
    pub discount: Option<(NaiveDate, Decimal)>,
    /// Protest after these calendar days (code 1), or none (code 3).
    pub protest_days: Option<u8>,
    /// Baixa/devolução after these days (code 1), or none (code 2).
    pub baixa_days: Option<u16>,
    /// Identificação do título na empresa (25 characters), read back in the retorno.
    pub reference: String,
    /// The payer.
    pub payer: Payer,
    /// Messages to the payer (segment R, messages 3 and 4).
    pub messages: Vec<String>,
}

/// A remessa file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remessa {
    /// The beneficiary.
    pub company: Company,
    /// NSA: the file's sequence number, kept per carteira.
    pub sequence: u32,
    /// Date and time the file was generated.
    pub generated_at: chrono::NaiveDateTime,
    /// The titles.
    pub titles: Vec<Title>,
}

/// A fixed-width line being written.
struct Line(String);

impl Line {
    fn new() -> Line {
        Line(String::with_capacity(LINE))
    }

    /// Appends `value` as positions `from..=to` (1-based), checking the cursor is there.
    fn alpha(&mut self, from: usize, to: usize, value: &str) {
        debug_assert_eq!(self.0.len() + 1, from, "posição {from}");
        let width = to + 1 - from;
        let text = normalize_text(value, width).to_uppercase();
        self.0.push_str(&format!("{text:<width$}"));
    }

    fn blank(&mut self, from: usize, to: usize) {
        self.alpha(from, to, "");
    }

    fn num(
        &mut self,
        field: &'static str,
        from: usize,
        to: usize,
        value: &str,
    ) -> Result<(), CnabError> {
        debug_assert_eq!(self.0.len() + 1, from, "posição {from}");
        let width = to + 1 - from;
        let v = value.trim();
        if !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CnabError::Field {
                field,
                reason: "só números".into(),
            });
        }
        let v = if v.len() > width {
            v.trim_start_matches('0')
        } else {
            v
        };
        if v.len() > width {
            return Err(CnabError::Field {
                field,
                reason: format!("tem mais de {width} dígitos"),
            });
        }
        self.0.push_str(&format!("{v:0>width$}"));
        Ok(())
    }

    fn int(
        &mut self,
        field: &'static str,
        from: usize,
        to: usize,
        value: u64,
    ) -> Result<(), CnabError> {
        self.num(field, from, to, &value.to_string())
    }

    /// A decimal with two implied decimal places.
    fn money(
        &mut self,
        field: &'static str,
        from: usize,
        to: usize,
        value: Decimal,
    ) -> Result<(), CnabError> {
        let cents = (value * Decimal::ONE_HUNDRED).round();
        let cents = cents.to_u64().ok_or(CnabError::Field {
            field,
            reason: "valor negativo ou grande demais".into(),
        })?;
        self.int(field, from, to, cents)
    }

    fn date(&mut self, from: usize, value: Option<NaiveDate>) {
        let text = value.map_or_else(
            || "00000000".to_string(),
            |d| d.format("%d%m%Y").to_string(),
        );
        debug_assert_eq!(self.0.len() + 1, from, "posição {from}");
        self.0.push_str(&text);
    }

    fn finish(self) -> String {
        debug_assert_eq!(self.0.len(), LINE);
        self.0
    }
}

/// The common start of every line: banco, lote, tipo de registro.
fn control(line: &mut Line, bank: Bank, lote: &str, kind: char) {
    line.0.push_str(bank.code());
    line.0.push_str(lote);
    line.0.push(kind);
}

/// Agência, conta and their DVs in the positions every header and segment P share.
fn account(line: &mut Line, c: &Company, from: usize) -> Result<(), CnabError> {
    line.num("agência", from, from + 4, &c.agencia)?;
    line.alpha(from + 5, from + 5, &c.agencia_dv);
    line.num("conta", from + 6, from + 17, &c.conta)?;
    line.alpha(from + 18, from + 18, &c.conta_dv);
    line.blank(from + 19, from + 19);
    Ok(())
}

impl Remessa {
    /// The file's text: 240-character lines ending in CR LF.
    pub fn to_text(&self) -> Result<String, CnabError> {
        if self.titles.is_empty() {
            return Err(CnabError::Empty);
        }
        let c = &self.company;
        let bank = c.bank;
        let mut lines = Vec::new();

        // Header de arquivo.
        let mut l = Line::new();
        control(&mut l, bank, "0000", '0');
        l.blank(9, 17);
        l.alpha(18, 18, &c.inscription.kind().to_string());
        l.num("CNPJ/CPF", 19, 32, &c.inscription.digits)?;
        l.alpha(33, 52, &c.convenio);
        account(&mut l, c, 53)?;
        l.alpha(73, 102, &c.name);
        l.alpha(103, 132, bank.name());
        l.blank(133, 142);
        l.alpha(143, 143, "1");
        l.date(144, Some(self.generated_at.date()));
        l.0.push_str(&self.generated_at.format("%H%M%S").to_string());
        l.int("número da remessa", 158, 163, self.sequence.into())?;
        l.alpha(164, 166, "103");
        l.alpha(167, 171, "00000");
        l.blank(172, 240);
        lines.push(adapted(Record::FileHeader, l, c, None)?);

        // Header de lote.
        let mut l = Line::new();
        control(&mut l, bank, "0001", '1');
        l.alpha(9, 9, "R");
        l.alpha(10, 11, "01");
        l.blank(12, 13);
        l.alpha(14, 16, "060");
        l.blank(17, 17);
        l.alpha(18, 18, &c.inscription.kind().to_string());
        l.num("CNPJ/CPF", 19, 33, &c.inscription.digits)?;
        l.alpha(34, 53, &c.convenio);
        account(&mut l, c, 54)?;
        l.alpha(74, 103, &c.name);
        l.blank(104, 183);
        l.int("número da remessa", 184, 191, self.sequence.into())?;
        l.date(192, Some(self.generated_at.date()));
        l.date(200, None);
        l.blank(208, 240);
        lines.push(adapted(Record::LotHeader, l, c, None)?);

        let mut seq = 0u64;
        for t in &self.titles {
            for (record, segment) in [
                (Record::P, segment_p as Segment),
                (Record::Q, segment_q),
                (Record::R, segment_r),
            ] {
                seq += 1;
                lines.push(adapted(record, segment(c, t, seq)?, c, Some(t))?);
            }
        }

        // Trailer de lote: header, segments, trailer.
        let mut l = Line::new();
        control(&mut l, bank, "0001", '5');
        l.blank(9, 17);
        l.int("registros do lote", 18, 23, seq + 2)?;
        let total: Decimal = self.titles.iter().map(|t| t.amount).sum();
        l.int("títulos", 24, 29, self.titles.len() as u64)?;
        l.money("valor total", 30, 46, total)?;
        l.num("", 47, 115, "0")?;
        l.blank(116, 240);
        lines.push(adapted(Record::LotTrailer, l, c, None)?);

        // Trailer de arquivo.
        let mut l = Line::new();
        control(&mut l, bank, "9999", '9');
        l.blank(9, 17);
        l.int("lotes", 18, 23, 1)?;
        l.int("registros", 24, 29, seq + 4)?;
        l.int("contas", 30, 35, 0)?;
        l.blank(36, 240);
        lines.push(l.finish());

        let mut text = lines.join("\r\n");
        text.push_str("\r\n");
        Ok(text)
    }
}

/// A segment writer at FEBRABAN's positions.
type Segment = fn(&Company, &Title, u64) -> Result<Line, CnabError>;

/// A finished line with its bank's differences applied.
fn adapted(record: Record, l: Line, c: &Company, t: Option<&Title>) -> Result<String, CnabError> {
    let mut line = l.finish();
    adapt(record, &mut line, c, t)?;
    Ok(line)
}

fn segment_start(c: &Company, t: &Title, seq: u64, segment: char) -> Result<Line, CnabError> {
    let mut l = Line::new();
    control(&mut l, c.bank, "0001", '3');
    l.int("registro", 9, 13, seq)?;
    l.alpha(14, 14, &segment.to_string());
    l.blank(15, 15);
    l.alpha(16, 17, t.instruction.code());
    Ok(l)
}

fn segment_p(c: &Company, t: &Title, seq: u64) -> Result<Line, CnabError> {
    let mut l = segment_start(c, t, seq, 'P')?;
    account(&mut l, c, 18)?;
    l.alpha(38, 57, &t.nosso_numero);
    l.alpha(58, 58, &t.carteira_code.to_string());
    l.alpha(59, 59, "1");
    l.alpha(60, 60, "1");
    // The beneficiary prints and delivers the slip.
    l.alpha(61, 61, "2");
    l.alpha(62, 62, "2");
    l.alpha(63, 77, &t.document);
    l.date(78, Some(t.due));
    l.money("valor", 86, 100, t.amount)?;
    l.num("agência cobradora", 101, 105, "0")?;
    l.blank(106, 106);
    // 02: duplicata mercantil; N: sem aceite.
    l.alpha(107, 108, "02");
    l.alpha(109, 109, "N");
    l.date(110, Some(t.issued_on));
    match t.juros_month_pct {
        Some(p) if p > Decimal::ZERO => {
            l.alpha(118, 118, "2");
            l.date(119, t.due.succ_opt());
            l.money("juros", 127, 141, p)?;
        }
        _ => {
            l.alpha(118, 118, "3");
            l.date(119, None);
            l.money("juros", 127, 141, Decimal::ZERO)?;
        }
    }
    match t.discount {
        Some((until, amount)) => {
            l.alpha(142, 142, "1");
            l.date(143, Some(until));
            l.money("desconto", 151, 165, amount)?;
        }
        None => {
            l.alpha(142, 142, "0");
            l.date(143, None);
            l.money("desconto", 151, 165, Decimal::ZERO)?;
        }
    }
    l.money("IOF", 166, 180, Decimal::ZERO)?;
    l.money("abatimento", 181, 195, Decimal::ZERO)?;
    l.alpha(196, 220, &t.reference);
    match t.protest_days {
        Some(days) => {
            l.alpha(221, 221, "1");
            l.int("dias para protesto", 222, 223, days.into())?;
        }
        None => {
            l.alpha(221, 221, "3");
            l.int("dias para protesto", 222, 223, 0)?;
        }
    }
    match t.baixa_days {
        Some(days) => {
            l.alpha(224, 224, "1");
            l.int("dias para baixa", 225, 227, days.into())?;
        }
        None => {
            l.alpha(224, 224, "2");
            l.int("dias para baixa", 225, 227, 0)?;
        }
    }
    l.alpha(228, 229, "09");
    l.num("contrato", 230, 239, "0")?;
    l.blank(240, 240);
    Ok(l)
}

fn segment_q(c: &Company, t: &Title, seq: u64) -> Result<Line, CnabError> {
    let p = &t.payer;
    let mut l = segment_start(c, t, seq, 'Q')?;
    l.alpha(18, 18, &p.inscription.kind().to_string());
    l.num("CPF/CNPJ do pagador", 19, 33, &p.inscription.digits)?;
    l.alpha(34, 73, &p.name);
    l.alpha(74, 113, &p.address);
    l.alpha(114, 128, &p.district);
    let cep: String = p.cep.chars().filter(char::is_ascii_digit).collect();
    if cep.len() != 8 {
        return Err(CnabError::Field {
            field: "CEP do pagador",
            reason: "o CEP tem 8 dígitos".into(),
        });
    }
    l.num("CEP", 129, 133, &cep[..5])?;
    l.num("sufixo do CEP", 134, 136, &cep[5..])?;
    l.alpha(137, 151, &p.city);
    l.alpha(152, 153, &p.uf);
    l.alpha(154, 154, "0");
    l.num("sacador", 155, 169, "0")?;
    l.blank(170, 209);
    l.num("banco correspondente", 210, 212, "0")?;
    l.blank(213, 232);
    l.blank(233, 240);
    Ok(l)
}

fn segment_r(c: &Company, t: &Title, seq: u64) -> Result<Line, CnabError> {
    let mut l = segment_start(c, t, seq, 'R')?;
    for from in [18usize, 42] {
        l.alpha(from, from, "0");
        l.date(from + 1, None);
        l.money("desconto", from + 9, from + 23, Decimal::ZERO)?;
    }
    match t.multa_pct {
        Some(p) if p > Decimal::ZERO => {
            l.alpha(66, 66, "2");
            l.date(67, t.due.succ_opt());
            l.money("multa", 75, 89, p)?;
        }
        _ => {
            l.alpha(66, 66, "0");
            l.date(67, None);
            l.money("multa", 75, 89, Decimal::ZERO)?;
        }
    }
    l.blank(90, 99);
    l.alpha(100, 139, t.messages.first().map_or("", String::as_str));
    l.alpha(140, 179, t.messages.get(1).map_or("", String::as_str));
    l.blank(180, 199);
    l.num("ocorrência do pagador", 200, 207, "0")?;
    l.num("banco de débito", 208, 210, "0")?;
    l.num("agência de débito", 211, 215, "0")?;
    l.blank(216, 216);
    l.num("conta de débito", 217, 228, "0")?;
    l.blank(229, 230);
    l.alpha(231, 231, "0");
    l.blank(232, 240);
    Ok(l)
}
