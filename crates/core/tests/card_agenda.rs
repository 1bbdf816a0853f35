//! The agenda de recebíveis: what each machine will deposit and when, summed per machine
//! and date; confirming a deposit receives the day's installments and pays their fees in
//! the machine's account in one change, so the bank balance rises by exactly the net.

use crate::common;

use common::*;
use retaguarda_core::inventory::{
    CardChoice, CardKind, MovementKind, NewCardMachine, NewMovement, NewSale, PaymentMethod,
    SaleItem,
};
use retaguarda_core::ledger::EntryStatus;
use retaguarda_core::{Business, Id};
use rust_decimal::Decimal;

struct Shop {
    biz: Business,
    bank: Id,
    cake: Id,
    stone: Id,
    cielo: Id,
}

fn shop() -> Shop {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "10.00");
    let cake = biz
        .create_product(&ctx(), unit_product("BOLO", "Bolo", "40.00", "100.00"))
        .expect("product");
    biz.record_movement(
        &ctx(),
        NewMovement {
            product: cake.clone(),
            date: date("2026-03-01"),
            kind: MovementKind::Adjustment,
            quantity: dec("20"),
            unit_cost: None,
            reason: Some("Produção".into()),
        },
    )
    .expect("stock");
    let stone = biz
        .create_card_machine(
            &ctx(),
            NewCardMachine::with_usual_terms(
                "Stone",
                bank.clone(),
                dec("1.99"),
                dec("3.19"),
                vec![dec("3.49"), dec("3.99")],
            ),
        )
        .expect("stone");
    let cielo = biz
        .create_card_machine(
            &ctx(),
            NewCardMachine::with_usual_terms(
                "Cielo",
                bank.clone(),
                dec("1.50"),
                dec("3.00"),
                vec![],
            ),
        )
        .expect("cielo");
    Shop {
        biz,
        bank,
        cake,
        stone,
        cielo,
    }
}

fn sell(s: &mut Shop, day: &str, machine: &Id, kind: CardKind, installments: u32) -> Id {
    let input = NewSale {
        date: date(day),
        items: vec![SaleItem {
            product: s.cake.clone(),
            quantity: Decimal::ONE,
            unit_price: None,
        }],
        discount: Decimal::ZERO,
        method: PaymentMethod::Cartao,
        account: None,
        customer: None,
        due_date: None,
        beyond_stock: false,
    };
    s.biz
        .record_card_sale(
            &ctx_on(day),
            input,
            CardChoice {
                machine: machine.clone(),
                kind,
                installments,
            },
        )
        .expect("card sale")
}

#[test]
fn deposits_by_machine_and_date() {
    let mut s = shop();
    let (stone, cielo) = (s.stone.clone(), s.cielo.clone());
    // Tuesday 10: two debit sales on Stone (both deposited Wednesday 11), one on Cielo.
    sell(&mut s, "2026-03-10", &stone, CardKind::Debit, 1);
    sell(&mut s, "2026-03-10", &stone, CardKind::Debit, 1);
    sell(&mut s, "2026-03-10", &cielo, CardKind::Debit, 1);
    // And 100,00 in 3x on Stone.
    sell(&mut s, "2026-03-10", &stone, CardKind::Credit, 3);

    let agenda = s.biz.card_agenda().expect("agenda");
    let rows: Vec<(String, &str, Decimal, Decimal, Decimal, usize)> = agenda
        .iter()
        .map(|d| {
            (
                d.date.to_string(),
                d.machine_name.as_str(),
                d.gross,
                d.fee,
                d.net,
                d.items.len(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            // Cielo first by name on the same date; 100 × 1,50% = 1,50.
            (
                "2026-03-11".into(),
                "Cielo",
                dec("100.00"),
                dec("1.50"),
                dec("98.50"),
                1
            ),
            // Two debits of 100 × 1,99% = 1,99 each.
            (
                "2026-03-11".into(),
                "Stone",
                dec("200.00"),
                dec("3.98"),
                dec("196.02"),
                2
            ),
            (
                "2026-04-09".into(),
                "Stone",
                dec("33.34"),
                dec("1.33"),
                dec("32.01"),
                1
            ),
            (
                "2026-05-11".into(),
                "Stone",
                dec("33.33"),
                dec("1.33"),
                dec("32.00"),
                1
            ),
            (
                "2026-06-08".into(),
                "Stone",
                dec("33.33"),
                dec("1.33"),
                dec("32.00"),
                1
            ),
        ]
    );
    assert!(agenda.iter().all(|d| d.account == s.bank));
    let first_credit = &agenda[2].items[0];
    assert_eq!(
        (first_credit.installment.number, first_credit.installment.of),
        (1, 3)
    );
    assert_eq!(first_credit.kind, CardKind::Credit);
}

#[test]
fn confirming_a_deposit_settles_the_day_and_the_bank_gets_the_net() {
    let mut s = shop();
    let stone = s.stone.clone();
    let a = sell(&mut s, "2026-03-10", &stone, CardKind::Debit, 1);
    let b = sell(&mut s, "2026-03-10", &stone, CardKind::Debit, 1);
    let later = sell(&mut s, "2026-03-10", &stone, CardKind::Credit, 1);

    let ops_before = s.biz.audit_log().expect("audit").len();
    let net = s
        .biz
        .confirm_card_deposit(
            &ctx_on("2026-03-11"),
            &stone,
            date("2026-03-11"),
            date("2026-03-11"),
        )
        .expect("confirm");
    assert_eq!(net, dec("196.02"));
    assert_eq!(s.biz.audit_log().expect("audit").len(), ops_before + 1);
    // 10,00 opening + 196,02.
    assert_eq!(
        s.biz
            .account_balance(&s.bank, date("2026-03-11"))
            .expect("balance"),
        dec("206.02")
    );
    for id in [&a, &b] {
        for entry in s.biz.sale(id).unwrap().unwrap().entries() {
            let e = s.biz.entry(&entry).unwrap().unwrap();
            assert_eq!(e.status(), EntryStatus::Paid, "{}", e.description);
            let paid: Vec<_> = e.payments.values().collect();
            assert_eq!(paid[0].date, date("2026-03-11"));
            assert_eq!(paid[0].account, s.bank);
            assert_eq!(paid[0].note.as_deref(), Some("Depósito de Stone"));
        }
    }
    // The credit sale is still on the agenda, alone.
    let agenda = s.biz.card_agenda().expect("agenda");
    assert_eq!(agenda.len(), 1);
    assert_eq!(agenda[0].items[0].sale, later);
    assert_eq!(agenda[0].date, date("2026-04-09"));

    // Confirming the same day again is refused and changes nothing.
    let err = assert_rejected_unchanged(&mut s.biz, |b| {
        b.confirm_card_deposit(
            &ctx_on("2026-03-12"),
            &stone,
            date("2026-03-11"),
            date("2026-03-12"),
        )
    });
    assert_eq!(
        err.to_string(),
        "Nenhum depósito em aberto desta maquininha em 11/03/2026."
    );
}

#[test]
fn a_deposit_paid_by_hand_leaves_the_agenda() {
    // Receiving an installment in Caixa (e.g. after an antecipação) takes it off the agenda.
    let mut s = shop();
    let stone = s.stone.clone();
    let id = sell(&mut s, "2026-03-10", &stone, CardKind::Credit, 2);
    let first = s.biz.sale(&id).unwrap().unwrap().card.unwrap().parts[0]
        .receivable
        .clone();
    let bank = s.bank.clone();
    pay(&mut s.biz, "2026-03-20", &first, "50.00", &bank);
    let agenda = s.biz.card_agenda().expect("agenda");
    assert_eq!(agenda.len(), 1);
    assert_eq!(agenda[0].items[0].installment.number, 2);
}
