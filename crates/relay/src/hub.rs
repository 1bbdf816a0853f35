//! The rooms in memory: the database, one writer thread and, per room, the
//! live subscribers.
//!
//! Every write goes to the writer thread, which commits whatever is queued,
//! from all rooms, in one transaction (group commit: one fsync per batch, not
//! per blob) and only then acknowledges and fans out each blob. The writer is
//! the only one that pushes, in commit order, so every subscriber receives a
//! room's blobs (and its own acks) in sequence order. Pushes never wait: a
//! subscriber whose bounded queue is full is dropped as too slow and catches
//! up again after reconnecting.
//!
//! A room is created in memory when a device proves the work it costs
//! ([`crate::admission`]), and stored with its first blob: a room that never gets
//! one is forgotten after `empty_room_ttl`, so empty rooms never fill the relay.
//!
//! Reads go through a second connection to the store (on SQLite, WAL lets
//! it run beside the writer). They block: call [`Hub::read_after`] and
//! [`Hub::totals`] from `tokio::task::spawn_blocking`.
//!
//! On PostgreSQL several relay nodes share the rooms. Blobs that another
//! node committed reach the writer as hints (room and head, see
//! `store::postgres`); the writer reads what its subscribers have not seen
//! by sequence and pushes it, in the same single place and order as its own
//! blobs, so a room's pushes stay in sequence order whoever appended them.
//! Before pushing one of its own blobs, the writer first fills any gap
//! below it the same way, so a hint that is late (or lost) costs latency,
//! never a blob. A room created (in memory) on two nodes at once is stored
//! by the first blob to commit; the other node's first blob then finds it
//! stored and must hold the same token.
//!
//! Peer-to-peer signals ([`Hub::signal`]) are not jobs: they never touch the
//! store. They go straight to the room's other subscribers on this node and,
//! on PostgreSQL, to the other nodes through `NOTIFY retaguarda_signal`. A
//! subscriber whose queue is full simply misses one (devices resend).

pub mod lan;
pub mod pairing;

use std::collections::HashMap;
use std::net::IpAddr;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc as std_mpsc, Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use retaguarda_core::sync::{ErrorCode, RelayFrame};
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

use crate::admission::Admission;
use crate::config::Limits;
use crate::metrics::Metrics;
use crate::store::postgres::Hint;
use crate::store::{retired_hash, BlobRow, Storage, StoreError, Totals, WriteBatch};

/// Most blobs committed in one transaction.
const MAX_BATCH_BLOBS: usize = 512;
/// Most bytes committed in one transaction, so one batch of big blobs does
/// not hold every other room's acks for long.
const MAX_BATCH_BYTES: usize = 16 * 1024 * 1024;

/// The writer's answer to one append: the ack to send directly (when the
/// sender is not subscribed), or the refusal.
pub type Answer = oneshot::Receiver<Result<Option<Bytes>, Refusal>>;

/// A refusal to send back to the device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: ErrorCode,
    pub message: String,
}

impl Refusal {
    fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl From<StoreError> for Refusal {
    fn from(err: StoreError) -> Self {
        tracing::error!(error = %err, "falha no armazenamento");
        Refusal::new(
            ErrorCode::Internal,
            "o servidor de sincronização não conseguiu gravar; tente de novo mais tarde",
        )
    }
}

/// A connection subscribed to a room's pushes.
#[derive(Debug)]
pub struct Subscriber {
    pub conn: u64,
    pub tx: mpsc::Sender<Bytes>,
    /// Set when the relay dropped this subscriber for being too slow.
    pub lagged: Arc<AtomicBool>,
    /// The head its catch-up covers: pushes at or below it are skipped.
    /// [`Hub::subscribe`] sets it.
    pub from: u64,
}

/// What the writer and the connections share: who listens to each room, and
/// each room's head as far as pushes have gone.
#[derive(Debug, Default)]
struct Rooms {
    subscribers: HashMap<[u8; 32], Vec<Subscriber>>,
    /// The last sequence number committed and pushed, per room. A new
    /// subscriber catches up to it from storage and gets the rest as pushes,
    /// so it sees every blob exactly once.
    heads: HashMap<[u8; 32], u64>,
    /// Rooms created and not yet stored: the hash of their token and when.
    empty: HashMap<[u8; 32], ([u8; 32], Instant)>,
}

/// What `Hello` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// A known room (stored, or created and still empty) and its head.
    Room { head: u64 },
    /// No such room: it may be created with a proof of work.
    New,
}

/// One write waiting for the writer thread.
enum Job {
    /// Stores a blob (or a snapshot) and fans it out; the room's first blob also
    /// stores the room, bound to `hash`.
    Append {
        room: [u8; 32],
        hash: [u8; 32],
        conn: u64,
        client_ref: u64,
        supersedes: Option<u64>,
        blob: Vec<u8>,
        reply: oneshot::Sender<Result<Option<Bytes>, Refusal>>,
    },
    /// Another node (or this one) committed a room's blobs up to a head.
    Hint(Hint),
}

impl Job {
    fn len(&self) -> usize {
        match self {
            Job::Hint(_) => 0,
            Job::Append { blob, .. } => blob.len(),
        }
    }

    /// The room a write touches; batches take rooms in this order.
    fn room(&self) -> [u8; 32] {
        match self {
            Job::Append { room, .. } => *room,
            Job::Hint(_) => [0; 32],
        }
    }
}

/// Pushes a signal to a room's subscribers on this node except `except`.
fn fan_out_signal(rooms: &Mutex<Rooms>, room: &[u8; 32], except: Option<u64>, blob: &[u8]) {
    let frame = Bytes::from(
        RelayFrame::Signal {
            blob: blob.to_vec(),
        }
        .encode(),
    );
    let rooms = lock(rooms);
    for subscriber in rooms.subscribers.get(room).into_iter().flatten() {
        if Some(subscriber.conn) != except {
            // A full queue belongs to a lagging device, which the blob pushes
            // will drop; a signal is not worth waiting for.
            let _ = subscriber.tx.try_send(frame.clone());
        }
    }
}

/// Shared relay state for the sync endpoint.
#[derive(Debug)]
pub struct Hub {
    /// The connection for reads; the writer thread owns the other one.
    reader: Mutex<Box<dyn Storage>>,
    rooms: Arc<Mutex<Rooms>>,
    jobs: std_mpsc::Sender<Job>,
    pub metrics: Arc<Metrics>,
    pub limits: Limits,
    pub admission: Arc<Admission>,
    next_conn: AtomicU64,
    /// `"sqlite"` or `"postgres"`.
    pub engine: &'static str,
    /// Tells the listener thread (if any) to stop with the hub.
    stop: Arc<AtomicBool>,
    /// This node's random id, so it skips its own signals coming back from
    /// PostgreSQL.
    node: u64,
    /// Signals for the other nodes (PostgreSQL only).
    notify: Option<std_mpsc::SyncSender<String>>,
    /// Rooms opened here, for the forwarding to the cloud (`--upstream`).
    upstream: std::sync::OnceLock<mpsc::UnboundedSender<crate::upstream::RoomEvent>>,
}

impl Drop for Hub {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn constant_time_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding a lock cannot leave SQLite half-written
    // (transactions roll back) nor the maps torn, so the state is usable.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn internal() -> Refusal {
    Refusal::new(
        ErrorCode::Internal,
        "falha interna no servidor de sincronização",
    )
}

impl Hub {
    /// A hub over two connections to the same database: `writer` goes to
    /// the writer thread, `reader` serves catch-up, handshakes and totals.
    /// With `listen` (a PostgreSQL URL), a third connection listens to the
    /// other nodes' hints.
    pub fn new(
        mut writer: Box<dyn Storage>,
        reader: Box<dyn Storage>,
        limits: Limits,
        listen: Option<String>,
    ) -> Result<Self, StoreError> {
        let engine = writer.engine();
        let (forgotten, heads) = crate::store::postgres::off_runtime(|| {
            // Rooms stored empty by an older relay would hold places forever.
            let forgotten = writer.delete_empty_rooms()?;
            Ok::<_, StoreError>((forgotten, writer.heads()?))
        })?;
        if forgotten > 0 {
            tracing::info!(forgotten, "salas vazias esquecidas");
        }
        let rooms = Arc::new(Mutex::new(Rooms {
            subscribers: HashMap::new(),
            heads: heads.into_iter().collect(),
            empty: HashMap::new(),
        }));
        let metrics = Arc::new(Metrics::default());
        let admission = Arc::new(Admission::new(limits.clone(), metrics.clone()));
        let (jobs, queue) = std_mpsc::channel();
        let state = Writer {
            store: writer,
            rooms: rooms.clone(),
            metrics: metrics.clone(),
            limits: limits.clone(),
        };
        std::thread::Builder::new()
            .name("relay-writer".into())
            .spawn(move || state.run(queue))
            .map_err(StoreError::Io)?;
        let stop = Arc::new(AtomicBool::new(false));
        let mut node = [0u8; 8];
        getrandom::fill(&mut node).map_err(|e| StoreError::Io(std::io::Error::other(e)))?;
        let node = u64::from_be_bytes(node);
        let mut notify = None;
        if let Some(url) = listen {
            let hints = jobs.clone();
            let signal_rooms = rooms.clone();
            notify = Some(crate::store::postgres::notifier(url.clone(), stop.clone())?);
            crate::store::postgres::listen(
                url,
                stop.clone(),
                move |hint| hints.send(Job::Hint(hint)).is_ok(),
                move |(room, from, blob)| {
                    if from != node {
                        fan_out_signal(&signal_rooms, &room, None, &blob);
                    }
                },
            )?;
        }
        Ok(Self {
            reader: Mutex::new(reader),
            rooms,
            jobs,
            metrics,
            limits,
            admission,
            next_conn: AtomicU64::new(1),
            engine,
            stop,
            node,
            notify,
            upstream: std::sync::OnceLock::new(),
        })
    }

    /// Sends every room opened from now on to the forwarding to the cloud;
    /// `false` if it was already set.
    pub fn set_upstream(&self, events: mpsc::UnboundedSender<crate::upstream::RoomEvent>) -> bool {
        self.upstream.set(events).is_ok()
    }

    /// A device opened `room` with `token` (checked against the room): with
    /// `--upstream`, the room is forwarded to the cloud from now on.
    pub fn opened(&self, room: [u8; 32], token: [u8; 32]) {
        self.tell_upstream(crate::upstream::RoomEvent::Opened { room, token });
    }

    fn tell_upstream(&self, event: crate::upstream::RoomEvent) {
        if let Some(upstream) = self.upstream.get() {
            // Gone only when the runtime stops.
            let _ = upstream.send(event);
        }
    }

    /// Forwards a sealed peer-to-peer signal from connection `conn` to the room's
    /// other subscribers, here and on the other nodes. Never stored.
    pub fn signal(&self, room: &[u8; 32], conn: u64, blob: &[u8]) {
        fan_out_signal(&self.rooms, room, Some(conn), blob);
        if let Some(notify) = &self.notify {
            let payload = crate::store::postgres::signal_payload(room, self.node, blob);
            if notify.try_send(payload).is_err() {
                tracing::debug!(room = %short(room), "sinal não repassado aos outros nós");
            }
        }
    }

    /// Checks that the store answers (for `/healthz`); blocks.
    pub fn check_store(&self) -> Result<(), StoreError> {
        lock(&self.reader).room(&[0; 32]).map(|_| ())
    }

    /// Retires `room` for the connection that opened it with `hash` (a member was
    /// removed and the team moved to new keys): later writes with that token are refused
    /// with `Retired`, reads go on. Returns whether the room was retired now.
    pub async fn retire(self: &Arc<Self>, room: [u8; 32], hash: [u8; 32]) -> Result<bool, Refusal> {
        let hub = self.clone();
        let retired =
            tokio::task::spawn_blocking(move || lock(&hub.reader).retire_room(&room, &hash))
                .await
                .map_err(|_| internal())??;
        if retired {
            tracing::info!(room = %short(&room), "sala aposentada: a equipe trocou de chaves");
            // Every blob acknowledged before the Retire is pushed, so counted here.
            let head = lock(&self.rooms).heads.get(&room).copied().unwrap_or(0);
            self.tell_upstream(crate::upstream::RoomEvent::Retired { room, head });
        }
        Ok(retired)
    }

    /// A new connection id.
    pub fn next_conn(&self) -> u64 {
        self.next_conn.fetch_add(1, Ordering::Relaxed)
    }

    /// Opens a room with the hash of its write token.
    pub async fn hello(
        self: &Arc<Self>,
        room: [u8; 32],
        hash: [u8; 32],
    ) -> Result<Opened, Refusal> {
        // A room stored by the writer between the read and the look at the rooms in
        // memory is read again.
        for _ in 0..3 {
            let hub = self.clone();
            let row = tokio::task::spawn_blocking(move || lock(&hub.reader).room(&room))
                .await
                .map_err(|_| internal())??;
            if let Some(row) = row {
                // A retired room still opens for reading with its old token.
                return if constant_time_eq(&row.token_hash, &hash)
                    || constant_time_eq(&row.token_hash, &retired_hash(&hash))
                {
                    Ok(Opened::Room { head: row.head })
                } else {
                    Err(unauthorized())
                };
            }
            let mut rooms = lock(&self.rooms);
            self.forget_expired(&mut rooms);
            match rooms.empty.get(&room) {
                Some((bound, _)) if constant_time_eq(bound, &hash) => {
                    return Ok(Opened::Room { head: 0 })
                }
                Some(_) => return Err(unauthorized()),
                None if rooms.heads.contains_key(&room) => continue,
                None => return Ok(Opened::New),
            }
        }
        Err(internal())
    }

    /// Creates `room` bound to `hash` for `ip`, which proved the work it costs;
    /// it is stored with its first blob.
    pub fn create(&self, room: [u8; 32], hash: [u8; 32], ip: IpAddr) -> Result<(), Refusal> {
        let mut rooms = lock(&self.rooms);
        self.forget_expired(&mut rooms);
        if let Some((bound, _)) = rooms.empty.get(&room) {
            return if constant_time_eq(bound, &hash) {
                Ok(())
            } else {
                Err(unauthorized())
            };
        }
        let known = (rooms.heads.len() + rooms.empty.len()) as u64;
        if known >= self.limits.max_rooms {
            self.metrics.refusal("rooms_full");
            return Err(Refusal::new(
                ErrorCode::QuotaExceeded,
                "este servidor de sincronização não aceita novas equipes agora; as equipes que já existem continuam funcionando. Tente mais tarde ou use outro servidor",
            ));
        }
        if !self.admission.room_created(ip) {
            self.metrics.refusal("room_rate");
            return Err(room_rate());
        }
        if rooms.empty.len() >= self.limits.max_empty_rooms.max(1) {
            let oldest = rooms
                .empty
                .iter()
                .min_by_key(|(_, (_, at))| *at)
                .map(|(room, _)| *room);
            if let Some(oldest) = oldest {
                rooms.empty.remove(&oldest);
                self.metrics.refusal("empty_room_dropped");
            }
        }
        rooms.empty.insert(room, (hash, Instant::now()));
        tracing::info!(room = %short(&room), "sala criada");
        Ok(())
    }

    /// Forgets created rooms that got no blob within their time.
    fn forget_expired(&self, rooms: &mut Rooms) {
        let ttl = self.limits.empty_room_ttl;
        let before = rooms.empty.len();
        rooms.empty.retain(|_, (_, at)| at.elapsed() < ttl);
        for _ in rooms.empty.len()..before {
            self.metrics.refusal("empty_room_expired");
        }
    }

    /// Rooms stored and rooms created but still empty, for tests and logs.
    pub fn room_counts(&self) -> (usize, usize) {
        let mut rooms = lock(&self.rooms);
        self.forget_expired(&mut rooms);
        (rooms.heads.len(), rooms.empty.len())
    }

    /// Subscribes a connection to a room's pushes; returns the head at the
    /// moment of subscribing (catch-up covers up to it, pushes the rest).
    /// `floor` is a head the connection already announced (its Welcome): on
    /// a node that has not yet heard of another node's blobs, catch-up still
    /// reaches it, and pushes skip what it covered.
    pub fn subscribe(&self, room: &[u8; 32], mut subscriber: Subscriber, floor: u64) -> u64 {
        let mut rooms = lock(&self.rooms);
        let head = rooms.heads.get(room).copied().unwrap_or(0).max(floor);
        subscriber.from = head;
        rooms.subscribers.entry(*room).or_default().push(subscriber);
        head
    }

    /// Removes a connection's subscription.
    pub fn unsubscribe(&self, room: &[u8; 32], conn: u64) {
        let mut rooms = lock(&self.rooms);
        if let Some(list) = rooms.subscribers.get_mut(room) {
            list.retain(|s| s.conn != conn);
            if list.is_empty() {
                rooms.subscribers.remove(room);
            }
        }
    }

    /// Stored blobs after `since` up to `upto`, a chunk at a time.
    pub fn read_after(
        &self,
        room: &[u8; 32],
        since: u64,
        upto: u64,
    ) -> Result<Vec<BlobRow>, Refusal> {
        let started = std::time::Instant::now();
        let rows = lock(&self.reader).read_after(room, since, upto, self.limits.max_blob_bytes * 2);
        self.metrics.store_read(started.elapsed());
        Ok(rows?)
    }

    /// Stores a blob and pushes it to the room's other subscribers; resolves
    /// once its batch is committed (on disk). The sender's ack goes through
    /// its own queue when it is subscribed (keeping sequence order), else it
    /// is returned to be sent directly.
    pub async fn append(
        &self,
        room: [u8; 32],
        hash: [u8; 32],
        conn: u64,
        client_ref: u64,
        supersedes: Option<u64>,
        blob: Vec<u8>,
    ) -> Result<Option<Bytes>, Refusal> {
        let answer = self.submit_append(room, hash, conn, client_ref, supersedes, blob)?;
        answer.await.map_err(|_| internal())?
    }

    /// [`Hub::append`] in two steps: the blob is queued for the writer now,
    /// in call order, and the answer comes later (many can wait at once and
    /// share a commit).
    pub fn submit_append(
        &self,
        room: [u8; 32],
        hash: [u8; 32],
        conn: u64,
        client_ref: u64,
        supersedes: Option<u64>,
        blob: Vec<u8>,
    ) -> Result<Answer, Refusal> {
        let (reply, answer) = oneshot::channel();
        self.submit(Job::Append {
            room,
            hash,
            conn,
            client_ref,
            supersedes,
            blob,
            reply,
        })?;
        Ok(answer)
    }

    fn submit(&self, job: Job) -> Result<(), Refusal> {
        self.jobs.send(job).map_err(|_| {
            tracing::error!("o gravador do relay parou");
            internal()
        })
    }

    /// Totals for `/metrics`.
    pub fn totals(&self) -> Result<Totals, StoreError> {
        lock(&self.reader).totals()
    }
}

/// The refusal of a new room to an address that created its share this hour.
pub fn room_rate() -> Refusal {
    Refusal::new(
        ErrorCode::RateLimited,
        "muitas equipes novas foram criadas a partir desta rede na última hora; tente de novo mais tarde",
    )
}

fn unauthorized() -> Refusal {
    Refusal::new(
        ErrorCode::Unauthorized,
        "este aparelho não tem a chave desta equipe; peça um novo convite",
    )
}

/// The writer thread's state: the only connection that writes.
struct Writer {
    store: Box<dyn Storage>,
    rooms: Arc<Mutex<Rooms>>,
    metrics: Arc<Metrics>,
    limits: Limits,
}

/// A job's result, kept until its batch is committed.
enum Done {
    Appended {
        room: [u8; 32],
        conn: u64,
        seq: u64,
        ack: Bytes,
        /// The frame for the other subscribers; `None` for a duplicate.
        push: Option<Bytes>,
        len: u64,
        reply: oneshot::Sender<Result<Option<Bytes>, Refusal>>,
    },
    Refused(Reply, Refusal),
    /// A hint, handled after the batch.
    Hinted,
}

/// Where a refusal goes.
enum Reply {
    Append(oneshot::Sender<Result<Option<Bytes>, Refusal>>),
}

impl Reply {
    fn send(self, refusal: Refusal) {
        // The connection may be gone; nobody is left to tell.
        match self {
            Reply::Append(tx) => {
                let _ = tx.send(Err(refusal));
            }
        }
    }
}

impl Writer {
    /// Takes the first waiting job, then whatever else is already queued, up
    /// to a batch's limits, and commits them together. There is no waiting
    /// for more: the jobs that arrive during one commit's fsync make up the
    /// next batch, so a quiet relay answers in one fsync and a busy one
    /// gathers more per fsync.
    fn run(mut self, queue: std_mpsc::Receiver<Job>) {
        while let Ok(first) = queue.recv() {
            let mut bytes = first.len();
            let mut jobs = vec![first];
            while jobs.len() < MAX_BATCH_BLOBS && bytes < MAX_BATCH_BYTES {
                match queue.try_recv() {
                    Ok(job) => {
                        bytes += job.len();
                        jobs.push(job);
                    }
                    Err(_) => break,
                }
            }
            let (hints, mut jobs): (Vec<Job>, Vec<Job>) =
                jobs.into_iter().partition(|j| matches!(j, Job::Hint(_)));
            // Rooms in one order in every batch: on PostgreSQL each append
            // locks its room's row, and two nodes' batches must not wait for
            // each other in a cycle. The sort is stable: a room's writes keep
            // their order.
            jobs.sort_by_key(Job::room);
            let hints: Vec<Hint> = hints
                .into_iter()
                .filter_map(|j| match j {
                    Job::Hint(h) => Some(h),
                    _ => None,
                })
                .collect();
            // A panic drops this batch's replies (their connections report
            // an internal error) and rolls its transaction back, but the
            // writer keeps serving the next batches.
            let _ = std::panic::catch_unwind(AssertUnwindSafe(|| {
                if !jobs.is_empty() {
                    self.commit(jobs);
                }
                if !hints.is_empty() {
                    self.follow(hints);
                }
            }));
        }
    }

    /// Pushes what other nodes committed, as far as the hints say (a resync:
    /// as far as the database says).
    fn follow(&mut self, hints: Vec<Hint>) {
        let mut upto: HashMap<[u8; 32], u64> = HashMap::new();
        for hint in hints {
            match hint {
                Hint::Grew { room, head } => {
                    let h = upto.entry(room).or_insert(0);
                    *h = (*h).max(head);
                }
                Hint::Resync => match self.store.heads() {
                    Ok(heads) => {
                        for (room, head) in heads {
                            let h = upto.entry(room).or_insert(0);
                            *h = (*h).max(head);
                        }
                    }
                    Err(err) => tracing::error!(error = %err, "falha ao reler as salas"),
                },
            }
        }
        let rooms = self.rooms.clone();
        let mut rooms = lock(&rooms);
        for (room, head) in upto {
            self.fill(&mut rooms, &room, head);
        }
    }

    /// Pushes the room's blobs after the last one pushed up to `upto`, read
    /// from the store (they were committed by another node). A room nobody
    /// here listens to only moves its head.
    fn fill(&mut self, rooms: &mut Rooms, room: &[u8; 32], upto: u64) {
        let known = rooms.heads.get(room).copied().unwrap_or(0);
        if upto <= known {
            return;
        }
        if !rooms.subscribers.contains_key(room) {
            rooms.heads.insert(*room, upto);
            return;
        }
        let mut cursor = known;
        while cursor < upto {
            let started = std::time::Instant::now();
            let read = self
                .store
                .read_after(room, cursor, upto, self.limits.max_blob_bytes * 2);
            self.metrics.store_read(started.elapsed());
            let rows = match read {
                Ok(rows) if !rows.is_empty() => rows,
                Ok(_) => break,
                Err(err) => {
                    // Better to make them reconnect (and catch up by
                    // sequence) than to let them miss blobs.
                    tracing::error!(error = %err, room = %short(room), "falha ao ler blobs de outro nó");
                    if let Some(list) = rooms.subscribers.remove(room) {
                        for sub in list {
                            sub.lagged.store(true, Ordering::Relaxed);
                        }
                    }
                    break;
                }
            };
            for row in rows {
                cursor = row.seq;
                let frame = Bytes::from(blob_frame(row).encode());
                self.fan_out(rooms, room, 0, cursor, None, Some(&frame));
            }
        }
        rooms.heads.insert(*room, upto);
    }

    fn commit(&mut self, jobs: Vec<Job>) {
        let started = std::time::Instant::now();
        let mut batch = match self.store.batch() {
            Ok(batch) => batch,
            Err(err) => {
                let refusal = Refusal::from(err);
                for reply in jobs.into_iter().filter_map(reply_of) {
                    reply.send(refusal.clone());
                }
                return;
            }
        };
        let done: Vec<Done> = jobs
            .into_iter()
            .map(|job| apply(batch.as_mut(), &self.limits, &self.rooms, job))
            .collect();
        let committed = batch.commit();
        self.metrics.store_commit(started.elapsed());
        if let Err(err) = committed {
            // Nothing of the batch is stored: nobody gets an ack.
            let refusal = Refusal::from(err);
            for d in done {
                match d {
                    Done::Appended { reply, .. } => Reply::Append(reply).send(refusal.clone()),
                    Done::Refused(reply, refusal) => reply.send(refusal),
                    Done::Hinted => {}
                }
            }
            return;
        }
        self.metrics.commits_total.fetch_add(1, Ordering::Relaxed);
        self.publish(done);
    }

    /// Fans out a committed batch in order, then answers its connections.
    fn publish(&mut self, done: Vec<Done>) {
        let mut answers = Vec::with_capacity(done.len());
        {
            let rooms = self.rooms.clone();
            let mut rooms = lock(&rooms);
            for d in done {
                match d {
                    Done::Refused(reply, refusal) => reply.send(refusal),
                    Done::Hinted => {}
                    Done::Appended {
                        room,
                        conn,
                        seq,
                        ack,
                        push,
                        len,
                        reply,
                    } => {
                        if push.is_some() {
                            // Another node's blobs below this one go first.
                            self.fill(&mut rooms, &room, seq - 1);
                            rooms.heads.insert(room, seq);
                            rooms.empty.remove(&room);
                            self.metrics.appends_total.fetch_add(1, Ordering::Relaxed);
                            self.metrics
                                .bytes_in_total
                                .fetch_add(len, Ordering::Relaxed);
                        }
                        let direct =
                            self.fan_out(&mut rooms, &room, conn, seq, Some(ack), push.as_ref());
                        answers.push((reply, direct));
                    }
                }
            }
        }
        for (reply, direct) in answers {
            let _ = reply.send(Ok(direct));
        }
    }

    /// Pushes a stored blob (`seq`) to the room's other subscribers and the
    /// ack to the sender's queue; returns the ack when the sender is not
    /// subscribed. Without an ack (another node's blob) every subscriber is
    /// "other".
    fn fan_out(
        &self,
        rooms: &mut Rooms,
        room: &[u8; 32],
        conn: u64,
        seq: u64,
        ack: Option<Bytes>,
        push: Option<&Bytes>,
    ) -> Option<Bytes> {
        let mut direct_ack = ack.clone();
        let mut pushed = 0u64;
        if let Some(list) = rooms.subscribers.get_mut(room) {
            list.retain(|sub| {
                let frame = match (&ack, push) {
                    (Some(ack), _) if sub.conn == conn => {
                        direct_ack = None;
                        ack.clone()
                    }
                    // Its catch-up already sent this one.
                    _ if seq <= sub.from => return true,
                    (_, Some(push)) => push.clone(),
                    (_, None) => return true,
                };
                match sub.tx.try_send(frame) {
                    Ok(()) => {
                        if sub.conn != conn {
                            pushed += 1;
                        }
                        true
                    }
                    Err(_) => {
                        // Full or gone: drop it rather than wait for it.
                        sub.lagged.store(true, Ordering::Relaxed);
                        self.metrics.error(ErrorCode::Lagged);
                        tracing::warn!(conn = sub.conn, room = %short(room), "aparelho lento desligado da sala");
                        false
                    }
                }
            });
            if list.is_empty() {
                rooms.subscribers.remove(room);
            }
        }
        self.metrics
            .blobs_out_total
            .fetch_add(pushed, Ordering::Relaxed);
        direct_ack
    }
}

fn reply_of(job: Job) -> Option<Reply> {
    match job {
        Job::Append { reply, .. } => Some(Reply::Append(reply)),
        Job::Hint(_) => None,
    }
}

/// Runs one job inside the batch; a refusal or a failed write leaves the
/// batch's other writes as they were.
fn apply(batch: &mut dyn WriteBatch, limits: &Limits, rooms: &Mutex<Rooms>, job: Job) -> Done {
    match job {
        Job::Hint(_) => Done::Hinted,
        Job::Append {
            room,
            hash,
            conn,
            client_ref,
            supersedes,
            blob,
            reply,
        } => match append(batch, limits, rooms, &room, &hash, supersedes, &blob) {
            Ok(appended) => {
                let ack = Bytes::from(
                    RelayFrame::Ack {
                        client_ref,
                        seq: appended.seq,
                    }
                    .encode(),
                );
                let len = blob.len() as u64;
                let push = (!appended.duplicate).then(|| {
                    Bytes::from(
                        match supersedes {
                            None => RelayFrame::Blob {
                                seq: appended.seq,
                                blob,
                            },
                            Some(supersedes) => RelayFrame::SnapshotBlob {
                                seq: appended.seq,
                                supersedes,
                                blob,
                            },
                        }
                        .encode(),
                    )
                });
                Done::Appended {
                    room,
                    conn,
                    seq: appended.seq,
                    ack,
                    push,
                    len,
                    reply,
                }
            }
            Err(refusal) => Done::Refused(Reply::Append(reply), refusal),
        },
    }
}

/// Checks a blob against the room as the batch sees it, then stores it.
fn append(
    batch: &mut dyn WriteBatch,
    limits: &Limits,
    rooms: &Mutex<Rooms>,
    room: &[u8; 32],
    hash: &[u8; 32],
    supersedes: Option<u64>,
    blob: &[u8],
) -> Result<crate::store::Appended, Refusal> {
    let row = match batch.room(room)? {
        // The connection showed this token at Hello, but a room it created
        // in memory may have been stored meanwhile by another node sharing
        // the database, bound to another token.
        Some(row) if constant_time_eq(&row.token_hash, &retired_hash(hash)) => {
            return Err(retired())
        }
        Some(row) if !constant_time_eq(&row.token_hash, hash) => return Err(unauthorized()),
        Some(row) => row,
        None => {
            // The room's first blob: store the room created at Hello.
            let created = lock(rooms)
                .empty
                .get(room)
                .is_some_and(|(bound, _)| constant_time_eq(bound, hash));
            if !created {
                return Err(Refusal::new(
                    ErrorCode::NotAuthenticated,
                    "a equipe expirou no servidor antes do primeiro envio; o aparelho vai reconectar",
                ));
            }
            batch.create_room(room, hash)?;
            // Another node may have stored it first (its insert won): then
            // the token must be the one it bound.
            match batch.room(room)? {
                Some(row) if constant_time_eq(&row.token_hash, hash) => row,
                Some(_) => return Err(unauthorized()),
                None => return Err(internal()),
            }
        }
    };
    match supersedes {
        Some(upto) if upto > row.head => {
            return Err(Refusal::new(
                ErrorCode::BadSnapshot,
                format!(
                    "o resumo diz cobrir até {upto}, mas a sala só vai até {}",
                    row.head
                ),
            ));
        }
        Some(_) => {}
        None => {
            let after = row.bytes.saturating_add(blob.len() as u64);
            if after > limits.room_quota_bytes {
                return Err(Refusal::new(
                    ErrorCode::QuotaExceeded,
                    "o espaço da equipe no servidor acabou; um resumo dos dados será enviado para liberar espaço",
                ));
            }
        }
    }
    Ok(batch.append(room, supersedes, blob)?)
}

/// The refusal of a write to a retired room.
pub(crate) fn retired() -> Refusal {
    Refusal::new(
        ErrorCode::Retired,
        "a equipe trocou de chaves depois que um aparelho foi removido; nada mais é gravado nesta sala",
    )
}

/// The frame that delivers a stored blob: a plain blob, or a snapshot standing
/// for every blob up to its `supersedes`. Catch-up and cross-node fan-out send
/// the same frames.
pub(crate) fn blob_frame(row: BlobRow) -> RelayFrame {
    match row.supersedes {
        None => RelayFrame::Blob {
            seq: row.seq,
            blob: row.data,
        },
        Some(supersedes) => RelayFrame::SnapshotBlob {
            seq: row.seq,
            supersedes,
            blob: row.data,
        },
    }
}

/// The first 8 hex digits of a room id, for logs.
pub fn short(room: &[u8; 32]) -> String {
    room[..4].iter().map(|b| format!("{b:02x}")).collect()
}
