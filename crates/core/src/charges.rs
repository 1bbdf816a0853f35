//! Cobranças: charges to customers by Pix or boleto, with installments, the reminder log and
//! the reminder plan, and the pay/cancel conflict between devices.
//!
//! Collection `charges`. Each charge owns a receivable entry in the ledger (created with it),
//! so open charges appear in the projected cash flow; paying a charge records the receipt on
//! that entry in the same change.
//!
//! Status: `paid` and `cancelled` are stored as two separate fields, so when one device pays
//! a charge and another cancels it offline, both facts survive the merge; the charge then
//! shows [`ChargeStatus::Conflict`] until [`Business::resolve_charge_conflict`] decides.
//! Overdue is derived from the due date and today, never stored.

use crate::business::SETTINGS_KEY;
use crate::business::{new_id, Business, Id, OpCtx, Tx};
use crate::error::{CoreError, CoreResult};
use crate::ledger::{self, categories, Cancellation, EntryKind, NewEntry, NewPayment, ENTRIES};
use crate::money;
use crate::settings::{ReminderPlan, Settings};
use autosurgeon::{Hydrate, Reconcile};
use chrono::{Days, Months, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod actions;
mod queries;

pub use actions::{ChargeCustomer, ChargeRequest, PayInto, NEW_CASH_ACCOUNT_NAME};
pub use queries::{
    ChargeBoard, ChargeDetail, ChargeIndex, ChargeRow, PayAccount, PixCode, StatusTotal,
};

/// Collection of charges.
pub const CHARGES: &str = "charges";

/// The most installments one charge may be split into.
pub const MAX_INSTALLMENTS: u32 = 48;

/// How the customer pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Reconcile, Hydrate, Serialize, Deserialize)]
pub enum ChargeMethod {
    /// Pix (static QR code / copia e cola).
    Pix,
    /// Boleto.
    Boleto,
}

/// How a reminder was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Reconcile, Hydrate, Serialize, Deserialize)]
pub enum ReminderChannel {
    /// WhatsApp message.
    WhatsApp,
    /// E-mail.
    Email,
    /// SMS.
    Sms,
    /// Phone call.
    Phone,
    /// In person.
    InPerson,
}

/// Which installment of a split charge this is.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Installment {
    /// Shared by every installment of one split.
    pub group: Id,
    /// 1-based number.
    pub number: u32,
    /// How many installments.
    pub total: u32,
}

/// The fact that a charge was paid.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct ChargePaid {
    /// The date the money arrived.
    #[autosurgeon(with = "crate::codec::date")]
    pub date: NaiveDate,
    /// The account it arrived in.
    pub account: Id,
    /// The payment recorded on the charge's entry.
    pub payment: Id,
    /// Amount received.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub amount: Decimal,
}

/// One reminder sent to the customer.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Reminder {
    /// When it was sent.
    #[autosurgeon(with = "crate::codec::date")]
    pub date: NaiveDate,
    /// By which channel.
    pub channel: ReminderChannel,
    /// A note.
    pub note: Option<String>,
}

/// A charge to a customer.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Charge {
    /// The customer.
    pub party: Id,
    /// Amount of this charge (this installment).
    #[autosurgeon(with = "crate::codec::decimal")]
    pub amount: Decimal,
    /// Due date.
    #[autosurgeon(with = "crate::codec::date")]
    pub due_date: NaiveDate,
    /// Pix or boleto.
    pub method: ChargeMethod,
    /// What it is for.
    pub description: String,
    /// Installment, when split.
    pub installment: Option<Installment>,
    /// The receivable entry in the ledger.
    pub entry: Id,
    /// The date it was created (device date).
    #[autosurgeon(with = "crate::codec::date")]
    pub created_on: NaiveDate,
    /// Set when paid.
    pub paid: Option<ChargePaid>,
    /// Set when cancelled.
    pub cancelled: Option<Cancellation>,
    /// Reminders sent, keyed by id.
    pub reminders: BTreeMap<Id, Reminder>,
    /// The boleto issued for it (see [`crate::carteira`]); `None` for Pix charges and for
    /// boleto charges recorded before carteiras existed.
    #[autosurgeon(missing = "Default::default")]
    pub boleto: Option<ChargeBoleto>,
}

/// The boleto of a charge and what the bank said about it.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct ChargeBoleto {
    /// The carteira it was issued in.
    pub carteira: Id,
    /// The nosso número drawn (the sequence, without check digit).
    pub nosso_numero: u64,
    /// Sequence of the remessa that registered it.
    pub sent_in: Option<u64>,
    /// The bank confirmed the entrada.
    pub registered: bool,
    /// The bank rejected the entrada, with its reasons in pt-BR.
    pub rejected: Option<String>,
    /// Sequence of the remessa that asked for its baixa (after a cancellation).
    pub baixa_sent_in: Option<u64>,
    /// The bank wrote it off.
    pub written_off: bool,
    /// Earlier rejections of this boleto, oldest first: the bank's reasons before it was
    /// corrected and sent again.
    #[autosurgeon(missing = "Default::default")]
    pub earlier_rejections: Vec<String>,
    /// Juros, multa, desconto, protest and baixa of this boleto; the carteira's defaults
    /// for boletos issued before charges kept their own.
    #[autosurgeon(missing = "Default::default")]
    pub terms: Option<crate::carteira::BoletoTerms>,
}

impl ChargeBoleto {
    /// Where the boleto stands with the bank, in pt-BR.
    pub fn bank_status(&self) -> String {
        if let Some(r) = &self.rejected {
            return format!("Rejeitado pelo banco: {r}");
        }
        if self.written_off {
            return "Baixado no banco".into();
        }
        if let Some(n) = self.baixa_sent_in {
            return format!("Pedido de baixa enviado na remessa {n}");
        }
        if self.registered {
            return "Registrado no banco".into();
        }
        match self.sent_in {
            Some(n) => format!("Enviado na remessa {n}, aguardando o retorno"),
            None => "Aguardando envio na remessa".into(),
        }
    }
}

/// The status a person sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChargeStatus {
    /// Not paid, not yet due.
    Pending,
    /// Not paid and past its due date (derived).
    Overdue,
    /// Paid.
    Paid,
    /// Cancelled.
    Cancelled,
    /// Devices recorded incompatible facts (paid and cancelled, or paid twice); a person
    /// must resolve it.
    Conflict,
}

impl ChargeStatus {
    /// The pt-BR label.
    pub fn label(self) -> &'static str {
        match self {
            ChargeStatus::Pending => "Pendente",
            ChargeStatus::Overdue => "Vencida",
            ChargeStatus::Paid => "Paga",
            ChargeStatus::Cancelled => "Cancelada",
            ChargeStatus::Conflict => "Em conflito",
        }
    }
}

impl Charge {
    /// The status from the charge's own fields (without the "paid twice" check, which needs
    /// the document; see [`Business::charge_view`]).
    pub fn status(&self, today: NaiveDate) -> ChargeStatus {
        match (&self.paid, &self.cancelled) {
            (Some(_), Some(_)) => ChargeStatus::Conflict,
            (Some(_), None) => ChargeStatus::Paid,
            (None, Some(_)) => ChargeStatus::Cancelled,
            (None, None) if self.due_date < today => ChargeStatus::Overdue,
            (None, None) => ChargeStatus::Pending,
        }
    }

    /// The date of the last reminder sent.
    pub fn last_reminder(&self) -> Option<NaiveDate> {
        self.reminders.values().map(|r| r.date).max()
    }

    /// When the customer should next be reminded under `plan`, or `None` when the charge is
    /// not open or the plan has no more dates. Several missed dates collapse into the latest
    /// one, so a late start does not send a burst of reminders.
    pub fn next_reminder(&self, plan: &ReminderPlan, today: NaiveDate) -> Option<NaiveDate> {
        if self.paid.is_some() || self.cancelled.is_some() {
            return None;
        }
        next_reminder_date(
            self.due_date,
            self.created_on,
            self.last_reminder(),
            plan,
            today,
        )
    }
}

fn add_days(d: NaiveDate, days: i64) -> Option<NaiveDate> {
    if days >= 0 {
        d.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(days.unsigned_abs()))
    }
}

/// The reminder schedule logic (see [`Charge::next_reminder`]).
pub fn next_reminder_date(
    due: NaiveDate,
    created_on: NaiveDate,
    last_sent: Option<NaiveDate>,
    plan: &ReminderPlan,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let mut offsets = plan.offsets.clone();
    offsets.sort_unstable();
    let mut dates: Vec<NaiveDate> = offsets.iter().filter_map(|o| add_days(due, *o)).collect();
    if let (Some(last_offset), true) = (offsets.last(), plan.repeat_every_days > 0) {
        let step = i64::from(plan.repeat_every_days);
        if let Some(base) = add_days(due, *last_offset) {
            // Start close to today instead of walking every step of a long-overdue charge;
            // earlier repeats are superseded by the latest one anyway.
            let mut k = ((today - base).num_days() / step - 1).max(1);
            while let Some(d) = add_days(base, k * step) {
                dates.push(d);
                if d > today {
                    break;
                }
                k += 1;
            }
        }
    }
    let eligible = dates
        .into_iter()
        .filter(|d| *d >= created_on && last_sent.is_none_or(|l| *d > l));
    let (past, future): (Vec<NaiveDate>, Vec<NaiveDate>) = eligible.partition(|d| *d <= today);
    past.into_iter().max().or_else(|| future.into_iter().min())
}

/// A charge with what a list needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargeView {
    /// Charge id.
    pub id: Id,
    /// The record.
    pub charge: Charge,
    /// Derived status.
    pub status: ChargeStatus,
    /// When to remind next (open charges only).
    pub next_reminder: Option<NaiveDate>,
}

/// What a person types to charge a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCharge {
    /// The customer.
    pub party: Id,
    /// Total amount (split across installments).
    pub amount: Decimal,
    /// Due date of the first (or only) installment; the next ones are a month apart.
    pub first_due_date: NaiveDate,
    /// Pix or boleto.
    pub method: ChargeMethod,
    /// What it is for.
    pub description: String,
    /// Number of installments, 1 for a single charge.
    pub installments: u32,
    /// Income category of the receivable; "Recebimento de cobranças" when `None`.
    pub category: Option<Id>,
    /// Account the money is expected in.
    pub account: Option<Id>,
}

/// Paying a charge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayCharge {
    /// Date the money arrived.
    pub date: NaiveDate,
    /// Account it arrived in.
    pub account: Id,
}

/// How a person resolves a charge in conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChargeResolution {
    /// The customer did pay: keep one payment, undo the cancellation and any duplicate
    /// payment.
    KeepPaid,
    /// The charge is cancelled: reverse every payment recorded for it.
    KeepCancelled,
}

/// Splits `total` into `n` amounts in centavos: equal parts rounded down, the remainder
/// centavos on the last one.
pub fn split_installments(total: Decimal, n: u32) -> Vec<Decimal> {
    if n <= 1 {
        return vec![total];
    }
    let base = (total / Decimal::from(n)).round_dp_with_strategy(2, RoundingStrategy::ToZero);
    let mut parts = vec![base; n as usize];
    let last = total - base * Decimal::from(n - 1);
    if let Some(l) = parts.last_mut() {
        *l = last;
    }
    parts
}

fn settings(tx: &Tx<'_>) -> CoreResult<Settings> {
    Ok(tx.get_root(SETTINGS_KEY)?.unwrap_or_default())
}

/// Creates a charge (or its installments) inside a transaction; returns the charge ids.
pub(crate) fn tx_create_charges(tx: &mut Tx<'_>, input: NewCharge) -> CoreResult<Vec<Id>> {
    let description = money::required_text("Descrição", &input.description)?;
    let total = money::positive("Valor", input.amount)?;
    if input.installments == 0 || input.installments > MAX_INSTALLMENTS {
        return Err(CoreError::invalid(
            "Parcelas",
            format!("escolha de 1 a {MAX_INSTALLMENTS} parcelas."),
        ));
    }
    let party = crate::parties::check_party(tx, &input.party)?;
    if !party.is_customer {
        return Err(CoreError::invalid(
            "Cliente",
            format!("\"{}\" não está cadastrado como cliente.", party.name),
        ));
    }
    // A past due date is allowed: a debt that already exists (fiado) is registered and
    // shows as overdue at once.
    let minimum = settings(tx)?.charge_minimum;
    let parts = split_installments(total, input.installments);
    if parts.iter().any(|p| *p < minimum) {
        let what = if input.installments > 1 {
            "cada parcela deve ser"
        } else {
            "a cobrança deve ser"
        };
        return Err(CoreError::invalid(
            "Valor",
            format!("{what} de pelo menos {}.", money::brl(minimum)),
        ));
    }
    let category = input
        .category
        .clone()
        .unwrap_or_else(|| categories::CHARGES_RECEIVED.to_string());
    let group = new_id();
    let n = input.installments;
    let mut ids = Vec::with_capacity(parts.len());
    for (i, amount) in parts.into_iter().enumerate() {
        let number = i as u32 + 1;
        let due = input
            .first_due_date
            .checked_add_months(Months::new(i as u32))
            .ok_or_else(|| CoreError::invalid("Vencimento", "data fora do calendário."))?;
        let id = new_id();
        let label = if n > 1 {
            format!("{description} (parcela {number}/{n})")
        } else {
            description.clone()
        };
        let mut entry = NewEntry::new(
            EntryKind::Receivable,
            format!("Cobrança: {label}"),
            amount,
            due,
        );
        entry.party = Some(input.party.clone());
        entry.category = Some(category.clone());
        entry.account = input.account.clone();
        entry.source = Some(format!("charge:{id}"));
        let entry_id = ledger::tx_create_entry(tx, entry)?;
        let charge = Charge {
            party: input.party.clone(),
            amount,
            due_date: due,
            method: input.method,
            description: label,
            installment: (n > 1).then(|| Installment {
                group: group.clone(),
                number,
                total: n,
            }),
            entry: entry_id,
            created_on: tx.today(),
            paid: None,
            cancelled: None,
            reminders: BTreeMap::new(),
            boleto: None,
        };
        tx.put(CHARGES, &id, &charge)?;
        ids.push(id);
    }
    if let Some(first) = ids.first() {
        tx.set_record(first);
    }
    Ok(ids)
}

/// Pays a charge inside a transaction: the receipt on its entry and the `paid` fact, in the
/// same change. Returns the payment id.
pub(crate) fn tx_pay_charge(tx: &mut Tx<'_>, id: &str, input: PayCharge) -> CoreResult<Id> {
    let mut charge: Charge = tx.require(CHARGES, id, "Cobrança")?;
    if charge.cancelled.is_some() {
        return Err(CoreError::not_allowed(
            "Esta cobrança foi cancelada e não pode ser paga.",
        ));
    }
    if charge.paid.is_some() {
        return Err(CoreError::not_allowed("Esta cobrança já foi paga."));
    }
    let entry = ledger::tx_entry(tx, &charge.entry)?;
    let amount = entry.open_amount();
    if amount <= Decimal::ZERO {
        return Err(CoreError::not_allowed(
            "O lançamento desta cobrança já está quitado no caixa.",
        ));
    }
    let payment = ledger::tx_pay(
        tx,
        &charge.entry,
        NewPayment {
            date: input.date,
            amount,
            account: input.account.clone(),
            note: Some(format!("Cobrança {}", id)),
        },
    )?;
    charge.paid = Some(ChargePaid {
        date: input.date,
        account: input.account,
        payment: payment.clone(),
        amount,
    });
    tx.put(CHARGES, id, &charge)?;
    tx.set_record(id);
    Ok(payment)
}

/// Every payment fact recorded for a charge (more than one after a concurrent double pay).
fn paid_versions(tx: &Tx<'_>, id: &str) -> CoreResult<Vec<ChargePaid>> {
    tx.field_versions(CHARGES, id, "paid")
}

/// Whether devices wrote different `paid` facts concurrently (paid twice, or paid on one and
/// a resolution clearing it on another).
fn paid_field_in_conflict(conflicts: &[crate::business::FieldConflict]) -> bool {
    conflicts.iter().any(|c| c.field == "paid")
}

/// A charge as the list keeps it: the record, and whether its `paid` field holds
/// concurrent values (the one fact of its conflicts the status needs).
#[derive(Debug, Clone)]
struct Listed {
    charge: Charge,
    paid_conflict: bool,
}

impl Listed {
    fn read(doc: &automerge::AutoCommit, id: &str, charge: Charge) -> CoreResult<Listed> {
        let conflicts = crate::business::read_field_conflicts(doc, CHARGES, id)?;
        Ok(Listed {
            charge,
            paid_conflict: paid_field_in_conflict(&conflicts),
        })
    }
}

/// A charge's derived status and next reminder.
fn view_of(
    id: Id,
    charge: Charge,
    paid_conflict: bool,
    plan: &ReminderPlan,
    today: NaiveDate,
) -> ChargeView {
    let mut status = charge.status(today);
    if status != ChargeStatus::Conflict && paid_conflict {
        status = ChargeStatus::Conflict;
    }
    let next_reminder = match status {
        ChargeStatus::Pending | ChargeStatus::Overdue => charge.next_reminder(plan, today),
        _ => None,
    };
    ChargeView {
        id,
        charge,
        status,
        next_reminder,
    }
}

impl Business {
    /// Charges a customer: one charge, or `installments` charges a month apart with the
    /// remainder centavos on the last. Each installment must reach the minimum amount.
    pub fn create_charges(&mut self, ctx: &OpCtx, input: NewCharge) -> CoreResult<Vec<Id>> {
        self.apply(ctx, "charge.create", |tx| tx_create_charges(tx, input))
    }

    /// Records that a charge was paid, with its receipt in the ledger.
    pub fn pay_charge(&mut self, ctx: &OpCtx, id: &str, input: PayCharge) -> CoreResult<Id> {
        self.apply(ctx, "charge.pay", |tx| tx_pay_charge(tx, id, input))
    }

    /// Cancels an unpaid charge and its receivable.
    pub fn cancel_charge(&mut self, ctx: &OpCtx, id: &str, reason: Option<&str>) -> CoreResult<()> {
        self.apply(ctx, "charge.cancel", |tx| {
            let mut charge: Charge = tx.require(CHARGES, id, "Cobrança")?;
            if charge.paid.is_some() {
                return Err(CoreError::not_allowed(
                    "Esta cobrança já foi paga; estorne o pagamento no caixa se for o caso.",
                ));
            }
            if charge.cancelled.is_some() {
                return Err(CoreError::not_allowed("Esta cobrança já está cancelada."));
            }
            let cancellation = Cancellation {
                date: tx.today(),
                reason: money::optional_text(reason),
            };
            charge.cancelled = Some(cancellation.clone());
            tx.put(CHARGES, id, &charge)?;
            let mut entry = ledger::tx_entry(tx, &charge.entry)?;
            if entry.cancelled.is_none() {
                entry.cancelled = Some(cancellation);
                tx.put(ENTRIES, &charge.entry, &entry)?;
            }
            Ok(())
        })
    }

    /// Moves the due date of an open charge (prorrogação), and of its receivable.
    pub fn reschedule_charge(&mut self, ctx: &OpCtx, id: &str, due: NaiveDate) -> CoreResult<()> {
        self.apply(ctx, "charge.reschedule", |tx| {
            let mut charge: Charge = tx.require(CHARGES, id, "Cobrança")?;
            if charge.paid.is_some() || charge.cancelled.is_some() {
                return Err(CoreError::not_allowed(
                    "Só cobranças em aberto podem ter o vencimento alterado.",
                ));
            }
            if due < tx.today() {
                return Err(CoreError::invalid(
                    "Vencimento",
                    "o novo vencimento não pode ser antes de hoje.",
                ));
            }
            charge.due_date = due;
            tx.put(CHARGES, id, &charge)?;
            let mut entry = ledger::tx_entry(tx, &charge.entry)?;
            entry.due_date = due;
            tx.put(ENTRIES, &charge.entry, &entry)?;
            tx.set_record(id);
            Ok(())
        })
    }

    /// Logs a reminder sent to the customer.
    pub fn record_reminder(
        &mut self,
        ctx: &OpCtx,
        id: &str,
        channel: ReminderChannel,
        note: Option<&str>,
    ) -> CoreResult<Id> {
        self.apply(ctx, "charge.remind", |tx| {
            let mut charge: Charge = tx.require(CHARGES, id, "Cobrança")?;
            if charge.paid.is_some() || charge.cancelled.is_some() {
                return Err(CoreError::not_allowed(
                    "Só cobranças em aberto recebem lembretes.",
                ));
            }
            let rid = new_id();
            charge.reminders.insert(
                rid.clone(),
                Reminder {
                    date: tx.today(),
                    channel,
                    note: money::optional_text(note),
                },
            );
            tx.put(CHARGES, id, &charge)?;
            Ok(rid)
        })
    }

    /// Resolves a charge in conflict (paid on one device, cancelled on another, or paid on
    /// two). Rejected when the charge is not in conflict.
    pub fn resolve_charge_conflict(
        &mut self,
        ctx: &OpCtx,
        id: &str,
        resolution: ChargeResolution,
    ) -> CoreResult<()> {
        self.apply(ctx, "charge.resolve", |tx| {
            let charge: Charge = tx.require(CHARGES, id, "Cobrança")?;
            let paid = paid_versions(tx, id)?;
            let in_conflict = paid_field_in_conflict(&tx.field_conflicts(CHARGES, id)?)
                || (charge.paid.is_some() && charge.cancelled.is_some());
            if !in_conflict {
                return Err(CoreError::not_allowed(
                    "Esta cobrança não está em conflito.",
                ));
            }
            let (keep, void): (Option<&ChargePaid>, &[ChargePaid]) = match resolution {
                ChargeResolution::KeepPaid => (paid.first(), paid.get(1..).unwrap_or(&[])),
                ChargeResolution::KeepCancelled => (None, &paid[..]),
            };
            if resolution == ChargeResolution::KeepPaid && keep.is_none() {
                return Err(CoreError::not_allowed(
                    "Nenhum pagamento ficou registrado nesta cobrança; escolha mantê-la cancelada.",
                ));
            }
            let mut entry = ledger::tx_entry(tx, &charge.entry)?;
            for p in void {
                if let Some(payment) = entry.payments.get_mut(&p.payment) {
                    if payment.voided.is_none() {
                        payment.voided = Some(Cancellation {
                            date: tx.today(),
                            reason: Some("Conflito de cobrança resolvido".into()),
                        });
                    }
                }
            }
            match keep {
                Some(k) => {
                    entry.cancelled = None;
                    // A concurrent "keep cancelled" may have reversed the payment kept here.
                    if let Some(kept) = entry.payments.get_mut(&k.payment) {
                        kept.voided = None;
                    }
                    tx.put(ENTRIES, &charge.entry, &entry)?;
                    tx.put_field(CHARGES, id, "paid", &Some(k.clone()))?;
                    tx.put_field(CHARGES, id, "cancelled", &None::<Cancellation>)?;
                }
                None => {
                    if entry.cancelled.is_none() {
                        entry.cancelled = charge.cancelled.clone().or(Some(Cancellation {
                            date: tx.today(),
                            reason: Some("Conflito de cobrança resolvido".into()),
                        }));
                    }
                    tx.put(ENTRIES, &charge.entry, &entry)?;
                    tx.put_field(CHARGES, id, "paid", &None::<ChargePaid>)?;
                    tx.put_field(CHARGES, id, "cancelled", &entry.cancelled)?;
                }
            }
            tx.set_record(id);
            Ok(())
        })
    }

    /// The Pix "copia e cola" payload of an open Pix charge, for the business's Pix key, name
    /// and city (Configurações), with the charge's amount and a txid derived from its id.
    /// Show it as a QR code with [`crate::formats::pix::qr_svg`].
    pub fn charge_pix_payload(&self, id: &str) -> CoreResult<String> {
        use crate::formats::pix::{PixKey, StaticPix};
        let charge: Charge = self
            .get(CHARGES, id)?
            .ok_or_else(|| CoreError::not_found("Cobrança", id))?;
        if charge.method != ChargeMethod::Pix {
            return Err(CoreError::not_allowed(
                "Esta cobrança é por boleto, não por Pix.",
            ));
        }
        if charge.paid.is_some() || charge.cancelled.is_some() {
            return Err(CoreError::not_allowed(
                "Só cobranças em aberto têm QR Code Pix.",
            ));
        }
        let profile = self.profile()?;
        let (Some(key), Some(city)) = (profile.pix_key.as_deref(), profile.city.as_deref()) else {
            return Err(CoreError::not_allowed(
                "Cadastre a chave Pix e a cidade do negócio em Configurações.",
            ));
        };
        let key = PixKey::parse(key).map_err(|e| CoreError::invalid("Chave Pix", e.to_string()))?;
        let txid: String = id
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(25)
            .collect();
        let pix = StaticPix {
            key,
            name: profile.name,
            city: city.to_string(),
            amount: Some(charge.amount),
            txid: Some(txid),
            description: None,
        };
        pix.payload()
            .map_err(|e| CoreError::invalid("Pix", e.to_string()))
    }

    fn view(
        &self,
        id: Id,
        charge: Charge,
        plan: &ReminderPlan,
        today: NaiveDate,
    ) -> CoreResult<ChargeView> {
        let paid_conflict = paid_field_in_conflict(&self.field_conflicts(CHARGES, &id)?);
        Ok(view_of(id, charge, paid_conflict, plan, today))
    }

    /// One charge with its derived status and next reminder.
    pub fn charge_view(&self, id: &str, today: NaiveDate) -> CoreResult<ChargeView> {
        let charge: Charge = self
            .get(CHARGES, id)?
            .ok_or_else(|| CoreError::not_found("Cobrança", id))?;
        let plan = self.settings()?.reminder_plan;
        self.view(id.to_string(), charge, &plan, today)
    }

    /// Every charge with whether its `paid` field is in conflict, sorted by id, as the
    /// view cache keeps them.
    fn charges_listed(&self) -> CoreResult<std::sync::Arc<Vec<(Id, Listed)>>> {
        // The list keeps, with each charge, whether its `paid` field is in conflict, so a
        // read after a change does not look for conflicts in every charge again.
        self.cached(
            CHARGES,
            crate::views::Shape::Winner,
            |doc, id| match crate::business::read_get::<Charge>(doc, CHARGES, id)? {
                Some(charge) => Ok(Some((Listed::read(doc, id, charge)?, false))),
                None => Ok(None),
            },
            |doc| {
                crate::business::read_list::<Charge>(doc, CHARGES)?
                    .into_iter()
                    .map(|(id, charge)| {
                        let listed = Listed::read(doc, &id, charge)?;
                        Ok((id, listed, false))
                    })
                    .collect()
            },
        )
    }

    /// Reads up to `budget` charges into the view cache as [`Business::charges_listed`]
    /// keeps them (see [`Business::warm`]).
    pub(crate) fn warm_charges(&self, budget: usize) -> CoreResult<crate::views::WarmStep> {
        self.warm_cached(CHARGES, crate::views::Shape::Winner, budget, |doc, id| {
            match crate::business::read_get::<Charge>(doc, CHARGES, id)? {
                Some(charge) => Ok(Some((Listed::read(doc, id, charge)?, false))),
                None => Ok(None),
            }
        })
    }

    /// Every charge with its derived status, by due date.
    pub fn charges(&self, today: NaiveDate) -> CoreResult<Vec<ChargeView>> {
        let plan = self.settings()?.reminder_plan;
        let listed = self.charges_listed()?;
        let mut out: Vec<ChargeView> = listed
            .iter()
            .map(|(id, l)| view_of(id.clone(), l.charge.clone(), l.paid_conflict, &plan, today))
            .collect();
        out.sort_by(|a, b| (a.charge.due_date, &a.id).cmp(&(b.charge.due_date, &b.id)));
        Ok(out)
    }

    /// Charges in conflict, for a person to resolve.
    pub fn charge_conflicts(&self, today: NaiveDate) -> CoreResult<Vec<ChargeView>> {
        Ok(self
            .charges(today)?
            .into_iter()
            .filter(|c| c.status == ChargeStatus::Conflict)
            .collect())
    }

    /// Open charges whose next reminder is due today or earlier.
    pub fn reminders_due(&self, today: NaiveDate) -> CoreResult<Vec<ChargeView>> {
        Ok(self
            .charges(today)?
            .into_iter()
            .filter(|c| c.next_reminder.is_some_and(|d| d <= today))
            .collect())
    }
}
