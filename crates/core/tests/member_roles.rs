//! Roles (docs/SYNC.md, section 10): a cashier records sales, charges, customers and stock
//! but not payroll, staff, accounts or settings; a manager does everything but the team.
//! A write a role may not make is refused on the device, and refused by every other device
//! when it arrives from a device that skipped the check.

use crate::team_support;

use retaguarda_core::members::Role;
use retaguarda_core::CoreError;
use rust_decimal::Decimal;
use team_support::{ctx, Member, Relay};

#[test]
fn what_each_role_may_write() {
    for op in [
        "inventory.sale.record",
        "charge.create",
        "party.create",
        "ledger.entry.pay",
    ] {
        assert!(Role::Cashier.may(op), "{op}");
    }
    for op in [
        "staff.create",
        "staff.payroll.close",
        "staff.pro_labore.pay",
        "ledger.account.create",
        "settings.profile",
        "bank.import",
        "business.epoch",
        "members.rekey",
    ] {
        assert!(!Role::Cashier.may(op), "{op}");
    }
    assert!(Role::Manager.may("staff.payroll.close"));
    assert!(!Role::Manager.may("members.invite"));
    assert!(Role::Owner.may("members.rekey"));
    assert!(!Role::Cashier.reads_staff());
    assert!(Role::Manager.reads_staff());
}

#[test]
fn a_cashier_is_refused_on_the_device_and_on_arrival() {
    let mut relay = Relay::new();
    let mut ana = Member::found("Celular da Ana", "Ana", 1);
    relay.sync(&mut ana);
    let mut bia = Member::invited(
        &mut relay,
        &mut ana,
        "Celular da Bia",
        "Bia",
        Role::Cashier,
        2,
    );

    // On her phone: refused with a pt-BR reason, the document unchanged.
    let heads = bia.biz().heads();
    let err = bia
        .biz()
        .set_charge_minimum(&ctx(), Decimal::new(500, 2))
        .expect_err("a cashier does not change settings");
    assert!(matches!(err, CoreError::NotAllowed(_)));
    assert!(err.to_string().contains("caixa"), "{err}");
    assert_eq!(bia.biz().heads(), heads);
    // A sale-side write is fine.
    bia.add_customer("Dona Maria");

    // A modified build skips the check (here: a document of Bia's actor that records no
    // members): the owner's device refuses the change anyway.
    let mut rogue = retaguarda_core::Business::create(&bia.device, "x", &ctx()).expect("doc");
    let heads = rogue.heads();
    rogue
        .set_charge_minimum(&ctx(), Decimal::new(900, 2))
        .expect("no roles in this document");
    let bytes: Vec<u8> = rogue.changes_since(&heads).concat();
    let err = ana
        .biz()
        .vet_changes(&bia.hex(), false, &bytes)
        .expect_err("refused on arrival");
    assert!(err.contains("Bia") && err.contains("caixa"), "{err}");
    // And a cashier's device sends no whole-document snapshots.
    let save = bia.biz().save();
    assert!(ana.biz().vet_changes(&bia.hex(), true, &save).is_err());
    relay.sync(&mut bia);
    relay.sync(&mut ana);
    assert!(
        ana.quarantined.is_empty(),
        "{:?} / {:?}",
        ana.quarantined,
        bia.quarantined
    );
    assert!(ana.customers().contains(&"Dona Maria".to_string()));
}

#[test]
fn the_screens_follow_the_most_restricted_role_when_this_device_is_not_an_active_member() {
    let mut relay = Relay::new();
    let mut solo = Member::found("Celular da Ana", "Ana", 1);
    assert_eq!(solo.biz().role_shown().unwrap(), Some(Role::Owner));
    relay.sync(&mut solo);
    let mut bia = Member::invited(
        &mut relay,
        &mut solo,
        "Celular da Bia",
        "Bia",
        Role::Manager,
        2,
    );
    assert_eq!(bia.biz().role_shown().unwrap(), Some(Role::Manager));

    // Removed: no role of her own any more, and the screens show a cashier's areas only.
    let room = relay.open(&mut solo);
    solo.remove(&[bia.hex()]);
    relay.finish(&mut solo, room);
    relay.sync(&mut bia);
    assert!(bia.message.is_some(), "told she was removed");
    assert_eq!(bia.biz().own_role().unwrap(), None);
    assert_eq!(bia.biz().role_shown().unwrap(), Some(Role::Cashier));

    // A business that records no members shows everything.
    let device = retaguarda_core::Device::new("Celular da loja");
    let alone = retaguarda_core::Business::create(&device, "Padaria", &ctx()).unwrap();
    assert_eq!(alone.own_role().unwrap(), None);
    assert_eq!(alone.role_shown().unwrap(), None);
}
