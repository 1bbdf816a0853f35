//! Pró-labore of a partner: INSS 11% up to the ceiling, IRRF by the monthly
//! table, no FGTS.
//!
//! Sources of the figures below, derived by hand: INSS 11% withheld from the
//! contribuinte individual (Lei 8.212/1991, arts. 21 and 30 §4º; Lei
//! 10.666/2003, art. 4º) on at most the 2026 ceiling of 8.475,55
//! (Portaria Interministerial MPS/MF of January 2026). IRRF: monthly table of
//! Lei 15.191/2025 (exempt up to 2.428,80; 7,5% − 182,16; 15% − 394,16;
//! 22,5% − 675,49; 27,5% − 908,73), simplified discount 607,20, reduction of
//! Lei 15.270/2025. No FGTS: Lei 8.036/1990, art. 15 §2º (employees only).

use retaguarda_core::staff::pro_labore::pro_labore;
use retaguarda_core::staff::{PayrollTables, StaffError};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn t() -> PayrollTables {
    PayrollTables::brazil_2026()
}

#[test]
fn five_thousand_is_exempt_after_the_reduction() {
    // INSS 11% × 5.000,00 = 550,00. IRRF: 550,00 < 607,20, so the simplified
    // discount: 4.392,80 × 22,5% − 675,49 = 312,89, reduced by 312,89 → 0.
    let s = pro_labore(&t(), dec!(5000.00), 0).expect("sheet");
    assert_eq!(s.inss, dec!(550.00));
    assert_eq!(s.irrf, Decimal::ZERO);
    assert_eq!(s.net, dec!(4450.00));
    assert_eq!(s.fgts, Decimal::ZERO);
    let inss = s.lines.iter().find(|l| l.code == "inss").expect("inss");
    assert_eq!(
        inss.text(),
        "INSS (contribuinte individual) 11% sobre R$ 5.000,00"
    );
}

#[test]
fn above_the_ceiling() {
    // INSS 11% × 8.475,55 = 932,31 (932,3105). IRRF: 10.000,00 − 932,31 =
    // 9.067,69 × 27,5% − 908,73 = 1.584,88; no reduction above 7.350,00.
    // Net 10.000,00 − 932,31 − 1.584,88 = 7.482,81.
    let s = pro_labore(&t(), dec!(10000.00), 0).expect("sheet");
    assert_eq!(s.inss, dec!(932.31));
    assert_eq!(s.irrf, dec!(1584.88));
    assert_eq!(s.net, dec!(7482.81));
    assert_eq!(s.fgts, Decimal::ZERO);
    assert!(s.lines.iter().all(|l| !l.code.starts_with("fgts")));
}

#[test]
fn crossing_into_the_partial_reduction_band() {
    // 6.000,00: INSS 660,00; base 5.340,00 × 27,5% − 908,73 = 559,77;
    // reduction 978,62 − 0,133145 × 6.000,00 = 179,75 → IRRF 380,02.
    // Net 6.000,00 − 660,00 − 380,02 = 4.959,98.
    let s = pro_labore(&t(), dec!(6000.00), 0).expect("sheet");
    assert_eq!(s.inss, dec!(660.00));
    assert_eq!(s.irrf, dec!(380.02));
    assert_eq!(s.net, dec!(4959.98));
    // With two dependants the legal deductions (660,00 + 379,18 = 1.039,18)
    // beat the simplified discount: base 4.960,82 × 27,5% − 908,73 = 455,50;
    // less 179,75 → 275,75.
    let s = pro_labore(&t(), dec!(6000.00), 2).expect("sheet");
    assert_eq!(s.irrf, dec!(275.75));
}

#[test]
fn rejects_zero() {
    assert_eq!(
        pro_labore(&t(), Decimal::ZERO, 0),
        Err(StaffError::AmountNotPositive)
    );
}
