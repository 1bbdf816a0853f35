//! Caixa's Contas tab: every account's balance at a date, active ones first by name, and
//! the total of the active ones (an archived account's money is not counted).

use crate::common;
use common::*;
use retaguarda_core::ledger::{AccountKind, NewAccount};

#[test]
fn active_accounts_first_and_only_they_count_in_the_total() {
    let mut biz = new_business();
    let cash = cash_account(&mut biz, "100.00");
    let bank = bank_account(&mut biz, "2500.50");
    let old = biz
        .create_account(
            &ctx(),
            NewAccount {
                name: "Antigo banco".into(),
                kind: AccountKind::Bank,
                opening_balance: dec("999.00"),
                opening_date: date("2026-01-01"),
            },
        )
        .unwrap();
    // Money moved out of the old bank is counted where it went.
    let sale = entry(
        &mut biz,
        retaguarda_core::ledger::EntryKind::Receivable,
        "venda",
        "40",
        "2026-02-01",
    );
    pay(&mut biz, "2026-02-01", &sale, "40", &cash);
    biz.archive_account(&ctx(), &old).unwrap();

    let all = biz.account_balances(date("2026-02-28")).unwrap();
    let names: Vec<(&str, bool)> = all
        .accounts
        .iter()
        .map(|a| (a.name.as_str(), a.archived))
        .collect();
    assert_eq!(
        names,
        [
            ("Banco", false),
            ("Caixa da loja", false),
            ("Antigo banco", true)
        ]
    );
    assert_eq!(all.accounts[1].balance, dec("140.00"));
    assert_eq!(all.total, dec("2640.50"));
    assert_eq!(all.accounts[0].id, bank);
    // Before the sale, the balance is the opening one.
    let before = biz.account_balances(date("2026-01-31")).unwrap();
    assert_eq!(before.total, dec("2600.50"));
}
