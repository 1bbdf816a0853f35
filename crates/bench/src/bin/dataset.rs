//! `retaguarda-dataset`: writes the deterministic shop dataset as a `.retaguarda` backup.

use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;
use retaguarda_bench::dataset::{generate, Spec, SEED};
use retaguarda_core::backup;

/// Generates three years of a busy shop through core's operations.
#[derive(Parser, Debug)]
#[command(name = "retaguarda-dataset")]
struct Args {
    /// 1.0 = 100,000 entries, 30,000 charges, 3,000 customers, 500 suppliers,
    /// 5,000 products, 200,000 stock movements, 30 staff, 36 payroll runs.
    #[arg(long, default_value_t = 1.0)]
    scale: f64,
    /// Devices that worked offline and were merged (1 or 3).
    #[arg(long, default_value_t = 1)]
    devices: u8,
    /// Seed of every choice.
    #[arg(long, default_value_t = SEED)]
    seed: u64,
    /// The backup file to write.
    #[arg(short, long)]
    output: PathBuf,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if !(args.scale > 0.0 && args.scale <= 10.0) {
        anyhow::bail!("a escala deve estar entre 0 e 10");
    }
    let spec = Spec {
        seed: args.seed,
        ..Spec::new(args.scale, args.devices)
    };
    let started = Instant::now();
    let mut data = generate(&spec)?;
    let generated = started.elapsed();
    let file = backup::write(&mut data.business);
    std::fs::write(&args.output, &file)?;
    let c = data.counts;
    println!("| dataset | value |");
    println!("| --- | --- |");
    println!("| scale / devices | {} / {} |", args.scale, spec.devices);
    println!(
        "| entries (direct) / payments | {} / {} |",
        c.entries, c.payments
    );
    println!("| charges | {} |", c.charges);
    println!(
        "| customers / suppliers | {} / {} |",
        c.customers, c.suppliers
    );
    println!(
        "| products / stock movements | {} / {} |",
        c.products, c.movements
    );
    println!(
        "| staff / payroll runs | {} / {} |",
        c.staff, c.payroll_runs
    );
    println!("| core operations (changes) | {} |", c.operations);
    println!(
        "| generation time | {:.1} s ({:.0} µs/op) |",
        generated.as_secs_f64(),
        generated.as_micros() as f64 / c.operations.max(1) as f64
    );
    println!(
        "| backup file | {} bytes ({:.2} MB) -> {} |",
        file.len(),
        file.len() as f64 / 1e6,
        args.output.display()
    );
    Ok(())
}
