//! The team this device syncs with: creating one, joining by an invite, leaving, and
//! resuming the team kept in IndexedDB when the app starts.

use leptos::prelude::*;
use std::collections::BTreeMap;

use retaguarda_core::automerge::ChangeHash;
use retaguarda_core::sync::client::{ClientState, ConnState};
use retaguarda_core::sync::invite::Invite;
use retaguarda_core::sync::keys::{DeviceId, TeamSecret};

use retaguarda_core::sync::lobby::Grant;

use super::inbox::queue_snapshot;
use super::members::records_members;
use super::{origin, SyncCtx, SyncView, Team, TeamError};
use crate::state::AppError;
use crate::storage::meta;

impl SyncCtx {
    /// The link (and QR content) that lets another device join this team; `None` for a
    /// team that records its members, which admits devices by single-use invites only.
    pub fn invite_link(&self) -> Option<String> {
        let team = self.cell().borrow().team.clone()?;
        if records_members(self.app()) {
            return None;
        }
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
    pub async fn create_team(&self, relay: &str) -> Result<bool, TeamError> {
        let secret = TeamSecret::generate()?;
        self.enter(secret, relay.trim().to_string(), None, 0, true)
            .await?;
        for _ in 0..150 {
            gloo_timers::future::TimeoutFuture::new(200).await;
            let outcome = {
                let cell = self.cell();
                let inner = cell.borrow();
                let Some(client) = inner.client.as_ref() else {
                    return Err(TeamError::Dissolved);
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
                    return Err(TeamError::Refused(message));
                }
                None => {}
            }
        }
        Ok(false)
    }

    /// Joins the team of an invite link. The data already on this device is merged in.
    pub async fn join(&self, link: &str) -> Result<(), TeamError> {
        let invite = Invite::parse(link)?;
        if let Some(Ok(Some(start))) = self.app().read(|b| b.period_start()) {
            return Err(TeamError::ClosedPeriod(start));
        }
        let epoch = invite.epoch.map(|e| ChangeHash(e).to_string());
        self.enter(invite.secret, invite.relay, epoch, 0, true)
            .await
    }

    /// Joins the team that admitted this device through a single-use invite (the grant
    /// sealed to its keys, docs/SYNC.md 10.3). The device starts empty and receives the
    /// team's document.
    pub(super) async fn join_granted(&self, grant: Grant, relay: String) -> Result<(), TeamError> {
        if self.app().read(|_| ()).is_some() {
            return Err(TeamError::HasData);
        }
        let epoch = grant.epoch.map(|e| ChangeHash(e).to_string());
        self.enter(grant.secret, relay, epoch, grant.generation, false)
            .await
    }

    async fn enter(
        &self,
        secret: TeamSecret,
        relay: String,
        epoch: Option<String>,
        generation: u64,
        send_snapshot: bool,
    ) -> Result<(), TeamError> {
        self.leave_socket();
        let app = self.app();
        let keys = self.device_keys().await?;
        let team = Team {
            secret: secret.to_text(),
            relay,
            epoch,
            generation,
        };
        let json = serde_json::to_string(&team).map_err(|e| TeamError::Encode(e.to_string()))?;
        app.set_meta(meta::TEAM, &json).await?;
        let device = app.device().ok_or(AppError::NotReady)?;
        let mut client = team.client(
            &secret,
            DeviceId(device.actor),
            ClientState::default(),
            &keys,
        );
        if send_snapshot {
            // Everything this device holds goes to the team once, as a snapshot.
            queue_snapshot(&mut client, app)?;
        }
        if !records_members(app) && send_snapshot {
            crate::peer::team(&secret, team.epoch_id().as_ref(), DeviceId(device.actor));
        }
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner.team = Some(team);
            inner.client = Some(client);
            inner.removed = None;
            // The snapshot (or an empty device's start) covers what was written before.
            inner.early = None;
        }
        self.reset_places();
        let _ = self.refresh_roster();
        self.save_state().await;
        self.refresh_view();
        self.connect();
        Ok(())
    }

    /// Leaves the team: this device keeps its data and stops syncing.
    pub async fn leave(&self) {
        self.leave_socket();
        crate::peer::team_left();
        let app = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner.team = None;
            inner.client = None;
            inner.removed = None;
            inner.app
        };
        let _ = app.set_meta(meta::TEAM, "").await;
        let _ = app.set_meta(meta::SYNC_STATE, "").await;
        let _ = app.set_meta(meta::SYNC_PLACES, "").await;
        self.reset_places();
        self.refresh_view();
    }

    /// Stores the client's outbox and cursor, and when each peer was last heard from.
    pub(super) async fn save_state(&self) {
        let (app, state, peers) = {
            let cell = self.cell();
            let inner = cell.borrow();
            let Some(client) = inner.client.as_ref() else {
                return;
            };
            let mut state = client.state().clone();
            state.cursor = inner.storable_cursor().unwrap_or(state.cursor);
            (
                inner.app,
                serde_json::to_string(&state).unwrap_or_default(),
                serde_json::to_string(&inner.peers).unwrap_or_default(),
            )
        };
        if let Err(e) = app.set_meta(meta::SYNC_STATE, &state).await {
            self.view.set(SyncView::Error(e.to_string()));
        }
        let _ = app.set_meta(meta::SYNC_PEERS, &peers).await;
        if let Some(places) = self.places_json() {
            let _ = app.set_meta(meta::SYNC_PLACES, &places).await;
        }
    }

    /// Picks up the team kept on this device, with its client's state, and connects.
    pub(super) async fn resume(&self) {
        let app = self.app();
        // The hub is paired per business, in a team or not yet.
        self.load_hub().await;
        let team: Option<Team> = app
            .meta(meta::TEAM)
            .await
            .ok()
            .flatten()
            .and_then(|j| serde_json::from_str(&j).ok());
        let Some(team) = team else {
            // Alone: what was written meanwhile goes up with the team's first snapshot.
            self.cell().borrow_mut().early = None;
            self.refresh_view();
            return;
        };
        let Ok(secret) = TeamSecret::from_text(&team.secret) else {
            self.cell().borrow_mut().early = None;
            self.view.set(SyncView::Error(
                "o segredo da equipe guardado está danificado".into(),
            ));
            return;
        };
        // A state or peer list that cannot be read starts afresh: the relay sends again
        // what the cursor had covered, and applying it twice is harmless.
        let state: ClientState = app
            .meta(meta::SYNC_STATE)
            .await
            .ok()
            .flatten()
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default();
        let peers: BTreeMap<String, i64> = app
            .meta(meta::SYNC_PEERS)
            .await
            .ok()
            .flatten()
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default();
        let Some(device) = app.device() else { return };
        let keys = match self.device_keys().await {
            Ok(keys) => keys,
            Err(e) => {
                self.cell().borrow_mut().early = None;
                self.view.set(SyncView::Error(e.to_string()));
                return;
            }
        };
        if !records_members(app) {
            crate::peer::team(&secret, team.epoch_id().as_ref(), DeviceId(device.actor));
        }
        let early = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let mut client = team.client(&secret, DeviceId(device.actor), state, &keys);
            // What this device wrote while the team was being read (a screen that writes
            // as it opens): without it, every later change of this device would wait, on
            // every other device, for one that never comes.
            let early = inner.early.take().unwrap_or_default();
            let queued = client.add_changes(&early);
            inner.client = Some(client);
            inner.team = Some(team);
            inner.peers = peers;
            queued.map(|q| q.is_some())
        };
        match early {
            Ok(true) => self.save_state().await,
            Ok(false) => {}
            Err(e) => self.view.set(SyncView::Error(e.to_string())),
        }
        let _ = self.refresh_roster();
        self.refresh_view();
        self.connect();
        self.follow_staff();
    }
}
