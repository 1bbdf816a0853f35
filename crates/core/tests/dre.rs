//! The DRE simplificado: income and expenses of a month by category group and subcategory,
//! on the competence date, with the six months before it.

use crate::common;
use common::*;
use retaguarda_core::ledger::{categories, EntryKind, NewEntry};

fn on(kind: EntryKind, amount: &str, competence: &str, category: Option<&str>) -> NewEntry {
    let mut e = NewEntry::new(kind, "x", dec(amount), date(competence));
    e.competence_date = Some(date(competence));
    e.category = category.map(str::to_string);
    e
}

#[test]
fn groups_subcategories_under_their_group_largest_first() {
    let mut biz = new_business();
    for (kind, amount, day, cat) in [
        (
            EntryKind::Payable,
            "1200",
            "2026-03-05",
            Some(categories::RENT),
        ),
        (
            EntryKind::Payable,
            "300",
            "2026-03-10",
            Some("cat.despesas.condominio"),
        ),
        (
            EntryKind::Payable,
            "800",
            "2026-03-12",
            Some(categories::GOODS_PURCHASES),
        ),
        (
            EntryKind::Receivable,
            "5000",
            "2026-03-15",
            Some(categories::SALES_OF_GOODS),
        ),
        (EntryKind::Receivable, "250", "2026-03-20", None),
        // Another month: in the trend only.
        (
            EntryKind::Payable,
            "999",
            "2026-02-28",
            Some(categories::RENT),
        ),
    ] {
        biz.create_entry(&ctx(), on(kind, amount, day, cat))
            .unwrap();
    }
    let dre = biz.dre(date("2026-03-18")).unwrap();

    let expense: Vec<(&str, bool, rust_decimal::Decimal)> = dre
        .expense
        .iter()
        .map(|l| (l.name.as_str(), l.sub, l.amount))
        .collect();
    assert_eq!(
        expense,
        vec![
            ("Ocupação", false, dec("1500")),
            ("Aluguel", true, dec("1200")),
            ("Condomínio e IPTU", true, dec("300")),
            ("Custos das vendas", false, dec("800")),
            ("Compra de mercadorias", true, dec("800")),
        ]
    );
    assert_eq!(dre.income[0].amount, dec("5000"));
    let none = dre.income.iter().find(|l| l.category.is_none()).unwrap();
    assert_eq!(
        (none.name.as_str(), none.amount),
        ("Sem categoria", dec("250"))
    );
    assert_eq!(dre.total_income, dec("5250"));
    assert_eq!(dre.total_expense, dec("2300"));
    assert_eq!(dre.result, dec("2950"));
}

#[test]
fn trend_holds_the_six_months_up_to_the_month() {
    let mut biz = new_business();
    biz.create_entry(&ctx(), on(EntryKind::Payable, "999", "2026-02-28", None))
        .unwrap();
    biz.create_entry(&ctx(), on(EntryKind::Receivable, "100", "2025-10-01", None))
        .unwrap();
    // Seven months back and after the month: outside the trend.
    biz.create_entry(&ctx(), on(EntryKind::Receivable, "7", "2025-09-30", None))
        .unwrap();
    biz.create_entry(&ctx(), on(EntryKind::Receivable, "7", "2026-04-01", None))
        .unwrap();
    let dre = biz.dre(date("2026-03-01")).unwrap();
    let months: Vec<_> = dre.trend.iter().map(|m| m.month).collect();
    assert_eq!(
        months,
        [
            "2025-10-01",
            "2025-11-01",
            "2025-12-01",
            "2026-01-01",
            "2026-02-01",
            "2026-03-01"
        ]
        .map(date)
    );
    assert_eq!(
        (dre.trend[0].income, dre.trend[0].result),
        (dec("100"), dec("100"))
    );
    assert_eq!(
        (dre.trend[4].expense, dre.trend[4].result),
        (dec("999"), dec("-999"))
    );
    assert_eq!(dre.total_income, dec("0"));
}

#[test]
fn a_cancelled_entry_counts_what_was_paid() {
    let mut biz = new_business();
    let cash = cash_account(&mut biz, "0");
    let id = biz
        .create_entry(&ctx(), on(EntryKind::Payable, "500", "2026-03-05", None))
        .unwrap();
    pay(&mut biz, "2026-03-05", &id, "200", &cash);
    biz.cancel_entry(&ctx(), &id, None).unwrap();
    let untouched = biz
        .create_entry(&ctx(), on(EntryKind::Payable, "80", "2026-03-06", None))
        .unwrap();
    biz.cancel_entry(&ctx(), &untouched, None).unwrap();
    let dre = biz.dre(date("2026-03-31")).unwrap();
    assert_eq!(dre.total_expense, dec("200"));
    assert_eq!(dre.expense.len(), 1);
}
