//! Sealing and opening blobs: XChaCha20-Poly1305 under the team key with a
//! random 24-byte nonce, the room id and sender device as associated data,
//! and the plaintext padded (Padmé, at least 256 bytes) so the relay learns
//! only a rough size.
//!
//! Sealed layout: `version (1) | device (16) | nonce (24) | ciphertext+tag`.
//! Plaintext layout: `kind (1) | payload length (u32 BE) | payload | zeros`.
//! Version 2 (a device with its own keys, docs/SYNC.md section 10) adds the sender's
//! Ed25519 signature after the payload, inside the ciphertext:
//! `kind | length | payload | signature (64) | zeros`. It signs
//! `"retaguarda/sync/v2 signature" | room | device | kind | BLAKE3(payload)`, so a blob
//! names its author, and another member cannot write in its name.
//! Bit 7 of the kind byte says the payload is DEFLATE-compressed: change bytes
//! compress about fivefold, and ciphertext never compresses, so compressing is
//! only possible before sealing.

use std::io::{Read, Write};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use super::device::{DeviceKeys, DevicePublic};
use super::keys::{DeviceId, RoomId, TeamKeys};
use super::{SyncError, MAX_BLOB_BYTES};

/// Version byte of the sealed blob format.
pub const BLOB_VERSION: u8 = 1;
/// Version byte of a blob signed by its sender.
pub const BLOB_VERSION_SIGNED: u8 = 2;
const SIGNATURE_LABEL: &[u8] = b"retaguarda/sync/v2 signature";
const SIGNATURE: usize = 64;
const AAD_LABEL: &[u8] = b"retaguarda/sync/v1";
const HEADER: usize = 1 + 16 + 24;
const TAG: usize = 16;
const INNER_HEADER: usize = 1 + 4;
const MIN_PADDED: usize = 256;
/// The kind byte's flag for a DEFLATE-compressed payload.
const DEFLATED: u8 = 0x80;
/// Payloads shorter than this are sent as they are: compressing them saves
/// nothing once padded to the 256-byte floor.
const COMPRESS_FROM: usize = 512;
/// The most bytes a compressed payload may inflate to, so a hostile blob
/// cannot exhaust the device's memory.
pub const MAX_INFLATED_BYTES: usize = 64 * 1024 * 1024;

/// What a blob carries; hidden from the relay inside the ciphertext.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlobKind {
    /// Incremental Automerge changes.
    Changes,
    /// A whole document save that stands for everything before it.
    Snapshot,
}

impl BlobKind {
    fn to_byte(self) -> u8 {
        match self {
            BlobKind::Changes => 1,
            BlobKind::Snapshot => 2,
        }
    }

    fn from_byte(b: u8) -> Option<Self> {
        match b {
            1 => Some(BlobKind::Changes),
            2 => Some(BlobKind::Snapshot),
            _ => None,
        }
    }
}

/// An opened blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub kind: BlobKind,
    /// The device that sealed it (authenticated).
    pub device: DeviceId,
    pub payload: Vec<u8>,
    /// The sender's signature (version 2 blobs); `None` for a version 1 blob.
    pub signature: Option<[u8; 64]>,
}

impl Opened {
    /// Whether the blob carries a valid signature by `public` for `room`.
    pub fn signed_by(&self, room: &RoomId, public: &DevicePublic) -> bool {
        self.signature.is_some_and(|signature| {
            public.verifies(
                &signed_message(room, &self.device, self.kind, &self.payload),
                &signature,
            )
        })
    }
}

/// What a version 2 blob's signature covers.
fn signed_message(room: &RoomId, device: &DeviceId, kind: BlobKind, payload: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(SIGNATURE_LABEL.len() + 32 + 16 + 1 + 32);
    message.extend_from_slice(SIGNATURE_LABEL);
    message.extend_from_slice(&room.0);
    message.extend_from_slice(&device.0);
    message.push(kind.to_byte());
    message.extend_from_slice(blake3::hash(payload).as_bytes());
    message
}

/// The padded plaintext size for `len` bytes of plaintext: Padmé rounding
/// (at most about 12% overhead) with a floor of 256 bytes.
pub fn padded_len(len: usize) -> usize {
    let len = len.max(MIN_PADDED);
    let e = usize::BITS - 1 - len.leading_zeros();
    let s = u32::BITS - e.leading_zeros();
    let last_bits = e - s;
    let mask = (1usize << last_bits) - 1;
    (len + mask) & !mask
}

/// The largest payload that still seals into [`MAX_BLOB_BYTES`].
pub fn max_payload() -> usize {
    let mut n = MAX_BLOB_BYTES - HEADER - TAG - INNER_HEADER;
    while HEADER + TAG + padded_len(n + INNER_HEADER) > MAX_BLOB_BYTES {
        n -= 1 << 10;
    }
    n
}

fn aad(keys: &TeamKeys, version: u8, device: &DeviceId) -> Vec<u8> {
    let mut aad = Vec::with_capacity(AAD_LABEL.len() + 1 + 32 + 16);
    aad.extend_from_slice(AAD_LABEL);
    aad.push(version);
    aad.extend_from_slice(&keys.room.0);
    aad.extend_from_slice(&device.0);
    aad
}

/// DEFLATE of `payload`, when that is smaller.
fn compress(payload: &[u8]) -> Option<Vec<u8>> {
    if payload.len() < COMPRESS_FROM {
        return None;
    }
    let mut encoder =
        flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(payload).ok()?;
    let packed = encoder.finish().ok()?;
    (packed.len() < payload.len()).then_some(packed)
}

fn inflate(packed: &[u8]) -> Result<Vec<u8>, SyncError> {
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(packed)
        .take(MAX_INFLATED_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|_| SyncError::MalformedBlob)?;
    if out.len() > MAX_INFLATED_BYTES {
        return Err(SyncError::MalformedBlob);
    }
    Ok(out)
}

/// Seals `payload` for the team as `device`, compressed when that makes it smaller.
/// [`SyncError::TooLarge`] when even the compressed payload exceeds [`max_payload`].
pub fn seal(
    keys: &TeamKeys,
    device: &DeviceId,
    kind: BlobKind,
    payload: &[u8],
) -> Result<Vec<u8>, SyncError> {
    seal_signed(keys, device, None, kind, payload)
}

/// [`seal`], signed with `signer` when given (a version 2 blob).
pub fn seal_signed(
    keys: &TeamKeys,
    device: &DeviceId,
    signer: Option<&DeviceKeys>,
    kind: BlobKind,
    payload: &[u8],
) -> Result<Vec<u8>, SyncError> {
    if payload.len() > MAX_INFLATED_BYTES {
        return Err(SyncError::TooLarge {
            size: payload.len(),
            max: max_payload(),
        });
    }
    let packed = compress(payload);
    let (flag, stored) = match &packed {
        Some(p) => (DEFLATED, p.as_slice()),
        None => (0, payload),
    };
    let signature = signer.map(|k| k.sign(&signed_message(&keys.room, device, kind, payload)));
    let version = if signature.is_some() {
        BLOB_VERSION_SIGNED
    } else {
        BLOB_VERSION
    };
    let inner = INNER_HEADER + stored.len() + signature.map_or(0, |_| SIGNATURE);
    let padded = padded_len(inner);
    let total = HEADER + padded + TAG;
    let too_large = || SyncError::TooLarge {
        size: payload.len(),
        max: max_payload(),
    };
    if total > MAX_BLOB_BYTES {
        return Err(too_large());
    }
    let len = u32::try_from(stored.len()).map_err(|_| too_large())?;
    let mut plain = Vec::with_capacity(padded);
    plain.push(kind.to_byte() | flag);
    plain.extend_from_slice(&len.to_be_bytes());
    plain.extend_from_slice(stored);
    if let Some(signature) = &signature {
        plain.extend_from_slice(signature);
    }
    plain.resize(padded, 0);

    let mut nonce = [0u8; 24];
    getrandom::fill(&mut nonce).map_err(|_| SyncError::Random)?;
    let cipher = XChaCha20Poly1305::new(keys.blob_key().into());
    let aad = aad(keys, version, device);
    let ciphertext = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &plain,
                aad: &aad,
            },
        )
        // Encryption only fails for inputs far beyond the size limit.
        .map_err(|_| too_large())?;

    let mut out = Vec::with_capacity(total);
    out.push(version);
    out.extend_from_slice(&device.0);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ciphertext);
    Ok(out)
}

/// Opens a sealed blob; fails with [`SyncError::Tampered`] unless it was
/// sealed with this team's key for this room and is unaltered.
pub fn open(keys: &TeamKeys, sealed: &[u8]) -> Result<Opened, SyncError> {
    let Some(&version) = sealed.first() else {
        return Err(SyncError::MalformedBlob);
    };
    if version != BLOB_VERSION && version != BLOB_VERSION_SIGNED {
        return Err(SyncError::UnknownBlobVersion(version));
    }
    if sealed.len() < HEADER + TAG + INNER_HEADER {
        return Err(SyncError::MalformedBlob);
    }
    let mut device = [0u8; 16];
    device.copy_from_slice(&sealed[1..17]);
    let device = DeviceId(device);
    let nonce = XNonce::from_slice(&sealed[17..HEADER]);
    let cipher = XChaCha20Poly1305::new(keys.blob_key().into());
    let aad = aad(keys, version, &device);
    let plain = cipher
        .decrypt(
            nonce,
            Payload {
                msg: &sealed[HEADER..],
                aad: &aad,
            },
        )
        .map_err(|_| SyncError::Tampered)?;
    let kind_byte = plain.first().copied().ok_or(SyncError::MalformedBlob)?;
    let kind = BlobKind::from_byte(kind_byte & !DEFLATED).ok_or(SyncError::MalformedBlob)?;
    let mut len = [0u8; 4];
    len.copy_from_slice(plain.get(1..INNER_HEADER).ok_or(SyncError::MalformedBlob)?);
    let len = usize::try_from(u32::from_be_bytes(len)).map_err(|_| SyncError::MalformedBlob)?;
    let stored = plain
        .get(INNER_HEADER..INNER_HEADER + len)
        .ok_or(SyncError::MalformedBlob)?;
    let signature = if version == BLOB_VERSION_SIGNED {
        let at = INNER_HEADER + len;
        let bytes = plain
            .get(at..at + SIGNATURE)
            .ok_or(SyncError::MalformedBlob)?;
        let mut signature = [0u8; SIGNATURE];
        signature.copy_from_slice(bytes);
        Some(signature)
    } else {
        None
    };
    let payload = if kind_byte & DEFLATED != 0 {
        inflate(stored)?
    } else {
        stored.to_vec()
    };
    Ok(Opened {
        kind,
        device,
        payload,
        signature,
    })
}
