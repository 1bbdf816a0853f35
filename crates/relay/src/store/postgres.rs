//! The PostgreSQL engine: one database that several relay processes share.
//!
//! - **Numbering.** A batch is one transaction. Each append bumps its room's
//!   row (`UPDATE rooms SET head = head + 1 ... RETURNING head`), which also
//!   locks the row until commit: two nodes appending to one room take turns,
//!   so numbers have no gaps and commit order is number order (a `SEQUENCE`
//!   would leave gaps on rollback). The hub takes rooms in a fixed order
//!   within a batch, so two batches never wait for each other in a cycle.
//!   An append is one statement (one round trip, after the room check):
//!   the writer thread waits on each round trip in turn, so their number
//!   sets a node's ceiling (docs/BENCHMARKS.md).
//! - **Hints.** Before commit, the batch queues `NOTIFY retaguarda_blobs`
//!   with `room:head` for each room it grew; PostgreSQL delivers them only if
//!   the transaction commits, in commit order. Every node [`listen`]s and
//!   reads what its subscribers have not seen by sequence, so a lost hint
//!   (a dropped listening connection, a restart) only delays delivery: on
//!   reconnecting, the listener asks for a full re-check ([`Hint::Resync`]).
//! - **Signalling.** The ephemeral frames of peer-to-peer sync, which are
//!   never stored, cross nodes on their own channel, [`SIGNAL_CHANNEL`]
//!   (`<room hex>:<node hex>:<sealed signal hex>`, sent by a [`notifier`]
//!   thread outside any transaction), heard by the same listener; a node skips
//!   its own (docs/SYNC.md).
//! - **Migrations.** The schema is versioned in `retaguarda_migrations`
//!   and brought up to date at start under an advisory lock, so two nodes
//!   starting together do not race. Two tables and one index do not justify
//!   a migration framework's dependencies and runtime (refinery, sqlx): the
//!   list below is the whole history, applied in order, each version in its
//!   own transaction.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use ::postgres::fallible_iterator::FallibleIterator;
use ::postgres::{Client, NoTls, Statement};

use super::{
    digest, to_i64, to_room, to_u64, Appended, BlobRow, RoomRow, Storage, StoreError, Totals,
    WriteBatch,
};

/// The channel of "a room grew" hints (`<room hex>:<head>`).
pub const BLOBS_CHANNEL: &str = "retaguarda_blobs";
/// The channel reserved for peer-to-peer sync's signalling frames.
pub const SIGNAL_CHANNEL: &str = "retaguarda_signal";
/// The advisory lock held while migrating ("RTGD" in ASCII).
const MIGRATION_LOCK: i64 = 0x5254_4744;

/// The schema's history: (version, name, SQL). Never edit a released entry;
/// add a new one.
const MIGRATIONS: &[(i32, &str, &str)] = &[(
    1,
    "salas e blobs",
    "CREATE TABLE rooms (
        room BYTEA PRIMARY KEY,
        token_hash BYTEA NOT NULL,
        head BIGINT NOT NULL DEFAULT 0,
        bytes BIGINT NOT NULL DEFAULT 0,
        blobs BIGINT NOT NULL DEFAULT 0
    );
    CREATE TABLE blobs (
        room BYTEA NOT NULL REFERENCES rooms(room),
        seq BIGINT NOT NULL,
        supersedes BIGINT,
        digest BYTEA NOT NULL,
        data BYTEA NOT NULL,
        PRIMARY KEY (room, seq)
    );
    CREATE UNIQUE INDEX blobs_digest ON blobs(room, digest);
    -- Sealed blobs do not compress: spare PostgreSQL the attempt.
    ALTER TABLE blobs ALTER COLUMN data SET STORAGE EXTERNAL;",
)];

/// The statements every connection prepares once.
#[derive(Debug)]
struct Statements {
    room: Statement,
    room_for_update: Statement,
    create: Statement,
    append: Statement,
    drop_upto: Statement,
    read_after: Statement,
    notify: Statement,
}

/// One connection to the shared PostgreSQL database.
pub struct PgStore {
    /// Always `Some` until dropped (see `Drop`).
    client: Option<Client>,
    st: Statements,
}

/// Runs `f` on a thread of its own: the synchronous client drives its own
/// small runtime, which may not start on a thread that runs async tasks.
pub fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| match s.spawn(f).join() {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    })
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("open", &self.client.is_some())
            .finish()
    }
}

impl PgStore {
    /// Connects to `url`, brings the schema up to date and prepares the
    /// statements. Safe to call from async code.
    pub fn connect(url: &str) -> Result<Self, StoreError> {
        off_runtime(|| {
            let mut client = Client::connect(url, NoTls)?;
            migrate(&mut client)?;
            let st = prepare(&mut client)?;
            Ok(Self {
                client: Some(client),
                st,
            })
        })
    }

    fn parts(&mut self) -> Result<(&mut Client, &Statements), StoreError> {
        match self.client.as_mut() {
            Some(client) => Ok((client, &self.st)),
            None => Err(StoreError::Url("conexão encerrada".into())),
        }
    }
}

impl Drop for PgStore {
    fn drop(&mut self) {
        // Closing talks to the server through the client's runtime, which
        // must not happen on an async thread: close it on one of its own.
        if let Some(client) = self.client.take() {
            let _ = std::thread::Builder::new()
                .name("pg-close".into())
                .spawn(move || drop(client));
        }
    }
}

fn migrate(client: &mut Client) -> Result<(), StoreError> {
    client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])?;
    client.batch_execute(
        "CREATE TABLE IF NOT EXISTS retaguarda_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )",
    )?;
    let applied: Vec<i32> = client
        .query("SELECT version FROM retaguarda_migrations", &[])?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let known = MIGRATIONS.iter().map(|m| m.0).max().unwrap_or(0);
    if let Some(newer) = applied.iter().find(|v| **v > known) {
        return Err(StoreError::Url(format!(
            "o banco está na versão {newer} do esquema, mais nova que a deste relay ({known}); atualize o relay"
        )));
    }
    for (version, name, sql) in MIGRATIONS {
        if applied.contains(version) {
            continue;
        }
        let mut tx = client.transaction()?;
        tx.batch_execute(sql)?;
        tx.execute(
            "INSERT INTO retaguarda_migrations (version, name) VALUES ($1, $2)",
            &[version, name],
        )?;
        tx.commit()?;
        tracing::info!(version, name, "migração do banco aplicada");
    }
    client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])?;
    Ok(())
}

fn prepare(client: &mut Client) -> Result<Statements, StoreError> {
    Ok(Statements {
        room: client.prepare("SELECT token_hash, head, bytes, blobs FROM rooms WHERE room = $1")?,
        room_for_update: client.prepare(
            "SELECT token_hash, head, bytes, blobs FROM rooms WHERE room = $1 FOR UPDATE",
        )?,
        create: client.prepare(
            "INSERT INTO rooms (room, token_hash) VALUES ($1, $2) ON CONFLICT (room) DO NOTHING",
        )?,
        // The whole append in one round trip: a resend gets its first number
        // back; otherwise the room's row is bumped (and locked until commit)
        // and the blob stored under the new head. No room, no row.
        append: client.prepare(
            "WITH dup AS (
                SELECT seq FROM blobs WHERE room = $1 AND digest = $4
            ), bumped AS (
                UPDATE rooms SET head = head + 1, blobs = blobs + 1, bytes = bytes + $2
                WHERE room = $1 AND NOT EXISTS (SELECT 1 FROM dup)
                RETURNING head
            ), stored AS (
                INSERT INTO blobs (room, seq, supersedes, digest, data)
                SELECT $1, head, $3, $4, $5 FROM bumped
                RETURNING seq
            )
            SELECT seq, TRUE FROM dup UNION ALL SELECT seq, FALSE FROM stored",
        )?,
        drop_upto: client.prepare(
            "WITH gone AS (
                DELETE FROM blobs WHERE room = $1 AND seq <= $2
                RETURNING octet_length(data)::BIGINT AS n
            )
            UPDATE rooms SET blobs = blobs - (SELECT COUNT(*) FROM gone),
                bytes = bytes - (SELECT COALESCE(SUM(n), 0)::BIGINT FROM gone)
            WHERE room = $1",
        )?,
        // Rows until the one that passes `max_bytes`, without reading the
        // rest of a long catch-up.
        read_after: client.prepare(
            "SELECT seq, supersedes, data FROM (
                SELECT seq, supersedes, data,
                    (SUM(octet_length(data)) OVER (ORDER BY seq))::BIGINT
                        - octet_length(data) AS before
                FROM blobs WHERE room = $1 AND seq > $2 AND seq <= $3
            ) b WHERE before < $4::BIGINT ORDER BY seq",
        )?,
        notify: client.prepare("SELECT pg_notify($1, x) FROM unnest($2::TEXT[]) AS x")?,
    })
}

fn room_row(row: &::postgres::Row) -> RoomRow {
    let hash: Vec<u8> = row.get(0);
    RoomRow {
        token_hash: to_room(&hash).unwrap_or([0u8; 32]),
        head: to_u64(row.get(1)),
        bytes: to_u64(row.get(2)),
        blobs: to_u64(row.get(3)),
    }
}

fn totals_in(client: &mut impl ::postgres::GenericClient) -> Result<Totals, StoreError> {
    let row = client.query_one(
        "SELECT COUNT(*), COALESCE(SUM(blobs), 0)::BIGINT, COALESCE(SUM(bytes), 0)::BIGINT
         FROM rooms",
        &[],
    )?;
    Ok(Totals {
        rooms: to_u64(row.get(0)),
        blobs: to_u64(row.get(1)),
        bytes: to_u64(row.get(2)),
    })
}

impl Storage for PgStore {
    fn engine(&self) -> &'static str {
        "postgres"
    }

    fn durability(&mut self) -> Result<String, StoreError> {
        let (client, _) = self.parts()?;
        let row = client.query_one("SHOW synchronous_commit", &[])?;
        let value: String = row.get(0);
        Ok(format!("synchronous_commit={value}"))
    }

    fn room(&mut self, room: &[u8; 32]) -> Result<Option<RoomRow>, StoreError> {
        let (client, st) = self.parts()?;
        Ok(client
            .query_opt(&st.room, &[&room.as_slice()])?
            .map(|r| room_row(&r)))
    }

    fn create_room(&mut self, room: &[u8; 32], token_hash: &[u8; 32]) -> Result<(), StoreError> {
        let (client, st) = self.parts()?;
        client.execute(&st.create, &[&room.as_slice(), &token_hash.as_slice()])?;
        Ok(())
    }

    fn retire_room(&mut self, room: &[u8; 32], token_hash: &[u8; 32]) -> Result<bool, StoreError> {
        let (client, _) = self.parts()?;
        let retired = crate::store::retired_hash(token_hash);
        let updated = client.execute(
            "UPDATE rooms SET token_hash = $2 WHERE room = $1 AND token_hash = $3",
            &[
                &room.as_slice(),
                &retired.as_slice(),
                &token_hash.as_slice(),
            ],
        )?;
        Ok(updated == 1)
    }

    fn delete_empty_rooms(&mut self) -> Result<usize, StoreError> {
        let (client, _) = self.parts()?;
        let deleted = client.execute(
            "DELETE FROM rooms WHERE head = 0
             AND NOT EXISTS (SELECT 1 FROM blobs WHERE blobs.room = rooms.room)",
            &[],
        )?;
        Ok(usize::try_from(deleted).unwrap_or(usize::MAX))
    }

    fn heads(&mut self) -> Result<Vec<([u8; 32], u64)>, StoreError> {
        let (client, _) = self.parts()?;
        let rows = client.query("SELECT room, head FROM rooms", &[])?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                let room: Vec<u8> = r.get(0);
                Some((to_room(&room)?, to_u64(r.get(1))))
            })
            .collect())
    }

    fn read_after(
        &mut self,
        room: &[u8; 32],
        since: u64,
        upto: u64,
        max_bytes: usize,
    ) -> Result<Vec<BlobRow>, StoreError> {
        let (client, st) = self.parts()?;
        let budget = i64::try_from(max_bytes).unwrap_or(i64::MAX);
        let rows = client.query(
            &st.read_after,
            &[&room.as_slice(), &to_i64(since), &to_i64(upto), &budget],
        )?;
        Ok(rows
            .iter()
            .map(|r| BlobRow {
                seq: to_u64(r.get(0)),
                supersedes: r.get::<_, Option<i64>>(1).map(to_u64),
                data: r.get(2),
            })
            .collect())
    }

    fn totals(&mut self) -> Result<Totals, StoreError> {
        let (client, _) = self.parts()?;
        totals_in(client)
    }

    fn batch(&mut self) -> Result<Box<dyn WriteBatch + '_>, StoreError> {
        let (client, st) = self.parts()?;
        Ok(Box::new(PgBatch {
            tx: client.transaction()?,
            st,
            grown: BTreeMap::new(),
        }))
    }
}

/// A PostgreSQL write transaction; see [`WriteBatch`].
struct PgBatch<'a> {
    tx: ::postgres::Transaction<'a>,
    st: &'a Statements,
    /// Rooms this batch grew, and their new heads, to announce at commit.
    grown: BTreeMap<[u8; 32], i64>,
}

impl WriteBatch for PgBatch<'_> {
    fn room(&mut self, room: &[u8; 32]) -> Result<Option<RoomRow>, StoreError> {
        Ok(self
            .tx
            .query_opt(&self.st.room_for_update, &[&room.as_slice()])?
            .map(|r| room_row(&r)))
    }

    fn create_room(&mut self, room: &[u8; 32], token_hash: &[u8; 32]) -> Result<(), StoreError> {
        self.tx
            .execute(&self.st.create, &[&room.as_slice(), &token_hash.as_slice()])?;
        Ok(())
    }

    fn totals(&mut self) -> Result<Totals, StoreError> {
        totals_in(&mut self.tx)
    }

    fn append(
        &mut self,
        room: &[u8; 32],
        supersedes: Option<u64>,
        data: &[u8],
    ) -> Result<Appended, StoreError> {
        let digest = digest(data);
        let st = self.st;
        let len = i64::try_from(data.len()).unwrap_or(i64::MAX);
        // One statement, so nothing is left half-done. No savepoint: a
        // refusal (no such room) is no SQL error and leaves the batch as it
        // was; a database error (the connection lost) spoils the whole batch,
        // which is then refused and resent by the devices.
        let row = self
            .tx
            .query_opt(
                &st.append,
                &[
                    &room.as_slice(),
                    &len,
                    &supersedes.map(to_i64),
                    &digest.as_slice(),
                    &data,
                ],
            )?
            .ok_or(StoreError::NoRoom)?;
        let seq: i64 = row.get(0);
        let duplicate: bool = row.get(1);
        if duplicate {
            return Ok(Appended {
                seq: to_u64(seq),
                duplicate: true,
            });
        }
        if let Some(upto) = supersedes {
            let upto = to_i64(upto).min(seq - 1);
            self.tx.execute(&st.drop_upto, &[&room.as_slice(), &upto])?;
        }
        self.grown.insert(*room, seq);
        Ok(Appended {
            seq: to_u64(seq),
            duplicate: false,
        })
    }

    fn commit(mut self: Box<Self>) -> Result<(), StoreError> {
        if !self.grown.is_empty() {
            let hints: Vec<String> = self
                .grown
                .iter()
                .map(|(room, head)| format!("{}:{head}", hex(room)))
                .collect();
            self.tx
                .execute(&self.st.notify, &[&BLOBS_CHANNEL, &hints])?;
        }
        self.tx.commit()?;
        Ok(())
    }
}

fn hex(room: &[u8; 32]) -> String {
    room.iter().map(|b| format!("{b:02x}")).collect()
}

fn parse_hint(payload: &str) -> Option<([u8; 32], u64)> {
    let (room, head) = payload.split_once(':')?;
    if room.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(room.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some((out, head.parse().ok()?))
}

/// What the listener tells the hub.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// A room's blobs up to `head` are committed (by any node).
    Grew { room: [u8; 32], head: u64 },
    /// Hints may have been lost (the listening connection was (re)opened):
    /// re-check every room against the database.
    Resync,
}

/// A signal another node forwarded: its room, the node, and the sealed bytes.
pub type CrossSignal = ([u8; 32], u64, Vec<u8>);

/// The NOTIFY payload of a signal (hex, as PostgreSQL payloads are text).
pub fn signal_payload(room: &[u8; 32], node: u64, blob: &[u8]) -> String {
    let mut out = hex(room);
    out.push_str(&format!(":{node:016x}:"));
    for b in blob {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

fn parse_signal(payload: &str) -> Option<CrossSignal> {
    let mut parts = payload.splitn(3, ':');
    let room = parts.next()?;
    let node = u64::from_str_radix(parts.next()?, 16).ok()?;
    let blob = parts.next()?;
    let (room, _) = parse_hint(&format!("{room}:0"))?;
    if blob.len() % 2 != 0 {
        return None;
    }
    let bytes = (0..blob.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(blob.get(i..i + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    Some((room, node, bytes))
}

/// Sends signals to the other nodes: a thread with a connection of its own
/// that `NOTIFY`s each payload queued on the returned sender (from
/// [`signal_payload`]). Signals are ephemeral: while the connection is down,
/// or when the queue is full, they are dropped and the devices resend.
pub fn notifier(
    url: String,
    stop: Arc<AtomicBool>,
) -> std::io::Result<std::sync::mpsc::SyncSender<String>> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<String>(256);
    std::thread::Builder::new()
        .name("relay-signal".into())
        .spawn(move || {
            let mut client: Option<Client> = None;
            while !stop.load(Ordering::Relaxed) {
                let payload = match rx.recv_timeout(Duration::from_millis(500)) {
                    Ok(payload) => payload,
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => continue,
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
                };
                if client.as_ref().is_none_or(Client::is_closed) {
                    client = Client::connect(&url, NoTls)
                        .inspect_err(|err| tracing::warn!(error = %err, "não foi possível enviar sinais pelo PostgreSQL"))
                        .ok();
                }
                if let Some(c) = client.as_mut() {
                    if let Err(err) = c.execute("SELECT pg_notify($1, $2)", &[&SIGNAL_CHANNEL, &payload]) {
                        tracing::warn!(error = %err, "sinal não enviado aos outros nós");
                        client = None;
                    }
                }
            }
        })?;
    Ok(tx)
}

/// Listens to [`BLOBS_CHANNEL`] and [`SIGNAL_CHANNEL`] on a connection of its
/// own, on a thread of its own, and hands each hint to `on_hint` until it
/// returns `false` or `stop` is set, and each signal to `on_signal`. A dropped
/// connection is reopened (once a second at most), followed by a
/// [`Hint::Resync`].
pub fn listen(
    url: String,
    stop: Arc<AtomicBool>,
    on_hint: impl Fn(Hint) -> bool + Send + 'static,
    on_signal: impl Fn(CrossSignal) + Send + 'static,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("relay-listen".into())
        .spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let mut client = match Client::connect(&url, NoTls)
                    .and_then(|mut c| c.batch_execute(&format!("LISTEN {BLOBS_CHANNEL}; LISTEN {SIGNAL_CHANNEL}")).map(|()| c))
                {
                    Ok(client) => client,
                    Err(err) => {
                        tracing::warn!(error = %err, "não foi possível escutar o PostgreSQL; tentando de novo");
                        std::thread::sleep(Duration::from_secs(1));
                        continue;
                    }
                };
                if !on_hint(Hint::Resync) {
                    return;
                }
                loop {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let next = client
                        .notifications()
                        .timeout_iter(Duration::from_millis(500))
                        .next();
                    match next {
                        Ok(Some(n)) if n.channel() == SIGNAL_CHANNEL => {
                            if let Some(signal) = parse_signal(n.payload()) {
                                on_signal(signal);
                            }
                        }
                        Ok(Some(n)) => {
                            if let Some((room, head)) = parse_hint(n.payload()) {
                                if !on_hint(Hint::Grew { room, head }) {
                                    return;
                                }
                            }
                        }
                        Ok(None) => {
                            // Quiet: make sure the connection is still there.
                            if client.is_closed() || client.is_valid(Duration::from_secs(5)).is_err() {
                                break;
                            }
                        }
                        Err(err) => {
                            tracing::warn!(error = %err, "conexão de escuta do PostgreSQL caiu");
                            break;
                        }
                    }
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        })
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hint_round_trips() {
        let room = [0xabu8; 32];
        assert_eq!(parse_hint(&format!("{}:42", hex(&room))), Some((room, 42)));
        assert_eq!(parse_hint("zz:1"), None);
    }

    #[test]
    fn a_signal_round_trips() {
        let room = [0x5au8; 32];
        let payload = signal_payload(&room, 0xfeed, &[0, 1, 0xff]);
        assert_eq!(
            parse_signal(&payload),
            Some((room, 0xfeed, vec![0, 1, 0xff]))
        );
        assert_eq!(parse_signal("00:1:2"), None);
        // The largest sealed signal fits PostgreSQL's 8,000-byte payload.
        let big = vec![7u8; 3_000 + 100];
        assert!(signal_payload(&room, 1, &big).len() < 8_000);
    }
}
