//! Inventory operations and queries on the [`Business`] document.
//!
//! A sale writes its stock movements, the sale record and its ledger receivable
//! (received at once, or left open for fiado) in one change; a purchase writes
//! its movements, the purchase record and its payable in one change. Sales and
//! purchases never edit the product record, so devices selling offline only
//! add records and every sale counts after the merge. A sale of more than the
//! stock shows is refused unless the cashier confirms it (`beyond_stock`), so
//! stock goes negative only by that choice or when two devices sold the same
//! units offline; such products show up in [`Business::stock_review`] for a
//! person to fix with an adjustment.

use std::collections::BTreeMap;

use chrono::Days;
use rust_decimal::Decimal;

use super::card::{card_schedule, CardChoice, CardKind, CardMachine};
use super::index::{cost_entry, tx_code_clash, tx_cost_history, Clash, Codes};
use super::records::*;
use super::stock::{
    stock_position, suggested_reorder, CostEntry, MovementKind, StockPosition, AVERAGE_COST_DP,
};
use super::InventoryError;
use crate::business::{new_id, Business, Id, OpCtx, Tx};
use crate::error::{CoreError, CoreResult};
use crate::ledger::{self, categories, EntryKind, NewEntry, NewPayment};
use crate::money;
use crate::parties::{self, Party, PARTIES};

/// The inventory operations (change message `op`) and their pt-BR labels for
/// the audit log.
pub const OP_LABELS: &[(&str, &str)] = &[
    ("inventory.product.create", "Produto cadastrado"),
    ("inventory.product.update", "Produto alterado"),
    (
        "inventory.product.set_active",
        "Produto ativado ou desativado",
    ),
    (
        "inventory.movement.record",
        "Movimento de estoque registrado",
    ),
    ("inventory.sale.record", "Venda registrada"),
    ("inventory.purchase.record", "Compra registrada"),
    ("inventory.card_machine.create", "Maquininha cadastrada"),
    ("inventory.card_machine.update", "Maquininha alterada"),
    (
        "inventory.card_machine.set_active",
        "Maquininha ativada ou desativada",
    ),
    ("inventory.card.deposit", "Depósito de cartão confirmado"),
];

/// The pt-BR label of an inventory operation, for the audit log.
pub fn op_label(op: &str) -> Option<&'static str> {
    OP_LABELS
        .iter()
        .find(|(name, _)| *name == op)
        .map(|(_, l)| *l)
}

/// Days a fiado sale is due after the sale when no due date is given.
pub const FIADO_DEFAULT_DAYS: u64 = 30;

/// Most characters of a product's name: it fits a sale's description ("Venda: … e mais
/// 2 itens") within [`money::MAX_TEXT`].
pub const MAX_PRODUCT_NAME: usize = 120;
/// Most characters of a SKU.
pub const MAX_SKU: usize = 40;

/// Most a quantity or amount may be, to keep arithmetic far from overflow.
const MAX_MAGNITUDE: i64 = 1_000_000_000;

fn too_large(v: Decimal) -> bool {
    v.abs() > Decimal::from(MAX_MAGNITUDE)
}

/// Checks a cost per unit: not negative, at most 4 decimal places.
fn check_cost(field: &'static str, value: Decimal) -> CoreResult<Decimal> {
    if value < Decimal::ZERO {
        return Err(InventoryError::Negative(field).into());
    }
    if value.normalize().scale() > AVERAGE_COST_DP {
        return Err(CoreError::invalid(
            field,
            "use no máximo quatro casas decimais.",
        ));
    }
    if too_large(value) {
        return Err(CoreError::invalid(field, "o valor é grande demais."));
    }
    Ok(value.normalize())
}

/// Checks a price: not negative, centavos.
fn check_price(field: &'static str, value: Decimal) -> CoreResult<Decimal> {
    if value < Decimal::ZERO {
        return Err(InventoryError::Negative(field).into());
    }
    if too_large(value) {
        return Err(CoreError::invalid(field, "o valor é grande demais."));
    }
    money::any(field, value)
}

/// Checks a positive quantity of a product in its unit.
fn check_positive_quantity(product: &Product, quantity: Decimal) -> CoreResult<Decimal> {
    if quantity.is_zero() {
        return Err(InventoryError::ZeroQuantity.into());
    }
    if quantity < Decimal::ZERO {
        return Err(InventoryError::Negative("A quantidade").into());
    }
    check_quantity_magnitude(product, quantity)
}

fn check_quantity_magnitude(product: &Product, quantity: Decimal) -> CoreResult<Decimal> {
    product.unit.check_quantity(&product.name, quantity)?;
    if too_large(quantity) {
        return Err(CoreError::invalid(
            "Quantidade",
            "a quantidade é grande demais.",
        ));
    }
    Ok(quantity.normalize())
}

/// Rounds to centavos, half away from zero.
fn cents(v: Decimal) -> Decimal {
    crate::staff::cents(v)
}

/// Checks that `id` is a party marked as supplier.
fn check_supplier(tx: &Tx<'_>, id: &str) -> CoreResult<Party> {
    let party = parties::check_party(tx, id)?;
    if !party.is_supplier {
        return Err(CoreError::invalid(
            "Fornecedor",
            format!("\"{}\" não está cadastrado como fornecedor.", party.name),
        ));
    }
    Ok(party)
}

/// Checks that `id` is a party marked as customer.
fn check_customer(tx: &Tx<'_>, id: &str) -> CoreResult<Party> {
    let party = parties::check_party(tx, id)?;
    if !party.is_customer {
        return Err(CoreError::invalid(
            "Cliente",
            format!("\"{}\" não está cadastrado como cliente.", party.name),
        ));
    }
    Ok(party)
}

/// Validates a product form; `own_id` is the product being edited, if any.
fn build_product(tx: &mut Tx<'_>, input: NewProduct, own_id: Option<&str>) -> CoreResult<Product> {
    let name = input.name.trim().to_string();
    if name.is_empty() {
        return Err(InventoryError::NameRequired.into());
    }
    let name = money::limited_text("Nome", &name, MAX_PRODUCT_NAME)?;
    let sku = input.sku.trim().to_string();
    if sku.is_empty() {
        return Err(InventoryError::SkuRequired.into());
    }
    let sku = money::limited_text("Código (SKU)", &sku, MAX_SKU)?;
    let gtin = match money::optional_text(input.gtin.as_deref()) {
        None => None,
        Some(code) => Some(
            crate::formats::gtin::Gtin::parse(&code)
                .map_err(|e| InventoryError::InvalidGtin(e.to_string()))?
                .as_str()
                .to_string(),
        ),
    };
    let cost = check_cost("O custo", input.cost)?;
    let price = check_price("O preço", input.price)?;
    let mut probe = Product {
        sku: sku.clone(),
        gtin: gtin.clone(),
        name: name.clone(),
        unit: input.unit,
        cost,
        price,
        reorder_point: None,
        reorder_quantity: None,
        supplier: None,
        active: true,
    };
    let reorder_point = match input.reorder_point {
        None => None,
        Some(p) if p < Decimal::ZERO => {
            return Err(InventoryError::Negative("O ponto de reposição").into())
        }
        Some(p) => Some(check_quantity_magnitude(&probe, p)?),
    };
    let reorder_quantity = match input.reorder_quantity {
        None => None,
        Some(q) if q < Decimal::ZERO => {
            return Err(InventoryError::Negative("A quantidade de reposição").into())
        }
        Some(q) => Some(check_quantity_magnitude(&probe, q)?),
    };
    if let Some(s) = &input.supplier {
        check_supplier(tx, s)?;
    }
    let codes = Codes {
        sku: sku.to_lowercase(),
        gtin: gtin.clone(),
    };
    match tx_code_clash(tx, &codes, own_id)? {
        Some(Clash::Sku) => return Err(InventoryError::DuplicateSku(sku).into()),
        Some(Clash::Gtin) => {
            return Err(InventoryError::DuplicateGtin(gtin.unwrap_or_default()).into())
        }
        None => {}
    }
    probe.reorder_point = reorder_point;
    probe.reorder_quantity = reorder_quantity;
    probe.supplier = input.supplier;
    Ok(probe)
}

/// Reads a product or fails with [`InventoryError::ProductNotFound`].
fn require_product(tx: &Tx<'_>, id: &str) -> CoreResult<Product> {
    tx.get::<Product>(PRODUCTS, id)?
        .ok_or_else(|| InventoryError::ProductNotFound.into())
}

/// Reads a product that may take sales and purchases.
fn require_active_product(tx: &Tx<'_>, id: &str) -> CoreResult<Product> {
    let p = require_product(tx, id)?;
    if !p.active {
        return Err(InventoryError::ProductInactive(p.name).into());
    }
    Ok(p)
}

/// Registers a product.
pub fn tx_create_product(tx: &mut Tx<'_>, input: NewProduct) -> CoreResult<Id> {
    let product = build_product(tx, input, None)?;
    let id = new_id();
    tx.put(PRODUCTS, &id, &product)?;
    Ok(id)
}

/// Records an adjustment, loss or return.
pub fn tx_record_movement(tx: &mut Tx<'_>, input: NewMovement) -> CoreResult<Id> {
    if matches!(input.kind, MovementKind::Sale | MovementKind::Purchase) {
        return Err(InventoryError::UseSaleOrPurchase.into());
    }
    let product = require_product(tx, &input.product)?;
    input.kind.check_quantity(input.quantity)?;
    let quantity = check_quantity_magnitude(&product, input.quantity)?;
    let reason = money::optional_text(input.reason.as_deref());
    if reason.is_none() && matches!(input.kind, MovementKind::Adjustment | MovementKind::Loss) {
        return Err(InventoryError::ReasonRequired.into());
    }
    let unit_cost = match input.unit_cost {
        Some(c) => check_cost("O custo", c)?,
        None => {
            let mine = tx_cost_history(tx, &input.product)?;
            stock_position(mine, product.cost).average_cost
        }
    };
    let id = new_id();
    tx.put(
        MOVEMENTS,
        &id,
        &Movement {
            product: input.product,
            date: input.date,
            kind: input.kind,
            quantity,
            unit_cost,
            reason,
            source: None,
        },
    )?;
    Ok(id)
}

/// Records a sale: movements, the sale record and its receivable, in the
/// caller's transaction.
pub fn tx_record_sale(tx: &mut Tx<'_>, input: NewSale) -> CoreResult<Id> {
    record_sale_in(tx, input, None)
}

/// Records a card sale on a machine: movements, the sale record, and per installment the
/// gross receivable and the fee's payable on the deposit date (see [`super::card`]), in
/// the caller's transaction.
pub fn tx_record_card_sale(tx: &mut Tx<'_>, input: NewSale, card: CardChoice) -> CoreResult<Id> {
    record_sale_in(tx, input, Some(card))
}

/// What a replenishment list is estimated to cost: the sum of its lines.
pub fn replenishment_total(items: &[ReplenishmentItem]) -> Decimal {
    items.iter().map(|i| i.estimated_cost).sum()
}

/// A line's total: quantity × price in centavos.
pub fn line_total(quantity: Decimal, price: Decimal) -> Decimal {
    cents(quantity * price)
}

fn record_sale_in(tx: &mut Tx<'_>, mut input: NewSale, card: Option<CardChoice>) -> CoreResult<Id> {
    if card.is_some() {
        input.method = PaymentMethod::Cartao;
        input.account = None;
    }
    if input.items.is_empty() {
        return Err(InventoryError::NoItems.into());
    }
    // Each product's movements, read once per sale from the stock index.
    let mut by_product: BTreeMap<Id, Vec<CostEntry>> = BTreeMap::new();
    let sale_id = new_id();
    let mut lines = Vec::new();
    let mut new_movements = Vec::new();
    for item in &input.items {
        let product = require_active_product(tx, &item.product)?;
        let quantity = check_positive_quantity(&product, item.quantity)?;
        let unit_price = match item.unit_price {
            Some(p) => check_price("O preço", p)?,
            None => product.price,
        };
        if !by_product.contains_key(&item.product) {
            let history = tx_cost_history(tx, &item.product)?;
            by_product.insert(item.product.clone(), history);
        }
        let history = by_product.entry(item.product.clone()).or_default();
        let position = stock_position(history.clone(), product.cost);
        if !input.beyond_stock && position.quantity < quantity {
            return Err(InventoryError::InsufficientStock {
                product: product.name.clone(),
                unit: product.unit.code(),
                available: position.quantity.max(Decimal::ZERO),
                requested: quantity,
            }
            .into());
        }
        let average = position.average_cost;
        let movement_id = new_id();
        let movement = Movement {
            product: item.product.clone(),
            date: input.date,
            kind: MovementKind::Sale,
            quantity: -quantity,
            unit_cost: average,
            reason: None,
            source: Some(format!("sale:{sale_id}")),
        };
        // Later lines of the same product see this one.
        history.push(cost_entry(&movement_id, &movement));
        lines.push(SaleLine {
            product: item.product.clone(),
            name: product.name.clone(),
            quantity,
            unit_price,
            total: line_total(quantity, unit_price),
            movement: movement_id.clone(),
        });
        new_movements.push((movement_id, movement));
    }
    let subtotal: Decimal = lines.iter().map(|l| l.total).sum();
    if subtotal <= Decimal::ZERO {
        return Err(CoreError::invalid(
            "Total da venda",
            "o total da venda precisa ser maior que zero.",
        ));
    }
    let discount = check_price("O desconto", input.discount)?;
    if discount >= subtotal {
        return Err(InventoryError::DiscountTooLarge.into());
    }
    let total = subtotal - discount;

    let customer = match (&input.customer, input.method) {
        (Some(c), _) => {
            check_customer(tx, c)?;
            Some(c.clone())
        }
        (None, PaymentMethod::Fiado) => return Err(InventoryError::FiadoNeedsCustomer.into()),
        (None, _) => None,
    };
    let machine = match &card {
        Some(choice) => Some(super::card::require_active_machine(tx, &choice.machine)?),
        None => None,
    };
    let account = match (input.method, &input.account) {
        (_, _) if machine.is_some() => machine.as_ref().map(|m| m.account.clone()),
        (PaymentMethod::Fiado, a) => a.clone(),
        (_, Some(a)) => Some(a.clone()),
        (_, None) => return Err(InventoryError::AccountRequired.into()),
    };
    let due_date = match input.method {
        PaymentMethod::Fiado => input.due_date.unwrap_or_else(|| {
            input
                .date
                .checked_add_days(Days::new(FIADO_DEFAULT_DAYS))
                .unwrap_or(input.date)
        }),
        _ => input.date,
    };
    if due_date < input.date {
        return Err(CoreError::invalid(
            "Vencimento",
            "o vencimento não pode ser antes da venda.",
        ));
    }

    let description = describe("Venda", lines.iter().map(|l| l.name.as_str()));
    let source = format!("sale:{sale_id}");
    let (entry_id, card_sale) = match (machine, card) {
        (Some(machine), Some(choice)) => {
            let card_sale = card_entries(
                tx,
                &machine,
                &choice,
                &input,
                total,
                customer.as_ref(),
                &lines,
                &source,
            )?;
            let first = card_sale
                .parts
                .first()
                .map(|p| p.receivable.clone())
                .unwrap_or_default();
            (first, Some(card_sale))
        }
        _ => {
            let mut entry = NewEntry::new(EntryKind::Receivable, description, total, due_date);
            entry.competence_date = Some(input.date);
            entry.party = customer.clone();
            entry.category = Some(categories::SALES_OF_GOODS.to_string());
            entry.account = account.clone();
            entry.source = Some(source.clone());
            let entry_id = ledger::tx_create_entry(tx, entry)?;
            if input.method != PaymentMethod::Fiado {
                if let Some(acc) = &account {
                    ledger::tx_pay(
                        tx,
                        &entry_id,
                        NewPayment {
                            date: input.date,
                            amount: total,
                            account: acc.clone(),
                            note: Some(format!("Venda em {}", input.method.label())),
                        },
                    )?;
                }
            }
            (entry_id, None)
        }
    };
    for (id, m) in &new_movements {
        tx.put(MOVEMENTS, id, m)?;
    }
    tx.put(
        SALES,
        &sale_id,
        &Sale {
            date: input.date,
            lines,
            subtotal,
            discount,
            total,
            method: input.method,
            customer,
            entry: entry_id,
            card: card_sale,
        },
    )?;
    tx.set_record(&sale_id);
    Ok(sale_id)
}

/// Writes a card sale's receivables and fees, one pair per installment.
#[allow(clippy::too_many_arguments)]
fn card_entries(
    tx: &mut Tx<'_>,
    machine: &CardMachine,
    choice: &CardChoice,
    input: &NewSale,
    total: Decimal,
    customer: Option<&Id>,
    lines: &[SaleLine],
    source: &str,
) -> CoreResult<CardSale> {
    let schedule = card_schedule(machine, choice.kind, choice.installments, input.date, total)?;
    let rate = machine.rate(choice.kind, choice.installments)?;
    let names = || lines.iter().map(|l| l.name.as_str());
    let mut parts = Vec::new();
    for inst in &schedule {
        let plan = match (choice.kind, inst.of) {
            (CardKind::Debit, _) => "débito".to_string(),
            (CardKind::Credit, 1) => "crédito à vista".to_string(),
            (CardKind::Credit, n) => format!("crédito {}/{n}", inst.number),
        };
        let mut entry = NewEntry::new(
            EntryKind::Receivable,
            format!("{} ({plan})", describe("Venda", names())),
            inst.gross,
            inst.date,
        );
        entry.competence_date = Some(input.date);
        entry.party = customer.cloned();
        entry.category = Some(categories::SALES_OF_GOODS.to_string());
        entry.account = Some(machine.account.clone());
        entry.source = Some(source.to_string());
        let receivable = ledger::tx_create_entry(tx, entry)?;
        let fee_entry = if inst.fee > Decimal::ZERO {
            let mut fee = NewEntry::new(
                EntryKind::Payable,
                format!("{} ({plan})", describe("Taxa de cartão", names())),
                inst.fee,
                inst.date,
            );
            fee.competence_date = Some(input.date);
            fee.category = Some(categories::CARD_FEES.to_string());
            fee.account = Some(machine.account.clone());
            fee.source = Some(source.to_string());
            Some(ledger::tx_create_entry(tx, fee)?)
        } else {
            None
        };
        parts.push(CardPart {
            number: inst.number,
            receivable,
            fee_entry,
        });
    }
    Ok(CardSale {
        machine: choice.machine.clone(),
        machine_name: machine.name.clone(),
        kind: choice.kind,
        installments: choice.installments,
        rate,
        fee: schedule.iter().map(|i| i.fee).sum(),
        parts,
    })
}

/// "Venda: Pão francês" or "Venda: Pão francês e mais 2 itens".
fn describe<'a>(prefix: &str, mut names: impl Iterator<Item = &'a str>) -> String {
    let first = names.next().unwrap_or_default();
    let more = names.count();
    match more {
        0 => format!("{prefix}: {first}"),
        1 => format!("{prefix}: {first} e mais 1 item"),
        n => format!("{prefix}: {first} e mais {n} itens"),
    }
}

/// Records a purchase: movements, the purchase record and its payable (paid
/// at once when `paid_from` is given), in the caller's transaction.
pub fn tx_record_purchase(tx: &mut Tx<'_>, input: NewPurchase) -> CoreResult<Id> {
    if input.items.is_empty() {
        return Err(InventoryError::NoItems.into());
    }
    check_supplier(tx, &input.supplier)?;
    let purchase_id = new_id();
    let mut lines = Vec::new();
    let mut new_movements = Vec::new();
    for item in &input.items {
        let product = require_active_product(tx, &item.product)?;
        let quantity = check_positive_quantity(&product, item.quantity)?;
        let unit_cost = check_cost("O custo", item.unit_cost)?;
        let movement_id = new_id();
        new_movements.push((
            movement_id.clone(),
            Movement {
                product: item.product.clone(),
                date: input.date,
                kind: MovementKind::Purchase,
                quantity,
                unit_cost,
                reason: None,
                source: Some(format!("purchase:{purchase_id}")),
            },
        ));
        lines.push(PurchaseLine {
            product: item.product.clone(),
            name: product.name,
            quantity,
            unit_cost,
            total: line_total(quantity, unit_cost),
            movement: movement_id,
        });
    }
    let total: Decimal = lines.iter().map(|l| l.total).sum();
    if total <= Decimal::ZERO {
        return Err(CoreError::invalid(
            "Total da compra",
            "o total da compra precisa ser maior que zero.",
        ));
    }
    let due_date = input.due_date.unwrap_or(input.date);
    let document_ref = money::optional_text(input.document_ref.as_deref());
    let mut description = describe("Compra", lines.iter().map(|l| l.name.as_str()));
    if let Some(nf) = &document_ref {
        description = format!("{description} (NF {nf})");
    }
    let mut entry = NewEntry::new(EntryKind::Payable, description, total, due_date);
    entry.competence_date = Some(input.date);
    entry.party = Some(input.supplier.clone());
    entry.category = Some(categories::GOODS_PURCHASES.to_string());
    entry.account = input.paid_from.clone();
    entry.document_ref = document_ref.clone();
    entry.source = Some(format!("purchase:{purchase_id}"));
    let entry_id = ledger::tx_create_entry(tx, entry)?;
    if let Some(acc) = &input.paid_from {
        ledger::tx_pay(
            tx,
            &entry_id,
            NewPayment {
                date: input.date,
                amount: total,
                account: acc.clone(),
                note: None,
            },
        )?;
    }
    for (id, m) in &new_movements {
        tx.put(MOVEMENTS, id, m)?;
    }
    tx.put(
        PURCHASES,
        &purchase_id,
        &Purchase {
            date: input.date,
            supplier: input.supplier,
            lines,
            total,
            document_ref,
            entry: entry_id,
        },
    )?;
    tx.set_record(&purchase_id);
    Ok(purchase_id)
}

impl Business {
    /// Registers a product.
    pub fn create_product(&mut self, ctx: &OpCtx, input: NewProduct) -> CoreResult<Id> {
        self.apply(ctx, "inventory.product.create", |tx| {
            tx_create_product(tx, input)
        })
    }

    /// Edits a product; only the fields that changed are written, so edits of
    /// different fields on two devices both survive.
    pub fn update_product(&mut self, ctx: &OpCtx, id: &str, input: NewProduct) -> CoreResult<()> {
        self.apply(ctx, "inventory.product.update", |tx| {
            let current = require_product(tx, id)?;
            let mut product = build_product(tx, input, Some(id))?;
            product.active = current.active;
            tx.put(PRODUCTS, id, &product)
        })
    }

    /// Activates or deactivates a product (its history stays).
    pub fn set_product_active(&mut self, ctx: &OpCtx, id: &str, active: bool) -> CoreResult<()> {
        self.apply(ctx, "inventory.product.set_active", |tx| {
            let mut product = require_product(tx, id)?;
            if product.active == active {
                return Err(CoreError::not_allowed(if active {
                    "Este produto já está ativo."
                } else {
                    "Este produto já está inativo."
                }));
            }
            product.active = active;
            tx.put(PRODUCTS, id, &product)
        })
    }

    /// Records an adjustment, loss or return.
    pub fn record_movement(&mut self, ctx: &OpCtx, input: NewMovement) -> CoreResult<Id> {
        self.apply(ctx, "inventory.movement.record", |tx| {
            tx_record_movement(tx, input)
        })
    }

    /// Records a sale with its movements and its receipt or receivable.
    pub fn record_sale(&mut self, ctx: &OpCtx, input: NewSale) -> CoreResult<Id> {
        self.apply(ctx, "inventory.sale.record", |tx| tx_record_sale(tx, input))
    }

    /// Records a card sale on a machine: movements, and per installment the gross
    /// receivable and the fee, due on the deposit date.
    pub fn record_card_sale(
        &mut self,
        ctx: &OpCtx,
        input: NewSale,
        card: CardChoice,
    ) -> CoreResult<Id> {
        self.apply(ctx, "inventory.sale.record", |tx| {
            tx_record_card_sale(tx, input, card)
        })
    }

    /// Records a purchase with its movements and its payable.
    pub fn record_purchase(&mut self, ctx: &OpCtx, input: NewPurchase) -> CoreResult<Id> {
        self.apply(ctx, "inventory.purchase.record", |tx| {
            tx_record_purchase(tx, input)
        })
    }

    // ----- queries -----

    /// What a cart comes to: each item at its price (the product's when none is given),
    /// the subtotal and the total after the discount. Nothing is checked beyond the
    /// products existing: the sale itself checks quantities and stock.
    pub fn quote_sale(&self, items: &[SaleItem], discount: Decimal) -> CoreResult<SaleQuote> {
        let mut lines = Vec::with_capacity(items.len());
        for item in items {
            let price = match item.unit_price {
                Some(p) => p,
                None => {
                    self.product(&item.product)?
                        .ok_or(InventoryError::ProductNotFound)?
                        .price
                }
            };
            lines.push(line_total(item.quantity, price));
        }
        let subtotal: Decimal = lines.iter().sum();
        Ok(SaleQuote {
            lines,
            subtotal,
            discount,
            total: subtotal - discount,
        })
    }

    /// What a purchase comes to: each item's quantity × cost in centavos and the total.
    pub fn quote_purchase(&self, items: &[PurchaseItem]) -> PurchaseQuote {
        let lines: Vec<Decimal> = items
            .iter()
            .map(|i| line_total(i.quantity, i.unit_cost))
            .collect();
        PurchaseQuote {
            total: lines.iter().sum(),
            lines,
        }
    }

    /// Every product, sorted by id.
    pub fn products(&self) -> CoreResult<Vec<(Id, Product)>> {
        self.list(PRODUCTS)
    }

    /// One product.
    pub fn product(&self, id: &str) -> CoreResult<Option<Product>> {
        self.get(PRODUCTS, id)
    }

    /// The product with this SKU (any case) or barcode, for scanners and search.
    pub fn find_product_by_code(&self, code: &str) -> CoreResult<Option<(Id, Product)>> {
        let code = code.trim();
        if code.is_empty() {
            return Ok(None);
        }
        let gtin = crate::formats::gtin::Gtin::parse(code)
            .ok()
            .map(|g| g.as_str().to_string());
        Ok(self.products()?.into_iter().find(|(_, p)| {
            p.sku.to_lowercase() == code.to_lowercase() || (gtin.is_some() && p.gtin == gtin)
        }))
    }

    /// Every stock movement, sorted by id.
    pub fn stock_movements(&self) -> CoreResult<Vec<(Id, Movement)>> {
        self.list(MOVEMENTS)
    }

    /// A product's movements in replay order (date, then id).
    pub fn product_movements(&self, product: &str) -> CoreResult<Vec<(Id, Movement)>> {
        let ids: Vec<Id> = self
            .stock_index()?
            .stock
            .movement_ids(product)
            .map(str::to_string)
            .collect();
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(m) = self.get::<Movement>(MOVEMENTS, &id)? {
                out.push((id, m));
            }
        }
        out.sort_by(|a, b| a.1.date.cmp(&b.1.date).then_with(|| a.0.cmp(&b.0)));
        Ok(out)
    }

    /// Stock, average cost and value of one product.
    pub fn stock_position(&self, product: &str) -> CoreResult<StockPosition> {
        let p: Product = self
            .product(product)?
            .ok_or(InventoryError::ProductNotFound)?;
        Ok(self.stock_index()?.stock.position(product, p.cost))
    }

    /// Products whose stock went below zero (for example two devices sold the
    /// last unit offline): a person must review them and record an
    /// adjustment; nothing corrects them silently.
    pub fn stock_review(&self) -> CoreResult<Vec<StockLevel>> {
        Ok(self
            .stock_levels()?
            .into_iter()
            .filter(|l| l.position.needs_review())
            .collect())
    }

    /// Active products at or below their reorder point, with the quantity to
    /// buy and the preferred supplier.
    pub fn replenishment(&self) -> CoreResult<Vec<ReplenishmentItem>> {
        let parties: BTreeMap<Id, Party> = self.list::<Party>(PARTIES)?.into_iter().collect();
        let mut out = Vec::new();
        for level in self.stock_levels()? {
            let p = &level.product;
            let Some(point) = p.reorder_point else {
                continue;
            };
            if !p.active {
                continue;
            }
            let stock = level.position.quantity;
            let Some(suggested) =
                suggested_reorder(stock, point, p.reorder_quantity.unwrap_or(Decimal::ZERO))
            else {
                continue;
            };
            out.push(ReplenishmentItem {
                product_id: level.id.clone(),
                name: p.name.clone(),
                sku: p.sku.clone(),
                unit: p.unit,
                stock,
                reorder_point: point,
                suggested_quantity: suggested,
                supplier: p.supplier.clone(),
                supplier_name: p
                    .supplier
                    .as_ref()
                    .and_then(|s| parties.get(s))
                    .map(|party| party.name.clone()),
                estimated_cost: cents(suggested * level.position.average_cost),
            });
        }
        Ok(out)
    }

    /// Value of the whole stock at average cost (products with stock above
    /// zero).
    pub fn inventory_value(&self) -> CoreResult<Decimal> {
        Ok(self.stock_summary()?.value)
    }

    /// Every sale, sorted by id.
    pub fn sales(&self) -> CoreResult<Vec<(Id, Sale)>> {
        self.list(SALES)
    }

    /// One sale.
    pub fn sale(&self, id: &str) -> CoreResult<Option<Sale>> {
        self.get(SALES, id)
    }

    /// Every purchase, sorted by id.
    pub fn purchases(&self) -> CoreResult<Vec<(Id, Purchase)>> {
        self.list(PURCHASES)
    }

    /// One purchase.
    pub fn purchase(&self, id: &str) -> CoreResult<Option<Purchase>> {
        self.get(PURCHASES, id)
    }
}
