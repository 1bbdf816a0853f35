//! `retaguarda-relay-load`: opens N WebSocket clients across R rooms on a relay (started
//! in process on 127.0.0.1, or an address on loopback), sends M sealed blobs per second
//! for a few seconds, and prints connections held, messages/s, delivery latency and RSS.
//! The clients run in the same process as an in-process relay, so RSS covers both.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;
use futures_util::StreamExt;
use retaguarda_bench::relay::{self, Conn};
use retaguarda_bench::rss::rss_kb;
use retaguarda_core::sync::{ClientState, DeviceId, SyncClient, SyncEvent, TeamSecret};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

/// Relay load generator (bounded: it stops by itself).
#[derive(Parser, Debug)]
#[command(name = "retaguarda-relay-load")]
struct Args {
    /// WebSocket clients: at most 9,000 with the relay in process (each takes two file
    /// descriptors of the process's 20,000), 19,000 against a relay of its own (`--connect`).
    #[arg(long, default_value_t = 200)]
    clients: u32,
    /// Rooms (teams); clients are dealt round-robin.
    #[arg(long, default_value_t = 40)]
    rooms: u32,
    /// Blobs sent per second, across all clients.
    #[arg(long, default_value_t = 200)]
    rate: u32,
    /// Seconds of sending (at most 60).
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Plaintext bytes per blob.
    #[arg(long, default_value_t = 200)]
    payload: usize,
    /// A relay already running on loopback (e.g. 127.0.0.1:8080) instead of one in process.
    #[arg(long)]
    connect: Option<SocketAddr>,
}

#[derive(Default)]
struct Stats {
    held: AtomicU64,
    failed: AtomicU64,
    sent: AtomicU64,
    acked: AtomicU64,
    delivered: AtomicU64,
    errors: AtomicU64,
    latencies_us: Mutex<Vec<u64>>,
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)] as f64 / 1000.0
}

async fn client(
    url: String,
    secret: TeamSecret,
    id: u32,
    epoch: Instant,
    payload: usize,
    stats: Arc<Stats>,
    mut sends: mpsc::Receiver<()>,
) {
    let mut device = [0u8; 16];
    device[..4].copy_from_slice(&id.to_be_bytes());
    let sync = SyncClient::new(&secret, DeviceId(device), ClientState::default());
    let mut conn = match Conn::open(&url, sync).await {
        Ok(c) => c,
        Err(_) => {
            stats.failed.fetch_add(1, Ordering::Relaxed);
            return;
        }
    };
    let mut live = false;
    loop {
        tokio::select! {
            msg = conn.ws.next() => {
                let bytes = match msg {
                    Some(Ok(Message::Binary(b))) => b,
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                    Some(Ok(_)) => continue,
                };
                let Ok(events) = conn.client.handle_frame(&bytes) else { break };
                for event in events {
                    match event {
                        SyncEvent::CaughtUp { .. } if !live => {
                            live = true;
                            stats.held.fetch_add(1, Ordering::Relaxed);
                        }
                        SyncEvent::Apply { payload, device: from, .. } if from.0 != device => {
                            let now = epoch.elapsed().as_micros() as u64;
                            let mut ts = [0u8; 8];
                            ts.copy_from_slice(payload.get(..8).unwrap_or(&[0; 8]));
                            let sent = u64::from_le_bytes(ts);
                            stats.delivered.fetch_add(1, Ordering::Relaxed);
                            if let Ok(mut l) = stats.latencies_us.lock() {
                                l.push(now.saturating_sub(sent));
                            }
                        }
                        SyncEvent::Acked { .. } => {
                            stats.acked.fetch_add(1, Ordering::Relaxed);
                        }
                        SyncEvent::RelayError { .. } | SyncEvent::Rejected { .. } => {
                            stats.errors.fetch_add(1, Ordering::Relaxed);
                        }
                        _ => {}
                    }
                }
            }
            order = sends.recv() => {
                if order.is_none() { break; }
                let mut blob = vec![0u8; payload.max(8)];
                blob[..8].copy_from_slice(&(epoch.elapsed().as_micros() as u64).to_le_bytes());
                if conn.client.add_changes(&blob).is_ok() {
                    stats.sent.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
        if conn.flush().await.is_err() {
            break;
        }
    }
    if live {
        stats.held.fetch_sub(1, Ordering::Relaxed);
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let most = if args.connect.is_some() {
        19_000
    } else {
        9_000
    };
    let clients = args.clients.clamp(1, most);
    let rooms = args.rooms.clamp(1, clients);
    let seconds = args.seconds.clamp(1, 60);
    let rate = args.rate.clamp(1, 20_000);
    let rss_start = rss_kb();

    let dir = tempfile::tempdir()?;
    let (addr, server) = match args.connect {
        Some(addr) if addr.ip().is_loopback() => (addr, None),
        Some(addr) => anyhow::bail!("{addr} não é um endereço de loopback"),
        None => {
            let limits = retaguarda_relay::Limits {
                max_connections: clients as usize + 16,
                max_rooms: u64::from(rooms) + 16,
                frames_per_second: 10_000,
                frame_burst: 10_000,
                // Every client comes from this one address and the proofs of work run
                // in this process: the load is the relay's forwarding, not its
                // admission.
                max_connections_per_ip: clients as usize + 16,
                rooms_per_ip_per_hour: rooms + 16,
                room_proof_bits: 8,
                hello_timeout: Duration::from_secs(60),
                ..Default::default()
            };
            let (addr, task) = relay::start(dir.path(), limits).await?;
            (addr, Some(task))
        }
    };
    let url = relay::url(addr);
    let stats = Arc::new(Stats::default());
    let epoch = Instant::now();
    let mut senders = Vec::new();
    let mut tasks = Vec::new();
    let connect_started = Instant::now();
    for i in 0..clients {
        let mut secret = [0u8; 32];
        secret[..4].copy_from_slice(&(i % rooms).to_be_bytes());
        let (tx, rx) = mpsc::channel(64);
        senders.push(tx);
        tasks.push(tokio::spawn(client(
            url.clone(),
            TeamSecret::from_bytes(secret),
            i,
            epoch,
            args.payload,
            stats.clone(),
            rx,
        )));
        // A little pacing so the listen backlog is not overrun.
        if i % 200 == 199 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while stats.held.load(Ordering::Relaxed) + stats.failed.load(Ordering::Relaxed)
        < u64::from(clients)
        && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let connect_time = connect_started.elapsed();
    let held_before = stats.held.load(Ordering::Relaxed);
    let rss_connected = rss_kb();

    let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / f64::from(rate)));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let total = u64::from(rate) * seconds;
    let send_started = Instant::now();
    for n in 0..total {
        tick.tick().await;
        let _ = senders[(n % u64::from(clients)) as usize].try_send(());
    }
    let send_time = send_started.elapsed();
    // Let the last deliveries arrive.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let held_end = stats.held.load(Ordering::Relaxed);
    let rss_end = rss_kb();
    drop(senders);
    for t in &tasks {
        t.abort();
    }
    if let Some(s) = server {
        s.abort();
    }

    let mut lat = stats
        .latencies_us
        .lock()
        .map(|l| l.clone())
        .unwrap_or_default();
    lat.sort_unstable();
    let secs = send_time.as_secs_f64();
    let kb = |r: Option<(u64, u64)>| {
        r.map(|(now, peak)| {
            format!(
                "{:.0} MB (peak {:.0} MB)",
                now as f64 / 1024.0,
                peak as f64 / 1024.0
            )
        })
        .unwrap_or_else(|| "n/d".into())
    };
    println!("| relay load | value |");
    println!("| --- | --- |");
    println!(
        "| relay | {} |",
        if args.connect.is_some() {
            format!("external {addr}")
        } else {
            format!("in process {addr}")
        }
    );
    println!("| clients / rooms asked | {clients} / {rooms} |");
    println!(
        "| connections held (after connect / at end) | {held_before} / {held_end} (failed {}) |",
        stats.failed.load(Ordering::Relaxed)
    );
    println!(
        "| time to connect all | {:.2} s |",
        connect_time.as_secs_f64()
    );
    println!(
        "| blobs sent / acked | {} / {} in {:.1} s |",
        stats.sent.load(Ordering::Relaxed),
        stats.acked.load(Ordering::Relaxed),
        secs
    );
    println!(
        "| messages/s sent (acked) | {:.0} ({:.0}) |",
        stats.sent.load(Ordering::Relaxed) as f64 / secs,
        stats.acked.load(Ordering::Relaxed) as f64 / secs
    );
    println!(
        "| deliveries to other room members | {} ({:.0}/s) |",
        stats.delivered.load(Ordering::Relaxed),
        stats.delivered.load(Ordering::Relaxed) as f64 / secs
    );
    println!(
        "| delivery latency p50 / p99 / max | {:.2} ms / {:.2} ms / {:.2} ms |",
        percentile(&lat, 0.5),
        percentile(&lat, 0.99),
        percentile(&lat, 1.0)
    );
    println!(
        "| relay errors | {} |",
        stats.errors.load(Ordering::Relaxed)
    );
    println!(
        "| RSS at start / connected / end | {} / {} / {} |",
        kb(rss_start),
        kb(rss_connected),
        kb(rss_end)
    );
    Ok(())
}
