//! Equipe: people (create, edit), their vacation (balance per acquisition period, limit
//! date, warnings, scheduling with its pay), the payroll (run a month, review and print
//! payslips, close the run into payables), the 13º installments, ending a contract with
//! its TRCT, and the partners' pró-labore. Every figure comes from core: the screens show
//! core's sheets and call one core operation per action.
//!
//! - [`people`]: the list, the form and a person's page;
//! - [`vacation`]: periods, warnings and scheduling a paid vacation;
//! - [`payroll`]: the monthly runs and their payslips;
//! - [`thirteenth`]: the 13º installments of a year;
//! - [`termination`]: ending a contract and its TRCT;
//! - [`pro_labore`]: a partner's pró-labore;
//! - [`sheet`]: a printable sheet of lines and the payables a payment created.

mod payroll;
mod people;
mod pro_labore;
mod sheet;
mod termination;
mod thirteenth;
mod vacation;

use chrono::NaiveDate;
use leptos::prelude::*;
use retaguarda_core::staff::{AcquisitionPeriod, Contract};

use super::AreaHeader;
use crate::fmt::date;

pub use payroll::PayslipPage;
pub use people::PersonPage;

/// A period is flagged this many days before its limit date.
const WARN_DAYS: i64 = 60;

/// A vacation warning for one acquisition period, if it needs attention.
fn period_warning(p: &AcquisitionPeriod, today: NaiveDate) -> Option<String> {
    if p.balance_days == 0 || !p.acquired {
        return None;
    }
    if p.overdue || p.limit_to_grant < today {
        return Some(format!(
            "Férias vencidas: {} dias do período {} deviam ter sido gozados até {}.",
            p.balance_days,
            p.number,
            date(p.limit_to_grant)
        ));
    }
    let left = (p.limit_to_grant - today).num_days();
    (left <= WARN_DAYS).then(|| {
        format!(
            "Atenção: {} dias do período {} precisam ser gozados até {} (faltam {left} dias).",
            p.balance_days,
            p.number,
            date(p.limit_to_grant)
        )
    })
}

/// The warnings of a person, computed from core's acquisition periods.
fn warnings_of(
    b: &retaguarda_core::Business,
    id: &str,
    today: NaiveDate,
) -> Result<Vec<String>, retaguarda_core::CoreError> {
    Ok(b.vacation_periods(id, today)?
        .iter()
        .filter_map(|p| period_warning(p, today))
        .collect())
}

fn contract_label(c: Contract) -> &'static str {
    match c {
        Contract::Clt => "CLT",
        Contract::Partner => "Sócio(a)",
        Contract::Other => "Outro",
    }
}

/// A CPF as people write it (529.982.247-25), whatever way it was typed; as it is when it
/// does not parse (a record written before validation).
fn cpf(text: &str) -> String {
    retaguarda_core::formats::doc::TaxId::parse(text)
        .map(|id| id.formatted())
        .unwrap_or_else(|_| text.to_string())
}

fn month_label(year: i32, month: u32) -> String {
    format!("{month:02}/{year}")
}

/// A month as people type it (`10/2026`) or as a month input gives it (`2026-10`).
fn parse_month(text: &str) -> Option<(i32, u32)> {
    let text = text.trim();
    let (year, month) = match text.split_once('/') {
        Some((m, y)) => (y, m),
        None => text.split_once('-')?,
    };
    let month: u32 = month.trim().parse().ok()?;
    let year: i32 = year.trim().parse().ok()?;
    ((1..=12).contains(&month) && year >= 1900).then_some((year, month))
}

/// A month as the month fields show it (`10/2026`).
fn month_input(year: i32, month: u32) -> String {
    format!("{month:02}/{year:04}")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Pessoas,
    Folha,
    Decimo,
}

#[component]
pub fn StaffPage() -> impl IntoView {
    let tab = RwSignal::new(Tab::Pessoas);
    let tab_button = move |t: Tab, label: &'static str, testid: &'static str| {
        view! {
            <button type="button" role="tab" aria-selected=move || (tab.get() == t).to_string()
                data-testid=testid on:click=move |_| tab.set(t)>{label}</button>
        }
    };
    view! {
        <AreaHeader title="Equipe"/>
        <div class="tabs" role="tablist" aria-label="Equipe">
            {tab_button(Tab::Pessoas, "Pessoas", "tab-pessoas")}
            {tab_button(Tab::Folha, "Folha de pagamento", "tab-folha")}
            {tab_button(Tab::Decimo, "13º salário", "tab-13")}
        </div>
        {move || match tab.get() {
            Tab::Pessoas => view! { <people::People/> }.into_any(),
            Tab::Folha => view! { <payroll::Payroll/> }.into_any(),
            Tab::Decimo => view! { <thirteenth::Thirteenth/> }.into_any(),
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(limit: NaiveDate, balance: u32, acquired: bool, overdue: bool) -> AcquisitionPeriod {
        AcquisitionPeriod {
            number: 1,
            start: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default(),
            end: NaiveDate::from_ymd_opt(2024, 12, 31).unwrap_or_default(),
            limit_to_grant: limit,
            entitled_days: 30,
            taken_days: 30 - balance,
            scheduled_days: 0,
            balance_days: balance,
            over_scheduled_days: 0,
            acquired,
            overdue,
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn warns_within_sixty_days_and_when_overdue() {
        let today = d(2025, 11, 1);
        assert_eq!(
            period_warning(&period(d(2026, 3, 1), 30, true, false), today),
            None
        );
        let near = period_warning(&period(d(2025, 12, 30), 20, true, false), today);
        assert_eq!(
            near.as_deref(),
            Some("Atenção: 20 dias do período 1 precisam ser gozados até 30/12/2025 (faltam 59 dias).")
        );
        let late = period_warning(&period(d(2025, 10, 1), 10, true, true), today);
        assert!(late.is_some_and(|w| w.starts_with("Férias vencidas: 10 dias")));
        assert_eq!(
            period_warning(&period(d(2025, 12, 1), 0, true, false), today),
            None
        );
        assert_eq!(
            period_warning(&period(d(2025, 12, 1), 30, false, false), today),
            None
        );
    }

    #[test]
    fn a_cpf_is_shown_with_its_dots_and_dash() {
        assert_eq!(cpf("52998224725"), "529.982.247-25");
        assert_eq!(cpf("529.982.247-25"), "529.982.247-25");
        assert_eq!(cpf("123"), "123");
    }

    #[test]
    fn months_from_the_month_input() {
        assert_eq!(parse_month("2026-12"), Some((2026, 12)));
        assert_eq!(parse_month("10/2026"), Some((2026, 10)));
        assert_eq!(parse_month(&month_input(2026, 3)), Some((2026, 3)));
        assert_eq!(parse_month("13/2026"), None);
        assert_eq!(parse_month("dezembro"), None);
    }
}
