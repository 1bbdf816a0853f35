//! Payroll runs on the document: create a month's run with payslips,
//! recalculate a draft, close it into ledger payables (net pay per person,
//! INSS, FGTS, IRRF) in one change, and every rejection.

use crate::common;

use common::*;
use retaguarda_core::formats::doc::TaxId;
use retaguarda_core::ledger::{categories, EntryKind, EntryStatus};
use retaguarda_core::staff::ops::{day_or_previous_weekday, nth_business_day_mon_sat};
use retaguarda_core::staff::{days_paid, Contract, NewStaff, RunStatus, StaffError};
use retaguarda_core::{Business, CoreError, Id};

struct Team {
    biz: Business,
    ana: Id,
    bruno: Id,
    dora: Id,
}

fn person(
    name: &str,
    cpf_base: &str,
    hire: &str,
    salary: &str,
    deps: u32,
    c: Contract,
) -> NewStaff {
    NewStaff {
        name: name.into(),
        cpf: TaxId::cpf_from_base(cpf_base).expect("cpf").formatted(),
        role: "Atendente".into(),
        hire_date: date(hire),
        monthly_salary: dec(salary),
        contract: c,
        dependants: deps,
    }
}

/// Ana 3.000,00 (full month), Bruno 10.000,00 with 3 dependants (full
/// month), Dora 2.000,00 hired on 16/03/2026 (15 days), and Eva, a partner
/// outside the CLT payroll.
fn team() -> Team {
    let mut biz = new_business();
    let ana = biz
        .create_staff(
            &ctx(),
            person(
                "Ana",
                "529982247",
                "2025-01-10",
                "3000.00",
                0,
                Contract::Clt,
            ),
        )
        .expect("ana");
    let bruno = biz
        .create_staff(
            &ctx(),
            person(
                "Bruno",
                "111444777",
                "2024-05-02",
                "10000.00",
                3,
                Contract::Clt,
            ),
        )
        .expect("bruno");
    let dora = biz
        .create_staff(
            &ctx(),
            person(
                "Dora",
                "123456789",
                "2026-03-16",
                "2000.00",
                0,
                Contract::Clt,
            ),
        )
        .expect("dora");
    biz.create_staff(
        &ctx(),
        person(
            "Eva",
            "987654321",
            "2020-01-01",
            "8000.00",
            0,
            Contract::Other,
        ),
    )
    .expect("eva");
    Team {
        biz,
        ana,
        bruno,
        dora,
    }
}

#[test]
fn run_calculates_every_clt_payslip() {
    let mut t = team();
    let heads = t.biz.heads();
    let id = t.biz.create_payroll_run(&ctx(), 2026, 3).expect("run");
    assert_eq!(id, "2026-03");
    assert_eq!(t.biz.changes_since(&heads).len(), 1);
    let run = t.biz.payroll_run(&id).expect("read").expect("exists");
    assert_eq!(run.status, RunStatus::Draft);
    assert_eq!(run.payslips.len(), 3, "Eva is not CLT");

    // Ana: INSS 248,61, IRRF 0, FGTS 240,00, net 2.751,39.
    let a = &run.payslips[&t.ana];
    assert_eq!(
        (a.gross, a.inss, a.irrf, a.fgts, a.net),
        (
            dec("3000.00"),
            dec("248.61"),
            dec("0"),
            dec("240.00"),
            dec("2751.39"),
        )
    );
    // Bruno: INSS 988,10 (ceiling), IRRF 1.413,13 with 3 dependants,
    // FGTS 800,00, net 7.598,77.
    let b = &run.payslips[&t.bruno];
    assert_eq!(
        (b.gross, b.inss, b.irrf, b.fgts, b.net),
        (
            dec("10000.00"),
            dec("988.10"),
            dec("1413.13"),
            dec("800.00"),
            dec("7598.77"),
        )
    );
    // Dora: 15 days of 2.000,00 = 1.000,00; INSS 75,00; FGTS 80,00; net 925,00.
    let d = &run.payslips[&t.dora];
    assert_eq!(d.days, 15);
    assert_eq!(
        (d.gross, d.inss, d.irrf, d.fgts, d.net),
        (
            dec("1000.00"),
            dec("75.00"),
            dec("0"),
            dec("80.00"),
            dec("925.00"),
        )
    );
    assert_eq!(
        d.lines.iter().map(|l| l.code.as_str()).collect::<Vec<_>>(),
        vec!["salario", "inss", "fgts"]
    );

    assert_eq!(run.total_inss(), dec("1311.71"));
    assert_eq!(run.total_fgts(), dec("1120.00"));
    assert_eq!(run.total_irrf(), dec("1413.13"));
    assert_eq!(run.total_net(), dec("11275.16"));
    assert_eq!(run.total_gross(), dec("14000.00"));
    assert_eq!(t.biz.payroll_runs().expect("runs").len(), 1);
}

#[test]
fn closing_creates_the_payables_in_one_change() {
    let mut t = team();
    let bank = bank_account(&mut t.biz, "20000.00");
    let id = t.biz.create_payroll_run(&ctx(), 2026, 3).expect("run");
    let heads = t.biz.heads();
    t.biz
        .close_payroll_run(&ctx_on("2026-04-01"), &id, Some(bank.clone()))
        .expect("close");
    assert_eq!(t.biz.changes_since(&heads).len(), 1);
    let run = t.biz.payroll_run(&id).expect("read").expect("exists");
    assert_eq!(run.status, RunStatus::Closed);
    assert_eq!(run.closed_on, Some(date("2026-04-01")));
    assert_eq!(run.entries.len(), 6, "3 net pays, INSS, FGTS, IRRF");

    let entry = |eid: &str| t.biz.entry(eid).expect("read").expect("entry");
    // Net pay on the 5th business day of April 2026 (Monday to Saturday):
    // 1 Wed, 2 Thu, 3 Fri, 4 Sat, 6 Mon.
    let ana = entry(&format!("payroll.2026-03.net.{}", t.ana));
    assert_eq!(ana.kind, EntryKind::Payable);
    assert_eq!(ana.amount, dec("2751.39"));
    assert_eq!(ana.due_date, date("2026-04-06"));
    assert_eq!(ana.competence_date, date("2026-03-31"));
    assert_eq!(ana.category.as_deref(), Some(categories::SALARIES));
    assert_eq!(ana.account.as_deref(), Some(bank.as_str()));
    assert_eq!(ana.status(), EntryStatus::Open);
    assert_eq!(ana.source.as_deref(), Some("payroll:2026-03"));
    assert_eq!(
        entry(&format!("payroll.2026-03.net.{}", t.bruno)).amount,
        dec("7598.77")
    );
    assert_eq!(
        entry(&format!("payroll.2026-03.net.{}", t.dora)).amount,
        dec("925.00")
    );
    // Taxes on the 20th of April 2026, a Monday.
    let inss = entry("payroll.2026-03.inss");
    assert_eq!(inss.amount, dec("1311.71"));
    assert_eq!(inss.due_date, date("2026-04-20"));
    assert_eq!(inss.category.as_deref(), Some(categories::INSS));
    let fgts = entry("payroll.2026-03.fgts");
    assert_eq!(fgts.amount, dec("1120.00"));
    assert_eq!(fgts.category.as_deref(), Some(categories::FGTS));
    let irrf = entry("payroll.2026-03.irrf");
    assert_eq!(irrf.amount, dec("1413.13"));
    assert_eq!(irrf.category.as_deref(), Some(categories::IRRF));
}

#[test]
fn no_irrf_payable_when_nothing_was_withheld() {
    let mut biz = new_business();
    biz.create_staff(
        &ctx(),
        person(
            "Ana",
            "529982247",
            "2025-01-10",
            "3000.00",
            0,
            Contract::Clt,
        ),
    )
    .expect("ana");
    let id = biz.create_payroll_run(&ctx(), 2026, 3).expect("run");
    biz.close_payroll_run(&ctx(), &id, None).expect("close");
    let run = biz.payroll_run(&id).expect("read").expect("exists");
    assert_eq!(run.entries.len(), 3, "net, INSS, FGTS");
    assert_eq!(biz.entry("payroll.2026-03.irrf").expect("read"), None);
}

#[test]
fn recalculate_picks_up_changes() {
    let mut t = team();
    let id = t.biz.create_payroll_run(&ctx(), 2026, 3).expect("run");
    let mut raise = person(
        "Ana",
        "529982247",
        "2025-01-10",
        "3500.00",
        0,
        Contract::Clt,
    );
    raise.role = "Gerente".into();
    t.biz.update_staff(&ctx(), &t.ana, raise).expect("raise");
    t.biz
        .recalculate_payroll_run(&ctx(), &id)
        .expect("recalculate");
    let run = t.biz.payroll_run(&id).expect("read").expect("exists");
    // 3.500,00: INSS 121,58 + 115,37 + 597,16 × 12% = 71,6592 → 71,66 = 308,61.
    assert_eq!(run.payslips[&t.ana].gross, dec("3500.00"));
    assert_eq!(run.payslips[&t.ana].inss, dec("308.61"));
    assert_eq!(run.payslips[&t.ana].role, "Gerente");
}

#[test]
fn rejections_leave_the_document_unchanged() {
    let mut t = team();
    let err = assert_rejected_unchanged(&mut t.biz, |b| b.create_payroll_run(&ctx(), 2026, 13));
    assert_eq!(err, CoreError::Staff(StaffError::InvalidMonth(13)));
    let err = assert_rejected_unchanged(&mut t.biz, |b| b.create_payroll_run(&ctx(), 2030, 1));
    assert_eq!(err, CoreError::Staff(StaffError::NoTablesForYear(2030)));

    let id = t.biz.create_payroll_run(&ctx(), 2026, 3).expect("run");
    let err = assert_rejected_unchanged(&mut t.biz, |b| b.create_payroll_run(&ctx(), 2026, 3));
    assert_eq!(
        err,
        CoreError::Staff(StaffError::RunExists {
            year: 2026,
            month: 3
        })
    );
    let err =
        assert_rejected_unchanged(&mut t.biz, |b| b.recalculate_payroll_run(&ctx(), "1999-01"));
    assert_eq!(err, CoreError::Staff(StaffError::RunNotFound));
    let err =
        assert_rejected_unchanged(&mut t.biz, |b| b.close_payroll_run(&ctx(), "1999-01", None));
    assert_eq!(err, CoreError::Staff(StaffError::RunNotFound));
    let err = assert_rejected_unchanged(&mut t.biz, |b| {
        b.close_payroll_run(&ctx(), &id, Some("nao-existe".into()))
    });
    assert!(matches!(err, CoreError::NotFound { .. }), "{err:?}");

    t.biz.close_payroll_run(&ctx(), &id, None).expect("close");
    let err = assert_rejected_unchanged(&mut t.biz, |b| b.close_payroll_run(&ctx(), &id, None));
    assert_eq!(err, CoreError::Staff(StaffError::RunClosed));
    let err = assert_rejected_unchanged(&mut t.biz, |b| b.recalculate_payroll_run(&ctx(), &id));
    assert_eq!(err, CoreError::Staff(StaffError::RunClosed));
}

#[test]
fn nobody_to_pay() {
    let mut biz = new_business();
    biz.create_staff(
        &ctx(),
        person(
            "Eva",
            "987654321",
            "2020-01-01",
            "8000.00",
            0,
            Contract::Other,
        ),
    )
    .expect("eva");
    biz.create_staff(
        &ctx(),
        person(
            "Dora",
            "123456789",
            "2026-03-16",
            "2000.00",
            0,
            Contract::Clt,
        ),
    )
    .expect("dora");
    let err = assert_rejected_unchanged(&mut biz, |b| b.create_payroll_run(&ctx(), 2026, 2));
    assert_eq!(
        err,
        CoreError::Staff(StaffError::NobodyToPay {
            year: 2026,
            month: 2
        })
    );
    assert_eq!(err.to_string(), "Não há empregados CLT ativos em 02/2026.");
}

#[test]
fn two_devices_closing_the_same_run_make_one_set_of_payables() {
    let mut a = team().biz;
    let id = a.create_payroll_run(&ctx(), 2026, 3).expect("run");
    let mut b = a.fork(&device("Notebook do escritório", 2));
    a.close_payroll_run(&ctx(), &id, None).expect("close on A");
    b.close_payroll_run(&ctx(), &id, None).expect("close on B");
    a.merge(&mut b).expect("merge");
    b.merge(&mut a).expect("merge");
    for biz in [&a, &b] {
        let payroll: Vec<_> = biz
            .entries()
            .expect("entries")
            .into_iter()
            .filter(|(_, e)| e.source.as_deref() == Some("payroll:2026-03"))
            .collect();
        assert_eq!(payroll.len(), 6, "no duplicated payables");
        let total: rust_decimal::Decimal = payroll.iter().map(|(_, e)| e.amount).sum();
        // Net 11.275,16 + INSS 1.311,71 + FGTS 1.120,00 + IRRF 1.413,13.
        assert_eq!(total, dec("15120.00"));
    }
    assert_eq!(a.entries().expect("a"), b.entries().expect("b"));
}

#[test]
fn days_paid_in_partial_months() {
    let mut m = retaguarda_core::staff::StaffMember {
        name: "X".into(),
        cpf: "52998224725".into(),
        role: String::new(),
        hire_date: date("2026-02-15"),
        monthly_salary: dec("1621.00"),
        contract: Contract::Clt,
        dependants: 0,
        terminated_on: None,
    };
    assert_eq!(days_paid(&m, 2026, 1), None);
    // From 15/02 to the end of the commercial month: 30 − 15 + 1 = 16.
    assert_eq!(days_paid(&m, 2026, 2), Some(16));
    assert_eq!(days_paid(&m, 2026, 3), Some(30));
    m.terminated_on = Some(date("2026-04-10"));
    assert_eq!(days_paid(&m, 2026, 4), Some(10));
    assert_eq!(days_paid(&m, 2026, 5), None);
    // Hired on the 31st: one day.
    m.hire_date = date("2026-05-31");
    m.terminated_on = None;
    assert_eq!(days_paid(&m, 2026, 5), Some(1));
    m.contract = Contract::Other;
    assert_eq!(days_paid(&m, 2026, 6), None);
}

#[test]
fn due_date_helpers() {
    // June 2026 starts on a Monday; the 20th is a Saturday → Friday 19th.
    assert_eq!(
        day_or_previous_weekday(2026, 6, 20),
        Some(date("2026-06-19"))
    );
    // September 2026: the 20th is a Sunday → Friday 18th.
    assert_eq!(
        day_or_previous_weekday(2026, 9, 20),
        Some(date("2026-09-18"))
    );
    assert_eq!(
        day_or_previous_weekday(2026, 4, 20),
        Some(date("2026-04-20"))
    );
    // March 2026 starts on a Sunday: 2 Mon, 3 Tue, 4 Wed, 5 Thu, 6 Fri.
    assert_eq!(
        nth_business_day_mon_sat(2026, 3, 5),
        Some(date("2026-03-06"))
    );
}

#[test]
fn the_audit_log_names_the_run() {
    let mut t = team();
    let id = t.biz.create_payroll_run(&ctx(), 2026, 3).expect("run");
    t.biz.close_payroll_run(&ctx(), &id, None).expect("close");
    let log = t.biz.audit_log().expect("audit");
    let last = log.last().expect("entries");
    assert_eq!(last.op, "staff.payroll.close");
    assert_eq!(last.record.as_deref(), Some("2026-03"));
    assert_eq!(
        retaguarda_core::staff::ops::op_label(&last.op),
        Some("Folha de pagamento fechada")
    );
    assert!(retaguarda_core::staff::ops::OP_LABELS
        .iter()
        .all(|(op, label)| op.starts_with("staff.") && !label.is_empty()));
}
