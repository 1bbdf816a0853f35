//! The team's members on this device (docs/SYNC.md, section 10), the sync half: this
//! device's own key pairs kept in IndexedDB, the roster handed to the client, recording
//! the team's first owner, roles, removing devices (the re-keying sealed as a mark, as a
//! period close is) and following a re-keying into the new room. What the document
//! records and who may write it is core's (`retaguarda_core::members`).

use leptos::prelude::*;
use retaguarda_core::members::{open_rekey, Role, Standing};
use retaguarda_core::sync::client::{ClientState, SyncEvent};
use retaguarda_core::sync::keys::TeamSecret;
use retaguarda_core::sync::DeviceKeys;

use super::inbox::queue_snapshot;
use super::{SyncCtx, SyncView, Team, TeamError};
use crate::state::{AppCtx, AppError};
use crate::storage::meta;

/// What the team's document says about this device: its role, `None` in a team that
/// records no members (or no team).
pub fn own_role(app: AppCtx) -> Option<Role> {
    app.read(|b| b.own_role()).and_then(Result::ok).flatten()
}

/// Whether the app's document records the team's members.
pub(super) fn records_members(app: AppCtx) -> bool {
    untrack(|| app.read(|b| b.members().map(|m| !m.is_empty()))) == Some(Ok(true))
}

impl SyncCtx {
    /// This device's key pairs: read from IndexedDB, or made on the device on first use and
    /// stored there. The private halves never leave it.
    pub(super) async fn device_keys(&self) -> Result<DeviceKeys, TeamError> {
        if let Some(keys) = self.cell().borrow().keys.clone() {
            return Ok(keys);
        }
        let app = self.app();
        let keys = match app.meta(meta::DEVICE_KEYS).await? {
            Some(text) if !text.is_empty() => DeviceKeys::from_text(&text)?,
            _ => {
                let keys = DeviceKeys::generate()?;
                app.set_meta(meta::DEVICE_KEYS, &keys.to_text()).await?;
                keys
            }
        };
        self.cell().borrow_mut().keys = Some(keys.clone());
        Ok(keys)
    }

    /// Hands the client the roster the document records (a team that records no members
    /// keeps applying everything, as before roles). Returns the quarantined blobs the new
    /// roster vouches for, to apply.
    pub(super) fn refresh_roster(&self) -> Vec<SyncEvent> {
        let app = self.app();
        let roster = untrack(|| {
            app.read(|b| match b.members() {
                Ok(m) if m.is_empty() => Ok(None),
                Ok(_) => b.roster().map(Some),
                Err(e) => Err(e),
            })
        });
        let Some(Ok(Some(roster))) = roster else {
            return Vec::new();
        };
        self.cell()
            .borrow_mut()
            .client
            .as_mut()
            .map(|c| c.set_roster(roster))
            .unwrap_or_default()
    }

    /// The blobs set aside (device hex, reason in pt-BR), newest first.
    pub(super) fn quarantined(&self) -> Vec<(String, String)> {
        let cell = self.cell();
        let inner = cell.borrow();
        inner.client.as_ref().map_or_else(Vec::new, |c| {
            c.state()
                .quarantine
                .iter()
                .rev()
                .map(|q| (q.device.clone(), q.reason.clone()))
                .collect()
        })
    }

    /// Starts recording the team's members with this device as its owner, `person` being
    /// who uses it. From then on invites are single-use and every device signs what it
    /// sends; devices already in the team must be invited again.
    pub async fn found_team(&self, person: &str) -> Result<(), TeamError> {
        let keys = self.device_keys().await?;
        let public = keys.public();
        let person = person.to_string();
        self.app()
            .run(move |b, ctx| b.found_team(ctx, &public, &person))
            .await?;
        // The staff records leave the shop's document before anything else is written.
        self.follow_staff_now().await;
        // Direct links do not vet what they carry: a team with roles syncs through the relay.
        crate::peer::team_left();
        Ok(())
    }

    /// Gives the device `device` (hex) the role `role` (an owner's device).
    pub async fn set_role(&self, device: String, role: Role) -> Result<(), TeamError> {
        self.app()
            .run(move |b, ctx| b.set_role(ctx, &device, role))
            .await?;
        Ok(())
    }

    /// Removes `devices` (hex) from the team: one change that marks them removed and seals
    /// a new team secret to every other device, sent as a mark so the relay's order picks
    /// between two owners removing at once. Only while connected and caught up.
    pub async fn remove_devices(&self, devices: Vec<String>) -> Result<(), TeamError> {
        let (ready, generation) = {
            let cell = self.cell();
            let inner = cell.borrow();
            (
                inner.client.as_ref().is_some_and(|c| c.is_up_to_date()),
                inner.team.as_ref().map_or(0, |t| t.generation),
            )
        };
        if !ready {
            return Err(TeamError::NotCaughtUp);
        }
        let this = *self;
        let removed = self
            .app()
            .run(move |b, ctx| {
                let (id, _secret) = b.remove_devices(ctx, &devices, generation)?;
                // Read by the listener of local changes, which runs before `run` returns.
                this.cell().borrow_mut().pending_rekey = Some(id);
                Ok(())
            })
            .await;
        self.cell().borrow_mut().pending_rekey = None;
        removed?;
        Ok(())
    }

    /// An owner's device, caught up with nothing to send, removes again the devices a
    /// concurrent removal left with a share of the secret the team followed (two owners
    /// removing different devices at once, docs/SYNC.md 10.6 step 6).
    pub(super) async fn redo_removals(&self) {
        let app = self.app();
        let (generation, secret, keys, me) = {
            let cell = self.cell();
            let inner = cell.borrow();
            let (Some(team), Some(keys), Some(client)) = (
                inner.team.as_ref(),
                inner.keys.clone(),
                inner.client.as_ref(),
            ) else {
                return;
            };
            if team.generation == 0 || !client.is_up_to_date() || inner.pending_rekey.is_some() {
                return;
            }
            (
                team.generation,
                team.secret.clone(),
                keys,
                client.device().to_hex(),
            )
        };
        let Ok(secret) = TeamSecret::from_text(&secret) else {
            return;
        };
        let pending =
            match untrack(|| app.read(|b| b.removals_to_redo(generation, &me, &keys, &secret))) {
                Some(Ok(pending)) if !pending.is_empty() => pending,
                _ => return,
            };
        if let Err(e) = self.remove_devices(pending).await {
            leptos::logging::warn!("remoção não refeita: {e}");
        }
    }

    /// Notes the re-keyings to the next generation that the blob `seq` brought, and holds
    /// the room once one of them is known to be stored: nothing more goes out where a
    /// removed device still reads.
    pub(super) fn note_rekeys(&self, seq: u64) {
        let app = self.app();
        let cell = self.cell();
        let mut inner = cell.borrow_mut();
        let generation = inner.team.as_ref().map_or(0, |t| t.generation);
        let ids: Vec<String> = match untrack(|| app.read(|b| b.rekeys_to(generation + 1))) {
            Some(Ok(rekeys)) => rekeys.into_iter().map(|(id, _)| id).collect(),
            _ => return,
        };
        let Some(client) = inner.client.as_mut() else {
            return;
        };
        client.note_marks(ids.iter().map(String::as_str), seq);
        if ids.iter().any(|id| client.stored_seq(id).is_some()) {
            client.hold();
        }
    }

    /// Once caught up, follows the re-keying the team follows: opens this device's share
    /// of the new secret and moves to the new room, carrying over what it wrote that the
    /// re-keying does not include. A device that finds no share was removed: it stops
    /// syncing and the screens say so (`Business::standing`).
    pub(super) async fn follow_rekey(&self) {
        let app = self.app();
        let (team, device, keys, generation) = {
            let cell = self.cell();
            let inner = cell.borrow();
            let (Some(client), Some(team), Some(keys)) = (
                inner.client.as_ref(),
                inner.team.clone(),
                inner.keys.clone(),
            ) else {
                return;
            };
            if !client.is_caught_up() {
                return;
            }
            (team.clone(), client.device(), keys, team.generation)
        };
        let me = device.to_hex();
        let rekeys = match untrack(|| app.read(|b| b.rekeys_to(generation + 1))) {
            Some(Ok(rekeys)) if !rekeys.is_empty() => rekeys,
            _ => return,
        };
        let next = {
            let cell = self.cell();
            let inner = cell.borrow();
            let Some(client) = inner.client.as_ref() else {
                return;
            };
            let stored: Vec<&str> = rekeys
                .iter()
                .map(|(id, _)| id.as_str())
                .filter(|id| client.stored_seq(id).is_some())
                .collect();
            client.mark_to_follow(stored)
        };
        let Some((id, rekey)) = next.and_then(|n| rekeys.into_iter().find(|(i, _)| *i == n)) else {
            return;
        };
        let secret = match open_rekey(&rekey, &me, &keys) {
            Ok(Some(secret)) => secret,
            Ok(None) => {
                self.removed(app);
                return;
            }
            Err(e) => {
                self.view.set(SyncView::Error(e.to_string()));
                return;
            }
        };
        let team = Team {
            secret: secret.to_text(),
            generation: rekey.generation,
            ..team
        };
        let moved = self.enter_rekeyed(app, &team, &secret, &id, rekey.by == me, &keys);
        let client = match moved {
            Ok(client) => client,
            Err(e) => {
                self.view.set(SyncView::Error(format!(
                    "não foi possível passar às novas chaves da equipe: {e}"
                )));
                return;
            }
        };
        let stored = async {
            let json =
                serde_json::to_string(&team).map_err(|e| TeamError::Encode(e.to_string()))?;
            let state = serde_json::to_string(client.state())
                .map_err(|e| TeamError::Encode(e.to_string()))?;
            app.set_meta(meta::SYNC_STATE, &state).await?;
            app.set_meta(meta::TEAM, &json).await?;
            Ok::<(), TeamError>(())
        }
        .await;
        if let Err(e) = stored {
            self.view.set(SyncView::Error(e.to_string()));
            return;
        }
        if rekey.by == me {
            // The old room refuses every further write, on every relay node.
            if let Some(old) = self.cell().borrow_mut().client.as_mut() {
                old.retire_room();
            }
            self.flush();
        }
        self.leave_socket();
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            // Frames still queued came from the old room.
            inner.inbox.clear();
            inner.client = Some(client);
            inner.team = Some(team);
        }
        let _ = self.refresh_roster();
        self.refresh_view();
        self.connect();
    }

    /// The client of the new room after the re-keying `id`: what this device wrote that
    /// the re-keying does not include, and (the device that removed) the whole document
    /// as the new room's first snapshot.
    fn enter_rekeyed(
        &self,
        app: AppCtx,
        team: &Team,
        secret: &TeamSecret,
        id: &str,
        author: bool,
        keys: &DeviceKeys,
    ) -> Result<retaguarda_core::sync::SyncClient, TeamError> {
        let device = self
            .cell()
            .borrow()
            .client
            .as_ref()
            .map(|c| c.device())
            .ok_or(TeamError::App(AppError::NotReady))?;
        let carried = untrack(|| app.read(|b| b.carry_over_rekey(id)))
            .ok_or(TeamError::App(AppError::NotReady))?
            .map_err(|e| TeamError::App(AppError::Core(e)))?;
        let mut client = team.client(secret, device, ClientState::default(), keys);
        if author {
            queue_snapshot(&mut client, app)?;
        }
        client.add_changes(&carried)?;
        Ok(client)
    }

    /// This device was removed: it stops syncing and keeps what it held.
    fn removed(&self, app: AppCtx) {
        self.leave_socket();
        let me = app.device().map(|d| d.actor_hex()).unwrap_or_default();
        let message = untrack(|| app.read(|b| b.standing(&me)))
            .and_then(Result::ok)
            .and_then(|s: Standing| s.message())
            .unwrap_or_else(|| "Este aparelho foi removido da equipe.".to_string());
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner.client = None;
            inner.removed = Some(message);
        }
        self.refresh_view();
    }
}
