//! Reconnection delays: exponential backoff with full jitter, capped, reset
//! once a connection reaches the relay and catches up. Pure arithmetic: the
//! caller supplies the random number and owns the timer.

/// First delay ceiling (milliseconds).
pub const BASE_MS: u32 = 500;
/// Largest delay (milliseconds).
pub const MAX_MS: u32 = 15_000;

/// Reconnection attempts since the last successful catch-up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Backoff {
    attempt: u32,
}

impl Backoff {
    /// A fresh backoff (the next delay is short).
    pub fn new() -> Self {
        Self::default()
    }

    /// The delay before the next attempt, in milliseconds: uniform in
    /// `[ceiling / 2, ceiling]` where the ceiling doubles per failed attempt
    /// up to [`MAX_MS`]. `random` is any random `u32` (e.g. from
    /// `getrandom` or `Math.random()`), so devices do not reconnect in step.
    pub fn next_delay_ms(&mut self, random: u32) -> u32 {
        let ceiling = BASE_MS
            .saturating_mul(1u32.checked_shl(self.attempt.min(16)).unwrap_or(u32::MAX))
            .min(MAX_MS);
        self.attempt = self.attempt.saturating_add(1);
        let half = ceiling / 2;
        half + random % (ceiling - half + 1)
    }

    /// Call after `SyncEvent::CaughtUp`: the connection works again.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }

    /// Failed attempts so far.
    pub fn attempts(&self) -> u32 {
        self.attempt
    }
}
