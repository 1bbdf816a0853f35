//! The 2026 payroll tables and the INSS and IRRF arithmetic, with worked
//! examples computed by hand in the comments; tables stored in the document
//! per year and edited through an operation.

use crate::common;

use retaguarda_core::staff::{
    inss, irrf, irrf_reduction, irrf_table_tax, IrrfDeduction, PayrollTables, StaffError,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn t2026() -> PayrollTables {
    PayrollTables::brazil_2026()
}

#[test]
fn builtin_2026_holds_the_legal_figures() {
    let t = t2026();
    assert_eq!(t.year, 2026);
    let inss: Vec<(Decimal, Decimal)> = t.inss.iter().map(|b| (b.up_to, b.rate)).collect();
    assert_eq!(
        inss,
        vec![
            (dec!(1621.00), dec!(0.075)),
            (dec!(2902.84), dec!(0.09)),
            (dec!(4354.27), dec!(0.12)),
            (dec!(8475.55), dec!(0.14)),
        ]
    );
    assert_eq!(t.inss_ceiling(), dec!(8475.55));
    let irrf: Vec<(Option<Decimal>, Decimal, Decimal)> = t
        .irrf
        .iter()
        .map(|b| (b.up_to, b.rate, b.deduction))
        .collect();
    assert_eq!(
        irrf,
        vec![
            (Some(dec!(2428.80)), dec!(0), dec!(0)),
            (Some(dec!(2826.65)), dec!(0.075), dec!(182.16)),
            (Some(dec!(3751.05)), dec!(0.15), dec!(394.16)),
            (Some(dec!(4664.68)), dec!(0.225), dec!(675.49)),
            (None, dec!(0.275), dec!(908.73)),
        ]
    );
    assert_eq!(t.irrf_dependant_deduction, dec!(189.59));
    assert_eq!(t.irrf_simplified_deduction, dec!(607.20));
    let r = t
        .irrf_reduction
        .clone()
        .expect("2026 has the Lei 15.270 reduction");
    assert_eq!(r.full_up_to, dec!(5000.00));
    assert_eq!(r.full_max, dec!(312.89));
    assert_eq!(r.partial_up_to, dec!(7350.00));
    assert_eq!(r.partial_constant, dec!(978.62));
    assert_eq!(r.partial_factor, dec!(0.133145));
    assert_eq!(t.fgts_rate, dec!(0.08));
    assert_eq!(t.validate(), Ok(()));
    assert_eq!(PayrollTables::builtin(2026), Some(t));
    assert_eq!(PayrollTables::builtin(2019), None);
}

#[test]
fn tables_round_trip_through_json() {
    let t = t2026();
    let json = serde_json::to_string(&t).expect("serialise");
    let back: PayrollTables = serde_json::from_str(&json).expect("deserialise");
    assert_eq!(back, t);
}

#[test]
fn inss_is_progressive_with_each_slice_rounded() {
    let t = t2026();
    // 1.621,00 × 7,5% = 121,575 → 121,58 (half away from zero).
    assert_eq!(inss(&t, dec!(1621.00)).total, dec!(121.58));
    // 3.000,00: 121,58 + (2.902,84 − 1.621,00) × 9% = 1.281,84 × 0,09 = 115,3656
    // → 115,37, + (3.000,00 − 2.902,84) × 12% = 97,16 × 0,12 = 11,6592 → 11,66;
    // total 248,61 (rounding only the sum would give 248,60).
    let c = inss(&t, dec!(3000.00));
    let slices: Vec<Decimal> = c.slices.iter().map(|s| s.amount).collect();
    assert_eq!(slices, vec![dec!(121.58), dec!(115.37), dec!(11.66)]);
    assert_eq!(c.total, dec!(248.61));
    // 5.000,00: 121,58 + 115,37 + 1.451,43 × 12% = 174,1716 → 174,17
    // + 645,73 × 14% = 90,4022 → 90,40; total 501,52.
    assert_eq!(inss(&t, dec!(5000.00)).total, dec!(501.52));
    // 6.000,00: last slice 1.645,73 × 14% = 230,4022 → 230,40; total 641,52.
    assert_eq!(inss(&t, dec!(6000.00)).total, dec!(641.52));
    // 7.350,00: last slice 2.995,73 × 14% = 419,4022 → 419,40; total 830,52.
    assert_eq!(inss(&t, dec!(7350.00)).total, dec!(830.52));
    // Ceiling: 4.121,28 × 14% = 576,9792 → 576,98; total 988,10 for any pay
    // from 8.475,55 up.
    assert_eq!(inss(&t, dec!(8475.55)).total, dec!(988.10));
    let c = inss(&t, dec!(10000.00));
    assert_eq!(c.base, dec!(8475.55));
    assert_eq!(c.total, dec!(988.10));
    // Below the first band: 1.000,00 × 7,5% = 75,00.
    assert_eq!(inss(&t, dec!(1000.00)).total, dec!(75.00));
    assert_eq!(inss(&t, Decimal::ZERO).total, Decimal::ZERO);
}

#[test]
fn irrf_table_covers_every_band() {
    let t = t2026();
    // Exempt up to 2.428,80.
    assert_eq!(irrf_table_tax(&t, dec!(2428.80)), (dec!(0), dec!(0)));
    // 2.500,00 × 7,5% = 187,50 − 182,16 = 5,34.
    assert_eq!(irrf_table_tax(&t, dec!(2500.00)), (dec!(0.075), dec!(5.34)));
    // 3.000,00 × 15% = 450,00 − 394,16 = 55,84.
    assert_eq!(irrf_table_tax(&t, dec!(3000.00)), (dec!(0.15), dec!(55.84)));
    // 4.000,00 × 22,5% = 900,00 − 675,49 = 224,51.
    assert_eq!(
        irrf_table_tax(&t, dec!(4000.00)),
        (dec!(0.225), dec!(224.51))
    );
    // 5.000,00 × 27,5% = 1.375,00 − 908,73 = 466,27.
    assert_eq!(
        irrf_table_tax(&t, dec!(5000.00)),
        (dec!(0.275), dec!(466.27))
    );
}

#[test]
fn reduction_of_lei_15270() {
    let t = t2026();
    // Up to 5.000,00: up to 312,89.
    assert_eq!(irrf_reduction(&t, dec!(3000.00)), dec!(312.89));
    assert_eq!(irrf_reduction(&t, dec!(5000.00)), dec!(312.89));
    // 5.000,01: 978,62 − 0,133145 × 5.000,01 = 978,62 − 665,72633145
    // = 312,89366855 → 312,89.
    assert_eq!(irrf_reduction(&t, dec!(5000.01)), dec!(312.89));
    // 6.000,00: 978,62 − 798,87 = 179,75.
    assert_eq!(irrf_reduction(&t, dec!(6000.00)), dec!(179.75));
    // 7.350,00: 978,62 − 978,61575 = 0,00425 → 0,00.
    assert_eq!(irrf_reduction(&t, dec!(7350.00)), dec!(0.00));
    // Above 7.350,00: none.
    assert_eq!(irrf_reduction(&t, dec!(7350.01)), Decimal::ZERO);
    let mut without = t.clone();
    without.irrf_reduction = None;
    assert_eq!(irrf_reduction(&without, dec!(3000.00)), Decimal::ZERO);
}

#[test]
fn irrf_1621_is_exempt() {
    let t = t2026();
    // INSS 121,58 < 607,20, so the simplified discount is used:
    // base 1.621,00 − 607,20 = 1.013,80, exempt.
    let c = irrf(&t, dec!(1621.00), dec!(121.58), 0);
    assert_eq!(c.used, IrrfDeduction::Simplified);
    assert_eq!(c.base, dec!(1013.80));
    assert_eq!(c.tax, Decimal::ZERO);
}

#[test]
fn irrf_3000_with_and_without_dependants() {
    let t = t2026();
    // No dependants: 248,61 < 607,20 → base 2.392,80 → exempt.
    let c = irrf(&t, dec!(3000.00), dec!(248.61), 0);
    assert_eq!(c.used, IrrfDeduction::Simplified);
    assert_eq!(c.base, dec!(2392.80));
    assert_eq!(c.tax, Decimal::ZERO);
    // Two dependants: 248,61 + 2 × 189,59 = 627,79 > 607,20 → legal
    // deductions; base 2.372,21 → exempt.
    let c = irrf(&t, dec!(3000.00), dec!(248.61), 2);
    assert_eq!(c.used, IrrfDeduction::Legal);
    assert_eq!(c.legal_deductions, dec!(627.79));
    assert_eq!(c.base, dec!(2372.21));
    assert_eq!(c.tax, Decimal::ZERO);
}

#[test]
fn irrf_5000_is_zero_after_the_reduction() {
    let t = t2026();
    // INSS 501,52 < 607,20 → simplified; base 4.392,80 × 22,5% = 988,38
    // − 675,49 = 312,89; reduction min(312,89; 312,89) → tax 0.
    let c = irrf(&t, dec!(5000.00), dec!(501.52), 0);
    assert_eq!(c.used, IrrfDeduction::Simplified);
    assert_eq!(c.base, dec!(4392.80));
    assert_eq!(c.table_tax, dec!(312.89));
    assert_eq!(c.reduction, dec!(312.89));
    assert_eq!(c.tax, Decimal::ZERO);
    // One dependant: 501,52 + 189,59 = 691,11 → base 4.308,89 × 22,5%
    // = 969,50025 − 675,49 = 294,01025 → 294,01; reduced to 0.
    let c = irrf(&t, dec!(5000.00), dec!(501.52), 1);
    assert_eq!(c.used, IrrfDeduction::Legal);
    assert_eq!(c.table_tax, dec!(294.01));
    assert_eq!(c.reduction, dec!(294.01));
    assert_eq!(c.tax, Decimal::ZERO);
}

#[test]
fn irrf_6000_partial_reduction() {
    let t = t2026();
    // INSS 641,52 > 607,20 → legal; base 5.358,48 × 27,5% = 1.473,582
    // − 908,73 = 564,852 → 564,85; reduction 179,75 → 385,10.
    let c = irrf(&t, dec!(6000.00), dec!(641.52), 0);
    assert_eq!(c.used, IrrfDeduction::Legal);
    assert_eq!(c.base, dec!(5358.48));
    assert_eq!(c.table_tax, dec!(564.85));
    assert_eq!(c.reduction, dec!(179.75));
    assert_eq!(c.tax, dec!(385.10));
    // Two dependants: 641,52 + 379,18 = 1.020,70 → base 4.979,30 × 27,5%
    // = 1.369,3075 − 908,73 = 460,5775 → 460,58; − 179,75 = 280,83.
    let c = irrf(&t, dec!(6000.00), dec!(641.52), 2);
    assert_eq!(c.base, dec!(4979.30));
    assert_eq!(c.table_tax, dec!(460.58));
    assert_eq!(c.tax, dec!(280.83));
}

#[test]
fn irrf_7350_reduction_rounds_to_zero() {
    let t = t2026();
    // INSS 830,52 → base 6.519,48 × 27,5% = 1.792,857 − 908,73 = 884,127
    // → 884,13; reduction 0,00425 → 0,00.
    let c = irrf(&t, dec!(7350.00), dec!(830.52), 0);
    assert_eq!(c.table_tax, dec!(884.13));
    assert_eq!(c.reduction, dec!(0.00));
    assert_eq!(c.tax, dec!(884.13));
}

#[test]
fn irrf_10000_without_reduction() {
    let t = t2026();
    // INSS at the ceiling 988,10 → base 9.011,90 × 27,5% = 2.478,2725
    // − 908,73 = 1.569,5425 → 1.569,54.
    let c = irrf(&t, dec!(10000.00), dec!(988.10), 0);
    assert_eq!(c.base, dec!(9011.90));
    assert_eq!(c.reduction, Decimal::ZERO);
    assert_eq!(c.tax, dec!(1569.54));
    // Three dependants: 988,10 + 568,77 = 1.556,87 → base 8.443,13 × 27,5%
    // = 2.321,86075 − 908,73 = 1.413,13075 → 1.413,13.
    let c = irrf(&t, dec!(10000.00), dec!(988.10), 3);
    assert_eq!(c.base, dec!(8443.13));
    assert_eq!(c.tax, dec!(1413.13));
}

#[test]
fn reduction_never_makes_tax_negative() {
    let t = t2026();
    // 6.000,00 with 12 dependants: 641,52 + 2.275,08 = 2.916,60 → base
    // 3.083,40 × 15% = 462,51 − 394,16 = 68,35; the reduction of 179,75 is
    // limited to 68,35.
    let c = irrf(&t, dec!(6000.00), dec!(641.52), 12);
    assert_eq!(c.table_tax, dec!(68.35));
    assert_eq!(c.reduction, dec!(68.35));
    assert_eq!(c.tax, Decimal::ZERO);
}

fn invalid(t: &PayrollTables) -> bool {
    matches!(t.validate(), Err(StaffError::InvalidTables { .. }))
}

#[test]
fn validation_rejects_inconsistent_tables() {
    let mut t = t2026();
    t.inss.clear();
    assert!(invalid(&t));

    let mut t = t2026();
    t.inss[1].up_to = dec!(1000.00);
    assert!(invalid(&t), "INSS limits must increase");

    let mut t = t2026();
    t.inss[0].rate = dec!(1.5);
    assert!(invalid(&t), "rate above 100%");

    let mut t = t2026();
    t.irrf[4].up_to = Some(dec!(99999));
    assert!(invalid(&t), "last IRRF band must be open");

    let mut t = t2026();
    t.irrf[2].up_to = None;
    assert!(invalid(&t), "only the last IRRF band is open");

    let mut t = t2026();
    t.irrf[2].up_to = Some(dec!(2000));
    assert!(invalid(&t), "IRRF limits must increase");

    let mut t = t2026();
    t.irrf[1].deduction = dec!(-1);
    assert!(invalid(&t));

    let mut t = t2026();
    t.irrf_dependant_deduction = dec!(-189.59);
    assert!(invalid(&t));

    let mut t = t2026();
    t.irrf_simplified_deduction = dec!(-1);
    assert!(invalid(&t));

    let mut t = t2026();
    if let Some(r) = t.irrf_reduction.as_mut() {
        r.partial_up_to = dec!(4000);
    }
    assert!(invalid(&t));

    let mut t = t2026();
    t.fgts_rate = dec!(-0.08);
    assert!(invalid(&t));

    let mut t = t2026();
    t.year = 26;
    assert!(invalid(&t));
}

#[test]
fn validation_message_is_portuguese() {
    let mut t = t2026();
    t.inss.clear();
    let msg = t.validate().expect_err("invalid").to_string();
    assert!(msg.contains("INSS"), "{msg}");
    assert!(msg.contains("2026"), "{msg}");
}

// ---------------------------------------------------------------------------
// Tables stored in the document.
// ---------------------------------------------------------------------------

use retaguarda_core::staff::{Contract, InssBand, NewStaff};
use retaguarda_core::CoreError;

#[test]
fn builtin_tables_are_used_until_a_year_is_stored() {
    let biz = common::new_business();
    assert_eq!(biz.payroll_tables(2026), Ok(t2026()));
    assert_eq!(biz.stored_payroll_years(), Ok(vec![]));
    assert_eq!(
        biz.payroll_tables(2027),
        Err(CoreError::Staff(StaffError::NoTablesForYear(2027)))
    );
}

#[test]
fn storing_a_year_makes_its_payroll_possible() {
    let mut biz = common::new_business();
    let mut t2027 = t2026();
    t2027.year = 2027;
    // A hypothetical 2027 minimum wage of 1.700,00.
    t2027.inss[0] = InssBand {
        up_to: dec!(1700.00),
        rate: dec!(0.075),
    };
    let heads = biz.heads();
    biz.set_payroll_tables(&common::ctx(), t2027.clone())
        .expect("store");
    assert_eq!(biz.changes_since(&heads).len(), 1);
    assert_eq!(biz.payroll_tables(2027), Ok(t2027.clone()));
    assert_eq!(biz.stored_payroll_years(), Ok(vec![2027]));
    // The stored tables survive save and load exactly.
    let loaded =
        retaguarda_core::Business::load(&biz.save(), &common::device("Outro", 7)).expect("load");
    assert_eq!(loaded.payroll_tables(2027), Ok(t2027));

    biz.create_staff(
        &common::ctx(),
        NewStaff {
            name: "Ana".into(),
            cpf: retaguarda_core::formats::doc::TaxId::cpf_from_base("529982247")
                .expect("cpf")
                .formatted(),
            role: String::new(),
            hire_date: common::date("2025-01-10"),
            monthly_salary: dec!(1700.00),
            contract: Contract::Clt,
            dependants: 0,
        },
    )
    .expect("staff");
    let id = biz
        .create_payroll_run(&common::ctx(), 2027, 1)
        .expect("run with the stored tables");
    let run = biz.payroll_run(&id).expect("read").expect("exists");
    // 1.700,00 × 7,5% = 127,50: the whole salary is in the edited first band.
    let slip = run.payslips.values().next().expect("payslip");
    assert_eq!(slip.inss, dec!(127.50));
}

#[test]
fn editing_the_current_year_overrides_the_builtin() {
    let mut biz = common::new_business();
    let mut edited = t2026();
    edited.irrf_dependant_deduction = dec!(200.00);
    biz.set_payroll_tables(&common::ctx(), edited.clone())
        .expect("store");
    assert_eq!(biz.payroll_tables(2026), Ok(edited.clone()));
    edited.fgts_rate = dec!(0.02);
    biz.set_payroll_tables(&common::ctx(), edited.clone())
        .expect("edit again");
    assert_eq!(biz.payroll_tables(2026), Ok(edited));
}

#[test]
fn invalid_tables_are_rejected_and_nothing_changes() {
    let mut biz = common::new_business();
    let mut bad = t2026();
    bad.irrf.clear();
    let err =
        common::assert_rejected_unchanged(&mut biz, |b| b.set_payroll_tables(&common::ctx(), bad));
    assert!(matches!(
        err,
        CoreError::Staff(StaffError::InvalidTables { year: 2026, .. })
    ));
    assert_eq!(biz.stored_payroll_years(), Ok(vec![]));
}
