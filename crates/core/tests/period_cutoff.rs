//! Fechar período proposes the first day of the current month as its cutoff.

use chrono::NaiveDate;
use retaguarda_core::archive::proposed_cutoff;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a day")
}

#[test]
fn the_cutoff_is_the_first_of_the_month() {
    assert_eq!(proposed_cutoff(d(2026, 12, 7)), d(2026, 12, 1));
    assert_eq!(proposed_cutoff(d(2026, 12, 1)), d(2026, 12, 1));
    assert_eq!(proposed_cutoff(d(2024, 2, 29)), d(2024, 2, 1));
}
