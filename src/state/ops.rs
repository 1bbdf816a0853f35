//! The document operations: one core operation persisted, changes that arrived from
//! elsewhere, creating and restoring the business, the backup file, renaming the device.

use leptos::prelude::*;
use retaguarda_core::{backup, Business, CoreError, OpCtx};

use super::persist::request_persistence;
use super::{op_ctx, today, AppCtx, AppError, Phase};
use crate::storage::{frame, meta};

/// How long one batch of a received blob may hold the page, in milliseconds.
const BATCH_MS: f64 = 30.0;

/// Changes applied between two looks at the clock within a batch.
const BATCH_STEP: usize = 25;

/// A received blob's changes one by one, when it is a changes blob long enough to apply in
/// batches; `None` for a whole save (a snapshot: Automerge loads it in one piece), a short
/// blob or bytes that do not split (applied in one piece, which reports the damage).
fn remote_changes(payload: &[u8]) -> Option<Vec<Vec<u8>>> {
    let chunks = retaguarda_core::members::change_chunks(payload).ok()?;
    // Chunk type 0 is a whole document; 1 a change, 2 a compressed change.
    let changes_only = chunks.iter().all(|c| matches!(c.get(8), Some(1 | 2)));
    (changes_only && chunks.len() > BATCH_STEP)
        .then(|| chunks.into_iter().map(<[u8]>::to_vec).collect())
}

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
    /// pt-BR until then). Asked for while the start is still loading the document, the
    /// operation waits for it in memory and is then applied, in the order asked (the
    /// screen's submit shows it busy until then); an operation a screen offers during the
    /// load goes through [`AppCtx::run_kept`] instead, which keeps it in IndexedDB.
    pub async fn run<T>(
        &self,
        op: impl FnOnce(&mut Business, &OpCtx) -> Result<T, CoreError>,
    ) -> Result<T, AppError> {
        // Dated when asked, not when the document was ready.
        let ctx = op_ctx();
        self.until_loaded().await;
        self.run_as(&ctx, op, None)
    }

    /// Applies one core operation in `ctx` to the loaded document, tells the sync client
    /// and the staff room, queues the change's write and moves the topics. `kept` names
    /// the kept operation ([`super::kept`]) whose record goes with the chunk that stores
    /// this change.
    pub(super) fn run_as<T>(
        &self,
        ctx: &OpCtx,
        op: impl FnOnce(&mut Business, &OpCtx) -> Result<T, CoreError>,
        kept: Option<String>,
    ) -> Result<T, AppError> {
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
            let value = op(business, ctx)?;
            let bytes = business.save_incremental();
            // An operation on the staff records changed the staff document too.
            let staff = inner.staff_unsaved();
            inner.kept_done.extend(kept);
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
    /// A blob of many changes (a device back from days offline) is applied a part at a
    /// time, the page free between parts ([`AppCtx::apply_in_batches`]); this returns once
    /// all of it is applied and stored, so the caller may then store the cursor past it.
    pub async fn apply_remote(&self, payload: &[u8]) -> Result<(), AppError> {
        let loaded = self.cell().borrow().business.is_some();
        if let Some(changes) = remote_changes(payload).filter(|_| loaded) {
            return self.apply_in_batches(changes).await;
        }
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

    /// Applies `changes` (in the order received) in batches of about [`BATCH_MS`] each,
    /// yielding to the browser between them. Each batch is saved at once, so an operation
    /// made between two batches saves only its own change (never sends the received ones on
    /// as this device's), and its bytes go to the write queue, so the chunks on disk keep
    /// the order the changes were applied in. The screens are told once, at the end.
    async fn apply_in_batches(&self, changes: Vec<Vec<u8>>) -> Result<(), AppError> {
        let mut rest = changes.into_iter().peekable();
        let mut failed = None;
        while rest.peek().is_some() && failed.is_none() {
            let bytes = {
                let cell = self.cell();
                let mut inner = cell.borrow_mut();
                let business = inner.business.as_mut().ok_or(AppError::NotReady)?;
                let began = js_sys::Date::now();
                while js_sys::Date::now() - began < BATCH_MS {
                    let step: Vec<Vec<u8>> = rest.by_ref().take(BATCH_STEP).collect();
                    if step.is_empty() {
                        break;
                    }
                    if let Err(e) = business.apply_changes(step) {
                        failed = Some(AppError::from(e));
                        break;
                    }
                }
                // Whatever was applied is stored, even before a damaged change.
                business.save_incremental()
            };
            // Stored as received: the sync client is not told (they are not this device's).
            self.queue_write(bytes, false);
            if rest.peek().is_some() && failed.is_none() {
                gloo_timers::future::TimeoutFuture::new(0).await;
            }
        }
        let stored = self.flushed().await;
        self.changed();
        match failed {
            Some(e) => Err(e),
            None => stored,
        }
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
