//! A small business written to a `.retaguarda` file for the backup, export and import
//! command tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::NaiveDate;
use retaguarda_core::backup;
use retaguarda_core::ledger::categories::{RENT, SUPPLIES};
use retaguarda_core::ledger::{AccountKind, EntryKind, NewAccount, NewEntry, NewPayment};
use retaguarda_core::{Business, Device, OpCtx};
use rust_decimal::Decimal;

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Bank (1000,00) and cash (50,00); rent 800,00 due 05/03 open; flour 300,00 paid 01/02
/// from the bank (Insumos); a receivable 45,90 open with no category.
pub fn book() -> Business {
    let ctx = OpCtx::new(date("2026-03-10"), 1_773_144_000_000);
    let mut biz = Business::create(
        &Device::with_actor([1; 16], "Celular da Ana"),
        "Padaria Pão Quente",
        &ctx,
    )
    .unwrap();
    let bank = biz
        .create_account(
            &ctx,
            NewAccount {
                name: "Banco do Brasil".into(),
                kind: AccountKind::Bank,
                opening_balance: dec("1000.00"),
                opening_date: date("2026-01-01"),
            },
        )
        .unwrap();
    biz.create_account(
        &ctx,
        NewAccount {
            name: "Caixa".into(),
            kind: AccountKind::Cash,
            opening_balance: dec("50.00"),
            opening_date: date("2026-01-01"),
        },
    )
    .unwrap();
    let mut rent = NewEntry::new(
        EntryKind::Payable,
        "Aluguel de março",
        dec("800.00"),
        date("2026-03-05"),
    );
    rent.category = Some(RENT.into());
    biz.create_entry(&ctx, rent).unwrap();
    let mut flour = NewEntry::new(
        EntryKind::Payable,
        "Farinha Moinho Dias",
        dec("300.00"),
        date("2026-02-01"),
    );
    flour.category = Some(SUPPLIES.into());
    let f = biz.create_entry(&ctx, flour).unwrap();
    biz.pay_entry(
        &ctx,
        &f,
        NewPayment {
            date: date("2026-02-01"),
            amount: dec("300.00"),
            account: bank,
            note: None,
        },
    )
    .unwrap();
    biz.create_entry(
        &ctx,
        NewEntry::new(
            EntryKind::Receivable,
            "Encomenda; bolo",
            dec("45.90"),
            date("2026-03-20"),
        ),
    )
    .unwrap();
    biz
}

/// Writes [`book`] as `padaria.retaguarda` in `dir`.
pub fn write_book(dir: &Path) -> PathBuf {
    let path = dir.join("padaria.retaguarda");
    std::fs::write(&path, backup::write(&mut book())).unwrap();
    path
}

/// Opens a backup file written by the command.
pub fn read_book(path: &Path) -> Business {
    backup::read(
        &std::fs::read(path).unwrap(),
        &Device::with_actor([2; 16], "Teste"),
    )
    .unwrap()
}
