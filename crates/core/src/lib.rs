//! Retaguarda's domain: the data of one small business on one Automerge document, and
//! every way it changes.
//!
//! # The document
//!
//! One Automerge document per business. At the root:
//!
//! | key | content |
//! |---|---|
//! | `schema_version` | unsigned integer, see [`migrations`] |
//! | `business` | the [`settings::BusinessProfile`] (name, CPF/CNPJ, city, Pix key) |
//! | `settings` | the [`settings::Settings`] (minimum charge, reminder plan) |
//! | `devices/<actor hex>` | the name of each device that wrote ([`business::DeviceRecord`]) |
//! | `accounts/<id>` | [`ledger::Account`] |
//! | `categories/<id>` | [`ledger::Category`] (two levels; default plan under fixed ids `cat.*`) |
//! | `entries/<id>` | [`ledger::Entry`] with its `payments/<id>` inside |
//! | `transfers/<id>` | [`ledger::Transfer`] |
//! | `recurrences/<id>` | [`ledger::recurring::Recurrence`]; materialised entries get the id `<recurrence id>.<YYYY-MM>` |
//! | `charges/<id>` | [`charges::Charge`] with its reminder log inside (and its boleto) |
//! | `carteiras/<id>` | [`carteira::Carteira`]: a carteira de cobrança with its devices' nosso número blocks, remessas and retornos |
//! | `number_shares/<actor hex>` | [`carteira::NumberShare`]: the device's share of the nosso número space of every carteira |
//! | `parties/<id>` | [`parties::Party`] (customers and suppliers) |
//! | inventory and staff collections | owned by [`inventory`] and [`staff`] |
//! | `bank_lines/<account>:<FITID>` | [`reconcile::BankLine`]: one imported statement line, keyed so re-imports merge |
//! | `bank_balances/<account>` | [`reconcile::StatementBalance`]: the newest statement's balance |
//! | `members`, `invites`, `rekeys` | owned by [`members`]: the team's devices, their keys and roles |
//! | `staff_document`, `staff_keys` | owned by [`staff::document`] and [`staff::keys`]: the mark that the staff collections moved to the **staff document**, a second Automerge document beside this one that only owners' and managers' devices hold, and its key sealed to them |
//!
//! Records live in one map per collection keyed by a random UUID v4, so two devices adding
//! records offline never collide and an operation touches only its records.
//!
//! # Values
//!
//! Money and quantities are `rust_decimal::Decimal` in the API and decimal strings in the
//! document (`"1234.56"`); dates are `chrono::NaiveDate` in the API and ISO strings in the
//! document. See [`codec`]. Floats are never used for money or quantities.
//!
//! # Evolving records
//!
//! Hydrating a record fails when a field it expects is missing, so a field added in a later
//! version must carry `#[autosurgeon(missing = "Default::default")]` (or get a migration
//! that writes it to every record). Fields a version does not know are ignored when reading
//! and kept in the document.
//!
//! # Operations
//!
//! Every operation goes through [`Business::apply`]: it validates first, then writes, and
//! becomes exactly one Automerge change whose message is a small JSON
//! ([`business::ChangeMessage`]) read by the [`audit`] log. A rejected operation returns a
//! [`CoreError`] with a pt-BR message and leaves the document byte-for-byte unchanged.
//!
//! Core never reads a clock (it also runs on wasm32-unknown-unknown): the caller passes
//! the date and time in an [`OpCtx`].

pub use automerge;
pub use retaguarda_formats as formats;

pub mod archive;
pub mod audit;
pub mod backup;
pub mod business;
pub mod carteira;
pub mod changed;
pub mod charges;
pub mod codec;
pub mod epoch;
pub mod error;
pub mod export;
pub mod inventory;
pub mod ledger;
pub mod list_index;
pub mod members;
pub mod migrations;
pub mod money;
pub mod parties;
pub mod reader;
pub mod reconcile;
pub mod reports;
pub mod settings;
pub mod staff;
pub mod summary;
pub mod sync;
pub mod text;
mod views;

pub use automerge::ChangeHash;
pub use business::{new_id, Business, Device, Id, OpCtx, Tx, CURRENT_SCHEMA};
pub use error::{CoreError, CoreResult};
