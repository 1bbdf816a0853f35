//! A simulated room for peer-to-peer tests: a relay that forwards sealed signals
//! (late, duplicated, reordered, or not at all while it is down) and WebRTC data
//! channels that open once offer and answer are exchanged and then lose,
//! duplicate and reorder sync messages as asked. Nothing here knows the protocol
//! beyond carrying out `PeerAction`s as the browser glue would.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ReadDoc, ROOT};
use retaguarda_core::sync::{DeviceId, Mesh, PeerAction, PeerEvent, TeamSecret};

/// How unreliable the simulated world is.
#[derive(Debug, Clone, Copy, Default)]
pub struct Weather {
    /// Per mille of data-channel sync messages lost.
    pub drop: u64,
    /// Per mille of messages and signals delivered twice.
    pub duplicate: u64,
    /// Largest random extra latency (ms): messages overtake each other.
    pub jitter: u64,
}

pub struct Device {
    pub id: DeviceId,
    pub mesh: Mesh,
    pub doc: AutoCommit,
    pub online: bool,
    pub events: Vec<PeerEvent>,
    /// Open attempts: (peer, session) → whether our side has both descriptions.
    pcs: BTreeMap<(DeviceId, u64), bool>,
}

struct Packet {
    at: u64,
    to: usize,
    what: Payload,
}

enum Payload {
    Signal(Vec<u8>),
    Data {
        from: DeviceId,
        session: u64,
        bytes: Vec<u8>,
    },
    Closed {
        from: DeviceId,
        session: u64,
    },
    Open {
        from: DeviceId,
        session: u64,
    },
}

pub struct World {
    pub devices: Vec<Device>,
    pub now: u64,
    pub relay_up: bool,
    pub weather: Weather,
    rng: u64,
    queue: Vec<Packet>,
    /// Channels open on both sides: (low index, high index, session).
    open: BTreeSet<(usize, usize, u64)>,
    pub data_messages: u64,
    pub dropped: u64,
}

/// A device id that orders devices by their index (the lower offers).
pub fn device_id(n: u8) -> DeviceId {
    let mut id = [0u8; 16];
    id[0] = n + 1;
    DeviceId(id)
}

impl World {
    pub fn new(secret: &TeamSecret, count: u8, weather: Weather, seed: u64) -> Self {
        let devices = (0..count)
            .map(|n| {
                let id = device_id(n);
                let mut doc = AutoCommit::new();
                doc.set_actor(automerge::ActorId::from(id.0.to_vec()));
                Device {
                    id,
                    mesh: Mesh::new(secret, None, id),
                    doc,
                    online: true,
                    events: Vec::new(),
                    pcs: BTreeMap::new(),
                }
            })
            .collect();
        Self {
            devices,
            now: 1_000,
            relay_up: true,
            weather,
            rng: seed | 1,
            queue: Vec::new(),
            open: BTreeSet::new(),
            data_messages: 0,
            dropped: 0,
        }
    }

    fn random(&mut self) -> u64 {
        // xorshift64*: reproducible per seed.
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        self.rng.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn chance(&mut self, per_mille: u64) -> bool {
        per_mille > 0 && self.random() % 1000 < per_mille
    }

    fn index(&self, id: DeviceId) -> Option<usize> {
        self.devices.iter().position(|d| d.id == id)
    }

    fn push(&mut self, to: usize, what: Payload, extra: u64) {
        let jitter = if self.weather.jitter > 0 {
            self.random() % self.weather.jitter
        } else {
            0
        };
        self.queue.push(Packet {
            at: self.now + 10 + extra + jitter,
            to,
            what,
        });
    }

    /// Every device announces itself (its relay connection caught up).
    pub fn announce_all(&mut self) {
        for d in &mut self.devices {
            if d.online {
                d.mesh.announce();
            }
        }
    }

    /// A local edit on device `i`: one key set in the root map.
    pub fn edit(&mut self, i: usize, key: &str, value: i64) {
        let d = &mut self.devices[i];
        d.doc.put(ROOT, key, value).expect("put");
        d.doc.commit();
        d.mesh.sync_all(&mut d.doc);
    }

    pub fn value(&self, i: usize, key: &str) -> Option<i64> {
        match self.devices[i].doc.get(ROOT, key).expect("get") {
            Some((automerge::Value::Scalar(s), _)) => s.as_i64(),
            _ => None,
        }
    }

    pub fn heads(&mut self, i: usize) -> Vec<automerge::ChangeHash> {
        self.devices[i].doc.get_heads()
    }

    /// All the listed devices hold the same document.
    pub fn converged(&mut self, which: &[usize]) -> bool {
        let first = self.heads(which[0]);
        which.iter().all(|&i| self.heads(i) == first)
    }

    /// Every listed device is connected directly to every other listed one.
    pub fn meshed(&self, which: &[usize]) -> bool {
        which
            .iter()
            .all(|&i| self.devices[i].mesh.connected() >= which.len() - 1)
    }

    /// Closes the channel between `a` and `b` from outside (a network hiccup).
    pub fn cut(&mut self, a: usize, b: usize) {
        let (lo, hi) = (a.min(b), a.max(b));
        let sessions: Vec<u64> = self
            .open
            .iter()
            .filter(|(x, y, _)| *x == lo && *y == hi)
            .map(|(_, _, s)| *s)
            .collect();
        for session in sessions {
            self.open.remove(&(lo, hi, session));
            let (ida, idb) = (self.devices[a].id, self.devices[b].id);
            self.devices[a].pcs.remove(&(idb, session));
            self.devices[b].pcs.remove(&(ida, session));
            let now = self.now;
            self.devices[a].mesh.channel_closed(idb, session, now);
            self.devices[b].mesh.channel_closed(ida, session, now);
        }
    }

    /// Takes a device off the network as the app does: it says goodbye through the
    /// relay and closes its channels, then hears nothing.
    pub fn go_offline(&mut self, i: usize) {
        self.devices[i].mesh.leave();
        self.drain_actions();
        for j in 0..self.devices.len() {
            if j != i {
                self.cut(i, j);
            }
        }
        self.devices[i].online = false;
    }

    /// Advances the simulated time by `ms` in steps of 50 ms.
    pub fn run(&mut self, ms: u64) {
        let end = self.now + ms;
        while self.now < end {
            self.now += 50;
            self.step();
        }
    }

    /// Runs until `done` holds or `limit_ms` pass; the time it took.
    pub fn run_until(
        &mut self,
        limit_ms: u64,
        mut done: impl FnMut(&mut World) -> bool,
    ) -> Option<u64> {
        let start = self.now;
        while self.now - start < limit_ms {
            if done(self) {
                return Some(self.now - start);
            }
            self.now += 50;
            self.step();
        }
        done(self).then_some(self.now - start)
    }

    fn step(&mut self) {
        let now = self.now;
        for d in &mut self.devices {
            if d.online {
                d.mesh.tick(now, &mut d.doc).expect("tick");
            }
        }
        self.drain_actions();
        let mut due: Vec<Packet> = Vec::new();
        let mut later = Vec::new();
        for p in std::mem::take(&mut self.queue) {
            if p.at <= now {
                due.push(p);
            } else {
                later.push(p);
            }
        }
        self.queue = later;
        due.sort_by_key(|p| p.at);
        for p in due {
            self.deliver(p);
            self.drain_actions();
        }
    }

    fn deliver(&mut self, p: Packet) {
        let now = self.now;
        let d = &mut self.devices[p.to];
        if !d.online {
            return;
        }
        match p.what {
            Payload::Signal(blob) => {
                d.mesh
                    .handle_signal(&blob, now)
                    .expect("a team signal opens");
            }
            Payload::Open { from, session } => {
                if d.pcs.contains_key(&(from, session)) {
                    d.mesh.channel_open(from, session, now).expect("open");
                }
            }
            Payload::Data {
                from,
                session,
                bytes,
            } => {
                if d.pcs.contains_key(&(from, session)) {
                    d.mesh
                        .channel_message(from, session, &bytes, &mut d.doc, now);
                }
            }
            Payload::Closed { from, session } => {
                if d.pcs.remove(&(from, session)).is_some() {
                    d.mesh.channel_closed(from, session, now);
                }
            }
        }
        while let Some(e) = self.devices[p.to].mesh.poll_event() {
            self.devices[p.to].events.push(e);
        }
    }

    fn drain_actions(&mut self) {
        loop {
            let mut any = false;
            for i in 0..self.devices.len() {
                while let Some(e) = self.devices[i].mesh.poll_event() {
                    self.devices[i].events.push(e);
                }
                while let Some(action) = self.devices[i].mesh.poll_action() {
                    any = true;
                    self.act(i, action);
                }
            }
            if !any {
                return;
            }
        }
    }

    fn act(&mut self, i: usize, action: PeerAction) {
        let me = self.devices[i].id;
        match action {
            PeerAction::Signal(blob) => {
                if !self.relay_up || !self.devices[i].online {
                    return;
                }
                for j in 0..self.devices.len() {
                    if j != i && self.devices[j].online {
                        let copies = if self.chance(self.weather.duplicate) {
                            2
                        } else {
                            1
                        };
                        for c in 0..copies {
                            self.push(j, Payload::Signal(blob.clone()), c * 40);
                        }
                    }
                }
            }
            PeerAction::CreateOffer { peer, session } => {
                self.devices[i].pcs.insert((peer, session), false);
                let d = &mut self.devices[i];
                d.mesh
                    .local_candidate(peer, session, format!("host {i} early"));
                d.mesh.local_offer(peer, session, format!("offer from {i}"));
                d.mesh.local_candidate(peer, session, format!("host {i}"));
            }
            PeerAction::AcceptOffer { peer, session, .. } => {
                self.devices[i].pcs.insert((peer, session), true);
                let d = &mut self.devices[i];
                d.mesh
                    .local_answer(peer, session, format!("answer from {i}"));
                d.mesh.local_candidate(peer, session, format!("host {i}"));
            }
            PeerAction::AcceptAnswer { peer, session, .. } => {
                let Some(j) = self.index(peer) else { return };
                if let Some(ready) = self.devices[i].pcs.get_mut(&(peer, session)) {
                    *ready = true;
                } else {
                    return;
                }
                if self.devices[j].pcs.get(&(me, session)) == Some(&true) {
                    self.open.insert((i.min(j), i.max(j), session));
                    self.push(
                        i,
                        Payload::Open {
                            from: peer,
                            session,
                        },
                        0,
                    );
                    self.push(j, Payload::Open { from: me, session }, 0);
                }
            }
            PeerAction::AddCandidate { .. } => {}
            PeerAction::Send {
                peer,
                session,
                bytes,
            } => {
                let Some(j) = self.index(peer) else { return };
                if !self.open.contains(&(i.min(j), i.max(j), session)) {
                    return;
                }
                self.data_messages += 1;
                // Only sync messages (0x03) are lost or reordered: WebRTC's reliable
                // channel keeps the handshake's two frames in order, and a channel that
                // loses them simply dies (tested separately by cutting it).
                let is_sync = bytes.first() == Some(&0x03);
                if is_sync && self.chance(self.weather.drop) {
                    self.dropped += 1;
                    return;
                }
                let copies = if is_sync && self.chance(self.weather.duplicate) {
                    2
                } else {
                    1
                };
                for c in 0..copies {
                    let extra = if is_sync { c * 30 } else { 0 };
                    let what = Payload::Data {
                        from: me,
                        session,
                        bytes: bytes.clone(),
                    };
                    if is_sync {
                        self.push(j, what, extra);
                    } else {
                        // Handshake frames keep their order: no jitter.
                        self.queue.push(Packet {
                            at: self.now + 10,
                            to: j,
                            what,
                        });
                    }
                }
            }
            PeerAction::Close { peer, session } => {
                self.devices[i].pcs.remove(&(peer, session));
                let Some(j) = self.index(peer) else { return };
                if self.open.remove(&(i.min(j), i.max(j), session))
                    || self.devices[j].pcs.contains_key(&(me, session))
                {
                    self.push(j, Payload::Closed { from: me, session }, 0);
                }
            }
        }
    }
}
