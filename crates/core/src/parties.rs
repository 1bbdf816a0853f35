//! Customers and suppliers (collection `parties`): name, CPF/CNPJ, phone/WhatsApp, e-mail,
//! address and notes. One record can be both a customer and a supplier.

use crate::business::{Id, Tx};
use crate::error::{CoreError, CoreResult};
use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};

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

/// Checks that `id` names an existing customer or supplier.
pub fn check_party(tx: &Tx<'_>, id: &str) -> CoreResult<Party> {
    let party: Party = tx.require(PARTIES, id, "Cliente ou fornecedor")?;
    if party.archived {
        return Err(CoreError::invalid(
            "Cliente ou fornecedor",
            format!("o cadastro de \"{}\" está arquivado.", party.name),
        ));
    }
    Ok(party)
}

#[allow(dead_code)]
fn _unused(_: Id) {}
