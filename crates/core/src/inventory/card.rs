//! Card machines (maquininhas) and the receivables of card sales.
//!
//! A machine is configured by the owner: its name, the acquirer, the account the acquirer
//! deposits into, the fee of each kind of sale (débito, crédito à vista, crédito parcelado
//! 2x to 12x) and how many days each kind takes to be paid (débito D+1, crédito D+30, each
//! further installment 30 days after the previous one, all configurable). A deposit date
//! that falls on a Saturday or Sunday moves to the Monday, as acquirers pay on business
//! days; holidays are not known here, so such a deposit may come a day later.
//!
//! A card sale is recorded, per installment, as the gross receivable (category "Vendas de
//! produtos") and the acquirer's fee as a payable (category "Taxas de cartão e maquininha"),
//! both due on the installment's deposit date in the machine's account. So the DRE shows
//! the gross sale and the fee apart, and on each deposit date the cash flow nets to exactly
//! what the acquirer deposits. [`Business::card_agenda`] groups them into that agenda
//! (what each machine deposits and when), and [`Business::confirm_card_deposit`] settles a
//! day's receivables and fees when the money arrives.
//!
//! Amounts: the fee is `gross × rate` rounded to centavos (half away from zero); gross and
//! fee are each split into equal installments in centavos, and the centavos that do not
//! divide go to the first installment (as acquirers do), so every sum is exact.

use autosurgeon::{Hydrate, Reconcile};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::business::{new_id, Business, Id, OpCtx, Tx};
use crate::error::{CoreError, CoreResult};
use crate::ledger::{self, NewPayment};
use crate::money;

/// Collection of card machines.
pub const CARD_MACHINES: &str = "card_machines";

/// Most installments a card sale may have.
pub const MAX_INSTALLMENTS: u32 = 12;
/// Most characters of a machine's name.
pub const MAX_MACHINE_NAME: usize = 60;
/// Most characters of the acquirer's name.
pub const MAX_ACQUIRER: usize = 40;
/// Highest fee a machine may charge, in percent: far above any real plan, it catches a
/// fee typed in the wrong field.
const MAX_RATE: i64 = 30;
/// Most days a deposit may take.
const MAX_DAYS: u32 = 365;

/// Débito or crédito.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Reconcile, Hydrate, Serialize, Deserialize)]
pub enum CardKind {
    /// Debit card: one deposit, D+1 by default.
    Debit,
    /// Credit card, à vista or in installments.
    Credit,
}

impl CardKind {
    /// Name shown to the user, in pt-BR.
    pub fn label(self) -> &'static str {
        match self {
            CardKind::Debit => "débito",
            CardKind::Credit => "crédito",
        }
    }
}

/// The fee of a plan in installments.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct InstallmentFee {
    /// Number of installments, 2 to 12.
    pub installments: u32,
    /// Fee in percent of the sale, e.g. 3.99.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub rate: Decimal,
}

/// A card machine as stored in the document.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct CardMachine {
    /// Name, e.g. "Maquininha do balcão".
    pub name: String,
    /// The acquirer or brand, e.g. "Stone", "Cielo".
    pub acquirer: Option<String>,
    /// The account the acquirer deposits into.
    pub account: Id,
    /// Debit fee, in percent.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub debit_rate: Decimal,
    /// Credit à vista fee, in percent.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub credit_rate: Decimal,
    /// Fees of the plans in installments, 2x upwards without gaps; the machine offers up to
    /// the last one.
    pub installment_rates: Vec<InstallmentFee>,
    /// Days after the sale a debit sale is deposited.
    pub debit_days: u32,
    /// Days after the sale a credit sale (or its first installment) is deposited.
    pub credit_days: u32,
    /// Days between the deposits of two installments.
    pub installment_interval_days: u32,
    /// Inactive machines keep their history but take no new sales.
    pub active: bool,
}

impl CardMachine {
    /// The most installments this machine offers.
    pub fn max_installments(&self) -> u32 {
        self.installment_rates
            .iter()
            .map(|f| f.installments)
            .max()
            .unwrap_or(1)
    }

    /// The fee in percent for this kind and number of installments.
    pub fn rate(&self, kind: CardKind, installments: u32) -> CoreResult<Decimal> {
        match (kind, installments) {
            (CardKind::Debit, 1) => Ok(self.debit_rate),
            (CardKind::Debit, _) => Err(CoreError::invalid(
                "Parcelas",
                "no débito a venda é sempre à vista.",
            )),
            (CardKind::Credit, 1) => Ok(self.credit_rate),
            (CardKind::Credit, n) => self
                .installment_rates
                .iter()
                .find(|f| f.installments == n)
                .map(|f| f.rate)
                .ok_or_else(|| {
                    CoreError::invalid(
                        "Parcelas",
                        format!(
                            "a maquininha \"{}\" não tem taxa para {n}x; ela parcela em até {}x.",
                            self.name,
                            self.max_installments()
                        ),
                    )
                }),
        }
    }

    /// The deposit date of installment `number` (1-based) of a sale on `sale_date`.
    pub fn deposit_date(&self, kind: CardKind, sale_date: NaiveDate, number: u32) -> NaiveDate {
        let days = match kind {
            CardKind::Debit => self.debit_days,
            CardKind::Credit => {
                self.credit_days + number.saturating_sub(1) * self.installment_interval_days
            }
        };
        business_day(
            sale_date
                .checked_add_days(Days::new(u64::from(days)))
                .unwrap_or(sale_date),
        )
    }
}

/// The date itself, or the Monday after a Saturday or Sunday.
fn business_day(date: NaiveDate) -> NaiveDate {
    let skip = match date.weekday() {
        Weekday::Sat => 2,
        Weekday::Sun => 1,
        _ => 0,
    };
    date.checked_add_days(Days::new(skip)).unwrap_or(date)
}

/// What the owner types to register or edit a machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCardMachine {
    /// Name.
    pub name: String,
    /// Acquirer or brand, optional.
    pub acquirer: Option<String>,
    /// The account the acquirer deposits into.
    pub account: Id,
    /// Debit fee, in percent.
    pub debit_rate: Decimal,
    /// Credit à vista fee, in percent.
    pub credit_rate: Decimal,
    /// Fees for 2x, 3x, … in order; the machine offers as many installments as given + 1.
    pub installment_rates: Vec<Decimal>,
    /// Days to deposit a debit sale (1 for D+1).
    pub debit_days: u32,
    /// Days to deposit a credit sale or its first installment (30 for D+30).
    pub credit_days: u32,
    /// Days between installments (30).
    pub installment_interval_days: u32,
}

impl NewCardMachine {
    /// A machine with the usual terms (D+1, D+30, 30 days between installments) and the
    /// given fees.
    pub fn with_usual_terms(
        name: impl Into<String>,
        account: Id,
        debit_rate: Decimal,
        credit_rate: Decimal,
        installment_rates: Vec<Decimal>,
    ) -> NewCardMachine {
        NewCardMachine {
            name: name.into(),
            acquirer: None,
            account,
            debit_rate,
            credit_rate,
            installment_rates,
            debit_days: 1,
            credit_days: 30,
            installment_interval_days: 30,
        }
    }
}

/// How a card sale is paid: which machine, débito or crédito, in how many installments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardChoice {
    /// The machine.
    pub machine: Id,
    /// Débito or crédito.
    pub kind: CardKind,
    /// 1 for à vista; 2 to 12 for credit in installments.
    pub installments: u32,
}

/// One installment of a card sale, as the acquirer will deposit it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardInstallment {
    /// 1-based number.
    pub number: u32,
    /// How many installments the sale has.
    pub of: u32,
    /// The deposit date.
    pub date: NaiveDate,
    /// This installment's share of the sale.
    pub gross: Decimal,
    /// The acquirer's fee on it.
    pub fee: Decimal,
    /// What the acquirer deposits: gross − fee.
    pub net: Decimal,
}

/// Splits `amount` into `n` parts in centavos; the centavos left over go to the first.
fn split(amount: Decimal, n: u32) -> Vec<Decimal> {
    let n = n.max(1);
    let total_cents = (amount * Decimal::ONE_HUNDRED).trunc();
    let base = (total_cents / Decimal::from(n)).trunc();
    let first = total_cents - base * Decimal::from(n - 1);
    (0..n)
        .map(|i| {
            let part = if i == 0 { first } else { base };
            part / Decimal::ONE_HUNDRED
        })
        .collect()
}

/// The deposits of a card sale of `gross` on `sale_date` (pure arithmetic, see the module
/// doc for the rounding).
pub fn card_schedule(
    machine: &CardMachine,
    kind: CardKind,
    installments: u32,
    sale_date: NaiveDate,
    gross: Decimal,
) -> CoreResult<Vec<CardInstallment>> {
    if installments == 0 || installments > MAX_INSTALLMENTS {
        return Err(CoreError::invalid(
            "Parcelas",
            format!("escolha de 1 a {MAX_INSTALLMENTS} parcelas."),
        ));
    }
    let rate = machine.rate(kind, installments)?;
    let gross = money::positive("Total da venda", gross)?;
    let fee = crate::staff::cents(gross * rate / Decimal::ONE_HUNDRED);
    let grosses = split(gross, installments);
    let fees = split(fee, installments);
    Ok(grosses
        .into_iter()
        .zip(fees)
        .zip(1..)
        .map(|((g, f), number)| CardInstallment {
            number,
            of: installments,
            date: machine.deposit_date(kind, sale_date, number),
            gross: g,
            fee: f,
            net: g - f,
        })
        .collect())
}

/// Checks a fee in percent: 0 to 30, at most 4 decimal places.
fn check_rate(field: &'static str, rate: Decimal) -> CoreResult<Decimal> {
    if rate < Decimal::ZERO {
        return Err(CoreError::invalid(field, "a taxa não pode ser negativa."));
    }
    if rate > Decimal::from(MAX_RATE) {
        return Err(CoreError::invalid(
            field,
            format!("a taxa passa de {MAX_RATE}%; confira o valor digitado."),
        ));
    }
    if rate.normalize().scale() > 4 {
        return Err(CoreError::invalid(
            field,
            "use no máximo quatro casas decimais.",
        ));
    }
    Ok(rate.normalize())
}

fn check_days(field: &'static str, days: u32) -> CoreResult<u32> {
    if days > MAX_DAYS {
        return Err(CoreError::invalid(
            field,
            format!("use no máximo {MAX_DAYS} dias."),
        ));
    }
    Ok(days)
}

/// Validates a machine form; `own_id` is the machine being edited, if any.
fn build_machine(
    tx: &Tx<'_>,
    input: NewCardMachine,
    own_id: Option<&str>,
) -> CoreResult<CardMachine> {
    let name = money::limited_text("Nome da maquininha", &input.name, MAX_MACHINE_NAME)?;
    let acquirer = match money::optional_text(input.acquirer.as_deref()) {
        Some(a) => Some(money::limited_text("Credenciadora", &a, MAX_ACQUIRER)?),
        None => None,
    };
    ledger::check_account(tx, &input.account)?;
    if input.installment_rates.len() > (MAX_INSTALLMENTS - 1) as usize {
        return Err(CoreError::invalid(
            "Parcelas",
            format!("a maquininha parcela em no máximo {MAX_INSTALLMENTS}x."),
        ));
    }
    let mut installment_rates = Vec::new();
    for (n, rate) in (2..).zip(input.installment_rates) {
        installment_rates.push(InstallmentFee {
            installments: n,
            rate: check_rate("Taxa parcelada", rate)?,
        });
    }
    let clash = tx
        .list::<CardMachine>(CARD_MACHINES)?
        .into_iter()
        .any(|(id, m)| {
            Some(id.as_str()) != own_id && m.active && m.name.to_lowercase() == name.to_lowercase()
        });
    if clash {
        return Err(CoreError::Duplicate(format!(
            "Já existe uma maquininha chamada \"{name}\"."
        )));
    }
    Ok(CardMachine {
        name,
        acquirer,
        account: input.account,
        debit_rate: check_rate("Taxa do débito", input.debit_rate)?,
        credit_rate: check_rate("Taxa do crédito à vista", input.credit_rate)?,
        installment_rates,
        debit_days: check_days("Prazo do débito", input.debit_days)?,
        credit_days: check_days("Prazo do crédito", input.credit_days)?,
        installment_interval_days: check_days(
            "Intervalo entre parcelas",
            input.installment_interval_days,
        )?,
        active: true,
    })
}

/// Reads a machine that may take a sale.
pub(crate) fn require_active_machine(tx: &Tx<'_>, id: &str) -> CoreResult<CardMachine> {
    let machine: CardMachine = tx.require(CARD_MACHINES, id, "Maquininha")?;
    if !machine.active {
        return Err(CoreError::not_allowed(format!(
            "A maquininha \"{}\" está desativada; reative-a ou escolha outra.",
            machine.name
        )));
    }
    Ok(machine)
}

/// One expected deposit of one card sale's installment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardReceivable {
    /// The sale.
    pub sale: Id,
    /// The sale's description in the ledger ("Venda: Pão francês").
    pub description: String,
    /// Débito or crédito.
    pub kind: CardKind,
    /// The installment.
    pub installment: CardInstallment,
    /// The receivable entry (gross).
    pub receivable: Id,
    /// The fee's payable entry, when the fee is above zero.
    pub fee_entry: Option<Id>,
}

/// What one machine deposits on one date: the agenda de recebíveis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardDeposit {
    /// The deposit date.
    pub date: NaiveDate,
    /// The machine.
    pub machine: Id,
    /// The machine's name.
    pub machine_name: String,
    /// The account it deposits into.
    pub account: Id,
    /// Sum of the installments' gross.
    pub gross: Decimal,
    /// Sum of the fees.
    pub fee: Decimal,
    /// What arrives in the account.
    pub net: Decimal,
    /// The installments in it.
    pub items: Vec<CardReceivable>,
}

impl Business {
    /// Registers a card machine.
    pub fn create_card_machine(&mut self, ctx: &OpCtx, input: NewCardMachine) -> CoreResult<Id> {
        self.apply(ctx, "inventory.card_machine.create", |tx| {
            let machine = build_machine(tx, input, None)?;
            let id = new_id();
            tx.put(CARD_MACHINES, &id, &machine)?;
            Ok(id)
        })
    }

    /// Edits a card machine; sales already made keep the fees and dates they had.
    pub fn update_card_machine(
        &mut self,
        ctx: &OpCtx,
        id: &str,
        input: NewCardMachine,
    ) -> CoreResult<()> {
        self.apply(ctx, "inventory.card_machine.update", |tx| {
            let current: CardMachine = tx.require(CARD_MACHINES, id, "Maquininha")?;
            let mut machine = build_machine(tx, input, Some(id))?;
            machine.active = current.active;
            tx.put(CARD_MACHINES, id, &machine)
        })
    }

    /// Deactivates or reactivates a card machine (its sales stay).
    pub fn set_card_machine_active(
        &mut self,
        ctx: &OpCtx,
        id: &str,
        active: bool,
    ) -> CoreResult<()> {
        self.apply(ctx, "inventory.card_machine.set_active", |tx| {
            let mut machine: CardMachine = tx.require(CARD_MACHINES, id, "Maquininha")?;
            if machine.active == active {
                return Err(CoreError::not_allowed(if active {
                    "Esta maquininha já está ativa."
                } else {
                    "Esta maquininha já está desativada."
                }));
            }
            machine.active = active;
            tx.put(CARD_MACHINES, id, &machine)
        })
    }

    /// Every card machine, sorted by name.
    pub fn card_machines(&self) -> CoreResult<Vec<(Id, CardMachine)>> {
        let mut list: Vec<(Id, CardMachine)> = self.list(CARD_MACHINES)?;
        list.sort_by(|a, b| {
            a.1.name
                .to_lowercase()
                .cmp(&b.1.name.to_lowercase())
                .then_with(|| a.0.cmp(&b.0))
        });
        Ok(list)
    }

    /// One card machine.
    pub fn card_machine(&self, id: &str) -> CoreResult<Option<CardMachine>> {
        self.get(CARD_MACHINES, id)
    }

    /// What the sale would deposit with this card choice, before it is recorded (for the
    /// sale screen).
    pub fn card_quote(
        &self,
        card: &CardChoice,
        sale_date: NaiveDate,
        gross: Decimal,
    ) -> CoreResult<Vec<CardInstallment>> {
        let machine = self
            .card_machine(&card.machine)?
            .ok_or_else(|| CoreError::not_found("Maquininha", card.machine.clone()))?;
        card_schedule(&machine, card.kind, card.installments, sale_date, gross)
    }

    /// The open card receivables of every sale, by deposit date.
    pub fn card_receivables(&self) -> CoreResult<Vec<(Id, CardReceivable)>> {
        let mut out = Vec::new();
        for (sale_id, sale) in self.sales()? {
            let Some(card) = &sale.card else { continue };
            for part in &card.parts {
                let Some(entry) = self.entry(&part.receivable)? else {
                    continue;
                };
                if entry.cancelled.is_some() || entry.open_amount() <= Decimal::ZERO {
                    continue;
                }
                let fee = match &part.fee_entry {
                    Some(id) => self.entry(id)?.map(|e| e.amount).unwrap_or_default(),
                    None => Decimal::ZERO,
                };
                out.push((
                    card.machine.clone(),
                    CardReceivable {
                        sale: sale_id.clone(),
                        description: entry.description.clone(),
                        kind: card.kind,
                        installment: CardInstallment {
                            number: part.number,
                            of: card.installments,
                            date: entry.due_date,
                            gross: entry.amount,
                            fee,
                            net: entry.amount - fee,
                        },
                        receivable: part.receivable.clone(),
                        fee_entry: part.fee_entry.clone(),
                    },
                ));
            }
        }
        out.sort_by(|a, b| {
            a.1.installment
                .date
                .cmp(&b.1.installment.date)
                .then_with(|| a.1.sale.cmp(&b.1.sale))
                .then_with(|| a.1.installment.number.cmp(&b.1.installment.number))
        });
        Ok(out)
    }

    /// The agenda de recebíveis: what each machine will deposit, and when, for every card
    /// installment not yet confirmed, by date then machine name. Deposits dated before
    /// today that were not confirmed stay on the agenda (the acquirer may be late, or the
    /// deposit only needs confirming).
    pub fn card_agenda(&self) -> CoreResult<Vec<CardDeposit>> {
        let machines: Vec<(Id, CardMachine)> = self.list(CARD_MACHINES)?;
        let mut out: Vec<CardDeposit> = Vec::new();
        for (machine_id, item) in self.card_receivables()? {
            let date = item.installment.date;
            match out
                .iter_mut()
                .find(|d| d.date == date && d.machine == machine_id)
            {
                Some(day) => {
                    day.gross += item.installment.gross;
                    day.fee += item.installment.fee;
                    day.net += item.installment.net;
                    day.items.push(item);
                }
                None => {
                    let machine = machines.iter().find(|(id, _)| *id == machine_id);
                    out.push(CardDeposit {
                        date,
                        machine: machine_id.clone(),
                        machine_name: machine.map(|(_, m)| m.name.clone()).unwrap_or_default(),
                        account: machine.map(|(_, m)| m.account.clone()).unwrap_or_default(),
                        gross: item.installment.gross,
                        fee: item.installment.fee,
                        net: item.installment.net,
                        items: vec![item],
                    });
                }
            }
        }
        out.sort_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then_with(|| {
                    a.machine_name
                        .to_lowercase()
                        .cmp(&b.machine_name.to_lowercase())
                })
                .then_with(|| a.machine.cmp(&b.machine))
        });
        Ok(out)
    }

    /// Confirms that `machine` deposited what the agenda expects on `scheduled`: every open
    /// card receivable of that machine and date is received, and its fee paid, on
    /// `received_on` in the machine's account, in one change. Returns the net received.
    pub fn confirm_card_deposit(
        &mut self,
        ctx: &OpCtx,
        machine: &str,
        scheduled: NaiveDate,
        received_on: NaiveDate,
    ) -> CoreResult<Decimal> {
        let day = self
            .card_agenda()?
            .into_iter()
            .find(|d| d.machine == machine && d.date == scheduled)
            .ok_or_else(|| {
                CoreError::not_allowed(format!(
                    "Nenhum depósito em aberto desta maquininha em {}.",
                    money::date_br(scheduled)
                ))
            })?;
        self.apply(ctx, "inventory.card.deposit", |tx| {
            let machine: CardMachine = tx.require(CARD_MACHINES, machine, "Maquininha")?;
            let note = Some(format!("Depósito de {}", machine.name));
            for item in &day.items {
                for id in std::iter::once(&item.receivable).chain(item.fee_entry.as_ref()) {
                    let entry = ledger::tx_entry(tx, id)?;
                    let open = entry.open_amount();
                    if entry.cancelled.is_some() || open <= Decimal::ZERO {
                        continue;
                    }
                    ledger::tx_pay(
                        tx,
                        id,
                        NewPayment {
                            date: received_on,
                            amount: open,
                            account: machine.account.clone(),
                            note: note.clone(),
                        },
                    )?;
                }
            }
            if let Some(first) = day.items.first() {
                tx.set_record(&first.sale);
            }
            Ok(())
        })?;
        Ok(day.net)
    }
}
