//! Início: the day at a glance. Cash and bank balances, receivables and payables due today
//! and this week, overdue charges, products to replenish and staff on vacation, each tile
//! linking to its list. The numbers are core's [`Glance`], read through the summary the app
//! keeps beside the document.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;
use retaguarda_core::summary::{end_of_week, Glance, Tally};

use super::AreaHeader;
use crate::fmt::brl;
use crate::state::{today, use_app};

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
    let g = Memo::new(move |_| match app.glance(today()) {
        Some(Ok(g)) => g,
        // A read that fails shows zeros, as before the business loads; nothing is lost.
        _ => Glance::default(),
    });
    let money_of = move |f: fn(&Glance) -> Tally| Signal::derive(move || brl(f(&g.get()).1));
    let count_of = move |f: fn(&Glance) -> Tally, one: &'static str, many: &'static str| {
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
