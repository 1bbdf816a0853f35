//! Probe: where does hydrating a collection spend its time? Compares the per-key read of
//! `read_list` with one iteration of the collection map, and with a reader that fetches
//! each record's fields in one `map_range` instead of one seek per field.
//!
//! `cargo run --profile server -p retaguarda-core --example hydrate_probe [saved-doc]`
//!
//! Without a file it builds a document of 4,000 entries (half of them paid) and 5,000
//! movements of 100 products through core's operations, one change each, and saves it to
//! `/tmp/hydrate-probe.automerge` for the next run.

use std::time::Instant;

use automerge::{AutoCommit, ObjType, ReadDoc as _, Value, ROOT};
use autosurgeon::Hydrate;
use chrono::{Days, NaiveDate};
use retaguarda_core::inventory::{Movement, MovementKind, NewMovement, NewProduct, Unit};
use retaguarda_core::ledger::{AccountKind, Entry, EntryKind, NewAccount, NewEntry, NewPayment};
use retaguarda_core::reader::hydrate_record;
use retaguarda_core::{Business, Device, OpCtx};
use rust_decimal::Decimal;

fn best<T>(label: &str, n: usize, mut f: impl FnMut() -> T) -> T {
    let mut out = None;
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        out = Some(f());
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "| {label} | {:.1} ms | {:.1} µs/record |",
        best * 1e3,
        best * 1e6 / n.max(1) as f64
    );
    out.unwrap_or_else(|| unreachable!())
}

fn probe<T: Hydrate + PartialEq>(doc: &AutoCommit, name: &str) {
    let Some((Value::Object(ObjType::Map), coll)) = doc.get(ROOT, name).unwrap() else {
        return;
    };
    let n = doc.keys(&coll).count();
    println!("\n{name}: {n} records\n");
    best("keys only", n, || doc.keys(&coll).count());
    best("map_range only", n, || doc.map_range(&coll, ..).count());
    best("doc.get per key (no hydrate)", n, || {
        doc.keys(&coll)
            .filter(|k| doc.get(&coll, k.as_str()).unwrap().is_some())
            .count()
    });
    let a: Vec<(String, T)> = best("A: keys + hydrate_prop per key (read_list)", n, || {
        doc.keys(&coll)
            .map(|k| {
                let v = autosurgeon::hydrate_prop(doc, &coll, k.as_str()).unwrap();
                (k, v)
            })
            .collect()
    });
    let b: Vec<(String, T)> = best("B: map_range + hydrate_map by ObjId", n, || {
        doc.map_range(&coll, ..)
            .map(|i| (i.key.to_string(), T::hydrate_map(doc, &i.id()).unwrap()))
            .collect()
    });
    let c: Vec<(String, T)> = best(
        "C: B, fields of each record read in one map_range",
        n,
        || {
            doc.map_range(&coll, ..)
                .map(|i| {
                    let record = hydrate_record(doc, &i.id()).unwrap();
                    (i.key.to_string(), record)
                })
                .collect()
        },
    );
    assert!(a == b && b == c, "the three reads disagree");
}

fn build() -> Business {
    let day0 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let mut n = 0i64;
    let mut ctx = |d: u64| {
        n += 1;
        OpCtx::new(day0 + Days::new(d), 1_767_225_600_000 + n)
    };
    let dev = Device::with_actor([1; 16], "Probe");
    let mut biz = Business::create(&dev, "Probe", &ctx(0)).expect("create");
    let acc = biz
        .create_account(
            &ctx(0),
            NewAccount {
                name: "Caixa".into(),
                kind: AccountKind::Cash,
                opening_balance: Decimal::ZERO,
                opening_date: day0,
            },
        )
        .expect("account");
    for i in 0..4000u64 {
        let id = biz
            .create_entry(
                &ctx(i % 300),
                NewEntry::new(
                    EntryKind::Payable,
                    format!("Conta {i}"),
                    Decimal::new(1000 + i as i64, 2),
                    day0 + Days::new(i % 300),
                ),
            )
            .expect("entry");
        if i % 2 == 0 {
            biz.pay_entry(
                &ctx(i % 300),
                &id,
                NewPayment {
                    date: day0 + Days::new(i % 300),
                    amount: Decimal::new(1000 + i as i64, 2),
                    account: acc.clone(),
                    note: None,
                },
            )
            .expect("pay");
        }
    }
    let mut products = Vec::new();
    for p in 0..100u64 {
        let id = biz
            .create_product(
                &ctx(0),
                NewProduct {
                    sku: format!("P{p}"),
                    gtin: None,
                    name: format!("Produto {p}"),
                    unit: Unit::Un,
                    cost: Decimal::new(500, 2),
                    price: Decimal::new(900, 2),
                    reorder_point: None,
                    reorder_quantity: None,
                    supplier: None,
                },
            )
            .expect("product");
        products.push(id);
    }
    for m in 0..5000u64 {
        biz.record_movement(
            &ctx(m % 300),
            NewMovement {
                product: products[(m % 100) as usize].clone(),
                date: day0 + Days::new(m % 300),
                kind: MovementKind::Adjustment,
                quantity: Decimal::ONE,
                unit_cost: Some(Decimal::new(500, 2)),
                reason: Some("Contagem".into()),
            },
        )
        .expect("movement");
    }
    biz
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/hydrate-probe.automerge".into());
    let dev = Device::with_actor([2; 16], "Probe 2");
    let biz = match std::fs::read(&path) {
        Ok(bytes) => Business::load(&bytes, &dev).expect("load"),
        Err(_) => {
            let t = Instant::now();
            let mut biz = build();
            println!("built in {:.1} s", t.elapsed().as_secs_f64());
            std::fs::write(&path, biz.save()).expect("write");
            biz
        }
    };
    probe::<Entry>(biz.doc(), "entries");
    probe::<Movement>(biz.doc(), "movements");
}
