//! A customer's or supplier's page: its data (titled by what it is), the fields two devices
//! edited at the same time, its charges and its ledger entries.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use retaguarda_core::charges::ChargeView;
use retaguarda_core::ledger::{Entry, EntryKind, EntryStatus};
use retaguarda_core::parties::{Party, PartyPage};
use retaguarda_core::Id;

use super::form::PartyForm;
use crate::areas::charges::status_class;
use crate::areas::AreaHeader;
use crate::fmt::{brl, date};
use crate::state::{today, use_app};
use crate::ui::{show, Topic};

fn field_label(field: &str) -> &str {
    match field {
        "name" => "Nome",
        "tax_id" => "CPF/CNPJ",
        "phone" => "Telefone",
        "email" => "E-mail",
        "address" => "Endereço",
        "notes" => "Observações",
        "is_customer" => "Cliente",
        "is_supplier" => "Fornecedor",
        "archived" => "Arquivado",
        other => other,
    }
}

fn entry_status_label(entry: &Entry, today: NaiveDate) -> (&'static str, &'static str) {
    match entry.status() {
        EntryStatus::Paid => ("Pago", "badge paid"),
        EntryStatus::Cancelled => ("Cancelado", "badge"),
        _ if entry.is_overdue(today) => ("Vencido", "badge overdue"),
        EntryStatus::Partial => ("Parcial", "badge"),
        EntryStatus::Open => ("Em aberto", "badge"),
    }
}

/// A customer's or supplier's page, by the id in the address.
#[component]
pub fn PartyDetail() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let page = Memo::new(move |_| {
        let id = id.get();
        app.query(&[Topic::Parties, Topic::Charges, Topic::Entries], |b| {
            b.party_page(&id, today())
        })
    });
    // A supplier's page says so.
    let title = Memo::new(move |_| {
        page.with(|p| match p {
            Ok(Some(p)) => p.party.role(),
            _ => "Cliente",
        })
    });
    view! {
        {move || view! { <AreaHeader title=title.get()/> }}
        <p><A href="/clientes">"‹ Clientes"</A></p>
        {move || show(page.get(), |found| match found {
            Some(p) => view! { <Sections id=id.get_untracked() page=p/> }.into_any(),
            None => view! { <p class="empty">"Cadastro não encontrado."</p> }.into_any(),
        })}
    }
}

#[component]
fn Sections(id: Id, page: PartyPage) -> impl IntoView {
    let editing = RwSignal::new(false);
    let party = page.party.clone();
    let pid = id.clone();
    let conflicts = (!page.conflicts.is_empty()).then(|| {
        let items = page
            .conflicts
            .iter()
            .map(|c| {
                let label = field_label(&c.field).to_string();
                view! { <li>{label} ": " {c.values.join(" ou ")}</li> }
            })
            .collect_view();
        view! {
            <div class="alert warn" role="alert" data-testid="party-conflicts">
                <strong>"Dois aparelhos alteraram este cadastro ao mesmo tempo."</strong>
                <ul>{items}</ul>
                <p>"Confira os dados e toque em Editar e Salvar para ficar com os valores certos."</p>
            </div>
        }
    });
    view! {
        <Show
            when=move || editing.get()
            fallback=move || view! { <PartyCard party=party.clone() editing=editing/> }
        >
            <PartyForm
                id=Some(pid.clone())
                party=Some(page.party.clone())
                on_saved=move |_| editing.set(false)
                on_cancel=move |_| editing.set(false)
            />
        </Show>
        {conflicts}
        <h2>"Cobranças"</h2>
        <p>
            <A href=format!("/cobrancas?nova=1&cliente={id}") attr:class="button secondary">
                "+ Nova cobrança"
            </A>
        </p>
        <ul class="list" data-testid="party-charges">{charge_items(page.charges)}</ul>
        <h2>"Lançamentos no caixa"</h2>
        <ul class="list" data-testid="party-entries">{entry_items(page.entries)}</ul>
    }
}

fn charge_items(charges: Vec<ChargeView>) -> AnyView {
    if charges.is_empty() {
        return view! { <li class="empty">"Nenhuma cobrança."</li> }.into_any();
    }
    charges
        .into_iter()
        .map(|c| {
            view! {
                <li>
                    <A href=format!("/cobrancas/{}", c.id) attr:class="card row link-row">
                        <span>
                            {c.charge.description.clone()}
                            <br/>
                            <small class="muted">"Vence " {date(c.charge.due_date)}</small>
                        </span>
                        <span class="right">
                            <span class="money">{brl(c.charge.amount)}</span>
                            <br/>
                            <span class=status_class(c.status)>{c.status.label()}</span>
                        </span>
                    </A>
                </li>
            }
        })
        .collect_view()
        .into_any()
}

fn entry_items(entries: Vec<(Id, Entry)>) -> AnyView {
    if entries.is_empty() {
        return view! { <li class="empty">"Nenhum lançamento."</li> }.into_any();
    }
    let today = today();
    entries
        .into_iter()
        .map(|(_, e)| {
            let (label, class) = entry_status_label(&e, today);
            let kind = match e.kind {
                EntryKind::Receivable => "A receber",
                EntryKind::Payable => "A pagar",
            };
            view! {
                <li class="card row">
                    <span>
                        {e.description.clone()}
                        <br/>
                        <small class="muted">{kind} " · vence " {date(e.due_date)}</small>
                    </span>
                    <span class="right">
                        <span class="money">{brl(e.amount)}</span>
                        <br/>
                        <span class=class>{label}</span>
                    </span>
                </li>
            }
        })
        .collect_view()
        .into_any()
}

#[component]
fn PartyCard(party: Party, editing: RwSignal<bool>) -> impl IntoView {
    let line = |label: &'static str, value: Option<String>| {
        value.map(|v| view! { <div><dt>{label}</dt><dd>{v}</dd></div> })
    };
    view! {
        <section class="card" data-testid="party-card">
            <div class="row">
                <h2 class="no-margin" data-testid="party-name">{party.name.clone()}</h2>
                <button type="button" class="secondary" on:click=move |_| editing.set(true)>"Editar"</button>
            </div>
            <p class="muted">{party.role()}</p>
            <dl class="facts">
                {line("CPF/CNPJ", party.tax_id_formatted())}
                {line("Telefone", party.phone.clone())}
                {line("E-mail", party.email.clone())}
                {line("Endereço", party.address.clone())}
                {line("Observações", party.notes.clone())}
            </dl>
        </section>
    }
}
