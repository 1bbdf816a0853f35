//! Importing statements: FITIDs are deduplicated per account across re-imports, overlapping
//! periods and devices that import the same file offline.

use crate::common;
use crate::reconcile_support;

use common::*;
use reconcile_support::{statement, Line};
use retaguarda_core::reconcile::BANK_LINES;

#[test]
fn re_importing_the_same_file_creates_nothing_new() {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "0");
    let st = statement(
        &[
            Line("A", "20260301", "-10.00", "X"),
            Line("B", "20260302", "20.00", "Y"),
        ],
        Some(("10.00", "20260302")),
    );
    let first = biz.import_statement(&ctx(), &bank, &st).unwrap();
    assert_eq!((first.imported, first.duplicates), (2, 0));
    let second = biz.import_statement(&ctx(), &bank, &st).unwrap();
    assert_eq!((second.imported, second.duplicates), (0, 2));
    assert!(second.proposals.is_empty());
    assert_eq!(biz.bank_lines(&bank).unwrap().len(), 2);
    assert_eq!(biz.bank_proposals(&bank, 3).unwrap().len(), 2);
}

#[test]
fn an_overlapping_period_adds_only_the_lines_not_seen() {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "0");
    let march_1_10 = statement(
        &[
            Line("A", "20260301", "-10.00", "X"),
            Line("B", "20260305", "20.00", "Y"),
        ],
        Some(("10.00", "20260305")),
    );
    let march_5_15 = statement(
        &[
            Line("B", "20260305", "20.00", "Y"),
            Line("C", "20260312", "-5.00", "Z"),
        ],
        Some(("5.00", "20260312")),
    );
    biz.import_statement(&ctx(), &bank, &march_1_10).unwrap();
    let r = biz.import_statement(&ctx(), &bank, &march_5_15).unwrap();
    assert_eq!((r.imported, r.duplicates), (1, 1));
    assert_eq!(r.proposals[0].line.fitid, "C");
    let mut fitids: Vec<String> = biz
        .bank_lines(&bank)
        .unwrap()
        .into_iter()
        .map(|(_, l)| l.fitid)
        .collect();
    fitids.sort();
    assert_eq!(fitids, ["A", "B", "C"]);
    // Importing the older file again keeps the newer statement balance.
    biz.import_statement(&ctx(), &bank, &march_1_10).unwrap();
    let check = biz.bank_balance_check(&bank).unwrap().unwrap();
    assert_eq!(
        (check.as_of, check.statement),
        (date("2026-03-12"), dec("5.00"))
    );
}

#[test]
fn the_same_fitid_in_two_accounts_is_two_lines() {
    let mut biz = new_business();
    let bank = bank_account(&mut biz, "0");
    let cash = cash_account(&mut biz, "0");
    let st = statement(&[Line("A", "20260301", "-10.00", "X")], None);
    biz.import_statement(&ctx(), &bank, &st).unwrap();
    let r = biz.import_statement(&ctx(), &cash, &st).unwrap();
    assert_eq!(r.imported, 1);
    assert_eq!(biz.ids(BANK_LINES).unwrap().len(), 2);
}

#[test]
fn two_devices_importing_the_same_file_merge_into_one_set_of_lines() {
    let mut a = new_business();
    let bank = bank_account(&mut a, "0");
    let mut b = a.fork(&device("Notebook", 2));
    let st = statement(
        &[
            Line("A", "20260301", "-10.00", "X"),
            Line("B", "20260302", "20.00", "Y"),
            Line("C", "20260303", "30.00", "Z"),
        ],
        Some(("40.00", "20260303")),
    );
    a.import_statement(&ctx(), &bank, &st).unwrap();
    b.import_statement(&ctx(), &bank, &st).unwrap();
    a.merge(&mut b).unwrap();
    b.merge(&mut a).unwrap();
    assert_eq!(a.bank_lines(&bank).unwrap().len(), 3);
    assert_eq!(a.bank_proposals(&bank, 3).unwrap().len(), 3);
    assert_eq!(a.bank_lines(&bank).unwrap(), b.bank_lines(&bank).unwrap());
    // A third import after the merge sees every line as known.
    let r = a.import_statement(&ctx(), &bank, &st).unwrap();
    assert_eq!((r.imported, r.duplicates), (0, 3));
    // Creating an entry from a merged line works on either device.
    let key = a.bank_proposals(&bank, 3).unwrap()[0].key.clone();
    b.create_entry_from_line(&ctx(), &key, Default::default())
        .unwrap();
    a.merge(&mut b).unwrap();
    assert_eq!(a.bank_proposals(&bank, 3).unwrap().len(), 2);
}

#[test]
fn an_unknown_account_is_refused_without_changing_the_document() {
    let mut biz = new_business();
    let st = statement(&[Line("A", "20260301", "-10.00", "X")], None);
    let err = assert_rejected_unchanged(&mut biz, |b| b.import_statement(&ctx(), "nope", &st));
    assert!(err.to_string().contains("Conta"), "{err}");
}

#[test]
fn every_quirky_bank_fixture_imports_once() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../formats/tests/fixtures/ofx");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ofx"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "fixtures not found in {}", dir.display());
    for file in files {
        let mut biz = new_business();
        let bank = bank_account(&mut biz, "0");
        // A card's statement goes into an account of kind Outra; a bank one into the bank.
        let card = biz
            .create_account(
                &ctx(),
                retaguarda_core::ledger::NewAccount {
                    name: "Cartão".into(),
                    kind: retaguarda_core::ledger::AccountKind::Other,
                    opening_balance: dec("0"),
                    opening_date: date("2025-01-01"),
                },
            )
            .expect("card account");
        let account_for = |st: &retaguarda_core::formats::ofx::Statement| match st.kind {
            retaguarda_core::formats::ofx::StatementKind::Bank => bank.clone(),
            retaguarda_core::formats::ofx::StatementKind::CreditCard => card.clone(),
        };
        let bytes = std::fs::read(&file).expect("read fixture");
        let statements = match retaguarda_core::formats::ofx::parse_all(&bytes) {
            Ok(s) => s,
            // A file cut short is refused before any import (see formats' ofx_truncation).
            Err(retaguarda_core::formats::ofx::OfxError::Incomplete { .. }) => continue,
            Err(e) => panic!("{}: {e}", file.display()),
        };
        let lines: usize = statements.iter().map(|s| s.transactions.len()).sum();
        let mut first = 0;
        for st in &statements {
            first += biz
                .import_statement(&ctx(), &account_for(st), st)
                .expect("import")
                .imported;
        }
        assert!(first > 0 && first <= lines, "{}", file.display());
        for st in &statements {
            let again = biz
                .import_statement(&ctx(), &account_for(st), st)
                .expect("re-import");
            assert_eq!(again.imported, 0, "{}", file.display());
        }
        assert_eq!(
            biz.bank_lines(&bank).unwrap().len() + biz.bank_lines(&card).unwrap().len(),
            first,
            "{}",
            file.display()
        );
    }
}
