//! Probe: what the sale screen's path costs, step by step, natively. It loads a
//! `.retaguarda` backup as a fresh page would hold it (no list read yet), runs what the
//! sale screen reads before the click (the product search's stock levels, the accounts),
//! then the sale and what its receipt reads, twice: the first sale after a start, and the
//! next one.
//!
//! `cargo run --profile server -p retaguarda-core --example sale_probe -- shop.retaguarda`

use std::time::Instant;

use chrono::NaiveDate;
use retaguarda_core::inventory::{NewSale, PaymentMethod, SaleItem};
use retaguarda_core::ledger::AccountKind;
use retaguarda_core::{backup, Business, Device, OpCtx};
use rust_decimal::Decimal;

fn timed<T>(label: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    println!("| {label} | {:.1} ms |", t.elapsed().as_secs_f64() * 1e3);
    out
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("uso: sale_probe ARQUIVO.retaguarda");
        std::process::exit(2);
    };
    let file = std::fs::read(&path).expect("ler o backup");
    let device = Device::with_actor([7; 16], "probe");
    let mut biz = timed("Business::load", || {
        backup::read(&file, &device).expect("abrir o backup")
    });
    biz.mark_saved();
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default();
    let ctx = OpCtx::new(today, 1_796_000_000_000);
    // Before the click: the search's stock levels, the accounts of the payment select.
    let levels = timed("before: stock_levels (the search)", || {
        biz.stock_levels().expect("estoque")
    });
    let accounts = timed("before: accounts", || biz.accounts().expect("contas"));
    let product = levels
        .iter()
        .find(|l| l.product.active)
        .map(|l| l.id.clone())
        .expect("um produto ativo");
    let cash = accounts
        .iter()
        .find(|(_, a)| a.kind == AccountKind::Cash)
        .or_else(|| accounts.first())
        .map(|(id, _)| id.clone())
        .expect("uma conta");
    for pass in ["first sale", "next sale"] {
        let items = vec![SaleItem {
            product: product.clone(),
            quantity: Decimal::ONE,
            unit_price: None,
        }];
        let _ = timed(&format!("{pass}: quote_sale"), || {
            biz.quote_sale(&items, Decimal::ZERO).expect("cotação")
        });
        let sale = timed(&format!("{pass}: record_sale"), || {
            biz.record_sale(
                &ctx,
                NewSale {
                    date: today,
                    items,
                    discount: Decimal::ZERO,
                    method: PaymentMethod::Dinheiro,
                    account: Some(cash.clone()),
                    customer: None,
                    due_date: None,
                    beyond_stock: true,
                },
            )
            .expect("venda")
        });
        let _ = timed(&format!("{pass}: save_incremental"), || {
            biz.save_incremental()
        });
        receipt(&biz, &sale, &cash, today, pass);
    }
}

/// What the receipt read before issue 31's change (the sale, the account's balance, every
/// card receivable of the shop), then what it reads now (core's `sale_receipt`, then the
/// balance, which the screen reads after the receipt is drawn).
fn receipt(b: &Business, sale: &str, account: &str, today: NaiveDate, pass: &str) {
    let _ = timed(&format!("{pass}: old receipt: sale"), || b.sale(sale));
    let _ = timed(&format!("{pass}: old receipt: card_receivables"), || {
        b.card_receivables().map(|r| r.len())
    });
    let _ = timed(&format!("{pass}: receipt: sale_receipt"), || {
        b.sale_receipt(sale)
    });
    let _ = timed(&format!("{pass}: receipt: account_balance"), || {
        b.account_balance(account, today)
    });
}
