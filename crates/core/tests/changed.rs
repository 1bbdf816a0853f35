//! `Business::take_changed`: what a reader learns about which root collections changed.
//! It may say more than what changed, never less: an operation names the collections it
//! wrote, changes from another device name the collections their patches touched, and
//! what core cannot attribute is "everything".

use crate::common;
use common::*;
use retaguarda_core::ledger::{EntryKind, ENTRIES};
use retaguarda_core::parties::PARTIES;
use retaguarda_core::staff::{Contract, NewStaff, STAFF};

fn person(name: &str) -> NewStaff {
    NewStaff {
        name: name.into(),
        cpf: "529.982.247-25".into(),
        role: "Padeira".into(),
        hire_date: date("2025-01-06"),
        monthly_salary: dec("2400"),
        contract: Contract::Clt,
        dependants: 0,
    }
}

#[test]
fn a_new_reader_is_told_everything_then_only_what_changed() {
    let mut biz = new_business();
    assert!(biz.take_changed().is_everything());
    assert!(biz.take_changed().is_empty(), "taken: nothing new");
    entry(&mut biz, EntryKind::Payable, "Farinha", "120", "2026-03-12");
    let changed = biz.take_changed();
    assert!(!changed.is_everything());
    assert!(changed.touches(ENTRIES));
    assert!(!changed.touches(STAFF), "{changed:?}");
    assert!(!changed.touches(PARTIES), "{changed:?}");
    biz.create_staff(&ctx(), person("Ana")).unwrap();
    let changed = biz.take_changed();
    assert!(changed.touches(STAFF));
    assert!(!changed.touches(ENTRIES), "{changed:?}");
}

#[test]
fn a_rejected_operation_changes_nothing() {
    let mut biz = new_business();
    biz.take_changed();
    let bad = person("   ");
    assert!(biz.create_staff(&ctx(), bad).is_err());
    assert!(biz.take_changed().is_empty());
}

#[test]
fn the_profile_is_a_root_key_of_its_own() {
    let mut biz = new_business();
    biz.take_changed();
    biz.update_profile(&ctx(), "Padaria Nova", None, None, None)
        .unwrap();
    let changed = biz.take_changed();
    assert!(changed.touches("business"), "{changed:?}");
    assert!(!changed.touches(ENTRIES));
}

#[test]
fn changes_from_another_device_name_the_collections_their_patches_touch() {
    let mut here = new_business();
    let mut there = here.fork(&device("Computador", 2));
    // A list read here is kept, so changes from elsewhere are followed by their patches.
    here.entries().unwrap();
    here.take_changed();
    there.create_staff(&ctx(), person("Bia")).unwrap();
    here.load_incremental(&there.save_incremental()).unwrap();
    let changed = here.take_changed();
    assert!(!changed.is_everything(), "{changed:?}");
    assert!(changed.touches(STAFF));
    assert!(!changed.touches(ENTRIES), "{changed:?}");

    let id = entry(
        &mut there,
        EntryKind::Receivable,
        "Bolo",
        "50",
        "2026-03-20",
    );
    here.merge(&mut there).unwrap();
    let changed = here.take_changed();
    assert!(changed.touches(ENTRIES));
    assert!(!changed.touches(STAFF), "{changed:?}");
    assert!(here.entry(&id).unwrap().is_some());
}

#[test]
fn what_core_cannot_attribute_is_everything() {
    let mut here = new_business();
    let mut there = here.fork(&device("Computador", 2));
    here.take_changed();
    // Nothing kept here: applying changes computes no patches to attribute them by.
    there.create_staff(&ctx(), person("Caio")).unwrap();
    here.load_incremental(&there.save_incremental()).unwrap();
    assert!(here.take_changed().is_everything());
}

#[test]
fn a_write_around_the_helpers_is_everything() {
    use retaguarda_core::automerge::transaction::Transactable;
    let mut biz = new_business();
    biz.take_changed();
    biz.apply(&ctx(), "test.raw", |tx| {
        tx.doc_mut()
            .put(retaguarda_core::automerge::ROOT, "note", "escrito à mão")?;
        Ok(())
    })
    .unwrap();
    assert!(biz.take_changed().is_everything());
}
