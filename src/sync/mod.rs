//! The browser's side of sync: a WebSocket around core's sans-IO [`SyncClient`], the team
//! (secret and relay address) and the client's outbox and cursor kept in IndexedDB, and the
//! sync indicator.
//!
//! Frames are handled one at a time, in arrival order: a frame's changes are applied and
//! stored before the cursor that covers them is stored, so a crash can only cause a
//! harmless re-delivery.
//!
//! A timer ticks the client's heartbeat twice a second: a socket that does not open, or a
//! relay that misses a deadline, is closed and opened again after the backoff delay, and
//! the page coming back to the foreground (or the browser going online) checks the
//! connection at once. The indicator says "Sincronizado" only after a recent answer.
//!
//! The parts: [`team`] (create, join, leave, resume), [`socket`] (connection and
//! heartbeat), [`hub`] (the same frames through the shop's hub, docs/SYNC.md 11),
//! [`inbox`] (local changes out, frames in, snapshots), [`staff`] (the staff
//! document's own room, docs/SYNC.md 10.5), [`period`] (a team's
//! period close and following it) and [`indicator`] (what the screens show). Sync calls
//! the app state (`crate::state`) one way: the state never calls back into sync except
//! through the listener of local changes it was given.

mod hub;
mod inbox;
mod indicator;
mod lobby;
mod members;
mod period;
mod socket;
mod staff;
mod team;

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::automerge::ChangeHash;
use retaguarda_core::sync::backoff::Backoff;
use retaguarda_core::sync::client::{ClientState, SyncClient, SyncStatus};
use retaguarda_core::sync::keys::{DeviceId, TeamSecret};
use retaguarda_core::sync::{DeviceKeys, SyncError};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::state::{AppCtx, AppError, Phase};

pub use indicator::invite_link_in_location;
pub use indicator::{clear_location_invite, explain, invite_in_location, SyncIndicator};
pub use lobby::{JoinStep, LobbyWatch, NewInvite};
pub use members::own_role;

/// Why a team action (create, join, close a period) did not complete, in pt-BR.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TeamError {
    #[error("{0}")]
    App(#[from] AppError),
    #[error("{0}")]
    Sync(#[from] SyncError),
    #[error(
        "O servidor de sincronização recusou a nova equipe: {0}. Os dados continuam só neste \
         aparelho; toque em \"Criar equipe\" para tentar de novo."
    )]
    Refused(String),
    #[error("a equipe foi desfeita enquanto era criada")]
    Dissolved,
    /// A closed period's live document shares no change with the team's: merging them
    /// would count the archived records twice.
    #[error(
        "Este aparelho fechou o período em {}: seus dados não se juntam com os de uma \
         equipe. Entre na equipe por um aparelho (ou navegador) vazio, ou crie a equipe a \
         partir deste.",
        .0.format("%d/%m/%Y")
    )]
    ClosedPeriod(NaiveDate),
    #[error("não foi possível guardar a equipe neste aparelho: {0}")]
    Encode(String),
    /// A removal is ordered by the relay, as a period close: the device must be caught up.
    #[error(
        "Para remover um aparelho, este aparelho precisa estar conectado e em dia com a \
         equipe. Conecte-se e tente de novo."
    )]
    NotCaughtUp,
    /// A device joining by invite starts empty: its own records would reach no one.
    #[error(
        "Este aparelho já tem dados. Para entrar numa equipe por convite, abra o convite num \
         aparelho (ou navegador) sem dados."
    )]
    HasData,
    #[error("{0}")]
    Invite(String),
}

/// What the sync indicator shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncView {
    /// This device is in no team: its data stays here.
    Alone,
    /// The browser says there is no network.
    Offline {
        pending: usize,
    },
    /// Online, but no working connection to the relay (it does not answer, or the
    /// connection died): the device keeps trying.
    Reconnecting {
        pending: usize,
    },
    /// Connected, but the relay has not answered lately.
    Checking {
        pending: usize,
    },
    /// The relay refused the last connection; `message` says why and what to do.
    Refused {
        pending: usize,
        message: String,
    },
    Syncing {
        pending: usize,
    },
    UpToDate {
        last_ms: Option<i64>,
    },
    /// Moving to a period the team closed: the split runs in the close's worker (or on the
    /// page, where no worker starts), at `step` of `steps` (0 before the first).
    Moving {
        step: u32,
        steps: u32,
    },
    /// An owner removed this device from the team: it syncs no more (pt-BR, who and what).
    Removed(String),
    Error(String),
}

/// The team this device belongs to, as kept in IndexedDB.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Team {
    pub secret: String,
    /// Empty: the origin that served the app.
    pub relay: String,
    /// The team's current period (the id of its live document, hex), whose room this
    /// device syncs in; absent for the team's first period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
    /// How many times the team moved to new keys (a removal, docs/SYNC.md 10.6); the
    /// secret above belongs to this generation.
    #[serde(default)]
    pub generation: u64,
}

impl Team {
    /// The current period's id as bytes, `None` for the first period.
    fn epoch_id(&self) -> Option<[u8; 32]> {
        let hash: ChangeHash = self.epoch.as_deref()?.parse().ok()?;
        Some(hash.0)
    }

    /// A client for this team's current room, signing what it sends with this device's
    /// own keys (docs/SYNC.md 10.4).
    fn client(
        &self,
        secret: &TeamSecret,
        device: DeviceId,
        state: ClientState,
        keys: &DeviceKeys,
    ) -> SyncClient {
        SyncClient::for_epoch(secret, self.epoch_id().as_ref(), device, state)
            .with_signer(keys.clone())
    }
}

struct Inner {
    app: AppCtx,
    team: Option<Team>,
    client: Option<SyncClient>,
    /// The relay's WebSocket or the hub's data channel.
    socket: Option<socket::Link>,
    /// The paired hub, when to try it, and the cursor per place.
    hub: hub::HubState,
    backoff: Backoff,
    inbox: VecDeque<Vec<u8>>,
    /// Blobs the roster released after a local change to the members, applied by the
    /// drain before the next frame.
    inbox_events: VecDeque<retaguarda_core::sync::SyncEvent>,
    draining: bool,
    last_sync_ms: Option<i64>,
    /// Sync device id (hex) → when its changes last arrived here (this device's clock).
    peers: BTreeMap<String, i64>,
    /// Bumped on every reconnect so a stale retry timer does nothing.
    generation: u64,
    /// A mark this device failed to follow, and why: not tried again until the app starts
    /// again, since each try splits the period anew, and shown meanwhile.
    failed_mark: Option<(String, String)>,
    /// The move to a period the team closed, while it runs: the step it is at, of how many.
    moving: Option<(u32, u32)>,
    /// When the current socket started opening, until it opens.
    opening_since: Option<i64>,
    /// This device's own key pairs, loaded from (or first made into) IndexedDB.
    keys: Option<DeviceKeys>,
    /// The re-keying this device is writing (a removal): its change is sealed as a mark.
    pending_rekey: Option<String>,
    /// This device was removed from the team (what to tell the person): it syncs no more.
    removed: Option<String>,
    /// The staff document's room (docs/SYNC.md 10.5).
    staff: staff::StaffState,
    /// Changes made on this device before the team kept here is resumed at the start
    /// (a screen that writes as it opens, after a reload): sealed once the client exists,
    /// not lost. `None` once resumed.
    early: Option<Vec<u8>>,
    /// While a received blob is being applied (in batches, the page free between them): the
    /// sequence number just below it. No cursor past it is stored until it is applied and
    /// stored, whatever stores the state meanwhile (a local change, say).
    applying_below: Option<u64>,
}

impl Inner {
    /// The client's cursor as it may be stored now (see `applying_below`).
    fn storable_cursor(&self) -> Option<u64> {
        let cursor = self.client.as_ref()?.state().cursor;
        Some(
            self.applying_below
                .map_or(cursor, |below| cursor.min(below)),
        )
    }
}

/// Sync state shared through context.
#[derive(Clone, Copy)]
pub struct SyncCtx {
    inner: StoredValue<Rc<RefCell<Inner>>, LocalStorage>,
    pub view: RwSignal<SyncView>,
    pub peers: RwSignal<BTreeMap<String, i64>>,
    pub team: RwSignal<Option<Team>>,
    /// Blobs received and set aside, not applied (device hex, reason in pt-BR).
    pub quarantine: RwSignal<Vec<(String, String)>>,
    /// The pairing line of the shop's hub this device uses, if paired.
    pub hub: RwSignal<Option<String>>,
    /// Whether sync goes through the shop's hub now ("pela rede da loja").
    pub via_hub: RwSignal<bool>,
}

/// The sync context.
pub fn use_sync() -> SyncCtx {
    expect_context::<SyncCtx>()
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Milliseconds of a monotonic clock, for the heartbeat (a wall clock set back would
/// look like a missed deadline).
fn mono_ms() -> u64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now() as u64)
        .unwrap_or_else(|| now_ms().max(0) as u64)
}

fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

fn online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

impl SyncCtx {
    fn cell(&self) -> Rc<RefCell<Inner>> {
        self.inner.get_value()
    }

    fn app(&self) -> AppCtx {
        self.cell().borrow().app
    }

    fn refresh_view(&self) {
        let cell = self.cell();
        let inner = cell.borrow();
        let view = match (&inner.team, &inner.client) {
            (Some(_), None) if inner.removed.is_some() => {
                SyncView::Removed(inner.removed.clone().unwrap_or_default())
            }
            (None, _) | (_, None) => SyncView::Alone,
            // The heartbeat must not hide a move in progress.
            (Some(_), Some(_)) if inner.moving.is_some() => {
                let (step, steps) = inner.moving.unwrap_or_default();
                SyncView::Moving { step, steps }
            }
            (Some(_), Some(_)) if inner.failed_mark.is_some() => {
                SyncView::Error(inner.failed_mark.clone().unwrap_or_default().1)
            }
            (Some(_), Some(client)) => match client.status_at(mono_ms()) {
                SyncStatus::Offline { pending } if online() => SyncView::Reconnecting { pending },
                SyncStatus::Offline { pending } => SyncView::Offline { pending },
                SyncStatus::Refused { pending, message } => SyncView::Refused { pending, message },
                SyncStatus::Checking { pending } => SyncView::Checking { pending },
                SyncStatus::Syncing { pending } => SyncView::Syncing { pending },
                SyncStatus::UpToDate => SyncView::UpToDate {
                    last_ms: inner.last_sync_ms,
                },
                SyncStatus::Failed { message } => SyncView::Error(message),
            },
        };
        let peers = inner.peers.clone();
        let team = inner.team.clone();
        let via_hub = matches!(inner.socket, Some(socket::Link::Hub(_)));
        drop(inner);
        if self.via_hub.get_untracked() != via_hub {
            self.via_hub.set(via_hub);
        }
        let quarantine = self.quarantined();
        if self.quarantine.with_untracked(|q| *q != quarantine) {
            self.quarantine.set(quarantine);
        }
        // The heartbeat refreshes twice a second: only changes reach the screen.
        if self.view.with_untracked(|v| *v != view) {
            self.view.set(view);
        }
        if self.peers.with_untracked(|p| *p != peers) {
            self.peers.set(peers);
        }
        if self.team.with_untracked(|t| *t != team) {
            self.team.set(team);
        }
    }
}

/// Creates the sync context, hooks it to the app's changes and to the browser's
/// online/offline events, and resumes the team kept on this device once data is loaded.
pub fn provide_sync(app: AppCtx) -> SyncCtx {
    let sync = SyncCtx {
        inner: StoredValue::new_local(Rc::new(RefCell::new(Inner {
            app,
            team: None,
            client: None,
            socket: None,
            hub: hub::HubState::default(),
            backoff: Backoff::new(),
            inbox: VecDeque::new(),
            inbox_events: VecDeque::new(),
            draining: false,
            last_sync_ms: None,
            peers: BTreeMap::new(),
            generation: 0,
            failed_mark: None,
            moving: None,
            opening_since: None,
            keys: None,
            pending_rekey: None,
            removed: None,
            staff: staff::StaffState::default(),
            early: Some(Vec::new()),
            applying_below: None,
        }))),
        view: RwSignal::new(SyncView::Alone),
        peers: RwSignal::new(BTreeMap::new()),
        team: RwSignal::new(None),
        quarantine: RwSignal::new(Vec::new()),
        hub: RwSignal::new(None),
        via_hub: RwSignal::new(false),
    };
    provide_context(sync);
    crate::peer::provide(app, Rc::new(move |blob| sync.send_signal(blob)));
    app.set_on_local_change(Some(Rc::new(move |bytes: &[u8]| sync.local_change(bytes))));
    app.set_on_staff_change(Some(Rc::new(move |bytes: &[u8]| {
        sync.staff_local_change(bytes)
    })));
    let started = RwSignal::new(false);
    Effect::new(move |_| {
        // Starts once the document is loaded (or the device is empty but may join a team).
        let phase = app.phase.get();
        if !started.get_untracked() && matches!(phase, Phase::Ready | Phase::Empty) {
            started.set(true);
            spawn_local(async move { sync.resume().await });
        }
    });
    let online_handle = window_event_listener_untyped("online", move |_| sync.wake());
    let focus_handle = window_event_listener_untyped("focus", move |_| sync.wake());
    let offline_handle = window_event_listener_untyped("offline", move |_| {
        crate::peer::leave();
        sync.leave_socket();
        sync.refresh_view();
    });
    let visible = Closure::<dyn FnMut()>::new(move || {
        let shown = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| !d.hidden());
        if shown {
            sync.wake();
        } else {
            crate::peer::leave();
        }
    });
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_onvisibilitychange(Some(visible.as_ref().unchecked_ref()));
    }
    // The app lives as long as the page.
    visible.forget();
    // Twice a second: pings when due, and dead sockets closed within half a second of
    // their deadline.
    gloo_timers::callback::Interval::new(500, move || sync.tick()).forget();
    on_cleanup(move || {
        online_handle.remove();
        focus_handle.remove();
        offline_handle.remove();
    });
    sync
}
