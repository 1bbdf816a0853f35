//! Signalling messages: how two devices of a team introduce themselves through
//! their room on the relay (announce, WebRTC offer, answer, ICE candidate, bye).
//! Each is sealed with a key derived from the team's blob key, so the relay sees
//! neither the devices' LAN addresses in the SDP nor who talks to whom; it
//! forwards them to the room's devices online now and never stores them.
//!
//! Sealed: `version (1, = 1) | nonce (24) | ciphertext+tag`, XChaCha20-Poly1305,
//! AAD `"retaguarda/signal/v1" | room id`.
//! Plaintext: `kind (1) | from (16) | to (16, zeros = every device) | session u64 | body`.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use crate::sync::keys::{DeviceId, TeamKeys};
use crate::sync::SyncError;

/// Version byte of a sealed signal.
pub const SIGNAL_VERSION: u8 = 1;
const AAD_LABEL: &[u8] = b"retaguarda/signal/v1";
const CONTEXT_SIGNAL_KEY: &str = "retaguarda 2026 peer v1 signal key";
const HEADER: usize = 1 + 24;
const INNER: usize = 1 + 16 + 16 + 8;
/// The largest body (an SDP offer of a few kilobytes fits many times over) keeps a
/// signal inside PostgreSQL's 8,000-byte NOTIFY payload once sealed and hex-coded.
pub const MAX_BODY_BYTES: usize = 3_000;

/// What a signal says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignalKind {
    /// "I am online in this room": sent to everyone when a device reaches the
    /// relay, and back to one device so that the lower id offers.
    Announce,
    /// A WebRTC offer (SDP).
    Offer(String),
    /// A WebRTC answer (SDP).
    Answer(String),
    /// An ICE candidate (the browser's candidate line, as JSON text).
    Candidate(String),
    /// The device is leaving (page hidden, offline, closing).
    Bye,
}

/// One signal, opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signal {
    pub from: DeviceId,
    /// `None`: every device in the room.
    pub to: Option<DeviceId>,
    /// The connection attempt it belongs to (0 for announce and bye).
    pub session: u64,
    pub kind: SignalKind,
}

fn signal_key(keys: &TeamKeys) -> [u8; 32] {
    blake3::derive_key(CONTEXT_SIGNAL_KEY, keys.blob_key())
}

fn aad(keys: &TeamKeys) -> Vec<u8> {
    let mut aad = AAD_LABEL.to_vec();
    aad.extend_from_slice(&keys.room.0);
    aad
}

impl Signal {
    /// Seals the signal for the team's room.
    pub fn seal(&self, keys: &TeamKeys) -> Result<Vec<u8>, SyncError> {
        let (kind, body): (u8, &[u8]) = match &self.kind {
            SignalKind::Announce => (1, &[]),
            SignalKind::Offer(sdp) => (2, sdp.as_bytes()),
            SignalKind::Answer(sdp) => (3, sdp.as_bytes()),
            SignalKind::Candidate(c) => (4, c.as_bytes()),
            SignalKind::Bye => (5, &[]),
        };
        if body.len() > MAX_BODY_BYTES {
            return Err(SyncError::TooLarge {
                size: body.len(),
                max: MAX_BODY_BYTES,
            });
        }
        let mut plain = Vec::with_capacity(INNER + body.len());
        plain.push(kind);
        plain.extend_from_slice(&self.from.0);
        plain.extend_from_slice(&self.to.map(|d| d.0).unwrap_or([0; 16]));
        plain.extend_from_slice(&self.session.to_be_bytes());
        plain.extend_from_slice(body);
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).map_err(|_| SyncError::Random)?;
        let cipher = XChaCha20Poly1305::new((&signal_key(keys)).into());
        let aad = aad(keys);
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &plain,
                    aad: &aad,
                },
            )
            .map_err(|_| SyncError::MalformedBlob)?;
        let mut out = Vec::with_capacity(HEADER + sealed.len());
        out.push(SIGNAL_VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Opens a sealed signal; [`SyncError::Tampered`] unless this team sealed it
    /// for this room, unaltered.
    pub fn open(keys: &TeamKeys, sealed: &[u8]) -> Result<Self, SyncError> {
        let Some(&version) = sealed.first() else {
            return Err(SyncError::MalformedBlob);
        };
        if version != SIGNAL_VERSION {
            return Err(SyncError::UnknownBlobVersion(version));
        }
        if sealed.len() < HEADER + 16 {
            return Err(SyncError::MalformedBlob);
        }
        let cipher = XChaCha20Poly1305::new((&signal_key(keys)).into());
        let aad = aad(keys);
        let plain = cipher
            .decrypt(
                XNonce::from_slice(&sealed[1..HEADER]),
                Payload {
                    msg: &sealed[HEADER..],
                    aad: &aad,
                },
            )
            .map_err(|_| SyncError::Tampered)?;
        if plain.len() < INNER {
            return Err(SyncError::MalformedBlob);
        }
        let mut from = [0u8; 16];
        from.copy_from_slice(&plain[1..17]);
        let mut to = [0u8; 16];
        to.copy_from_slice(&plain[17..33]);
        let mut session = [0u8; 8];
        session.copy_from_slice(&plain[33..41]);
        let body =
            || String::from_utf8(plain[INNER..].to_vec()).map_err(|_| SyncError::MalformedBlob);
        let kind = match plain[0] {
            1 => SignalKind::Announce,
            2 => SignalKind::Offer(body()?),
            3 => SignalKind::Answer(body()?),
            4 => SignalKind::Candidate(body()?),
            5 => SignalKind::Bye,
            _ => return Err(SyncError::MalformedBlob),
        };
        Ok(Self {
            from: DeviceId(from),
            to: (to != [0; 16]).then_some(DeviceId(to)),
            session: u64::from_be_bytes(session),
            kind,
        })
    }
}
