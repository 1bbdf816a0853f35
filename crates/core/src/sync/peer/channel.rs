//! The data-channel half of [`Mesh`]: the handshake when a channel opens,
//! Automerge's sync messages once it is proven, closing and retrying with
//! backoff, and the timer that gives up slow attempts and re-asks quiet peers.

use automerge::sync::State as SyncState;

use super::handshake::{self, PeerFrame, PEER_PROTOCOL};
use super::{
    random_bytes, Mesh, PeerAction, PeerDoc, PeerEvent, Phase, SignalKind, CONNECT_TIMEOUT_MS,
    EARLY_FRAMES, MAX_FAILURES, RESYNC_MS,
};
use crate::sync::keys::DeviceId;
use crate::sync::SyncError;

impl Mesh {
    /// The data channel of the attempt `session` opened: the handshake starts.
    pub fn channel_open(
        &mut self,
        peer: DeviceId,
        session: u64,
        now: u64,
    ) -> Result<(), SyncError> {
        let ours = random_bytes::<32>()?;
        let Some(link) = self.links.get_mut(&peer) else {
            return Ok(());
        };
        let attempting = matches!(link.phase, Phase::Offering { .. } | Phase::Answering { .. });
        if !attempting || link.session() != Some(session) {
            return Ok(());
        }
        link.phase = Phase::Handshake {
            session,
            since: now,
            ours,
            theirs: None,
            proved: false,
            early: Vec::new(),
        };
        let hello = PeerFrame::Hello {
            protocol: PEER_PROTOCOL,
            device: self.device,
            nonce: ours,
        };
        self.actions.push_back(PeerAction::Send {
            peer,
            session,
            bytes: hello.encode(),
        });
        Ok(())
    }

    /// The data channel of the attempt `session` closed (or failed): retried later.
    pub fn channel_closed(&mut self, peer: DeviceId, session: u64, now: u64) {
        let Some(link) = self.links.get_mut(&peer) else {
            return;
        };
        if link.session() != Some(session) {
            return;
        }
        if matches!(link.phase, Phase::Connected { .. }) {
            self.events.push_back(PeerEvent::Disconnected(peer));
        } else {
            link.failures += 1;
        }
        self.retry_later(peer, session, now);
    }

    fn retry_later(&mut self, peer: DeviceId, session: u64, now: u64) {
        self.actions.push_back(PeerAction::Close { peer, session });
        let Some(link) = self.links.get_mut(&peer) else {
            return;
        };
        if link.failures > MAX_FAILURES {
            self.links.remove(&peer);
            return;
        }
        let jitter = random_bytes::<4>().map(u32::from_be_bytes).unwrap_or(0);
        let delay = u64::from(link.backoff.next_delay_ms(jitter));
        link.phase = Phase::Idle {
            retry_at: Some(now + delay),
        };
    }

    fn refuse(&mut self, peer: DeviceId, error: SyncError) {
        if let Some(link) = self.links.get_mut(&peer) {
            if let Some(session) = link.session() {
                self.actions.push_back(PeerAction::Close { peer, session });
            }
            if matches!(link.phase, Phase::Connected { .. }) {
                self.events.push_back(PeerEvent::Disconnected(peer));
            }
            link.phase = Phase::Refused;
        }
        self.events.push_back(PeerEvent::Refused { peer, error });
    }

    /// A message on the data channel of the attempt `session`. A peer that fails the
    /// handshake or sends what does not open is refused (and not retried).
    pub fn channel_message(
        &mut self,
        peer: DeviceId,
        session: u64,
        bytes: &[u8],
        doc: &mut impl PeerDoc,
        now: u64,
    ) {
        let Some(link) = self.links.get(&peer) else {
            return;
        };
        if link.session() != Some(session) {
            return;
        }
        let frame = match PeerFrame::decode(bytes) {
            Ok(frame) => frame,
            Err(error) => return self.refuse(peer, error),
        };
        let attempting = matches!(link.phase, Phase::Offering { .. } | Phase::Answering { .. });
        if attempting && matches!(frame, PeerFrame::Hello { .. }) {
            // The other side's channel opened first and its greeting beat our own open
            // event: the channel is open.
            if let Err(error) = self.channel_open(peer, session, now) {
                return self.refuse(peer, error);
            }
        }
        if let Err(error) = self.handle_frame(peer, session, frame, doc, now) {
            self.refuse(peer, error);
        }
    }

    fn handle_frame(
        &mut self,
        peer: DeviceId,
        session: u64,
        frame: PeerFrame,
        doc: &mut impl PeerDoc,
        now: u64,
    ) -> Result<(), SyncError> {
        let me = self.device;
        let keys = self.keys.clone();
        let Some(link) = self.links.get_mut(&peer) else {
            return Ok(());
        };
        let refused = SyncError::Tampered;
        match (&mut link.phase, frame) {
            (
                Phase::Handshake { ours, theirs, .. },
                PeerFrame::Hello {
                    protocol,
                    device,
                    nonce,
                },
            ) => {
                if protocol != PEER_PROTOCOL {
                    return Err(SyncError::MalformedFrame(
                        "o outro aparelho usa outra versão do aplicativo",
                    ));
                }
                if device != peer || theirs.is_some_and(|t| t != nonce) {
                    return Err(refused);
                }
                *theirs = Some(nonce);
                let mac = handshake::proof(&keys, &me, &peer, &nonce, ours);
                self.actions.push_back(PeerAction::Send {
                    peer,
                    session,
                    bytes: PeerFrame::Proof { mac }.encode(),
                });
            }
            (
                Phase::Handshake {
                    ours,
                    theirs,
                    proved,
                    ..
                },
                PeerFrame::Proof { mac },
            ) => {
                let Some(their_nonce) = theirs else {
                    return Err(refused);
                };
                if !handshake::verify(&keys, &peer, &me, ours, their_nonce, &mac) {
                    return Err(refused);
                }
                *proved = true;
            }
            (Phase::Handshake { early, .. }, PeerFrame::Sync { sealed }) => {
                if early.len() < EARLY_FRAMES {
                    early.push(sealed);
                }
            }
            (Phase::Connected { .. }, PeerFrame::Hello { .. } | PeerFrame::Proof { .. }) => {
                // A duplicate of the handshake: nothing new.
            }
            (
                Phase::Connected {
                    key, last_heard, ..
                },
                PeerFrame::Sync { sealed },
            ) => {
                *last_heard = now;
                let key = *key;
                return self.receive(peer, &key, &sealed, doc, now);
            }
            _ => return Ok(()),
        }
        self.finish_handshake(peer, doc, now)
    }

    /// Moves a link whose handshake is complete to `Connected` and starts syncing.
    fn finish_handshake(
        &mut self,
        peer: DeviceId,
        doc: &mut impl PeerDoc,
        now: u64,
    ) -> Result<(), SyncError> {
        let me = self.device;
        let Some(link) = self.links.get_mut(&peer) else {
            return Ok(());
        };
        let Phase::Handshake {
            session,
            ours,
            theirs: Some(theirs),
            proved: true,
            early,
            ..
        } = &mut link.phase
        else {
            return Ok(());
        };
        let key = handshake::session_key(&self.keys, (&me, ours), (&peer, theirs));
        let session = *session;
        let early = std::mem::take(early);
        link.phase = Phase::Connected {
            session,
            key,
            last_heard: now,
            last_refresh: now,
        };
        // What the peer had is learnt anew on each connection; only the heads known
        // to be shared carry over.
        let shared = std::mem::take(&mut link.sync.shared_heads);
        link.sync = SyncState::new();
        link.sync.shared_heads = shared;
        link.backoff.reset();
        link.failures = 0;
        self.events.push_back(PeerEvent::Connected(peer));
        for sealed in early {
            self.receive(peer, &key, &sealed, doc, now)?;
        }
        self.send_sync(peer, doc, false);
        Ok(())
    }

    fn receive(
        &mut self,
        peer: DeviceId,
        key: &[u8; 32],
        sealed: &[u8],
        doc: &mut impl PeerDoc,
        now: u64,
    ) -> Result<(), SyncError> {
        let plain = handshake::open_message(key, &peer, &self.device, sealed)?;
        let Some((&flags, message)) = plain.split_first() else {
            return Err(SyncError::MalformedFrame(
                "mensagem de outro aparelho vazia",
            ));
        };
        let Some(link) = self.links.get_mut(&peer) else {
            return Ok(());
        };
        let before = doc.sync_heads();
        let want_reply = flags & 1 == 1;
        if want_reply {
            // The peer missed something: what we think we sent may never have arrived.
            link.sync.sent_hashes.clear();
        }
        doc.receive_sync_message(&mut link.sync, message)?;
        if let Phase::Connected { last_heard, .. } = &mut link.phase {
            *last_heard = now;
        }
        let changed = doc.sync_heads() != before;
        if changed {
            self.events.push_back(PeerEvent::Changed(peer));
        }
        // Bit 0: the peer asks for an answer even if we have nothing new.
        self.send_sync(peer, doc, want_reply);
        if changed {
            // Other peers may lack what this one brought.
            self.sync_all(doc);
        }
        Ok(())
    }

    /// Generates and sends a sync message to `peer` if there is anything to say (or
    /// always, with `force`).
    fn send_sync(&mut self, peer: DeviceId, doc: &mut impl PeerDoc, force: bool) {
        self.send_sync_flagged(peer, doc, force, false);
    }

    fn send_sync_flagged(
        &mut self,
        peer: DeviceId,
        doc: &mut impl PeerDoc,
        force: bool,
        want_reply: bool,
    ) {
        let me = self.device;
        let Some(link) = self.links.get_mut(&peer) else {
            return;
        };
        let Phase::Connected { session, key, .. } = link.phase else {
            return;
        };
        let mut message = doc.generate_sync_message(&mut link.sync);
        if message.is_none() && force {
            // Makes Automerge restate our heads.
            link.sync.have_responded = false;
            link.sync.last_sent_heads.clear();
            message = doc.generate_sync_message(&mut link.sync);
        }
        let Some(message) = message else {
            return;
        };
        let mut plain = Vec::with_capacity(1 + message.len());
        plain.push(u8::from(want_reply));
        plain.extend_from_slice(&message);
        if let Ok(sealed) = handshake::seal_message(&key, &me, &peer, &plain) {
            self.actions.push_back(PeerAction::Send {
                peer,
                session,
                bytes: PeerFrame::Sync { sealed }.encode(),
            });
        }
    }

    /// The document changed here (a local operation, or changes from the relay):
    /// sends every connected peer what it lacks.
    pub fn sync_all(&mut self, doc: &mut impl PeerDoc) {
        let peers: Vec<DeviceId> = self
            .links
            .iter()
            .filter(|(_, l)| matches!(l.phase, Phase::Connected { .. }))
            .map(|(d, _)| *d)
            .collect();
        for peer in peers {
            self.send_sync(peer, doc, false);
        }
    }

    /// Call every few hundred milliseconds: gives up attempts that take too long,
    /// starts the retries that are due, and asks a quiet peer again when it may not
    /// know our heads (a message lost or reordered).
    pub fn tick(&mut self, now: u64, doc: &mut impl PeerDoc) -> Result<(), SyncError> {
        let heads = doc.sync_heads();
        let mut expired = Vec::new();
        let mut due = Vec::new();
        let mut refresh = Vec::new();
        for (peer, link) in &mut self.links {
            match &mut link.phase {
                Phase::Offering { session, since, .. }
                | Phase::Answering { session, since, .. }
                | Phase::Handshake { session, since, .. }
                    if now.saturating_sub(*since) >= CONNECT_TIMEOUT_MS =>
                {
                    expired.push((*peer, *session));
                }
                Phase::Idle { retry_at: Some(at) } if *at <= now => due.push(*peer),
                Phase::Connected {
                    last_heard,
                    last_refresh,
                    ..
                } => {
                    let quiet = now.saturating_sub(*last_heard) >= RESYNC_MS
                        && now.saturating_sub(*last_refresh) >= RESYNC_MS;
                    if quiet && link.sync.their_heads.as_ref() != Some(&heads) {
                        *last_refresh = now;
                        refresh.push(*peer);
                    }
                }
                _ => {}
            }
        }
        for (peer, session) in expired {
            if let Some(link) = self.links.get_mut(&peer) {
                link.failures += 1;
            }
            self.retry_later(peer, session, now);
        }
        for peer in due {
            if self.device < peer {
                self.start_offer(peer, now)?;
            } else {
                self.signal(Some(peer), 0, SignalKind::Announce);
                if let Some(link) = self.links.get_mut(&peer) {
                    link.failures += 1;
                    let jitter = random_bytes::<4>().map(u32::from_be_bytes).unwrap_or(0);
                    let delay = u64::from(link.backoff.next_delay_ms(jitter));
                    let forget = link.failures > MAX_FAILURES;
                    link.phase = Phase::Idle {
                        retry_at: Some(now + CONNECT_TIMEOUT_MS + delay),
                    };
                    if forget {
                        self.links.remove(&peer);
                    }
                }
            }
        }
        for peer in refresh {
            if let Some(link) = self.links.get_mut(&peer) {
                // Whatever was lost is sent again.
                link.sync.sent_hashes.clear();
                link.sync.in_flight = false;
                link.sync.last_sent_heads.clear();
                // Automerge's own flag, so the peer also forgets what it thinks it sent.
                link.sync.needs_reset = true;
            }
            self.send_sync_flagged(peer, doc, true, true);
        }
        Ok(())
    }
}
