//! Admitting a device (docs/SYNC.md, section 10): the invite link holds no team secret;
//! the new device's request goes through the invite's own room, both devices show the same
//! short code, and an owner's device admits it by sealing the team secret to its key. An
//! invite admits one device only, and none after it expires.

use crate::team_support;

use retaguarda_core::members::Role;
use retaguarda_core::sync::lobby::{self, JoinLink, LobbyMessage};
use retaguarda_core::sync::{DeviceId, DeviceKeys, Invite, SyncError};
use retaguarda_core::CoreError;
use team_support::{ctx, Member, Relay};

#[test]
fn a_device_joins_through_the_lobby_and_syncs_with_the_team() {
    let mut relay = Relay::new();
    let mut ana = Member::found("Celular da Ana", "Ana", 1);
    ana.add_customer("Dona Maria");
    relay.sync(&mut ana);

    let mut bia = Member::invited(
        &mut relay,
        &mut ana,
        "Celular da Bia",
        "Bia",
        Role::Cashier,
        2,
    );
    assert_eq!(bia.customers(), vec!["Dona Maria"]);
    // Her public keys are in the team's document, with her person and role.
    let members = ana.biz().members().expect("members");
    let (_, record) = members
        .iter()
        .find(|(id, _)| *id == bia.hex())
        .expect("Bia's device recorded");
    assert_eq!(record.person, "Bia");
    assert_eq!(record.role(), Some(Role::Cashier));
    assert_eq!(record.public().expect("keys"), bia.keys.public());
    // Both directions work from then on, signed.
    bia.add_customer("Seu João");
    relay.sync(&mut bia);
    relay.sync(&mut ana);
    assert_eq!(ana.customers(), vec!["Dona Maria", "Seu João"]);
    assert!(ana.quarantined.is_empty(), "{:?}", ana.quarantined);
}

#[test]
fn the_link_holds_no_team_secret() {
    let mut ana = Member::found("Celular da Ana", "Ana", 1);
    let secret = ana
        .biz()
        .create_invite(&ctx(), Role::Manager, "Caio", ctx().now_ms + 1000)
        .expect("invite");
    let link = JoinLink {
        secret: secret.clone(),
        relay: "https://relay.exemplo".into(),
        expires_ms: Some(ctx().now_ms + 1000),
    }
    .link("https://loja.exemplo");
    assert_eq!(JoinLink::parse(&link).expect("parse").secret, secret);
    assert!(Invite::parse(&link).is_err(), "not an old-style invite");
    let token = link.split("invite=").nth(1).expect("token");
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .expect("base64");
    let team = ana.secret.as_bytes();
    assert!(
        !bytes.windows(32).any(|w| w == team),
        "the team secret is not in the link"
    );
    let mut cut = link.clone();
    cut.pop();
    assert!(matches!(
        JoinLink::parse(&cut),
        Err(SyncError::BadInvite(_))
    ));
}

#[test]
fn an_invite_admits_one_device_and_none_after_it_expires() {
    let mut ana = Member::found("Celular da Ana", "Ana", 1);
    let invite = ana
        .biz()
        .create_invite(&ctx(), Role::Cashier, "Bia", ctx().now_ms + 60_000)
        .expect("invite");
    let request = |actor: u8, name: &str| {
        let keys = DeviceKeys::generate().expect("keys");
        let payload =
            lobby::request_payload(&invite, DeviceId([actor; 16]), name, &keys).expect("request");
        match lobby::read_message(&invite, &payload).expect("read") {
            LobbyMessage::Request(r) => r,
            other => panic!("{other:?}"),
        }
    };
    let bia = request(2, "Celular da Bia");
    // The link forwarded on WhatsApp: someone else posts a request too, with another code.
    let other = request(3, "Celular da Bia");
    assert_ne!(bia.short_code(&invite), other.short_code(&invite));

    ana.biz()
        .approve_join(&ctx(), &invite, &bia)
        .expect("first use");
    let err = ana
        .biz()
        .approve_join(&ctx(), &invite, &other)
        .expect_err("second use");
    assert!(err.to_string().contains("já foi usado"), "{err}");
    assert_eq!(ana.biz().members().expect("members").len(), 2);

    // A week later, a fresh invite that was never used has expired.
    let late = ana
        .biz()
        .create_invite(&ctx(), Role::Cashier, "Caio", ctx().now_ms + 60_000)
        .expect("invite");
    let keys = DeviceKeys::generate().expect("keys");
    let payload = lobby::request_payload(&late, DeviceId([4; 16]), "Celular do Caio", &keys)
        .expect("request");
    let LobbyMessage::Request(caio) = lobby::read_message(&late, &payload).expect("read") else {
        panic!("a request");
    };
    let mut week_later = ctx();
    week_later.now_ms += 7 * 86_400_000;
    let err = ana
        .biz()
        .approve_join(&week_later, &late, &caio)
        .expect_err("expired");
    assert!(err.to_string().contains("venceu"), "{err}");
}

#[test]
fn the_joining_device_learns_that_an_invite_expired_or_was_used_without_waiting() {
    let mut ana = Member::found("Celular da Ana", "Ana", 1);
    let expires_ms = ctx().now_ms + 7 * 86_400_000;
    let invite = ana
        .biz()
        .create_invite(&ctx(), Role::Cashier, "Bia", expires_ms)
        .expect("invite");
    // The link carries the expiry: a phone opening it a week and a day later says so at once.
    let text = JoinLink {
        secret: invite.clone(),
        relay: String::new(),
        expires_ms: Some(expires_ms),
    }
    .link("https://loja.exemplo");
    let link = JoinLink::parse(&text).expect("parse");
    assert_eq!(link.expires_ms, Some(expires_ms));
    assert!(!link.expired_at(ctx().now_ms));
    assert!(!link.expired_at(expires_ms));
    assert!(link.expired_at(expires_ms + 86_400_000));
    // A link made before links carried the expiry still opens, and never says expired.
    let old = JoinLink {
        secret: invite.clone(),
        relay: "https://relay.exemplo".into(),
        expires_ms: None,
    };
    let parsed = JoinLink::parse(&old.link("https://loja.exemplo")).expect("old link");
    assert_eq!(parsed, old);
    assert!(!parsed.expired_at(i64::MAX));

    // The owner's device checks its own record and answers the request with why not.
    assert_eq!(ana.biz().check_invite(&invite, ctx().now_ms), Ok(()));
    let late = ana
        .biz()
        .check_invite(&invite, expires_ms + 1)
        .expect_err("expired");
    assert!(late.to_string().contains("venceu"), "{late}");
    let stranger = lobby::InviteSecret::generate().expect("secret");
    let unknown = ana
        .biz()
        .check_invite(&stranger, ctx().now_ms)
        .expect_err("not this team's");
    assert!(
        unknown.to_string().contains("não é desta equipe"),
        "{unknown}"
    );
    let refusal = lobby::refusal_payload(DeviceId([2; 16]), &late.to_string());
    assert_eq!(
        lobby::read_message(&invite, &refusal).expect("read"),
        LobbyMessage::Refusal {
            device: DeviceId([2; 16]),
            reason: late.to_string(),
        }
    );
    // Once used, the check says so too.
    let keys = DeviceKeys::generate().expect("keys");
    let payload = lobby::request_payload(&invite, DeviceId([2; 16]), "Celular da Bia", &keys)
        .expect("request");
    let LobbyMessage::Request(bia) = lobby::read_message(&invite, &payload).expect("read") else {
        panic!("a request");
    };
    ana.biz()
        .approve_join(&ctx(), &invite, &bia)
        .expect("admitted");
    let used = ana
        .biz()
        .check_invite(&invite, ctx().now_ms)
        .expect_err("used");
    assert!(used.to_string().contains("já foi usado"), "{used}");
}

#[test]
fn a_request_with_someone_elses_keys_is_refused_and_approvals_open_only_for_their_device() {
    let invite = lobby::InviteSecret::generate().expect("secret");
    let bia = DeviceKeys::generate().expect("keys");
    let mallory = DeviceKeys::generate().expect("keys");
    let mut payload =
        lobby::request_payload(&invite, DeviceId([2; 16]), "Celular da Bia", &bia).expect("req");
    // Relabel the request with another device's sealing key, keeping Bia's signature.
    payload[17..49].copy_from_slice(&mallory.public().sealing);
    assert_eq!(
        lobby::read_message(&invite, &payload),
        Err(SyncError::Tampered)
    );
    // An approval for Bia opens with Bia's keys only.
    let payload =
        lobby::request_payload(&invite, DeviceId([2; 16]), "Celular da Bia", &bia).expect("req");
    let LobbyMessage::Request(request) = lobby::read_message(&invite, &payload).expect("read")
    else {
        panic!("a request");
    };
    let grant = lobby::Grant {
        secret: retaguarda_core::sync::TeamSecret::generate().expect("secret"),
        generation: 3,
        epoch: Some([9; 32]),
    };
    let approval = lobby::approval_payload(&request, &grant).expect("approval");
    let LobbyMessage::Approval { device, sealed } =
        lobby::read_message(&invite, &approval).expect("read")
    else {
        panic!("an approval");
    };
    assert_eq!(device, DeviceId([2; 16]));
    assert_eq!(lobby::open_approval(&bia, &sealed).expect("open"), grant);
    assert!(lobby::open_approval(&mallory, &sealed).is_err());
}

#[test]
fn only_an_owner_invites() {
    let mut relay = Relay::new();
    let mut ana = Member::found("Celular da Ana", "Ana", 1);
    relay.sync(&mut ana);
    let mut caio = Member::invited(
        &mut relay,
        &mut ana,
        "Celular do Caio",
        "Caio",
        Role::Manager,
        3,
    );
    let err = caio
        .biz()
        .create_invite(&ctx(), Role::Cashier, "Duda", ctx().now_ms + 1000)
        .expect_err("a manager does not manage the team");
    assert!(matches!(err, CoreError::NotAllowed(_)), "{err}");
}
