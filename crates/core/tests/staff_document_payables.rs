//! What the business document carries from payroll once the staff records live in their
//! own document (docs/SYNC.md, section 10.5): one unnamed payable per category and due date
//! of each operation, the same set when two devices close a payroll offline, cancelled with
//! the vacation they pay; and a ledger write that is refused leaves the staff document
//! unchanged too.

use crate::common;

use common::*;
use retaguarda_core::formats::doc::TaxId;
use retaguarda_core::ledger::{categories, Entry};
use retaguarda_core::staff::{Contract, NewStaff, NewVacation, RunStatus, VacationOptions};
use retaguarda_core::{Business, Id};
use rust_decimal::Decimal;

fn person(name: &str, cpf_base: &str, salary: &str) -> NewStaff {
    NewStaff {
        name: name.into(),
        cpf: TaxId::cpf_from_base(cpf_base).expect("cpf").formatted(),
        role: "Vendedor".into(),
        hire_date: date("2024-01-08"),
        monthly_salary: dec(salary),
        contract: Contract::Clt,
        dependants: 0,
    }
}

/// A shop whose staff records live in the staff document, with two employees.
fn shop() -> (Business, Id, Id) {
    let mut biz = new_business();
    biz.move_staff_out(&ctx()).expect("move");
    let lia = biz
        .create_staff(&ctx(), person("Lia Souza", "529982247", "2600.00"))
        .expect("lia");
    let davi = biz
        .create_staff(&ctx(), person("Davi Melo", "111444777", "7900.00"))
        .expect("davi");
    (biz, lia, davi)
}

fn live(biz: &Business) -> Vec<(Id, Entry)> {
    biz.entries()
        .expect("entries")
        .into_iter()
        .filter(|(_, e)| e.cancelled.is_none())
        .collect()
}

#[test]
fn payroll_payables_are_unnamed_totals_made_once() {
    let (mut a, _, _) = shop();
    let before = a.entries().expect("entries").len();
    // A second device with both documents.
    let mut b = a.fork(&device("Notebook", 2));
    let staff = a.staff_document_mut().expect("staff doc").save();
    b.attach_staff_document(&staff).expect("attach");

    // Both close February's payroll offline.
    for biz in [&mut a, &mut b] {
        let run = biz.create_payroll_run(&ctx(), 2026, 2).expect("run");
        biz.close_payroll_run(&ctx(), &run, None).expect("close");
    }
    a.merge(&mut b).expect("merge");
    let run = a.payroll_run("2026-02").expect("read").expect("run");
    assert_eq!(run.status, RunStatus::Closed);
    let payroll: Vec<(Id, Entry)> = a
        .entries()
        .expect("entries")
        .into_iter()
        .filter(|(id, _)| run.entries.contains(id))
        .collect();
    assert_eq!(a.entries().expect("entries").len(), before + 4);
    assert_eq!(payroll.len(), 4, "net, INSS, FGTS, IRRF once each");
    let net = payroll
        .iter()
        .find(|(_, e)| e.category.as_deref() == Some(categories::SALARIES))
        .expect("net");
    assert_eq!(
        net.1.amount,
        run.payslips.values().map(|p| p.net).sum::<Decimal>()
    );
    assert_eq!(net.1.description, "Folha 02/2026 — salários líquidos");
    let inss = payroll
        .iter()
        .find(|(_, e)| e.category.as_deref() == Some(categories::INSS))
        .expect("inss");
    assert_eq!(inss.1.amount, run.total_inss());
    for (id, e) in &payroll {
        assert!(id.starts_with("staff."), "{id}");
        assert!(!e.description.contains("Lia") && !e.description.contains("Davi"));
        assert!(e.source.as_deref().is_some_and(|s| s.starts_with("staff:")));
    }
}

#[test]
fn a_vacation_pays_and_cancels_unnamed_entries() {
    let (mut biz, lia, _) = shop();
    let id = biz
        .schedule_paid_vacation(
            &ctx(),
            NewVacation {
                staff: lia.clone(),
                period: Some(1),
                start: date("2026-05-04"),
                days: 20,
            },
            VacationOptions::default(),
        )
        .expect("vacation");
    let vacation = biz.vacation(&id).expect("read").expect("vacation");
    let payment = vacation.payment.expect("paid");
    let entries = live(&biz);
    let paid: Vec<&Entry> = entries
        .iter()
        .filter(|(id, _)| payment.entries.contains(id))
        .map(|(_, e)| e)
        .collect();
    assert!(!paid.is_empty());
    assert_eq!(paid.len(), payment.entries.len());
    let net = paid
        .iter()
        .find(|e| e.category.as_deref() == Some(categories::VACATION_13TH))
        .expect("net");
    assert_eq!(net.amount, payment.sheet.net);
    assert_eq!(net.description, "Férias 05/2026 — líquido");

    biz.cancel_vacation(&ctx(), &id).expect("cancel");
    let still: Vec<Id> = live(&biz).into_iter().map(|(id, _)| id).collect();
    assert!(payment.entries.iter().all(|e| !still.contains(e)));
}

#[test]
fn a_refused_ledger_write_leaves_both_documents_unchanged() {
    let (mut biz, _, _) = shop();
    let run = biz.create_payroll_run(&ctx(), 2026, 2).expect("run");
    let heads = biz.heads();
    let staff_heads = biz.staff_document_mut().expect("staff doc").heads();
    // An account that does not exist: the payables are refused.
    biz.close_payroll_run(&ctx(), &run, Some("conta-que-nao-existe".into()))
        .expect_err("no such account");
    assert_eq!(biz.heads(), heads);
    assert_eq!(
        biz.staff_document_mut().expect("staff doc").heads(),
        staff_heads
    );
    assert_eq!(
        biz.payroll_run(&run).expect("read").expect("run").status,
        RunStatus::Draft
    );
}
