//! Carteiras de cobrança and boleto charges: the beneficiary's agreement with a bank for one
//! account, the nosso números each device draws, the remessa CNAB 240 of the charges not yet
//! sent and the import of the bank's retorno.
//!
//! Collection `carteiras/<id>`: a [`Carteira`]. Nosso números: the carteira's range is cut
//! into blocks; a device takes a block for itself (recorded under `blocks/<actor hex>:<start>`
//! in the carteira, only ever written by that device) and issues from it, so two devices
//! offline never draw the same number. A device picks its first block starting at a slot
//! derived from its actor id, so two devices that claim while both offline start apart; a
//! claim that overlaps another after a merge is reported by [`Business::carteira_block_overlaps`]
//! and the device with the larger actor id moves on to a new block at its next issue.
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
use crate::ledger::{self, categories, AccountKind, EntryKind, NewEntry, NewPayment};
use crate::money;

/// Collection of carteiras.
pub const CARTEIRAS: &str = "carteiras";

/// The most numbers one device takes at a time.
pub const MAX_BLOCK: u64 = 1000;

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

    /// How many numbers one block holds: at most [`MAX_BLOCK`], and small enough that the
    /// range holds at least 16 blocks.
    pub fn block_size(&self) -> u64 {
        let len = self.range_end.saturating_sub(self.range_start) + 1;
        (len / 16).clamp(1, MAX_BLOCK)
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
    let max = fb::issue::max_nosso_numero(&boleto_account);
    let end = input.range_end.unwrap_or(max);
    if input.range_start == 0 || input.range_start > end || end > max {
        return Err(CoreError::invalid(
            "Faixa de nosso número",
            format!("informe uma faixa entre 1 e {max} para {}.", bank.name()),
        ));
    }
    let juros = check_pct("Juros", input.juros_month_pct, Decimal::from(10))?;
    let multa = check_pct("Multa", input.multa_pct, Decimal::from(2))?;
    if input.discount < Decimal::ZERO {
        return Err(CoreError::invalid(
            "Desconto",
            "o desconto não pode ser negativo.",
        ));
    }
    if input.protest_days.is_some_and(|d| !(1..=99).contains(&d)) {
        return Err(CoreError::invalid("Protesto", "informe de 1 a 99 dias."));
    }
    if input.baixa_days.is_some_and(|d| !(1..=999).contains(&d)) {
        return Err(CoreError::invalid("Baixa", "informe de 1 a 999 dias."));
    }
    let old = old.unwrap_or(Carteira {
        account: String::new(),
        bank: String::new(),
        agencia: String::new(),
        agencia_dv: None,
        conta: String::new(),
        conta_dv: None,
        convenio: None,
        carteira: String::new(),
        range_start: 0,
        range_end: 0,
        juros_month_pct: Decimal::ZERO,
        multa_pct: Decimal::ZERO,
        discount: Decimal::ZERO,
        protest_days: None,
        baixa_days: None,
        instructions: String::new(),
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
        range_start: input.range_start,
        range_end: end,
        juros_month_pct: juros,
        multa_pct: multa,
        discount: input.discount,
        protest_days: input.protest_days,
        baixa_days: input.baixa_days,
        instructions: input.instructions.trim().to_string(),
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

/// A stable number from a device's actor hex, to spread first claims over the range.
fn device_slot(actor_hex: &str, slots: u64) -> u64 {
    let seed = u64::from_str_radix(actor_hex.get(..15).unwrap_or("0"), 16).unwrap_or(0);
    seed % slots.max(1)
}

/// Draws the next nosso número for `device`, taking a new block when it has none left (or
/// when its block turned out, after a merge, to overlap one of a device with a smaller actor).
fn draw_number(c: &mut Carteira, device: &str) -> CoreResult<u64> {
    let usable = c
        .blocks
        .iter()
        .filter(|(_, b)| b.device == device && b.next <= b.end)
        .filter(|(_, b)| overlapping(c, b).all(|o| o.device.as_str() > device))
        .map(|(k, _)| k.clone())
        .next();
    let key = match usable {
        Some(k) => k,
        None => {
            let size = c.block_size();
            let slots = (c.range_end - c.range_start + 1) / size;
            let first = device_slot(device, slots);
            let free = (0..slots)
                .map(|i| c.range_start + ((first + i) % slots) * size)
                .find(|&start| {
                    let end = start + size - 1;
                    c.blocks.values().all(|b| b.end < start || end < b.start)
                })
                .ok_or_else(|| {
                    CoreError::not_allowed(
                        "A faixa de nosso número desta carteira acabou: peça uma nova faixa ao banco e atualize a carteira.",
                    )
                })?;
            let key = format!("{device}:{free}");
            c.blocks.insert(
                key.clone(),
                NumberBlock {
                    device: device.to_string(),
                    start: free,
                    end: free + size - 1,
                    next: free,
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
    /// Titles that match no charge of this carteira.
    pub unknown: usize,
    /// Total bank fees recorded as expenses.
    pub fees: Decimal,
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
        self.apply(ctx, "carteira.save", |tx| {
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

    /// Charges a customer by boleto of `carteira`: creates the charges (installments too)
    /// and draws a nosso número for each from this device's block, in one change.
    pub fn create_boleto_charges(
        &mut self,
        ctx: &OpCtx,
        carteira: &str,
        mut input: NewCharge,
    ) -> CoreResult<Vec<Id>> {
        let device = self.device().actor_hex();
        self.apply(ctx, "charge.create_boleto", |tx| {
            let mut c: Carteira = tx.require(CARTEIRAS, carteira, "Carteira")?;
            let account = c.boleto_account()?;
            input.method = ChargeMethod::Boleto;
            input.account = Some(c.account.clone());
            let ids = charges::tx_create_charges(tx, input)?;
            for id in &ids {
                let mut charge: Charge = tx.require(CHARGES, id, "Cobrança")?;
                let n = draw_number(&mut c, &device)?;
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
                });
                tx.put(CHARGES, id, &charge)?;
            }
            tx.put(CARTEIRAS, carteira, &c)?;
            Ok(ids)
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
        let mut instructions = Vec::new();
        if c.juros_month_pct > Decimal::ZERO {
            let per_day = (charge.amount * c.juros_month_pct / Decimal::from(3000)).round_dp(2);
            instructions.push(format!(
                "Após o vencimento, juros de {}% ao mês ({} por dia).",
                c.juros_month_pct.normalize(),
                money::brl(per_day)
            ));
        }
        if c.multa_pct > Decimal::ZERO {
            instructions.push(format!(
                "Após o vencimento, multa de {}% ({}).",
                c.multa_pct.normalize(),
                money::brl((charge.amount * c.multa_pct / Decimal::ONE_HUNDRED).round_dp(2))
            ));
        }
        if c.discount > Decimal::ZERO {
            instructions.push(format!(
                "Até o vencimento, desconto de {}.",
                money::brl(c.discount)
            ));
        }
        if let Some(days) = c.protest_days {
            instructions.push(format!(
                "Sujeito a protesto após {days} dias do vencimento."
            ));
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
        self.apply(ctx, "carteira.remessa", |tx| {
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
                titles.push(cnab::Title {
                    instruction,
                    nosso_numero: issued.nosso_numero_cnab.clone(),
                    carteira_code: '1',
                    document: document_number(&id),
                    due: charge.due_date,
                    amount: charge.amount,
                    issued_on: charge.created_on,
                    juros_month_pct: Some(c.juros_month_pct),
                    multa_pct: Some(c.multa_pct),
                    discount: (c.discount > Decimal::ZERO).then_some((charge.due_date, c.discount)),
                    protest_days: c.protest_days.and_then(|d| u8::try_from(d).ok()),
                    baixa_days: c.baixa_days.and_then(|d| u16::try_from(d).ok()),
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
                        }
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
                    Movement::Other => {}
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
