//! A device's side of the protocol as a pure state machine: it seals local
//! changes into an outbox, tracks the cursor (the last sequence number
//! received from the relay), and turns relay frames into changes to apply.
//!
//! The caller owns the socket and the storage:
//! 1. on every open socket call [`SyncClient::connected`], on every close
//!    [`SyncClient::disconnected`];
//! 2. pass each received binary message to [`SyncClient::handle_frame`] and
//!    act on the returned [`SyncEvent`]s (apply payloads to the document);
//! 3. send every frame from [`SyncClient::poll_transmit`];
//! 4. after applying, persist the document first and then
//!    [`SyncClient::state`], so a crash can only cause a harmless re-delivery;
//! 5. while a socket is open, call [`SyncClient::tick`] with the time at least as
//!    often as it asks (and send what it queued): on [`Tick::Dead`] close the socket.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};

use super::admission::MAX_BITS;
use super::device::DeviceKeys;
use super::heartbeat::{Beat, Heartbeat, Tick};
use super::keys::{DeviceId, TeamKeys, TeamSecret};
use super::roster::{Quarantined, Roster, MAX_QUARANTINED};
use super::seal::{open, seal_signed, BlobKind, Opened};
use super::wire::{ClientFrame, ErrorCode, IceServer, RelayFrame};
use super::{SyncError, PROTOCOL_VERSION};

/// How many blobs after the last snapshot make [`SyncClient::wants_snapshot`]
/// suggest compacting the room.
pub const SNAPSHOT_AFTER_BLOBS: u64 = 200;

/// Blobs sent but not yet acknowledged on one connection: a long outbox
/// goes out at the pace of the acks instead of flooding the relay.
pub const MAX_IN_FLIGHT: usize = 32;

/// The most change bytes (before compression) that one coalesced blob
/// carries. Compressed, that stays far below the 4 MiB blob limit.
pub const COALESCE_BYTES: usize = 1024 * 1024;

/// The most change bytes (before compression) packed into one part of a
/// snapshot that is sent as several blobs.
pub const SNAPSHOT_PART_BYTES: usize = 8 * 1024 * 1024;

/// Splits `items` into consecutive runs of at most `limit` bytes each (an item
/// larger than `limit` makes a run of its own).
fn pack(items: &[Vec<u8>], limit: usize) -> Vec<&[Vec<u8>]> {
    let mut runs = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, item) in items.iter().enumerate() {
        if i > start && size + item.len() > limit {
            runs.push(&items[start..i]);
            start = i;
            size = 0;
        }
        size += item.len();
    }
    if start < items.len() {
        runs.push(&items[start..]);
    }
    runs
}

/// What a device persists between sessions (IndexedDB in the app).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientState {
    /// Every relay blob up to this sequence number has been received.
    pub cursor: u64,
    /// The next `client_ref` for the outbox.
    pub next_ref: u64,
    /// Sealed blobs not yet acknowledged by the relay, oldest first.
    pub outbox: Vec<OutboxEntry>,
    /// Blobs seen since the last snapshot, to decide when to compact.
    pub blobs_since_snapshot: u64,
    /// Epoch marks (by id) and the sequence number of the blob that brought each to the
    /// relay: the team follows the first one stored (docs/SYNC.md, section 8).
    #[serde(default)]
    pub marks: BTreeMap<String, u64>,
    /// This device's own mark, queued and not yet acknowledged.
    #[serde(default)]
    pub pending_mark: Option<String>,
    /// Blobs received and not applied (docs/SYNC.md, section 10), oldest first.
    #[serde(default)]
    pub quarantine: Vec<Quarantined>,
    /// The relay refused to store anything more in this room: the team moved to new keys
    /// (a member was removed). The outbox is kept, for the new room.
    #[serde(default)]
    pub retired: bool,
    /// The `client_ref` of a re-keying this device wrote: nothing queued after it goes to
    /// this room, where the removed device still reads (it goes to the new room instead).
    #[serde(default)]
    pub hold_after: Option<u64>,
}

/// One sealed blob waiting for the relay's acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub client_ref: u64,
    /// `Some(n)`: a snapshot standing for every blob up to `n`.
    pub supersedes: Option<u64>,
    /// The sealed bytes; resent unchanged, so the relay can deduplicate.
    /// Serialized as base64url text so JSON or IndexedDB copies stay small.
    #[serde(with = "base64_bytes")]
    pub blob: Vec<u8>,
}

pub(crate) mod base64_bytes {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&URL_SAFE_NO_PAD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        URL_SAFE_NO_PAD
            .decode(text)
            .map_err(serde::de::Error::custom)
    }
}

/// The connection as the state machine sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnState {
    /// No socket.
    Offline,
    /// Socket open, `Hello` sent, waiting for `Welcome`.
    Connecting,
    /// Receiving the blobs missed while away.
    CatchingUp,
    /// Caught up; local changes go out at once and pushes come in.
    Live,
    /// The relay refused the team for good (wrong token, old protocol): stop
    /// reconnecting and show the message.
    Failed { code: ErrorCode, message: String },
}

/// A summary for the sync indicator (the app adds the time of the last
/// `CaughtUp` from its own clock).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncStatus {
    /// No connection; `pending` local blobs wait in the outbox.
    Offline { pending: usize },
    /// Connected and catching up or sending `pending` blobs.
    Syncing { pending: usize },
    /// Caught up, nothing to send, and the relay answered within the last
    /// heartbeat interval and deadline.
    UpToDate,
    /// Connected, but the relay has not answered lately: the connection may be dead
    /// (the next tick decides).
    Checking { pending: usize },
    /// The last connection was refused by the relay (too many connections, new
    /// teams not accepted, …); `message` says why and what to do (pt-BR). The
    /// device keeps trying.
    Refused { pending: usize, message: String },
    /// The relay refused the team for good; `message` says why (pt-BR).
    Failed { message: String },
}

/// What the caller must do after a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncEvent {
    /// Apply these bytes to the document (`load_incremental` takes both
    /// changes and snapshots). May repeat; applying twice is harmless.
    Apply {
        seq: u64,
        kind: BlobKind,
        device: DeviceId,
        payload: Vec<u8>,
    },
    /// A blob failed authentication or decoding: it was not applied.
    Rejected { seq: u64, error: SyncError },
    /// A blob opened with the team's key but its sender is not on the roster or did not
    /// sign it: kept in [`ClientState::quarantine`], not applied.
    Quarantined {
        seq: u64,
        device: DeviceId,
        reason: String,
    },
    /// The relay stored the outbox entry `client_ref` as `seq`.
    Acked { client_ref: u64, seq: u64 },
    /// Everything the relay had is in; the device is up to date.
    CaughtUp { head: u64 },
    /// The relay knows less than this device already received (it lost data
    /// or is a different relay): queue a snapshot with
    /// [`SyncClient::add_snapshot`] so nothing is lost.
    RelayReset,
    /// A sealed peer-to-peer signal from another device of the room: hand it to
    /// [`super::peer::Mesh::handle_signal`].
    Signal { blob: Vec<u8> },
    /// The STUN/TURN servers the relay offers for peer-to-peer connections.
    IceServers(Vec<IceServer>),
    /// The relay refused something.
    RelayError {
        code: ErrorCode,
        client_ref: Option<u64>,
        message: String,
    },
}

/// A device's sync state machine (sans IO).
#[derive(Debug)]
pub struct SyncClient {
    keys: TeamKeys,
    device: DeviceId,
    state: ClientState,
    conn: ConnState,
    sent: BTreeSet<u64>,
    outgoing: VecDeque<Vec<u8>>,
    heartbeat: Heartbeat,
    /// The last refusal of a connection (code and message), until one succeeds.
    refusal: Option<(ErrorCode, String)>,
    /// This device's keys: its blobs are signed with them (blob version 2).
    signer: Option<DeviceKeys>,
    /// The devices whose signed blobs are applied; `None` for a team that records no
    /// device keys yet (everything that opens is applied, as before).
    roster: Option<Roster>,
    /// Nothing more is sent in this room: the team is moving to new keys.
    held: bool,
}

impl SyncClient {
    /// A client for the team of `secret`, writing as `device`, resuming from
    /// a persisted `state` (or `ClientState::default()` on a new device).
    pub fn new(secret: &TeamSecret, device: DeviceId, state: ClientState) -> Self {
        Self::for_epoch(secret, None, device, state)
    }

    /// A client for the room of the period `epoch` opened (`None`: the team's first).
    pub fn for_epoch(
        secret: &TeamSecret,
        epoch: Option<&[u8; 32]>,
        device: DeviceId,
        state: ClientState,
    ) -> Self {
        Self {
            keys: secret.derive_epoch(epoch),
            device,
            state,
            conn: ConnState::Offline,
            sent: BTreeSet::new(),
            outgoing: VecDeque::new(),
            heartbeat: Heartbeat::default(),
            refusal: None,
            signer: None,
            roster: None,
            held: false,
        }
    }

    /// Sends nothing more in this room (the app read a re-keying the relay stored): what
    /// waits in the outbox goes to the new room instead, so a removed device that still
    /// reads this room, on a relay that ignores `Retire`, never sees it.
    pub fn hold(&mut self) {
        self.held = true;
    }

    /// The same client, signing every blob it seals with `keys` (the device's own).
    pub fn with_signer(mut self, keys: DeviceKeys) -> Self {
        self.signer = Some(keys);
        self
    }

    /// Sets the devices whose blobs are applied (read from the document after each
    /// change to its members). Quarantined blobs that the new roster vouches for come
    /// back as [`SyncEvent::Apply`], in sequence order; the others stay.
    pub fn set_roster(&mut self, roster: Roster) -> Vec<SyncEvent> {
        self.roster = Some(roster);
        let held = std::mem::take(&mut self.state.quarantine);
        let mut events = Vec::new();
        for entry in held {
            match open(&self.keys, &entry.blob) {
                Ok(opened) => match self.vet(&opened) {
                    Ok(()) => events.push(SyncEvent::Apply {
                        seq: entry.seq,
                        kind: opened.kind,
                        device: opened.device,
                        payload: opened.payload,
                    }),
                    Err(reason) => self.state.quarantine.push(Quarantined { reason, ..entry }),
                },
                // Kept as refused by the app (no sealed bytes to look at again).
                Err(_) => self.state.quarantine.push(entry),
            }
        }
        events
    }

    /// Notes a blob that opened and verified but whose changes the app refused (its
    /// author's role may not make them, `Business::vet_changes`): shown with the others,
    /// never applied.
    pub fn quarantine(&mut self, seq: u64, device: DeviceId, reason: String) {
        self.push_quarantine(Quarantined {
            seq,
            device: device.to_hex(),
            reason,
            blob: Vec::new(),
        });
    }

    fn push_quarantine(&mut self, entry: Quarantined) {
        if self.state.quarantine.iter().any(|q| q.seq == entry.seq) {
            return;
        }
        if self.state.quarantine.len() >= MAX_QUARANTINED {
            self.state.quarantine.remove(0);
        }
        self.state.quarantine.push(entry);
    }

    /// Whether an opened blob may be applied under the roster; why not, in pt-BR.
    fn vet(&self, opened: &Opened) -> Result<(), String> {
        let Some(roster) = &self.roster else {
            return Ok(());
        };
        let Some(public) = roster.get(&opened.device) else {
            return Err(
                "enviado por um aparelho que não faz parte da equipe (ou foi removido)".into(),
            );
        };
        if opened.signature.is_none() {
            return Err("sem assinatura do aparelho que o enviou".into());
        }
        if !opened.signed_by(&self.keys.room, public) {
            return Err("a assinatura não é do aparelho que diz tê-lo enviado".into());
        }
        Ok(())
    }

    /// Whether the relay refused to store more in this room (the team moved on).
    pub fn is_retired(&self) -> bool {
        self.state.retired
    }

    /// Asks the relay to refuse every further write to this room (after a removal, once
    /// this device's re-keying is stored). Only while connected.
    pub fn retire_room(&mut self) {
        if matches!(self.conn, ConnState::CatchingUp | ConnState::Live) {
            self.outgoing.push_back(ClientFrame::Retire.encode());
        }
    }

    /// The payloads of the outbox's change blobs, oldest first (what this device wrote
    /// and the relay has not stored), to seal again for a new room.
    pub fn unsent_changes(&self) -> Vec<Vec<u8>> {
        self.state
            .outbox
            .iter()
            .filter(|e| e.supersedes.is_none())
            .filter_map(|e| open(&self.keys, &e.blob).ok().map(|o| o.payload))
            .collect()
    }

    /// The keys derived from the team secret.
    pub fn keys(&self) -> &TeamKeys {
        &self.keys
    }

    /// This device's id.
    pub fn device(&self) -> DeviceId {
        self.device
    }

    /// What to persist after each call that changed something.
    pub fn state(&self) -> &ClientState {
        &self.state
    }

    /// The connection state, for the sync indicator.
    pub fn conn_state(&self) -> &ConnState {
        &self.conn
    }

    /// The state for the sync indicator, at `now_ms` of the caller's clock: up to
    /// date only with a recent answer from the relay.
    pub fn status_at(&self, now_ms: u64) -> SyncStatus {
        match self.status() {
            SyncStatus::UpToDate if !self.heartbeat.fresh(now_ms) => {
                SyncStatus::Checking { pending: 0 }
            }
            status => status,
        }
    }

    /// The state for the sync indicator, not counting how recent the relay's last
    /// answer is (see [`SyncClient::status_at`]).
    pub fn status(&self) -> SyncStatus {
        let pending = self.state.outbox.len();
        match &self.conn {
            ConnState::Offline => match &self.refusal {
                Some((_, message)) => SyncStatus::Refused {
                    pending,
                    message: message.clone(),
                },
                None => SyncStatus::Offline { pending },
            },
            ConnState::Connecting | ConnState::CatchingUp => SyncStatus::Syncing { pending },
            ConnState::Live if pending == 0 => SyncStatus::UpToDate,
            ConnState::Live => SyncStatus::Syncing { pending },
            ConnState::Failed { message, .. } => SyncStatus::Failed {
                message: message.clone(),
            },
        }
    }

    /// Why the relay refused the last connection, until a connection succeeds.
    pub fn refusal(&self) -> Option<(ErrorCode, &str)> {
        self.refusal.as_ref().map(|(code, m)| (*code, m.as_str()))
    }

    /// The heartbeat's interval and deadline in milliseconds (the relay's, once it
    /// said them in `Welcome`).
    pub fn heartbeat_ms(&self) -> (u64, u64) {
        (self.heartbeat.interval_ms, self.heartbeat.timeout_ms)
    }

    /// Advances the connection's clock to `now_ms`: queues a `Ping` when a round trip
    /// is due, and says [`Tick::Dead`] when the relay missed a deadline (no `Welcome`
    /// within the timeout of opening, or no answer within the timeout of a ping).
    pub fn tick(&mut self, now_ms: u64) -> Tick {
        if matches!(self.conn, ConnState::Offline | ConnState::Failed { .. }) {
            return Tick::Idle;
        }
        let welcomed = matches!(self.conn, ConnState::CatchingUp | ConnState::Live);
        match self.heartbeat.tick(now_ms, welcomed) {
            Beat::Wait(ms) => Tick::Wait { ms },
            Beat::Dead => Tick::Dead,
            Beat::Ping(nonce) => {
                self.outgoing
                    .push_back(ClientFrame::Ping { nonce }.encode());
                Tick::Wait {
                    ms: self.heartbeat.timeout_ms,
                }
            }
        }
    }

    /// Checks the connection at the next [`SyncClient::tick`] instead of waiting for
    /// the interval (the page came back to the foreground, the network changed).
    pub fn probe(&mut self) {
        self.heartbeat.probe();
    }

    /// Blobs waiting for the relay's acknowledgement.
    pub fn pending(&self) -> usize {
        self.state.outbox.len()
    }

    /// Caught up and nothing left to send.
    pub fn is_up_to_date(&self) -> bool {
        self.conn == ConnState::Live && self.state.outbox.is_empty() && !self.state.retired
    }

    /// Caught up with the relay (every stored blob received), whatever waits to be sent.
    pub fn is_caught_up(&self) -> bool {
        self.conn == ConnState::Live
    }

    /// Whether enough blobs piled up that a snapshot would shrink the room,
    /// and none is already queued.
    pub fn wants_snapshot(&self) -> bool {
        self.state.blobs_since_snapshot >= SNAPSHOT_AFTER_BLOBS
            && !self.state.outbox.iter().any(|e| e.supersedes.is_some())
    }

    /// Seals the change that wrote this device's epoch mark `id`. Only a device that is
    /// caught up with nothing waiting may do it: the relay then stores the mark in the next
    /// blob it acknowledges, and that sequence number orders it against other marks.
    pub fn add_mark(&mut self, changes: &[u8], id: &str) -> Result<u64, SyncError> {
        if !self.is_up_to_date() {
            return Err(SyncError::NotUpToDate);
        }
        let client_ref = self.add_changes(changes)?.ok_or(SyncError::MalformedBlob)?;
        self.state.pending_mark = Some(id.to_string());
        Ok(client_ref)
    }

    /// Seals the change that wrote this device's re-keying `id` (a removal), as a mark,
    /// and sends nothing written after it in this room: the device moves to the new room
    /// once the relay stored it, carrying those changes over, and a write that slipped in
    /// here before the move would reach the removed device.
    pub fn add_rekey(&mut self, changes: &[u8], id: &str) -> Result<u64, SyncError> {
        let client_ref = self.add_mark(changes, id)?;
        self.state.hold_after = Some(client_ref);
        Ok(client_ref)
    }

    /// Notes epoch marks that the blob `seq` brought (the app reads them from the
    /// document after applying it). A mark already noted keeps its first number.
    pub fn note_marks<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>, seq: u64) {
        for id in ids {
            if self.state.pending_mark.as_deref() != Some(id) {
                self.state.marks.entry(id.to_string()).or_insert(seq);
            }
        }
    }

    /// The sequence number of the blob that brought mark `id` to the relay, when this
    /// device knows it (a re-keying is followed only once it is known to be stored).
    pub fn stored_seq(&self, id: &str) -> Option<u64> {
        self.state
            .marks
            .get(id)
            .copied()
            .filter(|&seq| seq != u64::MAX)
    }

    /// Of the marks in `ids`, the one the team follows: the first the relay stored, and
    /// among marks this device did not get through the relay (a restored backup), the
    /// lowest id. `None` while this device's own mark waits for its acknowledgement,
    /// since a mark stored before it may still be on its way.
    pub fn mark_to_follow<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Option<String> {
        if self.state.pending_mark.is_some() {
            return None;
        }
        ids.into_iter()
            .min_by_key(|id| (self.state.marks.get(*id).copied().unwrap_or(u64::MAX), *id))
            .map(str::to_string)
    }

    /// Seals local change bytes into the outbox; returns its `client_ref`,
    /// or `None` when `changes` is empty (nothing to sync).
    pub fn add_changes(&mut self, changes: &[u8]) -> Result<Option<u64>, SyncError> {
        if changes.is_empty() {
            return Ok(None);
        }
        let blob = seal_signed(
            &self.keys,
            &self.device,
            self.signer.as_ref(),
            BlobKind::Changes,
            changes,
        )?;
        Ok(Some(self.enqueue(None, blob)))
    }

    /// Seals a whole document save as a snapshot standing for every blob up
    /// to the cursor; older unsent snapshots in the outbox are dropped.
    pub fn add_snapshot(&mut self, save: &[u8]) -> Result<u64, SyncError> {
        let blob = seal_signed(
            &self.keys,
            &self.device,
            self.signer.as_ref(),
            BlobKind::Snapshot,
            save,
        )?;
        self.state.outbox.retain(|e| e.supersedes.is_none());
        Ok(self.enqueue(Some(self.state.cursor), blob))
    }

    /// A snapshot for a document whose save does not fit in one blob: its raw
    /// changes (oldest first, as `Business::changes_since(&[])` gives them) go
    /// out packed into as few blobs as fit, the last one as the snapshot. The
    /// relay keeps the earlier parts, since their sequence numbers follow the
    /// cursor the snapshot supersedes, so a device catching up gets them all.
    pub fn add_snapshot_parts(&mut self, changes: &[Vec<u8>]) -> Result<u64, SyncError> {
        let groups = pack(changes, SNAPSHOT_PART_BYTES);
        let mut blobs = Vec::new();
        for (i, group) in groups.iter().enumerate() {
            let kind = if i + 1 == groups.len() {
                BlobKind::Snapshot
            } else {
                BlobKind::Changes
            };
            self.seal_split(group, kind, &mut blobs)?;
        }
        let Some(snapshot) = blobs.pop() else {
            return Err(SyncError::MalformedBlob);
        };
        self.state.outbox.retain(|e| e.supersedes.is_none());
        for blob in blobs {
            self.enqueue(None, blob);
        }
        Ok(self.enqueue(Some(self.state.cursor), snapshot))
    }

    /// Seals the concatenation of `changes`, halving the run until each half
    /// fits in a blob; only the last piece gets `last_kind`.
    fn seal_split(
        &self,
        changes: &[Vec<u8>],
        last_kind: BlobKind,
        out: &mut Vec<Vec<u8>>,
    ) -> Result<(), SyncError> {
        match seal_signed(
            &self.keys,
            &self.device,
            self.signer.as_ref(),
            last_kind,
            &changes.concat(),
        ) {
            Ok(blob) => {
                out.push(blob);
                Ok(())
            }
            Err(SyncError::TooLarge { .. }) if changes.len() > 1 => {
                let (first, second) = changes.split_at(changes.len() / 2);
                self.seal_split(first, BlobKind::Changes, out)?;
                self.seal_split(second, last_kind, out)
            }
            Err(e) => Err(e),
        }
    }

    /// Packs runs of unsent change blobs into as few blobs as fit, so a device
    /// that worked offline sends a handful of compressed blobs instead of one
    /// per operation. A blob that was already packed is sent unchanged, so the
    /// relay can still deduplicate a resend.
    fn coalesce(&mut self) {
        let outbox = std::mem::take(&mut self.state.outbox);
        let mut run = Vec::new();
        for entry in outbox {
            if entry.supersedes.is_none() {
                run.push(entry);
            } else {
                self.coalesce_run(std::mem::take(&mut run));
                self.state.outbox.push(entry);
            }
        }
        self.coalesce_run(run);
    }

    fn coalesce_run(&mut self, run: Vec<OutboxEntry>) {
        let payloads: Option<Vec<Vec<u8>>> = run
            .iter()
            .map(|e| open(&self.keys, &e.blob).ok().map(|o| o.payload))
            .collect();
        let Some(payloads) = payloads.filter(|_| run.len() > 1) else {
            self.state.outbox.extend(run);
            return;
        };
        let mut start = 0;
        for group in pack(&payloads, COALESCE_BYTES) {
            let originals = &run[start..start + group.len()];
            start += group.len();
            let packed = (group.len() > 1)
                .then(|| {
                    seal_signed(
                        &self.keys,
                        &self.device,
                        self.signer.as_ref(),
                        BlobKind::Changes,
                        &group.concat(),
                    )
                    .ok()
                })
                .flatten();
            match packed {
                Some(blob) => {
                    self.state.next_ref = self.state.next_ref.max(1);
                    let client_ref = self.state.next_ref;
                    self.state.next_ref += 1;
                    self.state.outbox.push(OutboxEntry {
                        client_ref,
                        supersedes: None,
                        blob,
                    });
                }
                None => self.state.outbox.extend(originals.iter().cloned()),
            }
        }
    }

    fn enqueue(&mut self, supersedes: Option<u64>, blob: Vec<u8>) -> u64 {
        self.state.next_ref = self.state.next_ref.max(1);
        let client_ref = self.state.next_ref;
        self.state.next_ref += 1;
        self.state.outbox.push(OutboxEntry {
            client_ref,
            supersedes,
            blob,
        });
        if self.conn == ConnState::Live {
            self.flush_outbox();
        }
        client_ref
    }

    /// Syncs with another place from now on (the shop's hub or the cloud relay, docs/SYNC.md
    /// section 11), where this device received every blob up to `cursor`
    /// ([`super::places::Places::cursor`]). Only while offline. A queued snapshot then
    /// stands for no more than that cursor: each place numbers its blobs its own way.
    pub fn resume_at(&mut self, cursor: u64) {
        self.state.cursor = cursor;
        for entry in &mut self.state.outbox {
            if let Some(supersedes) = entry.supersedes.as_mut() {
                *supersedes = (*supersedes).min(cursor);
            }
        }
    }

    /// A socket to the relay just opened: queues `Hello`.
    pub fn connected(&mut self) {
        self.outgoing.clear();
        self.sent.clear();
        self.coalesce();
        self.heartbeat.reset();
        self.conn = ConnState::Connecting;
        self.outgoing.push_back(
            ClientFrame::Hello {
                protocol: PROTOCOL_VERSION,
                room: self.keys.room,
                token: self.keys.token,
            }
            .encode(),
        );
    }

    /// The socket closed; unacknowledged blobs stay in the outbox.
    pub fn disconnected(&mut self) {
        self.outgoing.clear();
        self.sent.clear();
        self.heartbeat.reset();
        if !matches!(self.conn, ConnState::Failed { .. }) {
            self.conn = ConnState::Offline;
        }
    }

    /// Queues a sealed peer-to-peer signal for the room's devices online now. Signals
    /// are ephemeral: without an open room (before `Welcome`, offline) it is dropped
    /// and `false` returned; the peers resend what matters.
    pub fn send_signal(&mut self, blob: Vec<u8>) -> bool {
        let open = matches!(self.conn, ConnState::CatchingUp | ConnState::Live);
        if open {
            self.outgoing
                .push_back(ClientFrame::Signal { blob }.encode());
        }
        open
    }

    /// The next frame to send, if any.
    pub fn poll_transmit(&mut self) -> Option<Vec<u8>> {
        self.outgoing.pop_front()
    }

    /// Handles one binary message from the relay. An `Err` means the relay
    /// broke the protocol: close the socket and reconnect later.
    pub fn handle_frame(&mut self, bytes: &[u8]) -> Result<Vec<SyncEvent>, SyncError> {
        let frame = RelayFrame::decode(bytes)?;
        self.heartbeat.heard();
        let mut events = Vec::new();
        match frame {
            RelayFrame::Pong { nonce } => self.heartbeat.pong(nonce),
            RelayFrame::Signal { blob } => {
                self.expect_subscribed()?;
                events.push(SyncEvent::Signal { blob });
            }
            RelayFrame::IceServers(servers) => events.push(SyncEvent::IceServers(servers)),
            RelayFrame::Challenge(challenge) => {
                if self.conn != ConnState::Connecting {
                    return Err(SyncError::MalformedFrame("desafio fora de hora"));
                }
                // Pure CPU, a fraction of a second at the relay's usual sizes; a relay
                // asking for more than a phone should spend is refused.
                let nonce = (challenge.bits <= MAX_BITS)
                    .then(|| challenge.solve(&self.keys.room))
                    .flatten()
                    .ok_or(SyncError::MalformedFrame(
                        "o servidor exigiu trabalho demais para criar a equipe",
                    ))?;
                self.outgoing
                    .push_back(ClientFrame::Proof { nonce }.encode());
            }
            RelayFrame::Welcome {
                protocol,
                head,
                heartbeat_ms,
                timeout_ms,
            } => {
                if self.conn != ConnState::Connecting {
                    return Err(SyncError::MalformedFrame("boas-vindas fora de hora"));
                }
                if protocol != PROTOCOL_VERSION {
                    self.conn = ConnState::Failed {
                        code: ErrorCode::UnsupportedProtocol,
                        message: format!(
                            "o servidor de sincronização fala a versão {protocol} e este aparelho a {PROTOCOL_VERSION}"
                        ),
                    };
                    return Ok(events);
                }
                self.refusal = None;
                self.heartbeat
                    .configure(u64::from(heartbeat_ms), u64::from(timeout_ms));
                if head < self.state.cursor {
                    // Re-read the whole room and let the app upload a snapshot.
                    self.state.cursor = 0;
                    self.state.blobs_since_snapshot = 0;
                    for entry in &mut self.state.outbox {
                        if entry.supersedes.is_some() {
                            entry.supersedes = Some(0);
                        }
                    }
                    events.push(SyncEvent::RelayReset);
                }
                self.conn = ConnState::CatchingUp;
                self.outgoing.push_back(
                    ClientFrame::Sync {
                        since: self.state.cursor,
                    }
                    .encode(),
                );
            }
            RelayFrame::Blob { seq, blob } => {
                self.expect_subscribed()?;
                self.state.blobs_since_snapshot += 1;
                events.push(self.receive(seq, &blob));
            }
            RelayFrame::SnapshotBlob { seq, blob, .. } => {
                self.expect_subscribed()?;
                self.state.blobs_since_snapshot = 0;
                events.push(self.receive(seq, &blob));
            }
            RelayFrame::CaughtUp { head } => {
                self.expect_subscribed()?;
                self.state.cursor = self.state.cursor.max(head);
                self.conn = ConnState::Live;
                self.flush_outbox();
                events.push(SyncEvent::CaughtUp { head });
            }
            RelayFrame::Ack { client_ref, seq } => {
                let pos = self
                    .state
                    .outbox
                    .iter()
                    .position(|e| e.client_ref == client_ref);
                if let Some(pos) = pos {
                    // The outbox was empty when the mark was queued, so the first blob
                    // acknowledged after it carries it.
                    if let Some(mark) = self.state.pending_mark.take() {
                        self.state.marks.entry(mark).or_insert(seq);
                    }
                    let entry = self.state.outbox.remove(pos);
                    if entry.supersedes.is_some() {
                        self.state.blobs_since_snapshot = 0;
                    } else {
                        self.state.blobs_since_snapshot += 1;
                    }
                }
                self.sent.remove(&client_ref);
                if self.conn == ConnState::Live {
                    self.flush_outbox();
                }
                // Acks come in sequence order with pushes once subscribed, so
                // the device has everything up to its own blob.
                if self.conn == ConnState::Live {
                    self.state.cursor = self.state.cursor.max(seq);
                }
                events.push(SyncEvent::Acked { client_ref, seq });
            }
            RelayFrame::Error {
                code,
                client_ref,
                message,
            } => {
                if code == ErrorCode::Retired {
                    // Nothing will be stored here again: the outbox waits for the new
                    // room, and a mark waiting for its acknowledgement lost the race.
                    self.state.retired = true;
                    if let Some(mark) = self.state.pending_mark.take() {
                        // Never stored: it loses to every mark the relay did store.
                        self.state.marks.entry(mark).or_insert(u64::MAX);
                    }
                    self.sent.clear();
                } else if let Some(client_ref) = client_ref {
                    if matches!(code, ErrorCode::TooLarge | ErrorCode::BadSnapshot) {
                        // Resending the same blob can never succeed.
                        self.state.outbox.retain(|e| e.client_ref != client_ref);
                        if self.state.hold_after == Some(client_ref) {
                            // The re-keying never reached the relay: nothing to wait for.
                            self.state.hold_after = None;
                            self.state.pending_mark = None;
                        }
                        self.sent.remove(&client_ref);
                        if self.conn == ConnState::Live {
                            self.flush_outbox();
                        }
                    }
                    // Otherwise (quota, storage) it stays marked as sent on
                    // this connection and is retried on the next one.
                }
                if client_ref.is_none() && !code.is_fatal() {
                    // The connection was refused: remembered for the indicator until
                    // one succeeds.
                    self.refusal = Some((code, message.clone()));
                }
                if code.is_fatal() {
                    self.conn = ConnState::Failed {
                        code,
                        message: message.clone(),
                    };
                }
                events.push(SyncEvent::RelayError {
                    code,
                    client_ref,
                    message,
                });
            }
        }
        Ok(events)
    }

    fn expect_subscribed(&self) -> Result<(), SyncError> {
        match self.conn {
            ConnState::CatchingUp | ConnState::Live => Ok(()),
            _ => Err(SyncError::MalformedFrame(
                "pacote recebido antes da conexão",
            )),
        }
    }

    fn receive(&mut self, seq: u64, blob: &[u8]) -> SyncEvent {
        self.state.cursor = self.state.cursor.max(seq);
        match open(&self.keys, blob) {
            Ok(opened) => match self.vet(&opened) {
                Ok(()) => SyncEvent::Apply {
                    seq,
                    kind: opened.kind,
                    device: opened.device,
                    payload: opened.payload,
                },
                Err(reason) => {
                    self.push_quarantine(Quarantined {
                        seq,
                        device: opened.device.to_hex(),
                        reason: reason.clone(),
                        blob: blob.to_vec(),
                    });
                    SyncEvent::Quarantined {
                        seq,
                        device: opened.device,
                        reason,
                    }
                }
            },
            Err(error) => SyncEvent::Rejected { seq, error },
        }
    }

    fn flush_outbox(&mut self) {
        if self.state.retired || self.held {
            return;
        }
        let hold_after = self.state.hold_after.unwrap_or(u64::MAX);
        for entry in &self.state.outbox {
            if self.sent.len() >= MAX_IN_FLIGHT {
                break;
            }
            if entry.client_ref > hold_after {
                continue;
            }
            if !self.sent.insert(entry.client_ref) {
                continue;
            }
            let frame = match entry.supersedes {
                None => ClientFrame::Append {
                    client_ref: entry.client_ref,
                    blob: entry.blob.clone(),
                },
                Some(supersedes) => ClientFrame::Snapshot {
                    client_ref: entry.client_ref,
                    supersedes,
                    blob: entry.blob.clone(),
                },
            };
            self.outgoing.push_back(frame.encode());
        }
    }
}
