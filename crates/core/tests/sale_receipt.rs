//! What Venda shows after a sale, read from that sale's own records (issue 31: the old
//! screen listed every sale and every entry of the shop to draw one receipt): the total,
//! the method and a card sale's deposits, the same as the agenda's receivables of that
//! sale; and one account's balance, the same as the balances of every account, with
//! voided payments, transfers and an opening dated later.

use crate::common;
use common::*;
use retaguarda_core::inventory::{
    CardChoice, CardKind, MovementKind, NewCardMachine, NewMovement, NewSale, PaymentMethod,
    SaleItem,
};
use retaguarda_core::ledger::{AccountKind, EntryKind, NewAccount, NewPayment, NewTransfer};
use retaguarda_core::{Business, Id};
use rust_decimal::Decimal;

fn shop() -> (Business, Id, Id, Id) {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "0.00");
    let cash = cash_account(&mut biz, "50.00");
    let cake = biz
        .create_product(
            &ctx(),
            unit_product("BOLO", "Bolo de aniversário", "40.00", "100.00"),
        )
        .unwrap();
    biz.record_movement(
        &ctx(),
        NewMovement {
            product: cake.clone(),
            date: date("2026-03-01"),
            kind: MovementKind::Adjustment,
            quantity: dec("10"),
            unit_cost: None,
            reason: Some("Produção".into()),
        },
    )
    .unwrap();
    (biz, bank, cash, cake)
}

fn sale(cake: &Id, method: PaymentMethod, account: Option<Id>) -> NewSale {
    NewSale {
        date: date("2026-03-10"),
        items: vec![SaleItem {
            product: cake.clone(),
            quantity: dec("1"),
            unit_price: None,
        }],
        discount: Decimal::ZERO,
        method,
        account,
        customer: None,
        due_date: None,
        beyond_stock: false,
    }
}

#[test]
fn a_card_sale_shows_its_own_deposits_as_the_agenda_has_them() {
    let (mut biz, bank, cash, cake) = shop();
    let machine = biz
        .create_card_machine(
            &ctx(),
            NewCardMachine::with_usual_terms(
                "Maquininha do balcão",
                bank,
                dec("1.99"),
                dec("3.19"),
                vec![dec("3.49"), dec("3.99")],
            ),
        )
        .unwrap();
    let choice = CardChoice {
        machine,
        kind: CardKind::Credit,
        installments: 3,
    };
    // Another card sale, so the agenda holds more than this sale.
    let other = biz
        .record_card_sale(
            &ctx(),
            sale(&cake, PaymentMethod::Cartao, None),
            choice.clone(),
        )
        .unwrap();
    let id = biz
        .record_card_sale(&ctx(), sale(&cake, PaymentMethod::Cartao, None), choice)
        .unwrap();
    let receipt = biz.sale_receipt(&id).unwrap().unwrap();
    assert_eq!(receipt.total, dec("100.00"));
    assert_eq!(receipt.method, PaymentMethod::Cartao);
    // The worked example of card_schedule.rs: gross 33.34 / 33.33 / 33.33, fee 1.33 each.
    assert_eq!(
        receipt.deposits,
        vec![
            (date("2026-04-09"), dec("32.01")),
            (date("2026-05-11"), dec("32.00")),
            (date("2026-06-08"), dec("32.00")),
        ]
    );
    // The same as the agenda's receivables of this sale, which the screen used to filter.
    let agenda: Vec<_> = biz
        .card_receivables()
        .unwrap()
        .into_iter()
        .filter(|(_, r)| r.sale == id)
        .map(|(_, r)| (r.installment.date, r.installment.net))
        .collect();
    assert_eq!(receipt.deposits, agenda);
    assert_ne!(other, id);

    // A cash sale has no deposits; an unknown sale has no receipt.
    let paid = biz
        .record_sale(&ctx(), sale(&cake, PaymentMethod::Dinheiro, Some(cash)))
        .unwrap();
    let receipt = biz.sale_receipt(&paid).unwrap().unwrap();
    assert_eq!(
        (receipt.total, receipt.method, receipt.deposits.len()),
        (dec("100.00"), PaymentMethod::Dinheiro, 0)
    );
    assert_eq!(biz.sale_receipt("não-existe").unwrap(), None);
}

#[test]
fn one_account_balance_is_the_balance_every_account_list_gives() {
    let (mut biz, bank, cash, cake) = shop();
    let later = biz
        .create_account(
            &ctx(),
            NewAccount {
                name: "Poupança".into(),
                kind: AccountKind::Other,
                opening_balance: dec("300.00"),
                opening_date: date("2026-03-20"),
            },
        )
        .unwrap();
    biz.record_sale(
        &ctx(),
        sale(&cake, PaymentMethod::Dinheiro, Some(cash.clone())),
    )
    .unwrap();
    let rent = entry(
        &mut biz,
        EntryKind::Payable,
        "Aluguel",
        "80.00",
        "2026-03-05",
    );
    pay(&mut biz, "2026-03-05", &rent, "80.00", &bank);
    let flour = entry(
        &mut biz,
        EntryKind::Payable,
        "Farinha",
        "30.00",
        "2026-03-12",
    );
    let wrong = biz
        .pay_entry(
            &ctx(),
            &flour,
            NewPayment {
                date: date("2026-03-12"),
                amount: dec("30.00"),
                account: cash.clone(),
                note: None,
            },
        )
        .unwrap();
    biz.void_payment(&ctx(), &flour, &wrong, Some("conta errada"))
        .unwrap();
    pay(&mut biz, "2026-03-13", &flour, "30.00", &bank);
    biz.create_transfer(
        &ctx(),
        NewTransfer {
            date: date("2026-03-15"),
            from: cash.clone(),
            to: bank.clone(),
            amount: dec("120.00"),
            description: None,
        },
    )
    .unwrap();
    for day in [
        "2026-03-01",
        "2026-03-10",
        "2026-03-13",
        "2026-03-15",
        "2026-03-31",
    ] {
        let all = biz.balances(date(day)).unwrap();
        for id in [&bank, &cash, &later] {
            let expected = all.iter().find(|b| &b.id == id).unwrap().balance;
            assert_eq!(
                biz.account_balance(id, date(day)).unwrap(),
                expected,
                "{day}"
            );
        }
    }
    // Worked by hand on the 31st: cash 50 + 100 (sale) − 120; bank −80 − 30 + 120; the
    // savings' opening.
    assert_eq!(
        biz.account_balance(&cash, date("2026-03-31")).unwrap(),
        dec("30.00")
    );
    assert_eq!(
        biz.account_balance(&bank, date("2026-03-31")).unwrap(),
        dec("10.00")
    );
    assert_eq!(
        biz.account_balance(&later, date("2026-03-10")).unwrap(),
        dec("0")
    );
    assert!(biz
        .account_balance("não-existe", date("2026-03-31"))
        .is_err());
}
