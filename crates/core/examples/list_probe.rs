//! Probe: what Estoque's products list and Clientes read per change and per search
//! keystroke, natively (issue 31). It loads a `.retaguarda` backup, reads what the two
//! screens read when they open, then types a search letter by letter, makes a change (a
//! stock movement; a party renamed) and reads again. Each read is timed three times: the
//! first run and the median are printed.
//!
//! `cargo run --profile server -p retaguarda-core --example list_probe -- shop.retaguarda`

use std::time::Instant;

use chrono::NaiveDate;
use retaguarda_core::inventory::{MovementKind, NewMovement};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{backup, Business, CoreResult, Device, OpCtx};
use rust_decimal::Decimal;

/// Runs `f` three times and prints the first run (what a change costs the screen's first
/// read after it) and the median (a read again with nothing changed).
fn timed<T>(label: &str, mut f: impl FnMut() -> T) -> T {
    let mut times = Vec::new();
    let mut out = None;
    for _ in 0..3 {
        let t = Instant::now();
        out = Some(f());
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let first = times[0];
    times.sort_by(f64::total_cmp);
    println!("| {label} | {first:.2} ms | {:.2} ms |", times[1]);
    out.unwrap_or_else(|| unreachable!())
}

/// What Estoque's products tab read before issue 31's windows: every product's stock level
/// (a replay of every movement), filtered by the search as the screen did.
fn old_products(b: &Business, search: &str) -> CoreResult<usize> {
    let term = search.trim().to_lowercase();
    Ok(b.stock_levels()?
        .into_iter()
        .filter(|l| {
            term.is_empty()
                || l.product.name.to_lowercase().contains(&term)
                || l.product.sku.to_lowercase().contains(&term)
                || l.product.gtin.as_deref().is_some_and(|g| g.contains(&term))
        })
        .count())
}

/// What Estoque's tiles read per change before: three passes over the stock levels.
fn old_tiles(b: &Business) -> CoreResult<usize> {
    let levels = b.stock_levels()?;
    let _ = b.inventory_value()?;
    Ok(levels.len() + b.replenishment()?.len())
}

/// What Estoque's products tab reads now for a search: the index, then the first window.
fn new_products(b: &Business, search: &str) -> CoreResult<usize> {
    let index = b.product_index(search)?;
    let end = index.len().min(WINDOW);
    Ok(b.product_rows(&index.ids()[..end])?.len())
}

/// What Clientes reads now for a search: the index, then the first window.
fn new_parties(b: &Business, search: &str) -> CoreResult<usize> {
    let index = b.party_index(search)?;
    let end = index.len().min(WINDOW);
    Ok(b.party_rows(&index.ids()[..end])?.len())
}

/// Rows the screens draw first.
const WINDOW: usize = 30;

/// Estoque's and Clientes' reads, per change and per keystroke: the screens' reads before
/// issue 31's windows ("old", which with this build's core already reuse the kept stock
/// positions) and now ("new").
fn reads(b: &Business, when: &str) {
    let _ = timed(
        &format!("{when}: Estoque tiles, new (stock_summary)"),
        || b.stock_summary(),
    );
    let _ = timed(
        &format!("{when}: Estoque list, new (product_index + 30 rows)"),
        || new_products(b, ""),
    );
    for search in ["c", "ca", "caf"] {
        let _ = timed(
            &format!("{when}: Estoque keystroke {search:?}, new"),
            || new_products(b, search),
        );
    }
    let _ = timed(
        &format!("{when}: Clientes list, new (party_index + 30 rows)"),
        || new_parties(b, ""),
    );
    for search in ["m", "ma", "mar"] {
        let _ = timed(
            &format!("{when}: Clientes keystroke {search:?}, new"),
            || new_parties(b, search),
        );
    }
    let _ = timed(
        &format!("{when}: Estoque tiles, old (stock_levels x3)"),
        || old_tiles(b),
    );
    let _ = timed(
        &format!("{when}: Estoque list, old (stock_levels + filter)"),
        || old_products(b, ""),
    );
    for search in ["c", "ca", "caf"] {
        let _ = timed(
            &format!("{when}: Estoque keystroke {search:?}, old"),
            || old_products(b, search),
        );
    }
    let _ = timed(
        &format!("{when}: Clientes list, old (find_parties)"),
        || b.find_parties("").map(|p| p.len()),
    );
    for search in ["m", "ma", "mar"] {
        let _ = timed(
            &format!("{when}: Clientes keystroke {search:?}, old"),
            || b.find_parties(search).map(|p| p.len()),
        );
    }
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("uso: list_probe ARQUIVO.retaguarda");
        std::process::exit(2);
    };
    let file = std::fs::read(&path).expect("ler o backup");
    let device = Device::with_actor([7; 16], "probe");
    let t = Instant::now();
    let mut biz = backup::read(&file, &device).expect("abrir o backup");
    println!(
        "| Business::load | {:.0} ms |",
        t.elapsed().as_secs_f64() * 1e3
    );
    biz.mark_saved();
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default();
    let ctx = OpCtx::new(today, 1_796_000_000_000);
    reads(&biz, "first read");
    reads(&biz, "again, no change");
    let product = biz
        .stock_levels()
        .expect("estoque")
        .into_iter()
        .find(|l| l.product.active)
        .map(|l| l.id)
        .expect("um produto ativo");
    let t = Instant::now();
    biz.record_movement(
        &ctx,
        NewMovement {
            product,
            date: today,
            kind: MovementKind::Adjustment,
            quantity: Decimal::ONE,
            unit_cost: None,
            reason: Some("contagem".into()),
        },
    )
    .expect("movimento");
    println!(
        "| record_movement | {:.1} ms |",
        t.elapsed().as_secs_f64() * 1e3
    );
    reads(&biz, "after a movement");
    let (party, p) = biz
        .find_parties("")
        .expect("clientes")
        .into_iter()
        .next()
        .expect("um cliente");
    let mut input = PartyInput::customer(format!("{} (novo nome)", p.name));
    input.is_supplier = p.is_supplier;
    biz.update_party(&ctx, &party, input).expect("renomear");
    reads(&biz, "after a rename");
}
