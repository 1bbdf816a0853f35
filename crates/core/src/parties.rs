//! Customers and suppliers (collection `parties`): name, CPF/CNPJ, phone/WhatsApp, e-mail,
//! address and notes. One record can be both a customer and a supplier.
//!
//! Concurrent edits of one field on two devices (say, the phone) keep a deterministic winner
//! (Automerge's), and [`Business::party_conflicts`] shows every value; saving the customer's
//! form again settles the conflicts with the values saved.

use crate::business::{new_id, Business, FieldConflict, Id, OpCtx, Tx};
use crate::error::{CoreError, CoreResult};
use crate::formats::doc::TaxId;
use crate::money;
use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};

mod list;
mod page;

pub use list::PartyIndex;
pub use page::{tax_id_problem, PartyPage};

/// Collection of customers and suppliers.
pub const PARTIES: &str = "parties";

/// A customer and/or supplier.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Party {
    /// Name or company name.
    pub name: String,
    /// Buys from the business.
    pub is_customer: bool,
    /// Sells to the business.
    pub is_supplier: bool,
    /// CPF or CNPJ, canonical (unmasked, uppercase).
    pub tax_id: Option<String>,
    /// Phone or WhatsApp, as typed.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Address, free text.
    pub address: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// Archived parties are no longer offered.
    pub archived: bool,
}

impl Party {
    /// The CPF/CNPJ masked for display (000.000.000-00), if any.
    pub fn tax_id_formatted(&self) -> Option<String> {
        self.tax_id
            .as_deref()
            .and_then(|t| TaxId::parse(t).ok())
            .map(|t| t.formatted())
    }
}

/// What a person types in the customer/supplier form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PartyInput {
    /// Name.
    pub name: String,
    /// Is a customer.
    pub is_customer: bool,
    /// Is a supplier.
    pub is_supplier: bool,
    /// CPF or CNPJ, masked or not.
    pub tax_id: Option<String>,
    /// Phone or WhatsApp.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Notes.
    pub notes: Option<String>,
}

impl PartyInput {
    /// A customer with only a name.
    pub fn customer(name: impl Into<String>) -> PartyInput {
        PartyInput {
            name: name.into(),
            is_customer: true,
            ..PartyInput::default()
        }
    }

    /// A supplier with only a name.
    pub fn supplier(name: impl Into<String>) -> PartyInput {
        PartyInput {
            name: name.into(),
            is_supplier: true,
            ..PartyInput::default()
        }
    }
}

/// Checks that `id` names an existing, active customer or supplier.
pub(crate) fn check_party(tx: &Tx<'_>, id: &str) -> CoreResult<Party> {
    let party: Party = tx.require(PARTIES, id, "Cliente ou fornecedor")?;
    if party.archived {
        return Err(CoreError::invalid(
            "Cliente ou fornecedor",
            format!("o cadastro de \"{}\" está arquivado.", party.name),
        ));
    }
    Ok(party)
}

fn validate_phone(phone: Option<&str>) -> CoreResult<Option<String>> {
    let Some(p) = money::optional_text(phone) else {
        return Ok(None);
    };
    let allowed = |c: char| c.is_ascii_digit() || " +-().".contains(c);
    let digits = p.chars().filter(char::is_ascii_digit).count();
    if !p.chars().all(allowed) || !(8..=13).contains(&digits) {
        return Err(CoreError::invalid(
            "Telefone",
            "informe o telefone com DDD, por exemplo (11) 98765-4321.",
        ));
    }
    Ok(Some(p))
}

fn validate_email(email: Option<&str>) -> CoreResult<Option<String>> {
    let Some(e) = money::optional_text(email) else {
        return Ok(None);
    };
    let valid = match e.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !e.contains(char::is_whitespace)
        }
        None => false,
    };
    if !valid {
        return Err(CoreError::invalid(
            "E-mail",
            "informe um e-mail como nome@exemplo.com.br.",
        ));
    }
    Ok(Some(e.to_lowercase()))
}

/// Validates the form and checks the CPF/CNPJ is not already registered to another record.
fn build_party(tx: &Tx<'_>, input: PartyInput, id: Option<&str>) -> CoreResult<Party> {
    let name = money::required_text("Nome", &input.name)?;
    if !input.is_customer && !input.is_supplier {
        return Err(CoreError::invalid(
            "Tipo de cadastro",
            "marque se é cliente, fornecedor ou ambos.",
        ));
    }
    let tax_id = match money::optional_text(input.tax_id.as_deref()) {
        None => None,
        Some(t) => Some(
            TaxId::parse(&t)
                .map_err(|e| CoreError::invalid("CPF/CNPJ", e.to_string()))?
                .digits()
                .to_string(),
        ),
    };
    if let Some(t) = &tax_id {
        let taken = tx.list::<Party>(PARTIES)?.into_iter().find(|(other, p)| {
            Some(other.as_str()) != id && !p.archived && p.tax_id.as_ref() == Some(t)
        });
        if let Some((_, p)) = taken {
            return Err(CoreError::Duplicate(format!(
                "Este CPF/CNPJ já está cadastrado para \"{}\".",
                p.name
            )));
        }
    }
    Ok(Party {
        name,
        is_customer: input.is_customer,
        is_supplier: input.is_supplier,
        tax_id,
        phone: validate_phone(input.phone.as_deref())?,
        email: validate_email(input.email.as_deref())?,
        address: money::optional_text(input.address.as_deref()),
        notes: money::optional_text(input.notes.as_deref()),
        archived: false,
    })
}

/// Registers a customer or supplier inside a transaction.
pub(crate) fn tx_create_party(tx: &mut Tx<'_>, input: PartyInput) -> CoreResult<Id> {
    let party = build_party(tx, input, None)?;
    let id = new_id();
    tx.put(PARTIES, &id, &party)?;
    Ok(id)
}

impl Business {
    /// Registers a customer or supplier.
    pub fn create_party(&mut self, ctx: &OpCtx, input: PartyInput) -> CoreResult<Id> {
        self.apply(ctx, "party.create", |tx| tx_create_party(tx, input))
    }

    /// Saves the form of an existing customer or supplier. Only changed fields are written,
    /// so another device's concurrent edit of a different field survives; fields that were
    /// in conflict are settled with the value saved here.
    pub fn update_party(&mut self, ctx: &OpCtx, id: &str, input: PartyInput) -> CoreResult<()> {
        self.apply(ctx, "party.update", |tx| {
            let current: Party = tx.require(PARTIES, id, "Cliente ou fornecedor")?;
            let mut party = build_party(tx, input, Some(id))?;
            party.archived = current.archived;
            tx.put(PARTIES, id, &party)?;
            for conflict in tx.field_conflicts(PARTIES, id)? {
                match conflict.field.as_str() {
                    "name" => tx.put_field(PARTIES, id, "name", &party.name)?,
                    "is_customer" => {
                        tx.put_field(PARTIES, id, "is_customer", &party.is_customer)?
                    }
                    "is_supplier" => {
                        tx.put_field(PARTIES, id, "is_supplier", &party.is_supplier)?
                    }
                    "tax_id" => tx.put_field(PARTIES, id, "tax_id", &party.tax_id)?,
                    "phone" => tx.put_field(PARTIES, id, "phone", &party.phone)?,
                    "email" => tx.put_field(PARTIES, id, "email", &party.email)?,
                    "address" => tx.put_field(PARTIES, id, "address", &party.address)?,
                    "notes" => tx.put_field(PARTIES, id, "notes", &party.notes)?,
                    _ => {}
                }
            }
            Ok(())
        })
    }

    /// Archives a customer or supplier; old entries and charges keep referring to it.
    pub fn archive_party(&mut self, ctx: &OpCtx, id: &str) -> CoreResult<()> {
        self.apply(ctx, "party.archive", |tx| {
            let mut party: Party = tx.require(PARTIES, id, "Cliente ou fornecedor")?;
            if party.archived {
                return Err(CoreError::not_allowed("Este cadastro já está arquivado."));
            }
            party.archived = true;
            tx.put(PARTIES, id, &party)
        })
    }

    /// One customer or supplier.
    pub fn party(&self, id: &str) -> CoreResult<Option<Party>> {
        self.get(PARTIES, id)
    }

    /// Every customer and supplier (archived included), sorted by name.
    pub fn parties(&self) -> CoreResult<Vec<(Id, Party)>> {
        let mut all: Vec<(Id, Party)> = self.list(PARTIES)?;
        all.sort_by_key(|(_, p)| p.name.to_lowercase());
        Ok(all)
    }

    /// Active customers, sorted by name.
    pub fn customers(&self) -> CoreResult<Vec<(Id, Party)>> {
        Ok(self
            .parties()?
            .into_iter()
            .filter(|(_, p)| p.is_customer && !p.archived)
            .collect())
    }

    /// Active suppliers, sorted by name.
    pub fn suppliers(&self) -> CoreResult<Vec<(Id, Party)>> {
        Ok(self
            .parties()?
            .into_iter()
            .filter(|(_, p)| p.is_supplier && !p.archived)
            .collect())
    }

    /// The fields of a customer/supplier that two devices edited concurrently, each with
    /// every value (the one shown first).
    pub fn party_conflicts(&self, id: &str) -> CoreResult<Vec<FieldConflict>> {
        self.field_conflicts(PARTIES, id)
    }
}
