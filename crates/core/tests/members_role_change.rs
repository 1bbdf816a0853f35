//! Changing a member's role (docs/SYNC.md, section 10.5): only an owner's device may, not
//! on itself nor on a removed device; the new role holds on the member's own device (its
//! writes are checked against it) and on every other device on arrival.

use crate::team_support;

use retaguarda_core::members::{Role, Standing};
use retaguarda_core::CoreError;
use rust_decimal::Decimal;
use team_support::{ctx, Member, Relay};

#[test]
fn an_owner_makes_a_cashier_a_manager_and_the_team_follows() {
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
    let bia_hex = bia.hex();

    // As a cashier, Bia may not change the settings.
    let err = bia
        .biz()
        .set_charge_minimum(&ctx(), Decimal::new(500, 2))
        .expect_err("a cashier");
    assert!(matches!(err, CoreError::NotAllowed(_)), "{err}");

    // Bia may not change her own role, nor anyone's.
    let ana_hex = ana.hex();
    let err = bia
        .biz()
        .set_role(&ctx(), &ana_hex, Role::Cashier)
        .expect_err("not an owner");
    assert!(err.to_string().contains("dono"), "{err}");

    // Ana makes her a manager; the change reaches Bia's phone.
    ana.record(|biz| biz.set_role(&ctx(), &bia_hex, Role::Manager).expect("role"));
    relay.sync(&mut ana);
    relay.sync(&mut bia);
    assert_eq!(
        bia.biz().standing(&bia_hex).expect("standing"),
        Standing::Active(Some(Role::Manager))
    );
    // Now the same write goes through and Ana's device takes it.
    bia.record(|biz| {
        biz.set_charge_minimum(&ctx(), Decimal::new(700, 2))
            .expect("a manager changes settings")
    });
    relay.sync(&mut bia);
    relay.sync(&mut ana);
    assert!(ana.quarantined.is_empty(), "{:?}", ana.quarantined);

    // An owner does not change its own role (the team keeps who manages it).
    let err = ana
        .biz()
        .set_role(&ctx(), &ana_hex, Role::Manager)
        .expect_err("own role");
    assert!(matches!(err, CoreError::NotAllowed(_)), "{err}");
}

#[test]
fn a_removed_device_keeps_no_role_to_change() {
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
    let bia_hex = bia.hex();
    relay.sync(&mut ana);
    let heads = ana.biz().heads();
    ana.biz()
        .remove_devices(&ctx(), std::slice::from_ref(&bia_hex), 0)
        .expect("remove");
    assert_ne!(ana.biz().heads(), heads);
    let heads = ana.biz().heads();
    let err = ana
        .biz()
        .set_role(&ctx(), &bia_hex, Role::Manager)
        .expect_err("removed");
    assert!(err.to_string().contains("removido"), "{err}");
    assert_eq!(ana.biz().heads(), heads, "nothing written");
}
