//! Closing a period keeps a card sale whole while any of its installments or fees is still
//! open or due after the cutoff, and leaves it out with all its entries once every one was
//! deposited before it; the agenda and the bank balance read the same in the new period.

use crate::common;

use common::*;
use retaguarda_core::inventory::{
    CardChoice, CardKind, MovementKind, NewCardMachine, NewMovement, NewSale, PaymentMethod,
    SaleItem,
};
use retaguarda_core::{Business, Id};
use rust_decimal::Decimal;

fn shop() -> (Business, Id, Id, Id) {
    let mut b = new_business();
    let bank = bank_account(&mut b, "0");
    let cake = b
        .create_product(
            &ctx_on("2026-01-02"),
            unit_product("BOLO", "Bolo", "40", "100"),
        )
        .unwrap();
    b.record_movement(
        &ctx_on("2026-01-02"),
        NewMovement {
            product: cake.clone(),
            date: date("2026-01-02"),
            kind: MovementKind::Adjustment,
            quantity: dec("10"),
            unit_cost: None,
            reason: Some("Produção".into()),
        },
    )
    .unwrap();
    let machine = b
        .create_card_machine(
            &ctx_on("2026-01-02"),
            NewCardMachine::with_usual_terms(
                "Stone",
                bank.clone(),
                dec("2"),
                dec("3"),
                vec![dec("4")],
            ),
        )
        .unwrap();
    (b, bank, cake, machine)
}

fn sell(b: &mut Business, cake: &Id, machine: &Id, day: &str, kind: CardKind, n: u32) -> Id {
    b.record_card_sale(
        &ctx_on(day),
        NewSale {
            date: date(day),
            items: vec![SaleItem {
                product: cake.clone(),
                quantity: Decimal::ONE,
                unit_price: None,
            }],
            discount: Decimal::ZERO,
            method: PaymentMethod::Cartao,
            account: None,
            customer: None,
            due_date: None,
            beyond_stock: false,
        },
        CardChoice {
            machine: machine.clone(),
            kind,
            installments: n,
        },
    )
    .unwrap()
}

#[test]
fn a_card_sale_leaves_only_with_all_its_entries() {
    let (mut b, bank, cake, machine) = shop();
    // Tuesday 2026-01-13, débito: deposited and confirmed on the 14th.
    let debit = sell(&mut b, &cake, &machine, "2026-01-13", CardKind::Debit, 1);
    b.confirm_card_deposit(
        &ctx_on("2026-01-14"),
        &machine,
        date("2026-01-14"),
        date("2026-01-14"),
    )
    .unwrap();
    // The same day, crédito em 2x: 2026-02-12 (confirmed) and 2026-03-16 (open).
    let credit = sell(&mut b, &cake, &machine, "2026-01-13", CardKind::Credit, 2);
    b.confirm_card_deposit(
        &ctx_on("2026-02-12"),
        &machine,
        date("2026-02-12"),
        date("2026-02-12"),
    )
    .unwrap();
    let live = b
        .split_at(date("2026-03-01"), &device("Celular da Ana", 1), &ctx())
        .unwrap();

    assert!(
        live.sale(&debit).unwrap().is_none(),
        "settled before the cutoff"
    );
    for entry in b.sale(&debit).unwrap().unwrap().entries() {
        assert!(live.entry(&entry).unwrap().is_none());
    }
    let kept = live.sale(&credit).unwrap().expect("the credit sale stays");
    assert_eq!(kept.entries().len(), 4);
    for entry in kept.entries() {
        assert!(live.entry(&entry).unwrap().is_some(), "every entry stays");
    }
    assert_eq!(live.card_agenda().unwrap(), b.card_agenda().unwrap());
    assert_eq!(live.card_agenda().unwrap()[0].net, dec("48.00"));
    for day in ["2026-02-28", "2026-03-01", "2026-03-31"] {
        assert_eq!(
            live.account_balance(&bank, date(day)).unwrap(),
            b.account_balance(&bank, date(day)).unwrap(),
            "{day}"
        );
    }
}
