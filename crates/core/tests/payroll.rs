//! One employee's payslip: gross, INSS, IRRF, FGTS, net and the lines.

use retaguarda_core::staff::{payslip, PayInput, PayrollTables, PayslipLineKind, StaffError};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn slip(salary: Decimal, days: u32, dependants: u32) -> retaguarda_core::staff::PayslipCalc {
    payslip(
        &PayrollTables::brazil_2026(),
        &PayInput {
            monthly_salary: salary,
            days,
            dependants,
        },
    )
    .expect("valid input")
}

fn line(calc: &retaguarda_core::staff::PayslipCalc, code: &str) -> Option<Decimal> {
    calc.lines.iter().find(|l| l.code == code).map(|l| l.amount)
}

#[test]
fn minimum_wage() {
    // INSS 121,58; IRRF exempt; FGTS 1.621,00 × 8% = 129,68;
    // net 1.621,00 − 121,58 = 1.499,42.
    let c = slip(dec!(1621.00), 30, 0);
    assert_eq!(c.gross, dec!(1621.00));
    assert_eq!(c.inss.total, dec!(121.58));
    assert_eq!(c.irrf.tax, Decimal::ZERO);
    assert_eq!(c.fgts, dec!(129.68));
    assert_eq!(c.net, dec!(1499.42));
    assert_eq!(
        line(&c, "irrf"),
        None,
        "no IRRF line when nothing is withheld"
    );
}

#[test]
fn salary_3000() {
    // INSS 248,61; IRRF 0; FGTS 240,00; net 2.751,39.
    let c = slip(dec!(3000.00), 30, 0);
    assert_eq!(c.inss.total, dec!(248.61));
    assert_eq!(c.irrf.tax, Decimal::ZERO);
    assert_eq!(c.fgts, dec!(240.00));
    assert_eq!(c.net, dec!(2751.39));
}

#[test]
fn salary_5000_with_and_without_dependants() {
    // INSS 501,52; IRRF zero after the Lei 15.270 reduction; net 4.498,48.
    for deps in [0, 1, 3] {
        let c = slip(dec!(5000.00), 30, deps);
        assert_eq!(c.inss.total, dec!(501.52));
        assert_eq!(c.irrf.tax, Decimal::ZERO, "dependants {deps}");
        assert_eq!(c.fgts, dec!(400.00));
        assert_eq!(c.net, dec!(4498.48));
    }
}

#[test]
fn salary_6000() {
    // INSS 641,52; IRRF 385,10; FGTS 480,00;
    // net 6.000,00 − 641,52 − 385,10 = 4.973,38.
    let c = slip(dec!(6000.00), 30, 0);
    assert_eq!(c.inss.total, dec!(641.52));
    assert_eq!(c.irrf.tax, dec!(385.10));
    assert_eq!(c.fgts, dec!(480.00));
    assert_eq!(c.net, dec!(4973.38));
    // Two dependants: IRRF 280,83; net 6.000,00 − 641,52 − 280,83 = 5.077,65.
    let c = slip(dec!(6000.00), 30, 2);
    assert_eq!(c.irrf.tax, dec!(280.83));
    assert_eq!(c.net, dec!(5077.65));
}

#[test]
fn salary_7350() {
    // INSS 830,52; IRRF 884,13; FGTS 588,00; net 5.635,35.
    let c = slip(dec!(7350.00), 30, 0);
    assert_eq!(c.inss.total, dec!(830.52));
    assert_eq!(c.irrf.tax, dec!(884.13));
    assert_eq!(c.fgts, dec!(588.00));
    assert_eq!(c.net, dec!(5635.35));
}

#[test]
fn salary_10000() {
    // INSS 988,10 (ceiling); IRRF 1.569,54; FGTS 800,00 (no ceiling);
    // net 10.000,00 − 988,10 − 1.569,54 = 7.442,36.
    let c = slip(dec!(10000.00), 30, 0);
    assert_eq!(c.inss.total, dec!(988.10));
    assert_eq!(c.irrf.tax, dec!(1569.54));
    assert_eq!(c.fgts, dec!(800.00));
    assert_eq!(c.net, dec!(7442.36));
    // Three dependants: IRRF 1.413,13; net 7.598,77.
    let c = slip(dec!(10000.00), 30, 3);
    assert_eq!(c.irrf.tax, dec!(1413.13));
    assert_eq!(c.net, dec!(7598.77));
}

#[test]
fn partial_month_is_prorated_on_30_days() {
    // Hired on the 16th: 15 days of 3.000,00 = 1.500,00; INSS 1.500,00 × 7,5%
    // = 112,50; FGTS 120,00; net 1.387,50.
    let c = slip(dec!(3000.00), 15, 0);
    assert_eq!(c.gross, dec!(1500.00));
    assert_eq!(c.inss.total, dec!(112.50));
    assert_eq!(c.fgts, dec!(120.00));
    assert_eq!(c.net, dec!(1387.50));
    // 7 days of 2.000,00 = 466,666… → 466,67.
    assert_eq!(slip(dec!(2000.00), 7, 0).gross, dec!(466.67));
    // More than 30 days counts as the full month.
    assert_eq!(slip(dec!(2000.00), 31, 0).gross, dec!(2000.00));
}

#[test]
fn lines_add_up_to_net() {
    for salary in [dec!(1621.00), dec!(4321.09), dec!(6000.00), dec!(12345.67)] {
        let c = slip(salary, 30, 1);
        let earnings: Decimal = c
            .lines
            .iter()
            .filter(|l| l.kind == PayslipLineKind::Earning)
            .map(|l| l.amount)
            .sum();
        let deductions: Decimal = c
            .lines
            .iter()
            .filter(|l| l.kind == PayslipLineKind::Deduction)
            .map(|l| l.amount)
            .sum();
        assert_eq!(earnings - deductions, c.net, "salary {salary}");
        assert_eq!(line(&c, "fgts"), Some(c.fgts));
        assert_eq!(line(&c, "salario"), Some(c.gross));
    }
}

#[test]
fn rejects_non_positive_salary() {
    let t = PayrollTables::brazil_2026();
    for salary in [Decimal::ZERO, dec!(-10)] {
        let err = payslip(
            &t,
            &PayInput {
                monthly_salary: salary,
                days: 30,
                dependants: 0,
            },
        )
        .expect_err("salary must be positive");
        assert_eq!(err, StaffError::SalaryNotPositive);
    }
}
