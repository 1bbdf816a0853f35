//! Probe: whether a document can be loaded in slices (changes applied in batches) instead
//! of one `load`, and what each batch costs.
//!
//! `cargo run --profile server -p retaguarda-core --example slice_probe -- shop.retaguarda [batch]`

use std::time::Instant;

use automerge::AutoCommit;
use retaguarda_core::{backup, Device};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("backup path");
    let batch: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(2000);
    let file = std::fs::read(&path).expect("read");
    let device = Device::new("probe");
    let t = Instant::now();
    let biz = backup::read(&file, &device).expect("abrir");
    println!("backup::read {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    let mut doc = biz.doc().clone();
    let t = Instant::now();
    let saved = doc.save();
    println!(
        "save {:.0} ms, {} bytes",
        t.elapsed().as_secs_f64() * 1e3,
        saved.len()
    );
    let t = Instant::now();
    let _loaded = AutoCommit::load(&saved).unwrap();
    println!("AutoCommit::load {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    let changes: Vec<_> = doc.get_changes(&[]);
    println!("{} changes", changes.len());
    let mut fresh = AutoCommit::new();
    let t = Instant::now();
    let mut worst = 0.0f64;
    for chunk in changes.chunks(batch) {
        let s = Instant::now();
        fresh.apply_changes(chunk.iter().cloned()).unwrap();
        worst = worst.max(s.elapsed().as_secs_f64());
    }
    println!(
        "apply_changes in batches of {batch}: total {:.0} ms, worst batch {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3,
        worst * 1e3
    );
}
