//! Card machines as the owner configures them: name, acquirer, the account the acquirer
//! deposits into, fees per kind and plan, and deposit terms; invalid forms are refused in
//! pt-BR and change nothing, and edits keep the machine's state while changing what new
//! sales pay.

use crate::common;

use common::*;
use retaguarda_core::inventory::{CardChoice, CardKind, NewCardMachine};
use retaguarda_core::ledger::NewAccount;
use rust_decimal::Decimal;

fn form(account: &str) -> NewCardMachine {
    NewCardMachine {
        name: "Maquininha do balcão".into(),
        acquirer: Some("  Stone ".into()),
        account: account.into(),
        debit_rate: dec("1.99"),
        credit_rate: dec("3.19"),
        installment_rates: vec![dec("3.49"), dec("3.99"), dec("4.59")],
        debit_days: 1,
        credit_days: 30,
        installment_interval_days: 30,
    }
}

#[test]
fn a_machine_is_stored_as_configured() {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "0");
    let id = biz
        .create_card_machine(&ctx(), form(&bank))
        .expect("machine");
    let m = biz.card_machine(&id).expect("read").expect("machine");
    assert_eq!(m.name, "Maquininha do balcão");
    assert_eq!(m.acquirer.as_deref(), Some("Stone"));
    assert_eq!(m.account, bank);
    assert_eq!(m.max_installments(), 4);
    assert_eq!(m.rate(CardKind::Credit, 3).expect("3x"), dec("3.99"));
    assert_eq!(m.rate(CardKind::Debit, 1).expect("debit"), dec("1.99"));
    assert!(m.active);
    assert_eq!(biz.card_machines().expect("list").len(), 1);
    let log = biz.audit_log().expect("audit");
    assert_eq!(log.last().expect("op").label, "Maquininha cadastrada");
}

#[test]
fn invalid_forms_are_refused_unchanged() {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "0");
    let cases: Vec<(NewCardMachine, &str)> = vec![
        (
            NewCardMachine {
                name: "  ".into(),
                ..form(&bank)
            },
            "Nome da maquininha: preencha este campo.",
        ),
        (
            NewCardMachine {
                name: "x".repeat(61),
                ..form(&bank)
            },
            "Nome da maquininha: use no máximo 60 caracteres (há 61).",
        ),
        (
            NewCardMachine {
                debit_rate: dec("-1"),
                ..form(&bank)
            },
            "Taxa do débito: a taxa não pode ser negativa.",
        ),
        (
            NewCardMachine {
                credit_rate: dec("31"),
                ..form(&bank)
            },
            "Taxa do crédito à vista: a taxa passa de 30%; confira o valor digitado.",
        ),
        (
            NewCardMachine {
                installment_rates: vec![Decimal::ONE; 12],
                ..form(&bank)
            },
            "Parcelas: a maquininha parcela em no máximo 12x.",
        ),
        (
            NewCardMachine {
                credit_days: 400,
                ..form(&bank)
            },
            "Prazo do crédito: use no máximo 365 dias.",
        ),
        (
            NewCardMachine {
                debit_rate: dec("1.23456"),
                ..form(&bank)
            },
            "Taxa do débito: use no máximo quatro casas decimais.",
        ),
    ];
    for (input, message) in cases {
        let err = assert_rejected_unchanged(&mut biz, |b| b.create_card_machine(&ctx(), input));
        assert_eq!(err.to_string(), message);
    }
    // An account that does not exist.
    let err = assert_rejected_unchanged(&mut biz, |b| b.create_card_machine(&ctx(), form("nope")));
    assert_eq!(err.to_string(), "Conta não encontrado(a) (código nope).");
    // Two machines with the same name.
    biz.create_card_machine(&ctx(), form(&bank)).expect("first");
    let err = assert_rejected_unchanged(&mut biz, |b| b.create_card_machine(&ctx(), form(&bank)));
    assert_eq!(
        err.to_string(),
        "Já existe uma maquininha chamada \"Maquininha do balcão\"."
    );
}

#[test]
fn an_archived_account_cannot_take_deposits() {
    let mut biz = new_business();
    let old = biz
        .create_account(
            &ctx(),
            NewAccount {
                name: "Banco antigo".into(),
                kind: retaguarda_core::ledger::AccountKind::Bank,
                opening_balance: Decimal::ZERO,
                opening_date: date("2026-01-01"),
            },
        )
        .expect("account");
    biz.archive_account(&ctx(), &old).expect("archive");
    let err = assert_rejected_unchanged(&mut biz, |b| b.create_card_machine(&ctx(), form(&old)));
    assert_eq!(
        err.to_string(),
        "Conta: a conta \"Banco antigo\" está arquivada."
    );
}

#[test]
fn edits_keep_the_state_and_change_what_new_sales_pay() {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "0");
    let id = biz
        .create_card_machine(&ctx(), form(&bank))
        .expect("machine");
    let before = biz
        .card_quote(
            &CardChoice {
                machine: id.clone(),
                kind: CardKind::Credit,
                installments: 3,
            },
            date("2026-03-10"),
            dec("100"),
        )
        .expect("quote");
    assert_eq!(before.iter().map(|i| i.fee).sum::<Decimal>(), dec("3.99"));

    biz.set_card_machine_active(&ctx(), &id, false)
        .expect("off");
    let mut edited = form(&bank);
    edited.installment_rates = vec![dec("2.00"), dec("2.50")];
    edited.credit_days = 2;
    biz.update_card_machine(&ctx(), &id, edited).expect("edit");
    let m = biz.card_machine(&id).unwrap().unwrap();
    assert!(!m.active, "an edit does not reactivate");
    assert_eq!(m.rate(CardKind::Credit, 3).expect("3x"), dec("2.50"));
    assert_eq!(m.credit_days, 2);
    // Its own name is no clash; new quotes use the new fee.
    assert_eq!(m.name, "Maquininha do balcão");
    let after = biz
        .card_quote(
            &CardChoice {
                machine: id.clone(),
                kind: CardKind::Credit,
                installments: 3,
            },
            date("2026-03-10"),
            dec("100"),
        )
        .expect("quote");
    assert_eq!(after.iter().map(|i| i.fee).sum::<Decimal>(), dec("2.50"));
    assert_eq!(after[0].date, date("2026-03-12"));
    let err = biz
        .set_card_machine_active(&ctx(), &id, false)
        .expect_err("already off");
    assert_eq!(err.to_string(), "Esta maquininha já está desativada.");
}
