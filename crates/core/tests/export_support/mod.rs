//! Books for the export tests: a fixed book with awkward names, and random books from a
//! proptest strategy; plus a simple reader of the exported hledger journal.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use retaguarda_core::ledger::categories::{RENT, SALES_OF_GOODS, SUPPLIES};
use retaguarda_core::ledger::{
    AccountKind, EntryKind, NewAccount, NewEntry, NewPayment, NewTransfer,
};
use retaguarda_core::{Business, Device, Id, OpCtx};
use rust_decimal::Decimal;

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("decimal")
}

pub fn ctx() -> OpCtx {
    OpCtx::new(date("2026-03-10"), 1_773_144_000_000)
}

fn account(biz: &mut Business, name: &str, kind: AccountKind, opening: Decimal) -> Id {
    biz.create_account(
        &ctx(),
        NewAccount {
            name: name.into(),
            kind,
            opening_balance: opening,
            opening_date: date("2026-01-01"),
        },
    )
    .expect("account")
}

/// A small book with accents, punctuation and two names that fold alike.
pub fn fixed_book() -> (Business, Vec<Id>) {
    let mut biz = Business::create(
        &Device::with_actor([7; 16], "Teste"),
        "Padaria \"Pão\"; Quente",
        &ctx(),
    )
    .expect("business");
    let caixa = account(&mut biz, "Caixa da loja", AccountKind::Cash, dec("150.00"));
    let bb = account(
        &mut biz,
        "Banco do Brasil: c/c 123",
        AccountKind::Bank,
        dec("-20.50"),
    );
    let bb2 = account(
        &mut biz,
        "Banco do Brasil c c 123",
        AccountKind::Bank,
        dec("0"),
    );
    let maquina = account(
        &mut biz,
        "1ª Maquininha (Stone)",
        AccountKind::Other,
        dec("0"),
    );
    let mut sale = NewEntry::new(
        EntryKind::Receivable,
        "Venda; balcão \"atacado\"",
        dec("300.00"),
        date("2026-02-03"),
    );
    sale.category = Some(SALES_OF_GOODS.into());
    let s = biz.create_entry(&ctx(), sale).expect("sale");
    pay(&mut biz, &s, "2026-02-03", "200.00", &maquina);
    pay(&mut biz, &s, "2026-02-05", "100.00", &bb);
    let mut rent = NewEntry::new(
        EntryKind::Payable,
        "Aluguel de fevereiro",
        dec("800.00"),
        date("2026-02-05"),
    );
    rent.category = Some(RENT.into());
    let r = biz.create_entry(&ctx(), rent).expect("rent");
    let p = pay(&mut biz, &r, "2026-02-05", "800.00", &bb);
    biz.void_payment(&ctx(), &r, &p, Some("errado"))
        .expect("void");
    pay(&mut biz, &r, "2026-02-06", "800.00", &bb2);
    let misc = biz
        .create_entry(
            &ctx(),
            NewEntry::new(
                EntryKind::Payable,
                "Sem categoria",
                dec("12.34"),
                date("2026-02-07"),
            ),
        )
        .expect("misc");
    pay(&mut biz, &misc, "2026-02-07", "12.34", &caixa);
    let mut open = NewEntry::new(
        EntryKind::Payable,
        "Farinha (em aberto)",
        dec("99.00"),
        date("2026-04-01"),
    );
    open.category = Some(SUPPLIES.into());
    biz.create_entry(&ctx(), open).expect("open");
    biz.create_transfer(
        &ctx(),
        NewTransfer {
            date: date("2026-02-10"),
            from: caixa.clone(),
            to: bb.clone(),
            amount: dec("50.00"),
            description: Some("Depósito do caixa".into()),
        },
    )
    .expect("transfer");
    (biz, vec![caixa, bb, bb2, maquina])
}

fn pay(biz: &mut Business, entry: &str, d: &str, amount: &str, account: &str) -> Id {
    biz.pay_entry(
        &ctx(),
        entry,
        NewPayment {
            date: date(d),
            amount: dec(amount),
            account: account.into(),
            note: None,
        },
    )
    .expect("pay")
}

/// One random movement: kind (0 receivable, 1 payable, 2 transfer), account indexes,
/// amount in centavos, day offset, whether to pay it and how much of it (percent).
#[derive(Debug, Clone)]
pub struct Move {
    pub kind: u8,
    pub a: usize,
    pub b: usize,
    pub cents: i64,
    pub day: u64,
    pub paid_pct: u8,
    pub category: bool,
}

pub fn moves() -> impl Strategy<Value = (Vec<i64>, Vec<Move>)> {
    (
        prop::collection::vec(-50_000i64..500_000, 1..4),
        prop::collection::vec(
            (
                0u8..3,
                0usize..4,
                0usize..4,
                1i64..1_000_000,
                0u64..120,
                0u8..=100,
                any::<bool>(),
            )
                .prop_map(|(kind, a, b, cents, day, paid_pct, category)| Move {
                    kind,
                    a,
                    b,
                    cents,
                    day,
                    paid_pct,
                    category,
                }),
            0..15,
        ),
    )
}

/// A random book from the strategy's values.
pub fn random_book(openings: &[i64], moves: &[Move]) -> (Business, Vec<Id>) {
    let mut biz =
        Business::create(&Device::with_actor([9; 16], "Prop"), "Loja", &ctx()).expect("business");
    let kinds = [AccountKind::Cash, AccountKind::Bank, AccountKind::Other];
    let accounts: Vec<Id> = openings
        .iter()
        .enumerate()
        .map(|(i, c)| {
            account(
                &mut biz,
                &format!("Conta número {i}"),
                kinds[i % 3],
                Decimal::new(*c, 2),
            )
        })
        .collect();
    let base = date("2026-01-01");
    for m in moves {
        let d = base.checked_add_days(Days::new(m.day)).expect("day");
        let a = &accounts[m.a % accounts.len()];
        let b = &accounts[m.b % accounts.len()];
        let amount = Decimal::new(m.cents, 2);
        if m.kind == 2 {
            if a != b {
                biz.create_transfer(
                    &ctx(),
                    NewTransfer {
                        date: d,
                        from: a.clone(),
                        to: b.clone(),
                        amount,
                        description: None,
                    },
                )
                .expect("transfer");
            }
            continue;
        }
        let kind = if m.kind == 0 {
            EntryKind::Receivable
        } else {
            EntryKind::Payable
        };
        let mut e = NewEntry::new(kind, "Movimento", amount, d);
        if m.category {
            e.category = Some(
                if m.kind == 0 {
                    SALES_OF_GOODS
                } else {
                    SUPPLIES
                }
                .into(),
            );
        }
        let id = biz.create_entry(&ctx(), e).expect("entry");
        let paid = (amount * Decimal::from(m.paid_pct) / Decimal::from(100)).round_dp(2);
        if paid > Decimal::ZERO {
            biz.pay_entry(
                &ctx(),
                &id,
                NewPayment {
                    date: d,
                    amount: paid,
                    account: a.clone(),
                    note: None,
                },
            )
            .expect("pay");
        }
    }
    (biz, accounts)
}

/// Sums the postings of an exported hledger journal per account, reading it the simple way:
/// a posting is an indented line `ACCOUNT  AMOUNT BRL`.
pub fn journal_sums(journal: &str) -> BTreeMap<String, Decimal> {
    let mut sums = BTreeMap::new();
    for line in journal.lines() {
        if !line.starts_with("  ") {
            continue;
        }
        let mut parts = line.split_whitespace();
        let (Some(acc), Some(amount), Some("BRL"), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            panic!("posting line not understood: {line:?}");
        };
        *sums.entry(acc.to_string()).or_insert(Decimal::ZERO) += dec(amount);
    }
    sums
}

/// The last date of any movement, for balances that include everything.
pub fn far_future() -> NaiveDate {
    date("2099-12-31")
}
