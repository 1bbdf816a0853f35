//! Admitting a device with a single-use invite (docs/SYNC.md, section 10).
//!
//! The link holds an **invite secret**, never the team's: whoever holds the link can reach
//! the invite's own room (the *lobby*) and nothing else. The new device posts a
//! [`JoinRequest`] there (its name and public keys, with a signature proving it holds
//! them) and shows a short code computed from the invite secret and its keys. A device of
//! the team that watches the lobby shows the same code for the request; once a person
//! confirms the two codes match, it records the new device in the team's document (which
//! also marks the invite used, `Business::approve_join`) and posts an [`Approval`]: the
//! team secret sealed to the new device's public key, which no one else can open.
//!
//! Link: `<app origin>/#invite=<base64url of version (1 byte, = 4) | invite secret (32) |
//! expiry (8, milliseconds, big-endian) | relay address (UTF-8) | check (4)>`, the check
//! being the first 4 bytes of BLAKE3 of what precedes it (version 3 links carry no
//! expiry). The expiry in the link only lets the joining device say at once that the
//! invite has expired; the approving device checks the document's own record. The lobby's room, token and key are those of a team secret derived
//! from the invite secret (`derive_key`, context `retaguarda 2026 invite lobby`), so the
//! lobby is an ordinary room to the relay and to [`super::SyncClient`]; the payloads of its
//! blobs are the messages below.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use super::device::{DeviceKeys, DevicePublic};
use super::invite::{decode_token, encode_token, relay_of};
use super::keys::{DeviceId, TeamSecret};
use super::SyncError;

const LINK_VERSION: u8 = 4;
/// Links made before they carried their expiry.
const LINK_VERSION_NO_EXPIRY: u8 = 3;
const MAX_NAME_LEN: usize = 80;
const CONTEXT_LOBBY: &str = "retaguarda 2026 invite lobby";
const CONTEXT_CODE: &str = "retaguarda 2026 invite short code";
const REQUEST_LABEL: &[u8] = b"retaguarda/invite/v1 request";
/// What an approval's sealed box is for (bound into it).
pub const APPROVAL_BOX: &str = "retaguarda/invite/v1 approval";
const TAG_REQUEST: u8 = 1;
const TAG_APPROVAL: u8 = 2;
const TAG_REFUSAL: u8 = 3;
/// The longest refusal reason read from a lobby (bytes of UTF-8).
const MAX_REASON_LEN: usize = 400;

/// The 32 random bytes of one invite.
#[derive(Clone, PartialEq, Eq)]
pub struct InviteSecret(pub [u8; 32]);

impl std::fmt::Debug for InviteSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("InviteSecret(..)")
    }
}

impl InviteSecret {
    /// A new invite secret from the system's random generator.
    pub fn generate() -> Result<Self, SyncError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|_| SyncError::Random)?;
        Ok(Self(bytes))
    }

    /// The secret the lobby's room, token and key derive from (as a team's would).
    pub fn lobby(&self) -> TeamSecret {
        TeamSecret::from_bytes(blake3::derive_key(CONTEXT_LOBBY, &self.0))
    }

    /// As text (base64url), as the invite's record in the document keeps it.
    pub fn to_text(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0)
    }

    /// Reads [`InviteSecret::to_text`].
    pub fn from_text(text: &str) -> Result<Self, SyncError> {
        URL_SAFE_NO_PAD
            .decode(text.trim())
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .map(Self)
            .ok_or(SyncError::BadInvite("o convite guardado está corrompido"))
    }

    /// The id the team's document files the invite under: not the secret itself, so
    /// reading the document's keys does not give the link away.
    pub fn id(&self) -> String {
        super::keys::to_hex(&blake3::hash(&self.0).as_bytes()[..16])
    }
}

/// An invite link: the invite secret, where the relay is, and until when it is accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinLink {
    pub secret: InviteSecret,
    /// The relay's address, as in [`super::Invite`]; empty means the app's origin.
    pub relay: String,
    /// When the invite stops being accepted (milliseconds, the inviting device's clock);
    /// `None` in links made before links carried it.
    pub expires_ms: Option<i64>,
}

impl JoinLink {
    /// The fragment payload, `invite=<token>`.
    pub fn to_fragment(&self) -> String {
        let mut bytes = Vec::with_capacity(45 + self.relay.len());
        match self.expires_ms {
            Some(expires) => {
                bytes.push(LINK_VERSION);
                bytes.extend_from_slice(&self.secret.0);
                bytes.extend_from_slice(&expires.to_be_bytes());
            }
            None => {
                bytes.push(LINK_VERSION_NO_EXPIRY);
                bytes.extend_from_slice(&self.secret.0);
            }
        }
        bytes.extend_from_slice(self.relay.as_bytes());
        encode_token("invite", bytes)
    }

    /// The full link for `app_origin`.
    pub fn link(&self, app_origin: &str) -> String {
        format!(
            "{}/#{}",
            app_origin.trim_end_matches('/'),
            self.to_fragment()
        )
    }

    /// Reads a whole link, `#invite=…`, `invite=…` or the bare token.
    pub fn parse(text: &str) -> Result<Self, SyncError> {
        let body = decode_token(text, "invite")?;
        let mut secret = [0u8; 32];
        secret.copy_from_slice(&body[1..33]);
        let (expires_ms, relay) = match body[0] {
            LINK_VERSION_NO_EXPIRY => (None, &body[33..]),
            LINK_VERSION => {
                let expiry = body
                    .get(33..41)
                    .and_then(|b| <[u8; 8]>::try_from(b).ok())
                    .ok_or(SyncError::BadInvite("o link está incompleto"))?;
                (Some(i64::from_be_bytes(expiry)), &body[41..])
            }
            _ => {
                return Err(SyncError::BadInvite(
                    "o link foi criado por outra versão do Retaguarda",
                ))
            }
        };
        Ok(Self {
            secret: InviteSecret(secret),
            relay: relay_of(relay)?,
            expires_ms,
        })
    }

    /// Whether the link says the invite has expired at `now_ms` (the joining device's
    /// clock): the device then says so at once instead of waiting for an approval that
    /// cannot come.
    pub fn expired_at(&self, now_ms: i64) -> bool {
        self.expires_ms.is_some_and(|e| now_ms > e)
    }
}

/// A new device asking to join, as it posts itself in the lobby.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinRequest {
    /// The device's id (its Automerge actor).
    pub device: DeviceId,
    /// The name it gave itself ("Celular da Bia").
    pub name: String,
    /// Its public keys.
    pub public: DevicePublic,
}

impl JoinRequest {
    fn body(&self, invite: &InviteSecret) -> Vec<u8> {
        let mut body = Vec::with_capacity(REQUEST_LABEL.len() + 32 + 16 + 64 + self.name.len());
        body.extend_from_slice(REQUEST_LABEL);
        body.extend_from_slice(&invite.lobby().derive().room.0);
        body.extend_from_slice(&self.device.0);
        body.extend_from_slice(&self.public.sealing);
        body.extend_from_slice(&self.public.signing);
        body.extend_from_slice(self.name.as_bytes());
        body
    }

    /// The six digits both devices show ("123 456"), from the invite secret and the
    /// request: someone else holding the link posts a request with other keys, and so
    /// another code.
    pub fn short_code(&self, invite: &InviteSecret) -> String {
        let mut material = invite.0.to_vec();
        material.extend_from_slice(&self.device.0);
        material.extend_from_slice(&self.public.sealing);
        material.extend_from_slice(&self.public.signing);
        let hash = blake3::derive_key(CONTEXT_CODE, &material);
        let n = u32::from_be_bytes([hash[0], hash[1], hash[2], hash[3]]) % 1_000_000;
        format!("{:03} {:03}", n / 1000, n % 1000)
    }
}

/// The team a device is admitted to, as the approval carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The team's current secret.
    pub secret: TeamSecret,
    /// How many times the team moved to new keys (0: never), which the secret belongs to.
    pub generation: u64,
    /// The team's current period (`None`: its first).
    pub epoch: Option<[u8; 32]>,
}

/// A message posted in an invite's lobby.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LobbyMessage {
    /// A device asks to join.
    Request(JoinRequest),
    /// A team device admitted `device`: `sealed` is the [`Grant`] sealed to its key.
    Approval { device: DeviceId, sealed: Vec<u8> },
    /// A team device could not admit `device`, and says why (pt-BR): the invite expired,
    /// was used, or is not the team's. Anyone holding the link could post one, so it only
    /// ends the joining device's wait; it grants nothing.
    Refusal { device: DeviceId, reason: String },
}

/// The payload a new device posts in the lobby: its request, signed with its own key.
pub fn request_payload(
    invite: &InviteSecret,
    device: DeviceId,
    name: &str,
    keys: &DeviceKeys,
) -> Result<Vec<u8>, SyncError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_LEN {
        return Err(SyncError::BadInvite(
            "dê a este aparelho um nome de 1 a 80 letras",
        ));
    }
    let request = JoinRequest {
        device,
        name: name.to_string(),
        public: keys.public(),
    };
    let signature = keys.sign(&request.body(invite));
    let mut out = Vec::with_capacity(1 + 16 + 64 + 64 + name.len());
    out.push(TAG_REQUEST);
    out.extend_from_slice(&device.0);
    out.extend_from_slice(&request.public.sealing);
    out.extend_from_slice(&request.public.signing);
    out.extend_from_slice(&signature);
    out.extend_from_slice(name.as_bytes());
    Ok(out)
}

/// The payload a team device posts to admit the device of `request`.
pub fn approval_payload(request: &JoinRequest, grant: &Grant) -> Result<Vec<u8>, SyncError> {
    let mut plain = Vec::with_capacity(32 + 8 + 33);
    plain.extend_from_slice(grant.secret.as_bytes());
    plain.extend_from_slice(&grant.generation.to_be_bytes());
    match &grant.epoch {
        Some(epoch) => {
            plain.push(1);
            plain.extend_from_slice(epoch);
        }
        None => plain.push(0),
    }
    let sealed = request.public.seal_box(APPROVAL_BOX, &plain)?;
    let mut out = Vec::with_capacity(1 + 16 + sealed.len());
    out.push(TAG_APPROVAL);
    out.extend_from_slice(&request.device.0);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// The payload a team device posts when it cannot admit `device` (`reason` in pt-BR).
pub fn refusal_payload(device: DeviceId, reason: &str) -> Vec<u8> {
    let reason = truncate_utf8(reason, MAX_REASON_LEN);
    let mut out = Vec::with_capacity(1 + 16 + reason.len());
    out.push(TAG_REFUSAL);
    out.extend_from_slice(&device.0);
    out.extend_from_slice(reason.as_bytes());
    out
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character.
fn truncate_utf8(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Reads a lobby payload. A request whose signature does not match the keys it carries is
/// refused (someone relabelled another device's keys).
pub fn read_message(invite: &InviteSecret, payload: &[u8]) -> Result<LobbyMessage, SyncError> {
    let bad = || SyncError::BadInvite("uma mensagem do convite está corrompida");
    let (&tag, rest) = payload.split_first().ok_or_else(bad)?;
    if rest.len() < 16 {
        return Err(bad());
    }
    let mut device = [0u8; 16];
    device.copy_from_slice(&rest[..16]);
    let device = DeviceId(device);
    let rest = &rest[16..];
    match tag {
        TAG_REQUEST => {
            if rest.len() < 32 + 32 + 64 {
                return Err(bad());
            }
            let mut sealing = [0u8; 32];
            let mut signing = [0u8; 32];
            let mut signature = [0u8; 64];
            sealing.copy_from_slice(&rest[..32]);
            signing.copy_from_slice(&rest[32..64]);
            signature.copy_from_slice(&rest[64..128]);
            let name = std::str::from_utf8(&rest[128..]).map_err(|_| bad())?;
            let request = JoinRequest {
                device,
                name: name.to_string(),
                public: DevicePublic { sealing, signing },
            };
            if !request.public.verifies(&request.body(invite), &signature) {
                return Err(SyncError::Tampered);
            }
            Ok(LobbyMessage::Request(request))
        }
        TAG_APPROVAL => Ok(LobbyMessage::Approval {
            device,
            sealed: rest.to_vec(),
        }),
        TAG_REFUSAL if rest.len() <= MAX_REASON_LEN => Ok(LobbyMessage::Refusal {
            device,
            reason: std::str::from_utf8(rest).map_err(|_| bad())?.to_string(),
        }),
        _ => Err(bad()),
    }
}

/// Opens an approval sealed to this device.
pub fn open_approval(keys: &DeviceKeys, sealed: &[u8]) -> Result<Grant, SyncError> {
    let plain = keys.open_box(APPROVAL_BOX, sealed)?;
    if plain.len() < 32 + 8 + 1 {
        return Err(SyncError::MalformedBlob);
    }
    let mut secret = [0u8; 32];
    secret.copy_from_slice(&plain[..32]);
    let mut generation = [0u8; 8];
    generation.copy_from_slice(&plain[32..40]);
    let epoch = match (plain[40], plain.get(41..73)) {
        (0, _) => None,
        (1, Some(bytes)) => {
            let mut epoch = [0u8; 32];
            epoch.copy_from_slice(bytes);
            Some(epoch)
        }
        _ => return Err(SyncError::MalformedBlob),
    };
    Ok(Grant {
        secret: TeamSecret::from_bytes(secret),
        generation: u64::from_be_bytes(generation),
        epoch,
    })
}
