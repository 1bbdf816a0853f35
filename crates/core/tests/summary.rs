//! Início's summary (`Business::summary`): computed on one day, it answers for that day and
//! every later one exactly as the lists do, survives being stored as JSON, and says whether
//! it still reflects the document.

use crate::common;
use chrono::{Days, NaiveDate};
use common::*;
use retaguarda_core::charges::{ChargeStatus, PayCharge};
use retaguarda_core::formats::doc::TaxId;
use retaguarda_core::inventory::{MovementKind, NewMovement, NewProduct, Unit};
use retaguarda_core::ledger::{AccountKind, EntryKind, NewAccount, NewTransfer};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::staff::{Contract, NewStaff, NewVacation};
use retaguarda_core::summary::{end_of_week, Glance, Summary};
use retaguarda_core::Business;
use rust_decimal::Decimal;

/// Início's numbers computed straight from the lists: what the summary must agree with.
fn from_lists(b: &Business, today: NaiveDate) -> Glance {
    let mut g = Glance::default();
    for acc in b.balances(today).unwrap() {
        if acc.archived {
            continue;
        }
        match acc.kind {
            AccountKind::Cash => g.cash += acc.balance,
            AccountKind::Bank | AccountKind::Other => g.bank += acc.balance,
        }
    }
    let week_end = end_of_week(today);
    let add = |slot: &mut (usize, Decimal), amount: Decimal| {
        slot.0 += 1;
        slot.1 += amount;
    };
    for (_, entry) in b.entries().unwrap() {
        let open = entry.open_amount();
        if open > Decimal::ZERO && entry.due_date < today {
            let late = match entry.kind {
                EntryKind::Receivable => &mut g.overdue_receivable,
                EntryKind::Payable => &mut g.overdue_payable,
            };
            add(late, open);
            continue;
        }
        if open <= Decimal::ZERO || entry.due_date < today || entry.due_date > week_end {
            continue;
        }
        let (day_slot, week_slot) = match entry.kind {
            EntryKind::Receivable => (&mut g.receivable_today, &mut g.receivable_week),
            EntryKind::Payable => (&mut g.payable_today, &mut g.payable_week),
        };
        if entry.due_date == today {
            add(day_slot, open);
        }
        add(week_slot, open);
    }
    for charge in b.charges(today).unwrap() {
        if charge.status == ChargeStatus::Overdue {
            add(&mut g.overdue_charges, charge.charge.amount);
        }
    }
    g.replenish = b.replenishment().unwrap().len();
    g.stock_review = b.stock_review().unwrap().len();
    for (id, member) in b.staff_members().unwrap() {
        let away = b
            .vacations_of(&id)
            .unwrap()
            .iter()
            .any(|(_, v)| v.start <= today && today <= v.part().end());
        if member.active_on(today) && away {
            g.on_vacation.push(member.name);
        }
    }
    g
}

fn hire(b: &mut Business, name: &str, cpf_base: &str, hired: &str) -> String {
    let staff = NewStaff {
        name: name.into(),
        cpf: TaxId::cpf_from_base(cpf_base).unwrap().formatted(),
        role: "Atendente".into(),
        hire_date: date(hired),
        monthly_salary: dec("2500.00"),
        contract: Contract::Clt,
        dependants: 0,
    };
    b.create_staff(&ctx(), staff).unwrap()
}

/// A shop on 2026-03-10 (a Tuesday) with something on every tile, and things that change
/// them on later days: a future payment, a future transfer, an account opened later, a
/// charge that falls due, a vacation that starts and a contract that ends.
fn shop() -> Business {
    let mut b = new_business();
    let cash = cash_account(&mut b, "150.00");
    let bank = bank_account(&mut b, "1000.00");
    let later_bank = NewAccount {
        name: "Conta nova".into(),
        kind: AccountKind::Bank,
        opening_balance: dec("80.00"),
        opening_date: date("2026-03-20"),
    };
    b.create_account(&ctx(), later_bank).unwrap();
    let old_till = NewAccount {
        name: "Caixa antigo".into(),
        kind: AccountKind::Cash,
        opening_balance: dec("999.00"),
        opening_date: date("2026-01-01"),
    };
    let old_till = b.create_account(&ctx(), old_till).unwrap();
    b.archive_account(&ctx(), &old_till).unwrap();

    entry(
        &mut b,
        EntryKind::Payable,
        "Farinha",
        "320.50",
        "2026-03-10",
    );
    let cake = entry(
        &mut b,
        EntryKind::Receivable,
        "Bolo",
        "300.00",
        "2026-03-12",
    );
    pay(&mut b, "2026-03-10", &cake, "100.00", &cash);
    entry(
        &mut b,
        EntryKind::Payable,
        "Aluguel",
        "1800.00",
        "2026-03-25",
    );
    entry(
        &mut b,
        EntryKind::Receivable,
        "Atrasado",
        "45.00",
        "2026-03-05",
    );
    let gas = entry(&mut b, EntryKind::Payable, "Gás", "120.00", "2026-03-18");
    pay(&mut b, "2026-03-18", &gas, "120.00", &bank);
    let salgados = entry(
        &mut b,
        EntryKind::Receivable,
        "Salgados",
        "60.00",
        "2026-03-11",
    );
    pay(&mut b, "2026-03-09", &salgados, "60.00", &bank);
    let deposit = NewTransfer {
        date: date("2026-03-15"),
        from: cash.clone(),
        to: bank.clone(),
        amount: dec("50.00"),
        description: None,
    };
    b.create_transfer(&ctx(), deposit).unwrap();

    let maria = b
        .create_party(&ctx(), PartyInput::customer("Maria"))
        .unwrap();
    charge(&mut b, &maria, "75.00", "2026-03-31");
    charge(&mut b, &maria, "40.00", "2026-03-08");
    charge(&mut b, &maria, "90.00", "2026-03-10");
    let paid = charge(&mut b, &maria, "33.00", "2026-03-01");
    let pay_charge = PayCharge {
        date: date("2026-03-09"),
        account: bank.clone(),
    };
    b.pay_charge(&ctx(), &paid, pay_charge).unwrap();
    let cancelled = charge(&mut b, &maria, "12.00", "2026-03-02");
    b.cancel_charge(&ctx(), &cancelled, Some("Desistiu"))
        .unwrap();

    let flour = NewProduct {
        sku: "FAR-1".into(),
        gtin: None,
        name: "Farinha 1 kg".into(),
        unit: Unit::Un,
        cost: dec("4.00"),
        price: dec("7.00"),
        reorder_point: Some(dec("10")),
        reorder_quantity: Some(dec("30")),
        supplier: None,
    };
    let flour = b.create_product(&ctx(), flour).unwrap();
    let count = NewMovement {
        product: flour,
        date: date("2026-03-01"),
        kind: MovementKind::Adjustment,
        quantity: dec("4"),
        unit_cost: Some(dec("4.00")),
        reason: Some("Contagem".into()),
    };
    b.record_movement(&ctx(), count).unwrap();
    // A count that found fewer than nothing: stock below zero, for a person to review.
    let sonho = NewProduct {
        sku: "SON-1".into(),
        gtin: None,
        name: "Sonho".into(),
        unit: Unit::Un,
        cost: dec("1.50"),
        price: dec("4.00"),
        reorder_point: None,
        reorder_quantity: None,
        supplier: None,
    };
    let sonho = b.create_product(&ctx(), sonho).unwrap();
    let miscount = NewMovement {
        product: sonho,
        date: date("2026-03-02"),
        kind: MovementKind::Adjustment,
        quantity: dec("-2"),
        unit_cost: None,
        reason: Some("Contagem".into()),
    };
    b.record_movement(&ctx(), miscount).unwrap();

    // Both go on vacation on the 16th; Bia's contract ends on the 20th, mid-vacation.
    let ana = hire(&mut b, "Ana Souza", "529982247", "2024-03-10");
    let bia = hire(&mut b, "Bia Lima", "111444777", "2024-01-05");
    for staff in [&ana, &bia] {
        let vacation = NewVacation {
            staff: staff.clone(),
            period: None,
            start: date("2026-03-16"),
            days: 10,
        };
        b.schedule_vacation(&ctx(), vacation).unwrap();
    }
    b.terminate_staff(&ctx(), &bia, date("2026-03-20")).unwrap();
    b
}

#[test]
fn answers_for_its_day_and_every_later_day_as_the_lists_do() {
    let mut b = shop();
    let day = date("2026-03-10");
    let summary = b.summary(day).unwrap();
    for n in 0..45 {
        let d = day.checked_add_days(Days::new(n)).unwrap();
        assert_eq!(summary.glance(d), Some(from_lists(&b, d)), "on {d}");
    }
    // The shop puts something on every tile, so a tile the summary got wrong shows.
    let today = summary.glance(day).unwrap();
    assert_eq!(today.cash, dec("250.00"));
    assert_eq!(today.bank, dec("1093.00"));
    assert_eq!(today.payable_today, (1, dec("320.50")));
    assert_eq!(today.receivable_week, (2, dec("290.00")));
    assert_eq!(today.overdue_charges, (1, dec("40.00")));
    assert_eq!(today.replenish, 1);
    assert_eq!(today.stock_review, 1);
    // What is late: the receivable due on the 5th and the charge due on the 8th; the
    // flour due today is not late yet, and is from the next day.
    assert_eq!(today.overdue_receivable, (2, dec("85.00")));
    assert_eq!(today.overdue_payable, (0, Decimal::ZERO));
    let later = |d: &str| summary.glance(date(d)).unwrap();
    let mut away = later("2026-03-18").on_vacation;
    away.sort();
    assert_eq!(away, ["Ana Souza", "Bia Lima"]);
    assert_eq!(later("2026-03-22").on_vacation, ["Ana Souza"]);
    assert_eq!(later("2026-03-20").bank, dec("1103.00"));
    assert_eq!(later("2026-04-01").overdue_charges, (3, dec("205.00")));
    assert_eq!(later("2026-03-11").overdue_payable, (1, dec("320.50")));
    // The cake's open R$ 200,00 joins the late receivables after its due date.
    assert_eq!(later("2026-03-13").overdue_receivable, (4, dec("375.00")));
}

#[test]
fn answers_nothing_for_a_day_before_its_own() {
    let mut b = shop();
    let summary = b.summary(date("2026-03-10")).unwrap();
    assert_eq!(summary.glance(date("2026-03-09")), None);
}

#[test]
fn stored_as_json_it_reads_back_the_same() {
    let mut b = shop();
    let summary = b.summary(date("2026-03-10")).unwrap();
    let text = serde_json::to_string(&summary).unwrap();
    let back: Summary = serde_json::from_str(&text).unwrap();
    assert_eq!(back, summary);
    assert_eq!(
        back.glance(date("2026-04-02")),
        summary.glance(date("2026-04-02"))
    );
}

#[test]
fn reflects_the_heads_it_was_computed_at_and_no_others() {
    let mut b = shop();
    let summary = b.summary(date("2026-03-10")).unwrap();
    assert!(summary.reflects(&b.heads()));
    entry(&mut b, EntryKind::Payable, "Luz", "210.00", "2026-03-10");
    assert!(!summary.reflects(&b.heads()));
    let fresh = b.summary(date("2026-03-10")).unwrap();
    assert!(fresh.reflects(&b.heads()));
    assert_eq!(fresh.glance(date("2026-03-10")).unwrap().payable_today.0, 2);
}

#[test]
fn is_cheap_to_renew_only_once_the_lists_are_kept() {
    let mut shop = shop();
    let mut b = Business::load(&shop.save(), &device("Celular da Ana", 1)).unwrap();
    assert!(!b.summary_is_cheap(), "nothing is hydrated after a load");
    b.summary(date("2026-03-10")).unwrap();
    assert!(b.summary_is_cheap());
    // The lists follow the device's own changes, so renewing stays cheap.
    entry(&mut b, EntryKind::Payable, "Luz", "210.00", "2026-03-10");
    assert!(b.summary_is_cheap());
    let fresh = b.summary(date("2026-03-10")).unwrap();
    assert_eq!(
        fresh.glance(date("2026-03-10")),
        Some(from_lists(&b, date("2026-03-10")))
    );
}
