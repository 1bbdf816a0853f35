//! The shop's LAN hub as devices see it (docs/SYNC.md section 11): the
//! pairing line the hub prints, the ICE credentials derived from it, and the
//! hub's SDP answer, which a device builds locally from the pairing (the hub
//! is ICE-lite and takes part in no signalling).

use std::fmt;
use std::net::SocketAddr;

/// What every pairing line starts with (format version 1).
pub const PAIRING_PREFIX: &str = "retaguarda-hub:1";

/// The hub's ICE username fragment, the same for every device; a device's
/// own fragment reaches the hub in each STUN request's USERNAME.
pub const HUB_UFRAG: &str = "retaguardahub";

/// The largest message the hub's answer announces (Chromium's own default).
pub const HUB_MAX_MESSAGE_BYTES: usize = 262_144;

/// What a device needs to reach the hub: its address and UDP port, and the
/// SHA-256 fingerprint of its DTLS certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubPairing {
    pub addr: SocketAddr,
    pub fingerprint: [u8; 32],
}

/// Why a pairing line was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PairingError {
    #[error("o texto não é o pareamento de um hub do Retaguarda")]
    NotAHub,
    #[error("o endereço do hub no pareamento não é válido")]
    Address,
    #[error("a impressão digital do certificado do hub não é válida")]
    Fingerprint,
}

/// The hub's ICE password: the first 16 bytes of its fingerprint in
/// lower-case hex. Not a secret: the fingerprint authenticates the hub.
pub fn ice_pwd(fingerprint: &[u8; 32]) -> String {
    fingerprint[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The fingerprint as SDP writes it: upper-case hex bytes joined by colons.
pub fn fingerprint_hex(fingerprint: &[u8; 32]) -> String {
    fingerprint
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

impl fmt::Display for HubPairing {
    /// `retaguarda-hub:1 192.168.0.10:7450 AB:CD:…`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{PAIRING_PREFIX} {} {}",
            self.addr,
            fingerprint_hex(&self.fingerprint)
        )
    }
}

impl std::str::FromStr for HubPairing {
    type Err = PairingError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut parts = text.split_whitespace();
        if parts.next() != Some(PAIRING_PREFIX) {
            return Err(PairingError::NotAHub);
        }
        let addr = parts
            .next()
            .and_then(|a| a.parse::<SocketAddr>().ok())
            .ok_or(PairingError::Address)?;
        let hex = parts.next().ok_or(PairingError::Fingerprint)?;
        let bytes = hex
            .split(':')
            .map(|h| match h.len() {
                2 => u8::from_str_radix(h, 16).ok(),
                _ => None,
            })
            .collect::<Option<Vec<u8>>>()
            .ok_or(PairingError::Fingerprint)?;
        let fingerprint = <[u8; 32]>::try_from(bytes).map_err(|_| PairingError::Fingerprint)?;
        if parts.next().is_some() {
            return Err(PairingError::NotAHub);
        }
        Ok(HubPairing { addr, fingerprint })
    }
}

impl HubPairing {
    /// The hub's answer to `offer` (the device's own, set unedited as its
    /// local description): ICE-lite, the derived credentials, the pairing's
    /// fingerprint (the browser checks the hub's certificate against it),
    /// DTLS server, and the hub's one host candidate.
    pub fn answer_sdp(&self, offer: &str) -> String {
        let mid = offer
            .lines()
            .find_map(|l| l.trim().strip_prefix("a=mid:"))
            .unwrap_or("0");
        let ip = self.addr.ip();
        let family = if ip.is_ipv4() { "IP4" } else { "IP6" };
        let port = self.addr.port();
        [
            "v=0".to_string(),
            format!("o=- 0 0 IN {family} {ip}"),
            "s=-".to_string(),
            "t=0 0".to_string(),
            "a=ice-lite".to_string(),
            format!("m=application {port} UDP/DTLS/SCTP webrtc-datachannel"),
            format!("c=IN {family} {ip}"),
            format!("a=mid:{mid}"),
            format!("a=ice-ufrag:{HUB_UFRAG}"),
            format!("a=ice-pwd:{}", ice_pwd(&self.fingerprint)),
            format!(
                "a=fingerprint:sha-256 {}",
                fingerprint_hex(&self.fingerprint)
            ),
            "a=setup:passive".to_string(),
            "a=sctp-port:5000".to_string(),
            format!("a=max-message-size:{HUB_MAX_MESSAGE_BYTES}"),
            format!("a=candidate:1 1 UDP 2130706431 {ip} {port} typ host"),
            "a=end-of-candidates".to_string(),
            String::new(),
        ]
        .join("\r\n")
    }
}
