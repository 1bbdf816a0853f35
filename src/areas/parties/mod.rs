//! Clientes e fornecedores: the list with search ([`list`]), the create/edit form with
//! CPF/CNPJ, phone and e-mail validated by the core ([`form`]), and a record's page with its
//! charges, its ledger entries and the fields two devices edited at the same time
//! ([`detail`]).
//!
//! Every action is one core operation and every figure one core query
//! ([`retaguarda_core::parties`]).

mod detail;
mod form;
mod list;

pub use detail::PartyDetail;
pub use list::PartyList;
