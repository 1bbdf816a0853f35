//! The hook that lets the sync client talk through the shop's hub (docs/SYNC.md section
//! 11): the same client and frames, over the hub's data channel (`crate::hub::Channel`)
//! instead of the relay's WebSocket. One link at a time: the hub while it answers, the
//! cloud relay otherwise, and the hub tried again every half minute meanwhile. Each place
//! numbers blobs its own way, so the client's cursor is swapped per place
//! ([`Places`]), and a blob already seen from the other place is not applied again.

use leptos::prelude::*;
use retaguarda_core::sync::hub::HubPairing;
use retaguarda_core::sync::places::{Arrival, Places};
use retaguarda_core::sync::{ClientFrame, RelayFrame};
use serde::{Deserialize, Serialize};

use super::socket::Link;
use super::{mono_ms, Inner, SyncCtx};
use crate::hub::{Channel, HubError};
use crate::storage::meta;

/// The cloud relay's place name (the hub's is `crate::hub::place`).
const RELAY_PLACE: &str = "relay";

/// How long the hub has to open a channel.
const OPEN_TIMEOUT_MS: u32 = 5_000;

/// After the hub failed or its link died: the relay carries sync until then.
const RETRY_MS: u64 = 30_000;

/// The hub as the sync client sees it.
#[derive(Default)]
pub(super) struct HubState {
    pairing: Option<HubPairing>,
    /// Monotonic time before which the hub is not tried again.
    retry_at: u64,
    /// A channel to the hub is being opened.
    trying: bool,
    places: PlacesState,
    /// When the places were last stored, and whether the client moved since: the ids seen
    /// are stored at most every [`SAVE_PLACES_MS`] (an id lost in a crash only means a
    /// blob applied twice, which is harmless).
    saved_at: u64,
    moved: bool,
}

/// How often the places are stored while the client stays at one place.
const SAVE_PLACES_MS: u64 = 30_000;

/// What is kept in IndexedDB: the place (room and where) the client's cursor belongs to,
/// and every place's cursor and the blobs seen.
#[derive(Debug, Default, Serialize, Deserialize)]
struct PlacesState {
    current: String,
    places: Places,
}

/// A place of the client's current room: rooms change on a period close or a removal,
/// and a new room starts every place from zero.
fn place_key(inner: &Inner, place: &str) -> Option<String> {
    let room = inner.client.as_ref()?.keys().room.to_hex();
    Some(format!("{} {place}", &room[..16.min(room.len())]))
}

/// Whether a relay frame brings a blob this device already has (from another place, or
/// its own coming back); records it either way.
pub(super) fn seen_before(inner: &mut Inner, frame: &[u8]) -> bool {
    let (seq, blob) = match RelayFrame::decode(frame) {
        Ok(RelayFrame::Blob { seq, blob }) | Ok(RelayFrame::SnapshotBlob { seq, blob, .. }) => {
            (seq, blob)
        }
        _ => return false,
    };
    let current = inner.hub.places.current.clone();
    inner.hub.places.places.arrived(&current, seq, &blob) == Arrival::Duplicate
}

/// Notes a frame this device sends: its blob, when it comes back from any place, is not
/// applied again.
pub(super) fn note_sent(inner: &mut Inner, frame: &[u8]) {
    if let Ok(ClientFrame::Append { blob, .. } | ClientFrame::Snapshot { blob, .. }) =
        ClientFrame::decode(frame)
    {
        inner.hub.places.places.sent(&blob);
    }
}

impl SyncCtx {
    /// The paired hub and the per-place cursors kept on this device (at start).
    pub(super) async fn load_hub(&self) {
        let app = self.app();
        let pairing = crate::hub::load(app).await;
        let places: PlacesState = app
            .meta(meta::SYNC_PLACES)
            .await
            .ok()
            .flatten()
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default();
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner.hub.pairing = pairing.clone();
            if !places.current.is_empty() {
                inner.hub.places = places;
            }
        }
        self.hub.set(pairing.map(|p| p.to_string()));
    }

    /// The per-place cursors, JSON, with the current place's cursor noted; `None` when
    /// there is no need to store them again yet.
    pub(super) fn places_json(&self) -> Option<String> {
        let cell = self.cell();
        let mut inner = cell.borrow_mut();
        let now = mono_ms();
        if !inner.hub.moved && now < inner.hub.saved_at + SAVE_PLACES_MS {
            return None;
        }
        let cursor = inner.storable_cursor()?;
        inner.hub.saved_at = now;
        inner.hub.moved = false;
        let current = inner.hub.places.current.clone();
        if !current.is_empty() {
            inner.hub.places.places.note_cursor(&current, cursor);
        }
        serde_json::to_string(&inner.hub.places).ok()
    }

    /// Forgets every place's cursor (the device joined or left a team).
    pub(super) fn reset_places(&self) {
        let cell = self.cell();
        let mut inner = cell.borrow_mut();
        inner.hub.places = PlacesState::default();
        inner.hub.moved = true;
    }

    /// Pairs this device with the hub of a pasted or scanned line, replacing any other,
    /// and connects through it if it answers.
    pub async fn pair_hub(&self, text: &str) -> Result<HubPairing, HubError> {
        let pairing = crate::hub::pair(self.app(), text).await?;
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            // Another hub at the same address (a new certificate) is another store.
            if inner.hub.pairing.as_ref() != Some(&pairing) {
                if let Some(key) = place_key(&inner, &crate::hub::place(&pairing)) {
                    inner.hub.places.places.forget_place(&key);
                }
            }
            inner.hub.pairing = Some(pairing.clone());
            inner.hub.retry_at = 0;
        }
        self.hub.set(Some(pairing.to_string()));
        self.relink();
        Ok(pairing)
    }

    /// Forgets the hub: this device syncs through the cloud relay only.
    pub async fn forget_hub(&self) -> Result<(), HubError> {
        crate::hub::forget(self.app()).await?;
        self.cell().borrow_mut().hub.pairing = None;
        self.hub.set(None);
        self.relink();
        Ok(())
    }

    /// Drops the current link and connects again (to the hub first, if paired).
    fn relink(&self) {
        if self.cell().borrow().team.is_some() {
            self.leave_socket();
            self.connect();
            self.refresh_view();
        }
    }

    /// Whether the next connection should try the hub.
    pub(super) fn hub_due(&self) -> bool {
        let cell = self.cell();
        let inner = cell.borrow();
        inner.hub.pairing.is_some() && !inner.hub.trying && mono_ms() >= inner.hub.retry_at
    }

    /// Whether the client talks through the hub now.
    pub(super) fn on_hub(&self) -> bool {
        matches!(self.cell().borrow().socket, Some(Link::Hub(_)))
    }

    /// The hub failed or its link died: the relay carries sync for a while.
    pub(super) fn hub_failed(&self) {
        self.cell().borrow_mut().hub.retry_at = mono_ms() + RETRY_MS;
    }

    /// Moves the client's cursor to `place`'s (the relay, or the hub): the current place's
    /// is noted, the new one's resumed. Only while no link is open.
    pub(super) fn use_place(&self, place: &str) {
        let cell = self.cell();
        let mut inner = cell.borrow_mut();
        let (Some(key), Some(relay)) = (place_key(&inner, place), place_key(&inner, RELAY_PLACE))
        else {
            return;
        };
        let inner = &mut *inner;
        let Some(client) = inner.client.as_mut() else {
            return;
        };
        let state = &mut inner.hub.places;
        // Before any hub (an older state, or a new team), the cursor was the relay's.
        let current = match state.current.as_str() {
            "" => relay,
            other => other.to_string(),
        };
        let room = |k: &str| k.split(' ').next().map(str::to_string);
        if room(&current) == room(&key) {
            if current != key {
                state.places.note_cursor(&current, client.state().cursor);
                client.resume_at(state.places.cursor(&key));
            }
        } else {
            // A new room (a period closed, a removal): the client starts afresh there.
            client.resume_at(state.places.cursor(&key));
        }
        if state.current != key {
            // Frames still queued came from the other place, numbered its way.
            inner.inbox.clear();
            inner.hub.moved = true;
        }
        inner.hub.places.current = key;
    }

    /// The cloud relay's place, before its socket opens.
    pub(super) fn use_relay_place(&self) {
        self.use_place(RELAY_PLACE);
    }

    /// Opens a channel to the hub; once open it replaces whatever link there is. If the hub
    /// does not answer and nothing is connected, the relay is tried at once.
    pub(super) fn connect_hub(&self) {
        let Some(pairing) = self.cell().borrow().hub.pairing.clone() else {
            return;
        };
        self.cell().borrow_mut().hub.trying = true;
        let this = *self;
        leptos::task::spawn_local(async move {
            let opened = Channel::open(&pairing, OPEN_TIMEOUT_MS).await;
            let still_paired = {
                let cell = this.cell();
                let mut inner = cell.borrow_mut();
                inner.hub.trying = false;
                inner.team.is_some() && inner.hub.pairing.as_ref() == Some(&pairing)
            };
            match opened {
                Ok(channel) if still_paired => this.adopt_hub(channel, &pairing),
                Ok(channel) => channel.close(),
                Err(e) => {
                    leptos::logging::warn!("hub da loja: {e}");
                    this.hub_failed();
                    if this.cell().borrow().socket.is_none() {
                        this.connect();
                    }
                }
            }
        });
    }

    /// Makes an open hub channel the client's link.
    fn adopt_hub(&self, channel: Channel, pairing: &HubPairing) {
        self.leave_socket();
        self.use_place(&crate::hub::place(pairing));
        let this = *self;
        let generation = self.cell().borrow().generation;
        channel.listen(
            move |frame| {
                this.cell().borrow_mut().inbox.push_back(frame);
                this.drain();
            },
            move || {
                if this.cell().borrow().generation != generation {
                    return;
                }
                this.leave_socket();
                this.hub_failed();
                this.refresh_view();
                let generation = this.cell().borrow().generation;
                this.schedule_reconnect(generation);
            },
        );
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner.socket = Some(Link::Hub(channel));
            inner.opening_since = None;
            if let Some(client) = inner.client.as_mut() {
                client.connected();
                client.tick(mono_ms());
            }
        }
        self.flush();
        self.refresh_view();
    }
}
