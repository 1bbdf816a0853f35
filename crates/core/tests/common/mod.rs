//! Helpers shared by the integration tests.
#![allow(dead_code)]

use chrono::NaiveDate;
use retaguarda_core::charges::{ChargeMethod, NewCharge};
use retaguarda_core::inventory::{NewProduct, Unit};
use retaguarda_core::ledger::{AccountKind, EntryKind, NewAccount, NewEntry, NewPayment};
use retaguarda_core::{Business, Device, Id, OpCtx};
use rust_decimal::Decimal;
use std::str::FromStr;

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("test decimal")
}

/// A context on 2026-03-10 at noon UTC.
pub fn ctx() -> OpCtx {
    ctx_on("2026-03-10")
}

pub fn ctx_on(day: &str) -> OpCtx {
    let d = date(day);
    let ms = d
        .and_hms_opt(12, 0, 0)
        .expect("noon")
        .and_utc()
        .timestamp_millis();
    OpCtx::new(d, ms)
}

pub fn device(name: &str, n: u8) -> Device {
    Device::with_actor([n; 16], name)
}

pub fn new_business() -> Business {
    Business::create(&device("Celular da Ana", 1), "Padaria Pão Quente", &ctx()).expect("create")
}

pub fn cash_account(biz: &mut Business, opening: &str) -> Id {
    biz.create_account(
        &ctx(),
        NewAccount {
            name: "Caixa da loja".into(),
            kind: AccountKind::Cash,
            opening_balance: dec(opening),
            opening_date: date("2026-01-01"),
        },
    )
    .expect("account")
}

pub fn bank_account(biz: &mut Business, opening: &str) -> Id {
    biz.create_account(
        &ctx(),
        NewAccount {
            name: "Banco".into(),
            kind: AccountKind::Bank,
            opening_balance: dec(opening),
            opening_date: date("2026-01-01"),
        },
    )
    .expect("account")
}

/// Asserts that `f` fails and leaves the saved bytes identical.
pub fn assert_rejected_unchanged<T: std::fmt::Debug>(
    biz: &mut Business,
    f: impl FnOnce(&mut Business) -> Result<T, retaguarda_core::CoreError>,
) -> retaguarda_core::CoreError {
    let before = biz.save();
    let heads = biz.heads();
    let err = f(biz).expect_err("the operation should be rejected");
    assert_eq!(
        biz.heads(),
        heads,
        "heads changed after a rejected operation"
    );
    assert_eq!(
        biz.save(),
        before,
        "document bytes changed after a rejected operation"
    );
    err
}

/// Bytes that do not compress (xorshift), different for each seed: sync tests use them to
/// fill blobs that compression cannot shrink.
pub fn noise(len: usize, seed: u8) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15 ^ u64::from(seed);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// Pays `amount` of `entry` from `account` on `day`, an operation made that day.
pub fn pay(biz: &mut Business, day: &str, entry: &str, amount: &str, account: &str) {
    biz.pay_entry(
        &ctx_on(day),
        entry,
        NewPayment {
            date: date(day),
            amount: dec(amount),
            account: account.to_string(),
            note: None,
        },
    )
    .unwrap();
}

/// A payable or receivable made on its due date.
pub fn entry(biz: &mut Business, kind: EntryKind, what: &str, amount: &str, due: &str) -> String {
    biz.create_entry(
        &ctx_on(due),
        NewEntry::new(kind, what, dec(amount), date(due)),
    )
    .unwrap()
}

/// A one-installment Pix charge, made on 2026-02-01.
pub fn charge(biz: &mut Business, party: &str, amount: &str, due: &str) -> String {
    biz.create_charges(
        &ctx_on("2026-02-01"),
        NewCharge {
            party: party.to_string(),
            amount: dec(amount),
            first_due_date: date(due),
            method: ChargeMethod::Pix,
            description: "Encomenda".into(),
            installments: 1,
            category: None,
            account: None,
        },
    )
    .unwrap()
    .remove(0)
}

/// A product sold by the unit, with no barcode, reorder point or supplier.
pub fn unit_product(sku: &str, name: &str, cost: &str, price: &str) -> NewProduct {
    NewProduct {
        sku: sku.into(),
        gtin: None,
        name: name.into(),
        unit: Unit::Un,
        cost: dec(cost),
        price: dec(price),
        reorder_point: None,
        reorder_quantity: None,
        supplier: None,
    }
}

/// Warms `biz` (`Business::warm`) in steps of `budget` until done, checking no step reads
/// more than its budget, running `between` after each step; returns the
/// number of steps.
pub fn warm_all(
    biz: &mut Business,
    budget: usize,
    mut between: impl FnMut(&mut Business, usize),
) -> usize {
    let mut steps = 0;
    loop {
        let p = biz.warm(budget).unwrap();
        assert!(
            p.read <= budget,
            "a step read {} records for a budget of {budget}",
            p.read
        );
        steps += 1;
        if p.done {
            return steps;
        }
        between(biz, steps);
        assert!(steps < 10_000, "warm never finished");
    }
}
