//! Property: the exported journal of any book sums, per account, to the app's balances.

use crate::export_support;

use export_support::*;
use proptest::prelude::*;
use retaguarda_core::export;
use rust_decimal::Decimal;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn exported_journal_balances_to_the_app_figures((openings, moves) in moves()) {
        let (biz, accounts) = random_book(&openings, &moves);
        let names = export::account_names(&biz).unwrap();
        let sums = journal_sums(&export::hledger(&biz).unwrap());
        for id in &accounts {
            let want = biz.account_balance(id, far_future()).unwrap();
            prop_assert_eq!(sums.get(&names[id]).copied().unwrap_or_default(), want);
        }
        prop_assert_eq!(sums.values().copied().sum::<Decimal>(), Decimal::ZERO);
        // The beancount file carries the same postings.
        let bean = export::beancount(&biz).unwrap();
        let bean_postings: Vec<&str> = bean.lines().filter(|l| l.starts_with("  ")).collect();
        let ledger_postings = export::hledger(&biz).unwrap().lines().filter(|l| l.starts_with("    ")).count();
        prop_assert_eq!(bean_postings.len(), ledger_postings);
    }
}
