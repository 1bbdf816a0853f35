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

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::automerge::ChangeHash;
use retaguarda_core::sync::backoff::Backoff;
use retaguarda_core::sync::client::{ClientState, ConnState, SyncClient, SyncEvent, SyncStatus};
use retaguarda_core::sync::heartbeat::Tick;
use retaguarda_core::sync::invite::{relay_ws_url, Invite};
use retaguarda_core::sync::keys::{DeviceId, TeamSecret};
use retaguarda_core::sync::{ErrorCode, SyncError};
use retaguarda_core::{Business, CoreError};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::state::{AppCtx, AppError, Phase};

/// The team this device syncs with (JSON), empty or absent when alone.
pub(crate) const META_TEAM: &str = "team";
const META_STATE: &str = "sync_state";
const META_PEERS: &str = "sync_peers";

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
    /// Moving to a period the team closed: the split takes the thread for a while.
    Moving,
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
}

impl Team {
    /// The current period's id as bytes, `None` for the first period.
    fn epoch_id(&self) -> Option<[u8; 32]> {
        let hash: ChangeHash = self.epoch.as_deref()?.parse().ok()?;
        Some(hash.0)
    }

    /// A client for this team's current room.
    fn client(&self, secret: &TeamSecret, device: DeviceId, state: ClientState) -> SyncClient {
        SyncClient::for_epoch(secret, self.epoch_id().as_ref(), device, state)
    }
}

struct Inner {
    app: AppCtx,
    team: Option<Team>,
    client: Option<SyncClient>,
    socket: Option<web_sys::WebSocket>,
    backoff: Backoff,
    inbox: VecDeque<Vec<u8>>,
    draining: bool,
    last_sync_ms: Option<i64>,
    /// Sync device id (hex) → when its changes last arrived here (this device's clock).
    peers: BTreeMap<String, i64>,
    /// Bumped on every reconnect so a stale retry timer does nothing.
    generation: u64,
    /// A mark this device failed to follow, and why: not tried again until the app starts
    /// again, since each try splits the period anew, and shown meanwhile.
    failed_mark: Option<(String, String)>,
    /// When the current socket started opening, until it opens.
    opening_since: Option<i64>,
}

/// Sync state shared through context.
#[derive(Clone, Copy)]
pub struct SyncCtx {
    inner: StoredValue<Rc<RefCell<Inner>>, LocalStorage>,
    pub view: RwSignal<SyncView>,
    pub peers: RwSignal<BTreeMap<String, i64>>,
    pub team: RwSignal<Option<Team>>,
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

    fn refresh_view(&self) {
        let cell = self.cell();
        let inner = cell.borrow();
        let view = match (&inner.team, &inner.client) {
            (None, _) | (_, None) => SyncView::Alone,
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
        drop(inner);
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

    /// The link (and QR content) that lets another device join this team.
    pub fn invite_link(&self) -> Option<String> {
        let team = self.cell().borrow().team.clone()?;
        let secret = TeamSecret::from_text(&team.secret).ok()?;
        Some(
            Invite {
                secret,
                epoch: team.epoch_id(),
                relay: team.relay,
            }
            .link(&origin()),
        )
    }

    /// Creates a new team on this device, with a fresh secret, and waits for the relay's
    /// answer: a relay that refuses the new team leaves the device alone as it was, with
    /// the relay's reason. Returns whether the relay has answered already (`false`: the
    /// team exists here and goes to the relay once it answers).
    pub async fn create_team(&self, relay: &str) -> Result<bool, String> {
        let secret = TeamSecret::generate().map_err(|e| e.to_string())?;
        self.enter(secret, relay.trim().to_string(), None).await?;
        for _ in 0..150 {
            gloo_timers::future::TimeoutFuture::new(200).await;
            let outcome = {
                let cell = self.cell();
                let inner = cell.borrow();
                let Some(client) = inner.client.as_ref() else {
                    return Err("a equipe foi desfeita enquanto era criada".into());
                };
                match (client.conn_state(), client.refusal()) {
                    (ConnState::Live, _) => Some(Ok(true)),
                    (ConnState::Failed { message, .. }, _) => Some(Err(message.clone())),
                    (ConnState::Offline, Some((_, message))) => Some(Err(message.to_string())),
                    _ => None,
                }
            };
            match outcome {
                Some(Ok(answered)) => return Ok(answered),
                Some(Err(message)) => {
                    self.leave().await;
                    return Err(format!(
                        "O servidor de sincronização recusou a nova equipe: {message}. Os dados continuam só neste aparelho; toque em \"Criar equipe\" para tentar de novo."
                    ));
                }
                None => {}
            }
        }
        Ok(false)
    }

    /// Joins the team of an invite link. The data already on this device is merged in.
    pub async fn join(&self, link: &str) -> Result<(), String> {
        let invite = Invite::parse(link).map_err(|e| e.to_string())?;
        // A closed period's live document shares no change with the team's: merging them
        // would count the archived records twice.
        let app = self.cell().borrow().app;
        if let Some(Ok(Some(start))) = app.read(|b| b.period_start()) {
            return Err(format!(
                "Este aparelho fechou o período em {}: seus dados não se juntam com os de \
                 uma equipe. Entre na equipe por um aparelho (ou navegador) vazio, ou crie \
                 a equipe a partir deste.",
                start.format("%d/%m/%Y")
            ));
        }
        let epoch = invite.epoch.map(|e| ChangeHash(e).to_string());
        self.enter(invite.secret, invite.relay, epoch).await
    }

    async fn enter(
        &self,
        secret: TeamSecret,
        relay: String,
        epoch: Option<String>,
    ) -> Result<(), String> {
        self.leave_socket();
        let app = self.cell().borrow().app;
        let team = Team {
            secret: secret.to_text(),
            relay,
            epoch,
        };
        let json = serde_json::to_string(&team).map_err(|e| e.to_string())?;
        app.set_meta(META_TEAM, &json)
            .await
            .map_err(|e| e.to_string())?;
        let device = app.device().ok_or_else(|| AppError::NotReady.to_string())?;
        let mut client = team.client(&secret, DeviceId(device.actor), ClientState::default());
        // Everything this device holds goes to the team once, as a snapshot.
        queue_snapshot(&mut client, app).map_err(|e| e.to_string())?;
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner.team = Some(team);
            inner.client = Some(client);
        }
        self.save_state().await;
        self.refresh_view();
        self.connect();
        Ok(())
    }

    /// Leaves the team: this device keeps its data and stops syncing.
    pub async fn leave(&self) {
        self.leave_socket();
        let app = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner.team = None;
            inner.client = None;
            inner.app
        };
        let _ = app.set_meta(META_TEAM, "").await;
        let _ = app.set_meta(META_STATE, "").await;
        self.refresh_view();
    }

    fn leave_socket(&self) {
        let socket = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner.generation += 1;
            inner.opening_since = None;
            inner.socket.take()
        };
        if let Some(socket) = socket {
            socket.set_onopen(None);
            socket.set_onmessage(None);
            socket.set_onclose(None);
            let _ = socket.close();
        }
        if let Some(client) = self.cell().borrow_mut().client.as_mut() {
            client.disconnected();
        }
    }

    /// Closes a socket found dead (no answer within the deadline) and tries again after
    /// the backoff delay.
    fn drop_dead_socket(&self) {
        leptos::logging::warn!("sincronização: o servidor não respondeu a tempo; reconectando");
        self.leave_socket();
        self.refresh_view();
        let generation = self.cell().borrow().generation;
        self.schedule_reconnect(generation);
    }

    /// The heartbeat: closes a socket that does not open or whose relay missed a
    /// deadline, and sends the pings the client asks for.
    fn tick(&self) {
        let now = mono_ms();
        let dead = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let opening = inner.opening_since;
            let Some(client) = inner.client.as_mut() else {
                return;
            };
            let (_, timeout) = client.heartbeat_ms();
            match opening {
                Some(since) => now_ms() - since > timeout as i64,
                None => client.tick(now) == Tick::Dead,
            }
        };
        if dead {
            self.drop_dead_socket();
            return;
        }
        self.flush();
        self.refresh_view();
    }

    /// The page came back, the window got focus or the browser went online: connect
    /// now if not connected, else check the connection at once (it may have died while
    /// the page slept).
    fn wake(&self) {
        let connected = self.cell().borrow().socket.is_some();
        if connected {
            if let Some(client) = self.cell().borrow_mut().client.as_mut() {
                client.probe();
            }
            self.tick();
        } else {
            {
                let cell = self.cell();
                let mut inner = cell.borrow_mut();
                // A pending retry timer becomes stale; this attempt replaces it.
                inner.generation += 1;
                inner.backoff.reset();
            }
            self.connect();
        }
    }

    /// Opens the socket if this device is in a team, online, and not connected.
    pub fn connect(&self) {
        let (url, generation) = {
            let cell = self.cell();
            let inner = cell.borrow();
            let Some(team) = inner.team.as_ref() else {
                return;
            };
            if inner.socket.is_some() || inner.client.is_none() || !online() {
                return;
            }
            let relay = if team.relay.is_empty() {
                origin()
            } else {
                team.relay.clone()
            };
            (relay_ws_url(&relay), inner.generation)
        };
        let url = match url {
            Ok(u) => u,
            Err(e) => {
                self.view.set(SyncView::Error(e.to_string()));
                return;
            }
        };
        let Ok(socket) = web_sys::WebSocket::new(&url) else {
            self.schedule_reconnect(generation);
            return;
        };
        socket.set_binary_type(web_sys::BinaryType::Arraybuffer);
        let this = *self;
        let on_open = Closure::<dyn FnMut()>::new(move || {
            let now = mono_ms();
            {
                let cell = this.cell();
                let mut inner = cell.borrow_mut();
                inner.opening_since = None;
                if let Some(client) = inner.client.as_mut() {
                    client.connected();
                    client.tick(now);
                }
            }
            this.flush();
            this.refresh_view();
        });
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                if let Ok(buffer) = e.data().dyn_into::<js_sys::ArrayBuffer>() {
                    this.cell()
                        .borrow_mut()
                        .inbox
                        .push_back(js_sys::Uint8Array::new(&buffer).to_vec());
                    this.drain();
                }
            });
        let on_close = Closure::<dyn FnMut()>::new(move || {
            let generation = {
                let cell = this.cell();
                let mut inner = cell.borrow_mut();
                inner.socket = None;
                inner.opening_since = None;
                if let Some(client) = inner.client.as_mut() {
                    client.disconnected();
                }
                inner.generation
            };
            this.refresh_view();
            this.schedule_reconnect(generation);
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        // The handlers live as long as the socket; a closed socket drops its references.
        on_open.forget();
        on_message.forget();
        on_close.forget();
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner.socket = Some(socket);
            inner.opening_since = Some(now_ms());
        }
        self.refresh_view();
    }

    fn schedule_reconnect(&self, generation: u64) {
        let failed = matches!(self.view.get_untracked(), SyncView::Error(_));
        if failed || !online() {
            return;
        }
        let delay = {
            let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
            self.cell().borrow_mut().backoff.next_delay_ms(random)
        };
        let this = *self;
        gloo_timers::callback::Timeout::new(delay, move || {
            if this.cell().borrow().generation == generation {
                this.connect();
            }
        })
        .forget();
    }

    /// Sends every frame the client has ready.
    fn flush(&self) {
        let cell = self.cell();
        let mut inner = cell.borrow_mut();
        let Some(socket) = inner.socket.clone() else {
            return;
        };
        if socket.ready_state() != web_sys::WebSocket::OPEN {
            return;
        }
        let Some(client) = inner.client.as_mut() else {
            return;
        };
        while let Some(frame) = client.poll_transmit() {
            let _ = socket.send_with_u8_array(&frame);
        }
    }

    /// A change made on this device: seal it into the outbox, store the outbox, send.
    fn local_change(&self, bytes: &[u8]) {
        let queued = self
            .cell()
            .borrow_mut()
            .client
            .as_mut()
            .map(|c| c.add_changes(bytes));
        if let Some(Err(e)) = queued {
            self.view.set(SyncView::Error(e.to_string()));
            return;
        }
        let this = *self;
        spawn_local(async move {
            this.save_state().await;
            this.flush();
            this.refresh_view();
        });
    }

    /// Processes received frames one at a time.
    fn drain(&self) {
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            if inner.draining {
                return;
            }
            inner.draining = true;
        }
        let this = *self;
        spawn_local(async move {
            loop {
                let next = this.cell().borrow_mut().inbox.pop_front();
                let Some(frame) = next else { break };
                this.handle(frame).await;
            }
            this.cell().borrow_mut().draining = false;
            this.flush();
            this.refresh_view();
        });
    }

    async fn handle(&self, frame: Vec<u8>) {
        let (events, app) = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let app = inner.app;
            let Some(client) = inner.client.as_mut() else {
                return;
            };
            match client.handle_frame(&frame) {
                Ok(events) => (events, app),
                Err(e) => {
                    drop(inner);
                    self.view.set(SyncView::Error(e.to_string()));
                    return;
                }
            }
        };
        let mut changed = false;
        for event in events {
            match event {
                SyncEvent::Apply {
                    seq,
                    device,
                    payload,
                    ..
                } => {
                    if app.apply_remote(&payload).await.is_ok() {
                        changed = true;
                        let marks = mark_ids(app);
                        let cell = self.cell();
                        let mut inner = cell.borrow_mut();
                        inner.peers.insert(device.to_hex(), now_ms());
                        if let Some(client) = inner.client.as_mut() {
                            client.note_marks(marks.iter().map(String::as_str), seq);
                        }
                    }
                }
                SyncEvent::CaughtUp { .. } => {
                    let cell = self.cell();
                    let mut inner = cell.borrow_mut();
                    inner.last_sync_ms = Some(now_ms());
                    inner.backoff.reset();
                }
                SyncEvent::Acked { .. } => {
                    changed = true;
                    self.cell().borrow_mut().last_sync_ms = Some(now_ms());
                }
                SyncEvent::RelayReset => {
                    // The relay forgot the room: everything this device holds goes up again.
                    changed |= self.snapshot_now(app);
                }
                SyncEvent::Rejected { error, .. } => {
                    leptos::logging::warn!("pacote de sincronização recusado: {error}");
                }
                SyncEvent::Quarantined { reason, .. } => {
                    leptos::logging::warn!("pacote de sincronização posto de lado: {reason}");
                }
                SyncEvent::RelayError {
                    code,
                    message,
                    client_ref,
                } => {
                    leptos::logging::warn!("relay: {message}");
                    // A full room accepts a compacting snapshot, which frees it (a
                    // refused new team has no room to compact).
                    if code == ErrorCode::QuotaExceeded && client_ref.is_some() {
                        changed |= self.snapshot_now(app);
                    }
                }
            }
        }
        // Compaction: once enough blobs piled up in the room, one snapshot replaces them.
        // Not once a period was closed: a snapshot would lose the order of the marks, and
        // the room is left behind anyway.
        let wants = self
            .cell()
            .borrow()
            .client
            .as_ref()
            .is_some_and(|c| c.wants_snapshot() && c.is_up_to_date());
        if wants && mark_ids(app).is_empty() {
            changed |= self.snapshot_now(app);
        }
        if changed {
            self.save_state().await;
        }
        self.follow_mark().await;
    }

    /// Closes the period before `cutoff` for the whole team (docs/SYNC.md, section 8).
    /// Only while connected and caught up with nothing to send; the device moves to the
    /// new period as soon as the relay has stored the mark, and the others when it
    /// reaches them.
    pub async fn close_period(&self, cutoff: chrono::NaiveDate) -> Result<(), String> {
        let app = self.cell().borrow().app;
        let ready = self
            .cell()
            .borrow()
            .client
            .as_ref()
            .is_some_and(SyncClient::is_up_to_date);
        if !ready {
            return Err(SyncError::NotUpToDate.to_string());
        }
        let this = *self;
        app.mark_epoch(cutoff, move |mark, change| {
            let cell = this.cell();
            let mut inner = cell.borrow_mut();
            let client = inner.client.as_mut().ok_or(AppError::NotReady)?;
            client
                .add_mark(change, &mark.live_head)
                .map(|_| ())
                .map_err(|e| AppError::Core(CoreError::Conflict(e.to_string())))
        })
        .await
        .map_err(|e| e.to_string())?;
        self.save_state().await;
        self.flush();
        self.refresh_view();
        Ok(())
    }

    /// Moves to the period of the mark the team follows, once this device is caught up
    /// and has sent everything it wrote in the old room. The new room, its fresh sync
    /// state and the change carrying over what this device wrote after the mark are
    /// stored with the new live document in one transaction; the device that closed the
    /// period also queues the live document as the new room's snapshot, for devices that
    /// join later.
    async fn follow_mark(&self) {
        let app = self.cell().borrow().app;
        let marks = match untrack(|| app.read(|b| b.epoch_marks())) {
            Some(Ok(marks)) if !marks.is_empty() => marks,
            _ => return,
        };
        let (mark, team, secret, device) = {
            let cell = self.cell();
            let inner = cell.borrow();
            let (Some(client), Some(team)) = (inner.client.as_ref(), inner.team.clone()) else {
                return;
            };
            if !client.is_up_to_date() {
                return;
            }
            let Some(id) = client.mark_to_follow(marks.iter().map(|m| m.live_head.as_str())) else {
                return;
            };
            if inner
                .failed_mark
                .as_ref()
                .is_some_and(|(failed, _)| *failed == id)
            {
                return;
            }
            let Some(mark) = marks.into_iter().find(|m| m.live_head == id) else {
                return;
            };
            let Ok(secret) = TeamSecret::from_text(&team.secret) else {
                return;
            };
            (mark, team, secret, client.device())
        };
        let team = Team {
            epoch: Some(mark.live_head.clone()),
            ..team
        };
        // Let the indicator paint before the split takes the thread.
        self.view.set(SyncView::Moving);
        gloo_timers::future::TimeoutFuture::new(50).await;
        let mut next: Option<SyncClient> = None;
        let followed = app
            .follow_epoch(&mark, |live, carried, author| {
                let mut client = team.client(&secret, device, ClientState::default());
                let sealed = client.add_changes(carried).and_then(|_| {
                    if author {
                        queue_save(&mut client, live)
                    } else {
                        Ok(())
                    }
                });
                sealed.map_err(|e| AppError::Core(CoreError::Conflict(e.to_string())))?;
                let meta = vec![
                    (META_TEAM, serde_json::to_string(&team).unwrap_or_default()),
                    (
                        META_STATE,
                        serde_json::to_string(client.state()).unwrap_or_default(),
                    ),
                ];
                next = Some(client);
                Ok(meta)
            })
            .await;
        if let Err(e) = followed {
            if matches!(
                e,
                AppError::Storage(crate::storage::StorageError::Concurrent)
            ) {
                // Another tab wrote meanwhile: nothing changed, and the next frame tries again.
                self.refresh_view();
                return;
            }
            let message = format!(
                "não foi possível passar ao novo período: {e} Recarregue a página para tentar de novo."
            );
            self.cell().borrow_mut().failed_mark = Some((mark.live_head.clone(), message));
            self.refresh_view();
            return;
        }
        self.leave_socket();
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            // Frames still queued came from the old room.
            inner.inbox.clear();
            inner.client = next;
            inner.team = Some(team);
        }
        self.refresh_view();
        self.connect();
    }

    /// Queues a snapshot of the whole document; true when one was queued.
    fn snapshot_now(&self, app: AppCtx) -> bool {
        let cell = self.cell();
        let mut inner = cell.borrow_mut();
        let Some(client) = inner.client.as_mut() else {
            return false;
        };
        match queue_snapshot(client, app) {
            Ok(queued) => queued,
            Err(e) => {
                drop(inner);
                self.view.set(SyncView::Error(e.to_string()));
                false
            }
        }
    }

    async fn save_state(&self) {
        let (app, state, peers) = {
            let cell = self.cell();
            let inner = cell.borrow();
            let Some(client) = inner.client.as_ref() else {
                return;
            };
            (
                inner.app,
                serde_json::to_string(client.state()).unwrap_or_default(),
                serde_json::to_string(&inner.peers).unwrap_or_default(),
            )
        };
        if let Err(e) = app.set_meta(META_STATE, &state).await {
            self.view.set(SyncView::Error(e.to_string()));
        }
        let _ = app.set_meta(META_PEERS, &peers).await;
    }

    async fn resume(&self) {
        let app = self.cell().borrow().app;
        let team: Option<Team> = app
            .meta(META_TEAM)
            .await
            .ok()
            .flatten()
            .and_then(|j| serde_json::from_str(&j).ok());
        let Some(team) = team else {
            self.refresh_view();
            return;
        };
        let Ok(secret) = TeamSecret::from_text(&team.secret) else {
            self.view.set(SyncView::Error(
                "o segredo da equipe guardado está danificado".into(),
            ));
            return;
        };
        let state: ClientState = app
            .meta(META_STATE)
            .await
            .ok()
            .flatten()
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default();
        let peers: BTreeMap<String, i64> = app
            .meta(META_PEERS)
            .await
            .ok()
            .flatten()
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default();
        let Some(device) = app.device() else { return };
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner.client = Some(team.client(&secret, DeviceId(device.actor), state));
            inner.team = Some(team);
            inner.peers = peers;
        }
        self.refresh_view();
        self.connect();
    }
}

/// Seals the whole document as a snapshot: one blob when its save fits, else its changes in
/// parts (a shop with years of data outgrows one 4 MiB blob). False when there is no document.
fn queue_snapshot(client: &mut SyncClient, app: AppCtx) -> Result<bool, SyncError> {
    let Some(save) = app.save_all() else {
        return Ok(false);
    };
    seal_snapshot(client, &save, || app.all_changes().unwrap_or_default()).map(|_| true)
}

/// Seals `live` as a snapshot, as [`queue_snapshot`] does for the app's document.
fn queue_save(client: &mut SyncClient, live: &mut Business) -> Result<(), SyncError> {
    let save = live.save();
    seal_snapshot(client, &save, || live.changes_since(&[]))
}

fn seal_snapshot(
    client: &mut SyncClient,
    save: &[u8],
    changes: impl FnOnce() -> Vec<Vec<u8>>,
) -> Result<(), SyncError> {
    match client.add_snapshot(save) {
        Ok(_) => Ok(()),
        Err(SyncError::TooLarge { .. }) => client.add_snapshot_parts(&changes()).map(|_| ()),
        Err(e) => Err(e),
    }
}

/// The ids of the epoch marks in the app's document.
fn mark_ids(app: AppCtx) -> Vec<String> {
    match untrack(|| app.read(|b| b.epoch_marks())) {
        Some(Ok(marks)) => marks.into_iter().map(|m| m.live_head).collect(),
        _ => Vec::new(),
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
            backoff: Backoff::new(),
            inbox: VecDeque::new(),
            draining: false,
            last_sync_ms: None,
            peers: BTreeMap::new(),
            generation: 0,
            failed_mark: None,
            opening_since: None,
        }))),
        view: RwSignal::new(SyncView::Alone),
        peers: RwSignal::new(BTreeMap::new()),
        team: RwSignal::new(None),
    };
    provide_context(sync);
    app.set_on_local_change(Some(Rc::new(move |bytes: &[u8]| sync.local_change(bytes))));
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
        sync.leave_socket();
        sync.refresh_view();
    });
    let visible = Closure::<dyn FnMut()>::new(move || {
        let shown = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| !d.hidden());
        if shown {
            sync.wake();
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

/// The join code in the address (`/#join=…`), if the app was opened from an invite.
pub fn invite_in_location() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.contains("join=").then_some(hash)
}

/// Removes the invite from the address bar once handled, so a reload does not ask again.
pub fn clear_location_invite() {
    if let Some(window) = web_sys::window() {
        if let Ok(history) = window.history() {
            let path = window.location().pathname().unwrap_or_else(|_| "/".into());
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&path));
        }
    }
}

/// The always-visible sync indicator.
#[component]
pub fn SyncIndicator() -> impl IntoView {
    let sync = use_sync();
    let text = move || match sync.view.get() {
        SyncView::Alone => ("alone", "Só neste aparelho".to_string()),
        SyncView::Offline { pending: 0 } => ("offline", "Offline".to_string()),
        SyncView::Offline { pending } => ("offline", format!("Offline ({pending} pendentes)")),
        SyncView::Reconnecting { pending: 0 } => {
            ("reconnecting", "Sem conexão com o servidor".to_string())
        }
        SyncView::Reconnecting { pending } => (
            "reconnecting",
            format!("Sem conexão com o servidor ({pending} pendentes)"),
        ),
        SyncView::Checking { .. } => ("checking", "Verificando a conexão…".to_string()),
        SyncView::Refused { pending: 0, .. } => ("refused", "Recusado pelo servidor".to_string()),
        SyncView::Refused { pending, .. } => (
            "refused",
            format!("Recusado pelo servidor ({pending} pendentes)"),
        ),
        SyncView::Syncing { pending } => {
            ("syncing", format!("Sincronizando ({pending} pendentes)"))
        }
        SyncView::UpToDate { last_ms } => (
            "ok",
            match last_ms {
                Some(ms) => {
                    let d = js_sys::Date::new(&JsValue::from_f64(ms as f64));
                    format!(
                        "Sincronizado às {:02}:{:02}",
                        d.get_hours(),
                        d.get_minutes()
                    )
                }
                None => "Sincronizado".to_string(),
            },
        ),
        SyncView::Moving => ("syncing", "Passando ao novo período…".to_string()),
        SyncView::Error(message) => ("error", format!("Erro de sincronização: {message}")),
    };
    // Each state's colour: the waiting ones look offline, the refused one an error.
    let class = move || match text().0 {
        "reconnecting" => "offline",
        "checking" => "syncing",
        "refused" => "error",
        other => other,
    };
    view! {
        <span role="status" aria-live="polite">
            <a href="/configuracoes#equipe" class=move || format!("sync-indicator {}", class())
                data-testid="sync-indicator" data-state=move || text().0
                aria-label=move || format!("Sincronização: {}", text().1)>
                {move || text().1}
            </a>
        </span>
    }
}

/// What the sync state means and what to do, for Configurações (pt-BR); `None` when
/// this device is in no team.
pub fn explain(view: &SyncView) -> Option<String> {
    let keep =
        "O que você registrar fica guardado neste aparelho e é enviado quando a conexão voltar.";
    Some(match view {
        SyncView::Alone => return None,
        SyncView::Offline { .. } => {
            format!("Este aparelho está sem internet. {keep} Confira o Wi-Fi ou os dados móveis.")
        }
        SyncView::Reconnecting { .. } => format!(
            "Sem conexão com o servidor de sincronização: ele não respondeu ou a conexão caiu. O aparelho tenta de novo sozinho. {keep} Se demorar, confira a internet ou o endereço do servidor."
        ),
        SyncView::Checking { .. } => {
            "Verificando se a conexão com o servidor ainda funciona…".to_string()
        }
        SyncView::Refused { message, .. } => format!(
            "O servidor de sincronização recusou a conexão: {message}. O aparelho tenta de novo sozinho. {keep}"
        ),
        SyncView::Syncing { .. } => "Sincronizando com a equipe…".to_string(),
        SyncView::UpToDate { .. } => "Em dia com a equipe.".to_string(),
        SyncView::Moving => "Passando ao novo período da equipe…".to_string(),
        SyncView::Error(message) => format!("Erro de sincronização: {message}"),
    })
}
