//! The sans-IO sync protocol (version 3, described in `docs/SYNC.md`): team
//! secrets and what is derived from them ([`keys`]), sealing and opening of
//! encrypted blobs ([`seal`]), the client↔relay frames ([`wire`]), the outbox
//! and cursor bookkeeping of a device ([`client`]), noticing dead connections
//! ([`heartbeat`]), the proof of work that pays for a new room ([`admission`]),
//! reconnection delays ([`backoff`]), invite links ([`invite`]), each device's own key
//! pairs ([`device`]), the handshake that admits a device with a single-use invite
//! ([`lobby`]), the list of devices whose signed blobs a device accepts ([`roster`]) and
//! direct device-to-device sync over WebRTC data channels ([`peer`]).
//!
//! Nothing here does I/O, reads a clock or depends on the domain model: the
//! payloads are opaque bytes (Automerge changes or a whole save), and the app
//! or the tests own the socket.

pub mod admission;
pub mod backoff;
pub mod client;
pub mod device;
pub mod heartbeat;
pub mod hub;
pub mod invite;
pub mod keys;
pub mod lobby;
pub mod peer;
pub mod places;
pub mod roster;
pub mod seal;
pub mod wire;

pub use admission::Challenge;
pub use backoff::Backoff;
pub use client::{ClientState, ConnState, OutboxEntry, SyncClient, SyncEvent, SyncStatus};
pub use device::{DeviceKeys, DevicePublic};
pub use heartbeat::Tick;
pub use invite::Invite;
pub use keys::{DeviceId, RoomId, TeamKeys, TeamSecret, WriteToken};
pub use peer::{LinkState, Mesh, PeerAction, PeerDoc, PeerEvent};
pub use roster::{Quarantined, Roster};
pub use seal::{open, padded_len, seal, seal_signed, BlobKind, Opened};
pub use wire::{ClientFrame, ErrorCode, IceServer, RelayFrame};

/// The protocol version spoken by this build (sent in `Hello`/`Welcome`).
/// Version 2 added the heartbeat (`Ping`/`Pong`, durations in `Welcome`) and the
/// proof of work for a new room (`Challenge`/`Proof`); version 3 the sealed
/// peer-to-peer signals (`Signal`) and the relay's ICE servers (`IceServers`).
pub const PROTOCOL_VERSION: u16 = 3;

/// The largest sealed blob the relay accepts, and so the largest a client
/// produces (4 MiB).
pub const MAX_BLOB_BYTES: usize = 4 * 1024 * 1024;

/// Errors of the sync protocol, with messages a shop owner can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    /// The system random generator failed.
    #[error("o aparelho não conseguiu gerar números aleatórios para a criptografia")]
    Random,
    /// A blob did not authenticate: wrong team key, wrong room, or altered.
    #[error("um pacote de sincronização foi recusado: não pertence a esta equipe ou foi alterado")]
    Tampered,
    /// A blob is not in a format this version understands.
    #[error("um pacote de sincronização está em um formato desconhecido (versão {0})")]
    UnknownBlobVersion(u8),
    /// A blob is too short or its inner length is inconsistent.
    #[error("um pacote de sincronização está incompleto ou corrompido")]
    MalformedBlob,
    /// The data to send does not fit in one blob.
    #[error(
        "os dados a enviar são grandes demais para sincronizar ({size} bytes; máximo {max} bytes)"
    )]
    TooLarge { size: usize, max: usize },
    /// A frame from the relay or a client could not be decoded.
    #[error("mensagem de sincronização inválida: {0}")]
    MalformedFrame(&'static str),
    /// A period can be closed in a team only by a device that is connected and has
    /// nothing left to send, so its mark is the next blob the relay stores from it.
    #[error("para fechar o período numa equipe, o aparelho precisa estar conectado e em dia com a equipe; conecte-se e tente de novo")]
    NotUpToDate,
    /// An invite link could not be read.
    #[error("convite inválido: {0}")]
    BadInvite(&'static str),
    /// A device key is not a valid key (stored text damaged, or a key that agrees on
    /// nothing).
    #[error("uma chave de aparelho é inválida ou está corrompida")]
    BadKey,
    /// An invite can no longer be used.
    #[error("{0}")]
    InviteClosed(&'static str),
}
