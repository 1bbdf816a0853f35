//! Peer-to-peer sync (sans IO): devices of a team that are online together
//! find each other through their room on the relay ([`signal`]), open a WebRTC
//! data channel (the app's glue does the WebRTC part), prove to each other that
//! they hold the team's keys ([`handshake`]) and then run Automerge's own sync
//! protocol, one `automerge::sync::State` per peer, so each sends exactly what
//! the other lacks. The relay keeps storing for absent devices; what a device
//! also gets from a peer is applied twice, harmlessly.
//!
//! [`Mesh`] keeps one link per other device (a full mesh, up to [`MAX_PEERS`]).
//! The device with the lower id offers, so two devices never offer to each other
//! at once. The caller drives it with what happened (signals from the relay,
//! local SDP and candidates, channel open/message/close, the time) and carries
//! out each [`PeerAction`] it queues; [`PeerEvent`]s say when the document
//! changed or a link came or went.

mod channel;
pub mod handshake;
pub mod signal;

use std::collections::{BTreeMap, VecDeque};

use automerge::sync::{State as SyncState, SyncDoc as _};
use automerge::{AutoCommit, ChangeHash};

pub use self::signal::{Signal, SignalKind};
use super::backoff::Backoff;
use super::keys::{DeviceId, TeamKeys, TeamSecret};
use super::SyncError;

/// The most other devices one device keeps links to (a team of ten).
pub const MAX_PEERS: usize = 9;
/// An attempt (offer to open handshake) that takes longer is given up and retried.
pub const CONNECT_TIMEOUT_MS: u64 = 15_000;
/// A connected link whose peer may not know our heads asks again after this quiet time.
pub const RESYNC_MS: u64 = 2_000;
/// Failed attempts in a row after which a device is forgotten until it announces again.
pub const MAX_FAILURES: u32 = 6;
/// Sync messages that arrive during the handshake are kept (at most this many) for after it.
const EARLY_FRAMES: usize = 16;

/// A document that can run Automerge's sync protocol with a peer: the app's
/// `Business` (which also refreshes its caches) or a bare `AutoCommit`.
pub trait PeerDoc {
    /// The document's current heads.
    fn sync_heads(&mut self) -> Vec<ChangeHash>;
    /// The next sync message for a peer, encoded, if there is anything to say.
    fn generate_sync_message(&mut self, state: &mut SyncState) -> Option<Vec<u8>>;
    /// Applies an encoded sync message from a peer.
    fn receive_sync_message(
        &mut self,
        state: &mut SyncState,
        message: &[u8],
    ) -> Result<(), SyncError>;
}

impl PeerDoc for AutoCommit {
    fn sync_heads(&mut self) -> Vec<ChangeHash> {
        self.get_heads()
    }

    fn generate_sync_message(&mut self, state: &mut SyncState) -> Option<Vec<u8>> {
        self.sync().generate_sync_message(state).map(|m| m.encode())
    }

    fn receive_sync_message(
        &mut self,
        state: &mut SyncState,
        message: &[u8],
    ) -> Result<(), SyncError> {
        let message = decode_message(message)?;
        self.sync()
            .receive_sync_message(state, message)
            .map_err(|_| SyncError::MalformedFrame("alterações de outro aparelho inválidas"))
    }
}

/// Decodes an Automerge sync message.
pub fn decode_message(bytes: &[u8]) -> Result<automerge::sync::Message, SyncError> {
    automerge::sync::Message::decode(bytes)
        .map_err(|_| SyncError::MalformedFrame("alterações de outro aparelho inválidas"))
}

/// What the caller must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerAction {
    /// Send this sealed signal through the relay (`SyncClient::send_signal`).
    Signal(Vec<u8>),
    /// Create a peer connection with a data channel for `peer`, make an offer, set it
    /// as the local description and hand it to [`Mesh::local_offer`].
    CreateOffer { peer: DeviceId, session: u64 },
    /// Create a peer connection for `peer`, set this offer, make an answer, set it
    /// as the local description and hand it to [`Mesh::local_answer`].
    AcceptOffer {
        peer: DeviceId,
        session: u64,
        sdp: String,
    },
    /// Set this answer as the remote description.
    AcceptAnswer {
        peer: DeviceId,
        session: u64,
        sdp: String,
    },
    /// Add the peer's ICE candidate (once the remote description is set).
    AddCandidate {
        peer: DeviceId,
        session: u64,
        candidate: String,
    },
    /// Send these bytes on the data channel.
    Send {
        peer: DeviceId,
        session: u64,
        bytes: Vec<u8>,
    },
    /// Close the peer connection of this attempt and forget it.
    Close { peer: DeviceId, session: u64 },
}

/// What happened, for the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerEvent {
    /// The peer proved it is of the team; sync runs.
    Connected(DeviceId),
    /// A connected link closed (the mesh retries with backoff).
    Disconnected(DeviceId),
    /// The peer failed the handshake or sent something that does not open with
    /// the team's keys: the link is closed and not retried.
    Refused { peer: DeviceId, error: SyncError },
    /// The document changed with what the peer sent: persist it and refresh the screens.
    Changed(DeviceId),
}

/// How a link looks from outside (the Configurações list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    /// Online through the relay; a direct connection is being opened.
    Connecting,
    /// Connected directly.
    Direct,
    /// Online through the relay, a direct connection failed; retrying later.
    Waiting,
    /// Failed the handshake: not a member of the team.
    Refused,
}

#[derive(Debug)]
enum Phase {
    /// Known, no attempt running; the next one at `retry_at` (if any).
    Idle {
        retry_at: Option<u64>,
    },
    /// We asked for an offer (`sent`: it went out through the relay).
    Offering {
        session: u64,
        since: u64,
        sent: bool,
        answered: bool,
    },
    /// We are answering its offer.
    Answering {
        session: u64,
        since: u64,
        sent: bool,
    },
    /// The channel is open; proving keys.
    Handshake {
        session: u64,
        since: u64,
        ours: [u8; 32],
        theirs: Option<[u8; 32]>,
        proved: bool,
        early: Vec<Vec<u8>>,
    },
    Connected {
        session: u64,
        key: [u8; 32],
        last_heard: u64,
        last_refresh: u64,
    },
    Refused,
}

#[derive(Debug)]
struct Link {
    phase: Phase,
    sync: SyncState,
    backoff: Backoff,
    failures: u32,
    /// Our ICE candidates gathered before our offer or answer went out.
    candidates: Vec<String>,
}

impl Link {
    fn new() -> Self {
        Self {
            phase: Phase::Idle { retry_at: None },
            sync: SyncState::new(),
            backoff: Backoff::new(),
            failures: 0,
            candidates: Vec::new(),
        }
    }

    fn session(&self) -> Option<u64> {
        match self.phase {
            Phase::Offering { session, .. }
            | Phase::Answering { session, .. }
            | Phase::Handshake { session, .. }
            | Phase::Connected { session, .. } => Some(session),
            Phase::Idle { .. } | Phase::Refused => None,
        }
    }

    fn state(&self) -> LinkState {
        match self.phase {
            Phase::Connected { .. } => LinkState::Direct,
            Phase::Refused => LinkState::Refused,
            Phase::Idle { .. } => LinkState::Waiting,
            _ => LinkState::Connecting,
        }
    }
}

fn random_bytes<const N: usize>() -> Result<[u8; N], SyncError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|_| SyncError::Random)?;
    Ok(bytes)
}

/// One device's links to the team's other devices (sans IO).
#[derive(Debug)]
pub struct Mesh {
    keys: TeamKeys,
    device: DeviceId,
    links: BTreeMap<DeviceId, Link>,
    actions: VecDeque<PeerAction>,
    events: VecDeque<PeerEvent>,
}

impl Mesh {
    /// The mesh of `device` in the team of `secret` (for the period of `epoch`, as
    /// [`TeamSecret::derive_epoch`]).
    pub fn new(secret: &TeamSecret, epoch: Option<&[u8; 32]>, device: DeviceId) -> Self {
        Self {
            keys: secret.derive_epoch(epoch),
            device,
            links: BTreeMap::new(),
            actions: VecDeque::new(),
            events: VecDeque::new(),
        }
    }

    /// This device.
    pub fn device(&self) -> DeviceId {
        self.device
    }

    /// The next action to carry out.
    pub fn poll_action(&mut self) -> Option<PeerAction> {
        self.actions.pop_front()
    }

    /// The next event.
    pub fn poll_event(&mut self) -> Option<PeerEvent> {
        self.events.pop_front()
    }

    /// Devices connected directly now.
    pub fn connected(&self) -> usize {
        self.links
            .values()
            .filter(|l| matches!(l.phase, Phase::Connected { .. }))
            .count()
    }

    /// Every device this one knows to be online, and how it is linked.
    pub fn peers(&self) -> Vec<(DeviceId, LinkState)> {
        self.links.iter().map(|(d, l)| (*d, l.state())).collect()
    }

    fn signal(&mut self, to: Option<DeviceId>, session: u64, kind: SignalKind) {
        let signal = Signal {
            from: self.device,
            to,
            session,
            kind,
        };
        // A signal too large to seal (an absurd SDP) is dropped; the attempt times out.
        if let Ok(sealed) = signal.seal(&self.keys) {
            self.actions.push_back(PeerAction::Signal(sealed));
        }
    }

    /// Tells the room's devices online now that this one is here: call when the relay
    /// connection catches up.
    pub fn announce(&mut self) {
        self.signal(None, 0, SignalKind::Announce);
    }

    /// Leaves cleanly (page hidden, offline, closing): tells the others and closes
    /// every link.
    pub fn leave(&mut self) {
        self.signal(None, 0, SignalKind::Bye);
        let peers: Vec<DeviceId> = self.links.keys().copied().collect();
        for peer in peers {
            self.drop_link(peer);
        }
    }

    fn drop_link(&mut self, peer: DeviceId) {
        if let Some(link) = self.links.remove(&peer) {
            if let Some(session) = link.session() {
                self.actions.push_back(PeerAction::Close { peer, session });
            }
            if matches!(link.phase, Phase::Connected { .. }) {
                self.events.push_back(PeerEvent::Disconnected(peer));
            }
        }
    }

    fn start_offer(&mut self, peer: DeviceId, now: u64) -> Result<(), SyncError> {
        let session = u64::from_be_bytes(random_bytes::<8>()?);
        let Some(link) = self.links.get_mut(&peer) else {
            return Ok(());
        };
        if let Some(old) = link.session() {
            self.actions
                .push_back(PeerAction::Close { peer, session: old });
        }
        link.candidates.clear();
        link.phase = Phase::Offering {
            session,
            since: now,
            sent: false,
            answered: false,
        };
        self.actions
            .push_back(PeerAction::CreateOffer { peer, session });
        Ok(())
    }

    /// A link to `peer`, created when there is room for it.
    fn link(&mut self, peer: DeviceId) -> bool {
        if self.links.contains_key(&peer) {
            return true;
        }
        if self.links.len() >= MAX_PEERS {
            return false;
        }
        self.links.insert(peer, Link::new());
        true
    }

    /// Handles a sealed signal the relay forwarded (`SyncEvent::Signal`). One that does
    /// not open with the team's keys is an error and changes nothing.
    pub fn handle_signal(&mut self, sealed: &[u8], now: u64) -> Result<(), SyncError> {
        let signal = Signal::open(&self.keys, sealed)?;
        let from = signal.from;
        if from == self.device || signal.to.is_some_and(|to| to != self.device) {
            return Ok(());
        }
        if signal.kind == SignalKind::Bye {
            self.drop_link(from);
            return Ok(());
        }
        if !self.link(from) {
            return Ok(());
        }
        let lower = self.device < from;
        let Some(link) = self.links.get_mut(&from) else {
            return Ok(());
        };
        if matches!(link.phase, Phase::Refused) {
            return Ok(());
        }
        match signal.kind {
            SignalKind::Announce => {
                let broadcast = signal.to.is_none();
                let connected = matches!(link.phase, Phase::Connected { .. });
                let running = link.session().is_some() && !connected;
                if connected {
                    // Already linked; a fresh announce from it means its relay socket
                    // reconnected, not that our channel broke.
                } else if lower {
                    // A broadcast restarts an attempt (the other side may have lost
                    // it); a directed one only starts one.
                    if broadcast || !running {
                        link.backoff.reset();
                        link.failures = 0;
                        self.start_offer(from, now)?;
                    }
                } else if broadcast {
                    // Our turn to be offered to: tell it we are here.
                    self.signal(Some(from), 0, SignalKind::Announce);
                }
            }
            SignalKind::Offer(sdp) => {
                if lower {
                    return Ok(());
                }
                if link.session() == Some(signal.session) {
                    return Ok(());
                }
                if let Some(old) = link.session() {
                    if matches!(link.phase, Phase::Connected { .. }) {
                        self.events.push_back(PeerEvent::Disconnected(from));
                    }
                    self.actions.push_back(PeerAction::Close {
                        peer: from,
                        session: old,
                    });
                }
                link.candidates.clear();
                link.phase = Phase::Answering {
                    session: signal.session,
                    since: now,
                    sent: false,
                };
                self.actions.push_back(PeerAction::AcceptOffer {
                    peer: from,
                    session: signal.session,
                    sdp,
                });
            }
            SignalKind::Answer(sdp) => {
                if let Phase::Offering {
                    session, answered, ..
                } = &mut link.phase
                {
                    if *session == signal.session && !*answered {
                        *answered = true;
                        self.actions.push_back(PeerAction::AcceptAnswer {
                            peer: from,
                            session: signal.session,
                            sdp,
                        });
                    }
                }
            }
            SignalKind::Candidate(candidate) => {
                let attempting = matches!(
                    link.phase,
                    Phase::Offering { .. } | Phase::Answering { .. } | Phase::Handshake { .. }
                );
                if attempting && link.session() == Some(signal.session) {
                    self.actions.push_back(PeerAction::AddCandidate {
                        peer: from,
                        session: signal.session,
                        candidate,
                    });
                }
            }
            SignalKind::Bye => {}
        }
        Ok(())
    }

    /// Our offer for the attempt `session` (after `setLocalDescription`).
    pub fn local_offer(&mut self, peer: DeviceId, session: u64, sdp: String) {
        self.local_description(peer, session, SignalKind::Offer(sdp));
    }

    /// Our answer for the attempt `session` (after `setLocalDescription`).
    pub fn local_answer(&mut self, peer: DeviceId, session: u64, sdp: String) {
        self.local_description(peer, session, SignalKind::Answer(sdp));
    }

    fn local_description(&mut self, peer: DeviceId, session: u64, kind: SignalKind) {
        let Some(link) = self.links.get_mut(&peer) else {
            return;
        };
        let sent = match (&mut link.phase, &kind) {
            (
                Phase::Offering {
                    session: s, sent, ..
                },
                SignalKind::Offer(_),
            )
            | (
                Phase::Answering {
                    session: s, sent, ..
                },
                SignalKind::Answer(_),
            ) if *s == session => sent,
            _ => return,
        };
        *sent = true;
        let candidates = std::mem::take(&mut link.candidates);
        self.signal(Some(peer), session, kind);
        for candidate in candidates {
            self.signal(Some(peer), session, SignalKind::Candidate(candidate));
        }
    }

    /// One of our ICE candidates for the attempt `session`.
    pub fn local_candidate(&mut self, peer: DeviceId, session: u64, candidate: String) {
        let Some(link) = self.links.get_mut(&peer) else {
            return;
        };
        if link.session() != Some(session) {
            return;
        }
        let described = match link.phase {
            Phase::Offering { sent, .. } | Phase::Answering { sent, .. } => sent,
            _ => true,
        };
        if described {
            self.signal(Some(peer), session, SignalKind::Candidate(candidate));
        } else {
            link.candidates.push(candidate);
        }
    }
}
