//! What Caixa's Recorrentes shows and creates, in core: entries are created up to the end
//! of next month, and each recurrence's next due date skips what is already past and ends
//! with the recurrence.

use crate::common;
use common::*;
use retaguarda_core::ledger::recurring::{entry_id, materialise_horizon, NewRecurrence};
use retaguarda_core::ledger::{categories, EntryKind};

fn internet(first: &str, day: u32, every: u32, last: Option<&str>) -> NewRecurrence {
    NewRecurrence {
        kind: EntryKind::Payable,
        description: "Internet".into(),
        amount: dec("99.90"),
        category: Some(categories::RENT.into()),
        party: None,
        account: None,
        day_of_month: day,
        every_months: every,
        first_month: date(first),
        last_month: last.map(date),
    }
}

#[test]
fn the_horizon_is_the_last_day_of_next_month() {
    assert_eq!(materialise_horizon(date("2026-01-15")), date("2026-02-28"));
    assert_eq!(materialise_horizon(date("2026-01-31")), date("2026-02-28"));
    assert_eq!(materialise_horizon(date("2027-12-01")), date("2028-01-31"));
    assert_eq!(materialise_horizon(date("2028-01-10")), date("2028-02-29"));
}

#[test]
fn materialising_due_creates_up_to_the_end_of_next_month() {
    let mut biz = new_business();
    let rec = biz
        .create_recurrence(&ctx_on("2026-03-10"), internet("2026-03-01", 20, 1, None))
        .expect("recurrence");
    let created = biz
        .materialise_due_recurrences(&ctx_on("2026-03-10"))
        .expect("materialise");
    // March and April; May is past the horizon (30/04).
    assert_eq!(
        created,
        vec![
            entry_id(&rec, date("2026-03-01")),
            entry_id(&rec, date("2026-04-01"))
        ]
    );
}

#[test]
fn the_next_due_date_skips_the_past_and_stops_at_the_end() {
    let mut biz = new_business();
    let id = biz
        .create_recurrence(
            &ctx_on("2026-01-05"),
            internet("2026-01-01", 31, 2, Some("2026-05-01")),
        )
        .expect("recurrence");
    let rec = biz
        .recurrences()
        .expect("read")
        .into_iter()
        .find(|(rid, _)| *rid == id)
        .map(|(_, r)| r)
        .expect("listed");
    // Every two months on the last day: 31/01, 31/03, 31/05 (the last).
    assert_eq!(rec.next_due(date("2026-01-10")), Some(date("2026-01-31")));
    assert_eq!(rec.next_due(date("2026-01-31")), Some(date("2026-01-31")));
    assert_eq!(rec.next_due(date("2026-02-01")), Some(date("2026-03-31")));
    assert_eq!(rec.next_due(date("2026-04-15")), Some(date("2026-05-31")));
    assert_eq!(rec.next_due(date("2026-06-01")), None);
}
