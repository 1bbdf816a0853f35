//! The payroll's cost month by month for Relatórios: gross pay plus FGTS, with what was
//! withheld, oldest month first.

use crate::common;
use common::*;
use retaguarda_core::formats::doc::TaxId;
use retaguarda_core::staff::{Contract, NewStaff};

#[test]
fn each_months_run_costs_gross_plus_fgts() {
    let mut biz = new_business();
    biz.create_staff(
        &ctx(),
        NewStaff {
            name: "Ana".into(),
            cpf: TaxId::cpf_from_base("529982247").unwrap().formatted(),
            role: "Atendente".into(),
            hire_date: date("2025-01-10"),
            monthly_salary: dec("3000.00"),
            contract: Contract::Clt,
            dependants: 0,
        },
    )
    .unwrap();
    for month in [4, 2, 3] {
        biz.create_payroll_run(&ctx(), 2026, month).unwrap();
    }

    let costs = biz.payroll_costs(12).unwrap();
    let months: Vec<_> = costs.iter().map(|c| c.month).collect();
    assert_eq!(months, ["2026-02-01", "2026-03-01", "2026-04-01"].map(date));
    // Ana's month (payroll_run.rs): INSS 248,61, IRRF 0, FGTS 240,00, net 2.751,39.
    let march = &costs[1];
    assert_eq!(
        (march.gross, march.fgts, march.cost),
        (dec("3000.00"), dec("240.00"), dec("3240.00"))
    );
    assert_eq!(
        (march.inss, march.irrf, march.net),
        (dec("248.61"), dec("0"), dec("2751.39"))
    );
    assert!(march.draft);
    // The last two months only.
    let last = biz.payroll_costs(2).unwrap();
    assert_eq!(last[0].month, date("2026-03-01"));
}
