//! The staff document's key (docs/SYNC.md, section 10.5): distinct from the team secret,
//! sealed only to the owner's and managers' devices, given to a manager admitted later
//! without a new generation, and rotated in the removal's own change, so a removed
//! manager's phone cannot open the new one.

use crate::team_support;

use retaguarda_core::members::Role;
use retaguarda_core::staff::{open_staff_key, StaffKey, STAFF_KEYS};
use retaguarda_core::sync::DeviceKeys;
use team_support::{ctx, Member, Relay};

fn generation(member: &mut Member) -> u64 {
    member
        .biz()
        .staff_key()
        .expect("read")
        .expect("a staff key")
        .1
        .generation
}

fn holders(key: &StaffKey) -> Vec<String> {
    let mut devices: Vec<String> = key.shares.iter().map(|s| s.device.clone()).collect();
    devices.sort();
    devices
}

#[test]
fn the_staff_key_reaches_readers_only_and_rotates_on_removal() {
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
    let mut caio = Member::invited(
        &mut relay,
        &mut ana,
        "Celular do Caio",
        "Caio",
        Role::Manager,
        3,
    );

    // Only an owner hands out the key.
    let caio_keys: DeviceKeys = caio.keys.clone();
    let refused = caio
        .biz()
        .share_staff_key(&ctx(), &caio_keys)
        .expect_err("a manager does not");
    assert!(refused.to_string().contains("dono"), "{refused}");

    let keys = ana.keys.clone();
    let mut first = None;
    ana.record(|biz| first = Some(biz.share_staff_key(&ctx(), &keys).expect("key")));
    let first = first.expect("secret");
    assert_ne!(
        first.as_bytes(),
        ana.secret.as_bytes(),
        "not the team secret"
    );
    assert_ne!(
        first.room_secret().derive().room,
        ana.secret.derive().room,
        "its own room"
    );
    relay.sync(&mut ana);
    relay.sync(&mut bia);
    relay.sync(&mut caio);
    assert_eq!(generation(&mut ana), 1);
    let (_, key) = ana.biz().staff_key().expect("read").expect("key");
    let mut readers = vec![ana.hex(), caio.hex()];
    readers.sort();
    assert_eq!(
        holders(&key),
        readers,
        "sealed to the owner and the manager"
    );
    assert_eq!(caio.staff_secret(), Some(first.clone()));
    assert_eq!(bia.staff_secret(), None);
    // Another device's keys do not open Caio's share.
    let stranger = DeviceKeys::generate().expect("keys");
    assert!(open_staff_key(&key, &caio.hex(), &stranger).is_err());

    // Asked again with nothing new, nothing is written.
    let heads = ana.biz().heads();
    let again = ana.biz().share_staff_key(&ctx(), &keys).expect("again");
    assert_eq!(again, first);
    assert_eq!(ana.biz().heads(), heads);

    // A manager admitted later gets a share of the same generation.
    let mut davi = Member::invited(
        &mut relay,
        &mut ana,
        "Celular do Davi",
        "Davi",
        Role::Manager,
        4,
    );
    ana.record(|biz| {
        biz.share_staff_key(&ctx(), &keys).expect("share");
    });
    relay.sync(&mut ana);
    relay.sync(&mut davi);
    assert_eq!(generation(&mut ana), 1);
    assert_eq!(davi.staff_secret(), Some(first.clone()));

    // Removing Caio's phone writes the next staff key in the same change as the team's
    // re-keying, sealed to Ana and Davi only.
    let room = relay.open(&mut ana);
    let before = ana.biz().heads();
    ana.remove(&[caio.hex()]);
    let change_count = ana.biz().changes_since(&before).len();
    relay.finish(&mut ana, room);
    assert_eq!(change_count, 1, "one change removes and rotates");
    assert_eq!(generation(&mut ana), 2);
    let (_, key) = ana.biz().staff_key().expect("read").expect("key");
    let mut readers = vec![ana.hex(), davi.hex()];
    readers.sort();
    assert_eq!(holders(&key), readers);
    let second = ana
        .biz()
        .staff_secret(&keys)
        .expect("open")
        .expect("owner's share");
    assert_ne!(second, first, "a new secret");
    assert_ne!(
        second.room_secret().derive().room,
        first.room_secret().derive().room,
        "a new room"
    );
    relay.sync(&mut davi);
    assert_eq!(davi.staff_secret(), Some(second.clone()));

    // Caio's phone, once it reads the removal, holds no share of the new key.
    relay.sync(&mut caio);
    assert!(caio.message.is_some(), "told it was removed");
    assert_eq!(generation(&mut caio), 2);
    assert_eq!(caio.staff_secret(), None);
    assert_eq!(
        caio.biz().list::<StaffKey>(STAFF_KEYS).expect("keys").len(),
        2,
        "both generations are in the document"
    );
}

#[test]
fn concurrent_removals_end_on_a_staff_key_no_removed_device_holds() {
    let mut relay = Relay::new();
    let mut ana = Member::found("Celular da Ana", "Ana", 1);
    relay.sync(&mut ana);
    let mut dani = Member::invited(
        &mut relay,
        &mut ana,
        "Celular da Dani",
        "Dani",
        Role::Owner,
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
    let eva = Member::invited(
        &mut relay,
        &mut ana,
        "Celular da Eva",
        "Eva",
        Role::Manager,
        4,
    );
    let keys = ana.keys.clone();
    ana.record(|biz| {
        biz.share_staff_key(&ctx(), &keys).expect("key");
    });
    relay.sync(&mut ana);
    relay.sync(&mut dani);

    // Two owners, offline, each remove a different manager.
    ana.biz()
        .remove_devices(&ctx(), &[caio.hex()], 0)
        .expect("ana removes caio");
    dani.biz()
        .remove_devices(&ctx(), &[eva.hex()], 0)
        .expect("dani removes eva");
    let mut theirs = dani.biz.take().expect("document");
    ana.biz().merge(&mut theirs).expect("merge");

    // Whichever generation-2 key wins was sealed to the device the other owner removed.
    let (_, current) = ana.biz().staff_key().expect("read").expect("key");
    assert_eq!(current.generation, 2);
    let removed = [caio.hex(), eva.hex()];
    assert!(current.shares.iter().any(|s| removed.contains(&s.device)));

    // The owner's next hand-out rotates to a key only the remaining readers hold.
    let secret = ana.biz().share_staff_key(&ctx(), &keys).expect("rotate");
    let (_, current) = ana.biz().staff_key().expect("read").expect("key");
    assert_eq!(current.generation, 3);
    let mut readers = vec![ana.hex(), dani.hex()];
    readers.sort();
    assert_eq!(holders(&current), readers);
    assert_eq!(ana.staff_secret(), Some(secret));
}
