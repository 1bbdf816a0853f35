//! Invite links: `<app origin>/#join=<token>`, where the token is base64url
//! (no padding) of `version (1) | team secret (32) | relay address (UTF-8) |
//! check (4)`, the check being the first 4 bytes of the BLAKE3 hash of what
//! precedes it, so a link cut short or mistyped is refused, not half-read.
//! A team that closed a period invites with version 2, which adds the id of
//! its current period after the secret: `version (2) | secret (32) | epoch (32)
//! | relay | check`.
//! The secret travels in the URL fragment, which browsers never send to a
//! server, so neither the app's host nor the relay sees it.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use super::keys::TeamSecret;
use super::SyncError;

const INVITE_VERSION: u8 = 1;
const INVITE_VERSION_EPOCH: u8 = 2;
const MAX_RELAY_LEN: usize = 512;
const CHECK_LEN: usize = 4;

/// What a new device needs to join a team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite {
    pub secret: TeamSecret,
    /// The relay's address (`https://…`, `http://…`, `wss://…` or `ws://…`);
    /// empty means the origin that served the app.
    pub relay: String,
    /// The team's current period (`None`: its first), whose room a new device joins.
    pub epoch: Option<[u8; 32]>,
}

impl Invite {
    /// The fragment payload, `join=<token>`.
    pub fn to_fragment(&self) -> String {
        let mut bytes = Vec::with_capacity(65 + self.relay.len());
        match &self.epoch {
            None => {
                bytes.push(INVITE_VERSION);
                bytes.extend_from_slice(self.secret.as_bytes());
            }
            Some(epoch) => {
                bytes.push(INVITE_VERSION_EPOCH);
                bytes.extend_from_slice(self.secret.as_bytes());
                bytes.extend_from_slice(epoch);
            }
        }
        bytes.extend_from_slice(self.relay.as_bytes());
        encode_token("join", bytes)
    }

    /// The full link for `app_origin` (for example `https://loja.exemplo`).
    pub fn link(&self, app_origin: &str) -> String {
        format!(
            "{}/#{}",
            app_origin.trim_end_matches('/'),
            self.to_fragment()
        )
    }

    /// Reads an invite from a whole link, a `#join=…` fragment, `join=…` or
    /// the bare token (what a QR code or a pasted text may hold).
    pub fn parse(text: &str) -> Result<Self, SyncError> {
        let body = decode_token(text, "join")?;
        let (&version, rest) = body
            .split_first()
            .ok_or(SyncError::BadInvite("o link está vazio"))?;
        let epoch_len = match version {
            INVITE_VERSION => 0,
            INVITE_VERSION_EPOCH => 32,
            _ => {
                return Err(SyncError::BadInvite(
                    "o link foi criado por uma versão mais nova do Retaguarda",
                ))
            }
        };
        if rest.len() < 32 + epoch_len {
            return Err(SyncError::BadInvite("o link está incompleto"));
        }
        let (secret, rest) = rest.split_at(32);
        let (epoch, relay) = rest.split_at(epoch_len);
        let epoch = <[u8; 32]>::try_from(epoch).ok();
        let mut secret_bytes = [0u8; 32];
        secret_bytes.copy_from_slice(secret);
        Ok(Self {
            secret: TeamSecret::from_bytes(secret_bytes),
            relay: relay_of(relay)?,
            epoch,
        })
    }
}

/// A link's token: `bytes` followed by their check, base64url, as `<key>=<token>`. Both
/// kinds of link (a team's `join=`, a single-use `invite=`) are written this way.
pub(super) fn encode_token(key: &str, mut bytes: Vec<u8>) -> String {
    let check = blake3::hash(&bytes);
    bytes.extend_from_slice(&check.as_bytes()[..CHECK_LEN]);
    format!("{key}={}", URL_SAFE_NO_PAD.encode(bytes))
}

/// Reads [`encode_token`] from a whole link, a fragment, `<key>=…` or the bare token
/// (what a QR code or a pasted text may hold); the bytes come back without their check,
/// at least a version byte and a 32-byte secret.
pub(super) fn decode_token(text: &str, key: &str) -> Result<Vec<u8>, SyncError> {
    let text = text.trim();
    let fragment = text.split_once('#').map_or(text, |(_, f)| f);
    let prefix = format!("{key}=");
    let token = fragment
        .split('&')
        .find_map(|part| part.strip_prefix(prefix.as_str()))
        .unwrap_or(fragment);
    let mut bytes = URL_SAFE_NO_PAD
        .decode(token.trim_end_matches('='))
        .map_err(|_| SyncError::BadInvite("o link está incompleto ou foi alterado"))?;
    if bytes.len() < 1 + 32 + CHECK_LEN {
        return Err(SyncError::BadInvite("o link está incompleto"));
    }
    let (body, check) = bytes.split_at(bytes.len() - CHECK_LEN);
    if blake3::hash(body).as_bytes()[..CHECK_LEN] != *check {
        return Err(SyncError::BadInvite(
            "o link está incompleto ou foi alterado",
        ));
    }
    bytes.truncate(bytes.len() - CHECK_LEN);
    Ok(bytes)
}

/// The relay address a link carries, refused when it is not one.
pub(super) fn relay_of(bytes: &[u8]) -> Result<String, SyncError> {
    let relay = std::str::from_utf8(bytes)
        .map_err(|_| SyncError::BadInvite("o endereço do servidor no link é inválido"))?;
    if relay.len() > MAX_RELAY_LEN || relay.chars().any(|c| c.is_control() || c == ' ') {
        return Err(SyncError::BadInvite(
            "o endereço do servidor no link é inválido",
        ));
    }
    Ok(relay.to_string())
}

/// The WebSocket URL of a relay address: `https://h` → `wss://h/v1/sync`,
/// `http://h` → `ws://h/v1/sync`; `ws(s)://` addresses get the path too
/// unless they already end with it.
pub fn relay_ws_url(relay: &str) -> Result<String, SyncError> {
    let relay = relay.trim().trim_end_matches('/');
    let base = if let Some(rest) = relay.strip_prefix("https://") {
        format!("wss://{rest}")
    } else if let Some(rest) = relay.strip_prefix("http://") {
        format!("ws://{rest}")
    } else if relay.starts_with("wss://") || relay.starts_with("ws://") {
        relay.to_string()
    } else {
        return Err(SyncError::BadInvite(
            "o endereço do servidor deve começar com https:// ou http://",
        ));
    };
    if base.ends_with("/v1/sync") {
        Ok(base)
    } else {
        Ok(format!("{base}/v1/sync"))
    }
}
