//! Removing a device (docs/SYNC.md, section 10.6): the team moves to a new secret sealed to
//! each remaining device and posted in the old room; the remaining devices follow it into
//! the new room carrying what they wrote offline; the old room is retired; the removed
//! device reads nothing written afterwards, writes nothing the team accepts, and is told so.

use crate::team_support;

use retaguarda_core::members::Role;
use team_support::{Member, Relay};

/// Ana (owner), Bia (cashier) and Caio (manager), all synced, with one customer.
fn team(relay: &mut Relay) -> (Member, Member, Member) {
    let mut ana = Member::found("Celular da Ana", "Ana", 1);
    ana.add_customer("Dona Maria");
    relay.sync(&mut ana);
    let mut bia = Member::invited(relay, &mut ana, "Celular da Bia", "Bia", Role::Cashier, 2);
    let caio = Member::invited(relay, &mut ana, "Celular do Caio", "Caio", Role::Manager, 3);
    relay.sync(&mut ana);
    relay.sync(&mut bia);
    (ana, bia, caio)
}

#[test]
fn removal_while_the_removed_device_is_offline() {
    let mut relay = Relay::new();
    let (mut ana, mut bia, mut caio) = team(&mut relay);
    let old_room = ana.secret.derive().room.0;

    // Bia's phone is offline and keeps working.
    bia.add_customer("Cliente da Bia offline");
    // Caio is offline too, with a sale to carry over.
    caio.add_customer("Cliente do Caio offline");

    // Ana removes Bia's phone.
    let room = relay.open(&mut ana);
    ana.remove(&[bia.hex()]);
    relay.finish(&mut ana, room);
    assert_eq!(ana.generation, 1);
    assert!(relay.is_retired(&old_room), "the old room is retired");
    ana.add_customer("Depois da remoção");
    relay.sync(&mut ana);

    // Caio comes back: he reads the re-keying in the old room, moves, and carries his
    // offline customer into the new room.
    relay.sync(&mut caio);
    assert_eq!(caio.generation, 1);
    assert_eq!(caio.secret, ana.secret);
    relay.sync(&mut ana);
    assert_eq!(
        ana.customers(),
        vec!["Cliente do Caio offline", "Depois da remoção", "Dona Maria"]
    );
    assert_eq!(caio.customers(), ana.customers());

    // Bia comes back: her writes are refused by the relay, she finds no share for her
    // phone, and she is told in pt-BR.
    let stored = relay.len(&old_room);
    relay.sync(&mut bia);
    assert_eq!(bia.generation, 0, "she stays in the old room");
    assert_eq!(
        relay.len(&old_room),
        stored,
        "her offline sale was not stored"
    );
    assert_eq!(bia.client.pending(), 1);
    let message = bia.message.clone().expect("told");
    assert!(message.contains("removido da equipe por Ana"), "{message}");
    assert!(!bia.customers().contains(&"Depois da remoção".to_string()));
    relay.sync(&mut ana);
    relay.sync(&mut caio);
    assert!(!ana
        .customers()
        .contains(&"Cliente da Bia offline".to_string()));
    assert!(!caio
        .customers()
        .contains(&"Cliente da Bia offline".to_string()));
    // Nothing Bia holds opens the new room's blobs.
    assert_ne!(bia.secret, ana.secret);
    // And her own phone refuses to record more, with the same explanation.
    let err = bia
        .biz()
        .create_party(
            &team_support::ctx(),
            retaguarda_core::parties::PartyInput::customer("Mais uma"),
        )
        .expect_err("removed");
    assert!(err.to_string().contains("removido da equipe"), "{err}");
}

#[test]
fn what_the_remover_writes_before_the_relay_stored_the_removal_never_reaches_the_old_room() {
    let mut relay = Relay::new();
    let (mut ana, mut bia, _caio) = team(&mut relay);
    let old_room = ana.secret.derive().room.0;

    // Ana removes Bia's phone and, before the relay acknowledged the re-keying, renames a
    // customer's record: the app lets her write at once (what the journey caught).
    let room = relay.open(&mut ana);
    ana.remove(&[bia.hex()]);
    let before = relay.len(&old_room);
    ana.add_customer("Escrito logo depois da remoção");
    relay.finish(&mut ana, room);
    assert_eq!(ana.generation, 1);
    assert_eq!(
        relay.len(&old_room),
        before + 1,
        "only the re-keying went to the old room"
    );
    assert!(ana
        .customers()
        .contains(&"Escrito logo depois da remoção".to_string()));

    // Bia comes back: she reads the old room and finds the re-keying, not Ana's write.
    relay.sync(&mut bia);
    assert!(bia.message.is_some(), "told she was removed");
    assert!(!bia
        .customers()
        .contains(&"Escrito logo depois da remoção".to_string()));
}

#[test]
fn removal_while_the_removed_device_is_online_and_a_relay_that_ignores_the_retire() {
    let mut relay = Relay::new();
    relay.ignores_retire = true;
    let (mut ana, mut bia, mut caio) = team(&mut relay);
    relay.sync(&mut caio);
    // Caio goes offline with a sale.
    caio.add_customer("Cliente do Caio offline");

    // Bia is connected and caught up when Ana removes her phone.
    let bia_room = relay.open(&mut bia);
    let room = relay.open(&mut ana);
    ana.remove(&[bia.hex()]);
    relay.finish(&mut ana, room);
    // Before hearing of it, Bia records a sale; this relay stores it in the old room.
    bia.add_customer("Escrito depois da remoção");
    relay.finish(&mut bia, bia_room);
    relay.sync(&mut bia);
    let message = bia.message.clone().expect("told on her next sync");
    assert!(message.contains("removido"), "{message}");

    // Caio was offline: in the old room he meets the re-keying, then Bia's blob, which
    // the team's roster no longer vouches for. His offline sale goes to the new room
    // only: this relay would have stored it where Bia still reads.
    let old_room = bia.secret.derive().room.0;
    let before = relay.len(&old_room);
    relay.sync(&mut caio);
    assert_eq!(relay.len(&old_room), before, "nothing more in the old room");
    assert_eq!(caio.generation, 1);
    assert!(
        caio.quarantined
            .iter()
            .any(|r| r.contains("não faz parte da equipe")),
        "{:?}",
        caio.quarantined
    );
    assert!(!caio
        .customers()
        .contains(&"Escrito depois da remoção".to_string()));
    relay.sync(&mut ana);
    assert_eq!(ana.customers(), caio.customers());
    assert!(ana
        .customers()
        .contains(&"Cliente do Caio offline".to_string()));
}

#[test]
fn two_owners_remove_different_devices_at_once() {
    let mut relay = Relay::new();
    let (mut ana, mut bia, mut caio) = team(&mut relay);
    // Duda is a second owner; Edu another cashier.
    let mut duda = Member::invited(
        &mut relay,
        &mut ana,
        "Celular da Duda",
        "Duda",
        Role::Owner,
        4,
    );
    let mut edu = Member::invited(
        &mut relay,
        &mut ana,
        "Celular do Edu",
        "Edu",
        Role::Cashier,
        5,
    );
    for m in [&mut ana, &mut bia, &mut caio, &mut duda, &mut edu] {
        relay.sync(m);
    }

    // Both owners are caught up; Duda removes Edu while Ana removes Bia.
    let duda_room = relay.open(&mut duda);
    duda.remove(&[edu.hex()]);
    let room = relay.open(&mut ana);
    ana.remove(&[bia.hex()]);
    relay.finish(&mut ana, room);
    // Duda's re-keying reaches a retired room: the team follows Ana's, and Duda then
    // removes Edu again, from the new room.
    relay.finish(&mut duda, duda_room);
    relay.sync(&mut duda);
    for _ in 0..2 {
        for m in [&mut ana, &mut caio, &mut duda] {
            relay.sync(m);
        }
    }
    assert_eq!(ana.generation, 2);
    assert_eq!(caio.generation, 2);
    assert_eq!(duda.generation, 2);
    assert_eq!(ana.secret, caio.secret);
    assert_eq!(ana.secret, duda.secret);

    // Bia never got a share; Edu got one of generation 1 (Ana did not know), none of 2.
    relay.sync(&mut bia);
    relay.sync(&mut edu);
    assert!(bia.message.is_some());
    assert!(edu.message.is_some(), "Edu is told too");
    assert_ne!(bia.secret, ana.secret);
    assert_ne!(edu.secret, ana.secret);
    assert!(edu.generation <= 1);

    // The team keeps syncing without them.
    caio.add_customer("Depois das duas remoções");
    relay.sync(&mut caio);
    relay.sync(&mut ana);
    relay.sync(&mut duda);
    assert!(ana
        .customers()
        .contains(&"Depois das duas remoções".to_string()));
    assert_eq!(ana.customers(), duda.customers());
    let removed: Vec<String> = ana
        .biz()
        .members()
        .expect("members")
        .into_iter()
        .filter(|(_, m)| !m.active())
        .map(|(_, m)| m.person)
        .collect();
    assert_eq!(removed, vec!["Bia", "Edu"]);
    // Nothing is left to run again, on either owner's device.
    for owner in [&mut ana, &mut duda] {
        let (generation, me, keys, secret) = (
            owner.generation,
            owner.hex(),
            owner.keys.clone(),
            owner.secret.clone(),
        );
        let redo = owner
            .biz()
            .removals_to_redo(generation, &me, &keys, &secret)
            .expect("redo");
        assert!(redo.is_empty(), "{redo:?}");
    }
}

#[test]
fn the_owner_whose_removal_lost_finds_what_to_remove_again_from_the_document() {
    let mut relay = Relay::new();
    let (mut ana, mut bia, caio) = team(&mut relay);
    let mut duda = Member::invited(
        &mut relay,
        &mut ana,
        "Celular da Duda",
        "Duda",
        Role::Owner,
        4,
    );
    relay.sync(&mut ana);
    relay.sync(&mut bia);
    // Written at once: Ana removes Bia, Duda removes Caio, neither seeing the other's.
    let (ana_hex, duda_hex, bia_hex, caio_hex) = (ana.hex(), duda.hex(), bia.hex(), caio.hex());
    let (ana_keys, duda_keys) = (ana.keys.clone(), duda.keys.clone());
    let duda_device = duda.device.clone();
    let mut duda_copy = duda.biz().fork(&duda_device);
    let (_, ana_secret) = ana
        .biz()
        .remove_devices(&team_support::ctx(), std::slice::from_ref(&bia_hex), 0)
        .expect("Ana removes Bia");
    duda_copy
        .remove_devices(&team_support::ctx(), std::slice::from_ref(&caio_hex), 0)
        .expect("Duda removes Caio");
    // Duda's device receives Ana's re-keying; the relay stored Ana's first, so the team
    // follows it, and Duda holds its share: generation 1 with Ana's secret.
    let ana_changes = ana.biz().changes_since(&[]);
    duda_copy
        .apply_changes(ana_changes)
        .expect("Ana's change reaches Duda");
    let removed: Vec<String> = duda_copy
        .members()
        .expect("members")
        .into_iter()
        .filter(|(_, m)| !m.active())
        .map(|(id, _)| id)
        .collect();
    assert_eq!(removed.len(), 2, "both removals are in the document");
    // Ana's re-keying gave Caio a share (Ana did not know): Duda removes him again.
    assert_eq!(
        duda_copy
            .removals_to_redo(1, &duda_hex, &duda_keys, &ana_secret)
            .expect("redo"),
        vec![caio_hex.clone()]
    );
    // So does Ana once Duda's change reaches her.
    let duda_changes = duda_copy.changes_since(&[]);
    ana.biz()
        .apply_changes(duda_changes)
        .expect("Duda's change reaches Ana");
    assert_eq!(
        ana.biz()
            .removals_to_redo(1, &ana_hex, &ana_keys, &ana_secret)
            .expect("redo"),
        vec![caio_hex.clone()]
    );
    // A manager's device or the removed one runs nothing; nor an owner holding another
    // generation's secret.
    assert!(duda_copy
        .removals_to_redo(1, &bia_hex, &bia.keys, &ana_secret)
        .expect("redo")
        .is_empty());
    assert!(duda_copy
        .removals_to_redo(0, &duda_hex, &duda_keys, &ana_secret)
        .expect("redo")
        .is_empty());
    // Once the removal is run again, nothing is left: the next generation is written.
    duda_copy
        .remove_devices(&team_support::ctx(), std::slice::from_ref(&caio_hex), 1)
        .expect("Duda removes Caio again");
    assert!(duda_copy
        .removals_to_redo(1, &duda_hex, &duda_keys, &ana_secret)
        .expect("redo")
        .is_empty());
}
