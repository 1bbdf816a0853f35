//! What a hub forwards between its own room and the same room on the cloud
//! relay (docs/SYNC.md section 11, "Hub and cloud together"): a pure state
//! machine, with no socket, clock or store. [`crate::upstream`] is the shell
//! that feeds it frames and carries out its [`Action`]s.
//!
//! Each place numbers its blobs in its own sequence, so the machine keeps a
//! cursor per place: every blob up to the hub's cursor is also at the cloud,
//! and every blob up to the cloud's cursor is also at the hub. A cursor only
//! passes a blob once its copy is acknowledged (or known to be there), so a
//! session cut anywhere resends from the cursors and loses nothing.
//!
//! Blobs are identified by their content ([`ContentId`], BLAKE3 of the sealed
//! bytes, the same id devices use): a blob that came from one place, or that
//! a device pushed to both, is never sent back; and both relays' stores take
//! identical bytes as a no-op, so a resend after a cut stores nothing twice.
//!
//! A snapshot is forwarded as a snapshot that supersedes nothing: its
//! `supersedes` counts the sequence of the place it came from, which means
//! nothing at the other one. Each place compacts with the snapshots its own
//! devices send.

use std::collections::{HashMap, HashSet, VecDeque};

use retaguarda_core::sync::places::{ContentId, MAX_REMEMBERED};
use retaguarda_core::sync::{ClientFrame, ErrorCode, RelayFrame};

/// Copies to the cloud sent and not yet acknowledged, at most: the shell
/// reads the cloud's acks between them, so neither side ever waits on a full
/// socket, and a long catch-up goes up at the pace the cloud takes it.
pub const WINDOW: usize = 64;

/// One of the two places a room lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    /// This relay, the shop's hub.
    Hub,
    /// The cloud relay given with `--upstream`.
    Cloud,
}

impl Place {
    fn other(self) -> Self {
        match self {
            Place::Hub => Place::Cloud,
            Place::Cloud => Place::Hub,
        }
    }
}

/// What the shell must do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Send this frame to the cloud relay.
    ToCloud(ClientFrame),
    /// Store this blob in the hub's room, then report with
    /// [`Forward::stored_at_hub`] or [`Forward::refused_at_hub`].
    ToHub {
        client_ref: u64,
        snapshot: bool,
        blob: Vec<u8>,
    },
    /// The cloud is caught up: follow the hub's room from `since` (its
    /// stored blobs, then its pushes) and feed them to [`Forward::hub_blob`].
    FollowHub { since: u64 },
    /// Close the session and try again later.
    Reconnect { message: String },
    /// The cloud refuses this room for good (another team's token, a retired
    /// room, a protocol it does not speak): stop forwarding it.
    Stop { message: String },
}

/// The cloud session's progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Session {
    Offline,
    /// Welcomed, catching up with the cloud's blobs.
    CatchingUp,
    /// Caught up: the hub's blobs go up as they come.
    Live,
}

/// One place's stream of blobs in sequence order, as far as it is forwarded.
#[derive(Debug, Default, Clone)]
struct Stream {
    /// Every blob up to here is at the other place too.
    cursor: u64,
    /// The last sequence number this session delivered.
    seen: u64,
    /// Blobs after the cursor, in order, with the copy each waits for (`0`:
    /// none, it is at the other place).
    waiting: VecDeque<(u64, u64)>,
}

impl Stream {
    /// Starts the stream over from the cursor (a new session).
    fn restart(&mut self) {
        self.seen = self.cursor;
        self.waiting.clear();
    }
}

/// Content ids remembered, at most [`MAX_REMEMBERED`], oldest forgotten first.
#[derive(Debug, Default, Clone)]
struct Remembered {
    order: VecDeque<ContentId>,
    set: HashSet<ContentId>,
}

impl Remembered {
    fn insert(&mut self, id: ContentId) {
        if self.set.insert(id) {
            self.order.push_back(id);
            while self.order.len() > MAX_REMEMBERED {
                if let Some(old) = self.order.pop_front() {
                    self.set.remove(&old);
                }
            }
        }
    }

    fn contains(&self, id: &ContentId) -> bool {
        self.set.contains(id)
    }

    fn clear(&mut self) {
        self.order.clear();
        self.set.clear();
    }
}

/// Counts for logs and tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Blobs sent from the hub to the cloud.
    pub pushed: u64,
    /// Blobs sent from the cloud to the hub.
    pub pulled: u64,
    /// Blobs not sent because the other place already had them.
    pub skipped: u64,
    /// Copies refused by the other place (retried in the next session).
    pub refused: u64,
}

/// The forwarding of one room between the hub and the cloud.
#[derive(Debug, Clone)]
pub struct Forward {
    hub: Stream,
    cloud: Stream,
    /// Blobs known to be stored at each place.
    at_hub: Remembered,
    at_cloud: Remembered,
    /// Copies on their way: content → (destination, client_ref).
    in_flight: HashMap<ContentId, (Place, u64)>,
    /// client_ref → content of the copies on their way.
    refs: HashMap<u64, ContentId>,
    /// Copies to the cloud beyond the [`WINDOW`], in order.
    held: VecDeque<ClientFrame>,
    /// Copies to the cloud sent and not yet answered.
    sent: usize,
    /// Copies refused in this session: the blobs they carry keep waiting.
    refused: HashSet<u64>,
    next_ref: u64,
    session: Session,
    /// The hub's room was retired at this head: once every hub blob up to
    /// it is at the cloud, the cloud's room is retired too.
    retire_at: Option<u64>,
    actions: VecDeque<Action>,
    counts: Counts,
}

impl Default for Forward {
    fn default() -> Self {
        Self::new()
    }
}

impl Forward {
    /// A room never forwarded: both cursors at zero.
    pub fn new() -> Self {
        Self::resume(0, 0)
    }

    /// A room forwarded before, up to these cursors.
    pub fn resume(hub_cursor: u64, cloud_cursor: u64) -> Self {
        let stream = |cursor| Stream {
            cursor,
            seen: cursor,
            waiting: VecDeque::new(),
        };
        Self {
            hub: stream(hub_cursor),
            cloud: stream(cloud_cursor),
            at_hub: Remembered::default(),
            at_cloud: Remembered::default(),
            in_flight: HashMap::new(),
            refs: HashMap::new(),
            refused: HashSet::new(),
            held: VecDeque::new(),
            sent: 0,
            next_ref: 1,
            session: Session::Offline,
            retire_at: None,
            actions: VecDeque::new(),
            counts: Counts::default(),
        }
    }

    /// Every hub blob up to here is at the cloud.
    pub fn hub_cursor(&self) -> u64 {
        self.hub.cursor
    }

    /// Every cloud blob up to here is at the hub.
    pub fn cloud_cursor(&self) -> u64 {
        self.cloud.cursor
    }

    /// Whether the cloud is caught up and the hub's blobs go up as they come.
    pub fn is_live(&self) -> bool {
        self.session == Session::Live
    }

    /// What was forwarded so far.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// Whether the shell should feed more of the hub's stored blobs now:
    /// not while copies wait for room in the [`WINDOW`].
    pub fn wants_hub_blobs(&self) -> bool {
        self.held.is_empty()
    }

    /// A device retired the hub's room (docs/SYNC.md section 10) when its
    /// head was `head`: the cloud's room is retired with
    /// [`ClientFrame::Retire`] once every hub blob up to `head` is there
    /// (after the `Retire`, the cloud refuses writes). The shell stops the
    /// room once it sent it.
    pub fn retire_after(&mut self, head: u64) {
        self.retire_at = Some(head);
        self.check_retire();
    }

    fn check_retire(&mut self) {
        let Some(head) = self.retire_at else {
            return;
        };
        if self.session == Session::Live && self.hub.cursor >= head {
            self.retire_at = None;
            self.actions.push_back(Action::ToCloud(ClientFrame::Retire));
        }
    }

    /// The next thing for the shell to do.
    pub fn poll(&mut self) -> Option<Action> {
        self.actions.pop_front()
    }

    /// The cloud opened the room (`Welcome`) with its head; asks for its
    /// blobs after the cloud cursor.
    pub fn cloud_welcome(&mut self, head: u64) {
        if head < self.cloud.cursor {
            // The cloud lost blobs (restored from an old backup): read it all
            // again and send it everything; its store drops what it has.
            self.cloud = Stream::default();
            self.hub.cursor = 0;
            self.at_cloud.clear();
        }
        self.cloud.restart();
        self.hub.restart();
        self.refused.clear();
        self.session = Session::CatchingUp;
        self.actions.push_back(Action::ToCloud(ClientFrame::Sync {
            since: self.cloud.cursor,
        }));
    }

    /// A frame from the cloud after `Welcome`.
    pub fn cloud_frame(&mut self, frame: RelayFrame) {
        match frame {
            RelayFrame::Blob { seq, blob } => self.arrive(Place::Cloud, seq, false, blob),
            RelayFrame::SnapshotBlob { seq, blob, .. } => {
                self.arrive(Place::Cloud, seq, true, blob)
            }
            RelayFrame::CaughtUp { head } => {
                if self.session != Session::CatchingUp {
                    return;
                }
                // Sequence numbers it skipped belong to superseded blobs.
                if self.cloud.waiting.is_empty() && head > self.cloud.cursor {
                    self.cloud.cursor = head;
                }
                self.cloud.seen = self.cloud.seen.max(head);
                self.session = Session::Live;
                self.hub.restart();
                self.actions.push_back(Action::FollowHub {
                    since: self.hub.cursor,
                });
                self.check_retire();
            }
            RelayFrame::Ack { client_ref, seq } => {
                // Acks come in sequence order with the cloud's pushes: our
                // own blob takes its place in the cloud's stream, already done.
                if seq > self.cloud.seen {
                    self.cloud.seen = seq;
                    self.cloud.waiting.push_back((seq, 0));
                }
                self.delivered(Place::Cloud, client_ref);
            }
            RelayFrame::Error {
                code,
                client_ref,
                message,
            } => self.cloud_error(code, client_ref, message),
            RelayFrame::Welcome { head, .. } => self.cloud_welcome(head),
            RelayFrame::Pong { .. }
            | RelayFrame::Challenge(_)
            | RelayFrame::Signal { .. }
            | RelayFrame::IceServers(_) => {}
        }
    }

    fn cloud_error(&mut self, code: ErrorCode, client_ref: Option<u64>, message: String) {
        let fatal = code.is_fatal() || code == ErrorCode::Retired;
        match client_ref {
            _ if fatal => self.actions.push_back(Action::Stop { message }),
            // One blob refused (too large for the cloud, quota): its hub
            // entry keeps waiting, so the cursor stays below it and the
            // next session tries again.
            Some(client_ref) => {
                self.refuse(client_ref);
            }
            None => self.actions.push_back(Action::Reconnect { message }),
        }
    }

    /// The cloud session ended (closed, failed, or given up by the shell).
    pub fn cloud_lost(&mut self) {
        self.session = Session::Offline;
        // A retirement not sent yet waits for the next session.
        if self
            .actions
            .iter()
            .any(|a| *a == Action::ToCloud(ClientFrame::Retire))
        {
            self.retire_at = Some(self.hub.cursor);
        }
        self.actions
            .retain(|a| matches!(a, Action::ToHub { .. } | Action::Stop { .. }));
        // Copies to the cloud will not be acknowledged now; the streams
        // start over from their cursors in the next session.
        let lost: Vec<(ContentId, u64)> = self
            .in_flight
            .iter()
            .filter(|(_, (to, _))| *to == Place::Cloud)
            .map(|(id, (_, r))| (*id, *r))
            .collect();
        for (id, r) in lost {
            self.in_flight.remove(&id);
            self.refs.remove(&r);
        }
        self.held.clear();
        self.sent = 0;
        self.cloud.restart();
        self.hub.restart();
    }

    /// A blob of the hub's room (its catch-up from the cursor, then pushes).
    /// Ignored unless the cloud is live: the shell follows the hub again
    /// when it is.
    pub fn hub_blob(&mut self, seq: u64, snapshot: bool, blob: Vec<u8>) {
        if self.session == Session::Live {
            self.arrive(Place::Hub, seq, snapshot, blob);
        }
    }

    /// The hub stopped pushing to the shell (it fell behind): follow the
    /// hub again from its cursor.
    pub fn hub_lost(&mut self) {
        self.hub.restart();
        if self.session == Session::Live {
            self.actions.push_back(Action::FollowHub {
                since: self.hub.cursor,
            });
        }
    }

    /// The hub stored the copy `client_ref` ([`Action::ToHub`]).
    pub fn stored_at_hub(&mut self, client_ref: u64) {
        self.delivered(Place::Hub, client_ref);
    }

    /// The hub refused the copy `client_ref`: the cloud's cursor stays below
    /// it, so the next session tries again.
    pub fn refused_at_hub(&mut self, client_ref: u64) {
        self.refuse(client_ref);
    }

    fn refuse(&mut self, client_ref: u64) {
        if let Some(id) = self.refs.remove(&client_ref) {
            if let Some((Place::Cloud, _)) = self.in_flight.remove(&id) {
                self.sent = self.sent.saturating_sub(1);
                self.release();
            }
            self.refused.insert(client_ref);
            self.counts.refused += 1;
        }
    }

    /// A blob arrived from `from` as its `seq`.
    fn arrive(&mut self, from: Place, seq: u64, snapshot: bool, blob: Vec<u8>) {
        let to = from.other();
        let stream = match from {
            Place::Hub => &mut self.hub,
            Place::Cloud => &mut self.cloud,
        };
        // Already delivered in this session (a catch-up that overlaps pushes).
        if seq <= stream.seen {
            return;
        }
        stream.seen = seq;
        let id = ContentId::of(&blob);
        let (here, there) = match from {
            Place::Hub => (&mut self.at_hub, &self.at_cloud),
            Place::Cloud => (&mut self.at_cloud, &self.at_hub),
        };
        here.insert(id);
        let wait = if there.contains(&id) {
            self.counts.skipped += 1;
            0
        } else if let Some((dest, r)) = self.in_flight.get(&id).filter(|(d, _)| *d == to) {
            // The same bytes are already on their way there.
            debug_assert_eq!(*dest, to);
            self.counts.skipped += 1;
            *r
        } else {
            let r = self.next_ref;
            self.next_ref += 1;
            self.in_flight.insert(id, (to, r));
            self.refs.insert(r, id);
            match to {
                Place::Cloud => {
                    self.counts.pushed += 1;
                    self.held.push_back(if snapshot {
                        ClientFrame::Snapshot {
                            client_ref: r,
                            supersedes: 0,
                            blob,
                        }
                    } else {
                        ClientFrame::Append {
                            client_ref: r,
                            blob,
                        }
                    });
                    self.release();
                }
                Place::Hub => {
                    self.counts.pulled += 1;
                    self.actions.push_back(Action::ToHub {
                        client_ref: r,
                        snapshot,
                        blob,
                    });
                }
            }
            r
        };
        let stream = match from {
            Place::Hub => &mut self.hub,
            Place::Cloud => &mut self.cloud,
        };
        stream.waiting.push_back((seq, wait));
        self.advance();
    }

    /// Sends held copies while the window has room.
    fn release(&mut self) {
        while self.sent < WINDOW {
            let Some(frame) = self.held.pop_front() else {
                return;
            };
            self.sent += 1;
            self.actions.push_back(Action::ToCloud(frame));
        }
    }

    /// The copy `client_ref` is stored at `at`.
    fn delivered(&mut self, at: Place, client_ref: u64) {
        let Some(id) = self.refs.remove(&client_ref) else {
            return;
        };
        self.in_flight.remove(&id);
        if at == Place::Cloud {
            self.sent = self.sent.saturating_sub(1);
            self.release();
        }
        match at {
            Place::Hub => self.at_hub.insert(id),
            Place::Cloud => self.at_cloud.insert(id),
        }
        self.advance();
    }

    /// Moves both cursors past the blobs whose copies arrived.
    fn advance(&mut self) {
        for stream in [&mut self.hub, &mut self.cloud] {
            while let Some(&(seq, r)) = stream.waiting.front() {
                if r != 0 && (self.refs.contains_key(&r) || self.refused.contains(&r)) {
                    break;
                }
                stream.cursor = seq;
                stream.waiting.pop_front();
            }
        }
        self.check_retire();
    }
}
