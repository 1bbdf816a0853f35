//! The list of customers and suppliers with the search (core's) and the form to add one.
//! Core's `party_index` gives the ids a search keeps, in order, and `party_rows` is read
//! only for the rows on screen (a shop has 3,000 customers and suppliers).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use retaguarda_core::parties::Party;
use retaguarda_core::Id;

use super::form::PartyForm;
use crate::areas::AreaHeader;
use crate::state::use_app;
use crate::ui::list::{fingerprint, VirtualList};
use crate::ui::{Field, ReadErrorView, Topic};

/// Rows drawn before the list has measured the screen.
const ROWS_FIRST: usize = 30;

/// Clientes: list with search and the form to add one.
#[component]
pub fn PartyList() -> impl IntoView {
    let app = use_app();
    let query_map = use_query_map();
    let navigate = use_navigate();
    let search = RwSignal::new(String::new());
    let creating = RwSignal::new(query_map.get_untracked().get("novo").is_some());
    // The ids in the list's order, per keystroke or change; the records only for the rows
    // on screen.
    let index = Memo::new(move |_| {
        let q = search.get();
        app.query(&[Topic::Parties], |b| b.party_index(&q))
    });
    let window = RwSignal::new(0..ROWS_FIRST);
    let rows = Memo::new(move |_| {
        let w = window.get();
        index.with(|index| match index {
            Ok(index) => {
                let ids = index.window(w);
                app.query(&[Topic::Parties], |b| b.party_rows(ids))
            }
            Err(e) => Err(e.clone()),
        })
    });
    let total = Signal::derive(move || index.with(|i| i.as_ref().map_or(0, |i| i.len())));
    // A failed read is shown by the read-error view above the list, never as an empty list.
    let drawn = Signal::derive(move || {
        rows.with(|r| match r {
            Ok(rows) => rows.clone(),
            Err(_) => Vec::new(),
        })
    });
    let on_saved = Callback::new(move |id: Id| {
        creating.set(false);
        navigate(&format!("/clientes/{id}"), Default::default());
    });
    view! {
        <AreaHeader title="Clientes"/>
        <div class="stack">
            <Show
                when=move || creating.get()
                fallback=move || view! {
                    <button type="button" data-testid="new-party" on:click=move |_| creating.set(true)>
                        "+ Novo cliente ou fornecedor"
                    </button>
                }
            >
                <PartyForm id=None party=None on_saved=on_saved on_cancel=move |_| creating.set(false)/>
            </Show>
            <Field label="Buscar" value=search name="search" placeholder="Nome, CPF/CNPJ ou telefone" maxlength=100/>
            <p class="muted" aria-live="polite">
                // A failed read is said below, by the read-error view.
                {move || index.with(|i| match i {
                    Ok(index) => count_text(index.len()),
                    Err(_) => String::new(),
                })}
            </p>
            // Only the rows on screen are drawn, by key: a search or a change inserts,
            // patches or removes rows, and never redraws the list.
            {move || index.with(|i| i.as_ref().err().cloned())
                .or_else(|| rows.with(|r| r.as_ref().err().cloned()))
                .map(|error| view! { <ReadErrorView error=error/> })}
            <Show when=move || index.with(Result::is_ok)>
                <VirtualList total=total window=window items=drawn
                    key=|(id, p): &(Id, Party)| (id.clone(), fingerprint(p))
                    row=row
                    empty="Nenhum cadastro encontrado."
                    testid="party-list"
                    row_height=70.0
                />
            </Show>
        </div>
    }
}

/// "0 cadastros", "1 cadastro", "3 cadastros".
fn count_text(n: usize) -> String {
    match n {
        1 => "1 cadastro".to_string(),
        n => format!("{n} cadastros"),
    }
}

fn row((id, p): (Id, Party)) -> impl IntoView {
    let sub = [
        Some(p.role().to_string()),
        p.tax_id_formatted(),
        p.phone.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    view! {
        <li>
            <A href=format!("/clientes/{id}") attr:class="card row link-row">
                <span>
                    <strong>{p.name.clone()}</strong>
                    <br/>
                    <small class="muted">{sub}</small>
                </span>
                <span aria-hidden="true">"›"</span>
            </A>
        </li>
    }
}
