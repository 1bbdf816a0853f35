//! Probe: the ledger warmed in steps after a start (`Business::warm`), natively. It loads
//! a `.retaguarda` backup as a fresh page holds it, times the first account balance of a
//! cold copy (what a first sale's receipt cost before), then warms the original `budget`
//! records per step and prints, for each budget asked (default 300), the steps' median, p95
//! and longest time (the longest single call is what a click waits for at worst when it
//! lands during a slice), the step that took it and the total; each budget warms a freshly
//! loaded copy. Then, after the last warm-up, the first account balance, Caixa's first index,
//! Estoque's first tiles and Início's summary. Estoque's first tiles are timed on a cold
//! copy too (what the stock index cost in the first read after a start before it was
//! warmed).
//!
//! `cargo run --profile server -p retaguarda-core --example warm_probe -- shop.retaguarda [budget,budget,...]`

use std::time::Instant;

use chrono::NaiveDate;
use retaguarda_core::ledger::listing::EntryFilter;
use retaguarda_core::{backup, Device};

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("uso: warm_probe ARQUIVO.retaguarda [registros por passo]");
        std::process::exit(2);
    };
    let budgets: Vec<usize> = args
        .next()
        .map(|b| b.split(',').filter_map(|n| n.parse().ok()).collect())
        .unwrap_or_else(|| vec![300]);
    let file = std::fs::read(&path).expect("ler o backup");
    let device = Device::with_actor([7; 16], "probe");
    let t = Instant::now();
    let mut biz = backup::read(&file, &device).expect("abrir o backup");
    biz.mark_saved();
    println!("| Business::load | {:.0} ms |", ms(t));
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default();
    let account = biz
        .accounts()
        .expect("contas")
        .into_iter()
        .find(|(_, a)| !a.archived)
        .map(|(id, _)| id)
        .expect("uma conta");
    {
        let cold = biz.fork(&Device::with_actor([8; 16], "frio"));
        let t = Instant::now();
        let balance = cold.account_balance(&account, today).expect("saldo");
        println!(
            "| cold: first account_balance | {:.0} ms | {balance} |",
            ms(t)
        );
    }
    {
        let cold = biz.fork(&Device::with_actor([9; 16], "frio"));
        let t = Instant::now();
        let tiles = cold.stock_summary().expect("estoque");
        println!(
            "| cold: Estoque's first stock_summary | {:.0} ms | {} active products |",
            ms(t),
            tiles.active
        );
    }
    pieces(&biz);
    for (i, &budget) in budgets.iter().enumerate() {
        if i > 0 {
            // A fresh copy, as a page holds it after a start (the old one dropped first).
            drop(biz);
            let t = Instant::now();
            biz = backup::read(&file, &device).expect("abrir o backup");
            biz.mark_saved();
            println!("| Business::load | {:.0} ms |", ms(t));
        }
        warm(&biz, budget);
    }
    let t = Instant::now();
    let balance = biz.account_balance(&account, today).expect("saldo");
    println!(
        "| warm: first account_balance | {:.1} ms | {balance} |",
        ms(t)
    );
    let t = Instant::now();
    let n = biz.entries_shared().expect("lançamentos").len();
    println!("| warm: entries_shared | {:.1} ms | {n} |", ms(t));
    let t = Instant::now();
    let index = biz
        .entry_index(&EntryFilter::default(), today)
        .expect("índice");
    println!(
        "| warm: Caixa's first entry_index | {:.1} ms | {} entries |",
        ms(t),
        index.ids.len()
    );
    let t = Instant::now();
    let tiles = biz.stock_summary().expect("estoque");
    println!(
        "| warm: Estoque's first stock_summary | {:.1} ms | {} active products |",
        ms(t),
        tiles.active
    );
    println!("| warm: summary_is_cheap | {} | |", biz.summary_is_cheap());
    let t = Instant::now();
    let _ = biz.summary(today).expect("resumo");
    println!("| warm: Início's summary | {:.1} ms | |", ms(t));
}

/// This thread's time on a CPU so far, in milliseconds (Linux): on a machine shared with
/// other work a call's wall time includes waiting for a core, this does not.
fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e6)
}

/// Warms `biz` `budget` records per call until done and prints the calls' times, on the
/// wall and on the CPU.
fn warm(biz: &retaguarda_core::Business, budget: usize) {
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    let mut records = 0;
    let all = Instant::now();
    loop {
        let (t, c) = (Instant::now(), cpu_ms());
        let p = biz.warm(budget).expect("aquecer");
        cpu.push(cpu_ms() - c);
        wall.push(ms(t));
        records += p.read;
        if p.done {
            break;
        }
    }
    let total = ms(all);
    let n = wall.len();
    let stats = |xs: &[f64]| {
        let mut sorted = xs.to_vec();
        sorted.sort_by(f64::total_cmp);
        let mut worst: Vec<(usize, f64)> = xs.iter().copied().enumerate().collect();
        worst.sort_by(|a, b| b.1.total_cmp(&a.1));
        let worst: Vec<String> = worst
            .iter()
            .take(4)
            .map(|(i, t)| format!("{t:.1} (call {i})"))
            .collect();
        format!(
            "median {:.2}, p95 {:.2}, longest {}",
            sorted[n / 2],
            sorted[(n * 95 / 100).min(n - 1)],
            worst.join(", ")
        )
    };
    println!(
        "| warm, {budget} records per call | {n} calls, {records} records, {total:.0} ms in all |"
    );
    println!("|   on the CPU, ms | {} |", stats(&cpu));
    println!("|   on the wall, ms | {} |", stats(&wall));
}

/// What the one-off parts of a warm-up cost over the entries: listing every id, counting
/// them, and listing 300 ids after a key in the middle.
fn pieces(biz: &retaguarda_core::Business) {
    use automerge::ReadDoc;
    let collection = retaguarda_core::ledger::ENTRIES;
    let t = Instant::now();
    let ids = biz.ids(collection).expect("ids");
    println!(
        "| every entry id (`ids`) | {:.1} ms | {} |",
        ms(t),
        ids.len()
    );
    let doc = biz.doc();
    let Ok(Some((_, obj))) = doc.get(automerge::ROOT, collection) else {
        return;
    };
    let t = Instant::now();
    let n = doc.length(&obj);
    println!("| the entries map's length | {:.2} ms | {n} |", ms(t));
    let middle = ids[ids.len() / 2].clone();
    let t = Instant::now();
    let chunk: Vec<String> = doc
        .map_range(
            &obj,
            (
                std::ops::Bound::Excluded(middle),
                std::ops::Bound::Unbounded,
            ),
        )
        .take(300)
        .map(|item| item.key.into_owned())
        .collect();
    println!(
        "| 300 ids after the middle one (`map_range`) | {:.2} ms | sorted as `ids`: {} |",
        ms(t),
        chunk.as_slice() == &ids[ids.len() / 2 + 1..ids.len() / 2 + 1 + chunk.len()]
    );
    println!(
        "| size of a kept entry `(Id, Entry)` | {} bytes |",
        std::mem::size_of::<(retaguarda_core::Id, retaguarda_core::ledger::Entry)>()
    );
}
