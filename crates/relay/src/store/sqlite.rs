//! The SQLite engine: one file in the data folder (WAL, `synchronous=FULL`),
//! for a relay that runs alone. Its writer is the hub's one thread, so the
//! next sequence number is simply the room's head plus one.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

use super::{
    digest, to_i64, to_room, to_u64, Appended, BlobRow, RoomRow, Storage, StoreError, Totals,
    WriteBatch,
};

/// The file name of the database inside the data folder.
pub const DB_FILE: &str = "relay.sqlite3";

/// One connection to the relay's SQLite file.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Opens (or creates) the database in `dir`.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir)?;
        let conn = Connection::open(dir.join(DB_FILE))?;
        // WAL keeps readers off the writer's way; FULL fsyncs every commit,
        // so an acknowledged blob survives a crash or power cut.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // A room is retired through the reader's connection, rarely: it waits for the
        // writer thread's transaction rather than failing.
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
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
}

impl Storage for SqliteStore {
    fn engine(&self) -> &'static str {
        "sqlite"
    }

    fn durability(&mut self) -> Result<String, StoreError> {
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        let sync: i64 = self
            .conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))?;
        Ok(format!("journal_mode={mode} synchronous={sync}"))
    }

    fn room(&mut self, room: &[u8; 32]) -> Result<Option<RoomRow>, StoreError> {
        room_in(&self.conn, room)
    }

    fn create_room(&mut self, room: &[u8; 32], token_hash: &[u8; 32]) -> Result<(), StoreError> {
        create_room_in(&self.conn, room, token_hash)
    }

    fn retire_room(&mut self, room: &[u8; 32], token_hash: &[u8; 32]) -> Result<bool, StoreError> {
        let retired = crate::store::retired_hash(token_hash);
        Ok(self.conn.execute(
            "UPDATE rooms SET token_hash = ?2 WHERE room = ?1 AND token_hash = ?3",
            params![room.as_slice(), retired.as_slice(), token_hash.as_slice()],
        )? == 1)
    }

    fn delete_empty_rooms(&mut self) -> Result<usize, StoreError> {
        Ok(self.conn.execute(
            "DELETE FROM rooms WHERE head = 0
             AND NOT EXISTS (SELECT 1 FROM blobs WHERE blobs.room = rooms.room)",
            [],
        )?)
    }

    fn heads(&mut self) -> Result<Vec<([u8; 32], u64)>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT room, head FROM rooms")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, i64>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (room, head) = row?;
            if let Some(room) = to_room(&room) {
                out.push((room, to_u64(head)));
            }
        }
        Ok(out)
    }

    fn read_after(
        &mut self,
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

    fn totals(&mut self) -> Result<Totals, StoreError> {
        totals_in(&self.conn)
    }

    fn batch(&mut self) -> Result<Box<dyn WriteBatch + '_>, StoreError> {
        // IMMEDIATE: the batch takes the write lock at its start, waiting
        // (busy_timeout) for another connection's write, such as a Retire on
        // the reader's. A deferred one that read first could not upgrade
        // once that write committed (SQLITE_BUSY_SNAPSHOT, no waiting): the
        // whole batch failed.
        Ok(Box::new(SqliteBatch {
            tx: self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?,
        }))
    }
}

/// A SQLite write transaction; see [`WriteBatch`].
#[derive(Debug)]
struct SqliteBatch<'a> {
    tx: rusqlite::Transaction<'a>,
}

impl WriteBatch for SqliteBatch<'_> {
    fn room(&mut self, room: &[u8; 32]) -> Result<Option<RoomRow>, StoreError> {
        room_in(&self.tx, room)
    }

    fn create_room(&mut self, room: &[u8; 32], token_hash: &[u8; 32]) -> Result<(), StoreError> {
        create_room_in(&self.tx, room, token_hash)
    }

    fn totals(&mut self) -> Result<Totals, StoreError> {
        totals_in(&self.tx)
    }

    fn append(
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

    fn commit(self: Box<Self>) -> Result<(), StoreError> {
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
    Ok(row.map(|(hash, head, bytes, blobs)| RoomRow {
        token_hash: to_room(&hash).unwrap_or([0u8; 32]),
        head: to_u64(head),
        bytes: to_u64(bytes),
        blobs: to_u64(blobs),
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
    let digest = digest(data);
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
