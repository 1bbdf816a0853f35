//! Moving the staff records out of the business document (docs/SYNC.md, section 10.5):
//! one change in each document, nothing written when there is nothing to move, and the
//! records a device still writing the old way adds concurrently are moved by the next run,
//! with nothing lost or doubled after the merges.

use crate::common;

use common::*;
use retaguarda_core::business::ChangeMessage;
use retaguarda_core::formats::doc::TaxId;
use retaguarda_core::staff::{Contract, NewStaff, StaffAccess, STAFF, STAFF_COLLECTIONS};
use retaguarda_core::Business;

fn person(name: &str, cpf_base: &str, salary: &str) -> NewStaff {
    NewStaff {
        name: name.into(),
        cpf: TaxId::cpf_from_base(cpf_base).expect("cpf").formatted(),
        role: "Vendedora".into(),
        hire_date: date("2025-06-02"),
        monthly_salary: dec(salary),
        contract: Contract::Clt,
        dependants: 1,
    }
}

fn names(biz: &Business) -> Vec<String> {
    let mut names: Vec<String> = biz
        .staff_members()
        .expect("staff")
        .into_iter()
        .map(|(_, m)| m.name)
        .collect();
    names.sort();
    names
}

/// The staff records the business document itself still shows.
fn left_in_business(biz: &Business) -> usize {
    STAFF_COLLECTIONS
        .iter()
        .map(|c| biz.ids(c).expect("ids").len())
        .sum()
}

fn last_op(biz: &mut Business) -> String {
    let changes = biz.changes_since(&[]);
    let last = changes.last().expect("a change");
    let change = retaguarda_core::automerge::Change::from_bytes(last.clone()).expect("change");
    ChangeMessage::decode(change.message().expect("message"))
        .expect("decoded")
        .op
}

#[test]
fn migration_is_one_change_each_and_idempotent_under_merge() {
    let mut new_way = new_business();
    new_way
        .create_staff(&ctx(), person("Lia", "529982247", "2500.00"))
        .expect("lia");
    new_way
        .create_staff(&ctx(), person("Davi", "111444777", "2700.00"))
        .expect("davi");
    // A second device on the version before the staff document, synced so far.
    let mut old_way = new_way.fork(&device("Tablet antigo", 2));

    // The new device moves the records: one change in the business document, one in the
    // new staff document.
    let before = new_way.heads();
    assert_eq!(new_way.move_staff_out(&ctx()).expect("move"), 2);
    assert_eq!(new_way.changes_since(&before).len(), 1);
    assert_eq!(last_op(&mut new_way), "staff.migrate");
    let staff_changes = new_way
        .staff_document_mut()
        .expect("staff doc")
        .changes_since(&[]);
    assert_eq!(
        staff_changes.len(),
        2,
        "the staff document's creation and the move"
    );
    assert_eq!(left_in_business(&new_way), 0);
    assert_eq!(names(&new_way), ["Davi", "Lia"]);

    // Meanwhile the old device, which has not heard of the move, hires someone and
    // edits nothing else.
    old_way
        .create_staff(&ctx(), person("Caio", "123456789", "1900.00"))
        .expect("caio");

    // Both merge. The old device's new record shows up in the business document again.
    new_way.merge(&mut old_way).expect("merge");
    old_way.merge(&mut new_way).expect("merge");
    assert_eq!(new_way.staff_strays().expect("strays"), 1);
    assert_eq!(old_way.staff_access().expect("access"), StaffAccess::None);

    // Running the move again moves only that one.
    assert_eq!(new_way.move_staff_out(&ctx()).expect("again"), 1);
    assert_eq!(new_way.staff_strays().expect("strays"), 0);
    assert_eq!(names(&new_way), ["Caio", "Davi", "Lia"]);

    // And once more: nothing to move, nothing written in either document.
    let business_heads = new_way.heads();
    let staff_heads = new_way.staff_document_mut().expect("staff doc").heads();
    assert_eq!(new_way.move_staff_out(&ctx()).expect("idempotent"), 0);
    assert_eq!(new_way.heads(), business_heads);
    assert_eq!(
        new_way.staff_document_mut().expect("staff doc").heads(),
        staff_heads
    );

    // Two devices moving at once (each with its own staff document, as two owners'
    // phones could before they sync) converge: the business documents agree that
    // nothing is left, and merging the staff documents yields each person once.
    let mut a = new_business();
    a.create_staff(&ctx(), person("Lia", "529982247", "2500.00"))
        .expect("lia");
    let mut b = a.fork(&device("Celular do Caio", 3));
    assert_eq!(a.move_staff_out(&ctx()).expect("a"), 1);
    assert_eq!(b.move_staff_out(&ctx()).expect("b"), 1);
    a.merge(&mut b).expect("merge");
    assert_eq!(a.staff_strays().expect("strays"), 0);
    let mut b_staff = b
        .staff_document_mut()
        .expect("b staff")
        .fork(&device("x", 9));
    a.staff_document_mut()
        .expect("a staff")
        .merge(&mut b_staff)
        .expect("merge staff");
    let ids = a
        .staff_document()
        .expect("a staff")
        .ids(STAFF)
        .expect("ids");
    assert_eq!(ids.len(), 1, "the same record moved twice is one record");
    assert_eq!(names(&a), ["Lia"]);
}
