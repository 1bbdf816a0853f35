//! Schema versions: an unversioned (v0) document migrates to the current one; newer
//! documents are refused; concurrent migrations merge.

use crate::common;
use automerge::transaction::{CommitOptions, Transactable};
use automerge::{AutoCommit, ObjType, ROOT};
use common::*;
use retaguarda_core::ledger::categories::DEFAULT_PLAN;
use retaguarda_core::{Business, CoreError, CURRENT_SCHEMA};

/// A document as written before versioning: a profile and an account, nothing else.
fn v0_bytes() -> Vec<u8> {
    let mut doc = AutoCommit::new().with_actor(automerge::ActorId::from([9u8; 16]));
    let profile = doc.put_object(ROOT, "business", ObjType::Map).unwrap();
    doc.put(&profile, "name", "Oficina do Zé").unwrap();
    doc.put(&profile, "tax_id", ()).unwrap();
    doc.put(&profile, "city", ()).unwrap();
    doc.put(&profile, "pix_key", ()).unwrap();
    let accounts = doc.put_object(ROOT, "accounts", ObjType::Map).unwrap();
    let acc = doc.put_object(&accounts, "acc-1", ObjType::Map).unwrap();
    doc.put(&acc, "name", "Caixa").unwrap();
    doc.put(&acc, "kind", "Cash").unwrap();
    doc.put(&acc, "opening_balance", "12.30").unwrap();
    doc.put(&acc, "opening_date", "2025-01-01").unwrap();
    doc.put(&acc, "archived", false).unwrap();
    doc.commit_with(
        CommitOptions::default()
            .with_message("old")
            .with_time(1_700_000_000),
    );
    doc.save()
}

#[test]
fn unversioned_document_migrates_to_current() {
    let mut biz = Business::load(&v0_bytes(), &device("Notebook", 2)).unwrap();
    assert_eq!(biz.schema_version().unwrap(), CURRENT_SCHEMA);
    assert_eq!(biz.settings().unwrap().charge_minimum, dec("6"));
    assert_eq!(biz.categories().unwrap().len(), DEFAULT_PLAN.len());
    let acc = biz.account("acc-1").unwrap().unwrap();
    assert_eq!(acc.opening_balance, dec("12.30"));
    assert_eq!(biz.profile().unwrap().name, "Oficina do Zé");
    let log = biz.audit_log().unwrap();
    let m = log.iter().find(|e| e.op == "schema.migrate").unwrap();
    assert_eq!(
        m.at_ms, 1_700_000_000_000,
        "dated with the newest change, not 1970"
    );
    // A migrated document reloads without migrating again.
    let bytes = biz.save();
    let mut again = Business::load(&bytes, &device("Notebook", 2)).unwrap();
    assert_eq!(again.heads(), biz.heads());
}

#[test]
fn current_document_loads_without_a_migration_change() {
    let mut biz = new_business();
    let heads = biz.heads();
    let mut loaded = Business::load(&biz.save(), &device("Notebook", 2)).unwrap();
    assert_eq!(loaded.heads(), heads);
}

#[test]
fn two_devices_migrating_concurrently_merge_into_one_plan() {
    let bytes = v0_bytes();
    let mut a = Business::load(&bytes, &device("A", 2)).unwrap();
    let mut b = Business::load(&bytes, &device("B", 3)).unwrap();
    a.merge(&mut b).unwrap();
    assert_eq!(a.categories().unwrap().len(), DEFAULT_PLAN.len());
    assert_eq!(a.schema_version().unwrap(), CURRENT_SCHEMA);
    assert_eq!(a.accounts().unwrap().len(), 1);
}

#[test]
fn newer_documents_are_refused() {
    let mut doc = AutoCommit::load(&new_business().save()).unwrap();
    doc.put(ROOT, "schema_version", CURRENT_SCHEMA + 1).unwrap();
    doc.commit();
    let bytes = doc.save();
    let err = Business::load(&bytes, &device("x", 2)).unwrap_err();
    assert_eq!(
        err,
        CoreError::NewerSchema {
            found: CURRENT_SCHEMA + 1,
            supported: CURRENT_SCHEMA
        }
    );
    assert!(err.to_string().contains("Atualize"));
}

#[test]
fn writes_stop_after_receiving_changes_from_a_newer_version() {
    let mut biz = new_business();
    let heads = biz.heads();
    let mut doc = AutoCommit::load(&biz.save())
        .unwrap()
        .with_actor(automerge::ActorId::from([7u8; 16]));
    doc.put(ROOT, "schema_version", CURRENT_SCHEMA + 1).unwrap();
    doc.commit();
    let changes: Vec<Vec<u8>> = doc
        .get_changes(&heads)
        .iter()
        .map(|c| c.raw_bytes().to_vec())
        .collect();
    biz.apply_changes(changes).unwrap();
    let err = assert_rejected_unchanged(&mut biz, |b| b.set_charge_minimum(&ctx(), dec("7")));
    assert!(matches!(err, CoreError::NewerSchema { .. }));
}
