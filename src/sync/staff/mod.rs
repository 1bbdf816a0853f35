//! The staff document's room (docs/SYNC.md 10.5): a second [`SyncClient`] on the staff
//! secret's room, over its own WebSocket to the same relay, signing with this device's
//! keys and checking senders against the same roster.
//!
//! After every business blob applied here and every local change, [`SyncCtx::follow_staff`]
//! first does an owner's duties (moving the staff records out of the shop's document,
//! giving each reader a share of the staff key) and then reads this device's share: a new
//! or rotated key starts a client on its room, with the whole staff document queued as a
//! snapshot; no share while the team has a key (a cashier's device, a manager demoted or
//! removed) drops the staff document and its stored bytes. The staff room's client state
//! (cursor and outbox) is stored with the room's id (`meta::STAFF_SYNC_STATE`), so a start
//! receives only what is new; the whole document goes up again only in a new room, or
//! when this device wrote to it while it had no link.

use std::collections::VecDeque;

use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::members::Role;
use retaguarda_core::staff::StaffAccess;
use retaguarda_core::sync::client::{ClientState, SyncClient, SyncEvent};
use retaguarda_core::sync::heartbeat::Tick;
use retaguarda_core::sync::invite::relay_ws_url;
use retaguarda_core::sync::keys::DeviceId;
use retaguarda_core::sync::{BlobKind, DeviceKeys};
use retaguarda_core::Business;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{mono_ms, online, origin, SyncCtx};
use crate::state::AppCtx;
use crate::storage::meta;

/// The staff room's client state as stored, with the room it belongs to.
#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    /// The room's id (hex): a rotated key's room starts afresh.
    room: String,
    state: ClientState,
}

fn room_hex(secret: &[u8; 32]) -> String {
    let room = retaguarda_core::staff::StaffSecret::from_bytes(*secret).room_secret();
    room.derive()
        .room
        .0
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

mod link;

/// The staff room's connection, when this device reads the staff records.
struct StaffLink {
    /// The staff secret the room belongs to (its bytes): a rotation starts a new link.
    secret: [u8; 32],
    client: SyncClient,
    socket: Option<web_sys::WebSocket>,
    /// Bumped when the link is replaced, so a stale socket's handlers do nothing.
    id: u64,
    inbox: VecDeque<Vec<u8>>,
    draining: bool,
}

/// The staff room's part of the sync state.
#[derive(Default)]
pub(super) struct StaffState {
    link: Option<StaffLink>,
    /// Links made so far (the id of the next).
    made: u64,
    /// A follow is running; `again` asks it to run once more.
    busy: bool,
    again: bool,
    /// This device wrote to the staff document while it had no link: the next link sends
    /// the whole document.
    unsent: bool,
}

impl StaffState {
    fn close(&mut self) {
        if let Some(socket) = self.link.take().and_then(|l| l.socket) {
            socket.set_onopen(None);
            socket.set_onmessage(None);
            socket.set_onclose(None);
            let _ = socket.close();
        }
    }
}

/// Whether an owner's device must give out (or rotate) the staff key: a reader without a
/// share, or a share held by a device that no longer reads the staff records.
fn key_incomplete(b: &Business) -> bool {
    let Ok(members) = b.members() else {
        return false;
    };
    let readers: Vec<&str> = members
        .iter()
        .filter(|(_, m)| m.active() && m.role().is_some_and(Role::reads_staff))
        .map(|(id, _)| id.as_str())
        .collect();
    match b.staff_key() {
        Ok(Some((_, key))) => {
            readers
                .iter()
                .any(|r| !key.shares.iter().any(|s| s.device == *r))
                || key
                    .shares
                    .iter()
                    .any(|s| !readers.contains(&s.device.as_str()))
        }
        Ok(None) => true,
        Err(_) => false,
    }
}

/// What an owner's device still owes the staff records: (move them out, share the key).
fn owner_duties(app: AppCtx) -> (bool, bool) {
    untrack(|| {
        app.read(|b| {
            if !matches!(b.own_role(), Ok(Some(Role::Owner))) {
                return (false, false);
            }
            let access = b.staff_access().ok();
            let strays = b.staff_strays().unwrap_or(0);
            let moves = match access {
                Some(StaffAccess::InBusiness) => true,
                Some(StaffAccess::Separate) => strays > 0,
                _ => false,
            };
            let separate = moves || access == Some(StaffAccess::Separate);
            (moves, separate && key_incomplete(b))
        })
    })
    .unwrap_or((false, false))
}

impl SyncCtx {
    /// Brings the staff room in line with the document (see the module's docs). Runs once
    /// at a time; a call meanwhile makes it run again.
    pub(super) fn follow_staff(&self) {
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            if inner.staff.busy {
                inner.staff.again = true;
                return;
            }
            inner.staff.busy = true;
        }
        let this = *self;
        spawn_local(async move {
            loop {
                this.cell().borrow_mut().staff.again = false;
                this.follow_staff_once().await;
                let cell = this.cell();
                let mut inner = cell.borrow_mut();
                if !inner.staff.again {
                    inner.staff.busy = false;
                    break;
                }
            }
        });
    }

    /// [`SyncCtx::follow_staff`] awaited (founding a team: the staff records move out
    /// before the person goes on).
    pub(super) async fn follow_staff_now(&self) {
        self.follow_staff_once().await;
    }

    async fn follow_staff_once(&self) {
        let app = self.app();
        if self.cell().borrow().team.is_none() {
            self.cell().borrow_mut().staff.close();
            return;
        }
        let Ok(keys) = self.device_keys().await else {
            return;
        };
        let (moves, shares) = owner_duties(app);
        if moves {
            if let Err(e) = app.run(|b, ctx| b.move_staff_out(ctx)).await {
                leptos::logging::warn!("dados da equipe não separados: {e}");
            }
        }
        if shares || (moves && owner_duties(app).1) {
            let k = keys.clone();
            if let Err(e) = app.run(move |b, ctx| b.share_staff_key(ctx, &k)).await {
                leptos::logging::warn!("chave dos dados da equipe não entregue: {e}");
            }
        }
        let read = untrack(|| {
            app.read(|b| {
                let secret = b.staff_secret(&keys).ok().flatten();
                let keyed = matches!(b.staff_key(), Ok(Some(_)));
                (secret, keyed, b.staff_document().is_some())
            })
        });
        let Some((secret, keyed, attached)) = read else {
            return;
        };
        match secret {
            Some(secret) => {
                let current = self.cell().borrow().staff.link.as_ref().map(|l| l.secret);
                if current != Some(*secret.as_bytes()) {
                    self.start_staff_link(app, *secret.as_bytes(), &keys).await;
                } else {
                    self.staff_roster();
                }
            }
            None => {
                self.cell().borrow_mut().staff.close();
                if keyed && attached {
                    if let Err(e) = app.detach_staff().await {
                        leptos::logging::warn!("dados da equipe não apagados: {e}");
                    }
                }
            }
        }
    }

    async fn start_staff_link(&self, app: AppCtx, secret: [u8; 32], keys: &DeviceKeys) {
        let Some(device) = app.device() else { return };
        let room = retaguarda_core::staff::StaffSecret::from_bytes(secret).room_secret();
        let here = room_hex(&secret);
        // The state kept for this room, if any: the cursor and what waits to be sent.
        let stored: Option<ClientState> = app
            .meta(meta::STAFF_SYNC_STATE)
            .await
            .ok()
            .flatten()
            .and_then(|j| serde_json::from_str::<Stored>(&j).ok())
            .filter(|s| s.room == here)
            .map(|s| s.state);
        let resumed = stored.is_some();
        let mut client = SyncClient::new(&room, DeviceId(device.actor), stored.unwrap_or_default())
            .with_signer(keys.clone());
        // The whole staff document goes up in a new room, or when this device wrote to it
        // while it had no link.
        let unsent = std::mem::take(&mut self.cell().borrow_mut().staff.unsent);
        if !resumed || unsent {
            if let Some(save) = app.staff_save() {
                if let Err(e) = client.add_snapshot(&save) {
                    leptos::logging::warn!("dados da equipe não enviados: {e}");
                }
            }
        }
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner.staff.close();
            inner.staff.made += 1;
            let id = inner.staff.made;
            inner.staff.link = Some(StaffLink {
                secret,
                client,
                socket: None,
                id,
                inbox: VecDeque::new(),
                draining: false,
            });
        }
        self.staff_roster();
        self.staff_connect();
        self.save_staff_state().await;
    }

    /// Stores the staff room's client state (cursor and outbox) with the room's id.
    pub(super) async fn save_staff_state(&self) {
        let json = {
            let cell = self.cell();
            let inner = cell.borrow();
            let Some(link) = inner.staff.link.as_ref() else {
                return;
            };
            serde_json::to_string(&Stored {
                room: room_hex(&link.secret),
                state: link.client.state().clone(),
            })
        };
        if let Ok(json) = json {
            if let Err(e) = self.app().set_meta(meta::STAFF_SYNC_STATE, &json).await {
                leptos::logging::warn!("estado da sala dos dados da equipe não guardado: {e}");
            }
        }
    }

    /// Hands the staff client the roster the shop's document records.
    fn staff_roster(&self) {
        let app = self.app();
        let roster = untrack(|| app.read(|b| b.roster()));
        let Some(Ok(roster)) = roster else { return };
        let released = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner
                .staff
                .link
                .as_mut()
                .map(|l| l.client.set_roster(roster))
                .unwrap_or_default()
        };
        if !released.is_empty() {
            let this = *self;
            spawn_local(async move { this.staff_events(released.into()).await });
        }
    }

    /// A change this device made to the staff document: into the staff room's outbox.
    pub(super) fn staff_local_change(&self, bytes: &[u8]) {
        let queued = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let queued = inner
                .staff
                .link
                .as_mut()
                .map(|l| l.client.add_changes(bytes));
            if queued.is_none() {
                // No link yet (a start): the next one sends the whole document.
                inner.staff.unsent = true;
            }
            queued
        };
        match queued {
            Some(Err(e)) => leptos::logging::warn!("dados da equipe não enviados: {e}"),
            Some(Ok(_)) => {
                let this = *self;
                spawn_local(async move { this.save_staff_state().await });
            }
            None => {}
        }
        self.staff_flush();
    }
}
