//! What arrives in the staff room is checked before it touches the staff document
//! (docs/SYNC.md, section 10.5): only an owner's or a manager's device may write there,
//! each in its own name, so a cashier's phone holding a leaked staff key (or a modified
//! app) gets nothing into the owner's payroll.

use crate::team_support;

use retaguarda_core::members::Role;
use retaguarda_core::Business;
use team_support::{ctx, Member, Relay};

/// The changes `f` makes in a copy of `staff` written by `member`'s device.
fn changes_by(member: &Member, staff: &mut Business, f: impl FnOnce(&mut Business)) -> Vec<u8> {
    let mut copy = staff.fork(&member.device);
    let heads = copy.heads();
    f(&mut copy);
    copy.changes_since(&heads).concat()
}

#[test]
fn only_readers_write_into_the_staff_document() {
    let mut relay = Relay::new();
    let mut ana = Member::found("Celular da Ana", "Ana", 1);
    relay.sync(&mut ana);
    let bia = Member::invited(
        &mut relay,
        &mut ana,
        "Celular da Bia",
        "Bia",
        Role::Cashier,
        2,
    );
    let caio = Member::invited(
        &mut relay,
        &mut ana,
        "Celular do Caio",
        "Caio",
        Role::Manager,
        3,
    );
    ana.biz().move_staff_out(&ctx()).expect("staff document");
    let device = ana.device.clone();
    let mut staff = ana
        .biz()
        .staff_document_mut()
        .expect("staff doc")
        .fork(&device);

    // An operation a cashier may make elsewhere, written into the staff document.
    let from_bia = changes_by(&bia, &mut staff, |doc| {
        doc.apply(&ctx(), "schema.migrate", |tx| {
            tx.put_root("nota", &"escrito pelo caixa".to_string())
        })
        .expect("written on her own copy");
    });
    let refused = ana
        .biz()
        .vet_staff_changes(&bia.hex(), false, &from_bia)
        .expect_err("a cashier does not write staff data");
    assert!(refused.contains("não lê os dados da equipe"), "{refused}");
    // The same bytes pass the business document's rule, which is why the staff room
    // has its own.
    assert!(ana.biz().vet_changes(&bia.hex(), false, &from_bia).is_ok());
    // Nor does her snapshot of it count.
    let snapshot = staff.fork(&bia.device).save();
    assert!(ana
        .biz()
        .vet_staff_changes(&bia.hex(), true, &snapshot)
        .is_err());

    // The manager writes there in his own name.
    let from_caio = changes_by(&caio, &mut staff, |doc| {
        doc.apply(&ctx(), "staff.update", |tx| {
            tx.put_root("nota", &"escrito pelo gerente".to_string())
        })
        .expect("written");
    });
    assert_eq!(
        ana.biz().vet_staff_changes(&caio.hex(), false, &from_caio),
        Ok(())
    );
    // But not in another's.
    let owner = ana.hex();
    assert!(ana
        .biz()
        .vet_staff_changes(&owner, false, &from_caio)
        .is_err());
}
