//! Recorrentes: payables and receivables that repeat (rent, internet, the accountant, the
//! DAS) over core's recurrences: create, list with the next due date, edit and end one.
//!
//! Entries are created by core's materialisation up to the end of next month, when Caixa
//! opens and after each change here; a month already created is never created twice.

use chrono::{Datelike, Months, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::ledger::recurring::{due_date_in, NewRecurrence, Recurrence};
use retaguarda_core::ledger::EntryKind;

use super::{category_options, category_select_options, iso, optional, typed_amount};
use crate::fmt::{brl, date, parse_brl, parse_date};
use crate::state::{today, use_app, AppCtx};

/// The last day of the month after `day`'s: how far ahead entries are created.
fn end_of_next_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1)
        .and_then(|d| d.checked_add_months(Months::new(2)))
        .and_then(|d| d.pred_opt())
        .unwrap_or(day)
}

/// Creates the recurring entries due up to the end of next month. A failure is left for
/// the next time: nothing a person typed is lost.
pub(crate) fn materialise(app: AppCtx) {
    let up_to = end_of_next_month(today());
    spawn_local(async move {
        let _ = app
            .run(move |b, ctx| b.materialise_recurrences(ctx, up_to))
            .await;
    });
}

/// The next due date on or after `day`, if the recurrence has one.
fn next_due(rec: &Recurrence, day: NaiveDate) -> Option<NaiveDate> {
    let horizon = day.checked_add_months(Months::new(13)).unwrap_or(day);
    rec.periods_until(horizon)
        .into_iter()
        .map(|p| due_date_in(p, rec.day_of_month))
        .find(|d| *d >= day)
}

fn month_year(d: NaiveDate) -> String {
    format!("{:02}/{}", d.month(), d.year())
}

fn every_label(months: u32) -> String {
    match months {
        1 => "todo mês".to_string(),
        2 => "a cada 2 meses".to_string(),
        3 => "a cada 3 meses".to_string(),
        6 => "a cada 6 meses".to_string(),
        12 => "todo ano".to_string(),
        n => format!("a cada {n} meses"),
    }
}

#[component]
pub fn Recorrentes() -> impl IntoView {
    let app = use_app();
    let list = Memo::new(move |_| {
        let mut list = app
            .read(|b| b.recurrences().unwrap_or_default())
            .unwrap_or_default();
        list.sort_by_key(|(_, r)| r.description.to_lowercase());
        list
    });
    let editing = RwSignal::new(None::<String>);
    let kind = RwSignal::new("pagar".to_string());
    let description = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let day = RwSignal::new("10".to_string());
    let every = RwSignal::new("1".to_string());
    let first = RwSignal::new(iso(today()));
    let category = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let entry_kind = move || {
        if kind.get() == "receber" {
            EntryKind::Receivable
        } else {
            EntryKind::Payable
        }
    };
    let categories = Memo::new(move |_| {
        let k = entry_kind().category_kind();
        app.read(|b| category_options(b, k)).unwrap_or_default()
    });
    let clear = move || {
        editing.set(None);
        description.set(String::new());
        amount.set(String::new());
        category.set(String::new());
        error.set(None);
    };
    let edit = move |id: String, r: Recurrence| {
        kind.set(
            if r.kind == EntryKind::Receivable {
                "receber"
            } else {
                "pagar"
            }
            .into(),
        );
        description.set(r.description);
        amount.set(typed_amount(r.amount));
        day.set(r.day_of_month.to_string());
        every.set(r.every_months.to_string());
        first.set(iso(r.first_month));
        category.set(r.category.unwrap_or_default());
        editing.set(Some(id));
        error.set(None);
        notice.set(None);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = match parse_brl(&amount.get_untracked()) {
            Ok(v) => v,
            Err(e) => return error.set(Some(format!("Valor: {e}"))),
        };
        let first_month = match parse_date(&first.get_untracked()) {
            Ok(d) => d,
            Err(e) => return error.set(Some(format!("Primeiro vencimento: {e}"))),
        };
        let Ok(day_of_month) = day.get_untracked().trim().parse::<u32>() else {
            return error.set(Some(
                "Dia do vencimento: escolha um dia entre 1 e 31.".into(),
            ));
        };
        let every_months = every.get_untracked().parse::<u32>().unwrap_or(1);
        // An end already set stays when the rest is edited.
        let id = editing.get_untracked();
        let last_month = id.as_ref().and_then(|id| {
            list.get_untracked()
                .into_iter()
                .find(|(rid, _)| rid == id)
                .and_then(|(_, r)| r.last_month)
        });
        let input = NewRecurrence {
            kind: entry_kind(),
            description: description.get_untracked(),
            amount: value,
            category: optional(category.get_untracked()),
            party: None,
            account: None,
            day_of_month,
            every_months,
            first_month,
            last_month,
        };
        busy.set(true);
        spawn_local(async move {
            let result = match id.clone() {
                Some(id) => {
                    app.run(move |b, ctx| b.update_recurrence(ctx, &id, input))
                        .await
                }
                None => {
                    app.run(move |b, ctx| b.create_recurrence(ctx, input).map(|_| ()))
                        .await
                }
            };
            busy.set(false);
            match result {
                Ok(()) => {
                    notice.set(Some(if id.is_some() {
                        "Recorrência alterada. Os lançamentos já criados ficam como estão.".into()
                    } else {
                        "Recorrência criada. Os lançamentos aparecem em Lançamentos até o fim do mês que vem.".into()
                    }));
                    clear();
                    materialise(app);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let end = move |id: String, r: Recurrence| {
        let last = today().max(r.first_month);
        spawn_local(async move {
            match app.run(move |b, ctx| b.end_recurrence(ctx, &id, last)).await {
                Ok(()) => notice.set(Some(format!(
                    "\"{}\" encerrada: o último lançamento é o de {}; os meses seguintes ainda em aberto foram cancelados.",
                    r.description,
                    month_year(last)
                ))),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <Show when=move || notice.get().is_some()>
            <p class="alert ok" role="status" data-testid="caixa-notice">{move || notice.get().unwrap_or_default()}</p>
        </Show>
        <form class="card" on:submit=submit data-testid="recorrente-form">
            <h2 style="margin:0">{move || if editing.get().is_some() { "Alterar recorrência" } else { "Nova recorrência" }}</h2>
            <p class="empty" style="margin:0">"Aluguel, internet, contador, DAS: lançados sozinhos todo mês."</p>
            <label>"Tipo"
                <select data-testid="recorrente-tipo" on:change=move |ev| { kind.set(event_target_value(&ev)); category.set(String::new()); }>
                    <option value="pagar" selected=move || kind.get() == "pagar">"A pagar"</option>
                    <option value="receber" selected=move || kind.get() == "receber">"A receber"</option>
                </select>
            </label>
            <label>"Descrição"
                <input bind:value=description maxlength=retaguarda_core::money::MAX_TEXT placeholder="Ex.: Aluguel da loja" data-testid="recorrente-descricao"/>
            </label>
            <label>"Valor de cada lançamento (R$)"
                <input inputmode="decimal" bind:value=amount data-testid="recorrente-valor"/>
            </label>
            <label>"Dia do vencimento"
                <input inputmode="numeric" bind:value=day data-testid="recorrente-dia"/>
            </label>
            <label>"Repetir"
                <select data-testid="recorrente-repetir" on:change=move |ev| every.set(event_target_value(&ev))>
                    {[(1, "Todo mês"), (2, "A cada 2 meses"), (3, "A cada 3 meses"), (6, "A cada 6 meses"), (12, "Todo ano")]
                        .into_iter()
                        .map(|(n, label)| view! { <option value=n.to_string() selected=move || every.get() == n.to_string()>{label}</option> })
                        .collect_view()}
                </select>
            </label>
            <label>"A partir do mês de"
                <input type="date" bind:value=first data-testid="recorrente-inicio"/>
            </label>
            <label>"Categoria (opcional)"
                <select data-testid="recorrente-categoria" on:change=move |ev| category.set(event_target_value(&ev))>
                    <option value="" selected=move || category.get().is_empty()>"Sem categoria"</option>
                    {move || category_select_options(categories.get(), category)}
                </select>
            </label>
            <Show when=move || error.get().is_some()>
                <p class="alert error" role="alert" data-testid="form-erro">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <div class="row" style="justify-content:flex-start; flex-wrap:wrap">
                <button type="submit" disabled=move || busy.get() data-testid="recorrente-salvar">
                    {move || if editing.get().is_some() { "Salvar alteração" } else { "Criar recorrência" }}
                </button>
                <Show when=move || editing.get().is_some()>
                    <button type="button" class="secondary" on:click=move |_| clear()>"Cancelar"</button>
                </Show>
            </div>
        </form>
        <h2>"Recorrências"</h2>
        {move || {
            let items = list.get();
            if items.is_empty() {
                return view! { <p class="empty">"Nenhuma recorrência ainda."</p> }.into_any();
            }
            let day = today();
            view! {
                <ul class="list" data-testid="recorrentes">
                    {items.into_iter().map(|(id, r)| {
                        let next = next_due(&r, day);
                        let ended = r.last_month.is_some();
                        let status = match (r.last_month, next) {
                            (Some(l), Some(n)) => format!("Encerrada: o último mês é {} (vence em {})", month_year(l), date(n)),
                            (Some(l), None) => format!("Encerrada: o último mês foi {}", month_year(l)),
                            (None, Some(n)) => format!("Próximo vencimento: {}", date(n)),
                            (None, None) => "Sem vencimentos futuros".to_string(),
                        };
                        let kind_label = if r.kind == EntryKind::Receivable { "A receber" } else { "A pagar" };
                        let (eid, er) = (id.clone(), r.clone());
                        let (nid, nr) = (id.clone(), r.clone());
                        view! {
                            <li class="card" data-testid="recorrente">
                                <div class="row">
                                    <strong>{r.description.clone()}</strong>
                                    <span class="money" style="font-weight:700">{brl(r.amount)}</span>
                                </div>
                                <div class="empty" style="font-size:0.85rem">
                                    {format!("{kind_label} · dia {} · {}", r.day_of_month, every_label(r.every_months))}
                                </div>
                                <div data-testid="recorrente-situacao">{status}</div>
                                <div class="row" style="justify-content:flex-start; flex-wrap:wrap; margin-top:0.5rem">
                                    <button type="button" class="secondary" data-testid="recorrente-alterar"
                                        on:click=move |_| edit(eid.clone(), er.clone())>"Alterar"</button>
                                    {(!ended).then(|| view! {
                                        <button type="button" class="secondary" data-testid="recorrente-encerrar"
                                            on:click=move |_| end(nid.clone(), nr.clone())>"Encerrar"</button>
                                    })}
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
