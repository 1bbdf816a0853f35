//! Carteiras de cobrança and boleto charges: the beneficiary's agreement with a bank for one
//! account, the nosso números each device draws, the remessa CNAB 240 of the charges not yet
//! sent and the import of the bank's retorno.
//!
//! Collection `carteiras/<id>`: a [`Carteira`]. Nosso números are never issued twice, even by
//! devices working offline at the same time: the number space is cut into units of
//! [`Carteira::unit`] numbers, and each device owns a disjoint share of the units (collection
//! `number_shares/<actor hex>`, a [`NumberShare`]: the units whose index modulo `2^bits` is
//! `residue`). The business's first device owns every unit; a device holding a share hands
//! half of it to each device it sees without one (in its next carteira operation or by
//! [`Business::grant_number_shares`]), writing its own smaller share and the new one in the
//! same change, after every block it claimed, so whoever sees the grant sees those blocks too.
//! A device takes a unit of its share that no recorded block touches as a block (`blocks/<actor
//! hex>:<start>` in the carteira, written only by that device) and issues from it. A device
//! without a share issues nothing and says why. Blocks drawn before shares existed
//! (`from_share` false) are no longer drawn from.
//!
//! The boleto state of a charge lives in the charge ([`crate::charges::ChargeBoleto`]).
//! Remessas and retornos are recorded in the carteira (file sequence, which charges);
//! importing a retorno is one change, and importing the same file again changes nothing.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::business::{new_id, Business, Id, OpCtx, Tx};
use crate::charges::{self, Charge, ChargeBoleto, ChargeMethod, NewCharge, PayCharge, CHARGES};
use crate::error::{CoreError, CoreResult};
use crate::formats::boleto::{self as fb, Bank, BoletoAccount, IssuedBoleto};
use crate::formats::cnab240::{self as cnab, Movement};
use crate::ledger::{
    self, categories, AccountKind, Cancellation, EntryKind, NewEntry, NewPayment, ENTRIES,
};
use crate::money;

mod terms;
pub use terms::{BoletoDiscount, BoletoTerms, MAX_JUROS_MONTH_PCT, MAX_MULTA_PCT};

/// Collection of carteiras.
pub const CARTEIRAS: &str = "carteiras";

/// Collection of the devices' shares of the nosso número space, keyed by actor hex.
pub const NUMBER_SHARES: &str = "number_shares";

/// The most numbers one device takes at a time.
pub const MAX_BLOCK: u64 = 1000;

/// The deepest a share may be split: beyond it a device has too few units to give.
pub const MAX_SHARE_BITS: u32 = 40;

/// A device's share of the nosso número space of every carteira: the units whose index
/// (`number / unit`) modulo `2^bits` is `residue`.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct NumberShare {
    /// How many times the space was halved to reach this share.
    pub bits: u32,
    /// Which of the `2^bits` classes of units.
    pub residue: u64,
    /// The device that handed it (actor hex); empty for the business's first device.
    pub granted_by: String,
    /// Another device took this share over after a person said this device is gone for
    /// good (actor hex of the one that took it); a retired share issues nothing.
    #[autosurgeon(missing = "Default::default")]
    pub retired_by: Option<String>,
}

impl NumberShare {
    /// The whole space, held by the business's first device.
    pub fn whole() -> NumberShare {
        NumberShare {
            bits: 0,
            residue: 0,
            granted_by: String::new(),
            retired_by: None,
        }
    }

    /// Whether unit `index` belongs to this share.
    pub fn holds(&self, index: u64) -> bool {
        index % (1u64 << self.bits) == self.residue
    }

    /// This share halved: what the holder keeps and what it hands to another device.
    fn split(&self, holder: &str) -> Option<(NumberShare, NumberShare)> {
        if self.bits >= MAX_SHARE_BITS {
            return None;
        }
        let keep = NumberShare {
            bits: self.bits + 1,
            residue: self.residue,
            granted_by: self.granted_by.clone(),
            retired_by: None,
        };
        let give = NumberShare {
            bits: self.bits + 1,
            residue: self.residue + (1u64 << self.bits),
            granted_by: holder.to_string(),
            retired_by: None,
        };
        Some((keep, give))
    }
}

/// A block of nosso números taken by one device.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct NumberBlock {
    /// Actor (hex) of the device that took it.
    pub device: String,
    /// First number.
    pub start: u64,
    /// Last number.
    pub end: u64,
    /// The next number this device will use; `end + 1` once used up.
    pub next: u64,
    /// Taken from the device's [`NumberShare`]; blocks taken before shares existed are not
    /// drawn from any more.
    #[autosurgeon(missing = "Default::default")]
    pub from_share: bool,
}

/// A remessa file generated for the carteira.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct RemessaFile {
    /// NSA, the file's sequence number.
    pub sequence: u64,
    /// When it was generated (device date).
    #[autosurgeon(with = "crate::codec::date")]
    pub created_on: NaiveDate,
    /// Charges registered (entrada).
    pub entries: Vec<Id>,
    /// Charges written off (pedido de baixa).
    pub baixas: Vec<Id>,
}

/// A retorno file imported.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct RetornoFile {
    /// The bank's NSA.
    pub sequence: u64,
    /// When it was imported.
    #[autosurgeon(with = "crate::codec::date")]
    pub imported_on: NaiveDate,
    /// Titles it carried.
    pub titles: u64,
}

/// A carteira de cobrança: one bank agreement for one account.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Carteira {
    /// The ledger account the money arrives in.
    pub account: Id,
    /// Bank code (`341`).
    pub bank: String,
    /// Agência.
    pub agencia: String,
    /// Agência DV.
    pub agencia_dv: Option<String>,
    /// Conta.
    pub conta: String,
    /// Conta DV.
    pub conta_dv: Option<String>,
    /// Convênio / código do beneficiário.
    pub convenio: Option<String>,
    /// Carteira code (`109`).
    pub carteira: String,
    /// Banco do Brasil: variação da carteira (3 digits, `019`).
    #[autosurgeon(missing = "Default::default")]
    pub variacao: Option<String>,
    /// Santander: código de transmissão of the remessa (15 digits).
    #[autosurgeon(missing = "Default::default")]
    pub transmission_code: Option<String>,
    /// First nosso número of the range the bank assigned.
    pub range_start: u64,
    /// Last nosso número of the range.
    pub range_end: u64,
    /// Juros de mora, % ao mês.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub juros_month_pct: Decimal,
    /// Multa, %.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub multa_pct: Decimal,
    /// Desconto for payment until the due date, in reais.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub discount: Decimal,
    /// Protest after these days, none when `None`.
    pub protest_days: Option<u64>,
    /// Baixa after these days past due, none when `None`.
    pub baixa_days: Option<u64>,
    /// Instructions printed on the boleto.
    pub instructions: String,
    /// Numbers per unit of the nosso número space, fixed when the carteira is first saved so
    /// that every device cuts the space the same way whatever the range becomes.
    #[autosurgeon(missing = "Default::default")]
    pub unit: Option<u64>,
    /// Blocks taken, keyed `<actor hex>:<start>`.
    pub blocks: BTreeMap<String, NumberBlock>,
    /// Remessas generated, keyed by id.
    pub remessas: BTreeMap<Id, RemessaFile>,
    /// Retornos imported, keyed `<NSA>:<content hash>`.
    pub retornos: BTreeMap<String, RetornoFile>,
}

impl Carteira {
    /// The bank.
    pub fn bank(&self) -> CoreResult<Bank> {
        Bank::from_code(&self.bank).map_err(|e| CoreError::invalid("Banco", e.to_string()))
    }

    /// The account as the boleto layouts take it.
    pub fn boleto_account(&self) -> CoreResult<BoletoAccount> {
        Ok(BoletoAccount {
            bank: self.bank()?,
            agencia: self.agencia.clone(),
            agencia_dv: self.agencia_dv.clone(),
            conta: self.conta.clone(),
            conta_dv: self.conta_dv.clone(),
            convenio: self.convenio.clone(),
            carteira: self.carteira.clone(),
        })
    }

    /// Numbers per unit (and per block): at most [`MAX_BLOCK`], and small enough that the
    /// range first saved holds 4096 units, so shares split many times still hold numbers.
    pub fn unit(&self) -> u64 {
        self.unit
            .unwrap_or_else(|| unit_for(self.range_start, self.range_end))
    }

    /// The next remessa sequence number.
    pub fn next_remessa(&self) -> u64 {
        self.remessas
            .values()
            .map(|r| r.sequence)
            .max()
            .unwrap_or(0)
            + 1
    }
}

/// What a person types to configure a carteira.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CarteiraInput {
    /// Ledger account (a bank account).
    pub account: Id,
    /// Bank code.
    pub bank: String,
    /// Agência.
    pub agencia: String,
    /// Agência DV.
    pub agencia_dv: Option<String>,
    /// Conta.
    pub conta: String,
    /// Conta DV.
    pub conta_dv: Option<String>,
    /// Convênio / código do beneficiário.
    pub convenio: Option<String>,
    /// Carteira.
    pub carteira: String,
    /// Banco do Brasil: variação da carteira.
    pub variacao: Option<String>,
    /// Santander: código de transmissão.
    pub transmission_code: Option<String>,
    /// First nosso número of the range.
    pub range_start: u64,
    /// Last nosso número of the range; the layout's maximum when `None`.
    pub range_end: Option<u64>,
    /// Juros % ao mês.
    pub juros_month_pct: Decimal,
    /// Multa %.
    pub multa_pct: Decimal,
    /// Desconto in reais until the due date.
    pub discount: Decimal,
    /// Protest days.
    pub protest_days: Option<u64>,
    /// Baixa days.
    pub baixa_days: Option<u64>,
    /// Instructions.
    pub instructions: String,
}

/// The unit size for a range.
fn unit_for(start: u64, end: u64) -> u64 {
    let len = end.saturating_sub(start) + 1;
    (len / 4096).clamp(1, MAX_BLOCK)
}

fn digits_opt(value: Option<&str>) -> Option<String> {
    money::optional_text(value)
}

fn check_pct(field: &'static str, v: Decimal, max: Decimal) -> CoreResult<Decimal> {
    if v < Decimal::ZERO || v > max {
        return Err(CoreError::invalid(
            field,
            format!("informe de 0 a {}%.", max.normalize()),
        ));
    }
    Ok(v)
}

/// The codes only one bank's remessa needs: Banco do Brasil's variação (3 digits) and
/// Santander's código de transmissão (15 digits); other banks keep neither.
fn check_remessa_codes(
    bank: Bank,
    variacao: Option<String>,
    transmission_code: Option<String>,
) -> CoreResult<(Option<String>, Option<String>)> {
    let digits = |v: &str, n: usize| v.len() == n && v.bytes().all(|b| b.is_ascii_digit());
    match bank {
        Bank::BancoDoBrasil => match variacao {
            Some(v) if digits(&v, 3) => Ok((Some(v), None)),
            _ => Err(CoreError::invalid(
                "Variação da carteira",
                "informe os 3 dígitos da variação que o Banco do Brasil informou (ex.: 019).",
            )),
        },
        Bank::Santander => match transmission_code {
            Some(v) if digits(&v, 15) => Ok((None, Some(v))),
            _ => Err(CoreError::invalid(
                "Código de transmissão",
                "informe os 15 dígitos do código de transmissão que o Santander forneceu para a remessa.",
            )),
        },
        _ => Ok((None, None)),
    }
}

/// Validates a carteira for its bank and the account.
fn build_carteira(
    tx: &Tx<'_>,
    input: CarteiraInput,
    old: Option<Carteira>,
) -> CoreResult<Carteira> {
    let account = ledger::check_account(tx, &input.account)?;
    if account.kind != AccountKind::Bank {
        return Err(CoreError::invalid(
            "Conta",
            format!("\"{}\" não é uma conta bancária.", account.name),
        ));
    }
    let bank =
        Bank::from_code(&input.bank).map_err(|e| CoreError::invalid("Banco", e.to_string()))?;
    let boleto_account = BoletoAccount {
        bank,
        agencia: input.agencia.trim().to_string(),
        agencia_dv: digits_opt(input.agencia_dv.as_deref()),
        conta: input.conta.trim().to_string(),
        conta_dv: digits_opt(input.conta_dv.as_deref()),
        convenio: digits_opt(input.convenio.as_deref()),
        carteira: input.carteira.trim().to_string(),
    };
    fb::issue::validate_account(&boleto_account)
        .map_err(|e| CoreError::invalid("Carteira", e.to_string()))?;
    let variacao = digits_opt(input.variacao.as_deref());
    let transmission_code = digits_opt(input.transmission_code.as_deref());
    let (variacao, transmission_code) = check_remessa_codes(bank, variacao, transmission_code)?;
    let max = fb::issue::max_nosso_numero(&boleto_account);
    let end = input.range_end.unwrap_or(max);
    if input.range_start == 0 || input.range_start > end || end > max {
        return Err(CoreError::invalid(
            "Faixa de nosso número",
            format!("informe uma faixa entre 1 e {max} para {}.", bank.name()),
        ));
    }
    let juros = check_pct(
        "Juros",
        input.juros_month_pct,
        Decimal::from(MAX_JUROS_MONTH_PCT),
    )?;
    let multa = check_pct("Multa", input.multa_pct, Decimal::from(MAX_MULTA_PCT))?;
    if input.discount < Decimal::ZERO {
        return Err(CoreError::invalid(
            "Desconto",
            "o desconto não pode ser negativo.",
        ));
    }
    terms::check_days(input.protest_days, input.baixa_days)?;
    let old = old.unwrap_or(Carteira {
        account: String::new(),
        bank: String::new(),
        agencia: String::new(),
        agencia_dv: None,
        conta: String::new(),
        conta_dv: None,
        convenio: None,
        carteira: String::new(),
        variacao: None,
        transmission_code: None,
        range_start: 0,
        range_end: 0,
        juros_month_pct: Decimal::ZERO,
        multa_pct: Decimal::ZERO,
        discount: Decimal::ZERO,
        protest_days: None,
        baixa_days: None,
        instructions: String::new(),
        unit: None,
        blocks: BTreeMap::new(),
        remessas: BTreeMap::new(),
        retornos: BTreeMap::new(),
    });
    Ok(Carteira {
        account: input.account,
        bank: bank.code().to_string(),
        agencia: boleto_account.agencia,
        agencia_dv: boleto_account.agencia_dv,
        conta: boleto_account.conta,
        conta_dv: boleto_account.conta_dv,
        convenio: boleto_account.convenio,
        carteira: boleto_account.carteira,
        variacao,
        transmission_code,
        range_start: input.range_start,
        range_end: end,
        juros_month_pct: juros,
        multa_pct: multa,
        discount: input.discount,
        protest_days: input.protest_days,
        baixa_days: input.baixa_days,
        instructions: input.instructions.trim().to_string(),
        unit: Some(old.unit.unwrap_or_else(|| unit_for(input.range_start, end))),
        ..old
    })
}

/// Every block of `c` that overlaps a block of another device.
fn overlapping<'a>(c: &'a Carteira, block: &NumberBlock) -> impl Iterator<Item = &'a NumberBlock> {
    let (start, end, device) = (block.start, block.end, block.device.clone());
    c.blocks
        .values()
        .filter(move |b| b.device != device && b.start <= end && start <= b.end)
}

/// Draws the next nosso número for `device` holding `share`: from its current block, or
/// from a new block on the first unit of its share that no recorded block touches.
fn draw_number(c: &mut Carteira, device: &str, share: &NumberShare) -> CoreResult<u64> {
    let usable = c
        .blocks
        .iter()
        .find(|(_, b)| {
            b.device == device
                && b.from_share
                && b.next <= b.end
                && (c.range_start..=c.range_end).contains(&b.next)
        })
        .map(|(k, _)| k.clone());
    let key = match usable {
        Some(k) => k,
        None => {
            let (start, end) = free_unit(c, share).ok_or_else(|| {
                CoreError::not_allowed(
                    "A faixa de nosso número desta carteira acabou: peça uma nova faixa ao banco e atualize a carteira.",
                )
            })?;
            let key = format!("{device}:{start}");
            c.blocks.insert(
                key.clone(),
                NumberBlock {
                    device: device.to_string(),
                    start,
                    end,
                    next: start,
                    from_share: true,
                },
            );
            key
        }
    };
    let block = c
        .blocks
        .get_mut(&key)
        .ok_or_else(|| CoreError::not_allowed("Bloco de nosso número não encontrado."))?;
    let n = block.next;
    block.next += 1;
    Ok(n)
}

/// The first unit of `share` inside the range that no block touches, as its first and last
/// number within the range.
fn free_unit(c: &Carteira, share: &NumberShare) -> Option<(u64, u64)> {
    let unit = c.unit();
    let step = 1u64 << share.bits;
    let low = c.range_start / unit;
    let mut index = low + (share.residue + step - low % step) % step;
    loop {
        let first = index.checked_mul(unit)?.max(c.range_start);
        if first > c.range_end {
            return None;
        }
        let last = (index * unit + unit - 1).min(c.range_end);
        if c.blocks.values().all(|b| b.end < first || last < b.start) {
            return Some((first, last));
        }
        index = index.checked_add(step)?;
    }
}

/// The share `device` holds: its record, or the whole space for the business's first device
/// while nobody holds one (`first_writer`).
fn share_of(tx: &Tx<'_>, device: &str, first_writer: bool) -> CoreResult<Option<NumberShare>> {
    if let Some(share) = tx.get::<NumberShare>(NUMBER_SHARES, device)? {
        return Ok(share.retired_by.is_none().then_some(share));
    }
    if first_writer && tx.list::<NumberShare>(NUMBER_SHARES)?.is_empty() {
        return Ok(Some(NumberShare::whole()));
    }
    Ok(None)
}

/// Hands half of `device`'s share to each device of the document that has none; returns
/// the share `device` keeps (`None` when it holds none) and the devices served.
fn tx_grant_shares(
    tx: &mut Tx<'_>,
    device: &str,
    first_writer: bool,
) -> CoreResult<(Option<NumberShare>, Vec<String>)> {
    let Some(mut mine) = share_of(tx, device, first_writer)? else {
        return Ok((None, Vec::new()));
    };
    let devices: Vec<(String, crate::business::DeviceRecord)> =
        tx.list(crate::business::DEVICES)?;
    let mut served = Vec::new();
    for (other, _) in devices {
        if other == device || tx.get::<NumberShare>(NUMBER_SHARES, &other)?.is_some() {
            continue;
        }
        let Some((keep, give)) = mine.split(device) else {
            break;
        };
        tx.put(NUMBER_SHARES, &other, &give)?;
        mine = keep;
        served.push(other);
    }
    if !served.is_empty() || first_writer {
        let recorded: Option<NumberShare> = tx.get(NUMBER_SHARES, device)?;
        if recorded.as_ref() != Some(&mine) {
            tx.put(NUMBER_SHARES, device, &mine)?;
        }
    }
    Ok((Some(mine), served))
}

/// Why a device without a share of the nosso número space cannot issue boletos.
pub const NO_SHARE: &str = "Este aparelho ainda não recebeu sua parte da faixa de nosso número. Sincronize este aparelho e o que já emite boletos (em Cobranças › Boletos, toque em \"Liberar faixa para outros aparelhos\") e tente de novo.";

/// A printable boleto: everything the ficha de compensação and the recibo show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoletoSlip {
    /// The charge.
    pub charge_id: Id,
    /// The issued slip (barcode, linha, nosso número).
    pub issued: IssuedBoleto,
    /// Bank name.
    pub bank_name: String,
    /// Beneficiary name.
    pub beneficiary: String,
    /// Beneficiary CPF/CNPJ, formatted.
    pub beneficiary_tax_id: Option<String>,
    /// Payer name.
    pub payer: String,
    /// Payer CPF/CNPJ, formatted.
    pub payer_tax_id: Option<String>,
    /// Payer address.
    pub payer_address: Option<String>,
    /// Amount.
    pub amount: Decimal,
    /// Due date.
    pub due_date: NaiveDate,
    /// Issue date (data do documento).
    pub issued_on: NaiveDate,
    /// Número do documento.
    pub document: String,
    /// Carteira code.
    pub carteira: String,
    /// Instructions, pt-BR lines (juros, multa, desconto, the carteira's text).
    pub instructions: Vec<String>,
    /// Pix copia e cola for the same amount (boleto híbrido), when the business has a key.
    pub pix_payload: Option<String>,
}

/// What a remessa produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemessaOutput {
    /// Suggested file name.
    pub file_name: String,
    /// The file's text.
    pub text: String,
    /// NSA.
    pub sequence: u64,
    /// Charges registered.
    pub entries: usize,
    /// Pedidos de baixa.
    pub baixas: usize,
}

/// What a retorno import did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RetornoSummary {
    /// The file had been imported before: nothing changed.
    pub already_imported: bool,
    /// Entradas confirmadas.
    pub registered: usize,
    /// Entradas rejeitadas, with the bank's reasons.
    pub rejected: Vec<(Id, String)>,
    /// Charges paid.
    pub paid: usize,
    /// Baixas.
    pub written_off: usize,
    /// Open charges the bank's baixa closed.
    pub closed: usize,
    /// Titles that match no charge of this carteira.
    pub unknown: usize,
    /// Total bank fees recorded as expenses.
    pub fees: Decimal,
    /// Other occurrences that carry the bank's reasons (an instruction or a change the bank
    /// refused), said in pt-BR: the boleto itself stays as it was.
    #[serde(default)]
    pub notices: Vec<(Id, String)>,
}

/// Document number of a charge on the slip and in the remessa.
fn document_number(id: &str) -> String {
    id.chars()
        .filter(char::is_ascii_alphanumeric)
        .take(10)
        .collect::<String>()
        .to_uppercase()
}

/// FNV-1a of the file, to tell two retornos with the same NSA apart.
fn content_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Splits a free-text address into street, CEP, city and UF (`Rua A, 10, Centro, São Paulo -
/// SP, 01310-100`).
fn parse_address(text: &str) -> Option<(String, String, String, String, String)> {
    let digits_at: Vec<(usize, char)> = text.char_indices().collect();
    let mut cep = None;
    for w in 0..digits_at.len() {
        let chunk: String = digits_at[w..].iter().map(|(_, c)| *c).take(9).collect();
        let plain: String = chunk.chars().filter(char::is_ascii_digit).collect();
        let ok = (chunk.len() >= 9
            && chunk.chars().take(5).all(|c| c.is_ascii_digit())
            && chunk.chars().nth(5) == Some('-')
            && chunk.chars().skip(6).take(3).all(|c| c.is_ascii_digit()))
            || (chunk.chars().take(8).all(|c| c.is_ascii_digit()) && plain.len() >= 8);
        if ok {
            cep = Some((digits_at[w].0, plain.chars().take(8).collect::<String>()));
            break;
        }
    }
    let (at, cep) = cep?;
    let rest = text[..at].trim().trim_end_matches([',', '-']).trim();
    let (before, uf) = rest.rsplit_once(['-', '/'])?;
    let uf = uf.trim().to_uppercase();
    if uf.len() != 2 || !uf.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let parts: Vec<&str> = before
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let (city, street_parts) = parts.split_last()?;
    let (district, street) = match street_parts.split_last() {
        Some((d, s)) if !s.is_empty() => (d.to_string(), s.join(", ")),
        _ => (String::new(), street_parts.join(", ")),
    };
    Some((street, district, cep, city.to_string(), uf))
}

impl Business {
    /// Creates (`id` = `None`) or updates a carteira de cobrança.
    pub fn save_carteira(
        &mut self,
        ctx: &OpCtx,
        id: Option<&str>,
        input: CarteiraInput,
    ) -> CoreResult<Id> {
        let device = self.device().actor_hex();
        let first_writer = self.first_share_writer()?;
        self.apply(ctx, "carteira.save", |tx| {
            tx_grant_shares(tx, &device, first_writer)?;
            let (id, old) = match id {
                Some(id) => (
                    id.to_string(),
                    Some(tx.require::<Carteira>(CARTEIRAS, id, "Carteira")?),
                ),
                None => (new_id(), None),
            };
            let c = build_carteira(tx, input, old)?;
            tx.put(CARTEIRAS, &id, &c)?;
            tx.set_record(&id);
            Ok(id)
        })
    }

    /// One carteira.
    pub fn carteira(&self, id: &str) -> CoreResult<Carteira> {
        self.get(CARTEIRAS, id)?
            .ok_or_else(|| CoreError::not_found("Carteira", id))
    }

    /// Every carteira.
    pub fn carteiras(&self) -> CoreResult<Vec<(Id, Carteira)>> {
        crate::business::read_list::<Carteira>(self.doc(), CARTEIRAS)
    }

    /// The actor of the document's first change: the device that created the business.
    fn first_actor(&mut self) -> Option<String> {
        self.doc_mut_for_history()
            .get_changes_meta(&[])
            .iter()
            .filter(|m| m.deps.is_empty())
            .map(|m| m.actor.to_hex_string())
            .min()
    }

    /// Whether this device is the business's first and nobody holds a share yet: then it
    /// holds the whole nosso número space.
    fn first_share_writer(&mut self) -> CoreResult<bool> {
        if !crate::business::read_list::<NumberShare>(self.doc(), NUMBER_SHARES)?.is_empty() {
            return Ok(false);
        }
        Ok(self.first_actor() == Some(self.device().actor_hex()))
    }

    /// The share of the nosso número space this device holds, if any.
    pub fn number_share(&mut self) -> CoreResult<Option<NumberShare>> {
        let me = self.device().actor_hex();
        if let Some(share) = self.get::<NumberShare>(NUMBER_SHARES, &me)? {
            return Ok(share.retired_by.is_none().then_some(share));
        }
        Ok(self.first_share_writer()?.then(NumberShare::whole))
    }

    /// The devices of the document (actor hex, name) that hold no share of the nosso número
    /// space yet, and so cannot issue boletos.
    pub fn devices_without_number_share(&mut self) -> CoreResult<Vec<(String, String)>> {
        let shares = crate::business::read_list::<NumberShare>(self.doc(), NUMBER_SHARES)?;
        // Before any share is written, the first device holds the whole space implicitly.
        let implicit = if shares.is_empty() {
            self.first_actor()
        } else {
            None
        };
        Ok(self
            .devices()?
            .into_iter()
            .filter(|(actor, _)| {
                !shares.iter().any(|(k, _)| k == actor) && implicit.as_ref() != Some(actor)
            })
            .map(|(actor, record)| (actor, record.name))
            .collect())
    }

    /// Takes over the share of `lost`, a device a person says will never issue boletos again
    /// (lost, reset, replaced), for this device, which holds none: `lost`'s share is marked
    /// retired (so it issues nothing once it syncs) and this device draws from it, skipping
    /// every block recorded. Numbers `lost` issued offline and never synced could repeat:
    /// the screen says so before asking.
    pub fn take_over_number_share(&mut self, ctx: &OpCtx, lost: &str) -> CoreResult<()> {
        let me = self.device().actor_hex();
        if self.number_share()?.is_some() {
            return Err(CoreError::not_allowed(
                "Este aparelho já tem sua faixa de nosso número.",
            ));
        }
        let implicit = self.first_actor().filter(|a| a == lost).is_some()
            && crate::business::read_list::<NumberShare>(self.doc(), NUMBER_SHARES)?.is_empty();
        self.apply(ctx, "carteira.share_takeover", |tx| {
            let share = match tx.get::<NumberShare>(NUMBER_SHARES, lost)? {
                Some(s) if s.retired_by.is_none() => s,
                None if implicit => NumberShare::whole(),
                _ => {
                    return Err(CoreError::not_allowed(
                        "Esse aparelho não tem faixa de nosso número para passar adiante.",
                    ))
                }
            };
            tx.put(
                NUMBER_SHARES,
                lost,
                &NumberShare {
                    retired_by: Some(me.clone()),
                    ..share.clone()
                },
            )?;
            tx.put(
                NUMBER_SHARES,
                &me,
                &NumberShare {
                    granted_by: lost.to_string(),
                    ..share
                },
            )?;
            Ok(())
        })
    }

    /// The devices holding a live share (actor hex, name), other than this one: the ones a
    /// device without a share may take over when a person says they are gone.
    pub fn number_share_holders(&mut self) -> CoreResult<Vec<(String, String)>> {
        let me = self.device().actor_hex();
        let shares = crate::business::read_list::<NumberShare>(self.doc(), NUMBER_SHARES)?;
        let implicit = if shares.is_empty() {
            self.first_actor()
        } else {
            None
        };
        Ok(self
            .devices()?
            .into_iter()
            .filter(|(actor, _)| {
                *actor != me
                    && (implicit.as_ref() == Some(actor)
                        || shares
                            .iter()
                            .any(|(k, s)| k == actor && s.retired_by.is_none()))
            })
            .map(|(actor, record)| (actor, record.name))
            .collect())
    }

    /// Makes this device known to the others (its name in the document), so a device that
    /// holds a share hands it one at its next carteira operation. Changes nothing when the
    /// device is already known.
    pub fn request_number_share(&mut self, ctx: &OpCtx) -> CoreResult<()> {
        let me = self.device().actor_hex();
        if self.devices()?.iter().any(|(a, _)| *a == me) {
            return Ok(());
        }
        self.apply(ctx, "carteira.share_request", |_| Ok(()))
    }

    /// Hands half of this device's share of the nosso número space to each device without
    /// one, in one change; changes nothing when there is none to serve (or this device
    /// holds no share). Returns the devices served.
    pub fn grant_number_shares(&mut self, ctx: &OpCtx) -> CoreResult<Vec<String>> {
        let device = self.device().actor_hex();
        let first_writer = self.first_share_writer()?;
        let mine = self.number_share()?;
        let shares = crate::business::read_list::<NumberShare>(self.doc(), NUMBER_SHARES)?;
        let waiting = self
            .devices()?
            .into_iter()
            .any(|(a, _)| a != device && !shares.iter().any(|(k, _)| *k == a));
        if mine.is_none() || !waiting {
            return Ok(Vec::new());
        }
        self.apply(ctx, "carteira.shares", |tx| {
            Ok(tx_grant_shares(tx, &device, first_writer)?.1)
        })
    }

    /// Blocks of nosso número that two devices took concurrently (found after a merge).
    pub fn carteira_block_overlaps(&self, id: &str) -> CoreResult<Vec<(NumberBlock, NumberBlock)>> {
        let c = self.carteira(id)?;
        let mut out = Vec::new();
        for b in c.blocks.values() {
            for o in overlapping(&c, b) {
                if b.device < o.device {
                    out.push((b.clone(), o.clone()));
                }
            }
        }
        Ok(out)
    }

    /// Charges a customer by boleto of `carteira` with the carteira's default terms (see
    /// [`Business::create_boleto_charges_with`]).
    pub fn create_boleto_charges(
        &mut self,
        ctx: &OpCtx,
        carteira: &str,
        input: NewCharge,
    ) -> CoreResult<Vec<Id>> {
        self.create_boleto_charges_with(ctx, carteira, input, None)
    }

    /// Charges a customer by boleto of `carteira`: creates the charges (installments too)
    /// and draws a nosso número for each from this device's block, in one change. `terms`
    /// (juros, multa, desconto, protest and baixa days) are the carteira's defaults when
    /// `None`; a desconto date moves with each installment. Each charge keeps its terms.
    pub fn create_boleto_charges_with(
        &mut self,
        ctx: &OpCtx,
        carteira: &str,
        mut input: NewCharge,
        terms: Option<BoletoTerms>,
    ) -> CoreResult<Vec<Id>> {
        let device = self.device().actor_hex();
        let first_writer = self.first_share_writer()?;
        self.apply(ctx, "charge.create_boleto", |tx| {
            let mut c: Carteira = tx.require(CARTEIRAS, carteira, "Carteira")?;
            let account = c.boleto_account()?;
            let (share, _) = tx_grant_shares(tx, &device, first_writer)?;
            let Some(share) = share else {
                return Err(CoreError::not_allowed(NO_SHARE));
            };
            if c.unit.is_none() {
                c.unit = Some(c.unit());
            }
            input.method = ChargeMethod::Boleto;
            input.account = Some(c.account.clone());
            let first_due = input.first_due_date;
            let terms = terms.clone().unwrap_or_else(|| c.default_terms());
            let ids = charges::tx_create_charges(tx, input)?;
            for id in &ids {
                let mut charge: Charge = tx.require(CHARGES, id, "Cobrança")?;
                let terms = terms.for_installment(first_due, charge.due_date);
                terms.check(charge.amount, charge.due_date, charge.created_on)?;
                let n = draw_number(&mut c, &device, &share)?;
                fb::issue(&account, n, charge.amount, charge.due_date)
                    .map_err(|e| CoreError::invalid("Boleto", e.to_string()))?;
                charge.boleto = Some(ChargeBoleto {
                    carteira: carteira.to_string(),
                    nosso_numero: n,
                    sent_in: None,
                    registered: false,
                    rejected: None,
                    baixa_sent_in: None,
                    written_off: false,
                    earlier_rejections: Vec::new(),
                    terms: Some(terms),
                });
                tx.put(CHARGES, id, &charge)?;
            }
            tx.put(CARTEIRAS, carteira, &c)?;
            Ok(ids)
        })
    }

    /// Puts a boleto the bank rejected back in line for the next remessa, after the person
    /// corrected what the bank refused (the customer's CPF/CNPJ or address, the due date).
    /// The same nosso número is sent again (the bank never registered it); the rejection is
    /// kept in the charge's history.
    pub fn resend_boleto(&mut self, ctx: &OpCtx, id: &str) -> CoreResult<()> {
        self.apply(ctx, "charge.resend_boleto", |tx| {
            let mut charge: Charge = tx.require(CHARGES, id, "Cobrança")?;
            let Some(mut b) = charge.boleto.clone() else {
                return Err(CoreError::not_allowed(
                    "Esta cobrança não tem boleto emitido.",
                ));
            };
            let Some(reason) = b.rejected.take() else {
                return Err(CoreError::not_allowed(
                    "Só um boleto rejeitado pelo banco pode ser reenviado.",
                ));
            };
            if charge.paid.is_some() || charge.cancelled.is_some() {
                return Err(CoreError::not_allowed(
                    "Esta cobrança não está em aberto: não há o que reenviar.",
                ));
            }
            b.earlier_rejections.push(reason);
            b.sent_in = None;
            b.registered = false;
            charge.boleto = Some(b);
            tx.put(CHARGES, id, &charge)?;
            tx.set_record(id);
            Ok(())
        })
    }

    /// The printable boleto of a charge.
    pub fn boleto_slip(&self, id: &str) -> CoreResult<BoletoSlip> {
        let charge: Charge = self
            .get(CHARGES, id)?
            .ok_or_else(|| CoreError::not_found("Cobrança", id))?;
        let Some(b) = charge.boleto.clone() else {
            return Err(CoreError::not_allowed(
                "Esta cobrança não tem boleto emitido.",
            ));
        };
        let c = self.carteira(&b.carteira)?;
        let issued = fb::issue(
            &c.boleto_account()?,
            b.nosso_numero,
            charge.amount,
            charge.due_date,
        )
        .map_err(|e| CoreError::invalid("Boleto", e.to_string()))?;
        let profile = self.profile()?;
        let party: crate::parties::Party = self
            .get(crate::parties::PARTIES, &charge.party)?
            .ok_or_else(|| CoreError::not_found("Cliente", &charge.party))?;
        let terms = b.terms.clone().unwrap_or_else(|| c.default_terms());
        let mut instructions = Vec::new();
        if terms.juros_month_pct > Decimal::ZERO {
            let per_day = (charge.amount * terms.juros_month_pct / Decimal::from(3000)).round_dp(2);
            instructions.push(format!(
                "Após o vencimento, juros de {}% ao mês ({} por dia).",
                pct_br(terms.juros_month_pct),
                money::brl(per_day)
            ));
        }
        if terms.multa_pct > Decimal::ZERO {
            instructions.push(format!(
                "Após o vencimento, multa de {}% ({}).",
                pct_br(terms.multa_pct),
                money::brl((charge.amount * terms.multa_pct / Decimal::ONE_HUNDRED).round_dp(2))
            ));
        }
        if let Some(d) = &terms.discount {
            let until = match d.until {
                Some(day) if day != charge.due_date => money::date_br(day),
                _ => "o vencimento".to_string(),
            };
            instructions.push(format!(
                "Até {until}, desconto de {}.",
                money::brl(d.amount)
            ));
        }
        if let Some(days) = terms.protest_days {
            instructions.push(format!(
                "Sujeito a protesto após {days} dias do vencimento."
            ));
        }
        if let Some(days) = terms.baixa_days {
            instructions.push(format!("Não receber após {days} dias do vencimento."));
        }
        if !c.instructions.is_empty() {
            instructions.push(c.instructions.clone());
        }
        let tax = |t: Option<&str>| {
            t.and_then(|t| crate::formats::TaxId::parse(t).ok())
                .map(|t| t.formatted())
        };
        let pix_payload = self.pix_payload_for(id, charge.amount).ok();
        Ok(BoletoSlip {
            charge_id: id.to_string(),
            bank_name: issued.bank.name().to_string(),
            issued,
            beneficiary: profile.name,
            beneficiary_tax_id: tax(profile.tax_id.as_deref()),
            payer: party.name,
            payer_tax_id: tax(party.tax_id.as_deref()),
            payer_address: party.address,
            amount: charge.amount,
            due_date: charge.due_date,
            issued_on: charge.created_on,
            document: document_number(id),
            carteira: c.carteira,
            instructions,
            pix_payload,
        })
    }

    /// Generates the remessa of `carteira`: an entrada for every open boleto charge not yet
    /// sent and a pedido de baixa for every cancelled charge the bank has; each charge records
    /// the file, and the carteira keeps the file's sequence. One change.
    pub fn generate_remessa(
        &mut self,
        ctx: &OpCtx,
        carteira: &str,
        at: NaiveDateTime,
    ) -> CoreResult<RemessaOutput> {
        let device = self.device().actor_hex();
        let first_writer = self.first_share_writer()?;
        self.apply(ctx, "carteira.remessa", |tx| {
            tx_grant_shares(tx, &device, first_writer)?;
            let mut c: Carteira = tx.require(CARTEIRAS, carteira, "Carteira")?;
            let bank = c.bank()?;
            let account = c.boleto_account()?;
            let profile: crate::settings::BusinessProfile = tx
                .get_root(crate::business::PROFILE_KEY)?
                .ok_or_else(|| CoreError::not_allowed("Cadastre o negócio em Configurações."))?;
            let Some(tax_id) = profile.tax_id.clone() else {
                return Err(CoreError::not_allowed(
                    "Cadastre o CPF/CNPJ do negócio em Configurações: o banco exige na remessa.",
                ));
            };
            let sequence = c.next_remessa();
            let mut titles = Vec::new();
            let mut entries = Vec::new();
            let mut baixas = Vec::new();
            let mut list: Vec<(Id, Charge)> = tx.list(CHARGES)?;
            list.sort_by(|a, b| (a.1.due_date, &a.0).cmp(&(b.1.due_date, &b.0)));
            for (id, mut charge) in list {
                let Some(mut b) = charge.boleto.clone() else {
                    continue;
                };
                if b.carteira != carteira {
                    continue;
                }
                let instruction = if charge.cancelled.is_some() {
                    if b.sent_in.is_some()
                        && b.baixa_sent_in.is_none()
                        && b.rejected.is_none()
                        && !b.written_off
                    {
                        b.baixa_sent_in = Some(sequence);
                        baixas.push(id.clone());
                        cnab::Instruction::Baixa
                    } else {
                        continue;
                    }
                } else if b.sent_in.is_none() && charge.paid.is_none() {
                    b.sent_in = Some(sequence);
                    entries.push(id.clone());
                    cnab::Instruction::Entrada
                } else {
                    continue;
                };
                let issued = fb::issue(&account, b.nosso_numero, charge.amount, charge.due_date)
                    .map_err(|e| CoreError::invalid("Boleto", e.to_string()))?;
                let party = crate::parties::check_party(tx, &charge.party)?;
                let payer = payer_of(&party)?;
                let terms = b.terms.clone().unwrap_or_else(|| c.default_terms());
                titles.push(cnab::Title {
                    instruction,
                    nosso_numero: issued.nosso_numero_cnab.clone(),
                    carteira_code: '1',
                    document: document_number(&id),
                    due: charge.due_date,
                    amount: charge.amount,
                    issued_on: charge.created_on,
                    juros_month_pct: Some(terms.juros_month_pct),
                    multa_pct: Some(terms.multa_pct),
                    discount: terms.discount_until(charge.due_date),
                    protest_days: terms.protest_days.and_then(|d| u8::try_from(d).ok()),
                    baixa_days: terms.baixa_days.and_then(|d| u16::try_from(d).ok()),
                    reference: document_number(&id),
                    payer,
                    messages: c.instructions.lines().take(2).map(str::to_string).collect(),
                });
                charge.boleto = Some(b);
                tx.put(CHARGES, &id, &charge)?;
            }
            if titles.is_empty() {
                return Err(CoreError::not_allowed(
                    "Não há cobranças por boleto para enviar ao banco nesta carteira.",
                ));
            }
            let remessa = cnab::Remessa {
                company: cnab::Company {
                    bank,
                    inscription: cnab::Inscription { digits: tax_id },
                    name: profile.name.clone(),
                    convenio: c.convenio.clone().unwrap_or_default(),
                    agencia: c.agencia.clone(),
                    agencia_dv: c.agencia_dv.clone().unwrap_or_default(),
                    conta: c.conta.clone(),
                    conta_dv: c.conta_dv.clone().unwrap_or_default(),
                    carteira: c.carteira.clone(),
                    variacao: c.variacao.clone().unwrap_or_default(),
                    transmission_code: c.transmission_code.clone().unwrap_or_default(),
                },
                sequence: u32::try_from(sequence).unwrap_or(u32::MAX),
                generated_at: at,
                titles,
            };
            let text = remessa
                .to_text()
                .map_err(|e| CoreError::invalid("Remessa", e.to_string()))?;
            let rid = new_id();
            let output = RemessaOutput {
                file_name: format!("remessa-{}-{sequence:06}.rem", bank.code()),
                text,
                sequence,
                entries: entries.len(),
                baixas: baixas.len(),
            };
            c.remessas.insert(
                rid,
                RemessaFile {
                    sequence,
                    created_on: tx.today(),
                    entries,
                    baixas,
                },
            );
            tx.put(CARTEIRAS, carteira, &c)?;
            tx.set_record(carteira);
            Ok(output)
        })
    }

    /// Imports the bank's retorno into `carteira`: registered, rejected (with the bank's
    /// reason), paid (the receipt, juros/multa received as income and the bank's fee as an
    /// expense) and written off, in one change. The same file again changes nothing; a file
    /// of another carteira or a damaged file is refused and nothing changes.
    pub fn import_retorno(
        &mut self,
        ctx: &OpCtx,
        carteira: &str,
        text: &str,
    ) -> CoreResult<RetornoSummary> {
        let r = cnab::parse_retorno(text)
            .map_err(|e| CoreError::invalid("Arquivo de retorno", e.to_string()))?;
        let c = self.carteira(carteira)?;
        let same = r.bank == c.bank
            && r.agencia == c.agencia.trim_start_matches('0')
            && (r.conta == c.conta.trim_start_matches('0')
                || c.convenio.as_deref().is_some_and(|v| {
                    r.convenio.trim_start_matches('0') == v.trim_start_matches('0')
                }));
        if !same {
            return Err(CoreError::not_allowed(format!(
                "Este retorno é de outra carteira (banco {}, agência {}, conta {}); esta carteira é banco {}, agência {}, conta {}.",
                r.bank, r.agencia, r.conta, c.bank, c.agencia, c.conta
            )));
        }
        let key = format!("{}:{}", r.sequence, content_hash(text));
        if c.retornos.contains_key(&key) {
            return Ok(RetornoSummary {
                already_imported: true,
                ..RetornoSummary::default()
            });
        }
        self.apply(ctx, "carteira.retorno", |tx| {
            let mut c: Carteira = tx.require(CARTEIRAS, carteira, "Carteira")?;
            let account = c.boleto_account()?;
            let mut by_number = BTreeMap::new();
            for (id, charge) in tx.list::<Charge>(CHARGES)? {
                if let Some(b) = charge.boleto.as_ref().filter(|b| b.carteira == carteira) {
                    let issued =
                        fb::issue(&account, b.nosso_numero, charge.amount, charge.due_date)
                            .map_err(|e| CoreError::invalid("Boleto", e.to_string()))?;
                    by_number.insert(
                        issued.nosso_numero_cnab.trim_start_matches('0').to_string(),
                        id,
                    );
                }
            }
            let mut summary = RetornoSummary::default();
            for e in &r.entries {
                let Some(id) = by_number.get(e.nosso_numero.trim_start_matches('0')) else {
                    summary.unknown += 1;
                    continue;
                };
                let mut charge: Charge = tx.require(CHARGES, id, "Cobrança")?;
                let Some(mut b) = charge.boleto.clone() else {
                    continue;
                };
                match e.movement {
                    Movement::Registered => {
                        b.registered = true;
                        summary.registered += 1;
                    }
                    Movement::Rejected => {
                        let reason = if e.reasons.is_empty() {
                            e.movement_label.clone()
                        } else {
                            e.reasons.join("; ")
                        };
                        b.rejected = Some(reason.clone());
                        summary.rejected.push((id.clone(), reason));
                    }
                    Movement::WrittenOff => {
                        b.written_off = true;
                        summary.written_off += 1;
                        // The bank no longer collects it: an open charge closes with it.
                        if charge.paid.is_none() && charge.cancelled.is_none() {
                            let cancellation = Cancellation {
                                date: tx.today(),
                                reason: Some(format!("Baixado pelo banco ({})", e.movement_label)),
                            };
                            let mut entry = ledger::tx_entry(tx, &charge.entry)?;
                            if entry.cancelled.is_none() && entry.payments.is_empty() {
                                entry.cancelled = Some(cancellation.clone());
                                tx.put(ENTRIES, &charge.entry, &entry)?;
                            }
                            charge.cancelled = Some(cancellation);
                            summary.closed += 1;
                        }
                    }
                    Movement::Paid => {
                        let Some(s) = e.settlement.as_ref() else {
                            continue;
                        };
                        b.registered = true;
                        charge.boleto = Some(b.clone());
                        tx.put(CHARGES, id, &charge)?;
                        if charge.paid.is_none() && charge.cancelled.is_none() {
                            charges::tx_pay_charge(
                                tx,
                                id,
                                PayCharge {
                                    date: s.date,
                                    account: c.account.clone(),
                                },
                            )?;
                            summary.paid += 1;
                            // Juros/multa once, with the liquidação that settled the charge
                            // (Itaú follows a 06 with a 10 for the same payment).
                            if s.interest > Decimal::ZERO {
                                paid_entry(
                                    tx,
                                    EntryKind::Receivable,
                                    categories::OTHER_INCOME,
                                    format!("Juros/multa do boleto {}", e.nosso_numero),
                                    s.interest,
                                    s.date,
                                    &c.account,
                                    &charge.party,
                                    id,
                                )?;
                            }
                        }
                        if e.fee > Decimal::ZERO {
                            paid_entry(
                                tx,
                                EntryKind::Payable,
                                categories::OTHER_EXPENSES,
                                format!("Tarifa de cobrança do boleto {}", e.nosso_numero),
                                e.fee,
                                s.credit_date.unwrap_or(s.date),
                                &c.account,
                                &charge.party,
                                id,
                            )?;
                            summary.fees += e.fee;
                        }
                        continue;
                    }
                    Movement::Other => {
                        if !e.reasons.is_empty() {
                            summary.notices.push((
                                id.clone(),
                                format!("{}: {}", e.movement_label, e.reasons.join("; ")),
                            ));
                        }
                    }
                }
                if e.movement != Movement::Paid && e.fee > Decimal::ZERO {
                    paid_entry(
                        tx,
                        EntryKind::Payable,
                        categories::OTHER_EXPENSES,
                        format!("Tarifa de cobrança do boleto {}", e.nosso_numero),
                        e.fee,
                        tx.today(),
                        &c.account,
                        &charge.party,
                        id,
                    )?;
                    summary.fees += e.fee;
                }
                charge.boleto = Some(b);
                tx.put(CHARGES, id, &charge)?;
            }
            c.retornos.insert(
                key,
                RetornoFile {
                    sequence: u64::from(r.sequence),
                    imported_on: tx.today(),
                    titles: r.entries.len() as u64,
                },
            );
            tx.put(CARTEIRAS, carteira, &c)?;
            tx.set_record(carteira);
            Ok(summary)
        })
    }

    /// The Pix copia e cola for `amount` with the charge's txid, when the business has a key.
    fn pix_payload_for(&self, id: &str, amount: Decimal) -> CoreResult<String> {
        use crate::formats::pix::{PixKey, StaticPix};
        let profile = self.profile()?;
        let (Some(key), Some(city)) = (profile.pix_key.as_deref(), profile.city.as_deref()) else {
            return Err(CoreError::not_allowed("Sem chave Pix."));
        };
        let key = PixKey::parse(key).map_err(|e| CoreError::invalid("Chave Pix", e.to_string()))?;
        let txid: String = id
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(25)
            .collect();
        StaticPix {
            key,
            name: profile.name,
            city: city.to_string(),
            amount: Some(amount),
            txid: Some(txid),
            description: None,
        }
        .payload()
        .map_err(|e| CoreError::invalid("Pix", e.to_string()))
    }
}

/// A percentage as people write it in Brazil (`2,5`).
fn pct_br(value: Decimal) -> String {
    value.normalize().to_string().replace('.', ",")
}

/// Records an entry already settled (juros received, bank fee) on the charge's account.
#[allow(clippy::too_many_arguments)]
fn paid_entry(
    tx: &mut Tx<'_>,
    kind: EntryKind,
    category: &str,
    description: String,
    amount: Decimal,
    date: NaiveDate,
    account: &str,
    party: &str,
    charge: &str,
) -> CoreResult<Id> {
    let mut entry = NewEntry::new(kind, description, amount, date);
    entry.category = Some(category.to_string());
    entry.account = Some(account.to_string());
    if kind == EntryKind::Receivable {
        entry.party = Some(party.to_string());
    }
    entry.source = Some(format!("charge:{charge}"));
    let id = ledger::tx_create_entry(tx, entry)?;
    ledger::tx_pay(
        tx,
        &id,
        NewPayment {
            date,
            amount,
            account: account.to_string(),
            note: None,
        },
    )?;
    Ok(id)
}

/// The payer of segment Q from a customer: CPF/CNPJ and an address with CEP, city and UF.
fn payer_of(party: &crate::parties::Party) -> CoreResult<cnab::Payer> {
    let Some(tax_id) = party.tax_id.clone() else {
        return Err(CoreError::not_allowed(format!(
            "Cadastre o CPF/CNPJ de \"{}\": o banco exige no registro do boleto.",
            party.name
        )));
    };
    let parsed = party.address.as_deref().and_then(parse_address);
    let Some((street, district, cep, city, uf)) = parsed else {
        return Err(CoreError::not_allowed(format!(
            "Cadastre o endereço de \"{}\" com cidade, UF e CEP (ex.: Rua A, 10, Centro, São Paulo - SP, 01310-100): o banco exige no registro do boleto.",
            party.name
        )));
    };
    Ok(cnab::Payer {
        inscription: cnab::Inscription { digits: tax_id },
        name: party.name.clone(),
        address: street,
        district,
        cep,
        city,
        uf,
    })
}
