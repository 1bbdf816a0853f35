//! Probe: what a new charge made through Cobranças costs, step by step, natively. It loads
//! a `.retaguarda` backup as a fresh page holds it, reads what Cobranças and its form read
//! before the click (the board's index and window, the customers, the carteiras, the
//! settings), optionally warms the ledger `warm` records first (where the page's warm-up
//! may be when the click lands), then creates a charge for a new customer as the form does
//! and times each read the screen makes after it: the form's customers, the board again,
//! and the charge's page (`charge_detail`, with its Pix code). Three charges in a row: the
//! first after a start, then two more.
//!
//! `cargo run --profile server -p retaguarda-core --example charge_probe -- shop.retaguarda [warm]`

use std::time::Instant;

use chrono::NaiveDate;
use retaguarda_core::charges::{ChargeCustomer, ChargeMethod, ChargeRequest, ChargeStatus};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{backup, Device, OpCtx};
use rust_decimal::Decimal;

/// This thread's time on a CPU so far, in milliseconds (Linux): a figure that waiting for
/// a core on a shared machine does not inflate.
fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e6)
}

fn timed<T>(label: &str, f: impl FnOnce() -> T) -> T {
    let (t, c) = (Instant::now(), cpu_ms());
    let out = f();
    println!(
        "| {label} | {:.1} ms CPU | {:.1} ms wall |",
        cpu_ms() - c,
        t.elapsed().as_secs_f64() * 1e3
    );
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("uso: charge_probe ARQUIVO.retaguarda [registros aquecidos]");
        std::process::exit(2);
    };
    let warm: usize = args.next().and_then(|w| w.parse().ok()).unwrap_or(0);
    let file = std::fs::read(&path).expect("ler o backup");
    let device = Device::with_actor([7; 16], "probe");
    let mut biz = timed("Business::load", || {
        backup::read(&file, &device).expect("abrir o backup")
    });
    biz.mark_saved();
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default();
    let ctx = OpCtx::new(today, 1_796_000_000_000);
    let index = timed("before: charge_index (the board)", || {
        biz.charge_index(today, "").expect("índice")
    });
    let window: Vec<_> = index
        .ids(ChargeStatus::Pending)
        .iter()
        .take(30)
        .cloned()
        .collect();
    timed("before: charge_rows (30)", || {
        biz.charge_rows(&window, today).expect("linhas")
    });
    timed("before: customers (the form)", || {
        biz.customers().expect("clientes")
    });
    timed("before: carteiras", || biz.carteiras().expect("carteiras"));
    timed("before: settings", || biz.settings().expect("ajustes"));
    if warm > 0 {
        timed(&format!("before: warm {warm} records"), || {
            let mut left = warm;
            while left > 0 {
                let p = biz.warm(left.min(300)).expect("aquecer");
                left = left.saturating_sub(p.read.max(1));
                if p.done {
                    break;
                }
            }
        });
    }
    if std::env::var_os("PROBE_OP_FIRST").is_some() {
        // Another operation first: what the first operation after a start costs whatever
        // it is.
        timed("before: create_party (an operation first)", || {
            biz.create_party(&ctx, PartyInput::customer("Outro cliente"))
                .expect("cliente")
        });
        timed("before: a second create_party", || {
            biz.create_party(&ctx, PartyInput::customer("Mais um cliente"))
                .expect("cliente")
        });
    }
    for pass in 0..3 {
        let request = ChargeRequest {
            customer: ChargeCustomer::New(PartyInput::customer(format!("Cliente probe {pass}"))),
            amount: Decimal::new(4560, 2),
            first_due_date: today,
            method: ChargeMethod::Pix,
            description: format!("Cobrança probe {pass}"),
            installments: 1,
            carteira: None,
            boleto_terms: None,
        };
        let ids = timed(&format!("{pass}: create_charge_with_customer"), || {
            biz.create_charge_with_customer(&ctx, request)
                .expect("cobrança")
        });
        timed(&format!("{pass}: save_incremental"), || {
            biz.save_incremental().len()
        });
        timed(&format!("{pass}: take_changed"), || biz.take_changed());
        timed(&format!("{pass}: customers (the form)"), || {
            biz.customers().expect("clientes")
        });
        let index = timed(&format!("{pass}: charge_index (the board)"), || {
            biz.charge_index(today, "").expect("índice")
        });
        timed(
            &format!("{pass}: charge_index again, nothing changed"),
            || biz.charge_index(today, "").expect("índice"),
        );
        let window: Vec<_> = index
            .ids(ChargeStatus::Pending)
            .iter()
            .take(30)
            .cloned()
            .collect();
        timed(&format!("{pass}: charge_rows (30)"), || {
            biz.charge_rows(&window, today).expect("linhas")
        });
        let detail = timed(&format!("{pass}: charge_detail (its page)"), || {
            biz.charge_detail(&ids[0], today).expect("detalhe")
        });
        let pix = detail.map(|d| format!("{:?}", d.pix).chars().take(24).collect::<String>());
        println!("|   the page's Pix | {pix:?} |");
    }
}
