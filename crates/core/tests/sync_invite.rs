//! Invite links carry the secret and relay address in the fragment and read
//! back from any of the forms a person may paste or scan.

use retaguarda_core::sync::invite::relay_ws_url;
use retaguarda_core::sync::{Invite, SyncError, TeamSecret};

fn invite() -> Invite {
    Invite {
        secret: TeamSecret::from_bytes([5u8; 32]),
        relay: "https://relay.exemplo.com.br".into(),
        epoch: None,
    }
}

#[test]
fn a_team_that_closed_a_period_invites_to_its_current_room() {
    let later = Invite {
        epoch: Some([9u8; 32]),
        ..invite()
    };
    let fragment = later.to_fragment();
    assert_eq!(Invite::parse(&fragment).expect("parse"), later);
    // A first-period link stays the version 1 link earlier builds made and read.
    assert_ne!(fragment, invite().to_fragment());
    let token = invite().to_fragment();
    let bytes = base64::Engine::decode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        token.trim_start_matches("join="),
    )
    .expect("base64");
    assert_eq!(bytes[0], 1);
    assert_eq!(
        bytes.len(),
        1 + 32 + "https://relay.exemplo.com.br".len() + 4
    );
    // Cut inside the period's id, the link is refused, not read as another relay.
    let cut = Invite {
        relay: String::new(),
        ..later
    }
    .to_fragment();
    let bytes = base64::Engine::decode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        cut.trim_start_matches("join="),
    )
    .expect("base64");
    let mut short = bytes[..1 + 32 + 10].to_vec();
    let check = blake3::hash(&short);
    short.extend_from_slice(&check.as_bytes()[..4]);
    let text = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, short);
    assert!(matches!(Invite::parse(&text), Err(SyncError::BadInvite(_))));
}

#[test]
fn link_round_trips_in_every_form() {
    let invite = invite();
    let link = invite.link("https://app.exemplo.com.br/");
    assert!(
        link.starts_with("https://app.exemplo.com.br/#join="),
        "{link}"
    );
    let fragment = invite.to_fragment();
    let token = fragment.trim_start_matches("join=");
    for text in [
        link.clone(),
        format!("#{fragment}"),
        fragment.clone(),
        token.to_string(),
        format!("  {link}\n"),
    ] {
        assert_eq!(Invite::parse(&text).expect(&text), invite);
    }
    assert!(token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
}

#[test]
fn link_does_not_show_the_secret_in_the_path() {
    let link = invite().link("https://app.exemplo.com.br");
    let (before, _) = link.split_once('#').expect("fragment");
    assert_eq!(before, "https://app.exemplo.com.br/");
}

#[test]
fn broken_links_are_refused_in_portuguese() {
    let good = invite().to_fragment();
    let cut = &good[..good.len() - 30];
    for text in ["", "join=", "join=!!!", cut] {
        let err = Invite::parse(text).expect_err(text);
        assert!(matches!(err, SyncError::BadInvite(_)), "{text}");
        assert!(err.to_string().starts_with("convite inválido"), "{err}");
    }
}

#[test]
fn relay_addresses_become_websocket_urls() {
    assert_eq!(
        relay_ws_url("https://relay.exemplo.com.br/").expect("url"),
        "wss://relay.exemplo.com.br/v1/sync"
    );
    assert_eq!(
        relay_ws_url("http://127.0.0.1:8080").expect("url"),
        "ws://127.0.0.1:8080/v1/sync"
    );
    assert_eq!(
        relay_ws_url("ws://127.0.0.1:8080/v1/sync").expect("url"),
        "ws://127.0.0.1:8080/v1/sync"
    );
    assert!(relay_ws_url("ftp://x").is_err());
}

#[test]
fn a_single_changed_character_is_caught() {
    let fragment = invite().to_fragment();
    let mut chars: Vec<char> = fragment.chars().collect();
    let i = chars.len() - 10;
    chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
    let altered: String = chars.into_iter().collect();
    assert!(Invite::parse(&altered).is_err());
}
