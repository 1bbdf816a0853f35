//! The charge operations a person starts on the Cobranças screens, each one change:
//! charging a customer typed on the spot ([`Business::create_charge_with_customer`]),
//! paying into a cash drawer opened on the spot ([`Business::pay_charge_into`]) and
//! filling in the business's Pix key from a charge ([`Business::set_pix_key`]).

use super::{tx_create_charges, tx_pay_charge, ChargeMethod, NewCharge, PayCharge};
use crate::business::{Business, Id, OpCtx};
use crate::carteira::BoletoTerms;
use crate::error::{CoreError, CoreResult};
use crate::ledger::{self, AccountKind, NewAccount};
use crate::money;
use crate::parties::{tx_create_party, PartyInput};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The name of the cash account opened when a charge is paid before any account exists.
pub const NEW_CASH_ACCOUNT_NAME: &str = "Caixa";

/// Who a new charge is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChargeCustomer {
    /// A registered customer, by id.
    Existing(Id),
    /// A customer typed in the charge form, registered in the same change as the charge.
    New(PartyInput),
}

/// The "Nova cobrança" form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChargeRequest {
    /// Who pays.
    pub customer: ChargeCustomer,
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
    /// For a boleto: the carteira that issues it (see [`crate::carteira`]). Without one, a
    /// boleto charge is recorded without issuing a boleto, as before carteiras existed.
    pub carteira: Option<Id>,
    /// For a boleto with a carteira: its juros, multa, desconto, protest and baixa days; the
    /// carteira's defaults when `None`.
    pub boleto_terms: Option<BoletoTerms>,
}

/// Where the money of a paid charge arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayInto {
    /// An existing account.
    Account(Id),
    /// A cash account named [`NEW_CASH_ACCOUNT_NAME`], opened in the same change: a
    /// business with no account yet still records the receipt.
    NewCash,
}

impl Business {
    /// Charges a customer, registering the customer first when typed in the form: the
    /// customer and the charges are one change, so a refused charge leaves no half-made
    /// customer behind. A boleto with a carteira is issued there (the customer must then be
    /// registered beforehand, with the CPF/CNPJ and address a boleto needs). Returns the
    /// charge ids, the first installment first.
    pub fn create_charge_with_customer(
        &mut self,
        ctx: &OpCtx,
        request: ChargeRequest,
    ) -> CoreResult<Vec<Id>> {
        let ChargeRequest {
            customer,
            amount,
            first_due_date,
            method,
            description,
            installments,
            carteira,
            boleto_terms,
        } = request;
        let charge = move |party: Id| NewCharge {
            party,
            amount,
            first_due_date,
            method,
            description,
            installments,
            category: None,
            account: None,
        };
        match (method, carteira, customer) {
            (ChargeMethod::Boleto, Some(carteira), ChargeCustomer::Existing(party)) => {
                let party = chosen(party)?;
                self.create_boleto_charges_with(ctx, &carteira, charge(party), boleto_terms)
            }
            (ChargeMethod::Boleto, Some(_), ChargeCustomer::New(_)) => Err(CoreError::invalid(
                "Cliente",
                "para boleto, cadastre antes o cliente com CPF/CNPJ e endereço em Clientes.",
            )),
            (_, _, customer) => self.apply(ctx, "charge.create", |tx| {
                let party = match customer {
                    ChargeCustomer::Existing(party) => chosen(party)?,
                    ChargeCustomer::New(input) => tx_create_party(tx, input)?,
                };
                tx_create_charges(tx, charge(party))
            }),
        }
    }

    /// Records that a charge was paid on `date` into `into`, opening the cash account in the
    /// same change when asked. Returns the payment id.
    pub fn pay_charge_into(
        &mut self,
        ctx: &OpCtx,
        id: &str,
        date: NaiveDate,
        into: PayInto,
    ) -> CoreResult<Id> {
        self.apply(ctx, "charge.pay", |tx| {
            let account = match into {
                PayInto::Account(account) => account,
                PayInto::NewCash => ledger::tx_create_account(
                    tx,
                    NewAccount {
                        name: NEW_CASH_ACCOUNT_NAME.into(),
                        kind: AccountKind::Cash,
                        opening_balance: Decimal::ZERO,
                        opening_date: date,
                    },
                )?,
            };
            tx_pay_charge(tx, id, PayCharge { date, account })
        })
    }

    /// Sets the business's Pix key and city, which a Pix charge's QR code needs, keeping the
    /// rest of the profile. Both are required here: the point is to make the QR code.
    pub fn set_pix_key(&mut self, ctx: &OpCtx, key: &str, city: &str) -> CoreResult<()> {
        let key = money::optional_text(Some(key))
            .ok_or_else(|| CoreError::invalid("Chave Pix", "informe a chave Pix do negócio."))?;
        let city = money::optional_text(Some(city)).ok_or_else(|| {
            CoreError::invalid("Cidade", "informe a cidade do negócio, que o Pix exige.")
        })?;
        let profile = self.profile()?;
        self.update_profile(
            ctx,
            &profile.name,
            profile.tax_id.as_deref(),
            Some(&city),
            Some(&key),
        )
    }
}

/// The customer picked in the form, or why none is.
fn chosen(party: Id) -> CoreResult<Id> {
    if party.trim().is_empty() {
        return Err(CoreError::invalid(
            "Cliente",
            "escolha o cliente ou cadastre um novo.",
        ));
    }
    Ok(party)
}
