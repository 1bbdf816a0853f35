//! Início: the day at a glance. Cash and bank balances, receivables and payables due today
//! and this week, overdue charges, products to replenish and staff on vacation, each tile
//! linking to its list. Everything is computed from the core's public queries.

use chrono::{Datelike, Days, NaiveDate};
use leptos::prelude::*;
use leptos_router::components::A;
use retaguarda_core::charges::ChargeStatus;
use retaguarda_core::ledger::{AccountKind, EntryKind};
use retaguarda_core::Business;
use rust_decimal::Decimal;

use super::AreaHeader;
use crate::fmt::brl;
use crate::state::{today, use_app};

/// The numbers on the tiles.
#[derive(Debug, Clone, PartialEq, Default)]
struct Glance {
    cash: Decimal,
    bank: Decimal,
    receivable_today: (usize, Decimal),
    receivable_week: (usize, Decimal),
    payable_today: (usize, Decimal),
    payable_week: (usize, Decimal),
    overdue_charges: (usize, Decimal),
    replenish: usize,
    on_vacation: Vec<String>,
}

/// The last day (Sunday) of the week that holds `day`.
fn end_of_week(day: NaiveDate) -> NaiveDate {
    let left = 6 - u64::from(day.weekday().num_days_from_monday());
    day.checked_add_days(Days::new(left)).unwrap_or(day)
}

fn glance(b: &Business, today: NaiveDate) -> Glance {
    let mut g = Glance::default();
    for acc in b.balances(today).unwrap_or_default() {
        if acc.archived {
            continue;
        }
        match acc.kind {
            AccountKind::Cash => g.cash += acc.balance,
            AccountKind::Bank | AccountKind::Other => g.bank += acc.balance,
        }
    }
    let week_end = end_of_week(today);
    let add = |slot: &mut (usize, Decimal), amount: Decimal| {
        slot.0 += 1;
        slot.1 += amount;
    };
    for (_, entry) in b.entries_shared().unwrap_or_default().iter() {
        let open = entry.open_amount();
        if open <= Decimal::ZERO || entry.due_date < today || entry.due_date > week_end {
            continue;
        }
        let (day_slot, week_slot) = match entry.kind {
            EntryKind::Receivable => (&mut g.receivable_today, &mut g.receivable_week),
            EntryKind::Payable => (&mut g.payable_today, &mut g.payable_week),
        };
        if entry.due_date == today {
            add(day_slot, open);
        }
        add(week_slot, open);
    }
    for charge in b.charges(today).unwrap_or_default() {
        if charge.status == ChargeStatus::Overdue {
            add(&mut g.overdue_charges, charge.charge.amount);
        }
    }
    g.replenish = b.replenishment().map(|r| r.len()).unwrap_or_default();
    for (id, member) in b.staff_members().unwrap_or_default() {
        if !member.active_on(today) {
            continue;
        }
        let away = b
            .vacations_of(&id)
            .unwrap_or_default()
            .iter()
            .any(|(_, v)| v.start <= today && today <= v.part().end());
        if away {
            g.on_vacation.push(member.name);
        }
    }
    g
}

fn count_text(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[component]
fn Tile(
    #[prop(into)] href: String,
    label: &'static str,
    testid: &'static str,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] detail: Signal<String>,
    #[prop(optional)] alert: Option<Signal<bool>>,
) -> impl IntoView {
    let class = move || {
        if alert.is_some_and(|a| a.get()) {
            "card tile tile-alert"
        } else {
            "card tile"
        }
    };
    view! {
        <A href=href attr:class=class attr:data-testid=testid>
            <span class="label">{label}</span>
            <span class="value" data-testid="tile-value">{move || value.get()}</span>
            <small class="muted">{move || detail.get()}</small>
        </A>
    }
}

/// Início: today's tiles.
#[component]
pub fn Inicio() -> impl IntoView {
    let app = use_app();
    let g = Memo::new(move |_| app.read(|b| glance(b, today())).unwrap_or_default());
    let money_of =
        move |f: fn(&Glance) -> (usize, Decimal)| Signal::derive(move || brl(f(&g.get()).1));
    let count_of =
        move |f: fn(&Glance) -> (usize, Decimal), one: &'static str, many: &'static str| {
            Signal::derive(move || count_text(f(&g.get()).0, one, many))
        };
    // Each tile opens its list: Caixa filtered to the same entries the tile adds up.
    let day = today();
    let week_end = end_of_week(day);
    let entries_href = |kind: &str, to: NaiveDate| {
        format!("/caixa?tipo={kind}&situacao=abertos&de={day}&ate={to}")
    };
    view! {
        <AreaHeader title="Início"/>
        <h2 class="visually-hidden">"Hoje"</h2>
        <div class="tiles" data-testid="tiles">
            <Tile
                href="/caixa?aba=contas"
                label="Saldo em caixa"
                testid="tile-cash"
                value=Signal::derive(move || brl(g.get().cash))
                detail=Signal::derive(|| "Dinheiro".to_string())
            />
            <Tile
                href="/caixa?aba=contas"
                label="Saldo em bancos"
                testid="tile-bank"
                value=Signal::derive(move || brl(g.get().bank))
                detail=Signal::derive(|| "Contas e Pix".to_string())
            />
            <Tile
                href=entries_href("receber", day)
                label="A receber hoje"
                testid="tile-receivable-today"
                value=money_of(|g| g.receivable_today)
                detail=count_of(|g| g.receivable_today, "lançamento", "lançamentos")
            />
            <Tile
                href=entries_href("receber", week_end)
                label="A receber na semana"
                testid="tile-receivable-week"
                value=money_of(|g| g.receivable_week)
                detail=count_of(|g| g.receivable_week, "lançamento", "lançamentos")
            />
            <Tile
                href=entries_href("pagar", day)
                label="A pagar hoje"
                testid="tile-payable-today"
                value=money_of(|g| g.payable_today)
                detail=count_of(|g| g.payable_today, "conta", "contas")
            />
            <Tile
                href=entries_href("pagar", week_end)
                label="A pagar na semana"
                testid="tile-payable-week"
                value=money_of(|g| g.payable_week)
                detail=count_of(|g| g.payable_week, "conta", "contas")
            />
            <Tile
                href="/cobrancas?aba=vencidas"
                label="Cobranças vencidas"
                testid="tile-overdue"
                value=money_of(|g| g.overdue_charges)
                detail=count_of(|g| g.overdue_charges, "cobrança", "cobranças")
                alert=Signal::derive(move || g.get().overdue_charges.0 > 0)
            />
            <Tile
                href="/estoque"
                label="Produtos para repor"
                testid="tile-replenish"
                value=Signal::derive(move || g.get().replenish.to_string())
                detail=Signal::derive(|| "Estoque abaixo do mínimo".to_string())
                alert=Signal::derive(move || g.get().replenish > 0)
            />
            <Tile
                href="/equipe"
                label="De férias hoje"
                testid="tile-vacation"
                value=Signal::derive(move || g.get().on_vacation.len().to_string())
                detail=Signal::derive(move || {
                    let names = g.get().on_vacation;
                    if names.is_empty() { "Ninguém".to_string() } else { names.join(", ") }
                })
            />
        </div>
    }
}
