//! A long changes blob applied a part at a time, as the app does with what sync brings in
//! (src/state/ops.rs): the same document as applying it in one piece, the parts' saves
//! together are the whole of it, and an operation made between two parts saves only its
//! own change.

use retaguarda_core::automerge::{ActorId, Change};
use retaguarda_core::ledger::EntryKind;
use retaguarda_core::members::change_chunks;
use retaguarda_core::Business;

use crate::common;

/// A business with an account, saved; and a second device's 300 entries made after it, as
/// the one changes blob a device back from being offline sends.
fn base_and_blob() -> (Vec<u8>, Vec<u8>) {
    let mut a = common::new_business();
    common::cash_account(&mut a, "100.00");
    let base = a.save();
    let mut b = Business::load(&base, &common::device("Tablet", 2)).unwrap();
    b.mark_saved();
    for i in 0..300 {
        let day = format!("2026-03-{:02}", 1 + i % 28);
        common::entry(
            &mut b,
            EntryKind::Payable,
            &format!("Conta {i}"),
            "10.50",
            &day,
        );
    }
    (base, b.save_incremental())
}

fn sorted_heads(b: &mut Business) -> Vec<String> {
    let mut heads: Vec<String> = b.heads().iter().map(|h| h.to_string()).collect();
    heads.sort();
    heads
}

fn entry_names(b: &Business) -> Vec<String> {
    let mut names: Vec<String> = b
        .entries()
        .unwrap()
        .into_iter()
        .map(|(_, e)| e.description)
        .collect();
    names.sort();
    names
}

#[test]
fn a_blob_applied_in_parts_gives_the_document_applied_in_one_piece() {
    let (base, blob) = base_and_blob();
    let me = common::device("Celular", 1);

    let mut whole = Business::load(&base, &me).unwrap();
    whole.load_incremental(&blob).unwrap();

    let chunks = change_chunks(&blob).unwrap();
    assert_eq!(chunks.len(), 300, "one change per entry");
    // Changes (1) or compressed changes (2): what the app splits; never a whole document.
    assert!(chunks.iter().all(|c| matches!(c[8], 1 | 2)));

    let mut parts = Business::load(&base, &me).unwrap();
    parts.mark_saved();
    let mut stored = Vec::new();
    for (i, part) in chunks.chunks(25).enumerate() {
        parts
            .apply_changes(part.iter().map(|c| c.to_vec()).collect())
            .unwrap();
        // What the app stores after each part.
        stored.extend(parts.save_incremental());
        // Part way, the document holds exactly the changes applied so far.
        let applied = (i + 1) * 25;
        assert_eq!(entry_names(&parts).len(), applied.min(300));
    }

    assert_eq!(sorted_heads(&mut parts), sorted_heads(&mut whole));
    assert_eq!(entry_names(&parts), entry_names(&whole));
    let day = common::date("2026-03-31");
    assert_eq!(parts.balances(day).unwrap(), whole.balances(day).unwrap());

    // The parts' saves, stored as chunks, give the same document on the next start.
    let mut restarted = Business::load(&base, &me).unwrap();
    restarted.load_incremental(&stored).unwrap();
    assert_eq!(sorted_heads(&mut restarted), sorted_heads(&mut whole));
    assert_eq!(entry_names(&restarted), entry_names(&whole));
}

#[test]
fn an_operation_between_two_parts_saves_only_its_own_change() {
    let (base, blob) = base_and_blob();
    let me = common::device("Celular", 1);
    let chunks = change_chunks(&blob).unwrap();

    let mut doc = Business::load(&base, &me).unwrap();
    doc.mark_saved();
    let (first, rest) = chunks.split_at(100);
    doc.apply_changes(first.iter().map(|c| c.to_vec()).collect())
        .unwrap();
    let received = doc.save_incremental();
    assert_eq!(change_chunks(&received).unwrap().len(), 100);

    // The person saves an entry while the rest is still to come.
    common::entry(
        &mut doc,
        EntryKind::Receivable,
        "Venda balcão",
        "30.00",
        "2026-03-10",
    );
    let own = doc.save_incremental();
    let own_changes = change_chunks(&own).unwrap();
    assert_eq!(own_changes.len(), 1);
    let change = Change::from_bytes(own_changes[0].to_vec()).unwrap();
    assert_eq!(change.actor_id(), &ActorId::from(me.actor));

    doc.apply_changes(rest.iter().map(|c| c.to_vec()).collect())
        .unwrap();
    assert_eq!(entry_names(&doc).len(), 301);
    assert_eq!(change_chunks(&doc.save_incremental()).unwrap().len(), 200);
    // The same changes again (a blob delivered twice) change nothing.
    let heads = sorted_heads(&mut doc);
    doc.apply_changes(chunks.iter().map(|c| c.to_vec()).collect())
        .unwrap();
    assert_eq!(sorted_heads(&mut doc), heads);
    assert!(doc.save_incremental().is_empty());
}
