//! `retaguarda-relay`: serves the built app and relays encrypted sync blobs.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use tracing_subscriber::EnvFilter;

/// Retaguarda's relay: serves the app and stores encrypted sync blobs.
#[derive(Debug, Parser)]
#[command(name = "retaguarda-relay", version, about)]
struct Args {
    /// Folder with the built app (Trunk's dist/).
    #[arg(long, env = "RETAGUARDA_APP", default_value = "dist")]
    app: PathBuf,
    /// Folder where the relay keeps its data.
    #[arg(long, env = "RETAGUARDA_DATA", default_value = "data")]
    data: PathBuf,
    /// A PostgreSQL database (postgres://USER@HOST/DB) instead of the SQLite
    /// file in --data; several relays may share it (README, "Mais de um relay").
    #[arg(long, env = "RETAGUARDA_STORE")]
    store: Option<String>,
    /// Address to listen on.
    #[arg(long, env = "RETAGUARDA_LISTEN", default_value = "127.0.0.1:8080")]
    listen: String,
    /// Largest sealed blob accepted, in bytes.
    #[arg(long, env = "RETAGUARDA_MAX_BLOB_BYTES", default_value_t = 4 * 1024 * 1024)]
    max_blob_bytes: usize,
    /// Storage per team (room), in bytes.
    #[arg(long, env = "RETAGUARDA_ROOM_QUOTA_BYTES", default_value_t = 256 * 1024 * 1024)]
    room_quota_bytes: u64,
    /// Teams (rooms) accepted.
    #[arg(long, env = "RETAGUARDA_MAX_ROOMS", default_value_t = 10_000)]
    max_rooms: u64,
    /// Simultaneous sync connections.
    #[arg(long, env = "RETAGUARDA_MAX_CONNECTIONS", default_value_t = 512)]
    max_connections: usize,
    /// Simultaneous sync connections from one address.
    #[arg(long, env = "RETAGUARDA_MAX_CONNECTIONS_PER_IP", default_value_t = 64)]
    max_connections_per_ip: usize,
    /// A proxy whose X-Forwarded-For is believed (repeat, or separate with commas).
    #[arg(long, env = "RETAGUARDA_TRUSTED_PROXY", value_delimiter = ',')]
    trusted_proxy: Vec<std::net::IpAddr>,
    /// Sustained frames per second per connection.
    #[arg(long, env = "RETAGUARDA_RATE", default_value_t = 50)]
    rate: u32,
    /// Interval of the round trip that finds dead connections, in milliseconds.
    #[arg(long, env = "RETAGUARDA_HEARTBEAT_MS", default_value_t = 20_000)]
    heartbeat_ms: u64,
    /// How long an answer to that round trip may take, in milliseconds.
    #[arg(
        long,
        env = "RETAGUARDA_HEARTBEAT_TIMEOUT_MS",
        default_value_t = 10_000
    )]
    heartbeat_timeout_ms: u64,
    /// Time a new connection has to open its team, in milliseconds.
    #[arg(long, env = "RETAGUARDA_HELLO_TIMEOUT_MS", default_value_t = 5_000)]
    hello_timeout_ms: u64,
    /// Leading zero bits of the proof of work that creates a team.
    #[arg(long, env = "RETAGUARDA_ROOM_PROOF_BITS", default_value_t = 16)]
    room_proof_bits: u8,
    /// New teams one address may create per hour.
    #[arg(long, env = "RETAGUARDA_ROOMS_PER_IP_PER_HOUR", default_value_t = 20)]
    rooms_per_ip_per_hour: u32,
    /// Seconds a new team may stay without data before it is forgotten.
    #[arg(long, env = "RETAGUARDA_EMPTY_ROOM_TTL", default_value_t = 600)]
    empty_room_ttl: u64,
    /// A STUN or TURN server handed to devices for peer-to-peer connections:
    /// `stun:HOST:PORT` or `turn:HOST:PORT,USERNAME,CREDENTIAL` (repeat the flag;
    /// in the environment, separate servers with spaces).
    #[arg(long, env = "RETAGUARDA_ICE_SERVER", value_delimiter = ' ', value_parser = parse_ice_server)]
    ice_server: Vec<retaguarda_core::sync::IceServer>,
    /// Also serve the shop's devices over WebRTC on this UDP address (the LAN
    /// hub, `0.0.0.0:7450`): they sync through it with no internet.
    #[arg(long, env = "RETAGUARDA_HUB_UDP")]
    hub_udp: Option<String>,
    /// The address devices reach the hub at, when --hub-udp binds every
    /// interface (default: this machine's address on the LAN).
    #[arg(long, env = "RETAGUARDA_HUB_ADDRESS")]
    hub_address: Option<std::net::IpAddr>,
    /// The cloud relay this hub also syncs its teams with
    /// (`wss://HOST/v1/sync`): blobs go both ways whenever the internet is up.
    #[arg(long, env = "RETAGUARDA_UPSTREAM")]
    upstream: Option<String>,
    /// Log as JSON lines instead of text.
    #[arg(long, env = "RETAGUARDA_LOG_JSON")]
    log_json: bool,
}

fn parse_ice_server(text: &str) -> Result<retaguarda_core::sync::IceServer, String> {
    retaguarda_core::sync::IceServer::parse(text).map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let args = Args::parse();
    let filter = EnvFilter::try_from_env("RETAGUARDA_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info"));
    if args.log_json {
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .json()
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("não foi possível iniciar o relay: {err}");
            return ExitCode::FAILURE;
        }
    };
    let mut config = retaguarda_relay::Config::new(args.app, args.data);
    config.store = args.store.filter(|s| !s.is_empty());
    config.limits.max_blob_bytes = args.max_blob_bytes;
    config.limits.room_quota_bytes = args.room_quota_bytes;
    config.limits.max_connections = args.max_connections;
    config.limits.max_rooms = args.max_rooms;
    config.limits.frames_per_second = args.rate;
    config.limits.max_connections_per_ip = args.max_connections_per_ip;
    config.limits.trusted_proxies = args.trusted_proxy;
    config.limits.heartbeat = Duration::from_millis(args.heartbeat_ms);
    config.limits.heartbeat_timeout = Duration::from_millis(args.heartbeat_timeout_ms);
    config.limits.hello_timeout = Duration::from_millis(args.hello_timeout_ms);
    config.limits.room_proof_bits = args.room_proof_bits;
    config.limits.rooms_per_ip_per_hour = args.rooms_per_ip_per_hour;
    config.limits.empty_room_ttl = Duration::from_secs(args.empty_room_ttl);
    config.limits.ice_servers = args.ice_server;
    config.upstream = args.upstream.filter(|s| !s.is_empty());
    config.hub =
        args.hub_udp
            .filter(|s| !s.is_empty())
            .map(|udp| retaguarda_relay::hub::lan::HubOptions {
                udp,
                advertise: args.hub_address,
            });
    match runtime.block_on(retaguarda_relay::serve(config, &args.listen)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}
