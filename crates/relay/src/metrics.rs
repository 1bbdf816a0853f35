//! Counters for `/metrics` in the Prometheus text format.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use retaguarda_core::sync::ErrorCode;

use crate::store::Totals;

/// Process-wide counters; gauges of stored data come from the database.
#[derive(Debug, Default)]
pub struct Metrics {
    pub connections: AtomicU64,
    pub connections_total: AtomicU64,
    pub appends_total: AtomicU64,
    pub bytes_in_total: AtomicU64,
    pub blobs_out_total: AtomicU64,
    /// Write transactions committed; appends per commit is the group size.
    pub commits_total: AtomicU64,
    /// Time spent in write transactions (open to commit), microseconds.
    store_commit_micros: AtomicU64,
    store_commits_timed: AtomicU64,
    /// Time spent reading blobs (catch-up, other nodes' blobs), microseconds.
    store_read_micros: AtomicU64,
    store_reads_total: AtomicU64,
    /// Rooms whose session with the cloud relay (`--upstream`) is caught up.
    pub upstream_rooms_live: AtomicU64,
    /// Blobs sent to the cloud relay, and stored here from it.
    pub upstream_pushed_total: AtomicU64,
    pub upstream_pulled_total: AtomicU64,
    errors: Mutex<BTreeMap<&'static str, u64>>,
    refusals: Mutex<BTreeMap<&'static str, u64>>,
}

/// The label of an error code in metrics and logs.
pub fn code_label(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::Unauthorized => "unauthorized",
        ErrorCode::UnsupportedProtocol => "unsupported_protocol",
        ErrorCode::Malformed => "malformed",
        ErrorCode::NotAuthenticated => "not_authenticated",
        ErrorCode::TooLarge => "too_large",
        ErrorCode::QuotaExceeded => "quota_exceeded",
        ErrorCode::RateLimited => "rate_limited",
        ErrorCode::Lagged => "lagged",
        ErrorCode::TooManyConnections => "too_many_connections",
        ErrorCode::BadSnapshot => "bad_snapshot",
        ErrorCode::Internal => "internal",
        ErrorCode::Retired => "retired",
        ErrorCode::Other(_) => "other",
    }
}

fn micros(elapsed: Duration) -> u64 {
    u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX)
}

impl Metrics {
    /// Records one write transaction's time.
    pub fn store_commit(&self, elapsed: Duration) {
        self.store_commit_micros
            .fetch_add(micros(elapsed), Ordering::Relaxed);
        self.store_commits_timed.fetch_add(1, Ordering::Relaxed);
    }

    /// Records one read's time.
    pub fn store_read(&self, elapsed: Duration) {
        self.store_read_micros
            .fetch_add(micros(elapsed), Ordering::Relaxed);
        self.store_reads_total.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts one error sent to a client.
    pub fn error(&self, code: ErrorCode) {
        let mut errors = self.errors.lock().unwrap_or_else(|e| e.into_inner());
        *errors.entry(code_label(code)).or_insert(0) += 1;
    }

    /// Counts one connection or room refused (or closed) by the relay's limits;
    /// `reason` is one of the labels listed in docs/SYNC.md, section 5.
    pub fn refusal(&self, reason: &'static str) {
        let mut refusals = self.refusals.lock().unwrap_or_else(|e| e.into_inner());
        *refusals.entry(reason).or_insert(0) += 1;
    }

    /// How many refusals of `reason` so far (for tests and logs).
    pub fn refusals(&self, reason: &str) -> u64 {
        let refusals = self.refusals.lock().unwrap_or_else(|e| e.into_inner());
        refusals.get(reason).copied().unwrap_or(0)
    }

    /// The Prometheus text exposition; `engine` names the store.
    pub fn render(&self, totals: Totals, engine: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP retaguarda_relay_store_info The store's engine.\n# TYPE retaguarda_relay_store_info gauge\nretaguarda_relay_store_info{{engine=\"{engine}\"}} 1"
        );
        for (name, help, sum, count) in [
            (
                "retaguarda_relay_store_commit_seconds",
                "Time of write transactions (group commits), from open to durable.",
                &self.store_commit_micros,
                &self.store_commits_timed,
            ),
            (
                "retaguarda_relay_store_read_seconds",
                "Time of blob reads (catch-up and other nodes' blobs).",
                &self.store_read_micros,
                &self.store_reads_total,
            ),
        ] {
            let sum = sum.load(Ordering::Relaxed);
            let _ = writeln!(out, "# HELP {name} {help}");
            let _ = writeln!(out, "# TYPE {name} summary");
            let _ = writeln!(out, "{name}_sum {}.{:06}", sum / 1_000_000, sum % 1_000_000);
            let _ = writeln!(out, "{name}_count {}", count.load(Ordering::Relaxed));
        }
        let mut gauge = |name: &str, help: &str, kind: &str, value: u64| {
            let _ = writeln!(out, "# HELP {name} {help}");
            let _ = writeln!(out, "# TYPE {name} {kind}");
            let _ = writeln!(out, "{name} {value}");
        };
        gauge(
            "retaguarda_relay_connections",
            "Open sync WebSocket connections.",
            "gauge",
            self.connections.load(Ordering::Relaxed),
        );
        gauge(
            "retaguarda_relay_connections_total",
            "Sync WebSocket connections accepted.",
            "counter",
            self.connections_total.load(Ordering::Relaxed),
        );
        gauge(
            "retaguarda_relay_rooms",
            "Rooms stored.",
            "gauge",
            totals.rooms,
        );
        gauge(
            "retaguarda_relay_blobs",
            "Blobs stored.",
            "gauge",
            totals.blobs,
        );
        gauge(
            "retaguarda_relay_bytes",
            "Bytes of blobs stored.",
            "gauge",
            totals.bytes,
        );
        gauge(
            "retaguarda_relay_appends_total",
            "Blobs appended (acknowledged).",
            "counter",
            self.appends_total.load(Ordering::Relaxed),
        );
        gauge(
            "retaguarda_relay_bytes_in_total",
            "Bytes of blobs received.",
            "counter",
            self.bytes_in_total.load(Ordering::Relaxed),
        );
        gauge(
            "retaguarda_relay_blobs_out_total",
            "Blobs sent to devices (catch-up and pushes).",
            "counter",
            self.blobs_out_total.load(Ordering::Relaxed),
        );
        gauge(
            "retaguarda_relay_commits_total",
            "Write transactions committed (each one fsync); several appends share one.",
            "counter",
            self.commits_total.load(Ordering::Relaxed),
        );
        gauge(
            "retaguarda_relay_upstream_rooms_live",
            "Rooms whose session with the cloud relay (--upstream) is caught up.",
            "gauge",
            self.upstream_rooms_live.load(Ordering::Relaxed),
        );
        gauge(
            "retaguarda_relay_upstream_pushed_total",
            "Blobs sent to the cloud relay (--upstream).",
            "counter",
            self.upstream_pushed_total.load(Ordering::Relaxed),
        );
        gauge(
            "retaguarda_relay_upstream_pulled_total",
            "Blobs from the cloud relay (--upstream) stored here.",
            "counter",
            self.upstream_pulled_total.load(Ordering::Relaxed),
        );
        let _ = writeln!(
            out,
            "# HELP retaguarda_relay_errors_total Errors sent to devices, by code."
        );
        let _ = writeln!(out, "# TYPE retaguarda_relay_errors_total counter");
        let errors = self.errors.lock().unwrap_or_else(|e| e.into_inner());
        for (code, count) in errors.iter() {
            let _ = writeln!(
                out,
                "retaguarda_relay_errors_total{{code=\"{code}\"}} {count}"
            );
        }
        drop(errors);
        let _ = writeln!(
            out,
            "# HELP retaguarda_relay_refusals_total Connections and rooms refused or closed by the limits, by reason."
        );
        let _ = writeln!(out, "# TYPE retaguarda_relay_refusals_total counter");
        let refusals = self.refusals.lock().unwrap_or_else(|e| e.into_inner());
        for (reason, count) in refusals.iter() {
            let _ = writeln!(
                out,
                "retaguarda_relay_refusals_total{{reason=\"{reason}\"}} {count}"
            );
        }
        out
    }
}
