//! The document foundation: create, apply with rollback, generic records, save/load, sync.

use crate::common;
use autosurgeon::{Hydrate, Reconcile};
use common::*;
use retaguarda_core::business::ChangeMessage;
use retaguarda_core::{Business, CoreError, CURRENT_SCHEMA};

#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
struct Note {
    text: String,
}

#[test]
fn create_sets_profile_schema_settings_and_plan() {
    let biz = new_business();
    assert_eq!(biz.profile().unwrap().name, "Padaria Pão Quente");
    assert_eq!(biz.schema_version().unwrap(), CURRENT_SCHEMA);
    assert_eq!(biz.settings().unwrap().charge_minimum, dec("6.00"));
    assert!(biz.categories().unwrap().len() > 20);
    let devices = biz.devices().unwrap();
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0].1.name, "Celular da Ana");
}

#[test]
fn create_rejects_blank_name() {
    let err = Business::create(&device("x", 1), "   ", &ctx()).unwrap_err();
    assert!(matches!(
        err,
        CoreError::Invalid {
            field: "Nome do negócio",
            ..
        }
    ));
}

#[test]
fn apply_commits_one_change_with_message() {
    let mut biz = new_business();
    let before = biz.changes_since(&[]).len();
    let heads = biz.heads();
    biz.apply(&ctx(), "test.note", |tx| {
        tx.put("notes", "n1", &Note { text: "a".into() })?;
        tx.put("notes", "n2", &Note { text: "b".into() })
    })
    .unwrap();
    let new = biz.changes_since(&heads);
    assert_eq!(new.len(), 1);
    assert_eq!(biz.changes_since(&[]).len(), before + 1);
    let meta = biz.doc().clone().get_last_local_change().unwrap();
    let msg = ChangeMessage::decode(meta.message().unwrap()).unwrap();
    assert_eq!(msg.op, "test.note");
    assert_eq!(msg.record.as_deref(), Some("n1"));
    assert_eq!(meta.timestamp(), ctx().now_ms / 1000);
}

#[test]
fn apply_error_rolls_back_byte_for_byte() {
    let mut biz = new_business();
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.apply(&ctx(), "test.fail", |tx| {
            tx.put("notes", "n1", &Note { text: "a".into() })?;
            Err::<(), _>(CoreError::not_allowed("não"))
        })
    });
    assert_eq!(err, CoreError::NotAllowed("não".into()));
    assert_eq!(biz.get::<Note>("notes", "n1").unwrap(), None);
}

#[test]
fn rollback_on_a_fresh_loaded_device_is_byte_for_byte() {
    let mut biz = new_business();
    let bytes = biz.save();
    let mut other = Business::load(&bytes, &device("Notebook", 2)).unwrap();
    assert_rejected_unchanged(&mut other, |b| {
        b.apply(&ctx(), "test.fail", |tx| {
            tx.put("notes", "n1", &Note { text: "a".into() })?;
            Err::<(), _>(CoreError::not_allowed("não"))
        })
    });
}

#[test]
fn get_list_and_versions() {
    let mut biz = new_business();
    biz.apply(&ctx(), "test.note", |tx| {
        tx.put("notes", "b", &Note { text: "2".into() })?;
        tx.put("notes", "a", &Note { text: "1".into() })
    })
    .unwrap();
    let list: Vec<(String, Note)> = biz.list("notes").unwrap();
    assert_eq!(
        list.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert_eq!(biz.get::<Note>("notes", "a").unwrap().unwrap().text, "1");
    assert_eq!(biz.versions::<Note>("notes", "a").unwrap().len(), 1);
    assert!(biz.list::<Note>("nothing").unwrap().is_empty());
}

#[test]
fn save_load_round_trip() {
    let mut biz = new_business();
    let acc = cash_account(&mut biz, "100.00");
    let bytes = biz.save();
    let loaded = Business::load(&bytes, &device("Notebook", 2)).unwrap();
    assert_eq!(loaded.account(&acc).unwrap(), biz.account(&acc).unwrap());
}

#[test]
fn load_rejects_garbage_and_foreign_documents() {
    let err = Business::load(b"not automerge", &device("x", 2)).unwrap_err();
    assert!(matches!(err, CoreError::Corrupt(_)));
    let mut empty = automerge::AutoCommit::new();
    let err = Business::load(&empty.save(), &device("x", 2)).unwrap_err();
    assert!(matches!(err, CoreError::Corrupt(_)));
}

#[test]
fn incremental_save_and_changes_since_sync_two_devices() {
    let mut a = new_business();
    let mut b = Business::load(&a.save(), &device("Notebook", 2)).unwrap();
    let heads_b = b.heads();
    let _ = a.save_incremental();
    cash_account(&mut a, "10.00");
    let inc = a.save_incremental();
    b.load_incremental(&inc).unwrap();
    assert_eq!(a.accounts().unwrap(), b.accounts().unwrap());

    bank_account(&mut b, "5.00");
    let changes = b.changes_since(&heads_b);
    // Delivery twice and in reverse order must not matter.
    let mut twice: Vec<Vec<u8>> = changes.iter().rev().cloned().collect();
    twice.extend(changes.clone());
    a.apply_changes(twice).unwrap();
    assert_eq!(a.accounts().unwrap(), b.accounts().unwrap());
    assert_eq!(a.accounts().unwrap().len(), 2);
}

#[test]
fn apply_changes_rejects_garbage() {
    let mut a = new_business();
    let err = a.apply_changes(vec![vec![1, 2, 3]]).unwrap_err();
    assert!(matches!(err, CoreError::Corrupt(_)));
}

#[test]
fn merge_takes_the_other_devices_records() {
    let mut a = new_business();
    let mut b = a.fork(&device("Notebook", 2));
    cash_account(&mut a, "1.00");
    bank_account(&mut b, "2.00");
    a.merge(&mut b).unwrap();
    b.merge(&mut a).unwrap();
    assert_eq!(a.accounts().unwrap().len(), 2);
    assert_eq!(a.accounts().unwrap(), b.accounts().unwrap());
    assert_eq!(a.devices().unwrap().len(), 2);
}

#[test]
fn concurrently_created_collections_keep_every_record() {
    let mut a = new_business();
    let mut b = a.fork(&device("Notebook", 2));
    a.apply(&ctx(), "t", |tx| {
        tx.put("notes", "x", &Note { text: "a".into() })
    })
    .unwrap();
    b.apply(&ctx(), "t", |tx| {
        tx.put("notes", "y", &Note { text: "b".into() })
    })
    .unwrap();
    a.merge(&mut b).unwrap();
    let ids: Vec<String> = a
        .list::<Note>("notes")
        .unwrap()
        .into_iter()
        .map(|(i, _)| i)
        .collect();
    assert_eq!(ids, ["x", "y"]);
    // A later write to the losing collection's record still lands on that record.
    a.apply(&ctx(), "t", |tx| {
        tx.put("notes", "y", &Note { text: "c".into() })
    })
    .unwrap();
    assert_eq!(a.get::<Note>("notes", "y").unwrap().unwrap().text, "c");
}

#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
struct NoteV2 {
    text: String,
    #[autosurgeon(missing = "Default::default")]
    pinned: Option<bool>,
}

#[test]
fn a_field_added_later_reads_as_default_from_old_records() {
    let mut biz = new_business();
    biz.apply(&ctx(), "t", |tx| {
        tx.put("notes", "n", &Note { text: "a".into() })
    })
    .unwrap();
    let v2: NoteV2 = biz.get("notes", "n").unwrap().unwrap();
    assert_eq!(v2.pinned, None);
    // Without the attribute the old record cannot be read: the rule in the crate docs.
    #[derive(Debug, Hydrate)]
    #[allow(dead_code)]
    struct Strict {
        text: String,
        pinned: Option<bool>,
    }
    assert!(biz.get::<Strict>("notes", "n").is_err());
}

#[test]
fn a_loaded_document_marked_saved_writes_only_what_comes_after() {
    let mut biz = new_business();
    let cash = cash_account(&mut biz, "10");
    for n in 0..20 {
        biz.create_party(
            &ctx(),
            retaguarda_core::parties::PartyInput::customer(format!("Cliente {n}")),
        )
        .unwrap();
    }
    let stored = biz.save();
    let mut loaded = Business::load(&stored, &device("Outro", 9)).unwrap();
    // Without the mark, the first incremental save repeats the whole history.
    let mut unmarked = Business::load(&stored, &device("Outro", 9)).unwrap();
    assert!(unmarked.save_incremental().len() > stored.len() / 2);
    loaded.mark_saved();
    assert!(loaded.save_incremental().is_empty(), "nothing new yet");
    loaded
        .create_account(
            &ctx(),
            retaguarda_core::ledger::NewAccount {
                name: "Banco".into(),
                kind: retaguarda_core::ledger::AccountKind::Bank,
                opening_balance: dec("0"),
                opening_date: date("2026-01-01"),
            },
        )
        .unwrap();
    let after = loaded.save_incremental();
    assert!(
        !after.is_empty() && after.len() < 2_000,
        "{} bytes",
        after.len()
    );
    // What was stored plus what came after is the whole document.
    let mut again = Business::load(&stored, &device("Terceiro", 10)).unwrap();
    again.load_incremental(&after).unwrap();
    assert_eq!(again.accounts().unwrap(), loaded.accounts().unwrap());
    assert!(again.accounts().unwrap().iter().any(|(id, _)| *id == cash));
}
