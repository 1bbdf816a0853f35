//! Topics: the parts of the document a screen reads, each with its own signal, so a
//! change re-runs only the reads of what it touched.
//!
//! After every change core says which root collections it touched
//! (`Business::take_changed`); [`AppCtx::changed`] bumps the signal of each topic those
//! belong to, and every topic when core cannot say. A read names its topics
//! ([`AppCtx::track`], through the kit's `app.query`) and re-runs when one of them moves.

use leptos::prelude::*;
use retaguarda_core::changed::Changed;

use super::AppCtx;

/// A part of the document screens read, named after the root collections it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Topic {
    /// The business profile, settings and schema (`business`, `settings`, …).
    Business,
    /// The devices that wrote to the document and their names.
    Devices,
    Accounts,
    Categories,
    /// Ledger entries with their payments.
    Entries,
    Transfers,
    Recurrences,
    Charges,
    /// Carteiras de cobrança, their remessas and retornos.
    Carteiras,
    /// Customers and suppliers.
    Parties,
    Products,
    /// Stock movements.
    Movements,
    Sales,
    Purchases,
    /// People, their vacations, terminations and pró-labore.
    Staff,
    /// Payroll tables, monthly runs and 13º installments.
    Payroll,
    /// Imported bank lines and balances.
    BankLines,
    /// Closed periods (epoch marks and the period start).
    Periods,
}

impl Topic {
    /// Every topic, in order.
    pub const ALL: [Topic; 18] = [
        Topic::Business,
        Topic::Devices,
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
        Topic::Staff,
        Topic::Payroll,
        Topic::BankLines,
        Topic::Periods,
    ];

    /// The topic of a root key of the document; `None` for a key no topic names, whose
    /// change then moves every topic.
    pub fn of_root(key: &str) -> Option<Topic> {
        Some(match key {
            "business" | "settings" | "schema_version" => Topic::Business,
            "devices" => Topic::Devices,
            "accounts" => Topic::Accounts,
            "categories" => Topic::Categories,
            "entries" => Topic::Entries,
            "transfers" => Topic::Transfers,
            "recurrences" => Topic::Recurrences,
            "charges" => Topic::Charges,
            "carteiras" => Topic::Carteiras,
            "parties" => Topic::Parties,
            "products" => Topic::Products,
            "movements" => Topic::Movements,
            "sales" => Topic::Sales,
            "purchases" => Topic::Purchases,
            "staff" | "vacations" | "terminations" | "pro_labore" => Topic::Staff,
            "payroll_tables" | "payroll_runs" | "thirteenth" => Topic::Payroll,
            "bank_lines" | "bank_balances" => Topic::BankLines,
            "epochs" | "period_start" => Topic::Periods,
            _ => return None,
        })
    }

    fn index(self) -> usize {
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
        let changed = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner
                .business
                .as_mut()
                .map_or_else(Changed::everything, |b| b.take_changed())
        };
        for topic in topics_of(&changed) {
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
            parties::PARTIES,
            inventory::records::PRODUCTS,
            inventory::records::MOVEMENTS,
            inventory::records::SALES,
            inventory::records::PURCHASES,
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
        assert!(!moved.contains(&Topic::Charges), "{moved:?}");
        assert!(topics_of(&biz.take_changed()).is_empty());
    }
}
