//! Configurações warns about the backup when none was made or the last one is 7 days old
//! or more, counted in calendar days.

use chrono::NaiveDate;
use retaguarda_core::backup::is_stale;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).expect("a day of December")
}

#[test]
fn the_backup_warning_shows_from_the_seventh_day_and_when_there_was_none() {
    assert!(is_stale(None, day(10)));
    assert!(!is_stale(Some(day(10)), day(10)));
    assert!(!is_stale(Some(day(4)), day(10)), "6 days");
    assert!(is_stale(Some(day(3)), day(10)), "7 days");
    assert!(is_stale(Some(day(1)), day(10)), "9 days");
}

#[test]
fn the_count_crosses_months_and_years() {
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a day");
    assert!(!is_stale(Some(d(2026, 11, 28)), d(2026, 12, 4)), "6 days");
    assert!(is_stale(Some(d(2025, 12, 28)), d(2026, 1, 4)), "7 days");
}
