//! The staff document's bytes on this device (docs/SYNC.md 10.5): kept apart from the
//! shop's document, as one framed save under its own key in the snapshot store (no new
//! store, so no schema upgrade), and deleted when this device stops reading the staff
//! records. The shop's snapshot, chunks and period archives never hold them.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use js_sys::Uint8Array;
use wasm_bindgen::JsValue;

use super::idb::{bytes_of, Idb, SNAPSHOT};
use super::StorageError;

/// The staff document's key in the snapshot store.
const STAFF_KEY: &str = "staff";

impl Idb {
    /// The database's name (the staff document's channel to other tabs is named after it).
    pub fn name(&self) -> String {
        self.db.name()
    }

    /// The framed save of the staff document, if this device keeps one.
    pub async fn staff_document(&self) -> Result<Option<Vec<u8>>, StorageError> {
        let tx = self.db.transaction(SNAPSHOT).build()?;
        let store = tx.object_store(SNAPSHOT)?;
        let value: Option<JsValue> = store.get(STAFF_KEY).primitive()?.await?;
        Ok(value.as_ref().and_then(bytes_of))
    }

    /// Replaces the staff document's framed save and resolves when committed.
    pub async fn set_staff_document(&self, framed: &[u8]) -> Result<(), StorageError> {
        let tx = self
            .db
            .transaction(SNAPSHOT)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(SNAPSHOT)?;
        store
            .put(JsValue::from(Uint8Array::from(framed)))
            .with_key(STAFF_KEY)
            .primitive()?
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes the staff document's bytes (this device no longer reads the staff records).
    pub async fn delete_staff_document(&self) -> Result<(), StorageError> {
        let tx = self
            .db
            .transaction(SNAPSHOT)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(SNAPSHOT)?;
        store.delete(STAFF_KEY).primitive()?.await?;
        tx.commit().await?;
        Ok(())
    }
}
