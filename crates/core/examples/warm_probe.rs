//! Probe: the ledger warmed in steps after a start (`Business::warm`), natively. It loads
//! a `.retaguarda` backup as a fresh page holds it, times the first account balance of a
//! cold copy (what a first sale's receipt cost before), then warms the original `budget`
//! records per step (default 300) and prints the steps' median and worst time and the
//! total, then the first account balance, Caixa's first index, Estoque's first tiles and
//! Início's summary after the warm-up. Estoque's first tiles are timed on a cold copy too
//! (what the stock index cost in the first read after a start before it was warmed).
//!
//! `cargo run --profile server -p retaguarda-core --example warm_probe -- shop.retaguarda [budget]`

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
    let budget: usize = args.next().and_then(|b| b.parse().ok()).unwrap_or(300);
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
    let mut steps = Vec::new();
    let mut records = 0;
    let all = Instant::now();
    loop {
        let t = Instant::now();
        let p = biz.warm(budget).expect("aquecer");
        steps.push(ms(t));
        records += p.read;
        if p.done {
            break;
        }
    }
    let total = ms(all);
    let n = steps.len();
    let mut sorted = steps.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "| warm, {budget} records per step | {n} steps, {records} records | median {:.2} ms, p95 {:.2} ms, worst {:.2} ms | total {total:.0} ms |",
        sorted[n / 2],
        sorted[(n * 95 / 100).min(n - 1)],
        sorted[n - 1]
    );
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
