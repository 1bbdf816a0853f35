//! The hledger and beancount exports: sanitised account names, balanced transactions and
//! per-account sums equal to the app's balances; the two CSV dialects.

use crate::export_support;

use export_support::*;
use retaguarda_core::export::{self, CsvDialect};
use rust_decimal::Decimal;

#[test]
fn journal_accounts_are_sanitised_and_unique() {
    let (biz, ids) = fixed_book();
    let names = export::account_names(&biz).unwrap();
    let mut got: Vec<&str> = ids.iter().map(|id| names[id].as_str()).collect();
    got.sort();
    let mut want = vec![
        "Assets:Caixa:Caixa-da-loja",
        "Assets:Banco:Banco-do-Brasil-c-c-123",
        "Assets:Banco:Banco-do-Brasil-c-c-123-2",
        "Assets:Outras:N1a-Maquininha-Stone",
    ];
    want.sort();
    assert_eq!(got, want);
    for name in names.values() {
        for comp in name.split(':') {
            assert!(comp.chars().next().unwrap().is_ascii_uppercase(), "{name}");
            assert!(
                comp.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
                "{name}"
            );
        }
    }
    assert_eq!(export::sanitise_component("  água & gás  "), "Agua-gas");
    assert_eq!(export::sanitise_component("!!!"), "Sem-Nome");
}

#[test]
fn hledger_journal_sums_equal_the_app_balances() {
    let (biz, ids) = fixed_book();
    let journal = export::hledger(&biz).unwrap();
    let names = export::account_names(&biz).unwrap();
    let sums = journal_sums(&journal);
    for id in &ids {
        let want = biz.account_balance(id, far_future()).unwrap();
        assert_eq!(
            sums.get(&names[id]).copied().unwrap_or_default(),
            want,
            "{}",
            names[id]
        );
    }
    // Every transaction balances, so the whole journal sums to zero.
    assert_eq!(sums.values().copied().sum::<Decimal>(), Decimal::ZERO);
    // Categories are accounts; the voided payment and the open payable are left out.
    assert_eq!(sums["Expenses:Ocupacao:Aluguel"], dec("800.00"));
    assert_eq!(sums["Expenses:Sem-Categoria"], dec("12.34"));
    assert!(!journal.contains("Farinha"), "open amounts are not booked");
    // A description never carries a `;`, which would start a comment in hledger.
    assert!(
        journal.contains("2026-02-03 Venda balcão \"atacado\"\n"),
        "{journal}"
    );
}

#[test]
fn beancount_file_opens_every_account_and_asserts_the_app_balances() {
    let (biz, ids) = fixed_book();
    let text = export::beancount(&biz).unwrap();
    let names = export::account_names(&biz).unwrap();
    assert!(text.contains("option \"operating_currency\" \"BRL\""));
    for id in &ids {
        assert!(
            text.contains(&format!("open {} BRL", names[id])),
            "{}",
            names[id]
        );
        let bal = biz.account_balance(id, far_future()).unwrap();
        let line = format!("2026-02-11 balance {}  {} BRL", names[id], {
            let mut b = bal;
            b.rescale(2);
            b
        });
        assert!(text.contains(&line), "missing {line:?} in\n{text}");
    }
    // Quotes would end a beancount string.
    assert!(
        text.contains("2026-02-03 * \"Venda; balcão atacado\"\n"),
        "{text}"
    );
}

#[test]
fn csv_has_a_header_and_both_dialects() {
    let (biz, _) = fixed_book();
    let br = export::entries_csv(&biz, CsvDialect::Br).unwrap();
    let br = br
        .strip_prefix(export::BOM)
        .expect("the pt-BR CSV starts with a BOM");
    let iso = export::entries_csv(&biz, CsvDialect::Iso).unwrap();
    let br_lines: Vec<&str> = br.lines().collect();
    let iso_lines: Vec<&str> = iso.lines().collect();
    assert_eq!(br_lines.len(), 5, "header + 4 entries");
    assert_eq!(iso_lines.len(), 5);
    assert!(br_lines[0].starts_with("id;tipo;descricao;valor;vencimento"));
    assert!(iso_lines[0].starts_with("id,tipo,descricao,valor,vencimento"));
    let br_sale = br_lines.iter().find(|l| l.contains("Venda")).unwrap();
    assert!(
        br_sale.contains(";\"Venda; balcão \"\"atacado\"\"\";300,00;03/02/2026;03/02/2026;"),
        "{br_sale}"
    );
    assert!(br_sale.ends_with(";pago"), "{br_sale}");
    let iso_sale = iso_lines.iter().find(|l| l.contains("Venda")).unwrap();
    assert!(
        iso_sale.contains(",\"Venda; balcão \"\"atacado\"\"\",300.00,2026-02-03,2026-02-03,"),
        "{iso_sale}"
    );
    let open = iso_lines.iter().find(|l| l.contains("Farinha")).unwrap();
    assert!(open.contains(",0.00,99.00,,aberto"), "{open}");
}
