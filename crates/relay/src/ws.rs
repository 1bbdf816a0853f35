//! The `/v1/sync` WebSocket endpoint: one task per connection reads the
//! device's frames, answers them, streams catch-up from storage and forwards
//! the room's pushes from the connection's bounded queue.
//!
//! A connection earns its keep: it must open a room within `hello_timeout`
//! (answering the proof-of-work challenge of a new room within
//! `proof_timeout`), may be closed to make space until it has, and is closed
//! when silent (not even a pong) for `heartbeat + heartbeat_timeout`.

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::connect_info::ConnectInfo;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use retaguarda_core::sync::{Challenge, ClientFrame, ErrorCode, RelayFrame, PROTOCOL_VERSION};
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::admission::{client_ip, Denied, Ticket};
use crate::hub::{blob_frame, short, Hub, Opened, Refusal, Subscriber};
use crate::store::token_hash;

/// Each socket's read buffer and write threshold. Tungstenite's default of
/// 128 KiB is zero-filled on every read, so it made each idle connection
/// hold about 130 KiB; a bigger frame still grows the buffer to its own
/// length (up to the blob limit), it is only read in smaller chunks.
const SOCKET_BUFFER_BYTES: usize = 8 * 1024;

/// The largest peer-to-peer signal forwarded: a sealed SDP offer with room to
/// spare, and small enough for PostgreSQL's `NOTIFY` once hex-coded.
pub const MAX_SIGNAL_BYTES: usize = 3_200;

/// `GET /v1/sync`: upgrades to a WebSocket unless every place the connection
/// could take is held by a team.
pub async fn upgrade(
    State(hub): State<Arc<Hub>>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let peer = peer.map(|Extension(ConnectInfo(addr))| addr);
    let ip = client_ip(peer, &headers, &hub.limits.trusted_proxies);
    let conn = hub.next_conn();
    let ticket = match hub.admission.admit(conn, ip) {
        Ok(ticket) => ticket,
        Err(denied) => {
            hub.metrics.error(ErrorCode::TooManyConnections);
            let (status, reason, message) = match denied {
                Denied::Full => (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "connections_full",
                    "O servidor de sincronização está com conexões demais; o aparelho tentará de novo em instantes.",
                ),
                Denied::PerIp => (
                    StatusCode::TOO_MANY_REQUESTS,
                    "connections_per_ip",
                    "Conexões demais a partir desta rede; o aparelho tentará de novo em instantes.",
                ),
            };
            hub.metrics.refusal(reason);
            tracing::warn!(%ip, reason, "conexão recusada");
            return (status, message).into_response();
        }
    };
    let max = hub.limits.max_blob_bytes + 64;
    ws.max_message_size(max)
        .max_frame_size(max)
        .read_buffer_size(SOCKET_BUFFER_BYTES)
        .write_buffer_size(SOCKET_BUFFER_BYTES)
        .on_upgrade(move |socket| async move {
            let mut connection = Connection {
                hub: hub.clone(),
                socket,
                conn,
                ip,
                room: None,
                hash: [0; 32],
                token: [0; 32],
                challenge: None,
                welcome_head: 0,
                rx: None,
                lagged: Arc::new(AtomicBool::new(false)),
                bucket: Bucket::new(&hub),
            };
            connection.run(&ticket).await;
            if let Some(room) = connection.room {
                hub.unsubscribe(&room, conn);
            }
            drop(ticket);
        })
}

/// A token bucket: slows a chatty connection down, then refuses it.
struct Bucket {
    tokens: f64,
    last: Instant,
    rate: f64,
    burst: f64,
    max_wait: Duration,
}

impl Bucket {
    fn new(hub: &Hub) -> Self {
        let burst = f64::from(hub.limits.frame_burst.max(1));
        Self {
            tokens: burst,
            last: Instant::now(),
            rate: f64::from(hub.limits.frames_per_second.max(1)),
            burst,
            max_wait: hub.limits.max_throttle,
        }
    }

    /// Takes one token, sleeping if the connection is over its rate; `false`
    /// when the wait would exceed the limit.
    async fn take(&mut self) -> bool {
        let now = Instant::now();
        let elapsed = now.duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.burst) - 1.0;
        if self.tokens >= 0.0 {
            return true;
        }
        let wait = Duration::from_secs_f64(-self.tokens / self.rate);
        if wait > self.max_wait {
            self.tokens += 1.0;
            return false;
        }
        tokio::time::sleep(wait).await;
        true
    }
}

enum Flow {
    Continue,
    Close,
}

struct Connection {
    hub: Arc<Hub>,
    socket: WebSocket,
    conn: u64,
    ip: IpAddr,
    room: Option<[u8; 32]>,
    /// The hash of the write token the room was opened with.
    hash: [u8; 32],
    /// The write token itself, for the forwarding to the cloud
    /// (`crate::upstream`).
    token: [u8; 32],
    /// The challenge sent for a new room, with the room and its token's hash.
    challenge: Option<(Challenge, [u8; 32], [u8; 32])>,
    /// The head announced in Welcome (the store's, at Hello).
    welcome_head: u64,
    rx: Option<mpsc::Receiver<Bytes>>,
    lagged: Arc<AtomicBool>,
    bucket: Bucket,
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Refusal> + Send + 'static,
) -> Result<T, Refusal> {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|_| {
        Err(Refusal {
            code: ErrorCode::Internal,
            message: "falha interna no servidor de sincronização".into(),
        })
    })
}

impl Connection {
    async fn run(&mut self, ticket: &Ticket) {
        let limits = &self.hub.limits;
        let heartbeat = limits.heartbeat.max(Duration::from_millis(10));
        let silence = heartbeat + limits.heartbeat_timeout;
        let (hello_timeout, proof_timeout) = (limits.hello_timeout, limits.proof_timeout);
        // Pings twice per interval, so silence is noticed within half an interval
        // of the deadline.
        let every = heartbeat / 2;
        let mut ping = tokio::time::interval_at(Instant::now() + every, every);
        let mut last_seen = Instant::now();
        let mut deadline = Instant::now() + hello_timeout;
        loop {
            let flow = tokio::select! {
                // Queued pushes and acks go out before more input is read.
                biased;
                () = ticket.kick.notified() => {
                    // Counted by the admission, which made space with it.
                    tracing::debug!(conn = self.conn, "conexão sem sala fechada para dar lugar a outra");
                    self.send_error(ErrorCode::TooManyConnections, "o servidor precisou do lugar desta conexão, que ainda não tinha aberto a equipe").await;
                    Flow::Close
                },
                () = tokio::time::sleep_until(deadline), if self.room.is_none() => {
                    let reason = if self.challenge.is_some() { "proof_timeout" } else { "hello_timeout" };
                    self.hub.metrics.refusal(reason);
                    self.refuse(ErrorCode::NotAuthenticated, None, "o aparelho demorou demais para abrir a equipe; ele vai tentar de novo").await;
                    Flow::Close
                },
                _ = ping.tick() => {
                    if last_seen.elapsed() > silence {
                        self.hub.metrics.refusal("heartbeat_timeout");
                        tracing::info!(conn = self.conn, "conexão sem resposta encerrada");
                        Flow::Close
                    } else if self.socket.send(Message::Ping(Bytes::new())).await.is_err() {
                        Flow::Close
                    } else {
                        Flow::Continue
                    }
                },
                pushed = recv(&mut self.rx) => match pushed {
                    Some(frame) => {
                        if self.socket.send(Message::Binary(frame)).await.is_err() {
                            Flow::Close
                        } else {
                            Flow::Continue
                        }
                    }
                    None => {
                        let message = if self.lagged.load(Ordering::Relaxed) {
                            "o aparelho ficou para trás; reconecte para receber o restante"
                        } else {
                            "a sala foi fechada"
                        };
                        // The hub already counted this in the metrics.
                        tracing::warn!(conn = self.conn, "{message}");
                        let _ = self.send(RelayFrame::Error {
                            code: ErrorCode::Lagged,
                            client_ref: None,
                            message: message.to_string(),
                        }).await;
                        Flow::Close
                    }
                },
                incoming = self.socket.recv() => match incoming.inspect(|_| last_seen = Instant::now()) {
                    Some(Ok(Message::Binary(bytes))) => {
                        if self.bucket.take().await {
                            let flow = self.handle(&bytes).await;
                            if self.room.is_none() && self.challenge.is_some() {
                                deadline = deadline.max(Instant::now() + proof_timeout);
                            }
                            flow
                        } else {
                            self.refuse(ErrorCode::RateLimited, None, "mensagens demais em pouco tempo; o aparelho vai reconectar mais devagar").await;
                            Flow::Close
                        }
                    }
                    Some(Ok(Message::Text(_))) => {
                        self.refuse(ErrorCode::Malformed, None, "mensagens de texto não fazem parte do protocolo").await;
                        Flow::Close
                    }
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => Flow::Continue,
                    Some(Ok(Message::Close(_))) | None => Flow::Close,
                    Some(Err(err)) => {
                        tracing::debug!(conn = self.conn, error = %err, "conexão interrompida");
                        Flow::Close
                    }
                },
            };
            if let Flow::Close = flow {
                self.drain_queue().await;
                let _ = self
                    .socket
                    .send(Message::Close(Some(CloseFrame {
                        code: 1000,
                        reason: "".into(),
                    })))
                    .await;
                return;
            }
        }
    }

    async fn send(&mut self, frame: RelayFrame) -> Flow {
        match self
            .socket
            .send(Message::Binary(Bytes::from(frame.encode())))
            .await
        {
            Ok(()) => Flow::Continue,
            Err(_) => Flow::Close,
        }
    }

    /// Sends what is already queued (acks especially), so frames keep their
    /// order and a closing connection does not make the device resend blobs
    /// the relay has stored.
    async fn drain_queue(&mut self) {
        if let Some(rx) = self.rx.as_mut() {
            while let Ok(frame) = rx.try_recv() {
                if self.socket.send(Message::Binary(frame)).await.is_err() {
                    return;
                }
            }
        }
    }

    /// Sends an error without counting it (the caller counted the refusal).
    async fn send_error(&mut self, code: ErrorCode, message: &str) {
        self.hub.metrics.error(code);
        let _ = self
            .send(RelayFrame::Error {
                code,
                client_ref: None,
                message: message.to_string(),
            })
            .await;
    }

    /// Opens the room for this connection and welcomes the device.
    async fn welcome(&mut self, room: [u8; 32], hash: [u8; 32], head: u64) -> Flow {
        self.room = Some(room);
        self.hash = hash;
        self.challenge = None;
        self.welcome_head = head;
        self.hub.admission.authenticated(self.conn);
        self.hub.opened(room, self.token);
        tracing::info!(conn = self.conn, room = %short(&room), head, "aparelho conectado");
        let ms = |d: Duration| u32::try_from(d.as_millis()).unwrap_or(u32::MAX);
        let welcomed = self
            .send(RelayFrame::Welcome {
                protocol: PROTOCOL_VERSION,
                head,
                heartbeat_ms: ms(self.hub.limits.heartbeat),
                timeout_ms: ms(self.hub.limits.heartbeat_timeout),
            })
            .await;
        let servers = &self.hub.limits.ice_servers;
        if matches!(welcomed, Flow::Close) || servers.is_empty() {
            return welcomed;
        }
        let frame = RelayFrame::IceServers(servers.clone());
        self.send(frame).await
    }

    async fn refuse(&mut self, code: ErrorCode, client_ref: Option<u64>, message: &str) {
        self.drain_queue().await;
        self.hub.metrics.error(code);
        tracing::warn!(
            conn = self.conn,
            room = %self.room.as_ref().map(short).unwrap_or_default(),
            code = crate::metrics::code_label(code),
            "{message}"
        );
        let _ = self
            .send(RelayFrame::Error {
                code,
                client_ref,
                message: message.to_string(),
            })
            .await;
    }

    async fn handle(&mut self, bytes: &[u8]) -> Flow {
        let frame = match ClientFrame::decode(bytes) {
            Ok(frame) => frame,
            Err(err) => {
                self.refuse(ErrorCode::Malformed, None, &err.to_string())
                    .await;
                return Flow::Close;
            }
        };
        match frame {
            ClientFrame::Hello {
                protocol,
                room,
                token,
            } => {
                if self.room.is_some() || self.challenge.is_some() {
                    self.refuse(
                        ErrorCode::Malformed,
                        None,
                        "a sala já foi aberta nesta conexão",
                    )
                    .await;
                    return Flow::Close;
                }
                if protocol != PROTOCOL_VERSION {
                    let message = format!(
                        "este servidor fala a versão {PROTOCOL_VERSION} do protocolo e o aparelho a {protocol}; atualize o aplicativo"
                    );
                    self.refuse(ErrorCode::UnsupportedProtocol, None, &message)
                        .await;
                    return Flow::Close;
                }
                let hash = token_hash(&token.0);
                self.token = token.0;
                match self.hub.hello(room.0, hash).await {
                    Ok(Opened::Room { head }) => self.welcome(room.0, hash, head).await,
                    Ok(Opened::New) => {
                        let Some(bits) = self.hub.admission.room_bits(self.ip) else {
                            self.hub.metrics.refusal("room_rate");
                            let refusal = crate::hub::room_rate();
                            self.refuse(refusal.code, None, &refusal.message).await;
                            return Flow::Close;
                        };
                        let mut salt = [0u8; 16];
                        if getrandom::fill(&mut salt).is_err() {
                            self.refuse(
                                ErrorCode::Internal,
                                None,
                                "falha interna no servidor de sincronização",
                            )
                            .await;
                            return Flow::Close;
                        }
                        let challenge = Challenge { bits, salt };
                        self.challenge = Some((challenge, room.0, hash));
                        self.send(RelayFrame::Challenge(challenge)).await
                    }
                    Err(refusal) => {
                        self.refuse(refusal.code, None, &refusal.message).await;
                        Flow::Close
                    }
                }
            }
            ClientFrame::Proof { nonce } => {
                let Some((challenge, room, hash)) = self.challenge.take() else {
                    self.refuse(ErrorCode::Malformed, None, "prova sem desafio")
                        .await;
                    return Flow::Close;
                };
                if !challenge.verify(&retaguarda_core::sync::RoomId(room), nonce) {
                    self.hub.metrics.refusal("bad_proof");
                    self.refuse(
                        ErrorCode::Malformed,
                        None,
                        "a prova de trabalho não confere",
                    )
                    .await;
                    return Flow::Close;
                }
                // Another device of the team may have created (or stored) it meanwhile.
                let created = match self.hub.hello(room, hash).await {
                    Ok(Opened::Room { head }) => Ok(head),
                    Ok(Opened::New) => self.hub.create(room, hash, self.ip).map(|()| 0),
                    Err(refusal) => Err(refusal),
                };
                match created {
                    Ok(head) => self.welcome(room, hash, head).await,
                    Err(refusal) => {
                        self.refuse(refusal.code, None, &refusal.message).await;
                        Flow::Close
                    }
                }
            }
            ClientFrame::Ping { nonce } => self.send(RelayFrame::Pong { nonce }).await,
            ClientFrame::Sync { since } => {
                let Some(room) = self.room else {
                    self.refuse(
                        ErrorCode::NotAuthenticated,
                        None,
                        "abra a sala antes de sincronizar",
                    )
                    .await;
                    return Flow::Close;
                };
                if self.rx.is_some() {
                    self.refuse(
                        ErrorCode::Malformed,
                        None,
                        "sincronização já iniciada nesta conexão",
                    )
                    .await;
                    return Flow::Close;
                }
                self.catch_up(room, since).await
            }
            ClientFrame::Signal { blob } => {
                // Only a subscribed device signals, and only to subscribed ones:
                // the room's members online now. Nothing is stored.
                match self.room {
                    Some(room) if self.rx.is_some() && blob.len() <= MAX_SIGNAL_BYTES => {
                        self.hub.signal(&room, self.conn, &blob);
                    }
                    _ => tracing::debug!(conn = self.conn, len = blob.len(), "sinal descartado"),
                }
                Flow::Continue
            }
            ClientFrame::Retire => {
                let Some(room) = self.room else {
                    self.refuse(
                        ErrorCode::NotAuthenticated,
                        None,
                        "abra a sala antes de aposentá-la",
                    )
                    .await;
                    return Flow::Close;
                };
                match self.hub.retire(room, self.hash).await {
                    Ok(_) => Flow::Continue,
                    Err(refusal) => {
                        self.refuse(refusal.code, None, &refusal.message).await;
                        Flow::Continue
                    }
                }
            }
            ClientFrame::Append { client_ref, blob } => self.append(client_ref, None, blob).await,
            ClientFrame::Snapshot {
                client_ref,
                supersedes,
                blob,
            } => self.append(client_ref, Some(supersedes), blob).await,
        }
    }

    async fn catch_up(&mut self, room: [u8; 32], since: u64) -> Flow {
        let (tx, rx) = mpsc::channel(self.hub.limits.channel_capacity.max(1));
        let subscriber = Subscriber {
            conn: self.conn,
            tx,
            lagged: self.lagged.clone(),
            from: 0,
        };
        let head = self.hub.subscribe(&room, subscriber, self.welcome_head);
        self.rx = Some(rx);
        let mut cursor = since;
        let mut sent = 0u64;
        while cursor < head {
            let hub = self.hub.clone();
            let rows = match blocking(move || hub.read_after(&room, cursor, head)).await {
                Ok(rows) => rows,
                Err(refusal) => {
                    self.refuse(refusal.code, None, &refusal.message).await;
                    return Flow::Close;
                }
            };
            if rows.is_empty() {
                break;
            }
            for row in rows {
                cursor = row.seq;
                sent += 1;
                if let Flow::Close = self.send(blob_frame(row)).await {
                    return Flow::Close;
                }
            }
        }
        self.hub
            .metrics
            .blobs_out_total
            .fetch_add(sent, Ordering::Relaxed);
        tracing::debug!(conn = self.conn, room = %short(&room), since, head, sent, "catch-up enviado");
        self.send(RelayFrame::CaughtUp { head }).await
    }

    async fn append(&mut self, client_ref: u64, supersedes: Option<u64>, blob: Vec<u8>) -> Flow {
        let Some(room) = self.room else {
            self.refuse(
                ErrorCode::NotAuthenticated,
                Some(client_ref),
                "abra a sala antes de enviar",
            )
            .await;
            return Flow::Close;
        };
        if blob.len() > self.hub.limits.max_blob_bytes {
            let message = format!(
                "pacote grande demais ({} bytes; máximo {} bytes)",
                blob.len(),
                self.hub.limits.max_blob_bytes
            );
            self.refuse(ErrorCode::TooLarge, Some(client_ref), &message)
                .await;
            return Flow::Continue;
        }
        match self
            .hub
            .append(room, self.hash, self.conn, client_ref, supersedes, blob)
            .await
        {
            Ok(Some(ack)) => match self.socket.send(Message::Binary(ack)).await {
                Ok(()) => Flow::Continue,
                Err(_) => Flow::Close,
            },
            Ok(None) => Flow::Continue,
            Err(refusal) => {
                self.refuse(refusal.code, Some(client_ref), &refusal.message)
                    .await;
                // A room forgotten before its first blob: the device opens it again.
                if refusal.code == ErrorCode::NotAuthenticated {
                    Flow::Close
                } else {
                    Flow::Continue
                }
            }
        }
    }
}

/// Receives from the push queue, or waits forever before subscribing.
async fn recv(rx: &mut Option<mpsc::Receiver<Bytes>>) -> Option<Bytes> {
    match rx {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}
