//! Topics: the parts of the document a screen reads, each with its own signal, so a
//! change re-runs only the reads of what it touched.
//!
//! After every change core says which root collections it touched
//! (`Business::take_changed`); [`AppCtx::changed`] bumps the signal of each topic those
//! belong to, and every topic when core cannot say. A read names its topics
//! ([`AppCtx::track`], through the kit's `app.query`) and re-runs when one of them moves.
//! [`Topic`] lives here, with the signals, and the kit (`crate::ui`) re-exports it, so the
//! state does not depend on the kit.

use leptos::prelude::*;
use retaguarda_core::changed::Changed;

use super::AppCtx;

/// A collection of the document a view reads. One per document collection (plus the
/// business's own profile and settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Topic {
    /// The business's profile and settings.
    Business,
    Accounts,
    Categories,
    Entries,
    Transfers,
    Recurrences,
    Charges,
    Carteiras,
    Parties,
    Products,
    Movements,
    Sales,
    Purchases,
    CardMachines,
    Staff,
    Vacations,
    PayrollTables,
    PayrollRuns,
    Thirteenth,
    Terminations,
    ProLabore,
    BankLines,
    BankBalances,
    Devices,
    /// Closed periods: the epoch marks and the period's start.
    Epochs,
}

impl Topic {
    /// What a payroll preview reads (a person, their vacations, the tables and every
    /// payroll record that may overlap): vacation, 13º and rescisão previews name it.
    pub const PAYROLL: [Topic; 7] = [
        Topic::Staff,
        Topic::Vacations,
        Topic::PayrollTables,
        Topic::PayrollRuns,
        Topic::Thirteenth,
        Topic::Terminations,
        Topic::ProLabore,
    ];

    /// Every topic, in order.
    pub const ALL: [Topic; 25] = [
        Topic::Business,
        Topic::Accounts,
        Topic::Categories,
        Topic::Entries,
        Topic::Transfers,
        Topic::Recurrences,
        Topic::Charges,
        Topic::Carteiras,
        Topic::Parties,
        Topic::Products,
        Topic::Movements,
        Topic::Sales,
        Topic::Purchases,
        Topic::CardMachines,
        Topic::Staff,
        Topic::Vacations,
        Topic::PayrollTables,
        Topic::PayrollRuns,
        Topic::Thirteenth,
        Topic::Terminations,
        Topic::ProLabore,
        Topic::BankLines,
        Topic::BankBalances,
        Topic::Devices,
        Topic::Epochs,
    ];

    /// The document's key for the collection.
    pub fn key(self) -> &'static str {
        match self {
            Topic::Business => "business",
            Topic::Accounts => "accounts",
            Topic::Categories => "categories",
            Topic::Entries => "entries",
            Topic::Transfers => "transfers",
            Topic::Recurrences => "recurrences",
            Topic::Charges => "charges",
            Topic::Carteiras => "carteiras",
            Topic::Parties => "parties",
            Topic::Products => "products",
            Topic::Movements => "movements",
            Topic::Sales => "sales",
            Topic::Purchases => "purchases",
            Topic::CardMachines => "card_machines",
            Topic::Staff => "staff",
            Topic::Vacations => "vacations",
            Topic::PayrollTables => "payroll_tables",
            Topic::PayrollRuns => "payroll_runs",
            Topic::Thirteenth => "thirteenth",
            Topic::Terminations => "terminations",
            Topic::ProLabore => "pro_labore",
            Topic::BankLines => "bank_lines",
            Topic::BankBalances => "bank_balances",
            Topic::Devices => "devices",
            Topic::Epochs => "epochs",
        }
    }

    /// The pt-BR name people read.
    pub fn label(self) -> &'static str {
        match self {
            Topic::Business => "Dados da empresa",
            Topic::Carteiras => "Carteiras de boleto",
            Topic::Thirteenth => "13º salário",
            Topic::Terminations => "Rescisões",
            Topic::ProLabore => "Pró-labore",
            Topic::Epochs => "Períodos fechados",
            other => crate::fmt::collection_label(other.key()),
        }
    }

    /// The topic of a root key of the document; `None` for a key no topic names, whose
    /// change then moves every topic.
    pub fn of_root(key: &str) -> Option<Topic> {
        match key {
            "settings" | "schema_version" => Some(Topic::Business),
            "period_start" => Some(Topic::Epochs),
            // Each device's share of the nosso número space belongs to the carteiras.
            "number_shares" => Some(Topic::Carteiras),
            _ => Topic::ALL.into_iter().find(|t| t.key() == key),
        }
    }

    pub(super) fn index(self) -> usize {
        self as usize
    }
}

/// The topics a change moved: all of them when core could not say, or a root key no topic
/// names changed (a collection added by a newer version of the app).
pub fn topics_of(changed: &Changed) -> Vec<Topic> {
    if changed.is_everything() {
        return Topic::ALL.to_vec();
    }
    let mut topics = Vec::new();
    for key in changed.collections() {
        match Topic::of_root(key) {
            Some(topic) if !topics.contains(&topic) => topics.push(topic),
            Some(_) => {}
            None => return Topic::ALL.to_vec(),
        }
    }
    topics
}

/// One signal per topic.
pub(super) type TopicSignals = [RwSignal<u64>; Topic::ALL.len()];

pub(super) fn new_signals() -> TopicSignals {
    std::array::from_fn(|_| RwSignal::new(0))
}

impl AppCtx {
    /// Makes the running view or memo re-run when any of `topics` changes.
    pub fn track(&self, topics: &[Topic]) {
        for topic in topics {
            self.topics[topic.index()].track();
        }
    }

    /// Tells the screens that the document changed: the topics core says the changes
    /// touched, and `version` (which the whole-document reads follow).
    pub(super) fn changed(&self) {
        let (changed, staff) = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            match inner.business.as_mut() {
                // The staff document's changes move the topics of the records it holds.
                Some(b) => (
                    b.take_changed(),
                    b.staff_document_mut().map(|s| s.take_changed()),
                ),
                None => (Changed::everything(), None),
            }
        };
        let staff = staff.as_ref().map(topics_of).unwrap_or_default();
        for topic in topics_of(&changed).into_iter().chain(staff) {
            self.topics[topic.index()].update(|v| *v += 1);
        }
        self.version.update(|v| *v += 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_topic_is_in_all_at_its_own_index() {
        for (i, topic) in Topic::ALL.iter().enumerate() {
            assert_eq!(topic.index(), i, "{topic:?}");
        }
    }

    #[test]
    fn the_document_root_keys_have_a_topic() {
        // Every root collection ARCHITECTURE.md lists, by the constants core writes them with.
        use retaguarda_core::{business, carteira, charges, epoch, inventory, ledger};
        use retaguarda_core::{parties, reconcile, staff};
        let keys = [
            business::PROFILE_KEY,
            business::SETTINGS_KEY,
            business::SCHEMA_KEY,
            business::DEVICES,
            ledger::ACCOUNTS,
            ledger::CATEGORIES,
            ledger::ENTRIES,
            ledger::TRANSFERS,
            ledger::RECURRENCES,
            charges::CHARGES,
            carteira::CARTEIRAS,
            carteira::NUMBER_SHARES,
            parties::PARTIES,
            inventory::records::PRODUCTS,
            inventory::records::MOVEMENTS,
            inventory::records::SALES,
            inventory::records::PURCHASES,
            inventory::card::CARD_MACHINES,
            staff::STAFF,
            staff::VACATIONS,
            staff::TERMINATIONS,
            staff::PRO_LABORE,
            staff::PAYROLL_TABLES,
            staff::PAYROLL_RUNS,
            staff::THIRTEENTH,
            reconcile::BANK_LINES,
            reconcile::BANK_BALANCES,
            epoch::EPOCHS,
            retaguarda_core::archive::PERIOD_START,
        ];
        for key in keys {
            assert!(Topic::of_root(key).is_some(), "{key}");
        }
    }

    #[test]
    fn an_operation_moves_the_topics_of_what_it_wrote() {
        use chrono::NaiveDate;
        use retaguarda_core::ledger::{EntryKind, NewEntry};
        use retaguarda_core::{Business, Device, OpCtx};
        use rust_decimal::Decimal;

        let day = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let ctx = OpCtx::new(day, 1_773_144_000_000);
        let mut biz = Business::create(&Device::new("Teste"), "Padaria", &ctx).unwrap();
        assert_eq!(topics_of(&biz.take_changed()).len(), Topic::ALL.len());
        let rent = NewEntry::new(EntryKind::Payable, "Aluguel", Decimal::new(1500, 0), day);
        biz.create_entry(&ctx, rent).unwrap();
        let moved = topics_of(&biz.take_changed());
        assert!(moved.contains(&Topic::Entries), "{moved:?}");
        assert!(!moved.contains(&Topic::Staff), "{moved:?}");
        assert!(!moved.contains(&Topic::Parties), "{moved:?}");
        assert!(!moved.contains(&Topic::Charges), "{moved:?}");
        assert!(topics_of(&biz.take_changed()).is_empty());
    }
}
