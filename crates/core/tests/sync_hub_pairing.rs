//! The LAN hub's pairing line and the answer a device builds from it
//! (docs/SYNC.md section 11; the shape follows libp2p's webrtc-direct).

use retaguarda_core::sync::hub::{ice_pwd, HubPairing, PairingError, HUB_UFRAG};

fn pairing() -> HubPairing {
    let mut fingerprint = [0u8; 32];
    for (i, b) in fingerprint.iter_mut().enumerate() {
        *b = u8::try_from(i * 7 + 1).expect("byte");
    }
    HubPairing {
        addr: "192.168.0.10:7450".parse().expect("addr"),
        fingerprint,
    }
}

#[test]
fn the_line_round_trips_and_names_address_and_fingerprint() {
    let p = pairing();
    let line = p.to_string();
    assert!(line.starts_with("retaguarda-hub:1 192.168.0.10:7450 01:08:0F:16:"));
    assert_eq!(
        line.split(' ').nth(2).expect("fingerprint").len(),
        32 * 3 - 1
    );
    assert_eq!(line.parse::<HubPairing>(), Ok(p));
    // Pasted with extra spaces or a line break, it still reads.
    assert!(format!("  {line}\n").parse::<HubPairing>().is_ok());
}

#[test]
fn other_texts_are_refused_with_the_reason() {
    let line = pairing().to_string();
    assert_eq!(
        "https://loja".parse::<HubPairing>(),
        Err(PairingError::NotAHub)
    );
    assert_eq!(
        line.replace("192.168.0.10:7450", "192.168.0.10")
            .parse::<HubPairing>(),
        Err(PairingError::Address)
    );
    let short = line.rsplit_once(':').expect("colon").0.to_string();
    assert_eq!(short.parse::<HubPairing>(), Err(PairingError::Fingerprint));
    assert_eq!(
        line.replace("01:08", "01:0G").parse::<HubPairing>(),
        Err(PairingError::Fingerprint)
    );
    assert_eq!(
        format!("{line} x").parse::<HubPairing>(),
        Err(PairingError::NotAHub)
    );
}

#[test]
fn the_answer_is_ice_lite_with_the_derived_credentials_and_the_pairing_fingerprint() {
    let p = pairing();
    // The offer Chromium makes for one data channel (trimmed).
    let offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n\
                 m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n\
                 a=ice-ufrag:AbCd\r\na=ice-pwd:0123456789012345678901\r\n\
                 a=setup:actpass\r\na=mid:0\r\na=sctp-port:5000\r\n";
    let answer = p.answer_sdp(offer);
    let lines: Vec<&str> = answer.split("\r\n").collect();
    for expected in [
        "a=ice-lite",
        "m=application 7450 UDP/DTLS/SCTP webrtc-datachannel",
        "c=IN IP4 192.168.0.10",
        "a=mid:0",
        "a=setup:passive",
        "a=sctp-port:5000",
        "a=candidate:1 1 UDP 2130706431 192.168.0.10 7450 typ host",
    ] {
        assert!(lines.contains(&expected), "{expected} missing in\n{answer}");
    }
    assert!(lines.contains(&format!("a=ice-ufrag:{HUB_UFRAG}").as_str()));
    let pwd = ice_pwd(&p.fingerprint);
    // RFC 8839: ice-pwd is 22 to 256 characters.
    assert_eq!(pwd.len(), 32);
    assert_eq!(&pwd[..6], "01080f");
    assert!(lines.contains(&format!("a=ice-pwd:{pwd}").as_str()));
    let line = p.to_string();
    let fingerprint = line.split(' ').nth(2).expect("fingerprint");
    assert!(lines.contains(&format!("a=fingerprint:sha-256 {fingerprint}").as_str()));
    // The browser's own ufrag never appears in the answer: the hub learns it
    // from the STUN request (webrtc-direct without munging).
    assert!(!answer.contains("AbCd"));
    assert!(answer.ends_with("\r\n"));
}

#[test]
fn the_answer_keeps_the_offers_mid() {
    let answer = pairing().answer_sdp("v=0\r\na=mid:data\r\n");
    assert!(answer.contains("\r\na=mid:data\r\n"));
}
