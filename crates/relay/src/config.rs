//! The relay's configuration: where the built app and the data live, and the
//! limits that protect a small server from one misbehaving client.

use std::path::PathBuf;
use std::time::Duration;

/// Configuration of one relay process; `main.rs` fills it from flags and
/// environment variables, tests build it directly.
#[derive(Debug, Clone)]
pub struct Config {
    /// The built app (a Trunk `dist/` folder with `index.html`).
    pub app_dir: PathBuf,
    /// Folder for the relay's durable data (the SQLite engine).
    pub data_dir: PathBuf,
    /// A PostgreSQL database (`postgres://USER@HOST/DB`) instead of the
    /// SQLite file in `data_dir`: several relays may share it.
    pub store: Option<String>,
    /// Limits on clients.
    pub limits: Limits,
}

/// Limits on what clients may do.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest sealed blob accepted (default 4 MiB).
    pub max_blob_bytes: usize,
    /// Storage one room may use before only snapshots are accepted.
    pub room_quota_bytes: u64,
    /// Rooms (teams) the relay accepts; new teams beyond it are refused.
    pub max_rooms: u64,
    /// Simultaneous WebSocket connections.
    pub max_connections: usize,
    /// Sustained frames per second one connection may send.
    pub frames_per_second: u32,
    /// Frames a connection may send in a burst above the sustained rate.
    pub frame_burst: u32,
    /// A connection over its rate is slowed down; once it would have to wait
    /// longer than this, it is told `RateLimited` and closed.
    pub max_throttle: Duration,
    /// How often the relay pings an idle connection; one that has sent
    /// nothing (not even a pong) for three intervals is closed.
    pub keepalive: Duration,
    /// Frames queued for one connection before it counts as too slow and is
    /// dropped, so it never holds back the others.
    pub channel_capacity: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_blob_bytes: retaguarda_core::sync::MAX_BLOB_BYTES,
            room_quota_bytes: 256 * 1024 * 1024,
            max_rooms: 10_000,
            max_connections: 512,
            frames_per_second: 50,
            frame_burst: 200,
            max_throttle: Duration::from_secs(10),
            keepalive: Duration::from_secs(30),
            channel_capacity: 1024,
        }
    }
}

impl Config {
    /// A configuration with the default limits.
    pub fn new(app_dir: impl Into<PathBuf>, data_dir: impl Into<PathBuf>) -> Self {
        Self {
            app_dir: app_dir.into(),
            data_dir: data_dir.into(),
            store: None,
            limits: Limits::default(),
        }
    }

    /// Where the data lives: PostgreSQL when `store` is set, else SQLite in
    /// `data_dir`.
    pub fn store_spec(&self) -> crate::store::StoreSpec {
        match &self.store {
            Some(url) => crate::store::StoreSpec::Postgres(url.clone()),
            None => crate::store::StoreSpec::Sqlite(self.data_dir.clone()),
        }
    }
}
