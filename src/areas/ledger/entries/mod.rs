//! Lançamentos: the filtered list of payables and receivables with totals (core's
//! `entry_index`, and `entry_rows` for the rows on screen: the list is virtualised), the new entry form with the boleto paste ([`new_entry`]), and per row
//! paying or receiving, editing, reversing a wrong payment (estorno) and cancelling
//! ([`row`], [`actions`]).

mod actions;
pub(crate) mod new_entry;
mod row;

use leptos::prelude::*;
use leptos_router::components::A;
use retaguarda_core::ledger::listing::{EntryFilter, EntryIndex, EntryRow, StatusFilter};
use retaguarda_core::ledger::{CategoryKind, EntryKind};

use super::{account_choices, category_choices, party_choices, CategorySelect};
use crate::fmt::{brl, parse_date};
use crate::state::{today, use_app};
use crate::ui::list::{fingerprint, windowed, VirtualList};
use crate::ui::{fixed, show, Field, FieldKind, ReadErrorView, SelectField, Topic};

/// The action panel open under a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Panel {
    Pay,
    Cancel,
    Edit,
    Void,
}

/// Which row has which panel open.
type Acting = RwSignal<Option<(String, Panel)>>;

fn status_filter(value: &str) -> StatusFilter {
    match value {
        "abertos" => StatusFilter::Open,
        "vencidos" => StatusFilter::Overdue,
        "parciais" => StatusFilter::Partial,
        "pagos" => StatusFilter::Paid,
        "cancelados" => StatusFilter::Cancelled,
        _ => StatusFilter::All,
    }
}

fn kind_filter(value: &str) -> Option<EntryKind> {
    match value {
        "pagar" => Some(EntryKind::Payable),
        "receber" => Some(EntryKind::Receivable),
        _ => None,
    }
}

fn some_text(value: String) -> Option<String> {
    (!value.is_empty()).then_some(value)
}

#[component]
pub fn EntriesTab(focus: Memo<Option<String>>) -> impl IntoView {
    let app = use_app();
    // A link (an Início tile) may open the list already filtered.
    let query = leptos_router::hooks::use_query_map().get_untracked();
    let initial = |key: &str, default: &str| query.get(key).unwrap_or_else(|| default.to_string());
    let from = RwSignal::new(initial("de", ""));
    let to = RwSignal::new(initial("ate", ""));
    let status = RwSignal::new(initial("situacao", "todos"));
    let kind = RwSignal::new(initial("tipo", "todos"));
    let category = RwSignal::new(String::new());
    let account = RwSignal::new(String::new());
    let party = RwSignal::new(String::new());
    let acting: Acting = RwSignal::new(None);
    let notice = RwSignal::new(None::<String>);

    let accounts = account_choices(app, false);
    let parties = party_choices(app);
    let category_groups =
        category_choices(app, || vec![CategoryKind::Expense, CategoryKind::Income]);

    let filter = Memo::new(move |_| EntryFilter {
        status: status_filter(&status.get()),
        kind: kind_filter(&kind.get()),
        from: parse_date(&from.get()).ok(),
        to: parse_date(&to.get()).ok(),
        category: some_text(category.get()),
        account: some_text(account.get()),
        party: some_text(party.get()),
        only: focus.get(),
    });
    // The kept ids in order and the totals, which core patches with what each change touched
    // (no pass over the entries). The rows are then read only for the window on screen (a
    // shop has 100,000 entries).
    let index = Memo::new(move |_| {
        let day = today();
        filter.with(|f| {
            app.query(&[Topic::Entries, Topic::Categories], |b| {
                b.entry_index(f, day)
            })
        })
    });
    let list = windowed(
        index,
        |i: &EntryIndex| i.ids.len(),
        move |index, w| {
            let ids = index.ids.window(w);
            app.query(&[Topic::Entries, Topic::Parties, Topic::Categories], |b| {
                b.entry_rows(&ids, today())
            })
        },
    );

    view! {
        <new_entry::NewEntryButtons testid_prefix="" notice=notice/>
        <Show when=move || notice.get().is_some()>
            <p class="alert ok" role="status" data-testid="caixa-notice">{move || notice.get().unwrap_or_default()}</p>
        </Show>
        {move || focus.get().map(|_| view! {
            <p class="alert warn">"Mostrando um lançamento. "<A href="/caixa">"Ver todos"</A></p>
        })}
        <details class="card filters">
            <summary>"Filtros"</summary>
            <div class="filter-grid">
                <Field label="Vencimento de" value=from kind=FieldKind::Date testid="filtro-de"/>
                <Field label="até" value=to kind=FieldKind::Date testid="filtro-ate"/>
                <SelectField label="Situação" value=status testid="filtro-situacao" options=fixed(&[
                    ("todos", "Todas"), ("abertos", "Em aberto"), ("vencidos", "Vencidas"),
                    ("parciais", "Pagas em parte"), ("pagos", "Pagas"), ("cancelados", "Canceladas"),
                ])/>
                <SelectField label="Tipo" value=kind testid="filtro-tipo" options=fixed(&[
                    ("todos", "A pagar e a receber"), ("pagar", "A pagar"), ("receber", "A receber"),
                ])/>
                <CategorySelect label="Categoria" value=category groups=category_groups empty="Todas" testid="filtro-categoria"/>
                <SelectField label="Conta" value=account options=accounts empty="Todas" testid="filtro-conta"/>
                <SelectField label="Cliente ou fornecedor" value=party options=parties empty="Todos" testid="filtro-pessoa"/>
            </div>
            <button type="button" class="secondary" style="margin-top:0.5rem" on:click=move |_| {
                from.set(String::new()); to.set(String::new()); status.set("todos".into());
                kind.set("todos".into()); category.set(String::new()); account.set(String::new());
                party.set(String::new());
            }>"Limpar filtros"</button>
        </details>
        {move || show(index.get(), |l| {
            let total = l.ids.len();
            view! {
                <div class="tiles" style="margin-top:0.75rem" data-testid="caixa-totais">
                    <div class="card tile"><div class="label">"A receber em aberto"</div>
                        <div class="value money" data-testid="total-a-receber">{brl(l.open_in)}</div></div>
                    <div class="card tile"><div class="label">"A pagar em aberto"</div>
                        <div class="value money" data-testid="total-a-pagar">{brl(l.open_out)}</div></div>
                    <div class="card tile"><div class="label">"Recebido"</div>
                        <div class="value money" data-testid="total-recebido">{brl(l.paid_in)}</div></div>
                    <div class="card tile"><div class="label">"Pago"</div>
                        <div class="value money" data-testid="total-pago">{brl(l.paid_out)}</div></div>
                </div>
                <h2>{if total == 1 { "1 lançamento".to_string() } else { format!("{total} lançamentos") }}</h2>
            }
        })}
        // The index's own failure is said by the totals above.
        {move || list.error.get().filter(|_| index.with(Result::is_ok)).map(|error| view! { <ReadErrorView error=error/> })}
        // Only the rows on screen are drawn; a change inserts, patches or removes rows by
        // key and never redraws the list.
        <Show when=move || index.with(Result::is_ok)>
            <VirtualList total=list.total window=list.window items=list.drawn
                key=|r: &EntryRow| (r.id.clone(), fingerprint(r))
                row=move |r| view! { <row::EntryRowView row=r acting=acting notice=notice/> }
                empty="Nenhum lançamento com estes filtros." testid="lancamentos" row_height=130.0/>
        </Show>
    }
}
