//! Durable storage of rooms and their sealed blobs, behind one interface
//! ([`Storage`] and its write batch, [`WriteBatch`]) with two engines:
//!
//! - [`sqlite`]: one SQLite file in the data folder (WAL,
//!   `synchronous=FULL`), embedded, the default, for one relay process;
//! - [`postgres`]: a PostgreSQL database that several relay processes share,
//!   with versioned migrations and `LISTEN`/`NOTIFY` hints between them.
//!
//! When [`WriteBatch::commit`] returns, the blobs are durable (fsynced by
//! SQLite or by PostgreSQL's commit). The relay never sees plaintext; it
//! stores what it gets.

pub mod postgres;
pub mod sqlite;

use std::path::PathBuf;

use sha2::{Digest, Sha256};

pub use sqlite::{SqliteStore, DB_FILE};

/// Storage failures, shown to the operator in pt-BR.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("erro no banco de dados do relay: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("erro no PostgreSQL do relay: {0}")]
    Postgres(#[from] ::postgres::Error),
    #[error("não foi possível criar a pasta de dados: {0}")]
    Io(#[from] std::io::Error),
    #[error("endereço do banco inválido: {0}")]
    Url(String),
    #[error("a sala não existe")]
    NoRoom,
}

/// Where the relay keeps its data: which engine, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreSpec {
    /// A SQLite file in this folder.
    Sqlite(PathBuf),
    /// A PostgreSQL database (`postgres://USER@HOST/DB`), possibly shared
    /// with other relay processes.
    Postgres(String),
}

impl StoreSpec {
    /// The engine's name, for `/healthz`, `/metrics` and logs.
    pub fn engine(&self) -> &'static str {
        match self {
            StoreSpec::Sqlite(_) => "sqlite",
            StoreSpec::Postgres(_) => "postgres",
        }
    }
}

/// Opens a connection to the store described by `spec` (creating the SQLite
/// file, or running the PostgreSQL migrations, when needed).
pub fn open(spec: &StoreSpec) -> Result<Box<dyn Storage>, StoreError> {
    Ok(match spec {
        StoreSpec::Sqlite(dir) => Box::new(SqliteStore::open(dir)?),
        StoreSpec::Postgres(url) => Box::new(postgres::PgStore::connect(url)?),
    })
}

/// A room's bookkeeping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomRow {
    pub token_hash: [u8; 32],
    /// The last sequence number handed out.
    pub head: u64,
    /// Sum of the stored blobs' sizes.
    pub bytes: u64,
    /// Number of stored blobs.
    pub blobs: u64,
}

/// A stored blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobRow {
    pub seq: u64,
    /// `Some(n)` for a snapshot standing for every blob up to `n`.
    pub supersedes: Option<u64>,
    pub data: Vec<u8>,
}

/// The result of an append.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appended {
    pub seq: u64,
    /// The same bytes were already stored (a resend after a lost ack).
    pub duplicate: bool,
}

/// Totals for `/metrics`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub rooms: u64,
    pub blobs: u64,
    pub bytes: u64,
}

/// One connection to the relay's storage. The hub keeps two: one for its
/// writer thread, one for reads. Every call blocks.
pub trait Storage: Send + std::fmt::Debug {
    /// `"sqlite"` or `"postgres"`.
    fn engine(&self) -> &'static str;

    /// What makes a commit durable, for tests and the startup log (SQLite:
    /// `journal_mode=wal synchronous=2`; PostgreSQL: `synchronous_commit=on`).
    fn durability(&mut self) -> Result<String, StoreError>;

    /// A room's bookkeeping, if it exists.
    fn room(&mut self, room: &[u8; 32]) -> Result<Option<RoomRow>, StoreError>;

    /// Creates a room bound to the hash of its first write token.
    fn create_room(&mut self, room: &[u8; 32], token_hash: &[u8; 32]) -> Result<(), StoreError>;

    /// Retires a room (docs/SYNC.md, section 10): its token's hash becomes
    /// [`retired_hash`] of it, so `Hello` with the old token still reads the room and
    /// every write with it is refused. Nothing happens unless the room is stored and bound
    /// to `token_hash`; returns whether it was retired.
    fn retire_room(&mut self, room: &[u8; 32], token_hash: &[u8; 32]) -> Result<bool, StoreError>;

    /// Deletes the rooms that never stored a blob (an older relay stored a
    /// room at its first `Hello`); returns how many. Since issue 27 a room is
    /// stored with its first blob, in the same transaction, so this only
    /// cleans up rooms that anyone could create for free; a committed room of
    /// a current relay always has a head, so another node sharing the
    /// database loses nothing.
    fn delete_empty_rooms(&mut self) -> Result<usize, StoreError>;

    /// Every room's head, for the hub's in-memory view.
    fn heads(&mut self) -> Result<Vec<([u8; 32], u64)>, StoreError>;

    /// Stored blobs with `since < seq <= upto`, in order, at most about
    /// `max_bytes` of them (always at least one if any).
    fn read_after(
        &mut self,
        room: &[u8; 32],
        since: u64,
        upto: u64,
        max_bytes: usize,
    ) -> Result<Vec<BlobRow>, StoreError>;

    /// Totals over every room.
    fn totals(&mut self) -> Result<Totals, StoreError>;

    /// Opens one transaction for many writes: nothing in it is durable (or
    /// visible to other connections) until [`WriteBatch::commit`] returns,
    /// which costs one fsync however many blobs it holds.
    fn batch(&mut self) -> Result<Box<dyn WriteBatch + '_>, StoreError>;

    /// Stores a blob under the next sequence number in its own transaction;
    /// see [`WriteBatch::append`]. The relay itself appends through batches.
    fn append(
        &mut self,
        room: &[u8; 32],
        supersedes: Option<u64>,
        data: &[u8],
    ) -> Result<Appended, StoreError> {
        let mut batch = self.batch()?;
        let appended = batch.append(room, supersedes, data)?;
        batch.commit()?;
        Ok(appended)
    }
}

/// Writes gathered into one transaction (group commit). A refused append
/// (no such room) leaves the others in the batch intact (SQLite runs each in
/// a savepoint; PostgreSQL's is one statement). Dropping a batch without
/// committing rolls it back.
pub trait WriteBatch {
    /// A room's bookkeeping as this batch sees it (its own writes included).
    /// On PostgreSQL this also locks the room's row until the batch ends, so
    /// what the caller checks against it still holds when it appends.
    fn room(&mut self, room: &[u8; 32]) -> Result<Option<RoomRow>, StoreError>;

    /// Creates a room bound to the hash of its first write token (nothing
    /// happens if it exists).
    fn create_room(&mut self, room: &[u8; 32], token_hash: &[u8; 32]) -> Result<(), StoreError>;

    /// Totals as this batch sees them.
    fn totals(&mut self) -> Result<Totals, StoreError>;

    /// Stores a blob under the next sequence number; a snapshot also drops
    /// every blob up to `supersedes` (older snapshots included). Identical
    /// bytes already in the room, earlier in this batch included, give back
    /// their sequence number instead.
    fn append(
        &mut self,
        room: &[u8; 32],
        supersedes: Option<u64>,
        data: &[u8],
    ) -> Result<Appended, StoreError>;

    /// Commits (and fsyncs) every write of the batch at once.
    fn commit(self: Box<Self>) -> Result<(), StoreError>;
}

/// SHA-256 of a write token: the only form in which the relay keeps it.
pub fn token_hash(token: &[u8; 32]) -> [u8; 32] {
    Sha256::digest(token).into()
}

/// What a retired room keeps instead of its token's hash: another hash of it, so the
/// old token still opens the room for reading and can be told apart from a wrong one.
pub fn retired_hash(token_hash: &[u8; 32]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(b"retaguarda relay retired room");
    hasher.update(token_hash);
    hasher.finalize().into()
}

/// SHA-256 of a blob: how a resend is recognised.
pub(crate) fn digest(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

pub(crate) fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub(crate) fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

pub(crate) fn to_room(bytes: &[u8]) -> Option<[u8; 32]> {
    <[u8; 32]>::try_from(bytes).ok()
}
