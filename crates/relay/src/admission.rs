//! Who may take a connection or create a room, so that one anonymous client cannot
//! lock a relay up (docs/SYNC.md, section 5).
//!
//! - **Connections** are counted globally and per address. A connection that would
//!   go over either limit first closes the oldest connection (of that address, or
//!   anywhere) that has not opened a room yet: idle sockets cost their owner their
//!   place, never a team's. Only when every connection in the way is a team's is the
//!   new one refused.
//! - **New rooms** cost a proof of work, harder the more rooms the address created
//!   within the hour, and an address creates at most so many per hour.
//!
//! The address is the socket's, or the last one in `X-Forwarded-For` that is not a
//! trusted proxy when the socket comes from a configured trusted proxy.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::http::HeaderMap;
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::config::Limits;
use crate::metrics::Metrics;

/// How far back the per-address room count looks.
const ROOM_WINDOW: Duration = Duration::from_secs(3600);
/// The most extra bits the per-address surcharge adds to a room's proof of work.
const MAX_EXTRA_BITS: u8 = 4;

/// The address a connection counts against.
pub fn client_ip(peer: Option<SocketAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    let peer = peer
        .map(|p| p.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    if !trusted.contains(&peer) {
        return peer;
    }
    // Each proxy appends the address it got the request from; the last one that
    // is not a trusted proxy is the client as far as anyone trustworthy saw it.
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|part| part.trim().parse::<IpAddr>().ok())
        .collect::<Vec<_>>();
    forwarded
        .into_iter()
        .rev()
        .find(|ip| !trusted.contains(ip))
        .unwrap_or(peer)
}

/// Why a connection or a room was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// Every connection slot is held by a team.
    Full,
    /// This address holds all its slots with teams.
    PerIp,
}

#[derive(Debug)]
struct Open {
    ip: IpAddr,
    authenticated: bool,
    kick: Arc<Notify>,
}

#[derive(Debug, Default)]
struct State {
    /// Open connections by id (ids grow, so the first is the oldest).
    open: BTreeMap<u64, Open>,
    per_ip: HashMap<IpAddr, usize>,
    /// When each address created its recent rooms.
    creations: HashMap<IpAddr, VecDeque<Instant>>,
}

impl State {
    fn remove(&mut self, conn: u64) -> Option<Open> {
        let open = self.open.remove(&conn)?;
        if let Some(n) = self.per_ip.get_mut(&open.ip) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.per_ip.remove(&open.ip);
            }
        }
        Some(open)
    }

    /// Closes the oldest connection without a room, of `ip` or of anyone.
    fn evict(&mut self, ip: Option<IpAddr>) -> bool {
        let victim = self
            .open
            .iter()
            .find(|(_, o)| !o.authenticated && ip.is_none_or(|ip| o.ip == ip))
            .map(|(conn, _)| *conn);
        match victim.and_then(|conn| self.remove(conn)) {
            Some(open) => {
                open.kick.notify_one();
                true
            }
            None => false,
        }
    }
}

/// The admission bookkeeping shared by every connection.
#[derive(Debug)]
pub struct Admission {
    state: Mutex<State>,
    limits: Limits,
    metrics: Arc<Metrics>,
}

/// A connection's place; gives it back when dropped.
#[derive(Debug)]
pub struct Ticket {
    admission: Arc<Admission>,
    pub conn: u64,
    pub ip: IpAddr,
    /// Notified when the relay closes this connection to make space.
    pub kick: Arc<Notify>,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let removed = self.admission.lock().remove(self.conn).is_some();
        if removed {
            self.admission
                .metrics
                .connections
                .fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

impl Admission {
    pub fn new(limits: Limits, metrics: Arc<Metrics>) -> Self {
        Self {
            state: Mutex::new(State::default()),
            limits,
            metrics,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes a place for connection `conn` from `ip`, closing an idle one if that
    /// is what it takes.
    pub fn admit(self: &Arc<Self>, conn: u64, ip: IpAddr) -> Result<Ticket, Denied> {
        use std::sync::atomic::Ordering;
        let mut state = self.lock();
        let mut evicted = 0u64;
        let per_ip = state.per_ip.get(&ip).copied().unwrap_or(0);
        if per_ip >= self.limits.max_connections_per_ip.max(1) {
            if !state.evict(Some(ip)) {
                return Err(Denied::PerIp);
            }
            evicted += 1;
        }
        if state.open.len() >= self.limits.max_connections.max(1) {
            if !state.evict(None) {
                return Err(Denied::Full);
            }
            evicted += 1;
        }
        let kick = Arc::new(Notify::new());
        state.open.insert(
            conn,
            Open {
                ip,
                authenticated: false,
                kick: kick.clone(),
            },
        );
        *state.per_ip.entry(ip).or_insert(0) += 1;
        drop(state);
        for _ in 0..evicted {
            self.metrics.refusal("idle_evicted");
        }
        self.metrics
            .connections
            .fetch_sub(evicted, Ordering::Relaxed);
        self.metrics.connections.fetch_add(1, Ordering::Relaxed);
        self.metrics
            .connections_total
            .fetch_add(1, Ordering::Relaxed);
        Ok(Ticket {
            admission: self.clone(),
            conn,
            ip,
            kick,
        })
    }

    /// The connection opened a room: it is a team's and is never closed to make
    /// space.
    pub fn authenticated(&self, conn: u64) {
        if let Some(open) = self.lock().open.get_mut(&conn) {
            open.authenticated = true;
        }
    }

    /// The proof-of-work bits for a new room from `ip`, or `None` when the address
    /// created its hourly share already.
    pub fn room_bits(&self, ip: IpAddr) -> Option<u8> {
        let mut state = self.lock();
        let recent = prune(&mut state, ip);
        if recent >= self.limits.rooms_per_ip_per_hour as usize {
            return None;
        }
        let extra = u8::try_from(recent).unwrap_or(u8::MAX).min(MAX_EXTRA_BITS);
        Some(self.limits.room_proof_bits.saturating_add(extra))
    }

    /// Counts a room created by `ip`; false when that goes over its hourly share
    /// (another connection of the address got there first).
    pub fn room_created(&self, ip: IpAddr) -> bool {
        let mut state = self.lock();
        let recent = prune(&mut state, ip);
        if recent >= self.limits.rooms_per_ip_per_hour as usize {
            return false;
        }
        state
            .creations
            .entry(ip)
            .or_default()
            .push_back(Instant::now());
        true
    }
}

/// Drops creations older than the window; returns how many `ip` has left. Now and
/// then forgets addresses with none, so the map stays as small as the traffic.
fn prune(state: &mut State, ip: IpAddr) -> usize {
    let now = Instant::now();
    let old = |t: &Instant| now.duration_since(*t) > ROOM_WINDOW;
    if state.creations.len() > 4096 {
        state.creations.retain(|_, times| {
            times.retain(|t| !old(t));
            !times.is_empty()
        });
    }
    match state.creations.get_mut(&ip) {
        Some(times) => {
            while times.front().is_some_and(old) {
                times.pop_front();
            }
            times.len()
        }
        None => 0,
    }
}
