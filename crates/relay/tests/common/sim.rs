//! Simulated devices for the sync tests: a `Business` document, the core
//! sync state machine, and a tokio-tungstenite socket to a relay running in
//! process (or as a child process).

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use chrono::NaiveDate;
use futures_util::{SinkExt, StreamExt};
use retaguarda_core::ledger::{EntryKind, NewEntry};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::sync::{
    BlobKind, ClientState, DeviceId, SyncClient, SyncError, SyncEvent, TeamSecret,
};
use retaguarda_core::{Business, Device, OpCtx};
use rust_decimal::Decimal;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Starts the relay in process on a free port; returns its address and the
/// server task.
pub async fn start_relay(
    config: retaguarda_relay::Config,
) -> (SocketAddr, tokio::task::JoinHandle<()>) {
    let router = retaguarda_relay::app(config).expect("relay app");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let task = tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await;
    });
    (addr, task)
}

/// A relay in process with the default limits, and a new team to sync through it.
pub struct TeamRelay {
    /// The relay's app and data folders.
    pub dist: super::Dist,
    /// The relay's sync endpoint.
    pub url: String,
    pub secret: TeamSecret,
    _server: tokio::task::JoinHandle<()>,
}

/// Starts a relay in process with the default limits and makes a team secret.
pub async fn team_relay() -> TeamRelay {
    let dist = super::Dist::new();
    let (addr, server) = start_relay(dist.config()).await;
    TeamRelay {
        dist,
        url: ws_url(addr),
        secret: TeamSecret::generate().expect("secret"),
        _server: server,
    }
}

pub fn ws_url(addr: SocketAddr) -> String {
    format!("ws://{addr}/v1/sync")
}

pub fn ctx() -> OpCtx {
    OpCtx::new(
        NaiveDate::from_ymd_opt(2026, 11, 22).expect("date"),
        1_795_000_000_000,
    )
}

/// One device of a team.
pub struct SimDevice {
    pub name: String,
    pub biz: Option<Business>,
    pub device: Device,
    pub client: SyncClient,
    ws: Option<Ws>,
    /// Every payload applied, in arrival order (seq, kind, bytes).
    pub applied: Vec<(u64, BlobKind, Vec<u8>)>,
    /// Blobs that failed to open.
    pub rejected: Vec<(u64, SyncError)>,
    /// Blobs opened but set aside (unsigned or not from a member), with why.
    pub quarantined: Vec<(u64, String)>,
    /// Payloads before sealing, to check the relay never stores them.
    pub sent_plaintext: Vec<Vec<u8>>,
    /// (client_ref, seq) of every ack received.
    pub acked: Vec<(u64, u64)>,
    /// Errors the relay sent.
    pub relay_errors: Vec<SyncEvent>,
    secret: TeamSecret,
    /// The live document this device computed when it closed the period.
    ready: Option<Business>,
    /// The documents of the periods this device closed or followed, oldest first.
    pub archives: Vec<Business>,
}

impl SimDevice {
    /// A device holding `biz` (or nothing yet, for a device that joins).
    pub fn new(secret: &TeamSecret, name: &str, actor: u8, biz: Option<Business>) -> Self {
        let device = Device::with_actor([actor; 16], name);
        let biz = biz.map(|mut b| b.fork(&device));
        Self {
            name: name.to_string(),
            biz,
            device,
            client: SyncClient::new(secret, DeviceId([actor; 16]), ClientState::default()),
            ws: None,
            applied: Vec::new(),
            rejected: Vec::new(),
            quarantined: Vec::new(),
            sent_plaintext: Vec::new(),
            acked: Vec::new(),
            relay_errors: Vec::new(),
            secret: secret.clone(),
            ready: None,
            archives: Vec::new(),
        }
    }

    /// Closes the period before `cutoff` for the team: writes the mark and queues it.
    pub fn close_period(&mut self, cutoff: NaiveDate) -> Result<(), SyncError> {
        let biz = self.biz.as_mut().expect("document");
        let heads = biz.heads();
        let (mark, live) = biz.mark_epoch(cutoff, &ctx()).expect("mark");
        let bytes: Vec<u8> = biz.changes_since(&heads).concat();
        self.client.add_mark(&bytes, &mark.live_head)?;
        self.ready = Some(live);
        Ok(())
    }

    /// Once caught up in a room whose document holds an epoch mark, moves to the period it
    /// opened (as the app does): the live document, carried-over changes queued, the new
    /// period's room. Returns whether it moved; the caller reconnects.
    pub fn follow_epoch(&mut self) -> bool {
        let Some(biz) = self.biz.as_mut() else {
            return false;
        };
        let marks = biz.epoch_marks().expect("marks");
        if marks.is_empty() || !self.client.is_up_to_date() {
            return false;
        }
        let Some(id) = self
            .client
            .mark_to_follow(marks.iter().map(|m| m.live_head.as_str()))
        else {
            return false;
        };
        let mark = marks.into_iter().find(|m| m.live_head == id).expect("mark");
        let ready = self.ready.take().and_then(|mut live| {
            let heads: Vec<String> = live.heads().iter().map(|h| h.to_string()).collect();
            (heads == [id.clone()]).then_some(live)
        });
        let author = ready.is_some() || biz.wrote_mark(&id).expect("mark writer");
        let (mut live, carried) = biz
            .follow_epoch(&mark, ready, &self.device, &ctx())
            .expect("follow");
        let epoch = mark.epoch_id().expect("epoch id");
        self.client = SyncClient::for_epoch(
            &self.secret,
            Some(&epoch),
            DeviceId(self.device.actor),
            ClientState::default(),
        );
        self.client.add_changes(&carried).expect("seal");
        if author {
            self.client.add_snapshot(&live.save()).expect("snapshot");
        }
        let old = self.biz.replace(live).expect("old document");
        self.archives.push(old);
        self.ws = None;
        true
    }

    pub fn biz(&mut self) -> &mut Business {
        self.biz.as_mut().expect("device has a document")
    }

    /// Runs one operation and queues its change for sync.
    pub fn record(&mut self, op: impl FnOnce(&mut Business)) {
        let biz = self.biz.as_mut().expect("document");
        let heads = biz.heads();
        op(biz);
        let bytes: Vec<u8> = biz.changes_since(&heads).concat();
        self.sent_plaintext.push(bytes.clone());
        self.client.add_changes(&bytes).expect("seal");
    }

    /// Adds a customer with `name`.
    pub fn add_customer(&mut self, name: &str) {
        let name = name.to_string();
        self.record(move |biz| {
            biz.create_party(&ctx(), PartyInput::customer(name))
                .expect("party");
        });
    }

    /// Adds a receivable of `cents`.
    pub fn add_receivable(&mut self, description: &str, cents: i64) {
        let description = description.to_string();
        self.record(move |biz| {
            biz.create_entry(
                &ctx(),
                NewEntry::new(
                    EntryKind::Receivable,
                    description,
                    Decimal::new(cents, 2),
                    NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
                ),
            )
            .expect("entry");
        });
    }

    /// Queues a snapshot of the whole document.
    pub fn snapshot(&mut self) {
        let save = self.biz().save();
        self.client.add_snapshot(&save).expect("seal snapshot");
    }

    pub async fn connect(&mut self, url: &str) {
        let (ws, _) = tokio_tungstenite::connect_async(url)
            .await
            .expect("connect to relay");
        self.ws = Some(ws);
        self.client.connected();
        self.flush().await;
    }

    pub fn disconnect(&mut self) {
        self.ws = None;
        self.client.disconnected();
    }

    pub fn is_connected(&self) -> bool {
        self.ws.is_some()
    }

    pub async fn flush(&mut self) {
        while let Some(frame) = self.client.poll_transmit() {
            let Some(ws) = self.ws.as_mut() else { return };
            if ws.send(Message::binary(frame)).await.is_err() {
                self.disconnect();
                return;
            }
        }
    }

    /// Reads and handles one message; `false` on timeout or close.
    pub async fn pump(&mut self, wait: Duration) -> bool {
        let Some(ws) = self.ws.as_mut() else {
            return false;
        };
        let msg = match tokio::time::timeout(wait, ws.next()).await {
            Err(_) => return false,
            Ok(None) | Ok(Some(Err(_))) => {
                self.disconnect();
                return false;
            }
            Ok(Some(Ok(msg))) => msg,
        };
        let bytes = match msg {
            Message::Binary(bytes) => bytes,
            Message::Close(_) => {
                self.disconnect();
                return false;
            }
            _ => return true,
        };
        let events = self.client.handle_frame(&bytes).expect("relay frame");
        for event in events {
            self.on_event(event);
        }
        self.flush().await;
        true
    }

    fn on_event(&mut self, event: SyncEvent) {
        match event {
            SyncEvent::Apply {
                seq, kind, payload, ..
            } => {
                match self.biz.as_mut() {
                    Some(biz) => {
                        biz.load_incremental(&payload).expect("apply payload");
                        let marks = biz.epoch_marks().expect("marks");
                        self.client
                            .note_marks(marks.iter().map(|m| m.live_head.as_str()), seq);
                    }
                    None => {
                        // A joining device starts from the first snapshot.
                        let biz = Business::load(&payload, &self.device).expect("load snapshot");
                        self.biz = Some(biz);
                    }
                }
                self.applied.push((seq, kind, payload));
            }
            SyncEvent::Rejected { seq, error } => self.rejected.push((seq, error)),
            SyncEvent::Quarantined { seq, reason, .. } => self.quarantined.push((seq, reason)),
            SyncEvent::Acked { client_ref, seq } => self.acked.push((client_ref, seq)),
            SyncEvent::RelayReset => {
                if self.biz.is_some() {
                    self.snapshot();
                }
            }
            // These simulated devices sync through the relay only.
            SyncEvent::CaughtUp { .. } | SyncEvent::Signal { .. } | SyncEvent::IceServers(_) => {}
            error @ SyncEvent::RelayError { .. } => self.relay_errors.push(error),
        }
    }

    /// Pumps until caught up with nothing pending and the socket has been
    /// quiet for a moment (pushes from others may still be on the way).
    pub async fn settle(&mut self) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            assert!(
                tokio::time::Instant::now() < deadline,
                "{} did not settle: {:?}, {} pending, errors {:?}, acked {:?}",
                self.name,
                self.client.conn_state(),
                self.client.pending(),
                self.relay_errors,
                self.acked
            );
            if !self.is_connected() {
                return;
            }
            self.flush().await;
            let wait = if self.client.is_up_to_date() {
                Duration::from_millis(60)
            } else {
                Duration::from_secs(5)
            };
            if !self.pump(wait).await && self.client.is_up_to_date() {
                return;
            }
        }
    }

    /// Connects, syncs everything both ways and disconnects.
    pub async fn sync_once(&mut self, url: &str) {
        self.connect(url).await;
        self.settle().await;
        self.disconnect();
    }

    /// Sorted names of customers.
    pub fn customer_names(&mut self) -> Vec<String> {
        let mut names: Vec<String> = self
            .biz()
            .customers()
            .expect("customers")
            .into_iter()
            .map(|(_, p)| p.name)
            .collect();
        names.sort();
        names
    }

    /// Sorted (description, amount) of entries.
    pub fn entries(&mut self) -> Vec<(String, Decimal)> {
        let mut out: Vec<(String, Decimal)> = self
            .biz()
            .entries()
            .expect("entries")
            .into_iter()
            .map(|(_, e)| (e.description, e.amount))
            .collect();
        out.sort();
        out
    }

    pub fn sorted_heads(&mut self) -> Vec<String> {
        let mut heads: Vec<String> = self.biz().heads().iter().map(|h| h.to_string()).collect();
        heads.sort();
        heads
    }
}

/// Every byte of every file under `dir`.
pub fn all_file_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(bytes) = std::fs::read(&p) {
                out.push((p.display().to_string(), bytes));
            }
        }
    }
    out
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A bare protocol client for tests that speak frames directly.
pub struct RawClient {
    pub ws: Ws,
}

impl RawClient {
    pub async fn connect(url: &str) -> Self {
        let (ws, _) = tokio_tungstenite::connect_async(url)
            .await
            .expect("connect to relay");
        Self { ws }
    }

    /// Connects from the loopback address `from` (127.0.0.2, …), so the relay sees
    /// another client address; `Err` carries the HTTP refusal.
    pub async fn connect_from(
        url: &str,
        from: std::net::Ipv4Addr,
    ) -> Result<Self, tokio_tungstenite::tungstenite::Error> {
        let addr: SocketAddr = url
            .trim_start_matches("ws://")
            .trim_end_matches("/v1/sync")
            .parse()
            .expect("relay address");
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        socket
            .bind(SocketAddr::from((from, 0)))
            .expect("bind the client address");
        let stream = socket.connect(addr).await.expect("tcp connect");
        let (ws, _) = tokio_tungstenite::client_async(url, MaybeTlsStream::Plain(stream)).await?;
        Ok(Self { ws })
    }

    pub async fn send(&mut self, frame: retaguarda_core::sync::ClientFrame) {
        self.ws
            .send(Message::binary(frame.encode()))
            .await
            .expect("send");
    }

    /// The next relay frame, or `None` on close or after 5 s.
    pub async fn recv(&mut self) -> Option<retaguarda_core::sync::RelayFrame> {
        loop {
            let msg = tokio::time::timeout(Duration::from_secs(5), self.ws.next())
                .await
                .ok()??
                .ok()?;
            match msg {
                Message::Binary(bytes) => {
                    return Some(
                        retaguarda_core::sync::RelayFrame::decode(&bytes).expect("relay frame"),
                    )
                }
                Message::Close(_) => return None,
                _ => continue,
            }
        }
    }

    /// Hello with the given room and token; returns the relay's answer, after
    /// proving the work a new room costs when the relay asks for it.
    pub async fn hello(
        &mut self,
        room: retaguarda_core::sync::RoomId,
        token: retaguarda_core::sync::WriteToken,
    ) -> Option<retaguarda_core::sync::RelayFrame> {
        self.send(retaguarda_core::sync::ClientFrame::Hello {
            protocol: retaguarda_core::sync::PROTOCOL_VERSION,
            room,
            token,
        })
        .await;
        match self.recv().await {
            Some(retaguarda_core::sync::RelayFrame::Challenge(challenge)) => {
                let nonce = challenge.solve(&room).expect("proof of work");
                self.send(retaguarda_core::sync::ClientFrame::Proof { nonce })
                    .await;
                self.recv().await
            }
            other => other,
        }
    }

    /// Hello + Sync from `since`; returns every frame up to `CaughtUp`.
    pub async fn join(
        &mut self,
        secret: &TeamSecret,
        since: u64,
    ) -> Vec<retaguarda_core::sync::RelayFrame> {
        let keys = secret.derive();
        let welcome = self.hello(keys.room, keys.token).await;
        assert!(
            matches!(
                welcome,
                Some(retaguarda_core::sync::RelayFrame::Welcome { .. })
            ),
            "{welcome:?}"
        );
        self.send(retaguarda_core::sync::ClientFrame::Sync { since })
            .await;
        let mut frames = Vec::new();
        loop {
            let frame = self.recv().await.expect("catch-up frame");
            let done = matches!(frame, retaguarda_core::sync::RelayFrame::CaughtUp { .. });
            frames.push(frame);
            if done {
                return frames;
            }
        }
    }
}

/// `/metrics` over a plain HTTP/1.0 request to the running relay.
pub async fn metrics(addr: std::net::SocketAddr) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(b"GET /metrics HTTP/1.0\r\nHost: relay\r\n\r\n")
        .await
        .expect("write");
    let mut out = String::new();
    stream.read_to_string(&mut out).await.expect("read");
    out
}

pub fn metric(text: &str, name: &str) -> u64 {
    text.lines()
        .find(|l| l.starts_with(name) && l[name.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}
