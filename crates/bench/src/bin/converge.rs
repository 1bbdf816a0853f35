//! `retaguarda-converge`: two devices that each did 1,000 operations offline connect to
//! an in-process relay (or, with `--relay-a URL --relay-b URL`, device A to one running
//! relay and device B to another, e.g. two nodes on one PostgreSQL); prints the time until
//! both hold the same document and the bytes they sent against the deflate-compressed
//! size of their changes.

use std::io::Write;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use clap::Parser;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use retaguarda_bench::dataset::{device, generate, Spec};
use retaguarda_bench::relay::{self, Conn};
use retaguarda_core::ledger::{EntryKind, NewEntry};
use retaguarda_core::sync::{ClientState, DeviceId, SyncClient, SyncEvent, TeamSecret};
use retaguarda_core::{Business, ChangeHash, OpCtx};
use rust_decimal::Decimal;

/// Two offline devices converging through the relay.
#[derive(Parser, Debug)]
#[command(name = "retaguarda-converge")]
struct Args {
    /// Operations each device does offline.
    #[arg(long, default_value_t = 1000)]
    ops: u32,
    /// Scale of the shared dataset both devices start from.
    #[arg(long, default_value_t = 0.01)]
    base_scale: f64,
    /// Keep the relay's default per-connection rate limit (50 frames/s, burst 200)
    /// instead of lifting it.
    #[arg(long)]
    default_limits: bool,
    /// Device A's relay (`ws://HOST:PORT/v1/sync`) instead of one in process; needs
    /// `--relay-b`. Its limits are its own (start it with `--rate 100000`).
    #[arg(long, requires = "relay_b")]
    relay_a: Option<String>,
    /// Device B's relay; may be another node on the same database as `--relay-a`.
    #[arg(long, requires = "relay_a")]
    relay_b: Option<String>,
}

struct Side {
    biz: Business,
    client: SyncClient,
    /// Raw Automerge change bytes of this device's offline operations.
    changes: Vec<u8>,
}

fn offline_side(base: &mut Business, n: u8, secret: &TeamSecret, ops: u32) -> anyhow::Result<Side> {
    let dev = device(7, n);
    let mut biz = base.fork(&dev);
    let mut client = SyncClient::new(secret, DeviceId(dev.actor), ClientState::default());
    let mut changes = Vec::new();
    let day = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap_or_default();
    for i in 0..ops {
        let heads = biz.heads();
        let ctx = OpCtx::new(day, 1_798_000_000_000 + i64::from(i) * 1000);
        let input = NewEntry::new(
            EntryKind::Receivable,
            format!("Venda {} no aparelho {}", i + 1, n + 1),
            Decimal::new(1000 + i64::from(i), 2),
            day,
        );
        biz.create_entry(&ctx, input)?;
        // One blob per operation, as the app queues them.
        let bytes: Vec<u8> = biz.changes_since(&heads).concat();
        changes.extend_from_slice(&bytes);
        client.add_changes(&bytes)?;
    }
    Ok(Side {
        biz,
        client,
        changes,
    })
}

fn server_was_external(args: &Args) -> bool {
    args.relay_a.is_some() && args.relay_b.is_some()
}

fn deflate(bytes: &[u8]) -> anyhow::Result<usize> {
    let mut enc = DeflateEncoder::new(Vec::new(), Compression::default());
    enc.write_all(bytes)?;
    Ok(enc.finish()?.len())
}

fn sorted(mut heads: Vec<ChangeHash>) -> Vec<ChangeHash> {
    heads.sort();
    heads
}

/// Syncs one side until it holds `target` heads and the relay acknowledged its outbox.
async fn run(
    url: String,
    mut side: Side,
    target: Vec<ChangeHash>,
) -> anyhow::Result<(Duration, u64, u64, Duration)> {
    let started = Instant::now();
    let mut applying = Duration::ZERO;
    let mut conn = Conn::open(&url, side.client).await?;
    loop {
        if conn.client.is_up_to_date() && sorted(side.biz.heads()) == target {
            return Ok((started.elapsed(), conn.sent, conn.received, applying));
        }
        let events = tokio::time::timeout(Duration::from_secs(60), conn.next_events())
            .await
            .map_err(|_| anyhow::anyhow!("sem resposta do relay em 60 s"))??
            .ok_or_else(|| anyhow::anyhow!("o relay fechou a conexão"))?;
        for event in events {
            match event {
                SyncEvent::Apply { payload, .. } => {
                    let t = Instant::now();
                    side.biz.load_incremental(&payload)?;
                    applying += t.elapsed();
                }
                SyncEvent::RelayError { code, message, .. } => {
                    anyhow::bail!("relay: {code:?} {message}")
                }
                _ => {}
            }
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let mut base = generate(&Spec::new(args.base_scale, 1))?.business;
    let secret = TeamSecret::from_bytes([42; 32]);
    let mut a = offline_side(&mut base, 1, &secret, args.ops)?;
    let mut b = offline_side(&mut base, 2, &secret, args.ops)?;
    let mut target = a.biz.heads();
    target.extend(b.biz.heads());
    let target = sorted(target);
    let raw = a.changes.len() + b.changes.len();
    let compressed = deflate(&a.changes)? + deflate(&b.changes)?;
    let per_op_blobs = a.client.pending() + b.client.pending();

    let dir = tempfile::tempdir()?;
    let mut limits = retaguarda_relay::Limits::default();
    if !args.default_limits {
        limits.frames_per_second = 100_000;
        limits.frame_burst = 100_000;
    }
    let (url_a, url_b, server) = match (args.relay_a.clone(), args.relay_b.clone()) {
        (Some(a), Some(b)) => (a, b, None),
        _ => {
            let (addr, server) = relay::start(dir.path(), limits).await?;
            (relay::url(addr), relay::url(addr), Some(server))
        }
    };
    let started = Instant::now();
    let ta = tokio::spawn(run(url_a.clone(), a, target.clone()));
    let tb = tokio::spawn(run(url_b.clone(), b, target));
    let (ra, rb) = (ta.await??, tb.await??);
    let total = started.elapsed();
    if let Some(server) = server {
        server.abort();
    }

    let sent = ra.1 + rb.1;
    println!(
        "| two devices, {} offline operations each | value |",
        args.ops
    );
    println!("| --- | --- |");
    println!(
        "| relays | {} |",
        if server_was_external(&args) {
            format!("A: {url_a}, B: {url_b}")
        } else {
            "one in process (SQLite)".to_string()
        }
    );
    println!(
        "| relay limits | {} |",
        if server_was_external(&args) {
            "the running relays' own"
        } else if args.default_limits {
            "default (50 frames/s, burst 200)"
        } else {
            "rate limit lifted"
        }
    );
    println!("| blobs queued (one per operation) | {per_op_blobs} |");
    println!(
        "| time to converge (both devices) | {:.0} ms (A {:.0} ms, B {:.0} ms) |",
        total.as_secs_f64() * 1e3,
        ra.0.as_secs_f64() * 1e3,
        rb.0.as_secs_f64() * 1e3
    );
    println!(
        "| time in load_incremental (A / B) | {:.0} ms / {:.0} ms |",
        ra.3.as_secs_f64() * 1e3,
        rb.3.as_secs_f64() * 1e3
    );
    println!("| raw change bytes (both) | {raw} |");
    println!("| deflate of the changes (per device, default level) | {compressed} |");
    println!("| bytes sent by the devices (WebSocket payloads) | {sent} ({:.2}x compressed, {:.2}x raw) |", sent as f64 / compressed as f64, sent as f64 / raw as f64);
    println!("| bytes received by the devices | {} |", ra.2 + rb.2);
    Ok(())
}
