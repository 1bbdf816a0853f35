//! The relay's configuration: where the built app and the data live, and the
//! limits that protect a small server from one misbehaving client.

use std::net::IpAddr;
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
    /// The LAN hub (`--hub-udp`): WebRTC on one UDP port for the shop's
    /// devices, beside the WebSocket relay.
    pub hub: Option<crate::hub::lan::HubOptions>,
    /// The cloud relay's sync endpoint (`--upstream wss://HOST/v1/sync`):
    /// every room opened here is forwarded to it both ways (`crate::upstream`).
    pub upstream: Option<String>,
}

/// Limits on what clients may do.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest sealed blob accepted (default 4 MiB).
    pub max_blob_bytes: usize,
    /// Storage one room may use before only snapshots are accepted.
    pub room_quota_bytes: u64,
    /// Rooms (teams) the relay accepts; new teams beyond it are refused, known
    /// ones always open.
    pub max_rooms: u64,
    /// Simultaneous WebSocket connections. Near the limit, the oldest connection
    /// that has not opened a room yet is closed to make space.
    pub max_connections: usize,
    /// Simultaneous connections from one address (the same eviction applies).
    pub max_connections_per_ip: usize,
    /// Proxies whose `X-Forwarded-For` is believed; from anyone else the header
    /// is ignored and the socket's own address counts.
    pub trusted_proxies: Vec<IpAddr>,
    /// A connection that has not opened a room this long after connecting is
    /// closed.
    pub hello_timeout: Duration,
    /// The time a device has to answer a room's proof-of-work challenge.
    pub proof_timeout: Duration,
    /// Leading zero bits of the proof of work for a new room, before the
    /// per-address surcharge (one more bit per room that address created within
    /// the hour, at most four).
    pub room_proof_bits: u8,
    /// New rooms one address may create per hour.
    pub rooms_per_ip_per_hour: u32,
    /// A new room lives only in memory until its first blob is stored; one that
    /// gets none this long after its creation is forgotten.
    pub empty_room_ttl: Duration,
    /// Rooms created and still empty, at most (the oldest is forgotten first).
    pub max_empty_rooms: usize,
    /// Sustained frames per second one connection may send.
    pub frames_per_second: u32,
    /// Frames a connection may send in a burst above the sustained rate.
    pub frame_burst: u32,
    /// A connection over its rate is slowed down; once it would have to wait
    /// longer than this, it is told `RateLimited` and closed.
    pub max_throttle: Duration,
    /// How often the relay pings a connection, and the interval it tells devices
    /// to send their own round trip at (`Welcome`).
    pub heartbeat: Duration,
    /// How long an answer may take: a connection silent (not even a pong) for
    /// `heartbeat + heartbeat_timeout` is closed, and devices close theirs when a
    /// ping goes unanswered this long.
    pub heartbeat_timeout: Duration,
    /// Frames queued for one connection before it counts as too slow and is
    /// dropped, so it never holds back the others.
    pub channel_capacity: usize,
    /// STUN/TURN servers handed to devices after `Welcome`, for peer-to-peer
    /// connections across NATs (none: devices connect directly on one LAN only).
    pub ice_servers: Vec<retaguarda_core::sync::IceServer>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_blob_bytes: retaguarda_core::sync::MAX_BLOB_BYTES,
            room_quota_bytes: 256 * 1024 * 1024,
            max_rooms: 10_000,
            max_connections: 512,
            max_connections_per_ip: 64,
            trusted_proxies: Vec::new(),
            hello_timeout: Duration::from_secs(5),
            proof_timeout: Duration::from_secs(20),
            room_proof_bits: 16,
            rooms_per_ip_per_hour: 20,
            empty_room_ttl: Duration::from_secs(10 * 60),
            max_empty_rooms: 1024,
            frames_per_second: 50,
            frame_burst: 200,
            max_throttle: Duration::from_secs(10),
            heartbeat: Duration::from_secs(20),
            heartbeat_timeout: Duration::from_secs(10),
            channel_capacity: 1024,
            ice_servers: Vec::new(),
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
            hub: None,
            upstream: None,
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
