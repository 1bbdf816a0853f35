//! What flows on a data channel between two devices, and the handshake that
//! opens it: each side sends a fresh random nonce, then proves it holds the
//! team's keys with a MAC over both nonces and both device ids (keyed BLAKE3
//! under a key derived from the team's blob key). A device without the key
//! cannot produce the proof, and a replayed proof does not match a fresh nonce.
//! After the handshake every Automerge sync message is sealed under a session
//! key derived from both nonces, so nothing flows in the clear even if the
//! channel were not WebRTC's (DTLS) one.
//!
//! | type | frame | fields |
//! |---|---|---|
//! | `0x01` | Hello | protocol u16, device 16 bytes, nonce 32 bytes |
//! | `0x02` | Proof | MAC 32 bytes |
//! | `0x03` | Sync | nonce 24 bytes, XChaCha20-Poly1305 of an Automerge sync message |

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use crate::sync::keys::{DeviceId, TeamKeys};
use crate::sync::SyncError;

/// The version of the data-channel frames, sent in `Hello`.
pub const PEER_PROTOCOL: u16 = 1;
const CONTEXT_AUTH_KEY: &str = "retaguarda 2026 peer v1 handshake key";
const PROOF_LABEL: &[u8] = b"retaguarda/peer/v1 proof";
const SESSION_LABEL: &[u8] = b"retaguarda/peer/v1 session";
const AAD_LABEL: &[u8] = b"retaguarda/peer/v1";

const HELLO: u8 = 0x01;
const PROOF: u8 = 0x02;
const SYNC: u8 = 0x03;

/// A data-channel frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerFrame {
    Hello {
        protocol: u16,
        device: DeviceId,
        nonce: [u8; 32],
    },
    Proof {
        mac: [u8; 32],
    },
    /// A sealed Automerge sync message.
    Sync {
        sealed: Vec<u8>,
    },
}

impl PeerFrame {
    /// The frame's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self {
            PeerFrame::Hello {
                protocol,
                device,
                nonce,
            } => {
                out.push(HELLO);
                out.extend_from_slice(&protocol.to_be_bytes());
                out.extend_from_slice(&device.0);
                out.extend_from_slice(nonce);
            }
            PeerFrame::Proof { mac } => {
                out.push(PROOF);
                out.extend_from_slice(mac);
            }
            PeerFrame::Sync { sealed } => {
                out.push(SYNC);
                out.extend_from_slice(sealed);
            }
        }
        out
    }

    /// Reads a frame from the data channel.
    pub fn decode(bytes: &[u8]) -> Result<Self, SyncError> {
        let bad = SyncError::MalformedFrame("mensagem de outro aparelho inválida");
        let (&kind, rest) = bytes.split_first().ok_or(bad.clone())?;
        match kind {
            HELLO if rest.len() == 2 + 16 + 32 => {
                let mut device = [0u8; 16];
                device.copy_from_slice(&rest[2..18]);
                let mut nonce = [0u8; 32];
                nonce.copy_from_slice(&rest[18..]);
                Ok(PeerFrame::Hello {
                    protocol: u16::from_be_bytes([rest[0], rest[1]]),
                    device: DeviceId(device),
                    nonce,
                })
            }
            PROOF if rest.len() == 32 => {
                let mut mac = [0u8; 32];
                mac.copy_from_slice(rest);
                Ok(PeerFrame::Proof { mac })
            }
            SYNC if rest.len() > 24 => Ok(PeerFrame::Sync {
                sealed: rest.to_vec(),
            }),
            _ => Err(bad),
        }
    }
}

fn auth_key(keys: &TeamKeys) -> [u8; 32] {
    blake3::derive_key(CONTEXT_AUTH_KEY, keys.blob_key())
}

/// The proof that `prover` holds the team's keys, answering `verifier`'s nonce.
pub fn proof(
    keys: &TeamKeys,
    prover: &DeviceId,
    verifier: &DeviceId,
    verifier_nonce: &[u8; 32],
    prover_nonce: &[u8; 32],
) -> [u8; 32] {
    let mut hasher = blake3::Hasher::new_keyed(&auth_key(keys));
    hasher.update(PROOF_LABEL);
    hasher.update(&keys.room.0);
    hasher.update(&prover.0);
    hasher.update(&verifier.0);
    hasher.update(verifier_nonce);
    hasher.update(prover_nonce);
    *hasher.finalize().as_bytes()
}

/// Checks a proof in constant time.
pub fn verify(
    keys: &TeamKeys,
    prover: &DeviceId,
    verifier: &DeviceId,
    verifier_nonce: &[u8; 32],
    prover_nonce: &[u8; 32],
    mac: &[u8; 32],
) -> bool {
    let expected = blake3::Hash::from(proof(keys, prover, verifier, verifier_nonce, prover_nonce));
    // `blake3::Hash` compares in constant time.
    expected == blake3::Hash::from(*mac)
}

/// The key both sides derive for one channel: the same whoever computes it.
pub fn session_key(
    keys: &TeamKeys,
    a: (&DeviceId, &[u8; 32]),
    b: (&DeviceId, &[u8; 32]),
) -> [u8; 32] {
    let (low, high) = if a.0 <= b.0 { (a, b) } else { (b, a) };
    let mut hasher = blake3::Hasher::new_keyed(&auth_key(keys));
    hasher.update(SESSION_LABEL);
    hasher.update(&low.0 .0);
    hasher.update(&high.0 .0);
    hasher.update(low.1);
    hasher.update(high.1);
    *hasher.finalize().as_bytes()
}

fn aad(from: &DeviceId, to: &DeviceId) -> Vec<u8> {
    let mut aad = AAD_LABEL.to_vec();
    aad.extend_from_slice(&from.0);
    aad.extend_from_slice(&to.0);
    aad
}

/// Seals one sync message from `from` to `to` under the session key.
pub fn seal_message(
    key: &[u8; 32],
    from: &DeviceId,
    to: &DeviceId,
    message: &[u8],
) -> Result<Vec<u8>, SyncError> {
    let mut nonce = [0u8; 24];
    getrandom::fill(&mut nonce).map_err(|_| SyncError::Random)?;
    let cipher = XChaCha20Poly1305::new(key.into());
    let aad = aad(from, to);
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: message,
                aad: &aad,
            },
        )
        .map_err(|_| SyncError::MalformedBlob)?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Opens a message sealed by [`seal_message`].
pub fn open_message(
    key: &[u8; 32],
    from: &DeviceId,
    to: &DeviceId,
    sealed: &[u8],
) -> Result<Vec<u8>, SyncError> {
    if sealed.len() < 24 + 16 {
        return Err(SyncError::MalformedBlob);
    }
    let cipher = XChaCha20Poly1305::new(key.into());
    let aad = aad(from, to);
    cipher
        .decrypt(
            XNonce::from_slice(&sealed[..24]),
            Payload {
                msg: &sealed[24..],
                aad: &aad,
            },
        )
        .map_err(|_| SyncError::Tampered)
}
