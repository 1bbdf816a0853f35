//! What the Clientes screens show, each one query: the search over customers and suppliers
//! ([`Business::find_parties`]) and one record's page with its charges, its ledger entries
//! and the fields two devices edited at once ([`Business::party_page`]).

use super::Party;
use crate::business::{Business, FieldConflict, Id};
use crate::charges::ChargeView;
use crate::formats::doc::TaxId;
use crate::ledger::Entry;
use crate::text;
use chrono::NaiveDate;

/// Characters people type between the digits of a CPF/CNPJ or a phone.
const SEPARATORS: &str = " .-/()+";

impl Party {
    /// "Cliente", "Fornecedor" or "Cliente e fornecedor": what the record is, as its page
    /// is titled.
    pub fn role(&self) -> &'static str {
        match (self.is_customer, self.is_supplier) {
            (true, true) => "Cliente e fornecedor",
            (false, true) => "Fornecedor",
            _ => "Cliente",
        }
    }

    /// Whether the record matches what was typed in a search box: its name (accents and
    /// case ignored), its e-mail, or the digits of its CPF/CNPJ (letters too, for the
    /// alphanumeric CNPJ) or phone typed with or without the mask.
    pub fn matches(&self, query: &str) -> bool {
        self.matches_folded(&text::fold(&self.name), &text::fold(query.trim()))
    }

    /// [`Party::matches`] with the record's name and the search already folded
    /// (`text::fold`, the search trimmed): a list folds each name once, not per keystroke.
    pub(crate) fn matches_folded(&self, name: &str, q: &str) -> bool {
        if q.is_empty() || name.contains(q) {
            return true;
        }
        if self
            .email
            .as_deref()
            .is_some_and(|e| e.to_lowercase().contains(q))
        {
            return true;
        }
        let only_code = q
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || SEPARATORS.contains(c));
        let code: String = q
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_uppercase();
        if !only_code || !code.chars().any(|c| c.is_ascii_digit()) {
            return false;
        }
        let all_digits = code.chars().all(|c| c.is_ascii_digit());
        self.tax_id.as_deref().is_some_and(|t| t.contains(&code))
            || (all_digits
                && self
                    .phone
                    .as_deref()
                    .is_some_and(|p| text::digits(p).contains(&code)))
    }
}

/// What is wrong with a CPF/CNPJ as typed so far, in pt-BR, or `None` when it is valid or
/// empty: the form shows it as soon as the person leaves the field.
pub fn tax_id_problem(typed: &str) -> Option<String> {
    if typed.trim().is_empty() {
        return None;
    }
    TaxId::parse(typed).err().map(|e| format!("CPF/CNPJ: {e}."))
}

/// Everything the page of one customer or supplier shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyPage {
    /// The record.
    pub party: Party,
    /// Fields two devices edited at the same time, each with every value.
    pub conflicts: Vec<FieldConflict>,
    /// Its charges, by due date.
    pub charges: Vec<ChargeView>,
    /// Its payables and receivables, the latest due date first.
    pub entries: Vec<(Id, Entry)>,
}

impl Business {
    /// The active customers and suppliers that match `query` (see [`Party::matches`]),
    /// sorted by name.
    pub fn find_parties(&self, query: &str) -> crate::CoreResult<Vec<(Id, Party)>> {
        Ok(self
            .parties()?
            .into_iter()
            .filter(|(_, p)| !p.archived && p.matches(query))
            .collect())
    }

    /// One customer's or supplier's page, or `None` when no record has this id.
    pub fn party_page(&self, id: &str, today: NaiveDate) -> crate::CoreResult<Option<PartyPage>> {
        let Some(party) = self.party(id)? else {
            return Ok(None);
        };
        let conflicts = self.party_conflicts(id)?;
        let charges = self
            .charges(today)?
            .into_iter()
            .filter(|c| c.charge.party == id)
            .collect();
        let mut entries: Vec<(Id, Entry)> = self
            .entries()?
            .into_iter()
            .filter(|(_, e)| e.party.as_deref() == Some(id))
            .collect();
        entries.sort_by_key(|(_, e)| std::cmp::Reverse(e.due_date));
        Ok(Some(PartyPage {
            party,
            conflicts,
            charges,
            entries,
        }))
    }
}
