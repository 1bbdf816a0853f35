//! Matching bank lines to open entries, pending charges and recorded payments: exact,
//! ambiguous and unmatched lines; confirming and creating entries from lines; the
//! statement balance against the book balance.

use crate::common;
use crate::reconcile_support;

use common::*;
use reconcile_support::{statement, Line};
use retaguarda_core::charges::{ChargeMethod, ChargeStatus, NewCharge};
use retaguarda_core::ledger::categories::{RENT, SUPPLIES};
use retaguarda_core::ledger::{EntryKind, EntryStatus, NewEntry, NewPayment};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::reconcile::{LineOutcome, MatchTarget, NewFromLine};
use retaguarda_core::Business;

fn payable(biz: &mut Business, desc: &str, amount: &str, due: &str, cat: Option<&str>) -> String {
    let mut e = NewEntry::new(EntryKind::Payable, desc, dec(amount), date(due));
    e.category = cat.map(str::to_string);
    biz.create_entry(&ctx(), e).expect("entry")
}

#[test]
fn an_exact_match_is_proposed_and_confirming_pays_with_the_bank_date() {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "1000.00");
    let rent = payable(
        &mut biz,
        "Aluguel de março",
        "800.00",
        "2026-03-05",
        Some(RENT),
    );
    // Same amount but far outside the date window: not a candidate.
    payable(
        &mut biz,
        "Aluguel de abril",
        "800.00",
        "2026-04-05",
        Some(RENT),
    );

    let st = statement(
        &[Line("F1", "20260306", "-800.00", "PAG ALUGUEL IMOBILIARIA")],
        Some(("200.00", "20260306")),
    );
    let report = biz.import_statement(&ctx(), &bank, &st).expect("import");
    assert_eq!((report.imported, report.duplicates), (1, 0));
    assert_eq!(report.matched(), 1);
    let p = &report.proposals[0];
    let LineOutcome::Matched(c) = &p.outcome else {
        panic!("expected a match, got {:?}", p.outcome)
    };
    assert_eq!(c.target, MatchTarget::Entry(rent.clone()));

    biz.confirm_bank_match(&ctx(), &p.key, &c.target)
        .expect("confirm");
    let entry = biz.entry(&rent).unwrap().unwrap();
    assert_eq!(entry.status(), EntryStatus::Paid);
    let pay = entry.payments.values().next().unwrap();
    assert_eq!(pay.date, date("2026-03-06"));
    assert_eq!(pay.account, bank);
    assert_eq!(pay.bank_ref.as_deref(), Some(p.key.as_str()));
    assert!(biz.bank_proposals(&bank, 3).unwrap().is_empty());

    // 1000 - 800 = 200, as the bank says.
    let check = biz.bank_balance_check(&bank).unwrap().unwrap();
    assert_eq!(check.as_of, date("2026-03-06"));
    assert_eq!(check.book, dec("200.00"));
    assert_eq!(check.difference, dec("0"));

    // Confirming twice is refused and changes nothing.
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.confirm_bank_match(&ctx(), &p.key, &c.target)
    });
    assert!(err.to_string().contains("conciliada"), "{err}");
}

#[test]
fn a_pending_charge_is_matched_and_confirming_pays_the_charge() {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "0");
    let customer = biz
        .create_party(&ctx(), PartyInput::customer("Maria Souza"))
        .unwrap();
    let ids = biz
        .create_charges(
            &ctx(),
            NewCharge {
                party: customer,
                amount: dec("150.00"),
                first_due_date: date("2026-03-12"),
                method: ChargeMethod::Pix,
                description: "Bolo de aniversário".into(),
                installments: 1,
                category: None,
                account: Some(bank.clone()),
            },
        )
        .unwrap();
    let st = statement(
        &[Line("P9", "20260313", "150,00", "PIX RECEBIDO MARIA SOUZA")],
        None,
    );
    let report = biz.import_statement(&ctx(), &bank, &st).unwrap();
    let LineOutcome::Matched(c) = &report.proposals[0].outcome else {
        panic!("expected a match: {:?}", report.proposals[0].outcome)
    };
    assert_eq!(c.target, MatchTarget::Charge(ids[0].clone()));
    biz.confirm_bank_match(&ctx(), &report.proposals[0].key, &c.target)
        .unwrap();
    let view = biz.charge_view(&ids[0], date("2026-03-20")).unwrap();
    assert_eq!(view.status, ChargeStatus::Paid);
    assert_eq!(view.charge.paid.unwrap().date, date("2026-03-13"));
    assert_eq!(
        biz.account_balance(&bank, date("2026-03-13")).unwrap(),
        dec("150.00")
    );
    // No balance in this statement.
    assert!(biz.bank_balance_check(&bank).unwrap().is_none());
}

#[test]
fn two_candidates_with_the_same_amount_are_ambiguous_unless_the_text_decides() {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "0");
    let a = payable(&mut biz, "Conta de luz", "120.00", "2026-03-09", None);
    let b = payable(&mut biz, "Conta de água", "120.00", "2026-03-10", None);
    let st = statement(
        &[
            Line("X1", "20260310", "-120.00", "DEBITO AUTOMATICO"),
            Line("X2", "20260310", "-120.00", "DEB AUT ENERGIA LUZ"),
        ],
        None,
    );
    let report = biz.import_statement(&ctx(), &bank, &st).unwrap();
    assert_eq!(report.ambiguous(), 1);
    assert_eq!(report.matched(), 1);
    let by_fitid = |f: &str| {
        report
            .proposals
            .iter()
            .find(|p| p.line.fitid == f)
            .unwrap()
            .outcome
            .clone()
    };
    let LineOutcome::Ambiguous(cands) = by_fitid("X1") else {
        panic!("X1 should be ambiguous")
    };
    let mut targets: Vec<_> = cands.iter().map(|c| c.target.clone()).collect();
    targets.sort();
    let mut expected = vec![MatchTarget::Entry(a.clone()), MatchTarget::Entry(b.clone())];
    expected.sort();
    assert_eq!(targets, expected);
    let LineOutcome::Matched(c) = by_fitid("X2") else {
        panic!("X2 should match the electricity bill by its text")
    };
    assert_eq!(c.target, MatchTarget::Entry(a));
}

#[test]
fn an_unmatched_line_is_new_with_a_category_from_similar_past_entries() {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "0");
    // A past categorised purchase from the same supplier.
    let old = payable(
        &mut biz,
        "Farinha Moinho Dias Branco",
        "300.00",
        "2026-02-01",
        Some(SUPPLIES),
    );
    biz.pay_entry(
        &ctx(),
        &old,
        NewPayment {
            date: date("2026-02-01"),
            amount: dec("300.00"),
            account: bank.clone(),
            note: None,
        },
    )
    .unwrap();
    payable(&mut biz, "Aluguel", "900.00", "2026-01-05", Some(RENT));

    let st = statement(
        &[
            Line(
                "N1",
                "20260307",
                "-275.40",
                "PIX ENVIADO MOINHO DIAS BRANCO",
            ),
            Line("N2", "20260307", "-9.90", "TARIFA XYZ"),
        ],
        Some(("-585.30", "20260307")),
    );
    let report = biz.import_statement(&ctx(), &bank, &st).unwrap();
    assert_eq!(report.new_lines(), 2);
    let n1 = report
        .proposals
        .iter()
        .find(|p| p.line.fitid == "N1")
        .unwrap();
    let LineOutcome::New {
        suggested_category: Some(suggested),
    } = &n1.outcome
    else {
        panic!("expected a suggestion, got {:?}", n1.outcome)
    };
    assert_eq!(suggested.id, SUPPLIES);
    assert_eq!(suggested.name, "Matéria-prima e insumos");
    let n2 = report
        .proposals
        .iter()
        .find(|p| p.line.fitid == "N2")
        .unwrap();
    assert_eq!(
        n2.outcome,
        LineOutcome::New {
            suggested_category: None
        }
    );

    let id = biz
        .create_entry_from_line(
            &ctx(),
            &n1.key,
            NewFromLine {
                category: Some(SUPPLIES.into()),
                ..NewFromLine::default()
            },
        )
        .unwrap();
    let e = biz.entry(&id).unwrap().unwrap();
    assert_eq!(e.kind, EntryKind::Payable);
    assert_eq!(e.amount, dec("275.40"));
    assert_eq!(e.status(), EntryStatus::Paid);
    assert_eq!(e.category.as_deref(), Some(SUPPLIES));
    assert_eq!(
        e.payments.values().next().unwrap().bank_ref.as_deref(),
        Some(n1.key.as_str())
    );
    // Book: -300 - 275.40 = -575.40; the bank also took the 9.90 fee not yet booked.
    let check = biz.bank_balance_check(&bank).unwrap().unwrap();
    assert_eq!(check.book, dec("-575.40"));
    assert_eq!(check.difference, dec("-9.90"));

    biz.ignore_bank_line(&ctx(), &n2.key).unwrap();
    assert!(biz.bank_proposals(&bank, 3).unwrap().is_empty());
}

#[test]
fn a_payment_recorded_by_hand_is_matched_instead_of_paying_twice() {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "0");
    let e = payable(&mut biz, "Gás", "95.00", "2026-03-08", None);
    let pid = biz
        .pay_entry(
            &ctx(),
            &e,
            NewPayment {
                date: date("2026-03-08"),
                amount: dec("95.00"),
                account: bank.clone(),
                note: None,
            },
        )
        .unwrap();
    let st = statement(&[Line("G1", "20260309", "-95.00", "ULTRAGAZ")], None);
    let report = biz.import_statement(&ctx(), &bank, &st).unwrap();
    let LineOutcome::Matched(c) = &report.proposals[0].outcome else {
        panic!("expected the recorded payment")
    };
    let target = MatchTarget::Payment {
        entry: e.clone(),
        payment: pid.clone(),
    };
    assert_eq!(c.target, target);
    biz.confirm_bank_match(&ctx(), &report.proposals[0].key, &target)
        .unwrap();
    let entry = biz.entry(&e).unwrap().unwrap();
    assert_eq!(entry.payments.len(), 1);
    assert!(entry.payments[&pid].bank_ref.is_some());
    assert_eq!(
        biz.account_balance(&bank, date("2026-03-31")).unwrap(),
        dec("-95.00")
    );
}

#[test]
fn reconciliation_operations_appear_in_the_audit_log() {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "0");
    let st = statement(&[Line("A1", "20260301", "10.00", "DEPOSITO")], None);
    let r = biz.import_statement(&ctx(), &bank, &st).unwrap();
    biz.create_entry_from_line(&ctx(), &r.proposals[0].key, NewFromLine::default())
        .unwrap();
    let log = biz.audit_log().unwrap();
    let ops: Vec<&str> = log.iter().map(|a| a.op.as_str()).collect();
    assert!(ops.contains(&"bank.import"), "{ops:?}");
    assert!(ops.contains(&"bank.create_entry"), "{ops:?}");
    assert_eq!(
        retaguarda_core::reconcile::op_label("bank.import"),
        Some("Extrato bancário importado")
    );
}
