//! What goes through the client: this device's changes sealed into the outbox, the
//! relay's frames handled one at a time (changes applied and stored before the cursor
//! that covers them), and snapshots of the whole document.

use std::collections::VecDeque;

use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::members::Role;
use retaguarda_core::sync::client::{SyncClient, SyncEvent};
use retaguarda_core::sync::{BlobKind, ErrorCode, SyncError};
use retaguarda_core::Business;

use super::{now_ms, SyncCtx, SyncView};
use crate::state::AppCtx;

impl SyncCtx {
    /// A change made on this device: seal it into the outbox, store the outbox, send.
    pub(super) fn local_change(&self, bytes: &[u8]) {
        let queued = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let rekey = inner.pending_rekey.take();
            if inner.client.is_none() {
                // Not resumed yet: kept for the client the start makes (a reload).
                if let Some(early) = inner.early.as_mut() {
                    early.extend_from_slice(bytes);
                }
            }
            inner.client.as_mut().map(|c| match rekey {
                // A removal: the relay's order picks between concurrent ones, as for marks.
                Some(id) => c.add_rekey(bytes, &id).map(Some),
                None => c.add_changes(bytes),
            })
        };
        if let Some(Err(e)) = queued {
            self.view.set(SyncView::Error(e.to_string()));
            return;
        }
        // A change to the members (an admission, a role) changes whose blobs are applied.
        let released = self.refresh_roster();
        if !released.is_empty() {
            {
                let cell = self.cell();
                let mut inner = cell.borrow_mut();
                inner.inbox_events.extend(released);
                // An empty frame: the drain then applies the released blobs in order.
                inner.inbox.push_back(Vec::new());
            }
            self.drain();
        }
        crate::peer::doc_changed();
        // An owner's duties to the staff records, and a key this change gave or took.
        self.follow_staff();
        let this = *self;
        spawn_local(async move {
            this.save_state().await;
            this.flush();
            this.refresh_view();
        });
    }

    /// Sends a sealed peer-to-peer signal through the relay, if connected (`crate::peer`).
    pub(crate) fn send_signal(&self, blob: Vec<u8>) {
        let sent = self
            .cell()
            .borrow_mut()
            .client
            .as_mut()
            .map(|c| c.send_signal(blob));
        if sent == Some(true) {
            self.flush();
        }
    }

    /// Processes received frames one at a time.
    pub(super) fn drain(&self) {
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
            let mut events: VecDeque<SyncEvent> = std::mem::take(&mut inner.inbox_events);
            // A blob that also came from the other place (hub or relay) is applied once.
            let seen = !frame.is_empty() && super::hub::seen_before(&mut inner, &frame);
            let Some(client) = inner.client.as_mut() else {
                return;
            };
            if !frame.is_empty() {
                match client.handle_frame(&frame) {
                    Ok(more) => events.extend(
                        more.into_iter()
                            .filter(|e| !(seen && matches!(e, SyncEvent::Apply { .. }))),
                    ),
                    Err(e) => {
                        drop(inner);
                        self.view.set(SyncView::Error(e.to_string()));
                        return;
                    }
                }
            }
            (events, app)
        };
        let mut changed = false;
        let mut events = events;
        while let Some(event) = events.pop_front() {
            match event {
                SyncEvent::Apply {
                    seq,
                    kind,
                    device,
                    payload,
                } => {
                    // Whose changes they are and whether the sender's role may make them
                    // (docs/SYNC.md 10.4); a device with no document yet takes the team's.
                    let snapshot = kind == BlobKind::Snapshot;
                    let vetted = untrack(|| {
                        app.read(|b| b.vet_changes(&device.to_hex(), snapshot, &payload))
                    });
                    if let Some(Err(reason)) = vetted {
                        if let Some(client) = self.cell().borrow_mut().client.as_mut() {
                            client.quarantine(seq, device, reason);
                        }
                        changed = true;
                        continue;
                    }
                    // Applied in batches, the page free between them: until all of it is
                    // applied and stored, no cursor past it is stored.
                    self.cell().borrow_mut().applying_below = Some(seq.saturating_sub(1));
                    let applied = app.apply_remote(&payload).await;
                    self.cell().borrow_mut().applying_below = None;
                    if applied.is_ok() {
                        changed = true;
                        let marks = mark_ids(app);
                        {
                            let cell = self.cell();
                            let mut inner = cell.borrow_mut();
                            inner.peers.insert(device.to_hex(), now_ms());
                            if let Some(client) = inner.client.as_mut() {
                                client.note_marks(marks.iter().map(String::as_str), seq);
                            }
                        }
                        self.note_rekeys(seq);
                        // The blob may have changed the members: blobs set aside that the
                        // new roster vouches for come back to be applied.
                        events.extend(self.refresh_roster());
                    }
                }
                SyncEvent::CaughtUp { .. } => {
                    {
                        let cell = self.cell();
                        let mut inner = cell.borrow_mut();
                        inner.last_sync_ms = Some(now_ms());
                        inner.backoff.reset();
                    }
                    crate::peer::announce();
                }
                SyncEvent::Acked { .. } => {
                    changed = true;
                    self.cell().borrow_mut().last_sync_ms = Some(now_ms());
                }
                SyncEvent::RelayReset => {
                    // The relay forgot the room: everything this device holds goes up again
                    // (a cashier's snapshot is refused by the others: its own changes do).
                    changed |= self.snapshot_now(app);
                }
                SyncEvent::Signal { blob } => crate::peer::signal(&blob),
                SyncEvent::IceServers(servers) => crate::peer::ice_servers(servers),
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
            crate::peer::doc_changed();
            // The blobs may have given this device the staff key, rotated or withdrawn it.
            self.follow_staff();
        }
        self.follow_mark().await;
        self.follow_rekey().await;
        self.redo_removals().await;
    }

    /// Queues a snapshot of the whole document; true when one was queued. A cashier's
    /// device never does: the others refuse a snapshot from it (docs/SYNC.md 10.4), and
    /// its own changes (which it sends as they are made) are what it may contribute.
    fn snapshot_now(&self, app: AppCtx) -> bool {
        if super::members::own_role(app) == Some(Role::Cashier) {
            if let Some(client) = self.cell().borrow_mut().client.as_mut() {
                if let Some(mine) = own_changes(app) {
                    return client.add_changes(&mine).ok().flatten().is_some();
                }
            }
            return false;
        }
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
}

/// Seals the whole document as a snapshot: one blob when its save fits, else its changes in
/// parts (a shop with years of data outgrows one 4 MiB blob). False when there is no document.
pub(super) fn queue_snapshot(client: &mut SyncClient, app: AppCtx) -> Result<bool, SyncError> {
    let Some(save) = app.save_all() else {
        return Ok(false);
    };
    seal_snapshot(client, &save, || app.all_changes().unwrap_or_default()).map(|_| true)
}

/// Seals `live` as a snapshot, as [`queue_snapshot`] does for the app's document.
pub(super) fn queue_save(client: &mut SyncClient, live: &mut Business) -> Result<(), SyncError> {
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
pub(super) fn mark_ids(app: AppCtx) -> Vec<String> {
    match untrack(|| app.read(|b| b.epoch_marks())) {
        Some(Ok(marks)) => marks.into_iter().map(|m| m.live_head).collect(),
        _ => Vec::new(),
    }
}

/// Every change this device wrote itself, concatenated (what a cashier's device sends again
/// when the relay forgot the room, instead of a snapshot the others would refuse).
fn own_changes(app: AppCtx) -> Option<Vec<u8>> {
    let actor = retaguarda_core::automerge::ActorId::from(app.device()?.actor);
    let all = app.all_changes()?;
    Some(
        all.into_iter()
            .filter(|bytes| {
                retaguarda_core::automerge::Change::from_bytes(bytes.clone())
                    .is_ok_and(|c| c.actor_id() == &actor)
            })
            .flatten()
            .collect(),
    )
}
