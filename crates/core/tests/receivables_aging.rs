//! Open receivables by days overdue: what is open, in which bucket, and the total.

use crate::common;
use common::*;
use retaguarda_core::ledger::results::AgingBucket;
use retaguarda_core::ledger::EntryKind;

#[test]
fn buckets_open_receivables_by_days_past_due() {
    let mut biz = new_business();
    let cash = cash_account(&mut biz, "0");
    let today = date("2026-06-30");
    // Due today and later: not due. 30 days late is the first bucket, 31 the second.
    entry(&mut biz, EntryKind::Receivable, "a", "100", "2026-06-30");
    entry(&mut biz, EntryKind::Receivable, "b", "50", "2026-07-15");
    entry(&mut biz, EntryKind::Receivable, "c", "30", "2026-05-31");
    entry(&mut biz, EntryKind::Receivable, "d", "31", "2026-05-30");
    entry(&mut biz, EntryKind::Receivable, "e", "90", "2026-04-01");
    entry(&mut biz, EntryKind::Receivable, "f", "91", "2026-03-31");
    // Partly received: only the open part counts.
    let part = entry(&mut biz, EntryKind::Receivable, "g", "400", "2026-06-20");
    pay(&mut biz, "2026-06-25", &part, "150", &cash);
    // Paid, cancelled and payables count nothing.
    let paid = entry(&mut biz, EntryKind::Receivable, "h", "70", "2026-06-01");
    pay(&mut biz, "2026-06-02", &paid, "70", &cash);
    let gone = entry(&mut biz, EntryKind::Receivable, "i", "60", "2026-06-01");
    biz.cancel_entry(&ctx(), &gone, None).unwrap();
    entry(&mut biz, EntryKind::Payable, "j", "500", "2026-01-01");

    let aging = biz.receivables_aging(today).unwrap();
    let rows: Vec<_> = aging
        .rows
        .iter()
        .map(|r| (r.bucket, r.count, r.open))
        .collect();
    assert_eq!(
        rows,
        vec![
            (AgingBucket::NotDue, 2, dec("150")),
            (AgingBucket::Days1To30, 2, dec("280")),
            (AgingBucket::Days31To60, 1, dec("31")),
            (AgingBucket::Days61To90, 1, dec("90")),
            (AgingBucket::Over90, 1, dec("91")),
        ]
    );
    assert_eq!(aging.total, dec("642"));
}

#[test]
fn nothing_open_gives_every_bucket_empty() {
    let biz = new_business();
    let aging = biz.receivables_aging(date("2026-06-30")).unwrap();
    assert_eq!(aging.rows.len(), 5);
    assert!(aging.rows.iter().all(|r| r.count == 0 && r.open.is_zero()));
    assert!(aging.total.is_zero());
}
