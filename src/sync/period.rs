//! A team's period close (docs/SYNC.md, section 8), the room's half: when a device may
//! write the mark, sealing it as its next blob, and moving to the new period's room once
//! the device is caught up. The document and storage halves are the state's
//! (`crate::state` period close); the calls go one way, from here to there.

use leptos::prelude::*;
use retaguarda_core::sync::client::{ClientState, SyncClient};
use retaguarda_core::sync::keys::TeamSecret;
use retaguarda_core::sync::SyncError;

use super::inbox::queue_save;
use super::{SyncCtx, Team, TeamError};
use crate::state::AppError;
use crate::storage::{meta, StorageError};

impl SyncCtx {
    /// Closes the period before `cutoff` for the whole team. Only while connected and
    /// caught up with nothing to send; the device moves to the new period as soon as the
    /// relay has stored the mark, and the others when it reaches them.
    pub async fn close_period(&self, cutoff: chrono::NaiveDate) -> Result<(), TeamError> {
        let app = self.app();
        let ready = self
            .cell()
            .borrow()
            .client
            .as_ref()
            .is_some_and(SyncClient::is_up_to_date);
        if !ready {
            return Err(SyncError::NotUpToDate.into());
        }
        let marked = app.mark_epoch(cutoff)?;
        // Sealed before anything else can run, so the mark is the next blob from here.
        let queued = self
            .cell()
            .borrow_mut()
            .client
            .as_mut()
            .ok_or(TeamError::App(AppError::NotReady))
            .and_then(|client| {
                client
                    .add_mark(&marked.change, &marked.mark.live_head)
                    .map(|_| ())
                    .map_err(TeamError::from)
            });
        let stored = app.store_mark(marked).await;
        queued?;
        stored?;
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
    pub(super) async fn follow_mark(&self) {
        let app = self.app();
        let marks = match untrack(|| app.read(|b| b.epoch_marks())) {
            Some(Ok(marks)) if !marks.is_empty() => marks,
            _ => return,
        };
        let (mark, team, secret, device, keys) = {
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
            let Some(keys) = inner.keys.clone() else {
                return;
            };
            (mark, team, secret, client.device(), keys)
        };
        let team = Team {
            epoch: Some(mark.live_head.clone()),
            ..team
        };
        // Until the move ends the indicator says so, with the worker's step; the inbox is
        // held meanwhile, since the drain waits for this call.
        self.set_moving((0, crate::worker::STEPS.len() as u32));
        // Let the indicator paint first, should the split run on the page.
        gloo_timers::future::TimeoutFuture::new(50).await;
        let this = *self;
        let on_progress = move |p: crate::worker::client::Progress| {
            this.set_moving((p.step, p.steps));
        };
        let moved = async {
            let mut period = app.split_for_mark(&mark, on_progress).await?;
            let mut client = team.client(&secret, device, ClientState::default(), &keys);
            client.add_changes(period.carried())?;
            if period.wrote_mark() {
                queue_save(&mut client, period.live_mut())?;
            }
            let meta = vec![
                (
                    meta::TEAM,
                    serde_json::to_string(&team).map_err(|e| TeamError::Encode(e.to_string()))?,
                ),
                (
                    meta::SYNC_STATE,
                    serde_json::to_string(client.state())
                        .map_err(|e| TeamError::Encode(e.to_string()))?,
                ),
            ];
            app.install_period(period, &meta).await?;
            Ok::<SyncClient, TeamError>(client)
        }
        .await;
        self.cell().borrow_mut().moving = None;
        let next = match moved {
            Ok(client) => client,
            Err(TeamError::App(AppError::Storage(StorageError::Concurrent))) => {
                // Another tab wrote meanwhile: nothing changed, and the next frame tries again.
                self.refresh_view();
                return;
            }
            Err(e) => {
                let message = format!(
                    "não foi possível passar ao novo período: {e} Recarregue a página para tentar de novo."
                );
                self.cell().borrow_mut().failed_mark = Some((mark.live_head.clone(), message));
                self.refresh_view();
                return;
            }
        };
        self.leave_socket();
        if !super::members::records_members(app) {
            crate::peer::team(&secret, team.epoch_id().as_ref(), device);
        }
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            // Frames still queued came from the old room.
            inner.inbox.clear();
            inner.client = Some(next);
            inner.team = Some(team);
        }
        let _ = self.refresh_roster();
        self.refresh_view();
        self.connect();
    }

    /// Notes where the move to a new period is, and shows it.
    fn set_moving(&self, step: (u32, u32)) {
        self.cell().borrow_mut().moving = Some(step);
        self.refresh_view();
    }
}
