//! The team secret and everything derived from it with BLAKE3 `derive_key`
//! under distinct context strings: the room id the relay sees, the write
//! token that proves membership to the relay, and the blob encryption key.
//! The secret itself never leaves the team's devices except in invites.

use super::SyncError;

const CONTEXT_ROOM: &str = "retaguarda 2026 sync v1 room id";
const CONTEXT_TOKEN: &str = "retaguarda 2026 sync v1 relay write token";
const CONTEXT_KEY: &str = "retaguarda 2026 sync v1 blob encryption key";

/// 32 random bytes shared by every device of a team.
#[derive(Clone, PartialEq, Eq)]
pub struct TeamSecret([u8; 32]);

impl std::fmt::Debug for TeamSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret, even in logs of debug builds.
        f.write_str("TeamSecret(..)")
    }
}

impl TeamSecret {
    /// A new secret from the system's random generator (creating a team).
    pub fn generate() -> Result<Self, SyncError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|_| SyncError::Random)?;
        Ok(Self(bytes))
    }

    /// The secret from its 32 bytes (read back from storage or an invite).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The raw bytes, for the device's own storage and for invites only.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The secret as text (base64url, no padding) for the device's storage.
    pub fn to_text(&self) -> String {
        use base64::Engine as _;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(self.0)
    }

    /// Reads the text written by [`TeamSecret::to_text`].
    pub fn from_text(text: &str) -> Result<Self, SyncError> {
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(text.trim())
            .map_err(|_| SyncError::BadInvite("a chave da equipe guardada está corrompida"))?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| SyncError::BadInvite("a chave da equipe guardada está corrompida"))?;
        Ok(Self(bytes))
    }

    /// The values derived from this secret for the team's first period.
    pub fn derive(&self) -> TeamKeys {
        self.derive_epoch(None)
    }

    /// The values for the period that `epoch` opened (the id of its live document, see
    /// `crate::epoch`), or for the team's first period with `None`. Each period has its
    /// own room, token and key, and the relay cannot tell that two rooms are one team's.
    pub fn derive_epoch(&self, epoch: Option<&[u8; 32]>) -> TeamKeys {
        let mut material = self.0.to_vec();
        if let Some(epoch) = epoch {
            material.extend_from_slice(epoch);
        }
        TeamKeys {
            room: RoomId(blake3::derive_key(CONTEXT_ROOM, &material)),
            token: WriteToken(blake3::derive_key(CONTEXT_TOKEN, &material)),
            key: blake3::derive_key(CONTEXT_KEY, &material),
        }
    }
}

/// What a device derives from the team secret.
#[derive(Clone)]
pub struct TeamKeys {
    /// The room the relay files the team's blobs under.
    pub room: RoomId,
    /// The token that lets a device read and append in the room.
    pub token: WriteToken,
    key: [u8; 32],
}

impl std::fmt::Debug for TeamKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TeamKeys")
            .field("room", &self.room)
            .finish_non_exhaustive()
    }
}

impl TeamKeys {
    /// The XChaCha20-Poly1305 key for the team's blobs.
    pub(crate) fn blob_key(&self) -> &[u8; 32] {
        &self.key
    }
}

/// The room id: public to the relay, reveals nothing about the secret.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RoomId(pub [u8; 32]);

impl RoomId {
    /// Lowercase hex, as the relay logs it.
    pub fn to_hex(&self) -> String {
        to_hex(&self.0)
    }
}

impl std::fmt::Debug for RoomId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RoomId({})", self.to_hex())
    }
}

/// The write token: the relay keeps only a hash of it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct WriteToken(pub [u8; 32]);

impl std::fmt::Debug for WriteToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WriteToken(..)")
    }
}

/// A device's 16-byte id (for example its Automerge actor id), bound to each
/// blob it seals as associated data.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeviceId(pub [u8; 16]);

impl DeviceId {
    /// A new random device id.
    pub fn random() -> Result<Self, SyncError> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|_| SyncError::Random)?;
        Ok(Self(bytes))
    }

    /// Lowercase hex (the same text as an Automerge actor id of 16 bytes).
    pub fn to_hex(&self) -> String {
        to_hex(&self.0)
    }
}

impl std::fmt::Debug for DeviceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DeviceId({})", self.to_hex())
    }
}

pub(crate) fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}
