//! The app's live state: the one `Business` document in memory, and the path every change
//! takes — core operation, then the sync client, then the screens, then IndexedDB, then the
//! other tabs.
//!
//! Screens read through the kit's `app.query`, which names the [`Topic`]s it reads and
//! re-runs only when a change touched one of them ([`AppCtx::read`] re-runs on any change),
//! and write through [`AppCtx::run`], which applies the change in memory and shows it at
//! once; IndexedDB stores it right after, in order ([`AppCtx::flushed`] waits for that), and
//! a failed write is kept for the next one and said in [`AppCtx::write_error`].
//! The parts:
//!
//! - [`ops`]: the document operations (run, remote changes, create, restore, backup);
//! - [`kept`]: operations asked for while the document loads, kept in IndexedDB until
//!   their change is stored;
//! - [`persist`]: the write queue and its chunks, compaction, metadata and what the browser
//!   says of storage;
//! - [`tabs`]: the other tabs of the same database (the broadcast channel);
//! - [`load`]: the start, from IndexedDB to a ready document, and this device's identity;
//! - [`summary`]: Início's summary kept beside the document;
//! - [`staff`]: the staff document kept and synced apart (docs/SYNC.md 10.5);
//! - [`period`]: closing a period, and the storage half of following a team's close;
//! - [`topics`]: one signal per part of the document, moved only by the changes that
//!   touched it.
//!
//! Nothing here knows the sync client: it registers as the listener of local changes, and
//! calls in (one way) to apply what arrives and to move to a new period.

mod kept;
mod load;
mod ops;
mod period;
mod persist;
mod staff;
mod summary;
mod tabs;
mod topics;
mod warm;

use std::cell::RefCell;
use std::rc::Rc;

use chrono::NaiveDate;
use leptos::prelude::*;
use retaguarda_core::summary::Summary;
use retaguarda_core::{Business, CoreError, Device, OpCtx};

use crate::storage::idb::{Idb, DB_NAME};
use crate::storage::StorageError;

pub use kept::KeptOp;
pub use load::device_name_for_agent;
pub use period::{EpochMarked, PeriodMove};
pub use persist::request_persistence;
pub use staff::StaffListener;
pub use topics::{topics_of, Topic};

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
    #[error(
        "O período está sendo fechado. Espere terminar para registrar: o que fosse gravado \
         agora ficaria fora do período novo e do arquivo."
    )]
    Closing,
    #[error("{0}")]
    Worker(#[from] crate::worker::client::WorkerError),
}

/// Where the app is in its start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Nothing known yet (the splash): storage is being opened.
    Loading,
    /// A business is stored and its document is loading: the shell shows Início from the
    /// summary stored beside it and says the data are loading; other screens wait for
    /// [`Phase::Ready`], and an operation asked for meanwhile waits too ([`AppCtx::run`]).
    Opening,
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
    /// This device's change bytes not yet stored, in order, each with whether the sync
    /// client is told once stored: what the writer takes next, or what a failed write
    /// could not store (it goes first into the next chunk).
    unsaved: Vec<(Vec<u8>, bool)>,
    /// The writer is running (`AppCtx::queue_write`).
    writing: bool,
    /// The staff document's whole save, when an operation here changed it and the writer
    /// has not stored it yet (a newer one replaces it).
    staff_save: Option<Vec<u8>>,
    /// Changes other tabs broadcast while this tab was still loading (`Some` until loaded).
    early: Option<Vec<Vec<u8>>>,
    /// Início's summary: the last one computed here, or the one stored beside the document.
    summary: Option<Summary>,
    /// The live document this device computed when it marked a team's period closed, with
    /// the mark's id, so following its own mark does not split the period a second time.
    ready_epoch: Option<(String, Business)>,
    /// Told about the staff document's changes made on this device (its sync room).
    on_staff_change: Option<StaffListener>,
    /// Operations waiting for the start to finish, in the order asked: each resolves its
    /// promise once the document is loaded (or none was found, or storage failed).
    waiting: Vec<js_sys::Function>,
    /// A period close is being computed off the page: writes are refused until it ends.
    closing: bool,
    /// The database as soon as the start opened it, before the document is loaded: kept
    /// operations are stored through it ([`kept`]).
    opened: Option<Rc<Idb>>,
    /// The kept operations whose changes are in `unsaved`: their records are deleted with
    /// the chunk that stores them.
    kept_done: Vec<String>,
    /// The kept operations applied and not yet stored, each with its Web Lock's release.
    kept_locks: Vec<(String, Option<js_sys::Function>)>,
}

/// The app's shared state, provided as context at the root.
#[derive(Clone, Copy)]
pub struct AppCtx {
    inner: StoredValue<Rc<RefCell<Inner>>, LocalStorage>,
    /// Bumped after every change, local or from another tab or device.
    pub version: RwSignal<u64>,
    /// One signal per [`Topic`], bumped when a change touched it (see `topics`).
    topics: topics::TopicSignals,
    pub phase: RwSignal<Phase>,
    pub storage: RwSignal<StorageInfo>,
    /// Why this device's last changes are not stored yet (a failed IndexedDB write): they
    /// are kept in memory and written with the next change. `None` once a write succeeds.
    pub write_error: RwSignal<Option<AppError>>,
    /// Operations asked for during the load and kept until their change is stored
    /// ([`AppCtx::run_kept`]): the screens say "Salvando…" while there are any.
    pub saving: RwSignal<usize>,
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
                writing: false,
                staff_save: None,
                early: None,
                summary: None,
                ready_epoch: None,
                on_staff_change: None,
                waiting: Vec::new(),
                closing: false,
                opened: None,
                kept_done: Vec::new(),
                kept_locks: Vec::new(),
            }))),
            version: RwSignal::new(0),
            topics: topics::new_signals(),
            phase: RwSignal::new(Phase::Loading),
            storage: RwSignal::new(StorageInfo::default()),
            write_error: RwSignal::new(None),
            saving: RwSignal::new(0),
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

    /// Reads from the document; re-runs in views when a change touched one of `topics`
    /// (the kit's `app.query` is the screens' way in). `None` before a business is loaded.
    pub fn read_topics<R>(
        &self,
        topics: &[Topic],
        f: impl FnOnce(&mut Business) -> R,
    ) -> Option<R> {
        self.track(topics);
        let cell = self.cell();
        let mut inner = cell.borrow_mut();
        inner.business.as_mut().map(f)
    }

    /// This device's identity.
    pub fn device(&self) -> Option<Device> {
        self.cell().borrow().device.clone()
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
        app.release_waiting();
    });
    summary::renew_when_hidden(app);
    warm::when_ready(app);
    app
}
