//! A device's own key pairs (docs/SYNC.md, section 10): X25519 for sealing secrets to it,
//! Ed25519 for signing what it writes. Both are made on the device from its random
//! generator and never leave it; only the public halves are recorded in the team's
//! document when it joins.
//!
//! A **sealed box** carries a secret to one device: an ephemeral X25519 key agreement with
//! the device's public key, a key derived from the shared secret with BLAKE3 `derive_key`,
//! and XChaCha20-Poly1305 over the secret, with a label saying what the box is for as
//! associated data (so a box made for an invite cannot be passed off as a re-keying).
//! Layout: `ephemeral public key (32) | nonce (24) | ciphertext+tag`.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use x25519_dalek::{PublicKey, StaticSecret};

use super::SyncError;

const CONTEXT_BOX: &str = "retaguarda 2026 sealed box v1";
const BOX_HEADER: usize = 32 + 24;

/// The public halves of a device's keys, as the team's document records them.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct DevicePublic {
    /// X25519 public key: secrets sealed to the device.
    pub sealing: [u8; 32],
    /// Ed25519 public key: checks what the device signed.
    pub signing: [u8; 32],
}

impl std::fmt::Debug for DevicePublic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DevicePublic({})", self.fingerprint())
    }
}

impl DevicePublic {
    /// A short, stable name for the keys (the first 8 bytes of their hash, hex), for logs
    /// and the team screen.
    pub fn fingerprint(&self) -> String {
        let mut hasher = blake3::Hasher::new();
        hasher.update(&self.sealing);
        hasher.update(&self.signing);
        super::keys::to_hex(&hasher.finalize().as_bytes()[..8])
    }

    /// Whether `signature` is this device's signature of `message` (strict Ed25519: no
    /// malleable or small-order encodings).
    pub fn verifies(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        let Ok(key) = VerifyingKey::from_bytes(&self.signing) else {
            return false;
        };
        key.verify_strict(message, &ed25519_dalek::Signature::from_bytes(signature))
            .is_ok()
    }

    /// Seals `secret` to this device under `label` (what the box is for). Only the holder
    /// of the matching [`DeviceKeys`] opens it.
    pub fn seal_box(&self, label: &str, secret: &[u8]) -> Result<Vec<u8>, SyncError> {
        let mut ephemeral = [0u8; 32];
        getrandom::fill(&mut ephemeral).map_err(|_| SyncError::Random)?;
        let ephemeral = StaticSecret::from(ephemeral);
        let ephemeral_public = PublicKey::from(&ephemeral);
        let shared = ephemeral.diffie_hellman(&PublicKey::from(self.sealing));
        if !shared.was_contributory() {
            return Err(SyncError::BadKey);
        }
        let key = box_key(
            shared.as_bytes(),
            ephemeral_public.as_bytes(),
            &self.sealing,
        );
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).map_err(|_| SyncError::Random)?;
        let ciphertext = XChaCha20Poly1305::new((&key).into())
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: secret,
                    aad: label.as_bytes(),
                },
            )
            .map_err(|_| SyncError::BadKey)?;
        let mut out = Vec::with_capacity(BOX_HEADER + ciphertext.len());
        out.extend_from_slice(ephemeral_public.as_bytes());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ciphertext);
        Ok(out)
    }

    /// The keys as text (base64url of `sealing | signing`), for the document and storage.
    pub fn to_text(&self) -> String {
        use base64::Engine as _;
        let mut bytes = [0u8; 64];
        bytes[..32].copy_from_slice(&self.sealing);
        bytes[32..].copy_from_slice(&self.signing);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }

    /// Reads [`DevicePublic::to_text`].
    pub fn from_text(text: &str) -> Result<Self, SyncError> {
        let bytes = decode_fixed::<64>(text)?;
        let mut sealing = [0u8; 32];
        let mut signing = [0u8; 32];
        sealing.copy_from_slice(&bytes[..32]);
        signing.copy_from_slice(&bytes[32..]);
        Ok(Self { sealing, signing })
    }
}

fn box_key(shared: &[u8; 32], ephemeral: &[u8; 32], recipient: &[u8; 32]) -> [u8; 32] {
    let mut material = Vec::with_capacity(96);
    material.extend_from_slice(shared);
    material.extend_from_slice(ephemeral);
    material.extend_from_slice(recipient);
    blake3::derive_key(CONTEXT_BOX, &material)
}

/// Bytes as base64url text (no padding), as the document keeps sealed boxes.
pub fn encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Reads [`encode`]'s text.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text.trim())
        .ok()
}

fn decode_fixed<const N: usize>(text: &str) -> Result<[u8; N], SyncError> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text.trim())
        .ok()
        .and_then(|b| <[u8; N]>::try_from(b).ok())
        .ok_or(SyncError::BadKey)
}

/// A device's private keys. Never printed, never sent anywhere.
#[derive(Clone)]
pub struct DeviceKeys {
    sealing: StaticSecret,
    signing: SigningKey,
}

impl std::fmt::Debug for DeviceKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DeviceKeys({})", self.public().fingerprint())
    }
}

impl DeviceKeys {
    /// New key pairs from the system's random generator (first start of a device).
    pub fn generate() -> Result<Self, SyncError> {
        let mut bytes = [0u8; 64];
        getrandom::fill(&mut bytes).map_err(|_| SyncError::Random)?;
        Ok(Self::from_bytes(&bytes))
    }

    /// The keys from their 64 stored bytes (`sealing secret | signing secret`).
    pub fn from_bytes(bytes: &[u8; 64]) -> Self {
        let mut sealing = [0u8; 32];
        let mut signing = [0u8; 32];
        sealing.copy_from_slice(&bytes[..32]);
        signing.copy_from_slice(&bytes[32..]);
        Self {
            sealing: StaticSecret::from(sealing),
            signing: SigningKey::from_bytes(&signing),
        }
    }

    /// The private keys as text, for the device's own storage only.
    pub fn to_text(&self) -> String {
        use base64::Engine as _;
        let mut bytes = [0u8; 64];
        bytes[..32].copy_from_slice(self.sealing.as_bytes());
        bytes[32..].copy_from_slice(self.signing.as_bytes());
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }

    /// Reads [`DeviceKeys::to_text`].
    pub fn from_text(text: &str) -> Result<Self, SyncError> {
        Ok(Self::from_bytes(&decode_fixed::<64>(text)?))
    }

    /// The public halves, for the team's document.
    pub fn public(&self) -> DevicePublic {
        DevicePublic {
            sealing: PublicKey::from(&self.sealing).to_bytes(),
            signing: self.signing.verifying_key().to_bytes(),
        }
    }

    /// Signs `message`.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }

    /// Opens a box [`DevicePublic::seal_box`] made for this device under `label`;
    /// [`SyncError::Tampered`] when it was made for another device, another purpose, or
    /// altered.
    pub fn open_box(&self, label: &str, sealed: &[u8]) -> Result<Vec<u8>, SyncError> {
        if sealed.len() < BOX_HEADER + 16 {
            return Err(SyncError::Tampered);
        }
        let mut ephemeral = [0u8; 32];
        ephemeral.copy_from_slice(&sealed[..32]);
        let shared = self.sealing.diffie_hellman(&PublicKey::from(ephemeral));
        if !shared.was_contributory() {
            return Err(SyncError::Tampered);
        }
        let own = PublicKey::from(&self.sealing).to_bytes();
        let key = box_key(shared.as_bytes(), &ephemeral, &own);
        XChaCha20Poly1305::new((&key).into())
            .decrypt(
                XNonce::from_slice(&sealed[32..BOX_HEADER]),
                Payload {
                    msg: &sealed[BOX_HEADER..],
                    aad: label.as_bytes(),
                },
            )
            .map_err(|_| SyncError::Tampered)
    }
}
