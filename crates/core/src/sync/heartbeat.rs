//! Noticing a dead connection: a network that drops a socket without closing it (a
//! Wi-Fi roam, a NAT timeout) leaves both ends waiting forever. While connected, the
//! device sends a `Ping` every interval and expects the relay's `Pong` (or any frame)
//! within a deadline; a missed deadline means the socket is dead and must be closed.
//! The relay hands both durations out in `Welcome`, so an operator (or a test) can
//! change them in one place.
//!
//! Sans IO: the caller passes the time in milliseconds of its own clock and owns the
//! timer (see [`super::SyncClient::tick`]).

/// The interval between round trips before the relay said otherwise (20 s).
pub const DEFAULT_INTERVAL_MS: u64 = 20_000;
/// How long an answer may take before the connection counts as dead (10 s); also the
/// deadline for the relay's `Welcome` after the socket opens.
pub const DEFAULT_TIMEOUT_MS: u64 = 10_000;

/// What the caller does after [`super::SyncClient::tick`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tick {
    /// All is well: call `tick` again within this many milliseconds (and send
    /// whatever `poll_transmit` has, a `Ping` perhaps).
    Wait { ms: u64 },
    /// A deadline passed without an answer: close the socket, call `disconnected`,
    /// and reconnect after the backoff delay.
    Dead,
    /// No socket: nothing to watch.
    Idle,
}

/// The round-trip bookkeeping of one connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heartbeat {
    pub interval_ms: u64,
    pub timeout_ms: u64,
    /// When the socket opened (the first tick after it did).
    opened_ms: Option<u64>,
    /// When a frame from the relay last arrived.
    last_heard_ms: Option<u64>,
    /// A frame arrived since the last tick (folded into `last_heard_ms` there).
    heard: bool,
    /// The ping waiting for its pong: (nonce, sent at).
    outstanding: Option<(u64, u64)>,
    next_nonce: u64,
    /// Ping at the next tick whatever the interval says (the page came back).
    probe: bool,
}

impl Default for Heartbeat {
    fn default() -> Self {
        Self {
            interval_ms: DEFAULT_INTERVAL_MS,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            opened_ms: None,
            last_heard_ms: None,
            heard: false,
            outstanding: None,
            next_nonce: 1,
            probe: false,
        }
    }
}

/// What [`Heartbeat::tick`] decided.
pub(crate) enum Beat {
    Wait(u64),
    Ping(u64),
    Dead,
}

impl Heartbeat {
    /// A socket opened (or closed): forget the previous connection's times.
    pub fn reset(&mut self) {
        self.opened_ms = None;
        self.last_heard_ms = None;
        self.heard = false;
        self.outstanding = None;
        self.probe = false;
    }

    /// A frame arrived.
    pub fn heard(&mut self) {
        self.heard = true;
    }

    /// The relay answered the ping `nonce`.
    pub fn pong(&mut self, nonce: u64) {
        self.heard = true;
        if self.outstanding.is_some_and(|(n, _)| n == nonce) {
            self.outstanding = None;
        }
    }

    /// The relay's durations, from `Welcome` (zeros keep the defaults).
    pub fn configure(&mut self, interval_ms: u64, timeout_ms: u64) {
        if interval_ms > 0 {
            self.interval_ms = interval_ms;
        }
        if timeout_ms > 0 {
            self.timeout_ms = timeout_ms;
        }
    }

    pub fn probe(&mut self) {
        self.probe = true;
    }

    /// Whether the relay was heard from within one interval and deadline.
    pub fn fresh(&self, now_ms: u64) -> bool {
        let heard = if self.heard {
            Some(now_ms)
        } else {
            self.last_heard_ms
        };
        heard.is_some_and(|t| now_ms.saturating_sub(t) <= self.interval_ms + self.timeout_ms)
    }

    /// Advances the clock; `welcomed` says whether the relay's `Welcome` came.
    pub fn tick(&mut self, now_ms: u64, welcomed: bool) -> Beat {
        let opened = *self.opened_ms.get_or_insert(now_ms);
        if std::mem::take(&mut self.heard) {
            self.last_heard_ms = Some(now_ms);
        }
        if !welcomed {
            let due = opened + self.timeout_ms;
            return if now_ms >= due {
                Beat::Dead
            } else {
                Beat::Wait(due - now_ms)
            };
        }
        if let Some((_, sent)) = self.outstanding {
            let due = sent + self.timeout_ms;
            // Any frame after the ping also proves the path works.
            if self.last_heard_ms.is_some_and(|t| t > sent) {
                self.outstanding = None;
            } else if now_ms >= due {
                return Beat::Dead;
            } else {
                return Beat::Wait(due - now_ms);
            }
        }
        let last = self.last_heard_ms.unwrap_or(opened);
        let due = last + self.interval_ms;
        if now_ms >= due || std::mem::take(&mut self.probe) {
            let nonce = self.next_nonce;
            self.next_nonce += 1;
            self.outstanding = Some((nonce, now_ms));
            return Beat::Ping(nonce);
        }
        Beat::Wait(due - now_ms)
    }
}
