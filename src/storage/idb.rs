//! The IndexedDB shell: one database per origin with the document's snapshot, its chunks,
//! chunks set aside after a failed load, the archives of closed periods, and small metadata
//! (device identity, backup date).
//!
//! Every write is its own transaction and resolves only once IndexedDB reports it complete,
//! so the UI can show "salvo" truthfully.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use js_sys::Uint8Array;
use std::future::IntoFuture;
use wasm_bindgen::{JsCast, JsValue};

use super::{Persisted, StorageError};

/// The database every tab of the app shares.
pub const DB_NAME: &str = "retaguarda";
pub(super) const CHUNKS: &str = "chunks";
pub(super) const SNAPSHOT: &str = "snapshot";
pub(super) const META: &str = "meta";
const QUARANTINE: &str = "quarantine";
const SNAPSHOT_KEY: &str = "doc";
/// Closed periods' archives live in the snapshot store beside the document, keyed by this
/// prefix and the period's cutoff: no new store, so no schema upgrade for open tabs to block.
const ARCHIVE_PREFIX: &str = "archive/";

/// An open connection.
#[derive(Debug)]
pub struct Idb {
    pub(super) db: Database,
}

fn browser_error(e: impl std::fmt::Display) -> StorageError {
    let text = e.to_string();
    if text.contains("QuotaExceeded") {
        StorageError::QuotaExceeded
    } else if text.contains("InvalidState") || text.contains("SecurityError") {
        StorageError::Unavailable
    } else {
        StorageError::Browser(text)
    }
}

impl From<indexed_db_futures::error::Error> for StorageError {
    fn from(e: indexed_db_futures::error::Error) -> Self {
        browser_error(e)
    }
}

impl From<indexed_db_futures::error::OpenDbError> for StorageError {
    fn from(e: indexed_db_futures::error::OpenDbError) -> Self {
        let text = e.to_string();
        if text.to_lowercase().contains("blocked") {
            StorageError::Blocked
        } else {
            browser_error(text)
        }
    }
}

pub(super) fn bytes_of(value: &JsValue) -> Option<Vec<u8>> {
    value.dyn_ref::<Uint8Array>().map(|a| a.to_vec())
}

/// The schema version of the database (its object stores).
pub const DB_VERSION: u8 = 1;

/// How long an upgrade may wait for other tabs to let go before the person is told.
const BLOCKED_GRACE_MS: u32 = 3_000;

impl Idb {
    /// Opens (and on first run creates) the database `name`.
    pub async fn open(name: &str) -> Result<Idb, StorageError> {
        Self::open_at(name, DB_VERSION).await
    }

    /// Opens `name` at schema `version`. A tab still holding an older version blocks the
    /// upgrade; after a short wait that becomes [`StorageError::Blocked`], whose message says
    /// to close the other tabs. Public for the browser tests, which force a blocked upgrade.
    #[doc(hidden)]
    pub async fn open_at(name: &str, version: u8) -> Result<Idb, StorageError> {
        // The page's window or the period close's worker (`crate::worker`): both have one.
        let factory_present = js_sys::Reflect::get(&js_sys::global(), &"indexedDB".into())
            .is_ok_and(|f| !f.is_undefined() && !f.is_null());
        if !factory_present {
            return Err(StorageError::Unavailable);
        }
        let blocked = std::rc::Rc::new(std::cell::Cell::new(false));
        let flag = blocked.clone();
        let open = Database::open(name)
            .with_version(version)
            .with_on_blocked(move |_| {
                flag.set(true);
                Ok(())
            })
            .with_on_upgrade_needed(|event, db| {
                if event.old_version() < 1.0 {
                    db.create_object_store(CHUNKS)
                        .with_auto_increment(true)
                        .build()?;
                    db.create_object_store(SNAPSHOT).build()?;
                    db.create_object_store(META).build()?;
                    db.create_object_store(QUARANTINE)
                        .with_auto_increment(true)
                        .build()?;
                }
                Ok(())
            })
            .into_future();
        let watch = async move {
            let mut waited = 0;
            loop {
                gloo_timers::future::TimeoutFuture::new(250).await;
                if blocked.get() {
                    waited += 250;
                    if waited >= BLOCKED_GRACE_MS {
                        return;
                    }
                }
            }
        };
        let open = std::pin::pin!(open);
        let watch = std::pin::pin!(watch);
        match futures_util::future::select(open, watch).await {
            futures_util::future::Either::Left((db, _)) => Ok(Idb { db: db? }),
            futures_util::future::Either::Right(_) => Err(StorageError::Blocked),
        }
    }

    /// Closes the connection now, so it blocks no later upgrade or deletion (the period
    /// close's worker reads once and goes).
    pub fn close(self) {
        self.db.close();
    }

    /// Everything needed to rebuild the document, read in one transaction.
    pub async fn read_all(&self) -> Result<Persisted, StorageError> {
        let tx = self.db.transaction([SNAPSHOT, CHUNKS]).build()?;
        let snapshots = tx.object_store(SNAPSHOT)?;
        let chunks = tx.object_store(CHUNKS)?;
        let snapshot: Option<JsValue> = snapshots.get(SNAPSHOT_KEY).primitive()?.await?;
        let keys: Vec<u32> = chunks
            .get_all_keys::<u32>()
            .primitive()?
            .await?
            .collect::<Result<_, _>>()?;
        let values: Vec<JsValue> = chunks
            .get_all::<JsValue>()
            .primitive()?
            .await?
            .collect::<Result<_, _>>()?;
        Ok(Persisted {
            snapshot: snapshot.as_ref().and_then(bytes_of),
            chunks: keys
                .into_iter()
                .zip(values.iter().map(|v| bytes_of(v).unwrap_or_default()))
                .collect(),
        })
    }

    /// Appends one framed chunk and resolves when the transaction has committed.
    pub async fn append_chunk(&self, framed: &[u8]) -> Result<u32, StorageError> {
        let tx = self
            .db
            .transaction(CHUNKS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(CHUNKS)?;
        let key: u32 = store
            .add(JsValue::from(Uint8Array::from(framed)))
            .with_key_type::<u32>()
            .primitive()?
            .await?;
        tx.commit().await?;
        Ok(key)
    }

    /// Writes a new snapshot and deletes the chunks it covers, in one transaction: an
    /// interrupted compaction leaves the old snapshot and every chunk in place.
    pub async fn compact(
        &self,
        framed_snapshot: &[u8],
        covered: &[u32],
    ) -> Result<(), StorageError> {
        self.compact_inner(framed_snapshot, covered, false).await
    }

    /// Runs a compaction and aborts it before the commit, as a killed tab would. For tests.
    #[doc(hidden)]
    pub async fn compact_and_abort(
        &self,
        framed_snapshot: &[u8],
        covered: &[u32],
    ) -> Result<(), StorageError> {
        self.compact_inner(framed_snapshot, covered, true).await
    }

    async fn compact_inner(
        &self,
        framed_snapshot: &[u8],
        covered: &[u32],
        abort: bool,
    ) -> Result<(), StorageError> {
        let tx = self
            .db
            .transaction([SNAPSHOT, CHUNKS])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let snapshots = tx.object_store(SNAPSHOT)?;
        let chunks = tx.object_store(CHUNKS)?;
        snapshots
            .put(JsValue::from(Uint8Array::from(framed_snapshot)))
            .with_key(SNAPSHOT_KEY)
            .primitive()?
            .await?;
        for key in covered {
            chunks.delete(*key).primitive()?.await?;
        }
        if abort {
            tx.abort().await?;
        } else {
            tx.commit().await?;
        }
        Ok(())
    }

    /// Closes a period in one transaction: the document as it was becomes the archive
    /// `cutoff`, the live document becomes the snapshot, the chunks in `covered` go, and
    /// the metadata values in `meta` are written (a team's new room and sync state, which
    /// must never point at the other document). A chunk this tab does not know (another
    /// tab wrote it meanwhile) aborts everything, since neither document would hold it.
    pub async fn close_period(
        &self,
        cutoff: &str,
        framed_archive: &[u8],
        framed_live: &[u8],
        covered: &[u32],
        meta: &[(&str, String)],
    ) -> Result<(), StorageError> {
        self.close_period_from(
            cutoff,
            &Uint8Array::from(framed_archive),
            &Uint8Array::from(framed_live),
            covered,
            meta,
        )
        .await
    }

    /// As [`Idb::close_period`], with the framed bytes already in JS memory (the period
    /// close's worker sends them so), stored without a copy through the page's wasm.
    pub async fn close_period_from(
        &self,
        cutoff: &str,
        framed_archive: &Uint8Array,
        framed_live: &Uint8Array,
        covered: &[u32],
        meta: &[(&str, String)],
    ) -> Result<(), StorageError> {
        let tx = self
            .db
            .transaction([SNAPSHOT, CHUNKS, META])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let snapshots = tx.object_store(SNAPSHOT)?;
        let chunks = tx.object_store(CHUNKS)?;
        let metas = tx.object_store(META)?;
        let present: Vec<u32> = chunks
            .get_all_keys::<u32>()
            .primitive()?
            .await?
            .collect::<Result<_, _>>()?;
        if present.iter().any(|k| !covered.contains(k)) {
            tx.abort().await?;
            return Err(StorageError::Concurrent);
        }
        snapshots
            .put(JsValue::from(framed_archive))
            .with_key(format!("{ARCHIVE_PREFIX}{cutoff}"))
            .primitive()?
            .await?;
        snapshots
            .put(JsValue::from(framed_live))
            .with_key(SNAPSHOT_KEY)
            .primitive()?
            .await?;
        for key in present {
            chunks.delete(key).primitive()?.await?;
        }
        for (key, value) in meta {
            metas
                .put(value.as_str())
                .with_key(*key)
                .primitive()?
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The cutoffs of the closed periods whose archives this device keeps, oldest first.
    pub async fn archives(&self) -> Result<Vec<String>, StorageError> {
        let tx = self.db.transaction(SNAPSHOT).build()?;
        let store = tx.object_store(SNAPSHOT)?;
        let keys: Vec<String> = store
            .get_all_keys::<String>()
            .primitive()?
            .await?
            .collect::<Result<_, _>>()?;
        let mut cutoffs: Vec<String> = keys
            .iter()
            .filter_map(|k| k.strip_prefix(ARCHIVE_PREFIX).map(str::to_string))
            .collect();
        cutoffs.sort();
        Ok(cutoffs)
    }

    /// The framed archive of the period closed at `cutoff`.
    pub async fn archive(&self, cutoff: &str) -> Result<Option<Vec<u8>>, StorageError> {
        let tx = self.db.transaction(SNAPSHOT).build()?;
        let store = tx.object_store(SNAPSHOT)?;
        let value: Option<JsValue> = store
            .get(format!("{ARCHIVE_PREFIX}{cutoff}"))
            .primitive()?
            .await?;
        Ok(value.as_ref().and_then(bytes_of))
    }

    /// Moves chunks that failed to load out of the way, keeping their bytes for support.
    pub async fn quarantine(
        &self,
        keys: &[u32],
        persisted: &Persisted,
    ) -> Result<(), StorageError> {
        if keys.is_empty() {
            return Ok(());
        }
        let tx = self
            .db
            .transaction([CHUNKS, QUARANTINE])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let chunks = tx.object_store(CHUNKS)?;
        let aside = tx.object_store(QUARANTINE)?;
        for (key, bytes) in persisted.chunks.iter().filter(|(k, _)| keys.contains(k)) {
            aside
                .add(JsValue::from(Uint8Array::from(bytes.as_slice())))
                .primitive()?
                .await?;
            chunks.delete(*key).primitive()?.await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// How many chunks were set aside after failed loads.
    pub async fn quarantined(&self) -> Result<u32, StorageError> {
        let tx = self.db.transaction(QUARANTINE).build()?;
        let store = tx.object_store(QUARANTINE)?;
        Ok(store.count().primitive()?.await?)
    }

    /// Reads a metadata value (JSON text).
    pub async fn meta(&self, key: &str) -> Result<Option<String>, StorageError> {
        let tx = self.db.transaction(META).build()?;
        let store = tx.object_store(META)?;
        let value: Option<String> = store.get(key).primitive()?.await?;
        Ok(value)
    }

    /// Writes a metadata value (JSON text) and resolves when committed.
    pub async fn set_meta(&self, key: &str, value: &str) -> Result<(), StorageError> {
        let tx = self
            .db
            .transaction(META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(META)?;
        store.put(value).with_key(key).primitive()?.await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes the whole database (tests, and "apagar dados deste aparelho").
    pub async fn delete(self) -> Result<(), StorageError> {
        self.db.delete()?.await?;
        Ok(())
    }
}
