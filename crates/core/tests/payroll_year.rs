//! The year's other payments on the document: a vacation paid when
//! scheduled, the 13º installments, ending a contract and the pró-labore,
//! each writing its payables under fixed ids with the legal due dates; the
//! month's run paying only the days worked; and two devices paying December
//! and the 13º offline making one set of payables.
//!
//! The amounts are the worked cases of tests/ferias_pay.rs,
//! tests/decimo_terceiro.rs, tests/rescisao.rs and tests/pro_labore.rs; the
//! due dates follow CLT art. 145 and 477 §6º, Lei 4.749/1965 arts. 1º–2º,
//! Decreto 3.048/1999 art. 216 §1º, Lei 8.212/1991 art. 30 I "b", Lei
//! 11.196/2005 art. 70 I "d" and Lei 8.036/1990 art. 15.

use crate::common;

use common::*;
use retaguarda_core::formats::doc::TaxId;
use retaguarda_core::ledger::{categories, EntryStatus};
use retaguarda_core::staff::{
    Contract, NewProLabore, NewStaff, NewTermination, NewVacation, Notice, PayslipLineKind,
    StaffError, TerminationKind, VacationOptions,
};
use retaguarda_core::{Business, CoreError, Id};
use rust_decimal::Decimal;

fn person(name: &str, cpf_base: &str, hire: &str, salary: &str, c: Contract) -> NewStaff {
    NewStaff {
        name: name.into(),
        cpf: TaxId::cpf_from_base(cpf_base).expect("cpf").formatted(),
        role: "Padeiro".into(),
        hire_date: date(hire),
        monthly_salary: dec(salary),
        contract: c,
        dependants: 0,
    }
}

/// Ana, 3.000,00 since 10/01/2025.
fn shop() -> (Business, Id) {
    let mut biz = new_business();
    let ana = biz
        .create_staff(
            &ctx(),
            person("Ana", "529982247", "2025-01-10", "3000.00", Contract::Clt),
        )
        .expect("ana");
    (biz, ana)
}

fn entry(biz: &Business, id: &str) -> retaguarda_core::ledger::Entry {
    biz.entry(id).expect("read").expect("entry exists")
}

#[test]
fn scheduling_a_vacation_pays_it_and_december_pays_the_days_worked() {
    let (mut biz, _) = shop();
    // João's first period (02/03/2025–01/03/2026) may be granted until
    // 01/03/2027, so a vacation from 14/12/2026 is on time.
    let joao = biz
        .create_staff(
            &ctx(),
            person("João", "111444777", "2025-03-02", "3000.00", Contract::Clt),
        )
        .expect("joão");
    let today = ctx_on("2026-11-20");
    let vacation = NewVacation {
        staff: joao.clone(),
        period: None,
        start: date("2026-12-14"),
        days: 30,
    };
    let preview = biz
        .vacation_preview(&vacation, &VacationOptions::default())
        .expect("preview");
    assert_eq!(preview.payment.sheet.net, dec("3631.39"));
    assert_eq!(preview.warning, None);
    let id = biz
        .schedule_paid_vacation(&today, vacation, VacationOptions::default())
        .expect("schedule");
    let net = entry(&biz, &format!("vacation.{id}.net"));
    assert_eq!(net.amount, dec("3631.39"));
    assert_eq!(
        net.due_date,
        date("2026-12-11"),
        "2 days before, on a weekday"
    );
    assert_eq!(net.category.as_deref(), Some(categories::VACATION_13TH));
    let inss = entry(&biz, &format!("vacation.{id}.inss"));
    assert_eq!(inss.amount, dec("368.61"));
    assert_eq!(inss.due_date, date("2027-01-20"));
    assert_eq!(
        entry(&biz, &format!("vacation.{id}.fgts")).amount,
        dec("320.00")
    );
    assert!(biz
        .entry(&format!("vacation.{id}.irrf"))
        .expect("read")
        .is_none());

    // December: 18 days of vacation already paid, so 30 − 18 = 12 days of
    // salary (1.200,00 → INSS 90,00) and a line showing the vacation.
    let run = biz.create_payroll_run(&today, 2026, 12).expect("run");
    let run = biz.payroll_run(&run).expect("read").expect("run");
    let slip = run.payslips.get(&joao).expect("joão's slip");
    assert_eq!(slip.days, 12);
    assert_eq!(slip.gross, dec("1200.00"));
    assert_eq!(slip.inss, dec("90.00"));
    let info = slip
        .lines
        .iter()
        .find(|l| l.kind == PayslipLineKind::Information)
        .expect("vacation line");
    assert!(info.description.contains("18 dias deste mês já pagos"));
    assert!(info.description.contains("R$ 3.631,39"));
}

#[test]
fn cancelling_a_vacation_cancels_its_payables() {
    let (mut biz, ana) = shop();
    let today = ctx_on("2026-11-20");
    let id = biz
        .schedule_paid_vacation(
            &today,
            NewVacation {
                staff: ana,
                period: None,
                start: date("2026-12-14"),
                days: 20,
            },
            VacationOptions {
                abono_days: 10,
                advance_13th: false,
            },
        )
        .expect("schedule");
    biz.cancel_vacation(&today, &id).expect("cancel");
    assert_eq!(
        entry(&biz, &format!("vacation.{id}.net")).status(),
        EntryStatus::Cancelled
    );
}

#[test]
fn a_late_vacation_warns_before_it_is_scheduled() {
    let (biz, ana) = shop();
    // Period 1 (10/01/2025–09/01/2026) must be granted by 09/01/2027.
    let late = NewVacation {
        staff: ana,
        period: Some(1),
        start: date("2027-01-05"),
        days: 30,
    };
    // 2027 has no tables yet: the preview says so in pt-BR.
    let err = biz
        .vacation_preview(&late, &VacationOptions::default())
        .expect_err("no 2027 tables");
    assert_eq!(err, CoreError::Staff(StaffError::NoTablesForYear(2027)));
    let mut on_time = late.clone();
    on_time.start = date("2026-12-07");
    on_time.days = 30;
    let mut crossing = on_time.clone();
    crossing.start = date("2026-12-20");
    // From 07/12 for 30 days ends 05/01/2027, before the limit.
    let ok = biz
        .vacation_preview(&on_time, &VacationOptions::default())
        .expect("preview");
    assert_eq!(ok.late_days, 0);
    assert_eq!(ok.limit, date("2027-01-09"));
    // From 20/12 for 30 days ends 18/01/2027: 9 days after the limit.
    let warned = biz
        .vacation_preview(&crossing, &VacationOptions::default())
        .expect("preview");
    assert_eq!(warned.late_days, 9);
    assert!(warned
        .warning
        .as_deref()
        .is_some_and(|w| w.contains("09/01/2027")
            && w.contains("9 dias")
            && w.contains("art. 137")));
}

#[test]
fn thirteenth_installments_write_their_payables() {
    let (mut biz, ana) = shop();
    let nov = ctx_on("2026-11-25");
    let preview = biz.thirteenth_preview(2026, 1).expect("preview");
    assert_eq!(preview.get(&ana).map(|s| s.sheet.net), Some(dec("1500.00")));
    let first = biz.pay_thirteenth(&nov, 2026, 1, None).expect("first");
    assert_eq!(first, "2026-1");
    let net = entry(&biz, &format!("thirteenth.2026.1.net.{ana}"));
    assert_eq!(
        (net.amount, net.due_date),
        (dec("1500.00"), date("2026-11-30"))
    );
    let fgts = entry(&biz, "thirteenth.2026.1.fgts");
    // 20/12/2026 is a Sunday: Friday 18/12.
    assert_eq!(
        (fgts.amount, fgts.due_date),
        (dec("120.00"), date("2026-12-18"))
    );
    let err = biz.pay_thirteenth(&nov, 2026, 1, None).expect_err("twice");
    assert_eq!(
        err,
        CoreError::Staff(StaffError::ThirteenthExists {
            year: 2026,
            installment: 1
        })
    );

    let dec_ctx = ctx_on("2026-12-10");
    biz.pay_thirteenth(&dec_ctx, 2026, 2, None).expect("second");
    let net = entry(&biz, &format!("thirteenth.2026.2.net.{ana}"));
    assert_eq!(
        (net.amount, net.due_date),
        (dec("1251.39"), date("2026-12-18"))
    );
    let inss = entry(&biz, "thirteenth.2026.2.inss");
    assert_eq!(
        (inss.amount, inss.due_date),
        (dec("248.61"), date("2026-12-18"))
    );
    let fgts = entry(&biz, "thirteenth.2026.2.fgts");
    assert_eq!(
        (fgts.amount, fgts.due_date),
        (dec("120.00"), date("2027-01-20"))
    );
    assert!(biz.entry("thirteenth.2026.2.irrf").expect("read").is_none());
}

#[test]
fn two_devices_closing_december_and_the_13th_make_one_set_of_payables() {
    let (mut a, _) = shop();
    a.pay_thirteenth(&ctx_on("2026-11-25"), 2026, 1, None)
        .expect("first");
    let run = a
        .create_payroll_run(&ctx_on("2026-12-01"), 2026, 12)
        .expect("run");
    let mut b = a.fork(&device("Notebook do escritório", 2));
    for biz in [&mut a, &mut b] {
        biz.close_payroll_run(&ctx_on("2026-12-02"), &run, None)
            .expect("close");
        biz.pay_thirteenth(&ctx_on("2026-12-02"), 2026, 2, None)
            .expect("13º");
    }
    a.merge(&mut b).expect("merge");
    b.merge(&mut a).expect("merge");
    for biz in [&a, &b] {
        let entries = biz.entries().expect("entries");
        let of = |source: &str| -> (usize, Decimal) {
            let list: Vec<_> = entries
                .iter()
                .filter(|(_, e)| e.source.as_deref() == Some(source))
                .collect();
            (list.len(), list.iter().map(|(_, e)| e.amount).sum())
        };
        // December: net 2.751,39, INSS 248,61, FGTS 240,00.
        assert_eq!(of("payroll:2026-12"), (3, dec("3240.00")));
        // 2nd installment: net 1.251,39, INSS 248,61, FGTS 120,00.
        assert_eq!(of("thirteenth:2026-2"), (3, dec("1620.00")));
        assert_eq!(biz.thirteenth_runs().expect("runs").len(), 2);
    }
    assert_eq!(a.entries().expect("a"), b.entries().expect("b"));
}

#[test]
fn ending_a_contract_writes_the_trct_and_its_payables() {
    let (mut biz, ana) = shop();
    let end = NewTermination {
        staff: ana.clone(),
        kind: TerminationKind::WithoutCause,
        notice: Notice::Indemnified,
        last_day: date("2026-08-20"),
        fgts_balance: Some(dec("4000.00")),
    };
    let preview = biz.termination_preview(&end).expect("preview");
    let today = ctx_on("2026-08-20");
    biz.end_contract(&today, end.clone()).expect("end");
    let trct = biz.termination_of(&ana).expect("read").expect("trct");
    assert_eq!(trct.payment.sheet, preview.sheet);
    // 1 complete year: 33 days of aviso, projected to 22/09/2026.
    assert_eq!(trct.notice_days, 33);
    assert_eq!(trct.projected_end, date("2026-09-22"));
    let net = entry(&biz, &format!("termination.{ana}.net"));
    assert_eq!(net.amount, trct.payment.sheet.net);
    assert_eq!(net.due_date, date("2026-08-30"));
    let fgts = entry(&biz, &format!("termination.{ana}.fgts"));
    assert_eq!(
        fgts.amount,
        trct.payment.sheet.fgts + trct.payment.sheet.fgts_fine
    );
    // INSS on the 20th of September (a Sunday → Friday 18th).
    let inss = entry(&biz, &format!("termination.{ana}.inss"));
    assert_eq!(inss.due_date, date("2026-09-18"));
    assert_eq!(
        biz.staff_member(&ana)
            .expect("read")
            .expect("ana")
            .terminated_on,
        Some(date("2026-08-20"))
    );
    let again = biz.end_contract(&today, end).expect_err("twice");
    assert_eq!(again, CoreError::Staff(StaffError::ContractEnded));
    // August's payroll does not pay Ana again: the TRCT did.
    let err = biz.create_payroll_run(&today, 2026, 8).expect_err("nobody");
    assert_eq!(
        err,
        CoreError::Staff(StaffError::NobodyToPay {
            year: 2026,
            month: 8
        })
    );
}

#[test]
fn pro_labore_of_a_partner() {
    let (mut biz, ana) = shop();
    let eva = biz
        .create_staff(
            &ctx(),
            person("Eva", "111444777", "2020-01-01", "1.00", Contract::Partner),
        )
        .expect("eva");
    let input = NewProLabore {
        staff: eva.clone(),
        year: 2026,
        month: 3,
        amount: dec("10000.00"),
        pay_day: date("2026-03-31"),
    };
    let id = biz.pay_pro_labore(&ctx(), input.clone()).expect("pay");
    let net = entry(&biz, &format!("pro_labore.{id}.net"));
    assert_eq!(
        (net.amount, net.due_date),
        (dec("7482.81"), date("2026-03-31"))
    );
    let inss = entry(&biz, &format!("pro_labore.{id}.inss"));
    assert_eq!(
        (inss.amount, inss.due_date),
        (dec("932.31"), date("2026-04-20"))
    );
    let irrf = entry(&biz, &format!("pro_labore.{id}.irrf"));
    assert_eq!(irrf.amount, dec("1584.88"));
    assert!(biz
        .entry(&format!("pro_labore.{id}.fgts"))
        .expect("read")
        .is_none());
    assert_eq!(
        biz.pay_pro_labore(&ctx(), input).expect_err("twice"),
        CoreError::Staff(StaffError::ProLaboreExists {
            year: 2026,
            month: 3
        })
    );
    let not_partner = NewProLabore {
        staff: ana,
        year: 2026,
        month: 4,
        amount: dec("100.00"),
        pay_day: date("2026-04-30"),
    };
    assert_eq!(
        biz.pay_pro_labore(&ctx(), not_partner).expect_err("clt"),
        CoreError::Staff(StaffError::NotPartner)
    );
}
