//! The charge list: tabs by status with each one's count and total, the search by
//! customer, and the "Nova cobrança" form opened above it. Core's `charge_index` gives the
//! tabs and the ids of each status; `charge_rows` is read only for the rows on screen (a
//! shop has 30,000 charges).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use retaguarda_core::charges::{ChargeIndex, ChargeRow, ChargeStatus};
use retaguarda_core::Id;

use super::form::NewChargeForm;
use super::{boleto, days_text, status_class};
use crate::areas::AreaHeader;
use crate::fmt::{brl, date};
use crate::state::{today, use_app};
use crate::ui::list::{fingerprint, VirtualList};
use crate::ui::{show, Field, ReadErrorView, Topic};

/// Rows drawn before the list has measured the screen.
const ROWS_FIRST: usize = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Pending,
    Overdue,
    Paid,
    Cancelled,
    Conflict,
}

impl Tab {
    const ALL: [Tab; 5] = [
        Tab::Pending,
        Tab::Overdue,
        Tab::Paid,
        Tab::Cancelled,
        Tab::Conflict,
    ];

    fn label(self) -> &'static str {
        match self {
            Tab::Pending => "Pendentes",
            Tab::Overdue => "Vencidas",
            Tab::Paid => "Pagas",
            Tab::Cancelled => "Canceladas",
            Tab::Conflict => "Em conflito",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Tab::Pending => "pendentes",
            Tab::Overdue => "vencidas",
            Tab::Paid => "pagas",
            Tab::Cancelled => "canceladas",
            Tab::Conflict => "conflitos",
        }
    }

    fn from_slug(slug: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.slug() == slug)
    }

    fn status(self) -> ChargeStatus {
        match self {
            Tab::Pending => ChargeStatus::Pending,
            Tab::Overdue => ChargeStatus::Overdue,
            Tab::Paid => ChargeStatus::Paid,
            Tab::Cancelled => ChargeStatus::Cancelled,
            Tab::Conflict => ChargeStatus::Conflict,
        }
    }
}

/// Cobranças: tabs by status, search by customer, and the new charge form.
#[component]
pub fn ChargeList() -> impl IntoView {
    let app = use_app();
    let query = use_query_map().get_untracked();
    let tab = RwSignal::new(
        query
            .get("aba")
            .and_then(|s| Tab::from_slug(&s))
            .unwrap_or(Tab::Pending),
    );
    let creating = RwSignal::new(query.get("nova").is_some());
    let preset_party = query.get("cliente");
    let search = RwSignal::new(String::new());
    let navigate = use_navigate();
    // Per status the ids in order and the totals: one pass over the charges per change or
    // search. The rows are then read only for the window on screen.
    let index = Memo::new(move |_| {
        let q = search.get();
        app.query(&[Topic::Charges, Topic::Parties, Topic::Business], |b| {
            b.charge_index(today(), &q)
        })
    });
    let window = RwSignal::new(0..ROWS_FIRST);
    let rows = Memo::new(move |_| {
        let w = window.get();
        let status = tab.get().status();
        index.with(|index| match index {
            Ok(index) => {
                let ids = index.ids(status);
                let end = w.end.min(ids.len());
                let ids = &ids[w.start.min(end)..end];
                app.query(&[Topic::Charges, Topic::Parties, Topic::Business], |b| {
                    b.charge_rows(ids, today())
                })
            }
            Err(e) => Err(e.clone()),
        })
    });
    let total = Signal::derive(move || {
        let status = tab.get().status();
        index.with(|i| i.as_ref().map_or(0, |i| i.ids(status).len()))
    });
    // A failed read is shown by the read-error view above the list, never as an empty list.
    let drawn = Signal::derive(move || {
        rows.with(|r| match r {
            Ok(rows) => rows.clone(),
            Err(_) => Vec::new(),
        })
    });
    let on_created = Callback::new(move |id: Id| {
        creating.set(false);
        navigate(&format!("/cobrancas/{id}"), Default::default());
    });
    view! {
        <AreaHeader title="Cobranças"/>
        <div class="stack">
            <Show
                when=move || creating.get()
                fallback=move || view! {
                    <button type="button" data-testid="new-charge" on:click=move |_| creating.set(true)>
                        "+ Nova cobrança"
                    </button>
                }
            >
                <NewChargeForm
                    preset_party=preset_party.clone()
                    on_created=on_created
                    on_cancel=move |_| creating.set(false)
                />
            </Show>
            <boleto::CarteirasPanel/>
            <Field label="Buscar por cliente" value=search name="search" placeholder="Nome do cliente" maxlength=100/>
            // The tabs are drawn again for each search or change; the list below them draws
            // only the rows on screen, by key, and is never redrawn whole.
            {move || show(index.get(), |index| view! { <Tabs index=index tab=tab/> })}
            {move || rows.with(|r| r.as_ref().err().cloned()).map(|error| view! { <ReadErrorView error=error/> })}
            <Show when=move || index.with(Result::is_ok)>
                <div
                    id="charges-panel"
                    role="tabpanel"
                    aria-labelledby=move || format!("tab-{}", tab.get().slug())
                >
                    <VirtualList total=total window=window items=drawn
                        key=|r: &ChargeRow| (r.view.id.clone(), fingerprint(r))
                        row=row
                        empty="Nenhuma cobrança aqui."
                        testid="charge-list"
                        row_height=70.0
                    />
                </div>
            </Show>
        </div>
    }
}

/// The tabs, each with its count and total.
#[component]
fn Tabs(index: ChargeIndex, tab: RwSignal<Tab>) -> impl IntoView {
    let tabs = Tab::ALL
        .into_iter()
        // The conflict tab shows only when there is something to resolve.
        .filter(|t| *t != Tab::Conflict || index.total(t.status()).count > 0)
        .map(|t| {
            let total = index.total(t.status());
            view! {
                <button
                    type="button"
                    role="tab"
                    id=format!("tab-{}", t.slug())
                    aria-controls="charges-panel"
                    data-testid=format!("tab-{}", t.slug())
                    aria-selected=move || (tab.get() == t).to_string()
                    on:click=move |_| tab.set(t)
                >
                    <span class="tab-label">{t.label()}</span>
                    <span class="tab-figures">
                        <span class="count" data-testid="tab-count">{total.count}</span>
                        " "
                        <small class="money tab-total" data-testid="tab-total">{brl(total.total)}</small>
                    </span>
                </button>
            }
        })
        .collect_view();
    view! { <div class="tabs" role="tablist" aria-label="Situação das cobranças">{tabs}</div> }
}

/// One charge of the list, opening its page.
fn row(r: ChargeRow) -> impl IntoView {
    let ChargeRow {
        view: c,
        party_name,
    } = r;
    let extra = match c.status {
        ChargeStatus::Overdue => days_text(c.days_overdue(today())),
        _ => format!("Vence {}", date(c.charge.due_date)),
    };
    view! {
        <li>
            <A href=format!("/cobrancas/{}", c.id) attr:class="card row link-row" attr:data-testid="charge-row">
                <span>
                    <strong>{party_name}</strong>
                    <br/>
                    <small class="muted">{c.charge.description.clone()} " · " {extra}</small>
                </span>
                <span class="right">
                    <span class="money">{brl(c.charge.amount)}</span>
                    <br/>
                    <span class=status_class(c.status)>{c.status.label()}</span>
                </span>
            </A>
        </li>
    }
}
