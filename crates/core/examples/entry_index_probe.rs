//! Probe: what Caixa's list costs per change, natively. It loads a `.retaguarda` backup as
//! a fresh page holds it, reads Caixa's default view once (the first read hydrates the
//! ledger), then after each everyday change (a new entry, its partial payment, the rest
//! of it, a cancelled entry), 20 rounds, times `entry_index` and the rows of the first
//! window as the screen reads them after the change, and prints the median and the worst
//! of each.
//!
//! `cargo run --profile server -p retaguarda-core --example entry_index_probe -- shop.retaguarda`

use std::time::Instant;

use chrono::NaiveDate;
use retaguarda_core::ledger::listing::EntryFilter;
use retaguarda_core::ledger::{EntryKind, NewEntry, NewPayment};
use retaguarda_core::{backup, Business, Device, OpCtx};
use rust_decimal::Decimal;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

/// The screen's reads after a change: the index, then the rows of the first window.
fn read(biz: &Business, today: NaiveDate) -> (f64, f64, usize) {
    let t = Instant::now();
    let index = biz
        .entry_index(&EntryFilter::default(), today)
        .expect("índice");
    let index_ms = ms(t);
    let t = Instant::now();
    let window: Vec<String> = index.ids.iter().take(30).cloned().collect();
    let rows = biz.entry_rows(&window, today).expect("linhas");
    assert_eq!(rows.len(), 30);
    (index_ms, ms(t), index.ids.len())
}

fn show(label: &str, mut times: Vec<(f64, f64, usize)>) {
    let n = times.len();
    let pick = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (v[n / 2], v[n - 1])
    };
    let (i50, imax) = pick(&mut times.iter().map(|t| t.0).collect());
    let (r50, rmax) = pick(&mut times.iter().map(|t| t.1).collect());
    let len = times.pop().map_or(0, |t| t.2);
    println!("| {label} | {i50:.2} / {imax:.2} ms | {r50:.2} / {rmax:.2} ms | {len} |");
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("uso: entry_index_probe ARQUIVO.retaguarda");
        std::process::exit(2);
    };
    let file = std::fs::read(&path).expect("ler o backup");
    let device = Device::with_actor([7; 16], "probe");
    let t = Instant::now();
    let mut biz = backup::read(&file, &device).expect("abrir o backup");
    biz.mark_saved();
    println!("| Business::load | {:.0} ms |", ms(t));
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default();
    let ctx = OpCtx::new(today, 1_796_000_000_000);
    let account = biz
        .accounts()
        .expect("contas")
        .into_iter()
        .find(|(_, a)| !a.archived)
        .map(|(id, _)| id)
        .expect("uma conta");
    println!(
        "| read (median / worst) | entry_index | rows of the window | entries |\n| --- | --- | --- | --- |"
    );
    show("first read after the load", vec![read(&biz, today)]);
    show(
        "again, no change",
        (0..20).map(|_| read(&biz, today)).collect(),
    );
    let mut times: [Vec<(f64, f64, usize)>; 4] = Default::default();
    for round in 1..=20 {
        let entry = biz
            .create_entry(
                &ctx,
                NewEntry::new(
                    EntryKind::Payable,
                    format!("Probe {round}"),
                    Decimal::new(10_000, 2),
                    today,
                ),
            )
            .expect("lançamento");
        times[0].push(read(&biz, today));
        let pay = |amount: i64| NewPayment {
            date: today,
            amount: Decimal::new(amount, 2),
            account: account.clone(),
            note: None,
        };
        biz.pay_entry(&ctx, &entry, pay(4_000)).expect("pagamento");
        times[1].push(read(&biz, today));
        biz.pay_entry(&ctx, &entry, pay(6_000)).expect("pagamento");
        times[2].push(read(&biz, today));
        let other = biz
            .create_entry(
                &ctx,
                NewEntry::new(
                    EntryKind::Receivable,
                    format!("Probe cancelado {round}"),
                    Decimal::new(5_000, 2),
                    today,
                ),
            )
            .expect("lançamento");
        biz.cancel_entry(&ctx, &other, None).expect("cancelar");
        times[3].push(read(&biz, today));
    }
    let [created, partial, rest, cancelled] = times;
    show("after a new entry", created);
    show("after a partial payment", partial);
    show("after paying the rest", rest);
    show("after a new entry and its cancel", cancelled);
    builds(&biz);
}

/// How many times the index passed over every entry (this branch's counter).
fn builds(biz: &Business) {
    println!(
        "entry_index passes over every entry: {}",
        biz.entry_index_builds()
    );
}
