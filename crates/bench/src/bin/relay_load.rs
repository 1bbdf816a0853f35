//! `retaguarda-relay-load`: opens N WebSocket clients across R rooms on a relay (started
//! in process on 127.0.0.1, or one or more addresses on loopback), sends M sealed blobs
//! per second for a few seconds, and prints connections held, messages/s, delivery
//! latency and RSS. The clients run in the same process as an in-process relay, so RSS
//! covers both.
//!
//! With several `--connect` addresses (relay nodes on one PostgreSQL), each room's
//! clients are dealt over the nodes, so most deliveries cross from one node to another;
//! their latency is also given apart. `--watch PID` reports the CPU and RSS of other
//! processes (each node, PostgreSQL's postmaster with its backends) over the send window.

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
    /// A relay already running on loopback (e.g. 127.0.0.1:8080) instead of one in process;
    /// repeat it for several nodes on one database.
    #[arg(long)]
    connect: Vec<SocketAddr>,
    /// A process to report CPU and RSS for (with its children: give PostgreSQL's
    /// postmaster); repeatable.
    #[arg(long)]
    watch: Vec<u32>,
}

/// CPU seconds (user + system) and RSS in kB of `pid` and its direct children, from
/// `/proc` (Linux only; clock ticks taken as 100 per second, as on every Linux build).
fn proc_usage(pid: u32) -> Option<(f64, u64)> {
    let stat = |p: &str| -> Option<(u32, f64)> {
        let text = std::fs::read_to_string(format!("/proc/{p}/stat")).ok()?;
        // Fields after the command name, which is in parentheses and may hold spaces.
        let rest = text.rsplit_once(')')?.1;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ppid = fields.get(1)?.parse().ok()?;
        let ticks: f64 =
            fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
        Some((ppid, ticks / 100.0))
    };
    let rss = |p: &str| -> u64 {
        std::fs::read_to_string(format!("/proc/{p}/status"))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmRSS:"))?
                    .split_whitespace()
                    .nth(1)?
                    .parse()
                    .ok()
            })
            .unwrap_or(0)
    };
    let own = pid.to_string();
    let (_, mut cpu) = stat(&own)?;
    let mut kb = rss(&own);
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if !name.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if let Some((ppid, secs)) = stat(&name) {
            if ppid == pid {
                cpu += secs;
                kb += rss(&name);
            }
        }
    }
    Some((cpu, kb))
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
    /// Deliveries from a client on another node.
    cross_latencies_us: Mutex<Vec<u64>>,
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
    node: u8,
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
                            if payload.get(8).is_some_and(|n| *n != node) {
                                if let Ok(mut l) = stats.cross_latencies_us.lock() {
                                    l.push(now.saturating_sub(sent));
                                }
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
                let mut blob = vec![0u8; payload.max(9)];
                blob[..8].copy_from_slice(&(epoch.elapsed().as_micros() as u64).to_le_bytes());
                blob[8] = node;
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
    let most = if !args.connect.is_empty() {
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
    if let Some(addr) = args.connect.iter().find(|a| !a.ip().is_loopback()) {
        anyhow::bail!("{addr} não é um endereço de loopback");
    }
    let (addrs, server) = match args.connect.clone() {
        addrs if !addrs.is_empty() => (addrs, None),
        _ => {
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
            (vec![addr], Some(task))
        }
    };
    let urls: Vec<String> = addrs.iter().map(|a| relay::url(*a)).collect();
    let nodes = urls.len() as u32;
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
        // Room members are dealt over the nodes: client i is member i / rooms of its room.
        let node = (i / rooms) % nodes;
        tasks.push(tokio::spawn(client(
            urls[node as usize].clone(),
            TeamSecret::from_bytes(secret),
            i,
            node as u8,
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
    let watched_start: Vec<Option<(f64, u64)>> =
        args.watch.iter().map(|p| proc_usage(*p)).collect();
    let send_started = Instant::now();
    for n in 0..total {
        tick.tick().await;
        let _ = senders[(n % u64::from(clients)) as usize].try_send(());
    }
    let send_time = send_started.elapsed();
    let watched_end: Vec<Option<(f64, u64)>> = args.watch.iter().map(|p| proc_usage(*p)).collect();
    // Let the last deliveries arrive.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let held_end = stats.held.load(Ordering::Relaxed);
    let rss_end = rss_kb();
    drop(senders);
    for t in &tasks {
        t.abort();
    }
    let in_process = server.is_some();
    if let Some(s) = server {
        s.abort();
    }

    let mut lat = stats
        .latencies_us
        .lock()
        .map(|l| l.clone())
        .unwrap_or_default();
    lat.sort_unstable();
    let mut cross = stats
        .cross_latencies_us
        .lock()
        .map(|l| l.clone())
        .unwrap_or_default();
    cross.sort_unstable();
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
        if !in_process {
            format!(
                "external {}",
                addrs
                    .iter()
                    .map(|a| a.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            format!("in process {} (SQLite)", addrs[0])
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
    if nodes > 1 {
        println!(
            "| of which crossed nodes: count, p50 / p99 | {} ({:.0}/s), {:.2} ms / {:.2} ms |",
            cross.len(),
            cross.len() as f64 / secs,
            percentile(&cross, 0.5),
            percentile(&cross, 0.99)
        );
    }
    for (i, pid) in args.watch.iter().enumerate() {
        if let (Some(Some((cpu0, _))), Some(Some((cpu1, kb)))) =
            (watched_start.get(i), watched_end.get(i))
        {
            println!(
                "| process {pid} (with children): CPU over the send window, RSS at its end | {:.0}% of one core, {:.0} MB |",
                (cpu1 - cpu0) / secs * 100.0,
                *kb as f64 / 1024.0
            );
        }
    }
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
