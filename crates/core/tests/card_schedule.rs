//! The deposits of a card sale, worked by hand: the fee is gross × rate rounded to
//! centavos (half away from zero), gross and fee are split into equal installments with the
//! leftover centavos on the first (as acquirers such as Cielo and Stone do), and a deposit
//! due on a Saturday or Sunday moves to the Monday. Dates checked against a calendar
//! (2026-03-10 is a Tuesday; 2026-05-09 a Saturday; 2026-03-14 a Saturday).

use crate::common;

use chrono::{Datelike, Weekday};
use common::*;
use retaguarda_core::inventory::{card_schedule, CardInstallment, CardKind, CardMachine};
use retaguarda_core::CoreError;
use rust_decimal::Decimal;

/// D+1 débito at 1,99%, D+30 crédito à vista at 3,19%, 2x..12x from 3,49% to 12,99%.
fn machine() -> CardMachine {
    let rates = [
        "3.49", "3.99", "4.59", "5.09", "5.49", "5.99", "6.49", "6.99", "7.49", "7.99", "12.99",
    ];
    CardMachine {
        name: "Maquininha do balcão".into(),
        acquirer: Some("Stone".into()),
        account: "bank".into(),
        debit_rate: dec("1.99"),
        credit_rate: dec("3.19"),
        installment_rates: (2..)
            .zip(rates)
            .map(|(n, r)| retaguarda_core::inventory::card::InstallmentFee {
                installments: n,
                rate: dec(r),
            })
            .collect(),
        debit_days: 1,
        credit_days: 30,
        installment_interval_days: 30,
        active: true,
    }
}

fn inst(number: u32, of: u32, day: &str, gross: &str, fee: &str, net: &str) -> CardInstallment {
    CardInstallment {
        number,
        of,
        date: date(day),
        gross: dec(gross),
        fee: dec(fee),
        net: dec(net),
    }
}

#[test]
fn one_hundred_reais_in_three_installments_at_3_99() {
    assert_eq!(date("2026-03-10").weekday(), Weekday::Tue);
    let got = card_schedule(
        &machine(),
        CardKind::Credit,
        3,
        date("2026-03-10"),
        dec("100.00"),
    )
    .expect("schedule");
    // Fee 3,99; 100,00 / 3 = 33,33 with 0,01 left, which goes to the first installment.
    // The second deposit (D+60, 2026-05-09) falls on a Saturday and moves to Monday 11.
    assert_eq!(
        got,
        vec![
            inst(1, 3, "2026-04-09", "33.34", "1.33", "32.01"),
            inst(2, 3, "2026-05-11", "33.33", "1.33", "32.00"),
            inst(3, 3, "2026-06-08", "33.33", "1.33", "32.00"),
        ]
    );
    assert_eq!(date("2026-05-09").weekday(), Weekday::Sat);
    let net: Decimal = got.iter().map(|i| i.net).sum();
    assert_eq!(net, dec("96.01"));
}

#[test]
fn centavos_of_gross_and_fee_that_do_not_divide_go_to_the_first() {
    // 100,00 in 6x at 5,49%: fee 5,49 = 549 centavos = 6 × 91 + 3;
    // gross 10000 centavos = 6 × 1666 + 4.
    let got = card_schedule(
        &machine(),
        CardKind::Credit,
        6,
        date("2026-03-10"),
        dec("100.00"),
    )
    .expect("schedule");
    assert_eq!(got.len(), 6);
    assert_eq!(
        (got[0].gross, got[0].fee, got[0].net),
        (dec("16.70"), dec("0.94"), dec("15.76"))
    );
    for later in &got[1..] {
        assert_eq!(
            (later.gross, later.fee, later.net),
            (dec("16.66"), dec("0.91"), dec("15.75"))
        );
    }
    assert_eq!(got.iter().map(|i| i.gross).sum::<Decimal>(), dec("100.00"));
    assert_eq!(got.iter().map(|i| i.fee).sum::<Decimal>(), dec("5.49"));
    assert_eq!(got.iter().map(|i| i.net).sum::<Decimal>(), dec("94.51"));
    // Every deposit on a weekday, 30 days (or a weekend more) apart.
    assert!(got
        .iter()
        .all(|i| !matches!(i.date.weekday(), Weekday::Sat | Weekday::Sun)));
}

#[test]
fn fee_rounds_half_away_from_zero() {
    // 250,00 × 4,59% = 11,475 → 11,48; four installments of 2,87.
    let got = card_schedule(
        &machine(),
        CardKind::Credit,
        4,
        date("2026-03-10"),
        dec("250.00"),
    )
    .expect("schedule");
    assert_eq!(got.iter().map(|i| i.fee).sum::<Decimal>(), dec("11.48"));
    assert!(got
        .iter()
        .all(|i| i.fee == dec("2.87") && i.gross == dec("62.50")));
}

#[test]
fn debit_next_day_skips_the_weekend() {
    // Friday 2026-03-13, D+1 is Saturday: the acquirer pays on Monday 16.
    assert_eq!(date("2026-03-13").weekday(), Weekday::Fri);
    let got = card_schedule(
        &machine(),
        CardKind::Debit,
        1,
        date("2026-03-13"),
        dec("47.90"),
    )
    .expect("schedule");
    // 47,90 × 1,99% = 0,95321 → 0,95.
    assert_eq!(
        got,
        vec![inst(1, 1, "2026-03-16", "47.90", "0.95", "46.95")]
    );
}

#[test]
fn credit_a_vista_in_thirty_days() {
    // 80,00 × 3,19% = 2,552 → 2,55.
    let got = card_schedule(
        &machine(),
        CardKind::Credit,
        1,
        date("2026-03-10"),
        dec("80.00"),
    )
    .expect("schedule");
    assert_eq!(
        got,
        vec![inst(1, 1, "2026-04-09", "80.00", "2.55", "77.45")]
    );
}

#[test]
fn terms_are_the_machines_own() {
    // A machine that pays credit in two days (antecipação) and installments 31 days apart.
    let mut m = machine();
    m.credit_days = 2;
    m.installment_interval_days = 31;
    let got =
        card_schedule(&m, CardKind::Credit, 2, date("2026-03-10"), dec("10.01")).expect("schedule");
    assert_eq!(
        got,
        vec![
            // 10,01 × 3,49% = 0,349349 → 0,35 = 18 + 17 centavos.
            inst(1, 2, "2026-03-12", "5.01", "0.18", "4.83"),
            // 2026-04-12 is a Sunday: Monday 13.
            inst(2, 2, "2026-04-13", "5.00", "0.17", "4.83"),
        ]
    );
}

#[test]
fn plans_the_machine_does_not_have_are_refused() {
    let mut m = machine();
    m.installment_rates.truncate(5); // up to 6x
    let err =
        card_schedule(&m, CardKind::Credit, 7, date("2026-03-10"), dec("100")).expect_err("7x");
    assert_eq!(
        err.to_string(),
        "Parcelas: a maquininha \"Maquininha do balcão\" não tem taxa para 7x; ela parcela em até 6x."
    );
    let err = card_schedule(&m, CardKind::Debit, 2, date("2026-03-10"), dec("100"))
        .expect_err("debit in 2x");
    assert!(matches!(err, CoreError::Invalid { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "Parcelas: no débito a venda é sempre à vista."
    );
    let err =
        card_schedule(&m, CardKind::Credit, 13, date("2026-03-10"), dec("100")).expect_err("13x");
    assert_eq!(err.to_string(), "Parcelas: escolha de 1 a 12 parcelas.");
}
