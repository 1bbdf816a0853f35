//! Each bank's differences from FEBRABAN's CNAB 240 in the remessa: the writer builds every
//! line at FEBRABAN's positions and [`adapt`] then rewrites the positions a bank's own
//! layout places differently (its header codes, where agência, conta and convênio go, how
//! the nosso número is split in segment P, layout versions). Positions follow the banks'
//! CNAB 240 cobrança manuals as the independent implementations in the tests transcribe
//! them (the Python package python3-cnab's bank specs and the npm package
//! @banco-br/cnab_yaml's per-bank layouts).

use super::{CnabError, Company, Title};
use crate::boleto::Bank;
use crate::pix::normalize_text;

/// Which record of the remessa a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Record {
    FileHeader,
    LotHeader,
    P,
    Q,
    R,
    LotTrailer,
}

/// A line whose positions are rewritten.
struct Patch<'a>(&'a mut String);

impl Patch<'_> {
    /// Text at `from..=to` (1-based), upper-case ASCII, left-aligned, blank-padded.
    fn alpha(&mut self, from: usize, to: usize, value: &str) {
        let width = to + 1 - from;
        let text = normalize_text(value, width).to_uppercase();
        self.0
            .replace_range(from - 1..to, &format!("{text:<width$}"));
    }

    fn blank(&mut self, from: usize, to: usize) {
        self.alpha(from, to, "");
    }

    /// Digits at `from..=to`, right-aligned with zeros.
    fn num(
        &mut self,
        field: &'static str,
        from: usize,
        to: usize,
        value: &str,
    ) -> Result<(), CnabError> {
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
        self.0.replace_range(from - 1..to, &format!("{v:0>width$}"));
        Ok(())
    }

    fn zeros(&mut self, from: usize, to: usize) {
        let width = to + 1 - from;
        self.0.replace_range(from - 1..to, &"0".repeat(width));
    }

    /// The text currently at `from..=to`.
    fn get(&self, from: usize, to: usize) -> String {
        self.0[from - 1..to].to_string()
    }
}

/// Rewrites `line` (a `record` of the remessa, built at FEBRABAN's positions) where `c`'s
/// bank places fields differently. `t` is the title of a segment line.
pub(crate) fn adapt(
    record: Record,
    line: &mut String,
    c: &Company,
    t: Option<&Title>,
) -> Result<(), CnabError> {
    let mut p = Patch(line);
    match c.bank {
        Bank::Itau => itau(record, &mut p, c, t),
        Bank::Bradesco => bradesco(record, &mut p, c, t),
        Bank::BancoDoBrasil => banco_do_brasil(record, &mut p, c),
        Bank::Caixa => caixa(record, &mut p, c, t),
        Bank::Santander => santander(record, &mut p, c, t),
        Bank::Sicoob => sicoob(record, &mut p, t),
    }
}

/// Itaú: agência (4) and conta (5) with zero fillers and the DAC one position on; in segment
/// P carteira (3), nosso número (8) and its DAC, then zeros where FEBRABAN has the codes of
/// carteira and emission; seu número of 10; a zero agência cobradora DAC; prazo de baixa of
/// 2; payer's name of 30.
fn itau(
    record: Record,
    p: &mut Patch<'_>,
    c: &Company,
    t: Option<&Title>,
) -> Result<(), CnabError> {
    match record {
        Record::FileHeader => {
            p.blank(33, 52);
            p.zeros(53, 53);
            p.num("agência", 54, 57, &c.agencia)?;
            p.blank(58, 58);
            p.zeros(59, 65);
            p.num("conta", 66, 70, &c.conta)?;
            p.blank(71, 71);
            p.num("DAC da conta", 72, 72, &c.conta_dv)?;
            p.num("layout", 164, 166, "040")?;
        }
        Record::LotHeader => {
            p.num("layout do lote", 14, 16, "030")?;
            p.blank(34, 53);
            p.zeros(54, 54);
            p.num("agência", 55, 58, &c.agencia)?;
            p.blank(59, 59);
            p.zeros(60, 66);
            p.num("conta", 67, 71, &c.conta)?;
            p.blank(72, 72);
            p.num("DAC da conta", 73, 73, &c.conta_dv)?;
        }
        Record::P => {
            let t = title(t)?;
            p.zeros(18, 18);
            p.num("agência", 19, 22, &c.agencia)?;
            p.blank(23, 23);
            p.zeros(24, 30);
            p.num("conta", 31, 35, &c.conta)?;
            p.blank(36, 36);
            p.num("DAC da conta", 37, 37, &c.conta_dv)?;
            // carteira + nosso número + DAC, 12 digits.
            p.num("nosso número", 38, 49, &t.nosso_numero)?;
            p.blank(50, 57);
            p.zeros(58, 62);
            // The agência cobradora's DAC is numeric at Itaú: zero, as the agência.
            p.zeros(106, 106);
            let document = p.get(63, 77);
            p.alpha(63, 72, &document);
            p.blank(73, 77);
            let days = t.baixa_days.unwrap_or(0);
            p.num("dias para baixa", 225, 226, &days.to_string())?;
            p.zeros(227, 239);
        }
        Record::Q => {
            let name = p.get(34, 73);
            p.alpha(34, 63, &name);
            p.blank(64, 73);
            p.blank(200, 209);
            p.blank(213, 240);
        }
        Record::R => {
            p.blank(140, 199);
        }
        Record::LotTrailer => {}
    }
    Ok(())
}

/// Bradesco: layout 084 at density 06250, lote 042; segment P's identificação do título is
/// carteira (3), five zeros, nosso número (11) and its digit.
fn bradesco(
    record: Record,
    p: &mut Patch<'_>,
    c: &Company,
    t: Option<&Title>,
) -> Result<(), CnabError> {
    match record {
        Record::FileHeader => {
            p.num("convênio", 33, 52, &c.convenio)?;
            p.num("layout", 164, 166, "084")?;
            p.num("densidade", 167, 171, "06250")?;
        }
        Record::LotHeader => {
            p.num("layout do lote", 14, 16, "042")?;
            p.num("convênio", 34, 53, &c.convenio)?;
        }
        Record::P => {
            let t = title(t)?;
            p.num("carteira", 38, 40, &c.carteira)?;
            p.zeros(41, 45);
            // nosso número (11) + digit, which may be P.
            let nosso = t.nosso_numero.trim();
            let (digits, dv) = nosso.split_at(nosso.len().saturating_sub(1));
            p.num("nosso número", 46, 56, digits)?;
            p.alpha(57, 57, dv);
        }
        _ => {}
    }
    Ok(())
}

/// Banco do Brasil: the 20 positions of the convênio are convênio (9), `0014` (cobrança
/// cedente), carteira (2), variação (3) and two blanks, in both headers.
fn banco_do_brasil(record: Record, p: &mut Patch<'_>, c: &Company) -> Result<(), CnabError> {
    let at = match record {
        Record::FileHeader => 33,
        Record::LotHeader => 34,
        _ => return Ok(()),
    };
    p.num("convênio", at, at + 8, &c.convenio)?;
    p.num("cobrança cedente", at + 9, at + 12, "0014")?;
    p.num("carteira", at + 13, at + 14, &c.carteira)?;
    p.num("variação da carteira", at + 15, at + 17, &c.variacao)?;
    p.blank(at + 18, at + 19);
    Ok(())
}

/// Caixa (SIGCB): no conta, the código do beneficiário (6) instead; segment P carries
/// modalidade and nosso número as 17 digits at 41-57, and seu número of 11.
fn caixa(
    record: Record,
    p: &mut Patch<'_>,
    c: &Company,
    t: Option<&Title>,
) -> Result<(), CnabError> {
    match record {
        Record::FileHeader => {
            p.zeros(33, 52);
            p.num("código do beneficiário", 59, 64, &c.convenio)?;
            p.zeros(65, 72);
            p.num("layout", 164, 166, "050")?;
            p.zeros(167, 171);
        }
        Record::LotHeader => {
            p.num("layout do lote", 14, 16, "030")?;
            p.num("código do beneficiário", 34, 39, &c.convenio)?;
            p.zeros(40, 53);
            p.num("código do beneficiário", 60, 65, &c.convenio)?;
            p.zeros(66, 73);
        }
        Record::P => {
            let t = title(t)?;
            p.num("código do beneficiário", 24, 29, &c.convenio)?;
            p.zeros(30, 40);
            p.num("nosso número", 41, 57, &t.nosso_numero)?;
            // The beneficiary distributes the slip.
            p.zeros(62, 62);
            let document = p.get(63, 77);
            p.alpha(63, 73, &document);
            p.blank(74, 77);
        }
        Record::LotTrailer => {
            p.blank(93, 123);
        }
        _ => {}
    }
    Ok(())
}

/// Santander: the código de transmissão (15) instead of convênio, agência and conta in the
/// headers; segment P with agência (4), conta (9), conta cobrança (9) and nosso número (13)
/// at 45-57, tipo de cobrança 5; segment Q's parcela fields; no third desconto in R.
fn santander(
    record: Record,
    p: &mut Patch<'_>,
    c: &Company,
    t: Option<&Title>,
) -> Result<(), CnabError> {
    match record {
        Record::FileHeader => {
            let kind = p.get(18, 18);
            let inscription = p.get(19, 32);
            p.blank(9, 16);
            p.alpha(17, 17, &kind);
            p.num("CNPJ/CPF", 18, 32, &inscription)?;
            p.num("código de transmissão", 33, 47, &c.transmission_code)?;
            p.blank(48, 72);
            p.blank(152, 157);
            p.num("layout", 164, 166, "040")?;
            p.blank(167, 240);
        }
        Record::LotHeader => {
            p.num("layout do lote", 14, 16, "030")?;
            p.blank(34, 53);
            p.num("código de transmissão", 54, 68, &c.transmission_code)?;
            p.blank(69, 73);
        }
        Record::P => {
            let t = title(t)?;
            p.num("agência", 18, 21, &c.agencia)?;
            p.num("DV da agência", 22, 22, &c.agencia_dv)?;
            p.num("conta", 23, 31, &c.conta)?;
            p.num("DV da conta", 32, 32, &c.conta_dv)?;
            p.num("conta cobrança", 33, 41, &c.conta)?;
            p.num("DV da conta cobrança", 42, 42, &c.conta_dv)?;
            p.blank(43, 44);
            p.num("nosso número", 45, 57, &t.nosso_numero)?;
            p.num("tipo de cobrança", 58, 58, "5")?;
            p.zeros(225, 225);
            let days = t.baixa_days.unwrap_or(0);
            p.num("dias para baixa", 226, 227, &days.to_string())?;
            p.zeros(228, 229);
            p.blank(230, 240);
        }
        Record::Q => {
            p.zeros(213, 221);
            p.blank(222, 240);
        }
        Record::R => {
            p.blank(42, 65);
        }
        Record::LotTrailer => {}
    }
    Ok(())
}

/// Sicoob: layout 081, lote 040; no convênio in the file header; segment P's nosso número
/// is the number and its digit (10), parcela `01`, modalidade `01`, formulário `4` (A4 sem
/// envelopamento) and five blanks.
fn sicoob(record: Record, p: &mut Patch<'_>, t: Option<&Title>) -> Result<(), CnabError> {
    match record {
        Record::FileHeader => {
            p.blank(33, 52);
            p.num("layout", 164, 166, "081")?;
        }
        Record::LotHeader => {
            p.num("layout do lote", 14, 16, "040")?;
        }
        Record::P => {
            let t = title(t)?;
            p.num("nosso número", 38, 47, &t.nosso_numero)?;
            p.num("parcela", 48, 49, "01")?;
            p.num("modalidade", 50, 51, "01")?;
            p.num("tipo de formulário", 52, 52, "4")?;
            p.blank(53, 57);
        }
        _ => {}
    }
    Ok(())
}

fn title(t: Option<&Title>) -> Result<&Title, CnabError> {
    t.ok_or(CnabError::Field {
        field: "título",
        reason: "segmento sem título".into(),
    })
}
