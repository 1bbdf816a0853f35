//! Clientes e fornecedores: the list with search, the create/edit form (CPF/CNPJ, phone and
//! e-mail validated by the core), and the detail page with the party's charges, its ledger
//! entries and the fields two devices edited at the same time.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use retaguarda_core::charges::ChargeView;
use retaguarda_core::formats::doc::TaxId;
use retaguarda_core::ledger::{Entry, EntryKind, EntryStatus};
use retaguarda_core::parties::{Party, PartyInput};
use retaguarda_core::Id;

use super::AreaHeader;
use crate::fmt::{brl, date};
use crate::state::{today, use_app};

/// Rows shown per "Mostrar mais".
const PAGE: usize = 50;

/// Lower-case text without accents, so "joao" finds "João".
pub(crate) fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// Whether a party matches what was typed in the search box (name, CPF/CNPJ, phone, e-mail).
fn party_matches(party: &Party, query: &str) -> bool {
    let q = fold(query.trim());
    if q.is_empty() {
        return true;
    }
    if fold(&party.name).contains(&q) {
        return true;
    }
    if party
        .email
        .as_deref()
        .is_some_and(|e| e.to_lowercase().contains(&q))
    {
        return true;
    }
    let qd = digits(&q);
    !qd.is_empty()
        && qd.len() == q.chars().filter(|c| !" .-/()+".contains(*c)).count()
        && (party.tax_id.as_deref().is_some_and(|t| t.contains(&qd))
            || party
                .phone
                .as_deref()
                .is_some_and(|p| digits(p).contains(&qd)))
}

/// "Cliente", "Fornecedor" or "Cliente e fornecedor".
pub(crate) fn party_role(party: &Party) -> &'static str {
    match (party.is_customer, party.is_supplier) {
        (true, true) => "Cliente e fornecedor",
        (false, true) => "Fornecedor",
        _ => "Cliente",
    }
}

/// The form's values, kept in signals so a validation error never loses what was typed.
#[derive(Clone, Copy)]
struct PartyFields {
    name: RwSignal<String>,
    tax_id: RwSignal<String>,
    phone: RwSignal<String>,
    email: RwSignal<String>,
    address: RwSignal<String>,
    notes: RwSignal<String>,
    is_customer: RwSignal<bool>,
    is_supplier: RwSignal<bool>,
}

impl PartyFields {
    fn new(party: Option<&Party>) -> PartyFields {
        let text =
            |f: fn(&Party) -> Option<String>| RwSignal::new(party.and_then(f).unwrap_or_default());
        PartyFields {
            name: RwSignal::new(party.map(|p| p.name.clone()).unwrap_or_default()),
            tax_id: text(|p| p.tax_id_formatted().or_else(|| p.tax_id.clone())),
            phone: text(|p| p.phone.clone()),
            email: text(|p| p.email.clone()),
            address: text(|p| p.address.clone()),
            notes: text(|p| p.notes.clone()),
            is_customer: RwSignal::new(party.is_none_or(|p| p.is_customer)),
            is_supplier: RwSignal::new(party.is_some_and(|p| p.is_supplier)),
        }
    }

    fn input(&self) -> PartyInput {
        let opt = |s: RwSignal<String>| {
            let v = s.get_untracked();
            (!v.trim().is_empty()).then_some(v)
        };
        PartyInput {
            name: self.name.get_untracked(),
            is_customer: self.is_customer.get_untracked(),
            is_supplier: self.is_supplier.get_untracked(),
            tax_id: opt(self.tax_id),
            phone: opt(self.phone),
            email: opt(self.email),
            address: opt(self.address),
            notes: opt(self.notes),
        }
    }
}

/// A labelled text input bound to a signal.
#[component]
fn TextField(
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] name: &'static str,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    view! {
        <label>
            {label}
            <input
                maxlength=retaguarda_core::money::MAX_TEXT
                name=name
                type=input_type.unwrap_or("text")
                inputmode=inputmode
                autocomplete=autocomplete
                required=required
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </label>
    }
}

/// The create/edit form of a customer or supplier. `id` is `None` to create.
#[component]
fn PartyForm(
    id: Option<Id>,
    party: Option<Party>,
    #[prop(into)] on_saved: Callback<Id>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let fields = PartyFields::new(party.as_ref());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // CPF/CNPJ is checked as soon as the person leaves the field, with the core's rules.
    let tax_error = Memo::new(move |_| {
        let t = fields.tax_id.get();
        if t.trim().is_empty() {
            return None;
        }
        TaxId::parse(&t).err().map(|e| format!("CPF/CNPJ: {e}."))
    });
    let tax_touched = RwSignal::new(false);
    let editing = id.is_some();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = fields.input();
        let id = id.clone();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = match id.clone() {
                Some(id) => app
                    .run(move |b, ctx| b.update_party(ctx, &id, input))
                    .await
                    .map(|()| None),
                None => app
                    .run(move |b, ctx| b.create_party(ctx, input))
                    .await
                    .map(Some),
            };
            busy.set(false);
            match (result, id) {
                (Ok(Some(new_id)), _) => on_saved.run(new_id),
                (Ok(None), Some(id)) => on_saved.run(id),
                (Ok(None), None) => {}
                (Err(e), _) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <form class="card" on:submit=submit data-testid="party-form" novalidate>
            <h2>{if editing { "Editar cadastro" } else { "Novo cliente ou fornecedor" }}</h2>
            <TextField label="Nome" value=fields.name name="name" autocomplete="name" required=true/>
            <label>
                "CPF ou CNPJ"
                <input
                    name="tax_id"
                    inputmode="text"
                    autocapitalize="characters"
                    spellcheck="false"
                    autocomplete="off"
                    prop:value=move || fields.tax_id.get()
                    on:input=move |ev| fields.tax_id.set(event_target_value(&ev))
                    on:blur=move |_| tax_touched.set(true)
                    aria-invalid=move || (tax_touched.get() && tax_error.get().is_some()).to_string()
                />
                <Show when=move || tax_touched.get() && tax_error.get().is_some()>
                    <span class="field-error" data-testid="tax-id-error">{move || tax_error.get().unwrap_or_default()}</span>
                </Show>
            </label>
            <TextField label="Telefone / WhatsApp" value=fields.phone name="phone" input_type="tel" inputmode="tel" autocomplete="tel"/>
            <TextField label="E-mail" value=fields.email name="email" input_type="email" inputmode="email" autocomplete="email"/>
            <TextField label="Endereço" value=fields.address name="address" autocomplete="street-address"/>
            <label>
                "Observações"
                <textarea
                    name="notes"
                    rows="3"
                    prop:value=move || fields.notes.get()
                    on:input=move |ev| fields.notes.set(event_target_value(&ev))
                ></textarea>
            </label>
            <fieldset class="checks">
                <legend>"Tipo de cadastro"</legend>
                <label class="check">
                    <input
                        type="checkbox"
                        name="is_customer"
                        prop:checked=move || fields.is_customer.get()
                        on:change=move |ev| fields.is_customer.set(event_target_checked(&ev))
                    />
                    "Cliente"
                </label>
                <label class="check">
                    <input
                        type="checkbox"
                        name="is_supplier"
                        prop:checked=move || fields.is_supplier.get()
                        on:change=move |ev| fields.is_supplier.set(event_target_checked(&ev))
                    />
                    "Fornecedor"
                </label>
            </fieldset>
            <Show when=move || error.get().is_some()>
                <p class="alert error" role="alert" data-testid="party-error">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>"Salvar"</button>
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>"Cancelar"</button>
            </div>
        </form>
    }
}

/// Clientes: list with search and the form to add one.
#[component]
pub fn Clientes() -> impl IntoView {
    let app = use_app();
    let query_map = use_query_map();
    let navigate = use_navigate();
    let search = RwSignal::new(String::new());
    let shown = RwSignal::new(PAGE);
    let creating = RwSignal::new(query_map.get_untracked().get("novo").is_some());
    let found = Memo::new(move |_| {
        let q = search.get();
        app.read(|b| b.parties().unwrap_or_default())
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, p)| !p.archived && party_matches(p, &q))
            .collect::<Vec<_>>()
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
            <label>
                "Buscar"
                <input
                    type="search"
                    name="search"
                    placeholder="Nome, CPF/CNPJ ou telefone"
                    prop:value=move || search.get()
                    on:input=move |ev| {
                        search.set(event_target_value(&ev));
                        shown.set(PAGE);
                    }
                />
            </label>
            <p class="muted" aria-live="polite">
                {move || match found.get().len() {
                    0 => "Nenhum cadastro encontrado.".to_string(),
                    1 => "1 cadastro".to_string(),
                    n => format!("{n} cadastros"),
                }}
            </p>
            <ul class="list" data-testid="party-list">
                {move || {
                    found
                        .get()
                        .into_iter()
                        .take(shown.get())
                        .map(|(id, p)| {
                            let sub = [
                                Some(party_role(&p).to_string()),
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
                        })
                        .collect_view()
                }}
            </ul>
            <Show when=move || { found.get().len() > shown.get() }>
                <button type="button" class="secondary" on:click=move |_| shown.update(|n| *n += PAGE)>
                    "Mostrar mais"
                </button>
            </Show>
        </div>
    }
}

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

fn entry_status_label(entry: &Entry, today: chrono::NaiveDate) -> (&'static str, &'static str) {
    match entry.status() {
        EntryStatus::Paid => ("Pago", "badge paid"),
        EntryStatus::Cancelled => ("Cancelado", "badge"),
        _ if entry.is_overdue(today) => ("Vencido", "badge overdue"),
        EntryStatus::Partial => ("Parcial", "badge"),
        EntryStatus::Open => ("Em aberto", "badge"),
    }
}

/// A customer's or supplier's page: data, conflicts, charges and ledger entries.
#[component]
pub fn ClienteDetalhe() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let party = Memo::new(move |_| app.read(|b| b.party(&id.get()).ok().flatten()).flatten());
    let editing = RwSignal::new(false);
    let conflicts = Memo::new(move |_| {
        app.read(|b| b.party_conflicts(&id.get()).unwrap_or_default())
            .unwrap_or_default()
    });
    let charges = Memo::new(move |_| {
        let id = id.get();
        app.read(|b| b.charges(today()).unwrap_or_default())
            .unwrap_or_default()
            .into_iter()
            .filter(|c| c.charge.party == id)
            .collect::<Vec<ChargeView>>()
    });
    let entries = Memo::new(move |_| {
        let id = id.get();
        let mut list = app
            .read(|b| b.entries().unwrap_or_default())
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, e)| e.party.as_deref() == Some(id.as_str()))
            .collect::<Vec<(Id, Entry)>>();
        list.sort_by_key(|e| std::cmp::Reverse(e.1.due_date));
        list
    });
    view! {
        // A supplier's page says so.
        {move || if party.with(|p| p.as_ref().is_some_and(|p| p.is_supplier && !p.is_customer)) {
            view! { <AreaHeader title="Fornecedor"/> }.into_any()
        } else {
            view! { <AreaHeader title="Cliente"/> }.into_any()
        }}
        <p><A href="/clientes">"‹ Clientes"</A></p>
        {move || match party.get() {
            None => view! { <p class="empty">"Cadastro não encontrado."</p> }.into_any(),
            Some(p) if editing.get() => {
                let pid = id.get_untracked();
                view! {
                    <PartyForm
                        id=Some(pid)
                        party=Some(p)
                        on_saved=move |_| editing.set(false)
                        on_cancel=move |_| editing.set(false)
                    />
                }
                .into_any()
            }
            Some(p) => view! { <PartyCard party=p editing=editing/> }.into_any(),
        }}
        <Show when=move || !conflicts.get().is_empty()>
            <div class="alert warn" role="alert" data-testid="party-conflicts">
                <strong>"Dois aparelhos alteraram este cadastro ao mesmo tempo."</strong>
                <ul>
                    {move || {
                        conflicts
                            .get()
                            .into_iter()
                            .map(|c| {
                                let label = field_label(&c.field).to_string();
                                view! { <li>{label} ": " {c.values.join(" ou ")}</li> }
                            })
                            .collect_view()
                    }}
                </ul>
                <p>"Confira os dados e toque em Editar e Salvar para ficar com os valores certos."</p>
            </div>
        </Show>
        <Show when=move || party.get().is_some()>
            <h2>"Cobranças"</h2>
            <p>
                <A href=move || format!("/cobrancas?nova=1&cliente={}", id.get()) attr:class="button secondary">
                    "+ Nova cobrança"
                </A>
            </p>
            <ul class="list" data-testid="party-charges">
                {move || {
                    let list = charges.get();
                    if list.is_empty() {
                        return view! { <li class="empty">"Nenhuma cobrança."</li> }.into_any();
                    }
                    list.into_iter()
                        .map(|c| {
                            let badge = super::cobrancas::status_class(c.status);
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
                                            <span class=badge>{c.status.label()}</span>
                                        </span>
                                    </A>
                                </li>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </ul>
            <h2>"Lançamentos no caixa"</h2>
            <ul class="list" data-testid="party-entries">
                {move || {
                    let list = entries.get();
                    if list.is_empty() {
                        return view! { <li class="empty">"Nenhum lançamento."</li> }.into_any();
                    }
                    let today = today();
                    list.into_iter()
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
                }}
            </ul>
        </Show>
    }
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
            <p class="muted">{party_role(&party)}</p>
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
