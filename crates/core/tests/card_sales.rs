//! A card sale on a machine writes, in one change, the sale, its stock movements and per
//! installment the gross receivable ("Vendas de produtos") and the acquirer's fee as a
//! payable ("Taxas de cartão e maquininha"), both due on the deposit date in the machine's
//! account: nothing reaches the account on the day of the sale, and on each deposit date
//! the cash flow nets to what the acquirer deposits.

use crate::common;

use common::*;
use retaguarda_core::inventory::{
    CardChoice, CardKind, MovementKind, NewCardMachine, NewMovement, NewSale, PaymentMethod,
    SaleItem,
};
use retaguarda_core::ledger::reports::Granularity;
use retaguarda_core::ledger::{categories, EntryKind, EntryStatus};
use retaguarda_core::{Business, Id};
use rust_decimal::Decimal;

struct Shop {
    biz: Business,
    bank: Id,
    cake: Id,
    machine: Id,
}

fn shop() -> Shop {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "0.00");
    let cake = biz
        .create_product(
            &ctx(),
            unit_product("BOLO", "Bolo de aniversário", "40.00", "100.00"),
        )
        .expect("product");
    biz.record_movement(
        &ctx(),
        NewMovement {
            product: cake.clone(),
            date: date("2026-03-01"),
            kind: MovementKind::Adjustment,
            quantity: dec("5"),
            unit_cost: None,
            reason: Some("Produção".into()),
        },
    )
    .expect("stock");
    let machine = biz
        .create_card_machine(
            &ctx(),
            NewCardMachine::with_usual_terms(
                "Maquininha do balcão",
                bank.clone(),
                dec("1.99"),
                dec("3.19"),
                vec![dec("3.49"), dec("3.99")],
            ),
        )
        .expect("machine");
    Shop {
        biz,
        bank,
        cake,
        machine,
    }
}

fn sale(s: &Shop, qty: &str) -> NewSale {
    NewSale {
        date: date("2026-03-10"),
        items: vec![SaleItem {
            product: s.cake.clone(),
            quantity: dec(qty),
            unit_price: None,
        }],
        discount: Decimal::ZERO,
        method: PaymentMethod::Cartao,
        account: None,
        customer: None,
        due_date: None,
        beyond_stock: false,
    }
}

fn credit(s: &Shop, installments: u32) -> CardChoice {
    CardChoice {
        machine: s.machine.clone(),
        kind: CardKind::Credit,
        installments,
    }
}

#[test]
fn three_installments_write_receivables_and_fees_on_the_deposit_dates() {
    let mut s = shop();
    let ops_before = s.biz.audit_log().expect("audit").len();
    let id = s
        .biz
        .record_card_sale(&ctx(), sale(&s, "1"), credit(&s, 3))
        .expect("card sale");
    // One change.
    assert_eq!(s.biz.audit_log().expect("audit").len(), ops_before + 1);

    let rec = s.biz.sale(&id).expect("read").expect("sale");
    assert_eq!(rec.method, PaymentMethod::Cartao);
    assert_eq!(rec.total, dec("100.00"));
    let card = rec.card.clone().expect("card side");
    assert_eq!(card.machine, s.machine);
    assert_eq!(card.machine_name, "Maquininha do balcão");
    assert_eq!((card.kind, card.installments), (CardKind::Credit, 3));
    assert_eq!((card.rate, card.fee), (dec("3.99"), dec("3.99")));
    assert_eq!(card.parts.len(), 3);
    assert_eq!(rec.entry, card.parts[0].receivable);

    // (date, gross, fee): the worked example of card_schedule.rs.
    let expected = [
        ("2026-04-09", "33.34", "1.33", "crédito 1/3"),
        ("2026-05-11", "33.33", "1.33", "crédito 2/3"),
        ("2026-06-08", "33.33", "1.33", "crédito 3/3"),
    ];
    for (part, (day, gross, fee, plan)) in card.parts.iter().zip(expected) {
        let r = s
            .biz
            .entry(&part.receivable)
            .expect("read")
            .expect("receivable");
        assert_eq!(r.kind, EntryKind::Receivable);
        assert_eq!(r.amount, dec(gross));
        assert_eq!(r.due_date, date(day));
        assert_eq!(r.competence_date, date("2026-03-10"));
        assert_eq!(r.status(), EntryStatus::Open);
        assert_eq!(r.category.as_deref(), Some(categories::SALES_OF_GOODS));
        assert_eq!(r.account.as_deref(), Some(s.bank.as_str()));
        assert_eq!(
            r.description,
            format!("Venda: Bolo de aniversário ({plan})")
        );
        assert_eq!(r.source.as_deref(), Some(format!("sale:{id}").as_str()));
        let f = s
            .biz
            .entry(part.fee_entry.as_deref().expect("fee entry"))
            .expect("read")
            .expect("fee");
        assert_eq!(f.kind, EntryKind::Payable);
        assert_eq!(f.amount, dec(fee));
        assert_eq!(f.due_date, date(day));
        assert_eq!(f.category.as_deref(), Some(categories::CARD_FEES));
        assert_eq!(f.account.as_deref(), Some(s.bank.as_str()));
        assert_eq!(
            f.description,
            format!("Taxa de cartão: Bolo de aniversário ({plan})")
        );
    }
    assert_eq!(s.biz.sale(&id).unwrap().unwrap().entries().len(), 6);

    // Stock went down; nothing reached the bank on the day of the sale.
    assert_eq!(
        s.biz.stock_position(&s.cake).expect("stock").quantity,
        dec("4")
    );
    assert_eq!(
        s.biz
            .account_balance(&s.bank, date("2026-03-10"))
            .expect("balance"),
        dec("0.00")
    );
    // The cash flow shows, on each deposit date, what the acquirer deposits.
    let flow = s
        .biz
        .cash_flow(
            date("2026-04-01"),
            date("2026-06-30"),
            Granularity::Month,
            Some(&s.bank),
            date("2026-03-10"),
        )
        .expect("cash flow");
    let nets: Vec<Decimal> = flow
        .iter()
        .map(|r| r.projected_in - r.projected_out)
        .collect();
    assert_eq!(nets, vec![dec("32.01"), dec("32.00"), dec("32.00")]);
    assert_eq!(flow.last().expect("june").closing_balance, dec("96.01"));
}

#[test]
fn debit_deposits_the_next_business_day() {
    let mut s = shop();
    let mut input = sale(&s, "2");
    input.date = date("2026-03-13"); // a Friday
    let id = s
        .biz
        .record_card_sale(
            &ctx_on("2026-03-13"),
            input,
            CardChoice {
                machine: s.machine.clone(),
                kind: CardKind::Debit,
                installments: 1,
            },
        )
        .expect("debit sale");
    let card = s.biz.sale(&id).unwrap().unwrap().card.expect("card");
    let r = s.biz.entry(&card.parts[0].receivable).unwrap().unwrap();
    // 200,00 × 1,99% = 3,98, deposited on Monday 16.
    assert_eq!((r.amount, r.due_date), (dec("200.00"), date("2026-03-16")));
    let f = s
        .biz
        .entry(card.parts[0].fee_entry.as_deref().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(f.amount, dec("3.98"));
    assert_eq!(r.description, "Venda: Bolo de aniversário (débito)");
}

#[test]
fn a_free_plan_writes_no_fee() {
    let mut s = shop();
    let m = s
        .biz
        .create_card_machine(
            &ctx(),
            NewCardMachine::with_usual_terms(
                "Sem taxa",
                s.bank.clone(),
                Decimal::ZERO,
                Decimal::ZERO,
                vec![],
            ),
        )
        .expect("machine");
    let id = s
        .biz
        .record_card_sale(
            &ctx(),
            sale(&s, "1"),
            CardChoice {
                machine: m,
                kind: CardKind::Credit,
                installments: 1,
            },
        )
        .expect("sale");
    let card = s.biz.sale(&id).unwrap().unwrap().card.expect("card");
    assert_eq!(card.parts.len(), 1);
    assert_eq!(card.parts[0].fee_entry, None);
    assert_eq!(card.fee, Decimal::ZERO);
}

#[test]
fn refused_card_sales_change_nothing() {
    let mut s = shop();
    // More installments than the machine offers.
    let choice = credit(&s, 4);
    let input = sale(&s, "1");
    let err = assert_rejected_unchanged(&mut s.biz, |b| b.record_card_sale(&ctx(), input, choice));
    assert_eq!(
        err.to_string(),
        "Parcelas: a maquininha \"Maquininha do balcão\" não tem taxa para 4x; ela parcela em até 3x."
    );
    // A machine switched off.
    let machine = s.machine.clone();
    s.biz
        .set_card_machine_active(&ctx(), &machine, false)
        .expect("off");
    let choice = credit(&s, 1);
    let input = sale(&s, "1");
    let err = assert_rejected_unchanged(&mut s.biz, |b| b.record_card_sale(&ctx(), input, choice));
    assert_eq!(
        err.to_string(),
        "A maquininha \"Maquininha do balcão\" está desativada; reative-a ou escolha outra."
    );
    // The stock check still applies.
    s.biz
        .set_card_machine_active(&ctx(), &machine, true)
        .expect("on");
    let choice = credit(&s, 1);
    let input = sale(&s, "9");
    let err = assert_rejected_unchanged(&mut s.biz, |b| b.record_card_sale(&ctx(), input, choice));
    assert!(err.to_string().starts_with("Estoque insuficiente"), "{err}");
}

#[test]
fn a_card_sale_without_a_machine_is_still_received_at_once() {
    // Documents and screens without a machine keep the old behaviour.
    let mut s = shop();
    let mut input = sale(&s, "1");
    input.account = Some(s.bank.clone());
    let id = s.biz.record_sale(&ctx(), input).expect("sale");
    let rec = s.biz.sale(&id).unwrap().unwrap();
    assert_eq!(rec.card, None);
    assert_eq!(
        s.biz.entry(&rec.entry).unwrap().unwrap().status(),
        EntryStatus::Paid
    );
}
