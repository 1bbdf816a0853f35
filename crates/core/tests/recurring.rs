//! Recurring entries: materialise on schedule, idempotently, and as ONE entry per period
//! when two devices both do it offline.

use crate::common;
use common::*;
use retaguarda_core::ledger::recurring::{due_date_in, entry_id, NewRecurrence};
use retaguarda_core::ledger::{categories, EntryKind, NewPayment};
use retaguarda_core::{Business, CoreError};

fn rent(first: &str, day: u32) -> NewRecurrence {
    NewRecurrence {
        kind: EntryKind::Payable,
        description: "Aluguel da loja".into(),
        amount: dec("1800"),
        category: Some(categories::RENT.into()),
        party: None,
        account: None,
        day_of_month: day,
        every_months: 1,
        first_month: date(first),
        last_month: None,
    }
}

#[test]
fn due_day_is_clamped_to_the_month_end() {
    assert_eq!(due_date_in(date("2026-02-01"), 31), date("2026-02-28"));
    assert_eq!(due_date_in(date("2028-02-10"), 30), date("2028-02-29"));
    assert_eq!(due_date_in(date("2026-04-01"), 5), date("2026-04-05"));
}

#[test]
fn materialises_each_period_once() {
    let mut biz = new_business();
    let rec = biz
        .create_recurrence(&ctx(), rent("2026-01-15", 31))
        .unwrap();
    let created = biz
        .materialise_recurrences(&ctx(), date("2026-03-31"))
        .unwrap();
    assert_eq!(
        created,
        vec![
            entry_id(&rec, date("2026-01-01")),
            entry_id(&rec, date("2026-02-01")),
            entry_id(&rec, date("2026-03-01"))
        ]
    );
    let feb = biz
        .entry(&entry_id(&rec, date("2026-02-01")))
        .unwrap()
        .unwrap();
    assert_eq!(feb.due_date, date("2026-02-28"));
    assert_eq!(feb.competence_date, date("2026-02-01"));
    assert_eq!(feb.description, "Aluguel da loja (02/2026)");
    assert_eq!(
        feb.source.as_deref(),
        Some(format!("recurrence:{rec}").as_str())
    );
    // Running again creates nothing and records no change.
    let heads = biz.heads();
    assert!(biz
        .materialise_recurrences(&ctx(), date("2026-03-31"))
        .unwrap()
        .is_empty());
    assert_eq!(biz.heads(), heads);
    assert_eq!(biz.recurrence_entries(&rec).unwrap().len(), 3);
}

#[test]
fn respects_interval_and_end() {
    let mut biz = new_business();
    let mut input = rent("2026-01-01", 10);
    input.every_months = 2;
    let rec = biz.create_recurrence(&ctx(), input).unwrap();
    biz.end_recurrence(&ctx(), &rec, date("2026-05-20"))
        .unwrap();
    let created = biz
        .materialise_recurrences(&ctx(), date("2026-12-31"))
        .unwrap();
    assert_eq!(created.len(), 3, "{created:?}"); // January, March, May
    assert!(created.contains(&entry_id(&rec, date("2026-05-01"))));
}

#[test]
fn a_cancelled_period_is_not_recreated() {
    let mut biz = new_business();
    let rec = biz
        .create_recurrence(&ctx(), rent("2026-03-01", 5))
        .unwrap();
    let ids = biz
        .materialise_recurrences(&ctx(), date("2026-03-31"))
        .unwrap();
    biz.cancel_entry(&ctx(), &ids[0], None).unwrap();
    assert!(biz
        .materialise_recurrences(&ctx(), date("2026-03-31"))
        .unwrap()
        .is_empty());
    assert!(biz
        .entry(&entry_id(&rec, date("2026-03-01")))
        .unwrap()
        .unwrap()
        .cancelled
        .is_some());
}

#[test]
fn two_devices_materialising_offline_merge_into_one_entry_per_period() {
    let mut a = new_business();
    let acc = cash_account(&mut a, "0");
    let rec = a.create_recurrence(&ctx(), rent("2026-01-01", 5)).unwrap();
    let mut b = a.fork(&device("Notebook", 2));
    let created_a = a
        .materialise_recurrences(&ctx(), date("2026-03-31"))
        .unwrap();
    let created_b = b
        .materialise_recurrences(&ctx(), date("2026-03-31"))
        .unwrap();
    assert_eq!(created_a, created_b);
    // Each device pays January on its own copy before they meet.
    let jan = entry_id(&rec, date("2026-01-01"));
    a.pay_entry(
        &ctx(),
        &jan,
        NewPayment {
            date: date("2026-01-05"),
            amount: dec("1000"),
            account: acc.clone(),
            note: None,
        },
    )
    .unwrap();
    b.pay_entry(
        &ctx(),
        &jan,
        NewPayment {
            date: date("2026-01-06"),
            amount: dec("800"),
            account: acc.clone(),
            note: None,
        },
    )
    .unwrap();
    a.merge(&mut b).unwrap();
    b.merge(&mut a).unwrap();
    assert_eq!(a.recurrence_entries(&rec).unwrap().len(), 3);
    assert_eq!(a.entries().unwrap(), b.entries().unwrap());
    let merged = a.entry(&jan).unwrap().unwrap();
    assert_eq!(merged.payments.len(), 2, "no payment may be lost");
    assert_eq!(merged.paid_amount(), dec("1800"));
    assert_eq!(
        a.account_balance(&acc, date("2026-12-31")).unwrap(),
        dec("-1800")
    );
    // Materialising again after the merge still creates nothing.
    assert!(a
        .materialise_recurrences(&ctx(), date("2026-03-31"))
        .unwrap()
        .is_empty());
}

#[test]
fn rejects_bad_templates() {
    let mut biz = new_business();
    let cases: Vec<(NewRecurrence, &str)> = vec![
        (
            {
                let mut r = rent("2026-01-01", 0);
                r.day_of_month = 0;
                r
            },
            "Dia do vencimento",
        ),
        (rent("2026-01-01", 32), "Dia do vencimento"),
        (
            {
                let mut r = rent("2026-01-01", 5);
                r.every_months = 13;
                r
            },
            "Repetição",
        ),
        (
            {
                let mut r = rent("2026-01-01", 5);
                r.amount = dec("0");
                r
            },
            "Valor",
        ),
        (
            {
                let mut r = rent("2026-01-01", 5);
                r.description = " ".into();
                r
            },
            "Descrição",
        ),
        (
            {
                let mut r = rent("2026-05-01", 5);
                r.last_month = Some(date("2026-04-30"));
                r
            },
            "Último mês",
        ),
        (
            {
                let mut r = rent("2026-01-01", 5);
                r.category = Some(categories::SERVICES.into());
                r
            },
            "Categoria",
        ),
    ];
    for (input, field) in cases {
        let err = assert_rejected_unchanged(&mut biz, |b| b.create_recurrence(&ctx(), input));
        assert!(
            matches!(err, CoreError::Invalid { field: f, .. } if f == field),
            "{field}: {err}"
        );
    }
}

#[test]
fn rejects_materialising_too_far_ahead_and_bad_end() {
    let mut biz = new_business();
    let rec = biz
        .create_recurrence(&ctx(), rent("2026-03-01", 5))
        .unwrap();
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.materialise_recurrences(&ctx(), date("2028-01-01"))
    });
    assert!(matches!(
        err,
        CoreError::Invalid {
            field: "Gerar até",
            ..
        }
    ));
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.end_recurrence(&ctx(), &rec, date("2026-01-01"))
    });
    assert!(matches!(
        err,
        CoreError::Invalid {
            field: "Último mês",
            ..
        }
    ));
    let err = assert_rejected_unchanged(&mut biz, |b: &mut Business| {
        b.end_recurrence(&ctx(), "nope", date("2026-06-01"))
    });
    assert!(matches!(err, CoreError::NotFound { .. }));
}

#[test]
fn an_update_applies_to_periods_not_yet_created() {
    let mut biz = new_business();
    let rec = biz
        .create_recurrence(&ctx(), rent("2026-01-01", 5))
        .unwrap();
    biz.materialise_recurrences(&ctx(), date("2026-02-28"))
        .unwrap();
    let mut adjusted = rent("2026-01-01", 5);
    adjusted.amount = dec("1950");
    biz.update_recurrence(&ctx(), &rec, adjusted).unwrap();
    biz.materialise_recurrences(&ctx(), date("2026-03-31"))
        .unwrap();
    let amount = |m: &str| biz.entry(&entry_id(&rec, date(m))).unwrap().unwrap().amount;
    assert_eq!(amount("2026-02-01"), dec("1800"));
    assert_eq!(amount("2026-03-01"), dec("1950"));
    let mut bad = rent("2026-01-01", 5);
    bad.amount = dec("-1");
    let err = assert_rejected_unchanged(&mut biz, |b| b.update_recurrence(&ctx(), &rec, bad));
    assert!(matches!(err, CoreError::Invalid { field: "Valor", .. }));
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.update_recurrence(&ctx(), "nope", rent("2026-01-01", 5))
    });
    assert!(matches!(err, CoreError::NotFound { .. }));
}

#[test]
fn ending_cancels_later_months_already_created_unless_paid() {
    let mut biz = new_business();
    let cash = cash_account(&mut biz, "5000.00");
    let rec = biz
        .create_recurrence(&ctx(), rent("2026-03-01", 10))
        .unwrap();
    biz.materialise_recurrences(&ctx(), date("2026-06-30"))
        .unwrap();
    // May's rent was paid ahead; April and June are open.
    let may = entry_id(&rec, date("2026-05-01"));
    biz.pay_entry(
        &ctx(),
        &may,
        NewPayment {
            date: date("2026-03-10"),
            amount: dec("1800"),
            account: cash.clone(),
            note: None,
        },
    )
    .unwrap();
    biz.end_recurrence(&ctx(), &rec, date("2026-03-31"))
        .unwrap();
    let entry = |m: &str| biz.entry(&entry_id(&rec, date(m))).unwrap().unwrap();
    assert!(
        entry("2026-03-01").cancelled.is_none(),
        "the last month stays"
    );
    assert!(entry("2026-04-01").cancelled.is_some());
    assert_eq!(
        entry("2026-04-01").cancelled.unwrap().reason.as_deref(),
        Some("Recorrência encerrada")
    );
    assert!(
        entry("2026-05-01").cancelled.is_none(),
        "a paid month stays"
    );
    assert!(entry("2026-06-01").cancelled.is_some());
    // Nothing after the end is created again.
    assert!(biz
        .materialise_recurrences(&ctx(), date("2026-12-31"))
        .unwrap()
        .is_empty());
}
