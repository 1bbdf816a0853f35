//! Operations asked for before the document was loaded, kept until their change is stored
//! (issue 31): each is one JSON record in the `meta` store under `pending/` and its id (no
//! new store, so no schema upgrade for open tabs to block, as the archives and the staff
//! document did). A record is written the moment the operation is asked, and deleted in
//! the same transaction that stores the chunk holding its change, so a tab closed at any
//! point leaves either the record or the change on disk, never both and never neither.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use js_sys::Uint8Array;
use wasm_bindgen::JsValue;

use super::idb::{Idb, CHUNKS, META};
use super::StorageError;

/// The prefix of a kept operation's key in the `meta` store.
const PENDING_PREFIX: &str = "pending/";

fn key_of(id: &str) -> String {
    format!("{PENDING_PREFIX}{id}")
}

impl Idb {
    /// Keeps an operation's record (JSON text) under its id, and resolves once committed.
    pub async fn keep_pending(&self, id: &str, json: &str) -> Result<(), StorageError> {
        self.set_meta(&key_of(id), json).await
    }

    /// Every kept operation, as (id, JSON text), in key order.
    pub async fn pending(&self) -> Result<Vec<(String, String)>, StorageError> {
        let tx = self.db.transaction(META).build()?;
        let store = tx.object_store(META)?;
        let keys: Vec<String> = store
            .get_all_keys::<String>()
            .primitive()?
            .await?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for key in keys {
            let Some(id) = key.strip_prefix(PENDING_PREFIX) else {
                continue;
            };
            let value: Option<String> = store.get(key.as_str()).primitive()?.await?;
            if let Some(json) = value {
                out.push((id.to_string(), json));
            }
        }
        Ok(out)
    }

    /// One kept operation's record, if it is still kept.
    pub async fn pending_one(&self, id: &str) -> Result<Option<String>, StorageError> {
        self.meta(&key_of(id)).await
    }

    /// Deletes kept operations whose change stored nothing (core refused it, or it changed
    /// nothing), and resolves once committed.
    pub async fn forget_pending(&self, ids: &[String]) -> Result<(), StorageError> {
        if ids.is_empty() {
            return Ok(());
        }
        let tx = self
            .db
            .transaction(META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(META)?;
        for id in ids {
            store.delete(key_of(id)).primitive()?.await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Appends one framed chunk and deletes the kept operations `done` whose changes it
    /// holds, in one transaction: a later start applies neither twice nor never.
    pub async fn append_chunk_forgetting(
        &self,
        framed: &[u8],
        done: &[String],
    ) -> Result<u32, StorageError> {
        let tx = self
            .db
            .transaction([CHUNKS, META])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let chunks = tx.object_store(CHUNKS)?;
        let metas = tx.object_store(META)?;
        let key: u32 = chunks
            .add(JsValue::from(Uint8Array::from(framed)))
            .with_key_type::<u32>()
            .primitive()?
            .await?;
        for id in done {
            metas.delete(key_of(id)).primitive()?.await?;
        }
        tx.commit().await?;
        Ok(key)
    }
}
