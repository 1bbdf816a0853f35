//! The app's live state: the one `Business` document in memory, and the path every change
//! takes — core operation, then IndexedDB, then the other tabs, then the screens.
//!
//! Screens read through [`AppCtx::read`] (which re-runs when anything changes) and write
//! through [`AppCtx::run`], which resolves only after the change is on disk.

use std::cell::RefCell;
use std::rc::Rc;

use chrono::NaiveDate;
use leptos::prelude::*;
use retaguarda_core::epoch::EpochMark;
use retaguarda_core::summary::{Glance, Summary};
use retaguarda_core::{backup, Business, CoreError, Device, OpCtx};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::storage::idb::{Idb, DB_NAME};
use crate::storage::{assemble, frame, should_compact, StorageError};

/// Why a write did not complete, in words for the person using the app.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    Core(#[from] CoreError),
    #[error("{0}")]
    Storage(#[from] StorageError),
    #[error("Os dados ainda estão carregando. Tente de novo em instantes.")]
    NotReady,
    #[error(
        "Este aparelho sincroniza com uma equipe: o período se fecha para a equipe toda, \
         pela sincronização. O período continua aberto."
    )]
    InTeam,
}

/// Where the app is in its start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    Loading,
    /// Storage works but holds no business yet: show the welcome screen.
    Empty,
    Ready,
    /// Storage cannot be used; the message says why and what to do.
    Failed(String),
}

/// Facts about storage shown in Configurações.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StorageInfo {
    pub persistent: Option<bool>,
    pub usage_bytes: Option<f64>,
    pub quota_bytes: Option<f64>,
    pub last_backup: Option<NaiveDate>,
    pub quarantined: u32,
    /// Chunks that failed to load at start-up and were set aside.
    pub bad_on_load: usize,
}

/// A listener of the changes made on this device.
pub type ChangeListener = Rc<dyn Fn(&[u8])>;

struct Inner {
    business: Option<Business>,
    idb: Option<Rc<Idb>>,
    device: Option<Device>,
    snapshot_len: usize,
    /// The chunks this tab read or wrote, with their sizes: compaction may delete only these.
    chunks: Vec<(u32, usize)>,
    channel: Option<web_sys::BroadcastChannel>,
    /// Told about every change made on this device (the sync client sends them on).
    on_local_change: Option<ChangeListener>,
    /// Change bytes a failed write could not store; they go first into the next chunk.
    unsaved: Vec<u8>,
    /// Changes other tabs broadcast while this tab was still loading (`Some` until loaded).
    early: Option<Vec<Vec<u8>>>,
    /// Início's summary: the last one computed here, or the one stored beside the document.
    summary: Option<Summary>,
    /// The live document this device computed when it marked a team's period closed, with
    /// the mark's id, so following its own mark does not split the period a second time.
    ready_epoch: Option<(String, Business)>,
}

impl Inner {
    /// The kept summary, if it reflects the document as it is now.
    fn current_summary(&mut self) -> Option<&Summary> {
        let heads = self.business.as_mut()?.heads();
        self.summary.as_ref().filter(|s| s.reflects(&heads))
    }

    /// Computes Início's summary from the lists, keeps it, and stores it beside the
    /// document (best effort: without it the next start computes it again).
    fn renew_summary(&mut self, today: NaiveDate) -> Result<&Summary, AppError> {
        let business = self.business.as_mut().ok_or(AppError::NotReady)?;
        let summary = business.summary(today)?;
        if let (Some(idb), Ok(json)) = (self.idb.clone(), serde_json::to_string(&summary)) {
            leptos::task::spawn_local(async move {
                let _ = idb.set_meta(META_SUMMARY, &json).await;
            });
        }
        Ok(self.summary.insert(summary))
    }
}

/// How a write reaches storage: a chunk after the snapshot, or a new snapshot.
enum Stored {
    Chunk(Vec<u8>),
    Snapshot(Vec<u8>),
}

/// The app's shared state, provided as context at the root.
#[derive(Clone, Copy)]
pub struct AppCtx {
    inner: StoredValue<Rc<RefCell<Inner>>, LocalStorage>,
    /// Bumped after every change, local or from another tab or device.
    pub version: RwSignal<u64>,
    pub phase: RwSignal<Phase>,
    pub storage: RwSignal<StorageInfo>,
}

/// The context provided by [`provide_app`].
pub fn use_app() -> AppCtx {
    expect_context::<AppCtx>()
}

/// Today's date on this device's calendar.
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

/// The context of an operation made now on this device.
pub fn op_ctx() -> OpCtx {
    OpCtx::new(today(), js_sys::Date::now() as i64)
}

const META_DEVICE: &str = "device";
const META_LAST_BACKUP: &str = "last_backup";
/// Refuses a cutoff after today: a period still running cannot be closed.
fn check_cutoff(cutoff: NaiveDate) -> Result<(), AppError> {
    if cutoff > today() {
        return Err(
            CoreError::invalid("Data de corte", "o período só pode ser fechado até hoje.").into(),
        );
    }
    Ok(())
}

/// Início's summary as JSON, stored with the heads it reflects.
const META_SUMMARY: &str = "summary";
/// What the channel carries besides change bytes: this tab closed a period, so the others
/// hold a document that is now the archive and must start again.
const PERIOD_CLOSED: &str = "period-closed";
const COMPACT_LOCK: &str = "retaguarda-compact";

impl AppCtx {
    fn new() -> AppCtx {
        AppCtx {
            inner: StoredValue::new_local(Rc::new(RefCell::new(Inner {
                business: None,
                idb: None,
                device: None,
                snapshot_len: 0,
                chunks: Vec::new(),
                channel: None,
                on_local_change: None,
                unsaved: Vec::new(),
                early: None,
                summary: None,
                ready_epoch: None,
            }))),
            version: RwSignal::new(0),
            phase: RwSignal::new(Phase::Loading),
            storage: RwSignal::new(StorageInfo::default()),
        }
    }

    fn cell(&self) -> Rc<RefCell<Inner>> {
        self.inner.get_value()
    }

    /// The open database, once the start has opened it.
    fn idb(&self) -> Result<Rc<Idb>, AppError> {
        self.cell().borrow().idb.clone().ok_or(AppError::NotReady)
    }

    /// Reads from the document; re-runs in views whenever the document changes.
    /// Returns `None` before a business is loaded.
    pub fn read<R>(&self, f: impl FnOnce(&mut Business) -> R) -> Option<R> {
        self.version.track();
        let cell = self.cell();
        let mut inner = cell.borrow_mut();
        inner.business.as_mut().map(f)
    }

    /// Início's numbers on `today`; re-runs in views whenever the document changes. They
    /// come from the summary kept beside the document while it reflects the document's
    /// heads; otherwise a new summary is computed from the lists and stored for the next
    /// start. Returns `None` before a business is loaded.
    pub fn glance(&self, today: NaiveDate) -> Option<Result<Glance, AppError>> {
        self.version.track();
        let cell = self.cell();
        let mut inner = cell.borrow_mut();
        inner.business.as_ref()?;
        if let Some(glance) = inner.current_summary().and_then(|s| s.glance(today)) {
            return Some(Ok(glance));
        }
        Some(
            inner
                .renew_summary(today)
                .map(|s| s.glance(today).unwrap_or_default()),
        )
    }

    /// Renews the stored summary if the document changed since it was computed and the
    /// lists it reads are already in memory. Called when the page is hidden, so that the
    /// next start shows Início without reading every list; a renewal that would read the
    /// whole shop is left to the next start.
    pub fn renew_summary_if_cheap(&self) {
        // The page's listener may outlive a state made for a test.
        let Some(cell) = self.inner.try_get_value() else {
            return;
        };
        let mut inner = cell.borrow_mut();
        let cheap = inner
            .business
            .as_ref()
            .is_some_and(|b| b.summary_is_cheap());
        if cheap && inner.current_summary().is_none() {
            let _ = inner.renew_summary(today());
        }
    }

    /// This device's identity.
    pub fn device(&self) -> Option<Device> {
        self.cell().borrow().device.clone()
    }

    /// Runs one core operation and persists it. Resolves only once IndexedDB has committed
    /// the change, so a caller may then say "salvo".
    pub async fn run<T>(
        &self,
        op: impl FnOnce(&mut Business, &OpCtx) -> Result<T, CoreError>,
    ) -> Result<T, AppError> {
        let ctx = op_ctx();
        let (value, bytes, idb) = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let idb = inner.idb.clone().ok_or(AppError::NotReady)?;
            let business = inner.business.as_mut().ok_or(AppError::NotReady)?;
            let value = op(business, &ctx)?;
            (value, business.save_incremental(), idb)
        };
        let written = match self.persist_local(&idb, bytes).await {
            Ok(written) => written,
            Err(e) => {
                // The change is in memory and waits to be written with the next one.
                self.version.update(|v| *v += 1);
                return Err(e);
            }
        };
        self.notify_local_change(&written);
        self.version.update(|v| *v += 1);
        self.maybe_compact();
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
        self.version.update(|v| *v += 1);
        Ok(())
    }

    /// Registers the listener of local changes (one: the sync client).
    pub fn set_on_local_change(&self, f: Option<ChangeListener>) {
        self.cell().borrow_mut().on_local_change = f;
    }

    fn notify_local_change(&self, bytes: &[u8]) {
        let hook = self.cell().borrow().on_local_change.clone();
        if let Some(hook) = hook {
            hook(bytes);
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

    /// Reads a metadata value this device keeps beside the document.
    pub async fn meta(&self, key: &str) -> Result<Option<String>, AppError> {
        let idb = self.idb()?;
        Ok(idb.meta(key).await?)
    }

    /// Writes a metadata value this device keeps beside the document.
    pub async fn set_meta(&self, key: &str, value: &str) -> Result<(), AppError> {
        let idb = self.idb()?;
        Ok(idb.set_meta(key, value).await?)
    }

    /// Writes this device's change `bytes` as a new chunk, after whatever an earlier failed
    /// write left behind, so no chunk on disk depends on changes missing from it. Returns the
    /// bytes written; on failure they wait in memory for the next write.
    async fn persist_local(&self, idb: &Idb, bytes: Vec<u8>) -> Result<Vec<u8>, AppError> {
        let mut all = std::mem::take(&mut self.cell().borrow_mut().unsaved);
        all.extend_from_slice(&bytes);
        match self.persist_chunk(idb, all.clone(), true).await {
            Ok(()) => Ok(all),
            Err(e) => {
                self.cell().borrow_mut().unsaved = all;
                Err(e)
            }
        }
    }

    async fn persist_chunk(
        &self,
        idb: &Idb,
        bytes: Vec<u8>,
        broadcast: bool,
    ) -> Result<(), AppError> {
        let framed = frame(&bytes);
        let key = idb.append_chunk(&framed).await?;
        if broadcast {
            self.broadcast(&bytes);
        }
        self.cell().borrow_mut().chunks.push((key, framed.len()));
        Ok(())
    }

    /// Tells the other tabs about stored changes.
    fn broadcast(&self, bytes: &[u8]) {
        if let Some(channel) = &self.cell().borrow().channel {
            let _ = channel.post_message(&js_sys::Uint8Array::from(bytes));
        }
    }

    /// Creates the business on this device (the welcome screen).
    pub async fn create_business(&self, name: &str) -> Result<(), AppError> {
        let ctx = op_ctx();
        let (bytes, idb) = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let idb = inner.idb.clone().ok_or(AppError::NotReady)?;
            let device = inner.device.clone().ok_or(AppError::NotReady)?;
            let mut business = Business::create(&device, name, &ctx)?;
            let bytes = business.save_incremental();
            inner.business = Some(business);
            (bytes, idb)
        };
        let written = self.persist_local(&idb, bytes).await?;
        self.notify_local_change(&written);
        request_persistence();
        self.phase.set(Phase::Ready);
        self.version.update(|v| *v += 1);
        Ok(())
    }

    /// Restores a backup file: on an empty device it becomes the document; otherwise it
    /// is merged into the current one. Either way nothing already here is lost.
    pub async fn restore(&self, file: &[u8]) -> Result<(), AppError> {
        let (bytes, idb) = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let idb = inner.idb.clone().ok_or(AppError::NotReady)?;
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
            Stored::Chunk(bytes) => {
                let written = self.persist_local(&idb, bytes).await?;
                self.notify_local_change(&written);
            }
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
        request_persistence();
        self.phase.set(Phase::Ready);
        self.version.update(|v| *v += 1);
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
        idb.set_meta(META_LAST_BACKUP, &day.to_string()).await?;
        self.storage.update(|s| s.last_backup = Some(day));
        Ok(file)
    }

    /// Closes the period before `cutoff` on this device (docs/ARCHITECTURE.md, decision 16):
    /// what was settled before it stays in an archive kept beside the document, and the app
    /// goes on with the live document of the period, which carries it as openings. Refused
    /// in a team, whose devices close together ([`AppCtx::mark_epoch`]), for a day after
    /// today, and on any core refusal; a refusal or a failed write leaves everything as it
    /// was.
    pub async fn close_period(&self, cutoff: NaiveDate) -> Result<(), AppError> {
        let idb = self.idb()?;
        let team = idb.meta(crate::sync::META_TEAM).await?;
        if team.is_some_and(|t| !t.is_empty()) {
            return Err(AppError::InTeam);
        }
        check_cutoff(cutoff)?;
        let ctx = op_ctx();
        let (archive, live, covered) = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let device = inner.device.clone().ok_or(AppError::NotReady)?;
            let covered: Vec<u32> = inner.chunks.iter().map(|(k, _)| *k).collect();
            let business = inner.business.as_mut().ok_or(AppError::NotReady)?;
            let live = business.split_at(cutoff, &device, &ctx)?;
            (frame(&business.save()), live, covered)
        };
        self.install_period(&idb, cutoff, archive, live, &covered, &[])
            .await
    }

    /// Closes the period before `cutoff` for this device's team (docs/SYNC.md, section 8):
    /// computes the live document, writes the epoch mark into this one, and hands the
    /// mark's change to `queue` before anything else can run, so the sync client seals it
    /// as the next blob; then stores the change. The device moves to the new period when
    /// the relay has acknowledged the mark ([`AppCtx::follow_epoch`]).
    pub async fn mark_epoch(
        &self,
        cutoff: NaiveDate,
        queue: impl FnOnce(&EpochMark, &[u8]) -> Result<(), AppError>,
    ) -> Result<EpochMark, AppError> {
        check_cutoff(cutoff)?;
        let ctx = op_ctx();
        let (mark, change, bytes, idb) = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let idb = inner.idb.clone().ok_or(AppError::NotReady)?;
            let business = inner.business.as_mut().ok_or(AppError::NotReady)?;
            let heads = business.heads();
            let (mark, live) = business.mark_epoch(cutoff, &ctx)?;
            let change = business.changes_since(&heads).concat();
            let bytes = business.save_incremental();
            inner.ready_epoch = Some((mark.live_head.clone(), live));
            (mark, change, bytes, idb)
        };
        let queued = queue(&mark, &change);
        let written = self.persist_local(&idb, bytes).await;
        self.version.update(|v| *v += 1);
        queued?;
        written?;
        Ok(mark)
    }

    /// Moves this device to the period `mark` opened: the live document as the team
    /// computes it, with what this device wrote after the mark's heads carried over.
    /// `finish` gets the live document, the carried-over change bytes and whether this
    /// device wrote the mark, and returns the metadata to store with it (the team's new
    /// room and sync state); the archive, the live document and that metadata are written
    /// in one transaction.
    pub async fn follow_epoch(
        &self,
        mark: &EpochMark,
        finish: impl FnOnce(&mut Business, &[u8], bool) -> Result<Vec<(&'static str, String)>, AppError>,
    ) -> Result<(), AppError> {
        let idb = self.idb()?;
        let cutoff = mark.cutoff_date()?;
        let ctx = op_ctx();
        let (archive, live, covered, meta) = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let device = inner.device.clone().ok_or(AppError::NotReady)?;
            let covered: Vec<u32> = inner.chunks.iter().map(|(k, _)| *k).collect();
            let ready = inner
                .ready_epoch
                .take()
                .filter(|(id, _)| *id == mark.live_head)
                .map(|(_, live)| live);
            let business = inner.business.as_mut().ok_or(AppError::NotReady)?;
            let author = ready.is_some() || business.wrote_mark(&mark.live_head)?;
            let (mut live, carried) = business.follow_epoch(mark, ready, &device, &ctx)?;
            let meta = finish(&mut live, &carried, author)?;
            (frame(&business.save()), live, covered, meta)
        };
        self.install_period(&idb, cutoff, archive, live, &covered, &meta)
            .await
    }

    /// Stores a closed period (the archive, the live document, `meta`) in one transaction,
    /// then goes on with the live document and tells the other tabs to start again.
    async fn install_period(
        &self,
        idb: &Idb,
        cutoff: NaiveDate,
        archive: Vec<u8>,
        mut live: Business,
        covered: &[u32],
        meta: &[(&'static str, String)],
    ) -> Result<(), AppError> {
        let framed_live = frame(&live.save());
        idb.close_period(&cutoff.to_string(), &archive, &framed_live, covered, meta)
            .await?;
        live.mark_saved();
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner.business = Some(live);
            inner.snapshot_len = framed_live.len();
            inner.chunks.clear();
            // What a failed write left in memory is in both documents now.
            inner.unsaved.clear();
            inner.summary = None;
            if let Some(channel) = &inner.channel {
                let _ = channel.post_message(&JsValue::from_str(PERIOD_CLOSED));
            }
        }
        self.version.update(|v| *v += 1);
        self.refresh_storage_info();
        Ok(())
    }

    /// The cutoffs of the periods closed on this device, oldest first.
    pub async fn closed_periods(&self) -> Result<Vec<NaiveDate>, AppError> {
        let idb = self.idb()?;
        Ok(idb
            .archives()
            .await?
            .iter()
            .filter_map(|c| c.parse().ok())
            .collect())
    }

    /// The archive of the period closed at `cutoff` as a `.retaguarda` file, which restores
    /// on an empty device to read it.
    pub async fn archive_file(&self, cutoff: NaiveDate) -> Result<Vec<u8>, AppError> {
        let idb = self.idb()?;
        let framed = idb.archive(&cutoff.to_string()).await?.ok_or_else(|| {
            StorageError::Corrupt("o arquivo do período não foi encontrado".into())
        })?;
        let bytes = crate::storage::unframe(&framed)
            .ok_or_else(|| StorageError::Corrupt("o arquivo do período não confere".into()))?;
        Ok(backup::wrap(bytes))
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
        idb.set_meta(META_DEVICE, &device_json(&device)).await?;
        self.version.update(|v| *v += 1);
        Ok(())
    }

    /// Re-reads what the browser says about storage (persistence, usage, quota).
    pub fn refresh_storage_info(&self) {
        let this = *self;
        leptos::task::spawn_local(async move {
            let (persistent, usage, quota) = storage_estimate().await;
            this.storage.update(|s| {
                s.persistent = persistent;
                s.usage_bytes = usage;
                s.quota_bytes = quota;
            });
        });
    }

    fn maybe_compact(&self) {
        let due = {
            let cell = self.cell();
            let inner = cell.borrow();
            should_compact(inner.snapshot_len, inner.chunks.iter().map(|(_, len)| *len))
        };
        if !due {
            return;
        }
        let this = *self;
        with_lock(COMPACT_LOCK, move || async move {
            let _ = this.compact().await;
        });
    }

    /// Writes a new snapshot and deletes the chunks this tab knows it covers.
    pub async fn compact(&self) -> Result<(), AppError> {
        let (snapshot, keys, idb) = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let idb = inner.idb.clone().ok_or(AppError::NotReady)?;
            let keys: Vec<u32> = inner.chunks.iter().map(|(k, _)| *k).collect();
            let business = inner.business.as_mut().ok_or(AppError::NotReady)?;
            (frame(&business.save()), keys, idb)
        };
        idb.compact(&snapshot, &keys).await?;
        let cell = self.cell();
        let mut inner = cell.borrow_mut();
        inner.snapshot_len = snapshot.len();
        inner.chunks.retain(|(k, _)| !keys.contains(k));
        Ok(())
    }

    fn on_broadcast(&self, bytes: Vec<u8>) {
        // The channel's listener may outlive a state made for a test.
        let Some(cell) = self.inner.try_get_value() else {
            return;
        };
        let mut inner = cell.borrow_mut();
        if let Some(early) = inner.early.as_mut() {
            early.push(bytes);
            return;
        }
        let Some(device) = inner.device.clone() else {
            return;
        };
        let applied = match inner.business.as_mut() {
            Some(b) => b.load_incremental(&bytes).is_ok(),
            None => match Business::load(&bytes, &device) {
                Ok(b) => {
                    inner.business = Some(b);
                    true
                }
                Err(_) => false,
            },
        };
        if applied {
            // The sending tab already stored these changes; move the save cursor past them
            // so this tab does not store them again.
            if let Some(b) = inner.business.as_mut() {
                b.mark_saved();
            }
            drop(inner);
            if self.phase.get_untracked() == Phase::Empty {
                self.phase.set(Phase::Ready);
            }
            self.version.update(|v| *v += 1);
        }
    }

    async fn start(&self, db_name: &str) -> Result<(), StorageError> {
        let idb = Rc::new(Idb::open(db_name).await?);
        crate::mark("rg:open");
        let device = match idb.meta(META_DEVICE).await?.and_then(|j| parse_device(&j)) {
            Some(d) => d,
            None => {
                let d = Device::new(default_device_name());
                idb.set_meta(META_DEVICE, &device_json(&d)).await?;
                d
            }
        };
        let last_backup = idb
            .meta(META_LAST_BACKUP)
            .await?
            .and_then(|s| s.parse::<NaiveDate>().ok());
        // A summary that cannot be read is only a slower start.
        let summary = idb
            .meta(META_SUMMARY)
            .await?
            .and_then(|json| serde_json::from_str::<Summary>(&json).ok());
        // The channel opens before the read, so a chunk another tab writes meanwhile is not
        // missed: what arrives before the document is loaded waits in `early`.
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner.early = Some(Vec::new());
            inner.channel = self.open_channel(db_name);
        }
        let persisted = idb.read_all().await?;
        crate::mark("rg:read");
        let assembled = assemble(&persisted, &device)?;
        crate::mark("rg:loaded");
        if !assembled.bad_chunks.is_empty() {
            idb.quarantine(&assembled.bad_chunks, &persisted).await?;
        }
        let quarantined = idb.quarantined().await?;
        let has_business = assembled.business.is_some();
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner.snapshot_len = persisted.snapshot.as_ref().map_or(0, |s| s.len());
            inner.chunks = persisted
                .chunks
                .iter()
                .filter(|(k, _)| assembled.loaded_chunks.contains(k))
                .map(|(k, b)| (*k, b.len()))
                .collect();
            inner.business = assembled.business;
            if let Some(b) = inner.business.as_mut() {
                // Everything loaded is already on disk.
                b.mark_saved();
            }
            inner.device = Some(device);
            inner.idb = Some(idb);
            inner.summary = summary;
        }
        let early = self.cell().borrow_mut().early.take().unwrap_or_default();
        for bytes in early {
            self.on_broadcast(bytes);
        }
        let has_business = has_business || self.cell().borrow().business.is_some();
        if has_business {
            // Once the business has data, ask the browser not to evict it.
            request_persistence();
        }
        self.storage.update(|s| {
            s.last_backup = last_backup;
            s.quarantined = quarantined;
            s.bad_on_load = assembled.bad_chunks.len();
        });
        self.phase.set(if has_business {
            Phase::Ready
        } else {
            Phase::Empty
        });
        self.version.update(|v| *v += 1);
        crate::mark("rg:ready");
        self.refresh_storage_info();
        Ok(())
    }

    /// The channel of the tabs that share database `db_name` (one per database, so browser
    /// tests with their own databases do not hear each other).
    fn open_channel(&self, db_name: &str) -> Option<web_sys::BroadcastChannel> {
        let channel = web_sys::BroadcastChannel::new(&format!("{db_name}-changes")).ok()?;
        let this = *self;
        let handler =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let data = e.data();
                if let Some(array) = data.dyn_ref::<js_sys::Uint8Array>() {
                    this.on_broadcast(array.to_vec());
                } else if data.as_string().as_deref() == Some(PERIOD_CLOSED) {
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().reload();
                    }
                }
            });
        channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        // The channel lives as long as the page.
        handler.forget();
        Some(channel)
    }
}

/// Creates the app state, provides it as context and starts loading from IndexedDB.
pub fn provide_app() -> AppCtx {
    provide_app_with_db(DB_NAME)
}

/// As [`provide_app`], with another database name (browser tests use their own).
pub fn provide_app_with_db(db_name: &'static str) -> AppCtx {
    let app = AppCtx::new();
    provide_context(app);
    leptos::task::spawn_local(async move {
        if let Err(e) = app.start(db_name).await {
            app.phase.set(Phase::Failed(e.to_string()));
        }
    });
    renew_summary_when_hidden(app);
    app
}

/// When the person leaves the app (another app, another tab, the screen off), renews
/// Início's summary if that is cheap, so the next start need not read every list.
fn renew_summary_when_hidden(app: AppCtx) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let target = document.clone();
    let handler = Closure::<dyn FnMut()>::new(move || {
        if target.hidden() {
            app.renew_summary_if_cheap();
        }
    });
    let _ = document
        .add_event_listener_with_callback("visibilitychange", handler.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    handler.forget();
}

fn default_device_name() -> String {
    let ua = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    if ua.contains("Android") || ua.contains("iPhone") {
        "Celular".to_string()
    } else {
        "Computador".to_string()
    }
}

fn device_json(device: &Device) -> String {
    serde_json::json!({ "actor": device.actor_hex(), "name": device.name }).to_string()
}

fn parse_device(json: &str) -> Option<Device> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    let hex = value.get("actor")?.as_str()?;
    let name = value.get("name")?.as_str()?;
    let mut actor = [0u8; 16];
    if hex.len() != 32 {
        return None;
    }
    for (i, byte) in actor.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(Device::with_actor(actor, name))
}

/// Asks the browser not to evict the site's data. Best effort: browsers may say no.
pub fn request_persistence() {
    if let Some(window) = web_sys::window() {
        let storage = window.navigator().storage();
        let _ = storage.persist();
    }
}

async fn storage_estimate() -> (Option<bool>, Option<f64>, Option<f64>) {
    let Some(window) = web_sys::window() else {
        return (None, None, None);
    };
    let storage = window.navigator().storage();
    let persistent = match storage.persisted() {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(p)
            .await
            .ok()
            .and_then(|v| v.as_bool()),
        Err(_) => None,
    };
    let (usage, quota) = match storage.estimate() {
        Ok(p) => match wasm_bindgen_futures::JsFuture::from(p).await {
            Ok(v) => {
                let est: web_sys::StorageEstimate = v.unchecked_into();
                (est.get_usage(), est.get_quota())
            }
            Err(_) => (None, None),
        },
        Err(_) => (None, None),
    };
    (persistent, usage, quota)
}

/// Runs `work` holding the Web Lock `name` if no other tab holds it; skips otherwise.
/// Browsers without Web Locks run it directly (a single tab is the common case there).
fn with_lock<F, Fut>(name: &str, work: F)
where
    F: FnOnce() -> Fut + 'static,
    Fut: std::future::Future<Output = ()> + 'static,
{
    let locks = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"locks".into()).ok())
        .filter(|l| !l.is_undefined());
    let request = locks
        .as_ref()
        .and_then(|l| js_sys::Reflect::get(l, &"request".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match (locks, request) {
        (Some(locks), Some(request)) => {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"ifAvailable".into(), &true.into());
            let mut work = Some(work);
            let callback = Closure::once_into_js(move |lock: JsValue| -> js_sys::Promise {
                match (lock.is_null(), work.take()) {
                    (false, Some(work)) => wasm_bindgen_futures::future_to_promise(async move {
                        work().await;
                        Ok(JsValue::UNDEFINED)
                    }),
                    _ => js_sys::Promise::resolve(&JsValue::UNDEFINED),
                }
            });
            let _ = request.call3(&locks, &name.into(), &options, &callback);
        }
        _ => leptos::task::spawn_local(work()),
    }
}
