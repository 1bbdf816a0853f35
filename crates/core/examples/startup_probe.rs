//! Probe: what a cold start of the app costs, step by step, natively. It loads a
//! `.retaguarda` backup the way the app loads its chunks, runs the queries Início runs, makes
//! one operation and runs them again, so each step of the start-up and of the re-render
//! after a write is timed on its own.
//!
//! `cargo run --profile server -p retaguarda-core --example startup_probe -- shop.retaguarda`

use std::time::Instant;

use chrono::NaiveDate;
use retaguarda_core::{backup, Business, Device, OpCtx};

/// The process's resident memory in MB, where Linux tells it (`/proc/self/status`).
fn rss_mb() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| format!("{:.0} MB", kb / 1024.0))
        .unwrap_or_default()
}

fn timed<T>(rows: &mut Vec<(String, f64, String)>, label: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    rows.push((label.to_string(), t.elapsed().as_secs_f64(), String::new()));
    out
}

/// Times `f`, which returns how many `what` it read, as one row.
fn counted(
    rows: &mut Vec<(String, f64, String)>,
    label: String,
    what: &str,
    f: impl FnOnce() -> usize,
) {
    let n = timed(rows, &label, f);
    if let Some(row) = rows.last_mut() {
        row.2 = format!("{n} {what}");
    }
}

/// Início's queries, as `src/areas/home.rs` runs them (the public `entries()`, which
/// copies the kept list, where Início reads `entries_shared()`).
fn glance(b: &Business, today: NaiveDate, rows: &mut Vec<(String, f64, String)>, pass: &str) {
    counted(rows, format!("{pass}: balances"), "accounts", || {
        b.balances(today).map(|v| v.len()).unwrap_or(0)
    });
    counted(rows, format!("{pass}: entries"), "entries", || {
        b.entries().map(|v| v.len()).unwrap_or(0)
    });
    counted(rows, format!("{pass}: charges"), "charges", || {
        b.charges(today).map(|v| v.len()).unwrap_or(0)
    });
    counted(
        rows,
        format!("{pass}: replenishment"),
        "to replenish",
        || b.replenishment().map(|v| v.len()).unwrap_or(0),
    );
    counted(
        rows,
        format!("{pass}: staff and vacations"),
        "staff",
        || {
            let staff = b.staff_members().unwrap_or_default();
            for (id, _) in &staff {
                let _ = b.vacations_of(id);
            }
            staff.len()
        },
    );
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("uso: startup_probe ARQUIVO.retaguarda");
        std::process::exit(2);
    };
    let mut rows = Vec::new();
    let file = timed(&mut rows, "read file", || {
        std::fs::read(&path).expect("ler o backup")
    });
    rows.last_mut().unwrap().2 = format!("{} bytes", file.len());
    let device = Device::with_actor([7; 16], "probe");
    let mut biz = timed(&mut rows, "Business::load", || {
        backup::read(&file, &device).expect("abrir o backup")
    });
    rows.last_mut().unwrap().2 = format!("RSS after: {}", rss_mb());
    // `PROBE_LOAD_ONLY=1` stops here, for a profile of the load alone.
    if std::env::var_os("PROBE_LOAD_ONLY").is_some() {
        println!("Business::load: {:.1} ms", rows[1].1 * 1e3);
        return;
    }
    // `PROBE_REBASE=FILE` also writes the state without history (`Business::rebased`), or
    // with `PROBE_SPLIT=YYYY-MM-DD` the live period from that day (`Business::split_at`), as
    // a backup to FILE, so the same probe (and the browser harness) can start from it.
    if let Ok(out) = std::env::var("PROBE_REBASE") {
        let ctx = OpCtx::new(
            NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default(),
            1_796_000_000_000,
        );
        let split = std::env::var("PROBE_SPLIT")
            .ok()
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        let label = if split.is_some() {
            "Business::split_at"
        } else {
            "Business::rebased"
        };
        let mut copy = timed(&mut rows, label, || match split {
            Some(cutoff) => biz
                .split_at(cutoff, &device, &ctx)
                .expect("separar o período"),
            None => biz.rebased(&device, &ctx).expect("copiar o estado"),
        });
        // The copy must read as the original from the cutoff on: say so in the table.
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default();
        let stock = |b: &Business| -> Vec<_> {
            b.stock_levels()
                .unwrap_or_default()
                .into_iter()
                .map(|l| (l.id, l.position.quantity, l.position.average_cost))
                .collect()
        };
        let same =
            biz.balances(today).ok() == copy.balances(today).ok() && stock(&biz) == stock(&copy);
        rows.push((
            "copy reads as the original (balances, stock)".into(),
            0.0,
            if same { "yes" } else { "NO" }.into(),
        ));
        let bytes = timed(&mut rows, "backup of the copy", || backup::write(&mut copy));
        rows.last_mut().unwrap().2 = format!("{} bytes", bytes.len());
        std::fs::write(&out, bytes).expect("gravar a cópia");
    }
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default();
    let _ = timed(&mut rows, "profile (Configurações, header)", || {
        biz.profile().map(|p| p.name)
    });
    glance(&biz, today, &mut rows, "Início, first");
    rows.push(("RSS with every list kept".into(), 0.0, rss_mb()));
    glance(&biz, today, &mut rows, "Início, again");
    // What the app does once the document is loaded from its own storage.
    timed(&mut rows, "mark_saved", || biz.mark_saved());
    let ctx = OpCtx::new(today, 1_796_000_000_000);
    // `PROBE_OPS` more operations in a row, for a profiler (default 3).
    let ops: usize = std::env::var("PROBE_OPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let before_ops = biz.save();
    let mut chunks = Vec::new();
    for i in 0..ops {
        let name = format!("Padaria Probe {i}");
        timed(&mut rows, "operation: update_profile", || {
            biz.update_profile(&ctx, &name, None, None, None)
                .expect("renomear")
        });
        let chunk = timed(&mut rows, "save_incremental", || biz.save_incremental());
        rows.last_mut().unwrap().2 = format!("{} bytes", chunk.len());
        chunks.push(chunk);
    }
    glance(&biz, today, &mut rows, "Início, after the operation");
    // Início's summary, as the app keeps it beside the document (the lists are kept by now).
    let summary = timed(&mut rows, "Business::summary (lists kept)", || {
        biz.summary(today).expect("resumo")
    });
    let json = serde_json::to_string(&summary).expect("resumo em JSON");
    rows.last_mut().unwrap().2 = format!("{} bytes of JSON", json.len());
    let _ = timed(
        &mut rows,
        "summary read back from JSON, and its glance",
        || {
            serde_json::from_str::<retaguarda_core::summary::Summary>(&json)
                .ok()
                .and_then(|s| s.glance(today))
        },
    );
    // Histórico: every change's message, with its record resolved to the whole id.
    counted(&mut rows, "audit_log (Histórico)".into(), "lines", || {
        biz.audit_log().map(|l| l.len()).unwrap_or(0)
    });
    let saved = timed(&mut rows, "save (compaction)", || biz.save().len());
    rows.last_mut().unwrap().2 = format!("{saved} bytes");
    // A start with the operations' chunks after the snapshot, as storage holds them until
    // the next compaction: one `load_incremental` per chunk, as `assemble` does.
    let mut again = Business::load(&before_ops, &device).expect("recarregar");
    timed(
        &mut rows,
        "chunks applied one load_incremental each",
        || {
            for chunk in &chunks {
                again.load_incremental(chunk).expect("aplicar bloco");
            }
        },
    );
    rows.last_mut().unwrap().2 = format!("{} chunks", chunks.len());
    let mut again = Business::load(&before_ops, &device).expect("recarregar");
    timed(&mut rows, "the same chunks in one load_incremental", || {
        again
            .load_incremental(&chunks.concat())
            .expect("aplicar blocos");
    });

    rows.push(("RSS at the end".into(), 0.0, rss_mb()));
    println!("| step | time | |\n| --- | --- | --- |");
    for (label, secs, note) in rows {
        println!("| {label} | {:.1} ms | {note} |", secs * 1e3);
    }
}
