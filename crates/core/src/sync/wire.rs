//! The frames exchanged between a device and the relay, one per binary
//! WebSocket message. The first byte is the frame type; integers are big
//! endian; a blob or message runs to the end of the frame.
//!
//! | type | frame | fields |
//! |---|---|---|
//! | `0x01` | Hello | protocol u16, room 32 bytes, write token 32 bytes |
//! | `0x02` | Sync | since u64 |
//! | `0x03` | Append | client_ref u64, blob |
//! | `0x04` | Snapshot | client_ref u64, supersedes u64, blob |
//! | `0x05` | Ping | nonce u64 |
//! | `0x06` | Proof | nonce u64 |
//! | `0x07` | Signal | sealed signal (peer-to-peer introduction, never stored) |
//! | `0x10` | Retire | (nothing) |
//! | `0x81` | Welcome | protocol u16, head u64, heartbeat ms u32, timeout ms u32 |
//! | `0x82` | Ack | client_ref u64, seq u64 |
//! | `0x83` | Blob | seq u64, blob |
//! | `0x84` | SnapshotBlob | seq u64, supersedes u64, blob |
//! | `0x85` | CaughtUp | head u64 |
//! | `0x86` | Error | code u16, client_ref u64 (0 = none), UTF-8 message |
//! | `0x87` | Pong | nonce u64 |
//! | `0x88` | Challenge | bits u8, salt 16 bytes |
//! | `0x89` | Signal | sealed signal from another device of the room |
//! | `0x8A` | IceServers | count u8, then per server: url, username, credential (u16 length + UTF-8 each) |

use super::admission::Challenge;
use super::keys::{RoomId, WriteToken};
use super::SyncError;

/// A frame sent by a device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientFrame {
    /// Opens the room: the relay binds the token's hash on first use.
    Hello {
        protocol: u16,
        room: RoomId,
        token: WriteToken,
    },
    /// Asks for every stored blob after `since`, then live pushes.
    Sync { since: u64 },
    /// Stores a sealed blob of changes.
    Append { client_ref: u64, blob: Vec<u8> },
    /// Stores a sealed snapshot that stands for every blob up to
    /// `supersedes`, which the relay may then drop.
    Snapshot {
        client_ref: u64,
        supersedes: u64,
        blob: Vec<u8>,
    },
    /// Asks for a `Pong`: proves the connection still carries bytes both ways.
    Ping { nonce: u64 },
    /// Answers a [`RelayFrame::Challenge`]: the relay then creates the room.
    Proof { nonce: u64 },
    /// A sealed peer-to-peer signal (`super::peer`) for the room's devices online now;
    /// the relay forwards it and never stores it.
    Signal { blob: Vec<u8> },
    /// The team left this room for new keys (a member was removed): from now on the
    /// relay refuses every write to it with [`ErrorCode::Retired`] and still serves its
    /// blobs, so a device that was offline can read where the team went.
    Retire,
}

/// A frame sent by the relay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelayFrame {
    /// The room is open; `head` is its latest sequence number. The device sends a
    /// round trip every `heartbeat_ms` and counts the connection dead when an answer
    /// takes longer than `timeout_ms`.
    Welcome {
        protocol: u16,
        head: u64,
        heartbeat_ms: u32,
        timeout_ms: u32,
    },
    /// The blob with `client_ref` is on disk as `seq`.
    Ack { client_ref: u64, seq: u64 },
    /// A stored blob (catch-up or live push).
    Blob { seq: u64, blob: Vec<u8> },
    /// A stored snapshot standing for every blob up to `supersedes`.
    SnapshotBlob {
        seq: u64,
        supersedes: u64,
        blob: Vec<u8>,
    },
    /// Every blob up to `head` has been sent; live pushes follow.
    CaughtUp { head: u64 },
    /// Something was refused; see [`ErrorCode`].
    Error {
        code: ErrorCode,
        client_ref: Option<u64>,
        message: String,
    },
    /// Answers a `Ping`.
    Pong { nonce: u64 },
    /// The room does not exist: it is created once the device proves some work
    /// (see [`super::admission`]).
    Challenge(Challenge),
    /// A sealed signal another device of the room sent just now.
    Signal { blob: Vec<u8> },
    /// The STUN/TURN servers the relay's operator configured for peer-to-peer
    /// connections (sent after `Welcome`, only when there are some).
    IceServers(Vec<IceServer>),
}

/// A STUN or TURN server for WebRTC, as the relay's operator configured it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IceServer {
    /// `stun:host:port` or `turn:host:port?transport=udp`.
    pub url: String,
    /// For TURN; empty when none.
    pub username: String,
    /// For TURN; empty when none.
    pub credential: String,
}

impl IceServer {
    /// Reads the relay's `--ice-server` value: `URL` or `URL,USERNAME,CREDENTIAL`.
    pub fn parse(text: &str) -> Result<Self, SyncError> {
        let mut parts = text.trim().splitn(3, ',');
        let url = parts.next().unwrap_or_default().trim().to_string();
        let username = parts.next().unwrap_or_default().trim().to_string();
        let credential = parts.next().unwrap_or_default().trim().to_string();
        let known = ["stun:", "stuns:", "turn:", "turns:"];
        if !known.iter().any(|p| url.starts_with(p)) || url.len() > 1024 {
            return Err(SyncError::MalformedFrame(
                "servidor ICE deve começar com stun:, stuns:, turn: ou turns:",
            ));
        }
        if username.len() > 1024 || credential.len() > 1024 {
            return Err(SyncError::MalformedFrame("credencial ICE longa demais"));
        }
        Ok(Self {
            url,
            username,
            credential,
        })
    }
}

/// Why the relay refused something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// The write token does not match the room.
    Unauthorized,
    /// The relay does not speak the client's protocol version.
    UnsupportedProtocol,
    /// A frame could not be decoded or came out of order.
    Malformed,
    /// A frame came before `Hello`.
    NotAuthenticated,
    /// The blob is larger than the relay accepts.
    TooLarge,
    /// The room has used up its storage quota.
    QuotaExceeded,
    /// Too many frames too fast on this connection.
    RateLimited,
    /// The connection fell too far behind and was dropped.
    Lagged,
    /// The relay has too many connections.
    TooManyConnections,
    /// A snapshot claims to supersede blobs that do not exist yet.
    BadSnapshot,
    /// The relay failed internally (storage).
    Internal,
    /// The room was retired (the team moved to new keys): nothing more is written to it.
    Retired,
    /// A code this build does not know.
    Other(u16),
}

impl ErrorCode {
    /// The number on the wire.
    pub fn to_u16(self) -> u16 {
        match self {
            ErrorCode::Unauthorized => 1,
            ErrorCode::UnsupportedProtocol => 2,
            ErrorCode::Malformed => 3,
            ErrorCode::NotAuthenticated => 4,
            ErrorCode::TooLarge => 5,
            ErrorCode::QuotaExceeded => 6,
            ErrorCode::RateLimited => 7,
            ErrorCode::Lagged => 8,
            ErrorCode::TooManyConnections => 9,
            ErrorCode::BadSnapshot => 10,
            ErrorCode::Internal => 11,
            ErrorCode::Retired => 16,
            ErrorCode::Other(n) => n,
        }
    }

    /// The code for a number on the wire.
    pub fn from_u16(n: u16) -> Self {
        match n {
            1 => ErrorCode::Unauthorized,
            2 => ErrorCode::UnsupportedProtocol,
            3 => ErrorCode::Malformed,
            4 => ErrorCode::NotAuthenticated,
            5 => ErrorCode::TooLarge,
            6 => ErrorCode::QuotaExceeded,
            7 => ErrorCode::RateLimited,
            8 => ErrorCode::Lagged,
            9 => ErrorCode::TooManyConnections,
            10 => ErrorCode::BadSnapshot,
            11 => ErrorCode::Internal,
            16 => ErrorCode::Retired,
            n => ErrorCode::Other(n),
        }
    }

    /// Whether retrying with the same team can never succeed, so the client
    /// should stop reconnecting and show the reason.
    pub fn is_fatal(self) -> bool {
        matches!(
            self,
            ErrorCode::Unauthorized | ErrorCode::UnsupportedProtocol
        )
    }
}

const HELLO: u8 = 0x01;
const SYNC: u8 = 0x02;
const APPEND: u8 = 0x03;
const SNAPSHOT: u8 = 0x04;
const PING: u8 = 0x05;
const PROOF: u8 = 0x06;
const SIGNAL: u8 = 0x07;
const RETIRE: u8 = 0x10;
const WELCOME: u8 = 0x81;
const ACK: u8 = 0x82;
const BLOB: u8 = 0x83;
const SNAPSHOT_BLOB: u8 = 0x84;
const CAUGHT_UP: u8 = 0x85;
const ERROR: u8 = 0x86;
const PONG: u8 = 0x87;
const CHALLENGE: u8 = 0x88;
const RELAY_SIGNAL: u8 = 0x89;
const ICE_SERVERS: u8 = 0x8A;

impl ClientFrame {
    /// The frame's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self {
            ClientFrame::Hello {
                protocol,
                room,
                token,
            } => {
                out.push(HELLO);
                out.extend_from_slice(&protocol.to_be_bytes());
                out.extend_from_slice(&room.0);
                out.extend_from_slice(&token.0);
            }
            ClientFrame::Sync { since } => {
                out.push(SYNC);
                out.extend_from_slice(&since.to_be_bytes());
            }
            ClientFrame::Append { client_ref, blob } => {
                out.reserve(9 + blob.len());
                out.push(APPEND);
                out.extend_from_slice(&client_ref.to_be_bytes());
                out.extend_from_slice(blob);
            }
            ClientFrame::Snapshot {
                client_ref,
                supersedes,
                blob,
            } => {
                out.reserve(17 + blob.len());
                out.push(SNAPSHOT);
                out.extend_from_slice(&client_ref.to_be_bytes());
                out.extend_from_slice(&supersedes.to_be_bytes());
                out.extend_from_slice(blob);
            }
            ClientFrame::Ping { nonce } => {
                out.push(PING);
                out.extend_from_slice(&nonce.to_be_bytes());
            }
            ClientFrame::Proof { nonce } => {
                out.push(PROOF);
                out.extend_from_slice(&nonce.to_be_bytes());
            }
            ClientFrame::Signal { blob } => {
                out.reserve(1 + blob.len());
                out.push(SIGNAL);
                out.extend_from_slice(blob);
            }
            ClientFrame::Retire => out.push(RETIRE),
        }
        out
    }

    /// Reads a frame sent by a device.
    pub fn decode(bytes: &[u8]) -> Result<Self, SyncError> {
        let mut r = Reader::new(bytes)?;
        let frame = match r.kind {
            HELLO => {
                let protocol = r.u16()?;
                let room = RoomId(r.array32()?);
                let token = WriteToken(r.array32()?);
                r.end()?;
                ClientFrame::Hello {
                    protocol,
                    room,
                    token,
                }
            }
            SYNC => {
                let since = r.u64()?;
                r.end()?;
                ClientFrame::Sync { since }
            }
            APPEND => ClientFrame::Append {
                client_ref: r.u64()?,
                blob: r.rest(),
            },
            SNAPSHOT => ClientFrame::Snapshot {
                client_ref: r.u64()?,
                supersedes: r.u64()?,
                blob: r.rest(),
            },
            PING => {
                let nonce = r.u64()?;
                r.end()?;
                ClientFrame::Ping { nonce }
            }
            PROOF => {
                let nonce = r.u64()?;
                r.end()?;
                ClientFrame::Proof { nonce }
            }
            SIGNAL => ClientFrame::Signal { blob: r.rest() },
            RETIRE => {
                r.end()?;
                ClientFrame::Retire
            }
            _ => return Err(SyncError::MalformedFrame("tipo de mensagem desconhecido")),
        };
        Ok(frame)
    }
}

impl RelayFrame {
    /// The frame's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self {
            RelayFrame::Welcome {
                protocol,
                head,
                heartbeat_ms,
                timeout_ms,
            } => {
                out.push(WELCOME);
                out.extend_from_slice(&protocol.to_be_bytes());
                out.extend_from_slice(&head.to_be_bytes());
                out.extend_from_slice(&heartbeat_ms.to_be_bytes());
                out.extend_from_slice(&timeout_ms.to_be_bytes());
            }
            RelayFrame::Pong { nonce } => {
                out.push(PONG);
                out.extend_from_slice(&nonce.to_be_bytes());
            }
            RelayFrame::Challenge(challenge) => {
                out.push(CHALLENGE);
                out.push(challenge.bits);
                out.extend_from_slice(&challenge.salt);
            }
            RelayFrame::Ack { client_ref, seq } => {
                out.push(ACK);
                out.extend_from_slice(&client_ref.to_be_bytes());
                out.extend_from_slice(&seq.to_be_bytes());
            }
            RelayFrame::Blob { seq, blob } => {
                out.reserve(9 + blob.len());
                out.push(BLOB);
                out.extend_from_slice(&seq.to_be_bytes());
                out.extend_from_slice(blob);
            }
            RelayFrame::SnapshotBlob {
                seq,
                supersedes,
                blob,
            } => {
                out.reserve(17 + blob.len());
                out.push(SNAPSHOT_BLOB);
                out.extend_from_slice(&seq.to_be_bytes());
                out.extend_from_slice(&supersedes.to_be_bytes());
                out.extend_from_slice(blob);
            }
            RelayFrame::CaughtUp { head } => {
                out.push(CAUGHT_UP);
                out.extend_from_slice(&head.to_be_bytes());
            }
            RelayFrame::Signal { blob } => {
                out.reserve(1 + blob.len());
                out.push(RELAY_SIGNAL);
                out.extend_from_slice(blob);
            }
            RelayFrame::IceServers(servers) => {
                out.push(ICE_SERVERS);
                let servers = &servers[..servers.len().min(usize::from(u8::MAX))];
                out.push(u8::try_from(servers.len()).unwrap_or(u8::MAX));
                for server in servers {
                    for text in [&server.url, &server.username, &server.credential] {
                        let bytes = &text.as_bytes()[..text.len().min(usize::from(u16::MAX))];
                        let len = u16::try_from(bytes.len()).unwrap_or(u16::MAX);
                        out.extend_from_slice(&len.to_be_bytes());
                        out.extend_from_slice(bytes);
                    }
                }
            }
            RelayFrame::Error {
                code,
                client_ref,
                message,
            } => {
                out.push(ERROR);
                out.extend_from_slice(&code.to_u16().to_be_bytes());
                out.extend_from_slice(&client_ref.unwrap_or(0).to_be_bytes());
                out.extend_from_slice(message.as_bytes());
            }
        }
        out
    }

    /// Reads a frame sent by the relay.
    pub fn decode(bytes: &[u8]) -> Result<Self, SyncError> {
        let mut r = Reader::new(bytes)?;
        let frame = match r.kind {
            WELCOME => {
                let protocol = r.u16()?;
                let head = r.u64()?;
                // A relay of another version may lay Welcome out differently; the
                // client reads only its version and refuses it.
                if protocol != super::PROTOCOL_VERSION {
                    return Ok(RelayFrame::Welcome {
                        protocol,
                        head,
                        heartbeat_ms: 0,
                        timeout_ms: 0,
                    });
                }
                let heartbeat_ms = r.u32()?;
                let timeout_ms = r.u32()?;
                r.end()?;
                RelayFrame::Welcome {
                    protocol,
                    head,
                    heartbeat_ms,
                    timeout_ms,
                }
            }
            PONG => {
                let nonce = r.u64()?;
                r.end()?;
                RelayFrame::Pong { nonce }
            }
            CHALLENGE => {
                let bits = r.take::<1>()?[0];
                let salt = r.take::<16>()?;
                r.end()?;
                RelayFrame::Challenge(Challenge { bits, salt })
            }
            ACK => {
                let client_ref = r.u64()?;
                let seq = r.u64()?;
                r.end()?;
                RelayFrame::Ack { client_ref, seq }
            }
            BLOB => RelayFrame::Blob {
                seq: r.u64()?,
                blob: r.rest(),
            },
            SNAPSHOT_BLOB => RelayFrame::SnapshotBlob {
                seq: r.u64()?,
                supersedes: r.u64()?,
                blob: r.rest(),
            },
            CAUGHT_UP => {
                let head = r.u64()?;
                r.end()?;
                RelayFrame::CaughtUp { head }
            }
            RELAY_SIGNAL => RelayFrame::Signal { blob: r.rest() },
            ICE_SERVERS => {
                let count = r.take::<1>()?[0];
                let mut servers = Vec::with_capacity(usize::from(count));
                for _ in 0..count {
                    servers.push(IceServer {
                        url: r.text()?,
                        username: r.text()?,
                        credential: r.text()?,
                    });
                }
                r.end()?;
                RelayFrame::IceServers(servers)
            }
            ERROR => {
                let code = ErrorCode::from_u16(r.u16()?);
                let client_ref = r.u64()?;
                let message = String::from_utf8_lossy(&r.rest()).into_owned();
                RelayFrame::Error {
                    code,
                    client_ref: (client_ref != 0).then_some(client_ref),
                    message,
                }
            }
            _ => return Err(SyncError::MalformedFrame("tipo de mensagem desconhecido")),
        };
        Ok(frame)
    }
}

struct Reader<'a> {
    kind: u8,
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Result<Self, SyncError> {
        match bytes.split_first() {
            Some((&kind, rest)) => Ok(Self { kind, rest }),
            None => Err(SyncError::MalformedFrame("mensagem vazia")),
        }
    }

    fn take<const N: usize>(&mut self) -> Result<[u8; N], SyncError> {
        if self.rest.len() < N {
            return Err(SyncError::MalformedFrame("mensagem curta demais"));
        }
        let (head, tail) = self.rest.split_at(N);
        self.rest = tail;
        let mut out = [0u8; N];
        out.copy_from_slice(head);
        Ok(out)
    }

    fn u16(&mut self) -> Result<u16, SyncError> {
        Ok(u16::from_be_bytes(self.take::<2>()?))
    }

    fn u32(&mut self) -> Result<u32, SyncError> {
        Ok(u32::from_be_bytes(self.take::<4>()?))
    }

    fn u64(&mut self) -> Result<u64, SyncError> {
        Ok(u64::from_be_bytes(self.take::<8>()?))
    }

    fn array32(&mut self) -> Result<[u8; 32], SyncError> {
        self.take::<32>()
    }

    fn text(&mut self) -> Result<String, SyncError> {
        let len = usize::from(self.u16()?);
        if self.rest.len() < len {
            return Err(SyncError::MalformedFrame("mensagem curta demais"));
        }
        let (head, tail) = self.rest.split_at(len);
        self.rest = tail;
        String::from_utf8(head.to_vec()).map_err(|_| SyncError::MalformedFrame("texto inválido"))
    }

    fn rest(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.rest).to_vec()
    }

    fn end(&self) -> Result<(), SyncError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(SyncError::MalformedFrame("mensagem com bytes a mais"))
        }
    }
}
