//! Cobranças' board read a window at a time (issue 31): `charge_index` gives, per status,
//! the kept ids in the list's order with each status's count and total, and `charge_rows`
//! builds only the rows asked for. Together they must say exactly what the whole
//! `charge_board` says, with and without a search, before and after a change, and the
//! order must be the documented one (open charges by due date, the next first; paid and
//! cancelled ones newest due date first; ties by id), checked against a sort of `charges()`.

use crate::common;
use common::*;
use retaguarda_core::charges::{ChargeStatus, PayInto};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::Business;

const STATUSES: [ChargeStatus; 5] = [
    ChargeStatus::Pending,
    ChargeStatus::Overdue,
    ChargeStatus::Paid,
    ChargeStatus::Cancelled,
    ChargeStatus::Conflict,
];

/// 90 charges of three customers over 20 due dates (several on each day: ties), some paid,
/// some cancelled.
fn shop() -> (Business, String) {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "0");
    let names = ["João Araújo", "Maria Souza", "Ana Lima"];
    let parties: Vec<String> = names
        .iter()
        .map(|n| biz.create_party(&ctx(), PartyInput::customer(*n)).unwrap())
        .collect();
    for i in 0..90u32 {
        let due = date("2026-03-01") + chrono::Days::new(u64::from(i % 20));
        let amount = format!("{}.{:02}", 10 + i % 7, i % 100);
        let id = charge(
            &mut biz,
            &parties[(i % 3) as usize],
            &amount,
            &due.to_string(),
        );
        match i % 6 {
            0 => {
                biz.pay_charge_into(
                    &ctx(),
                    &id,
                    date("2026-03-05"),
                    PayInto::Account(bank.clone()),
                )
                .unwrap();
            }
            1 => biz.cancel_charge(&ctx(), &id, Some("engano")).unwrap(),
            _ => {}
        }
    }
    (biz, bank)
}

/// The ids of `status` in the documented order, computed here from `charges()`.
fn expected_order(biz: &Business, today: chrono::NaiveDate, status: ChargeStatus) -> Vec<String> {
    let mut all: Vec<_> = biz
        .charges(today)
        .unwrap()
        .into_iter()
        .filter(|c| c.status == status)
        .map(|c| (c.charge.due_date, c.id))
        .collect();
    all.sort();
    if matches!(status, ChargeStatus::Paid | ChargeStatus::Cancelled) {
        all.reverse();
    }
    all.into_iter().map(|(_, id)| id).collect()
}

fn assert_windows_match(biz: &Business, search: &str) {
    let today = date("2026-03-10");
    let board = biz.charge_board(today, search).unwrap();
    let index = biz.charge_index(today, search).unwrap();
    for status in STATUSES {
        assert_eq!(
            index.total(status),
            board.total(status),
            "{status:?} {search:?}"
        );
        let whole = board.rows(status);
        let ids = index.ids(status);
        assert_eq!(ids.len(), whole.len());
        // Every window of 7 rows is exactly that slice of the whole list.
        let mut start = 0;
        while start < ids.len() {
            let end = (start + 7).min(ids.len());
            let rows = biz.charge_rows(&ids[start..end], today).unwrap();
            assert_eq!(
                rows,
                whole[start..end].to_vec(),
                "{status:?} {start}..{end}"
            );
            start = end;
        }
        if search.is_empty() {
            assert_eq!(
                ids.to_vec(),
                expected_order(biz, today, status),
                "{status:?}"
            );
        }
    }
}

#[test]
fn windows_of_the_index_are_slices_of_the_whole_board() {
    let (biz, _) = shop();
    let index = biz.charge_index(date("2026-03-10"), "").unwrap();
    // The shop has rows in every status but conflict, so the comparison means something.
    for status in &STATUSES[..4] {
        assert!(index.total(*status).count > 5, "{status:?}");
    }
    assert_windows_match(&biz, "");
    assert_windows_match(&biz, "  joao ARAU");
    assert_windows_match(&biz, "souza");
    assert_windows_match(&biz, "ninguém");
    assert!(biz
        .charge_index(date("2026-03-10"), "ninguém")
        .unwrap()
        .ids(ChargeStatus::Pending)
        .is_empty());
}

#[test]
fn the_index_follows_a_change_and_rows_of_gone_ids_are_left_out() {
    let (mut biz, bank) = shop();
    let today = date("2026-03-10");
    let before = biz.charge_index(today, "").unwrap();
    let first = before.ids(ChargeStatus::Pending)[0].clone();
    let late = before.ids(ChargeStatus::Overdue)[0].clone();
    biz.pay_charge_into(&ctx(), &first, today, PayInto::Account(bank))
        .unwrap();
    biz.cancel_charge(&ctx(), &late, None).unwrap();
    let maria = biz
        .create_party(&ctx(), PartyInput::customer("Maria Nova"))
        .unwrap();
    let new = charge(&mut biz, &maria, "55.00", "2026-03-11");
    let after = biz.charge_index(today, "").unwrap();
    assert!(after.ids(ChargeStatus::Paid).contains(&first));
    assert!(after.ids(ChargeStatus::Cancelled).contains(&late));
    assert!(after.ids(ChargeStatus::Pending).contains(&new));
    assert_eq!(
        after.total(ChargeStatus::Pending).count,
        before.total(ChargeStatus::Pending).count
    );
    assert_windows_match(&biz, "");
    assert_windows_match(&biz, "maria");
    // An id that is no charge gives no row; the others keep their order.
    let rows = biz
        .charge_rows(&[new.clone(), "não-existe".into(), first.clone()], today)
        .unwrap();
    let ids: Vec<_> = rows.into_iter().map(|r| r.view.id).collect();
    assert_eq!(ids, vec![new, first]);
}
