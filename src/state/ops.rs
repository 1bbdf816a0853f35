//! The document operations: one core operation persisted, changes that arrived from
//! elsewhere, creating and restoring the business, the backup file, renaming the device.

use leptos::prelude::*;
use retaguarda_core::{backup, Business, CoreError, OpCtx};

use super::persist::request_persistence;
use super::{op_ctx, today, AppCtx, AppError, Phase};
use crate::storage::{frame, meta};

/// How a write reaches storage: a chunk after the snapshot, or a new snapshot.
enum Stored {
    Chunk(Vec<u8>),
    Snapshot(Vec<u8>),
}

impl AppCtx {
    /// Runs one core operation on the document in memory and queues its write: the screens
    /// show the change at once, and IndexedDB stores it in the background, in order. The
    /// sync client (and the staff room, for a change to the staff records) is told before
    /// this returns, as before the queue: what it sends is the relay's copy should the tab
    /// close before the write. A refusal by core is the error; a failed write is not (the
    /// change is kept and written with the next one, and [`AppCtx::write_error`] says so in
    /// pt-BR until then).
    pub async fn run<T>(
        &self,
        op: impl FnOnce(&mut Business, &OpCtx) -> Result<T, CoreError>,
    ) -> Result<T, AppError> {
        let ctx = op_ctx();
        let (value, bytes, staff, staff_hook) = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            if inner.idb.is_none() {
                return Err(AppError::NotReady);
            }
            if inner.closing {
                return Err(AppError::Closing);
            }
            let business = inner.business.as_mut().ok_or(AppError::NotReady)?;
            let value = op(business, &ctx)?;
            let bytes = business.save_incremental();
            // An operation on the staff records changed the staff document too.
            let staff = inner.staff_unsaved();
            (value, bytes, staff, inner.on_staff_change.clone())
        };
        if !bytes.is_empty() {
            self.notify_local_change(&bytes);
        }
        if let Some((changes, save)) = staff {
            if let Some(hook) = staff_hook {
                hook(&changes);
            }
            self.cell().borrow_mut().staff_save = Some(save);
        }
        self.queue_write(bytes, false);
        self.changed();
        Ok(value)
    }

    /// Applies document bytes that arrived from elsewhere (the sync relay: changes or a
    /// whole save) and persists what was new. Applying the same bytes twice is harmless.
    pub async fn apply_remote(&self, payload: &[u8]) -> Result<(), AppError> {
        let (bytes, idb) = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let idb = inner.idb.clone().ok_or(AppError::NotReady)?;
            let device = inner.device.clone().ok_or(AppError::NotReady)?;
            match inner.business.as_mut() {
                Some(business) => {
                    business.load_incremental(payload)?;
                    (business.save_incremental(), idb)
                }
                None => {
                    let mut business = Business::load(payload, &device)?;
                    let bytes = business.save_incremental();
                    inner.business = Some(business);
                    (bytes, idb)
                }
            }
        };
        if !bytes.is_empty() {
            self.persist_chunk(&idb, bytes, true).await?;
        }
        if self.phase.get_untracked() == Phase::Empty {
            // The business arrived from the team: from now on this device holds its data.
            request_persistence();
            self.phase.set(Phase::Ready);
        }
        self.changed();
        Ok(())
    }

    /// The whole document as Automerge save bytes (a team's first snapshot).
    pub fn save_all(&self) -> Option<Vec<u8>> {
        self.cell().borrow_mut().business.as_mut().map(|b| b.save())
    }

    /// Every change of the document, oldest first (a snapshot too large for one blob).
    pub fn all_changes(&self) -> Option<Vec<Vec<u8>>> {
        self.cell()
            .borrow_mut()
            .business
            .as_mut()
            .map(|b| b.changes_since(&[]))
    }

    /// Creates the business on this device (the welcome screen).
    pub async fn create_business(&self, name: &str) -> Result<(), AppError> {
        let ctx = op_ctx();
        let bytes = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            if inner.idb.is_none() {
                return Err(AppError::NotReady);
            }
            let device = inner.device.clone().ok_or(AppError::NotReady)?;
            let mut business = Business::create(&device, name, &ctx)?;
            let bytes = business.save_incremental();
            inner.business = Some(business);
            bytes
        };
        self.persist_local(bytes, true).await?;
        request_persistence();
        self.phase.set(Phase::Ready);
        self.changed();
        Ok(())
    }

    /// Restores a backup file: on an empty device it becomes the document; otherwise it
    /// is merged into the current one. Either way nothing already here is lost.
    pub async fn restore(&self, file: &[u8]) -> Result<(), AppError> {
        let (bytes, idb) = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let idb = inner.idb.clone().ok_or(AppError::NotReady)?;
            if inner.closing {
                return Err(AppError::Closing);
            }
            let device = inner.device.clone().ok_or(AppError::NotReady)?;
            let mut incoming = backup::read(file, &device)?;
            match inner.business.as_mut() {
                Some(current) => {
                    current.merge(&mut incoming)?;
                    (Stored::Chunk(current.save_incremental()), idb)
                }
                None => {
                    let bytes = incoming.save();
                    inner.business = Some(incoming);
                    (Stored::Snapshot(bytes), idb)
                }
            }
        };
        match bytes {
            Stored::Chunk(bytes) if bytes.is_empty() => {}
            Stored::Chunk(bytes) => self.persist_local(bytes, true).await?,
            Stored::Snapshot(bytes) => {
                // The whole document is stored as the snapshot, not as a chunk that the
                // first operation would then compact by saving the document again.
                let framed = frame(&bytes);
                idb.compact(&framed, &[]).await?;
                self.cell().borrow_mut().snapshot_len = framed.len();
                self.broadcast(&bytes);
                self.notify_local_change(&bytes);
            }
        }
        // A backup carries the staff document too (format 2): kept apart, as always.
        self.store_whole_staff(&idb).await?;
        request_persistence();
        self.phase.set(Phase::Ready);
        self.changed();
        Ok(())
    }

    /// The whole document as a `.retaguarda` file, and the backup date recorded.
    pub async fn backup_file(&self) -> Result<Vec<u8>, AppError> {
        let (file, idb) = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let idb = inner.idb.clone().ok_or(AppError::NotReady)?;
            let business = inner.business.as_mut().ok_or(AppError::NotReady)?;
            (backup::write(business), idb)
        };
        let day = today();
        idb.set_meta(meta::LAST_BACKUP, &day.to_string()).await?;
        self.storage.update(|s| s.last_backup = Some(day));
        Ok(file)
    }

    /// Renames this device (shown in the audit log and the team's device list).
    pub async fn rename_device(&self, name: &str) -> Result<(), AppError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(CoreError::invalid("Nome do aparelho", "Informe um nome.").into());
        }
        let (idb, device) = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let idb = inner.idb.clone().ok_or(AppError::NotReady)?;
            let mut device = inner.device.clone().ok_or(AppError::NotReady)?;
            device.name = name.to_string();
            inner.device = Some(device.clone());
            if let Some(b) = inner.business.as_mut() {
                b.set_device_name(name);
            }
            (idb, device)
        };
        idb.set_meta(meta::DEVICE, &super::load::device_json(&device))
            .await?;
        self.changed();
        Ok(())
    }
}
