//! Início: the day at a glance. What is late leads (payables and receivables past their due
//! date, stock below zero to review), then cash and bank balances, receivables and payables
//! due today and this week, overdue charges, products to replenish and staff on vacation,
//! each tile linking to its list. The numbers are core's [`Glance`], read through the summary the app
//! keeps beside the document; while the document is still loading they are the stored
//! summary's, under a "Carregando os dados…" status, and what the summary cannot give (the
//! reminders, the bank balance before this device's role is known) waits for the load.
//! A new payable or receivable can be typed here at any time, also during the load.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;
use retaguarda_core::summary::{end_of_week, Glance, Tally};

use super::ledger::NewEntryButtons;
use super::AreaHeader;
use crate::fmt::{brl, date};
use crate::state::{today, use_app, AppError, Phase};
use crate::ui::{ReadError, ReadErrorView, Topic};

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
pub fn HomePage() -> impl IntoView {
    let app = use_app();
    let loading = Memo::new(move |_| app.phase.get() == Phase::Opening);
    // A failed read is said above the tiles (never shown as zeros that look true), and the
    // tiles are not shown; nor are they while no number is known yet.
    let read = Memo::new(move |_| match app.glance(today()) {
        Some(Ok(g)) => Ok(g),
        Some(Err(e)) => {
            let error = ReadError::Damaged {
                what: "Resumo do dia".to_string(),
                source: match e {
                    AppError::Core(c) => c,
                    other => retaguarda_core::CoreError::invalid("Resumo", other.to_string()),
                },
            };
            leptos::logging::error!("leitura falhou: {error}");
            Err(error)
        }
        // Still loading: the last session's numbers, from the summary stored beside it.
        None => app.stored_glance(today()).ok_or(ReadError::NotReady),
    });
    let g = Memo::new(move |_| read.get().unwrap_or_else(|_| Glance::default()));
    let readable = move || read.with(Result::is_ok);
    let money_of = move |f: fn(&Glance) -> Tally| Signal::derive(move || brl(f(&g.get()).1));
    let count_of = move |f: fn(&Glance) -> Tally, one: &'static str, many: &'static str| {
        Signal::derive(move || count_text(f(&g.get()).0, one, many))
    };
    // Each tile opens its list: Caixa filtered to the same entries the tile adds up.
    let day = today();
    let week_end = end_of_week(day);
    let entries_href = move |kind: &str, to: NaiveDate| {
        format!("/caixa?tipo={kind}&situacao=abertos&de={day}&ate={to}")
    };
    view! {
        <AreaHeader title="Início"/>
        <Show when=move || loading.get()>
            <p class="muted" role="status" data-testid="loading">"Carregando os dados…"</p>
        </Show>
        <QuickEntry/>
        {move || match read.get() {
            Err(ReadError::Damaged { what, source }) => Some(view! {
                <ReadErrorView error=ReadError::Damaged { what, source }/>
            }),
            _ => None,
        }}
        <Show when=readable>
        <h2 class="visually-hidden">"Atrasados"</h2>
        <div class="tiles" data-testid="late-tiles" style="margin-bottom: 0.75rem;"
            data-state=move || if loading.get() { "stored" } else { "live" }>
            <Tile
                href="/caixa?tipo=pagar&situacao=vencidos"
                label="A pagar atrasado"
                testid="tile-payable-late"
                value=money_of(|g| g.overdue_payable)
                detail=count_of(|g| g.overdue_payable, "conta vencida", "contas vencidas")
                alert=Signal::derive(move || g.get().overdue_payable.0 > 0)
            />
            <Tile
                href="/caixa?tipo=receber&situacao=vencidos"
                label="A receber atrasado"
                testid="tile-receivable-late"
                value=money_of(|g| g.overdue_receivable)
                detail=count_of(|g| g.overdue_receivable, "lançamento vencido", "lançamentos vencidos")
                alert=Signal::derive(move || g.get().overdue_receivable.0 > 0)
            />
            <Show when=move || { g.get().stock_review > 0 }>
                <Tile
                    href="/estoque"
                    label="Estoque negativo"
                    testid="tile-stock-review"
                    value=Signal::derive(move || g.get().stock_review.to_string())
                    detail=Signal::derive(|| "Revise e registre um ajuste".to_string())
                    alert=Signal::derive(|| true)
                />
            </Show>
        </div>
        <Reminders/>
        <h2 class="visually-hidden">"Hoje"</h2>
        <div class="tiles" data-testid="tiles"
            data-state=move || if loading.get() { "stored" } else { "live" }>
            <Tile
                href="/caixa?aba=contas"
                label="Saldo em caixa"
                testid="tile-cash"
                value=Signal::derive(move || brl(g.get().cash))
                detail=Signal::derive(|| "Dinheiro".to_string())
            />
            // Bank balances are not a cashier's (docs/SYNC.md 10.5): shown once the role is
            // known.
            <Show when=move || !loading.get() && super::members::sees_bank_balances(super::members::own_role(app))>
                <Tile
                    href="/caixa?aba=contas"
                    label="Saldo em bancos"
                    testid="tile-bank"
                    value=Signal::derive(move || brl(g.get().bank))
                    detail=Signal::derive(|| "Contas e Pix".to_string())
                />
            </Show>
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
        </Show>
    }
}

/// New payables and receivables from Início. The form works while the data still load: the
/// entry is then kept on this device ("Salvando…") and entered once they are loaded.
#[component]
fn QuickEntry() -> impl IntoView {
    let notice = RwSignal::new(None::<String>);
    view! {
        <NewEntryButtons testid_prefix="inicio-" notice=notice style="margin-bottom:0.75rem"/>
        <Show when=move || notice.get().is_some()>
            <p class="alert ok" role="status" data-testid="inicio-notice">{move || notice.get().unwrap_or_default()}</p>
        </Show>
    }
}

/// "Lembretes para enviar hoje": open charges whose reminder date has come (core's
/// `reminders_due`), each linking to the charge, where the message is sent.
#[component]
fn Reminders() -> impl IntoView {
    let app = use_app();
    let read = Memo::new(move |_| {
        let day = today();
        app.query(&[Topic::Charges, Topic::Parties], |b| {
            b.reminders_due(day)?
                .into_iter()
                .map(|c| {
                    let name = b
                        .party(&c.charge.party)?
                        .map(|p| p.name)
                        .unwrap_or_default();
                    Ok((c.id, name, c.charge.amount, c.charge.due_date))
                })
                .collect::<Result<Vec<_>, _>>()
        })
    });
    let due = Memo::new(move |_| read.get().into_iter().flatten().collect::<Vec<_>>());
    view! {
        {move || read.get().err().filter(|e| *e != ReadError::NotReady).map(|e| view! { <ReadErrorView error=e/> })}
        <Show when=move || !due.get().is_empty()>
            <section class="card" data-testid="lembretes-hoje" style="margin-bottom: 0.75rem;">
                <h2 style="margin-top: 0;">"Lembretes para enviar hoje"</h2>
                <ul class="list">
                    {move || due.get().into_iter().map(|(id, name, amount, due_date)| view! {
                        <li class="row" data-testid="lembrete">
                            <A href=format!("/cobrancas/{id}")>{name}</A>
                            <span>
                                <span class="money">{brl(amount)}</span>
                                <small class="muted">{format!(" · vence {}", date(due_date))}</small>
                            </span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}
