//! Durable storage of rooms and their sealed blobs in one SQLite file in the
//! data folder (WAL, `synchronous=FULL`): when [`Store::append`] or
//! [`Batch::commit`] returns, the blobs are on disk. The relay never sees
//! plaintext; it stores what it gets.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

/// The file name of the database inside the data folder.
pub const DB_FILE: &str = "relay.sqlite3";

/// Storage failures (SQLite), shown to the operator in pt-BR.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("erro no banco de dados do relay: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("não foi possível criar a pasta de dados: {0}")]
    Io(#[from] std::io::Error),
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

/// The relay's database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// SHA-256 of a write token: the only form in which the relay keeps it.
pub fn token_hash(token: &[u8; 32]) -> [u8; 32] {
    Sha256::digest(token).into()
}

impl Store {
    /// Opens (or creates) the database in `dir`.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir)?;
        let conn = Connection::open(dir.join(DB_FILE))?;
        // WAL keeps readers off the writer's way; FULL fsyncs every commit,
        // so an acknowledged blob survives a crash or power cut.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS rooms (
                room BLOB PRIMARY KEY,
                token_hash BLOB NOT NULL,
                head INTEGER NOT NULL DEFAULT 0,
                bytes INTEGER NOT NULL DEFAULT 0,
                blobs INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE IF NOT EXISTS blobs (
                room BLOB NOT NULL REFERENCES rooms(room),
                seq INTEGER NOT NULL,
                supersedes INTEGER,
                digest BLOB NOT NULL,
                data BLOB NOT NULL,
                PRIMARY KEY (room, seq)
            ) WITHOUT ROWID;
            CREATE UNIQUE INDEX IF NOT EXISTS blobs_digest ON blobs(room, digest);",
        )?;
        Ok(Self { conn })
    }

    /// The journal mode and `synchronous` level in force (for tests and the
    /// startup log): `("wal", 2)` means every commit is fsynced.
    pub fn durability(&self) -> Result<(String, i64), StoreError> {
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        let sync: i64 = self
            .conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))?;
        Ok((mode, sync))
    }

    /// A room's bookkeeping, if it exists.
    pub fn room(&self, room: &[u8; 32]) -> Result<Option<RoomRow>, StoreError> {
        room_in(&self.conn, room)
    }

    /// Creates a room bound to the hash of its first write token.
    pub fn create_room(&self, room: &[u8; 32], token_hash: &[u8; 32]) -> Result<(), StoreError> {
        create_room_in(&self.conn, room, token_hash)
    }

    /// Stores a blob under the next sequence number in its own transaction;
    /// see [`Batch::append`]. The relay itself appends through [`Batch`].
    pub fn append(
        &mut self,
        room: &[u8; 32],
        supersedes: Option<u64>,
        data: &[u8],
    ) -> Result<Appended, StoreError> {
        let tx = self.conn.transaction()?;
        let appended = append_in(&tx, room, supersedes, data)?;
        tx.commit()?;
        Ok(appended)
    }

    /// Opens one transaction for many writes: nothing in it is durable (or
    /// visible to other connections) until [`Batch::commit`] returns, which
    /// costs one fsync however many blobs it holds.
    pub fn batch(&mut self) -> Result<Batch<'_>, StoreError> {
        Ok(Batch {
            tx: self.conn.transaction()?,
        })
    }

    /// Deletes the rooms that never stored a blob (an older relay stored a room at
    /// its first `Hello`); returns how many. Since issue 27 a room is stored with its
    /// first blob, so this only cleans up rooms that anyone could create for free.
    pub fn delete_empty_rooms(&self) -> Result<usize, StoreError> {
        Ok(self.conn.execute(
            "DELETE FROM rooms WHERE head = 0
             AND NOT EXISTS (SELECT 1 FROM blobs WHERE blobs.room = rooms.room)",
            [],
        )?)
    }

    /// Every room's head, for the hub's in-memory view at startup.
    pub fn heads(&self) -> Result<Vec<([u8; 32], u64)>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT room, head FROM rooms")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, i64>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (room, head) = row?;
            if let Ok(room) = <[u8; 32]>::try_from(room.as_slice()) {
                out.push((room, to_u64(head)));
            }
        }
        Ok(out)
    }

    /// Stored blobs with `since < seq <= upto`, in order, at most about
    /// `max_bytes` of them (always at least one if any).
    pub fn read_after(
        &self,
        room: &[u8; 32],
        since: u64,
        upto: u64,
        max_bytes: usize,
    ) -> Result<Vec<BlobRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, supersedes, data FROM blobs
             WHERE room = ?1 AND seq > ?2 AND seq <= ?3 ORDER BY seq",
        )?;
        let mut rows = stmt.query(params![room.as_slice(), to_i64(since), to_i64(upto)])?;
        let mut out = Vec::new();
        let mut total = 0usize;
        while let Some(row) = rows.next()? {
            let data: Vec<u8> = row.get(2)?;
            total += data.len();
            out.push(BlobRow {
                seq: to_u64(row.get(0)?),
                supersedes: row.get::<_, Option<i64>>(1)?.map(to_u64),
                data,
            });
            if total >= max_bytes {
                break;
            }
        }
        Ok(out)
    }

    /// Totals over every room.
    pub fn totals(&self) -> Result<Totals, StoreError> {
        totals_in(&self.conn)
    }
}

/// Writes gathered into one transaction (group commit). Each append runs in
/// its own savepoint, so a failed one leaves the others in the batch intact.
#[derive(Debug)]
pub struct Batch<'a> {
    tx: rusqlite::Transaction<'a>,
}

impl Batch<'_> {
    /// A room's bookkeeping as this batch sees it (its own writes included).
    pub fn room(&self, room: &[u8; 32]) -> Result<Option<RoomRow>, StoreError> {
        room_in(&self.tx, room)
    }

    /// Creates a room bound to the hash of its first write token.
    pub fn create_room(&self, room: &[u8; 32], token_hash: &[u8; 32]) -> Result<(), StoreError> {
        create_room_in(&self.tx, room, token_hash)
    }

    /// Totals as this batch sees them.
    pub fn totals(&self) -> Result<Totals, StoreError> {
        totals_in(&self.tx)
    }

    /// Stores a blob under the next sequence number; a snapshot also drops
    /// every blob up to `supersedes` (older snapshots included). Identical
    /// bytes already in the room, earlier in this batch included, give back
    /// their sequence number instead.
    pub fn append(
        &mut self,
        room: &[u8; 32],
        supersedes: Option<u64>,
        data: &[u8],
    ) -> Result<Appended, StoreError> {
        let sp = self.tx.savepoint()?;
        let appended = append_in(&sp, room, supersedes, data)?;
        sp.commit()?;
        Ok(appended)
    }

    /// Commits (and fsyncs) every write of the batch at once.
    pub fn commit(self) -> Result<(), StoreError> {
        self.tx.commit()?;
        Ok(())
    }
}

fn room_in(conn: &Connection, room: &[u8; 32]) -> Result<Option<RoomRow>, StoreError> {
    let row = conn
        .prepare_cached("SELECT token_hash, head, bytes, blobs FROM rooms WHERE room = ?1")?
        .query_row(params![room.as_slice()], |r| {
            let hash: Vec<u8> = r.get(0)?;
            Ok((
                hash,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })
        .optional()?;
    Ok(row.map(|(hash, head, bytes, blobs)| {
        let mut token_hash = [0u8; 32];
        if hash.len() == 32 {
            token_hash.copy_from_slice(&hash);
        }
        RoomRow {
            token_hash,
            head: to_u64(head),
            bytes: to_u64(bytes),
            blobs: to_u64(blobs),
        }
    }))
}

fn create_room_in(
    conn: &Connection,
    room: &[u8; 32],
    token_hash: &[u8; 32],
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT OR IGNORE INTO rooms (room, token_hash) VALUES (?1, ?2)",
        params![room.as_slice(), token_hash.as_slice()],
    )?;
    Ok(())
}

fn append_in(
    conn: &Connection,
    room: &[u8; 32],
    supersedes: Option<u64>,
    data: &[u8],
) -> Result<Appended, StoreError> {
    let digest: [u8; 32] = Sha256::digest(data).into();
    let existing: Option<i64> = conn
        .prepare_cached("SELECT seq FROM blobs WHERE room = ?1 AND digest = ?2")?
        .query_row(params![room.as_slice(), digest.as_slice()], |r| r.get(0))
        .optional()?;
    if let Some(seq) = existing {
        return Ok(Appended {
            seq: to_u64(seq),
            duplicate: true,
        });
    }
    let head: i64 = conn
        .prepare_cached("SELECT head FROM rooms WHERE room = ?1")?
        .query_row(params![room.as_slice()], |r| r.get(0))?;
    let seq = head + 1;
    conn.prepare_cached(
        "INSERT INTO blobs (room, seq, supersedes, digest, data) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        room.as_slice(),
        seq,
        supersedes.map(to_i64),
        digest.as_slice(),
        data
    ])?;
    let (mut blobs_delta, mut bytes_delta) = (1i64, i64::try_from(data.len()).unwrap_or(i64::MAX));
    if let Some(upto) = supersedes {
        let upto = to_i64(upto).min(head);
        let (count, size): (i64, i64) = conn.query_row(
            "SELECT COUNT(*), COALESCE(SUM(LENGTH(data)), 0) FROM blobs
             WHERE room = ?1 AND seq <= ?2",
            params![room.as_slice(), upto],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        conn.execute(
            "DELETE FROM blobs WHERE room = ?1 AND seq <= ?2",
            params![room.as_slice(), upto],
        )?;
        blobs_delta -= count;
        bytes_delta -= size;
    }
    conn.prepare_cached(
        "UPDATE rooms SET head = ?2, blobs = blobs + ?3, bytes = bytes + ?4 WHERE room = ?1",
    )?
    .execute(params![room.as_slice(), seq, blobs_delta, bytes_delta])?;
    Ok(Appended {
        seq: to_u64(seq),
        duplicate: false,
    })
}

fn totals_in(conn: &Connection) -> Result<Totals, StoreError> {
    let (rooms, blobs, bytes) = conn.query_row(
        "SELECT COUNT(*), COALESCE(SUM(blobs), 0), COALESCE(SUM(bytes), 0) FROM rooms",
        [],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        },
    )?;
    Ok(Totals {
        rooms: to_u64(rooms),
        blobs: to_u64(blobs),
        bytes: to_u64(bytes),
    })
}
