//! Relatórios: cash flow (realised and projected), DRE simplificado by category, receivables
//! aging, top products, inventory value and payroll cost.
//!
//! Every figure is one core query (`cash_flow`, `dre`, `receivables_aging`, `top_products`,
//! `stock_value`, `payroll_costs`); this module draws each as an SVG chart with its numbers
//! in a table below.

mod charts;
mod ledger;
mod shop;

use chrono::{Datelike, Months, NaiveDate};
use leptos::prelude::*;

use super::AreaHeader;
use crate::state::{today, use_app};
use crate::ui::{show, SelectField, Topic};

const MONTHS: [&str; 12] = [
    "jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez",
];

/// `jan/26` for the month of `d`.
fn month_short(d: NaiveDate) -> String {
    format!("{}/{:02}", MONTHS[d.month0() as usize], d.year() % 100)
}

/// `jan/2026` for the month of `d`.
fn month_long(d: NaiveDate) -> String {
    format!("{}/{}", MONTHS[d.month0() as usize], d.year())
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn last_of_month(d: NaiveDate) -> NaiveDate {
    first_of_month(d)
        .checked_add_months(Months::new(1))
        .and_then(|n| n.pred_opt())
        .unwrap_or(d)
}

/// The months a person may pick: this one and the 23 before, newest first, as
/// (`2026-03`, `mar/2026`). A list of the app's own, since the browser's month control
/// speaks the browser's language.
fn month_choices(today: NaiveDate) -> Vec<(String, String)> {
    let this = first_of_month(today);
    (0..24)
        .filter_map(|back| this.checked_sub_months(Months::new(back)))
        .map(|m| (format!("{:04}-{:02}", m.year(), m.month()), month_long(m)))
        .collect()
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let app = use_app();
    let now = today();
    let month = RwSignal::new(format!("{:04}-{:02}", now.year(), now.month()));
    let selected = Memo::new(move |_| {
        NaiveDate::parse_from_str(&format!("{}-01", month.get()), "%Y-%m-%d")
            .unwrap_or_else(|_| first_of_month(today()))
    });
    let period_start = move || app.query(&[Topic::Epochs], |b| b.period_start());
    view! {
        <AreaHeader title="Relatórios"/>
        {move || show(period_start(), |start| start.map(|start| view! {
            <p class="alert" role="note" data-testid="relatorio-periodo">{format!(
                "Período aberto desde {}. O que foi quitado antes disso está no arquivo do período (Configurações, Fechar período); os saldos já o incluem.",
                crate::fmt::date(start)
            )}</p>
        }))}
        <div class="card">
            <SelectField
                label="Mês de referência (DRE e produtos)"
                value=month
                options=Signal::derive(move || Ok(month_choices(today())))
                testid="relatorio-mes"
            />
        </div>
        <ledger::CashFlowReport/>
        <ledger::DreReport month=selected/>
        <ledger::AgingReport/>
        <shop::TopProductsReport month=selected/>
        <shop::StockValueReport/>
        <shop::PayrollCostReport/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_choices_go_back_two_years_from_this_month() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 18).unwrap();
        let choices = month_choices(day);
        assert_eq!(choices.len(), 24);
        assert_eq!(choices[0], ("2026-03".to_string(), "mar/2026".to_string()));
        assert_eq!(choices[3], ("2025-12".to_string(), "dez/2025".to_string()));
    }
}
