//! Criterion benchmarks of core on a dataset-sized document: each operation, hydrating the
//! main lists, save, load, merging 1,000 concurrent changes, and the document's size on
//! disk and in memory (counted by an instrumented global allocator).
//!
//! Scale: `RETAGUARDA_BENCH_SCALE` (default 0.02, a few minutes on 2 cores).

use std::alloc::System;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use criterion::{BatchSize, Criterion};
use retaguarda_bench::dataset::{device, generate, start_date, Spec, DAYS};
use retaguarda_core::charges::{ChargeMethod, NewCharge, PayCharge};
use retaguarda_core::inventory::{
    MovementKind, NewMovement, NewProduct, NewSale, PaymentMethod, SaleItem, Unit,
};
use retaguarda_core::ledger::{EntryKind, NewEntry, NewPayment};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{Business, OpCtx};
use rust_decimal::Decimal;
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn today() -> NaiveDate {
    start_date() + Days::new(DAYS)
}

fn ctx(n: u64) -> OpCtx {
    OpCtx::new(today(), 1_798_000_000_000 + n as i64)
}

fn net_bytes(region: &Region<'_, System>) -> i64 {
    let s = region.change();
    // stats_alloc already counts a realloc's growth in bytes_allocated (and its shrinking in
    // bytes_deallocated); adding bytes_reallocated again counted every transient buffer
    // that grew.
    s.bytes_allocated as i64 - s.bytes_deallocated as i64
}

fn mb(bytes: i64) -> f64 {
    bytes as f64 / 1e6
}

fn main() {
    let scale: f64 = std::env::var("RETAGUARDA_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.02);
    let started = Instant::now();
    let mut data = generate(&Spec::new(scale, 1)).expect("dataset");
    let generated = started.elapsed();
    let mut biz = data.business;
    let saved = biz.save();

    // Size on disk and in memory.
    let region = Region::new(GLOBAL);
    let loaded = Business::load(&saved, &device(1, 9)).expect("load");
    let doc_mem = net_bytes(&region);
    let region = Region::new(GLOBAL);
    let entries = loaded.entries().expect("entries");
    let entries_mem = net_bytes(&region);
    drop(entries);
    drop(loaded);

    let accounts = biz.accounts().expect("accounts");
    let account = accounts[0].0.clone();
    let customer = biz.customers().expect("customers")[0].0.clone();
    let product = biz.products().expect("products")[0].0.clone();
    data.counts.operations += 0;
    let c = data.counts;

    println!();
    println!("| dataset (scale {scale}) | value |");
    println!("| --- | --- |");
    println!(
        "| entries / charges / parties | {} / {} / {} |",
        c.entries,
        c.charges,
        c.customers + c.suppliers
    );
    println!(
        "| products / movements / payroll runs | {} / {} / {} |",
        c.products, c.movements, c.payroll_runs
    );
    println!("| operations (changes) | {} |", c.operations);
    println!(
        "| generation through core ops | {:.1} s ({:.0} µs/op) |",
        generated.as_secs_f64(),
        generated.as_micros() as f64 / c.operations as f64
    );
    println!(
        "| save bytes (on disk) | {} ({:.2} MB) |",
        saved.len(),
        mb(saved.len() as i64)
    );
    println!(
        "| document in memory after load (net allocated) | {:.1} MB |",
        mb(doc_mem)
    );
    println!(
        "| hydrated entries list in memory | {:.1} MB |",
        mb(entries_mem)
    );
    println!();

    let mut cr = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    let mut n = 0u64;
    let mut next = || {
        n += 1;
        n
    };

    // ----- operations (each iteration is one Automerge change on the dataset) -----
    {
        let mut g = cr.benchmark_group("op");
        g.bench_function("create_entry", |b| {
            b.iter(|| {
                let i = next();
                biz.create_entry(
                    &ctx(i),
                    NewEntry::new(
                        EntryKind::Payable,
                        format!("Conta {i}"),
                        Decimal::new(12_345, 2),
                        today(),
                    ),
                )
                .expect("entry")
            })
        });
        g.bench_function("pay_entry", |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let i = next();
                    let id = biz
                        .create_entry(
                            &ctx(i),
                            NewEntry::new(
                                EntryKind::Payable,
                                format!("Conta {i}"),
                                Decimal::new(9_900, 2),
                                today(),
                            ),
                        )
                        .expect("entry");
                    let t = Instant::now();
                    biz.pay_entry(
                        &ctx(i),
                        &id,
                        NewPayment {
                            date: today(),
                            amount: Decimal::new(9_900, 2),
                            account: account.clone(),
                            note: None,
                        },
                    )
                    .expect("pay");
                    total += t.elapsed();
                }
                total
            })
        });
        g.bench_function("create_charge", |b| {
            b.iter(|| {
                let i = next();
                biz.create_charges(
                    &ctx(i),
                    NewCharge {
                        party: customer.clone(),
                        amount: Decimal::new(25_000, 2),
                        first_due_date: today() + Days::new(10),
                        method: ChargeMethod::Pix,
                        description: format!("Encomenda {i}"),
                        installments: 1,
                        category: None,
                        account: Some(account.clone()),
                    },
                )
                .expect("charge")
            })
        });
        g.bench_function("pay_charge", |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let i = next();
                    let ids = biz
                        .create_charges(
                            &ctx(i),
                            NewCharge {
                                party: customer.clone(),
                                amount: Decimal::new(25_000, 2),
                                first_due_date: today() + Days::new(10),
                                method: ChargeMethod::Pix,
                                description: format!("Encomenda {i}"),
                                installments: 1,
                                category: None,
                                account: Some(account.clone()),
                            },
                        )
                        .expect("charge");
                    let t = Instant::now();
                    biz.pay_charge(
                        &ctx(i),
                        &ids[0],
                        PayCharge {
                            date: today(),
                            account: account.clone(),
                        },
                    )
                    .expect("pay");
                    total += t.elapsed();
                }
                total
            })
        });
        g.bench_function("create_party", |b| {
            b.iter(|| {
                let i = next();
                biz.create_party(&ctx(i), PartyInput::customer(format!("Cliente {i}")))
                    .expect("party")
            })
        });
        g.bench_function("create_product", |b| {
            b.iter(|| {
                let i = next();
                biz.create_product(
                    &ctx(i),
                    NewProduct {
                        sku: format!("BENCH-{i}"),
                        gtin: None,
                        name: format!("Produto {i}"),
                        unit: Unit::Un,
                        cost: Decimal::new(500, 2),
                        price: Decimal::new(900, 2),
                        reorder_point: None,
                        reorder_quantity: None,
                        supplier: None,
                    },
                )
                .expect("product")
            })
        });
        g.bench_function("record_movement_with_cost", |b| {
            b.iter(|| {
                let i = next();
                biz.record_movement(
                    &ctx(i),
                    NewMovement {
                        product: product.clone(),
                        date: today(),
                        kind: MovementKind::Return,
                        quantity: Decimal::ONE,
                        unit_cost: Some(Decimal::new(500, 2)),
                        reason: None,
                    },
                )
                .expect("movement")
            })
        });
        g.bench_function("record_movement_average_cost", |b| {
            b.iter(|| {
                let i = next();
                biz.record_movement(
                    &ctx(i),
                    NewMovement {
                        product: product.clone(),
                        date: today(),
                        kind: MovementKind::Return,
                        quantity: Decimal::ONE,
                        unit_cost: None,
                        reason: None,
                    },
                )
                .expect("movement")
            })
        });
        g.bench_function("record_sale", |b| {
            b.iter(|| {
                let i = next();
                biz.record_sale(
                    &ctx(i),
                    NewSale {
                        date: today(),
                        items: vec![SaleItem {
                            product: product.clone(),
                            quantity: Decimal::ONE,
                            unit_price: None,
                        }],
                        discount: Decimal::ZERO,
                        method: PaymentMethod::Pix,
                        account: Some(account.clone()),
                        customer: None,
                        due_date: None,
                        beyond_stock: true,
                    },
                )
                .expect("sale")
            })
        });
        g.finish();
    }

    // ----- hydrating the main lists -----
    // The operation benchmarks above added records, so say how big the lists now are.
    println!(
        "| lists hydrated below: entries / charges / parties / products / movements | {} / {} / {} / {} / {} |",
        biz.ids("entries").map(|v| v.len()).unwrap_or(0),
        biz.ids("charges").map(|v| v.len()).unwrap_or(0),
        biz.ids("parties").map(|v| v.len()).unwrap_or(0),
        biz.ids("products").map(|v| v.len()).unwrap_or(0),
        biz.ids("movements").map(|v| v.len()).unwrap_or(0),
    );
    {
        let mut g = cr.benchmark_group("hydrate");
        g.bench_function("entries", |b| {
            b.iter(|| biz.entries().expect("entries").len())
        });
        g.bench_function("charges", |b| {
            b.iter(|| biz.charges(today()).expect("charges").len())
        });
        g.bench_function("customers", |b| {
            b.iter(|| biz.customers().expect("customers").len())
        });
        g.bench_function("products", |b| {
            b.iter(|| biz.products().expect("products").len())
        });
        g.bench_function("stock_movements", |b| {
            b.iter(|| biz.stock_movements().expect("movements").len())
        });
        g.bench_function("stock_levels", |b| {
            b.iter(|| biz.stock_levels().expect("levels").len())
        });
        g.bench_function("payroll_runs", |b| {
            b.iter(|| biz.payroll_runs().expect("runs").len())
        });
        g.finish();
    }

    // ----- persistence -----
    let saved = biz.save();
    {
        let mut g = cr.benchmark_group("persist");
        g.bench_function("save", |b| b.iter(|| biz.save().len()));
        g.bench_function("save_incremental_after_one_op", |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let i = next();
                    biz.create_party(&ctx(i), PartyInput::customer(format!("Cliente {i}")))
                        .expect("party");
                    let t = Instant::now();
                    let _ = biz.save_incremental();
                    total += t.elapsed();
                }
                total
            })
        });
        g.bench_function("load", |b| {
            b.iter(|| Business::load(&saved, &device(1, 9)).expect("load"))
        });
        g.finish();
    }

    // ----- merge of 1,000 concurrent changes -----
    {
        let mut a = Business::load(&saved, &device(1, 10)).expect("load a");
        let mut other = Business::load(&saved, &device(1, 11)).expect("load b");
        let base = other.heads();
        for i in 0..500u64 {
            a.create_entry(
                &ctx(i),
                NewEntry::new(
                    EntryKind::Receivable,
                    format!("A {i}"),
                    Decimal::new(1000, 2),
                    today(),
                ),
            )
            .expect("a");
            other
                .create_entry(
                    &ctx(i),
                    NewEntry::new(
                        EntryKind::Receivable,
                        format!("B {i}"),
                        Decimal::new(1000, 2),
                        today(),
                    ),
                )
                .expect("b");
        }
        let theirs = other.changes_since(&base);
        let a_saved = a.save();
        let mut g = cr.benchmark_group("merge");
        g.sample_size(10);
        g.bench_function("apply_500_remote_onto_500_local_concurrent", |b| {
            b.iter_batched(
                || {
                    (
                        Business::load(&a_saved, &device(1, 10)).expect("load"),
                        theirs.clone(),
                    )
                },
                |(mut doc, changes)| doc.apply_changes(changes).expect("merge"),
                BatchSize::LargeInput,
            )
        });
        let mut all = Business::load(&saved, &device(1, 12)).expect("load");
        let before = all.heads();
        for i in 0..1000u64 {
            all.create_entry(
                &ctx(i),
                NewEntry::new(
                    EntryKind::Receivable,
                    format!("C {i}"),
                    Decimal::new(1000, 2),
                    today(),
                ),
            )
            .expect("c");
        }
        let thousand = all.changes_since(&before);
        g.bench_function("apply_1000_remote", |b| {
            b.iter_batched(
                || {
                    (
                        Business::load(&saved, &device(1, 13)).expect("load"),
                        thousand.clone(),
                    )
                },
                |(mut doc, changes)| doc.apply_changes(changes).expect("merge"),
                BatchSize::LargeInput,
            )
        });
        g.finish();
    }
    cr.final_summary();
}
