//! The hub as a client of the cloud relay (`--upstream URL`, docs/SYNC.md
//! section 11): for every room a device opens through this relay, one task
//! keeps a WebSocket session to the same room on the cloud and forwards the
//! sealed blobs both ways, reconnecting with backoff while the internet is
//! down. Everything forwarded stays the ciphertext the devices sealed.
//!
//! This is the thin shell around [`forward::Forward`], which decides what to
//! send where and keeps the cursors: here are only the sockets, the timers
//! and the calls into the local [`Hub`]. The hub's side is followed in
//! process (a subscription and catch-up reads, as a connection would), and
//! blobs from the cloud are stored through the hub's writer like a device's.
//!
//! Rooms and their write tokens live in memory only: after a restart,
//! forwarding of a room resumes when one of its devices connects again. Its
//! cursors are kept in the data folder ([`CursorFile`]), so a restart does
//! not send again what both places have; if they are lost, both stores take
//! what they already hold as a no-op.

pub mod forward;

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use futures_util::future::BoxFuture;
use futures_util::stream::FuturesUnordered;
use futures_util::{SinkExt, StreamExt};
use retaguarda_core::sync::{
    Backoff, ClientFrame, RelayFrame, RoomId, WriteToken, PROTOCOL_VERSION,
};
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;

use crate::hub::{short, Hub, Subscriber};
use crate::store::token_hash;
use forward::{Action, Forward, WINDOW};

/// Copies from the cloud queued for the hub's writer, each resolving to its
/// `client_ref` and the refusal, if any. Many wait at once and share commits.
type Storing = FuturesUnordered<BoxFuture<'static, (u64, Result<(), String>)>>;

/// What the hub tells the forwarding about its rooms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoomEvent {
    /// A device opened `room` here with this write token.
    Opened { room: [u8; 32], token: [u8; 32] },
    /// A device retired `room` (docs/SYNC.md section 10) when its head was
    /// `head`.
    Retired { room: [u8; 32], head: u64 },
}

/// How long connecting to the cloud (TCP and WebSocket handshake) may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// Whether `url` can be a cloud relay's sync endpoint.
pub fn valid_url(url: &str) -> bool {
    url.starts_with("ws://") || url.starts_with("wss://")
}

/// How often changed cursors are written to the data folder, at most.
const SAVE_EVERY: Duration = Duration::from_secs(1);

/// Where one room's cursors are kept between restarts:
/// `DATA/upstream/<room in hex>`, one line `URL HUB_CURSOR CLOUD_CURSOR`.
/// Cursors saved for another cloud URL do not count.
#[derive(Debug, Clone)]
pub struct CursorFile {
    path: PathBuf,
    url: String,
}

impl CursorFile {
    /// The file of `room` forwarded to `url`, under the data folder `data`.
    pub fn new(data: &Path, url: &str, room: &[u8; 32]) -> Self {
        let name: String = room.iter().map(|b| format!("{b:02x}")).collect();
        Self {
            path: data.join("upstream").join(name),
            url: url.to_string(),
        }
    }

    /// The saved `(hub, cloud)` cursors; zeros when there are none (or they
    /// belong to another cloud).
    pub fn load(&self) -> (u64, u64) {
        let Ok(text) = std::fs::read_to_string(&self.path) else {
            return (0, 0);
        };
        let mut fields = text.split_whitespace();
        match (fields.next(), fields.next(), fields.next()) {
            (Some(url), Some(hub), Some(cloud)) if url == self.url => {
                (hub.parse().unwrap_or(0), cloud.parse().unwrap_or(0))
            }
            _ => (0, 0),
        }
    }

    /// Replaces the saved cursors (a new file renamed over the old one, so
    /// a crash leaves either).
    pub fn save(&self, hub: u64, cloud: u64) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = self.path.with_extension("tmp");
        std::fs::write(&tmp, format!("{} {hub} {cloud}\n", self.url))?;
        std::fs::rename(&tmp, &self.path)
    }
}

/// Starts forwarding to the cloud at `url`: every room the hub reports as
/// opened gets its own task, with its cursors kept under `data`. Call from
/// within the Tokio runtime.
pub fn start(hub: Arc<Hub>, url: String, data: PathBuf) {
    let (tx, rx) = mpsc::unbounded_channel();
    if !hub.set_upstream(tx) {
        return;
    }
    tracing::info!(%url, "salas deste hub também sincronizam com o relay na nuvem");
    tokio::spawn(rooms(hub, url, data, rx));
}

/// Spawns one forwarding task per room, the first time it is opened.
async fn rooms(
    hub: Arc<Hub>,
    url: String,
    data: PathBuf,
    mut events: mpsc::UnboundedReceiver<RoomEvent>,
) {
    let mut known: HashMap<[u8; 32], watch::Sender<Option<u64>>> = HashMap::new();
    while let Some(event) = events.recv().await {
        match event {
            RoomEvent::Opened { room, token } => {
                if let Entry::Vacant(entry) = known.entry(room) {
                    let (retired, notice) = watch::channel(None);
                    entry.insert(retired);
                    let file = CursorFile::new(&data, &url, &room);
                    let task = forward_room(hub.clone(), url.clone(), file, room, token, notice);
                    tokio::spawn(task);
                }
            }
            RoomEvent::Retired { room, head } => {
                if let Some(retired) = known.get(&room) {
                    retired.send_replace(Some(head));
                }
            }
        }
    }
}

/// Writes the machine's cursors when they changed since `saved`.
fn save_cursors(file: &CursorFile, machine: &Forward, saved: &mut (u64, u64)) {
    let now = (machine.hub_cursor(), machine.cloud_cursor());
    if now == *saved {
        return;
    }
    match file.save(now.0, now.1) {
        Ok(()) => *saved = now,
        Err(err) => {
            tracing::warn!(error = %err, "não foi possível guardar o progresso do repasse à nuvem")
        }
    }
}

/// How a session with the cloud ended.
enum Ended {
    /// Try again after a pause.
    Retry(String),
    /// The cloud refuses this room for good.
    Stop(String),
}

/// Forwards one room until the cloud refuses it for good.
async fn forward_room(
    hub: Arc<Hub>,
    url: String,
    file: CursorFile,
    room: [u8; 32],
    token: [u8; 32],
    mut retired: watch::Receiver<Option<u64>>,
) {
    let mut saved = file.load();
    let mut machine = Forward::resume(saved.0, saved.1);
    let mut backoff = Backoff::new();
    let mut storing = Storing::new();
    loop {
        if let Some(head) = *retired.borrow_and_update() {
            machine.retire_after(head);
        }
        let ended = session(
            &hub,
            &url,
            room,
            token,
            &mut machine,
            &mut backoff,
            &file,
            &mut saved,
            &mut storing,
            &mut retired,
        )
        .await;
        machine.cloud_lost();
        // Copies already taken from the cloud are still stored here.
        if let Ended::Stop(message) =
            drain_to_hub(&hub, room, token, &mut machine, &mut storing).await
        {
            tracing::warn!(room = %short(&room), "{message}");
            return;
        }
        save_cursors(&file, &machine, &mut saved);
        let counts = machine.counts();
        match ended {
            Ended::Stop(message) => {
                tracing::warn!(room = %short(&room), "a sala não será mais repassada à nuvem: {message}");
                return;
            }
            Ended::Retry(message) => {
                tracing::info!(
                    room = %short(&room),
                    pushed = counts.pushed,
                    pulled = counts.pulled,
                    "sem conexão com o relay na nuvem ({message}); nova tentativa em breve"
                );
            }
        }
        let mut random = [0u8; 4];
        let _ = getrandom::fill(&mut random);
        let delay = backoff.next_delay_ms(u32::from_be_bytes(random));
        tokio::time::sleep(Duration::from_millis(u64::from(delay))).await;
    }
}

/// Waits for the copies to the hub on their way and carries out those left
/// in the machine.
async fn drain_to_hub(
    hub: &Arc<Hub>,
    room: [u8; 32],
    token: [u8; 32],
    machine: &mut Forward,
    storing: &mut Storing,
) -> Ended {
    let conn = hub.next_conn();
    loop {
        while let Some(done) = storing.next().await {
            stored(hub, machine, &room, done);
        }
        match machine.poll() {
            None => return Ended::Retry(String::new()),
            Some(Action::ToHub {
                client_ref,
                snapshot,
                blob,
            }) => {
                let copy = (client_ref, snapshot, blob);
                store_at_hub(hub, room, token, conn, storing, copy);
            }
            Some(Action::Stop { message }) => return Ended::Stop(message),
            Some(_) => {}
        }
    }
}

/// Queues a copy from the cloud for the hub's writer now, so copies keep
/// the cloud's order; its answer joins `storing`.
fn store_at_hub(
    hub: &Arc<Hub>,
    room: [u8; 32],
    token: [u8; 32],
    conn: u64,
    storing: &mut Storing,
    (client_ref, snapshot, blob): (u64, bool, Vec<u8>),
) {
    let supersedes = snapshot.then_some(0);
    let submitted = hub.submit_append(room, token_hash(&token), conn, client_ref, supersedes, blob);
    storing.push(Box::pin(async move {
        let result = match submitted {
            Ok(answer) => match answer.await {
                Ok(Ok(_)) => Ok(()),
                Ok(Err(refusal)) => Err(refusal.message),
                Err(_) => Err("o gravador do hub parou".to_string()),
            },
            Err(refusal) => Err(refusal.message),
        };
        (client_ref, result)
    }));
}

/// Tells the machine how a copy to the hub went.
fn stored(
    hub: &Hub,
    machine: &mut Forward,
    room: &[u8; 32],
    (client_ref, result): (u64, Result<(), String>),
) {
    match result {
        Ok(()) => {
            hub.metrics
                .upstream_pulled_total
                .fetch_add(1, Ordering::Relaxed);
            machine.stored_at_hub(client_ref)
        }
        Err(message) => {
            tracing::warn!(room = %short(room), "o hub recusou um pacote vindo da nuvem: {message}");
            machine.refused_at_hub(client_ref);
        }
    }
}

/// Counts a room as live with the cloud while it lives.
struct Live(Arc<Hub>);

impl Live {
    fn new(hub: &Arc<Hub>) -> Self {
        hub.metrics
            .upstream_rooms_live
            .fetch_add(1, Ordering::Relaxed);
        Self(hub.clone())
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        self.0
            .metrics
            .upstream_rooms_live
            .fetch_sub(1, Ordering::Relaxed);
    }
}

/// Removes the hub subscription when a session ends.
struct Following {
    hub: Arc<Hub>,
    room: [u8; 32],
    conn: u64,
}

impl Drop for Following {
    fn drop(&mut self) {
        self.hub.unsubscribe(&self.room, self.conn);
    }
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// One WebSocket session with the cloud: opens the room (proving the work
/// a new room costs), then forwards until the connection fails.
#[allow(clippy::too_many_arguments)]
async fn session(
    hub: &Arc<Hub>,
    url: &str,
    room: [u8; 32],
    token: [u8; 32],
    machine: &mut Forward,
    backoff: &mut Backoff,
    file: &CursorFile,
    saved: &mut (u64, u64),
    storing: &mut Storing,
    retired: &mut watch::Receiver<Option<u64>>,
) -> Ended {
    let mut ws =
        match tokio::time::timeout(CONNECT_TIMEOUT, tokio_tungstenite::connect_async(url)).await {
            Ok(Ok((ws, _))) => ws,
            Ok(Err(err)) => return Ended::Retry(err.to_string()),
            Err(_) => return Ended::Retry("tempo esgotado ao conectar".into()),
        };
    let hello = ClientFrame::Hello {
        protocol: PROTOCOL_VERSION,
        room: RoomId(room),
        token: WriteToken(token),
    };
    if let Err(ended) = send(&mut ws, &hello).await {
        return ended;
    }
    let (heartbeat, timeout) = loop {
        match recv(&mut ws, CONNECT_TIMEOUT).await {
            Ok(RelayFrame::Challenge(challenge)) => {
                let solved =
                    tokio::task::spawn_blocking(move || challenge.solve(&RoomId(room))).await;
                let Ok(Some(nonce)) = solved else {
                    return Ended::Retry("prova de trabalho não resolvida".into());
                };
                if let Err(ended) = send(&mut ws, &ClientFrame::Proof { nonce }).await {
                    return ended;
                }
            }
            Ok(RelayFrame::Welcome {
                head,
                heartbeat_ms,
                timeout_ms,
                ..
            }) => {
                machine.cloud_welcome(head);
                break (
                    Duration::from_millis(u64::from(heartbeat_ms.max(100))),
                    Duration::from_millis(u64::from(timeout_ms.max(100))),
                );
            }
            Ok(RelayFrame::Error { code, message, .. }) => {
                return if code.is_fatal() {
                    Ended::Stop(message)
                } else {
                    Ended::Retry(message)
                };
            }
            Ok(_) => {}
            Err(ended) => return ended,
        }
    };
    let follow_conn = hub.next_conn();
    let append_conn = hub.next_conn();
    let mut following: Option<(Following, mpsc::Receiver<Bytes>)> = None;
    let mut live: Option<Live> = None;
    // The hub's stored blobs still to feed after a `FollowHub`: (cursor, head).
    let mut catch_up: Option<(u64, u64)> = None;
    let mut ping = tokio::time::interval_at(Instant::now() + heartbeat, heartbeat);
    let mut save = tokio::time::interval_at(Instant::now() + SAVE_EVERY, SAVE_EVERY);
    let mut last_seen = Instant::now();
    let mut nonce = 0u64;
    loop {
        while let Some(action) = machine.poll() {
            match action {
                Action::ToCloud(frame) => {
                    if let Err(ended) = send(&mut ws, &frame).await {
                        return ended;
                    }
                    if let ClientFrame::Append { .. } | ClientFrame::Snapshot { .. } = frame {
                        hub.metrics
                            .upstream_pushed_total
                            .fetch_add(1, Ordering::Relaxed);
                    }
                    if frame == ClientFrame::Retire {
                        return Ended::Stop(
                            "a equipe aposentou a sala; ela também foi aposentada na nuvem".into(),
                        );
                    }
                }
                Action::ToHub {
                    client_ref,
                    snapshot,
                    blob,
                } => {
                    let copy = (client_ref, snapshot, blob);
                    store_at_hub(hub, room, token, append_conn, storing, copy);
                }
                Action::FollowHub { since } => {
                    // Unsubscribes the old follower first: they share a conn id.
                    drop(following.take());
                    let (tx, rx) = mpsc::channel(hub.limits.channel_capacity.max(1));
                    let subscriber = Subscriber {
                        conn: follow_conn,
                        tx,
                        lagged: Arc::new(AtomicBool::new(false)),
                        from: 0,
                    };
                    let head = hub.subscribe(&room, subscriber, 0);
                    following = Some((
                        Following {
                            hub: hub.clone(),
                            room,
                            conn: follow_conn,
                        },
                        rx,
                    ));
                    catch_up = (since < head).then_some((since, head));
                    backoff.reset();
                    live.get_or_insert_with(|| Live::new(hub));
                }
                Action::Reconnect { message } => return Ended::Retry(message),
                Action::Stop { message } => return Ended::Stop(message),
            }
        }
        // The hub's stored blobs, a chunk at a time, before its pushes, as
        // fast as the cloud takes them.
        if let Some((cursor, head)) = catch_up.filter(|_| machine.wants_hub_blobs()) {
            let reader = hub.clone();
            let read =
                tokio::task::spawn_blocking(move || reader.read_after(&room, cursor, head)).await;
            match read {
                Ok(Ok(rows)) if !rows.is_empty() => {
                    let last = rows.last().map_or(head, |r| r.seq);
                    for row in rows {
                        machine.hub_blob(row.seq, row.supersedes.is_some(), row.data);
                    }
                    catch_up = (last < head).then_some((last, head));
                }
                Ok(Ok(_)) => catch_up = None,
                _ => return Ended::Retry("falha ao ler as salas deste hub".into()),
            }
            continue;
        }
        tokio::select! {
            Some(done) = storing.next(), if !storing.is_empty() => stored(hub, machine, &room, done),
            // The cloud is read no faster than the hub stores what it sends.
            incoming = ws.next(), if storing.len() < WINDOW => {
                last_seen = Instant::now();
                match incoming {
                    Some(Ok(Message::Binary(bytes))) => match RelayFrame::decode(&bytes) {
                        Ok(frame) => machine.cloud_frame(frame),
                        Err(err) => return Ended::Retry(err.to_string()),
                    },
                    Some(Ok(Message::Close(_))) | None => {
                        return Ended::Retry("o relay na nuvem fechou a conexão".into())
                    }
                    Some(Ok(_)) => {}
                    Some(Err(err)) => return Ended::Retry(err.to_string()),
                }
            }
            pushed = recv_pushed(&mut following) => match pushed.map(|b| RelayFrame::decode(&b)) {
                Some(Ok(RelayFrame::Blob { seq, blob })) => machine.hub_blob(seq, false, blob),
                Some(Ok(RelayFrame::SnapshotBlob { seq, blob, .. })) => {
                    machine.hub_blob(seq, true, blob)
                }
                Some(_) => {}
                None => {
                    // Dropped for falling behind: read the hub again.
                    following = None;
                    machine.hub_lost();
                }
            },
            _ = save.tick() => save_cursors(file, machine, saved),
            Ok(()) = retired.changed() => {
                if let Some(head) = *retired.borrow_and_update() {
                    machine.retire_after(head);
                }
            }
            _ = ping.tick() => {
                if last_seen.elapsed() > heartbeat + timeout {
                    return Ended::Retry("o relay na nuvem não responde".into());
                }
                nonce += 1;
                if let Err(ended) = send(&mut ws, &ClientFrame::Ping { nonce }).await {
                    return ended;
                }
            }
        }
    }
}

async fn send(ws: &mut Socket, frame: &ClientFrame) -> Result<(), Ended> {
    ws.send(Message::binary(frame.encode()))
        .await
        .map_err(|err| Ended::Retry(err.to_string()))
}

/// The next relay frame within `wait`.
async fn recv(ws: &mut Socket, wait: Duration) -> Result<RelayFrame, Ended> {
    loop {
        let next = tokio::time::timeout(wait, ws.next())
            .await
            .map_err(|_| Ended::Retry("o relay na nuvem não respondeu a tempo".into()))?;
        match next {
            Some(Ok(Message::Binary(bytes))) => {
                return RelayFrame::decode(&bytes).map_err(|err| Ended::Retry(err.to_string()))
            }
            Some(Ok(Message::Close(_))) | None => {
                return Err(Ended::Retry("o relay na nuvem fechou a conexão".into()))
            }
            Some(Ok(_)) => {}
            Some(Err(err)) => return Err(Ended::Retry(err.to_string())),
        }
    }
}

/// The hub's next push, or never while not following it.
async fn recv_pushed(following: &mut Option<(Following, mpsc::Receiver<Bytes>)>) -> Option<Bytes> {
    match following {
        Some((_, rx)) => rx.recv().await,
        None => std::future::pending().await,
    }
}
