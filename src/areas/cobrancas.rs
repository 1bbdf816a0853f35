//! Cobranças: the list by status (Pendentes, Vencidas, Pagas, Canceladas) with counts and
//! totals, the "Nova cobrança" form (customer picked or created inline), and the charge's
//! page: Pix QR code and copia e cola, resending (Web Share, WhatsApp, e-mail) with the
//! reminder log, marking it paid, cancelling, and resolving a paid+cancelled conflict.
//! Boletos (carteiras, remessa, retorno, the printable boleto) live in [`boleto`].

mod boleto;

use std::collections::HashMap;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use retaguarda_core::charges::{
    self, ChargeMethod, ChargeResolution, ChargeStatus, ChargeView, NewCharge, PayCharge,
    ReminderChannel, MAX_INSTALLMENTS,
};
use retaguarda_core::ledger::{self, AccountKind, NewAccount};
use retaguarda_core::parties::{self, PartyInput};
use retaguarda_core::Id;
use rust_decimal::Decimal;
use wasm_bindgen::{JsCast, JsValue};

use super::clientes::fold;
use super::AreaHeader;
use crate::fmt::{brl, date, parse_brl, parse_date};
use crate::state::{today, use_app};

/// Rows shown per "Mostrar mais".
const PAGE: usize = 50;

/// The select value that means "a new customer, typed here".
const NEW_PARTY: &str = "__novo";
/// The select value that means "open a cash account named Caixa".
const NEW_CASH_ACCOUNT: &str = "__caixa";

/// The badge class of a charge status.
pub(crate) fn status_class(status: ChargeStatus) -> &'static str {
    match status {
        ChargeStatus::Paid => "badge paid",
        ChargeStatus::Overdue | ChargeStatus::Conflict => "badge overdue",
        ChargeStatus::Pending | ChargeStatus::Cancelled => "badge",
    }
}

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

/// Days between the due date and today, for overdue charges.
fn days_overdue(due: NaiveDate, today: NaiveDate) -> i64 {
    (today - due).num_days().max(0)
}

fn days_text(days: i64) -> String {
    if days == 1 {
        "1 dia de atraso".to_string()
    } else {
        format!("{days} dias de atraso")
    }
}

/// Cobranças: tabs by status, search by customer, and the new charge form.
#[component]
pub fn Cobrancas() -> impl IntoView {
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
    let shown = RwSignal::new(PAGE);
    let navigate = use_navigate();
    let all = Memo::new(move |_| {
        app.read(|b| {
            let names: HashMap<Id, String> = b
                .parties()
                .unwrap_or_default()
                .into_iter()
                .map(|(id, p)| (id, p.name))
                .collect();
            b.charges(today())
                .unwrap_or_default()
                .into_iter()
                .map(|c| {
                    let name = names.get(&c.charge.party).cloned().unwrap_or_default();
                    (c, name)
                })
                .collect::<Vec<(ChargeView, String)>>()
        })
        .unwrap_or_default()
    });
    let found = Memo::new(move |_| {
        let q = fold(search.get().trim());
        all.get()
            .into_iter()
            .filter(|(_, name)| q.is_empty() || fold(name).contains(&q))
            .collect::<Vec<_>>()
    });
    let summary = move |t: Tab| {
        let list = found.get();
        let of_tab = list.iter().filter(|(c, _)| c.status == t.status());
        let (count, total) = of_tab.fold((0usize, Decimal::ZERO), |(n, s), (c, _)| {
            (n + 1, s + c.charge.amount)
        });
        (count, total)
    };
    let rows = Memo::new(move |_| {
        let t = tab.get();
        let mut list: Vec<(ChargeView, String)> = found
            .get()
            .into_iter()
            .filter(|(c, _)| c.status == t.status())
            .collect();
        if matches!(t, Tab::Paid | Tab::Cancelled) {
            list.reverse();
        }
        list
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
            <label>
                "Buscar por cliente"
                <input
                    type="search"
                    name="search"
                    placeholder="Nome do cliente"
                    prop:value=move || search.get()
                    on:input=move |ev| {
                        search.set(event_target_value(&ev));
                        shown.set(PAGE);
                    }
                />
            </label>
            <div class="tabs" role="tablist" aria-label="Situação das cobranças">
                {Tab::ALL
                    .into_iter()
                    .map(|t| {
                        let visible = move || t != Tab::Conflict || summary(t).0 > 0;
                        view! {
                            <Show when=visible>
                                <button
                                    type="button"
                                    role="tab"
                                    id=format!("tab-{}", t.slug())
                                    aria-controls="charges-panel"
                                    data-testid=format!("tab-{}", t.slug())
                                    aria-selected=move || (tab.get() == t).to_string()
                                    on:click=move |_| {
                                        tab.set(t);
                                        shown.set(PAGE);
                                    }
                                >
                                    <span class="tab-label">{t.label()}</span>
                                    <span class="tab-figures">
                                        <span class="count" data-testid="tab-count">{move || summary(t).0}</span>
                                        " "
                                        <small class="money tab-total" data-testid="tab-total">{move || brl(summary(t).1)}</small>
                                    </span>
                                </button>
                            </Show>
                        }
                    })
                    .collect_view()}
            </div>
            <div
                id="charges-panel"
                role="tabpanel"
                aria-labelledby=move || format!("tab-{}", tab.get().slug())
            >
                <ul class="list" data-testid="charge-list">
                    {move || {
                        let list = rows.get();
                        if list.is_empty() {
                            return view! { <li class="empty">"Nenhuma cobrança aqui."</li> }.into_any();
                        }
                        let today = today();
                        list.into_iter()
                            .take(shown.get())
                            .map(|(c, name)| {
                                let extra = match c.status {
                                    ChargeStatus::Overdue => {
                                        days_text(days_overdue(c.charge.due_date, today))
                                    }
                                    _ => format!("Vence {}", date(c.charge.due_date)),
                                };
                                view! {
                                    <li>
                                        <A href=format!("/cobrancas/{}", c.id) attr:class="card row link-row" attr:data-testid="charge-row">
                                            <span>
                                                <strong>{name}</strong>
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
                            })
                            .collect_view()
                            .into_any()
                    }}
                </ul>
                <Show when=move || { rows.get().len() > shown.get() }>
                    <button type="button" class="secondary" on:click=move |_| shown.update(|n| *n += PAGE)>
                        "Mostrar mais"
                    </button>
                </Show>
            </div>
        </div>
    }
}

/// The new charge form: customer (picked or typed), amount, due date, method, description
/// and installments. Everything typed stays after an error.
#[component]
fn NewChargeForm(
    preset_party: Option<Id>,
    #[prop(into)] on_created: Callback<Id>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let customers = Memo::new(move |_| {
        app.read(|b| b.customers().unwrap_or_default())
            .unwrap_or_default()
    });
    let initial_party = preset_party.unwrap_or_else(|| {
        if customers.get_untracked().is_empty() {
            NEW_PARTY.to_string()
        } else {
            String::new()
        }
    });
    let party = RwSignal::new(initial_party);
    let new_name = RwSignal::new(String::new());
    let new_phone = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let due = RwSignal::new(today().format("%Y-%m-%d").to_string());
    let method = RwSignal::new(ChargeMethod::Pix);
    let description = RwSignal::new(String::new());
    let installments = RwSignal::new("1".to_string());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let carteiras = Memo::new(move |_| {
        app.read(|b| b.carteiras().unwrap_or_default())
            .unwrap_or_default()
    });
    let carteira = RwSignal::new(
        carteiras
            .get_untracked()
            .first()
            .map(|(id, _)| id.clone())
            .unwrap_or_default(),
    );
    let minimum = Memo::new(move |_| {
        app.read(|b| b.settings().map(|s| s.charge_minimum).ok())
            .flatten()
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let party_choice = party.get_untracked();
        let new_party = if party_choice == NEW_PARTY {
            let phone = new_phone.get_untracked();
            Some(PartyInput {
                phone: (!phone.trim().is_empty()).then_some(phone),
                ..PartyInput::customer(new_name.get_untracked())
            })
        } else if party_choice.is_empty() {
            error.set(Some(
                "Cliente: escolha o cliente ou cadastre um novo.".into(),
            ));
            return;
        } else {
            None
        };
        let value = match parse_brl(&amount.get_untracked()) {
            Ok(v) => v,
            Err(e) => {
                error.set(Some(format!("Valor: {e}")));
                return;
            }
        };
        let first_due = match parse_date(&due.get_untracked()) {
            Ok(d) => d,
            Err(e) => {
                error.set(Some(format!("Vencimento: {e}")));
                return;
            }
        };
        let count = match installments.get_untracked().trim().parse::<u32>() {
            Ok(n) if (1..=MAX_INSTALLMENTS).contains(&n) => n,
            _ => {
                error.set(Some(format!(
                    "Parcelas: escolha de 1 a {MAX_INSTALLMENTS} parcelas."
                )));
                return;
            }
        };
        let input = NewCharge {
            party: party_choice,
            amount: value,
            first_due_date: first_due,
            method: method.get_untracked(),
            description: description.get_untracked(),
            installments: count,
            category: None,
            account: None,
        };
        let boleto_in = carteira.get_untracked();
        if input.method == ChargeMethod::Boleto && !boleto_in.is_empty() {
            if new_party.is_some() {
                error.set(Some(
                    "Cliente: para boleto, cadastre antes o cliente com CPF/CNPJ e endereço em Clientes.".into(),
                ));
                return;
            }
            busy.set(true);
            spawn_local(async move {
                let result = app
                    .run(move |b, ctx| b.create_boleto_charges(ctx, &boleto_in, input))
                    .await;
                busy.set(false);
                match result {
                    Ok(ids) => {
                        if let Some(first) = ids.into_iter().next() {
                            on_created.run(first);
                        }
                    }
                    Err(e) => error.set(Some(e.to_string())),
                }
            });
            return;
        }
        busy.set(true);
        spawn_local(async move {
            // The new customer and the charge are one change: a rejected charge leaves no
            // half-made customer behind.
            let result = app
                .run(move |b, ctx| {
                    b.apply(ctx, "charge.create", |tx| {
                        let mut input = input;
                        if let Some(p) = new_party {
                            input.party = parties::tx_create_party(tx, p)?;
                        }
                        charges::tx_create_charges(tx, input)
                    })
                })
                .await;
            busy.set(false);
            match result {
                Ok(ids) => {
                    if let Some(first) = ids.into_iter().next() {
                        on_created.run(first);
                    }
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };

    view! {
        <form class="card" on:submit=submit data-testid="charge-form" novalidate>
            <h2>"Nova cobrança"</h2>
            <label>
                "Cliente"
                <select
                    name="party"
                    prop:value=move || party.get()
                    on:change=move |ev| party.set(event_target_value(&ev))
                >
                    <option value="" disabled=true>"Escolha o cliente"</option>
                    {move || {
                        customers
                            .get()
                            .into_iter()
                            .map(|(id, p)| {
                                let selected = party.get_untracked() == id;
                                view! { <option value=id selected=selected>{p.name}</option> }
                            })
                            .collect_view()
                    }}
                    <option value=NEW_PARTY>"+ Novo cliente"</option>
                </select>
            </label>
            <Show when=move || party.get() == NEW_PARTY>
                <div class="inline-party">
                    <label>
                        "Nome do novo cliente"
                        <input
                            name="new_party_name"
                            autocomplete="off"
                            prop:value=move || new_name.get()
                            on:input=move |ev| new_name.set(event_target_value(&ev))
                        />
                    </label>
                    <label>
                        "WhatsApp do cliente (opcional)"
                        <input
                            name="new_party_phone"
                            type="tel"
                            inputmode="tel"
                            autocomplete="off"
                            prop:value=move || new_phone.get()
                            on:input=move |ev| new_phone.set(event_target_value(&ev))
                        />
                    </label>
                </div>
            </Show>
            <label>
                "Valor (R$)"
                <input
                    name="amount"
                    inputmode="decimal"
                    autocomplete="off"
                    placeholder="0,00"
                    class="big-money"
                    prop:value=move || amount.get()
                    on:input=move |ev| amount.set(event_target_value(&ev))
                />
                <small class="muted">
                    {move || minimum.get().map(|m| format!("Mínimo por cobrança: {}", brl(m))).unwrap_or_default()}
                </small>
            </label>
            <label>
                "Vencimento"
                <input
                    name="due"
                    type="date"
                    prop:value=move || due.get()
                    on:input=move |ev| due.set(event_target_value(&ev))
                />
                <small class="muted">"Uma data passada registra uma dívida que já existe (fiado); ela já aparece como vencida."</small>
            </label>
            <fieldset class="checks">
                <legend>"Forma de pagamento"</legend>
                <label class="check">
                    <input
                        type="radio"
                        name="method"
                        value="pix"
                        prop:checked=move || method.get() == ChargeMethod::Pix
                        on:change=move |_| method.set(ChargeMethod::Pix)
                    />
                    "Pix"
                </label>
                <label class="check">
                    <input
                        type="radio"
                        name="method"
                        value="boleto"
                        prop:checked=move || method.get() == ChargeMethod::Boleto
                        on:change=move |_| method.set(ChargeMethod::Boleto)
                    />
                    "Boleto"
                </label>
            </fieldset>
            <Show when=move || method.get() == ChargeMethod::Boleto && !carteiras.get().is_empty()>
                <label>
                    "Carteira de cobrança"
                    <select
                        name="carteira"
                        prop:value=move || carteira.get()
                        on:change=move |ev| carteira.set(event_target_value(&ev))
                    >
                        {move || carteiras.get().into_iter().map(|(id, c)| {
                            view! { <option value=id>{format!("{} · ag. {} · conta {} · cart. {}", c.bank, c.agencia, c.conta, c.carteira)}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </Show>
            <label>
                "Descrição"
                <input
                    name="description"
                    autocomplete="off"
                    placeholder="Ex.: Bolo de aniversário"
                    prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))
                />
            </label>
            <label>
                "Parcelas"
                <input
                    name="installments"
                    type="number"
                    inputmode="numeric"
                    min="1"
                    max=MAX_INSTALLMENTS.to_string()
                    prop:value=move || installments.get()
                    on:input=move |ev| installments.set(event_target_value(&ev))
                />
            </label>
            <Show when=move || error.get().is_some()>
                <p class="alert error" role="alert" data-testid="charge-error">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>"Criar cobrança"</button>
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>"Cancelar"</button>
            </div>
        </form>
    }
}

fn channel_label(channel: ReminderChannel) -> &'static str {
    match channel {
        ReminderChannel::WhatsApp => "WhatsApp",
        ReminderChannel::Email => "E-mail",
        ReminderChannel::Sms => "SMS",
        ReminderChannel::Phone => "Telefone",
        ReminderChannel::InPerson => "Pessoalmente",
    }
}

fn navigator() -> Option<web_sys::Navigator> {
    web_sys::window().map(|w| w.navigator())
}

/// A method of a JS object, when the browser has it.
fn js_method(target: &JsValue, name: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(target, &JsValue::from_str(name))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()
}

/// Calls a promise-returning method and waits for it.
async fn call_promise(
    target: &JsValue,
    method: &js_sys::Function,
    arg: &JsValue,
) -> Result<(), JsValue> {
    let value = method.call1(target, arg)?;
    let promise = value
        .dyn_into::<js_sys::Promise>()
        .map_err(|_| JsValue::from_str("not a promise"))?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
}

/// Copies text with the async clipboard API.
async fn copy_text(text: &str) -> Result<(), ()> {
    let nav: JsValue = navigator().ok_or(())?.into();
    let clipboard = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard")).map_err(|_| ())?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err(());
    }
    let write = js_method(&clipboard, "writeText").ok_or(())?;
    call_promise(&clipboard, &write, &JsValue::from_str(text))
        .await
        .map_err(|_| ())
}

/// Whether the Web Share API is there (phones, mostly).
fn can_share() -> bool {
    navigator().is_some_and(|n| js_method(&n.into(), "share").is_some())
}

/// Opens the system share sheet; `Ok` once the person picked an app and sent.
async fn share_text(title: &str, text: &str) -> Result<(), ()> {
    let nav: JsValue = navigator().ok_or(())?.into();
    let share = js_method(&nav, "share").ok_or(())?;
    let data = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&data, &"title".into(), &title.into());
    let _ = js_sys::Reflect::set(&data, &"text".into(), &text.into());
    call_promise(&nav, &share, &data).await.map_err(|_| ())
}

/// Phone digits for wa.me: with Brazil's country code when typed without it.
fn whatsapp_number(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.len() <= 11 {
        format!("55{digits}")
    } else {
        digits
    }
}

fn url_encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

/// What the resend section needs, computed from the document.
#[derive(Debug, Clone, PartialEq)]
struct ChargeFacts {
    view: ChargeView,
    party_name: String,
    phone: Option<String>,
    email: Option<String>,
    business: String,
    /// The open amount of the charge's receivable.
    open_amount: Decimal,
    /// The Pix copia e cola, or why there is none.
    pix: Option<Result<String, String>>,
    /// The business has no Pix key or city yet.
    needs_pix_key: bool,
    accounts: Vec<(Id, String, AccountKind)>,
    paid_account: Option<String>,
}

fn reminder_message(f: &ChargeFacts) -> String {
    let c = &f.view.charge;
    let mut text = format!(
        "Olá, {}! Aqui é da {}. Lembrete da cobrança \"{}\" no valor de {}, com vencimento em {}.",
        f.party_name,
        f.business,
        c.description,
        brl(c.amount),
        date(c.due_date)
    );
    if let Some(Ok(code)) = &f.pix {
        text.push_str("\n\nPague com Pix copia e cola:\n");
        text.push_str(code);
    }
    text.push_str("\n\nObrigado!");
    text
}

/// One charge: Pix, resend, reminder log, pay, cancel, conflict.
#[component]
pub fn CobrancaDetalhe() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let facts = Memo::new(move |_| {
        let id = id.get();
        app.read(|b| {
            let view = b.charge_view(&id, today()).ok()?;
            let party = b.party(&view.charge.party).ok().flatten();
            let profile = b.profile().ok();
            let open_amount = b
                .entry(&view.charge.entry)
                .ok()
                .flatten()
                .map(|e| e.open_amount())
                .unwrap_or(view.charge.amount);
            let open = matches!(view.status, ChargeStatus::Pending | ChargeStatus::Overdue);
            let pix = (open && view.charge.method == ChargeMethod::Pix)
                .then(|| b.charge_pix_payload(&id).map_err(|e| e.to_string()));
            let needs_pix_key = profile
                .as_ref()
                .is_none_or(|p| p.pix_key.is_none() || p.city.is_none());
            let accounts_all = b.accounts().unwrap_or_default();
            let paid_account = view.charge.paid.as_ref().and_then(|p| {
                accounts_all
                    .iter()
                    .find(|(aid, _)| *aid == p.account)
                    .map(|(_, a)| a.name.clone())
            });
            let accounts = accounts_all
                .into_iter()
                .filter(|(_, a)| !a.archived)
                .map(|(aid, a)| (aid, a.name, a.kind))
                .collect();
            Some(ChargeFacts {
                party_name: party.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
                phone: party.as_ref().and_then(|p| p.phone.clone()),
                email: party.as_ref().and_then(|p| p.email.clone()),
                business: profile.map(|p| p.name).unwrap_or_default(),
                open_amount,
                pix,
                needs_pix_key,
                accounts,
                paid_account,
                view,
            })
        })
        .flatten()
    });
    view! {
        <AreaHeader title="Cobrança"/>
        <p><A href="/cobrancas">"‹ Cobranças"</A></p>
        {move || match facts.get() {
            None => view! { <p class="empty">"Cobrança não encontrada."</p> }.into_any(),
            Some(f) => view! { <ChargePage facts=f/> }.into_any(),
        }}
    }
}

#[component]
fn ChargePage(facts: ChargeFacts) -> impl IntoView {
    let today = today();
    let v = facts.view.clone();
    let c = v.charge.clone();
    let id = v.id.clone();
    let open = matches!(v.status, ChargeStatus::Pending | ChargeStatus::Overdue);
    let installment = c
        .installment
        .as_ref()
        .map(|i| format!("Parcela {}/{}", i.number, i.total));
    let overdue_line = (v.status == ChargeStatus::Overdue).then(|| {
        view! {
            <p class="alert warn" data-testid="days-overdue">
                {days_text(days_overdue(c.due_date, today))}
                {v.next_reminder.map(|d| format!(". {}", reminder_text(d, today)))}
            </p>
        }
    });
    let next_line = (v.status == ChargeStatus::Pending)
        .then_some(v.next_reminder)
        .flatten()
        .map(|d| view! { <p class="muted" data-testid="next-reminder">{reminder_text(d, today)}</p> });
    let paid_line = c.paid.clone().map(|p| {
        let account = facts.paid_account.clone().unwrap_or_default();
        view! {
            <p class="alert ok" data-testid="paid-info">
                "Paga em " {date(p.date)} " · " {brl(p.amount)} " · " {account}
            </p>
        }
    });
    let cancelled_line = c.cancelled.clone().map(|x| {
        let reason = x.reason.map(|r| format!(" · Motivo: {r}")).unwrap_or_default();
        view! { <p class="muted" data-testid="cancelled-info">"Cancelada em " {date(x.date)} {reason}</p> }
    });
    let mut reminders: Vec<_> = c.reminders.values().cloned().collect();
    reminders.sort_by_key(|r| std::cmp::Reverse(r.date));
    view! {
        <section class="card charge-summary" data-testid="charge-summary">
            <p class="muted">{facts.party_name.clone()}</p>
            <p class="big-money money" data-testid="charge-amount">{brl(c.amount)}</p>
            <p>
                <span class=status_class(v.status) data-testid="charge-status">{v.status.label()}</span>
                " · Vence " <span data-testid="charge-due">{date(c.due_date)}</span>
                " · " {match c.method { ChargeMethod::Pix => "Pix", ChargeMethod::Boleto => "Boleto" }}
            </p>
            <p>{c.description.clone()} {installment.map(|i| format!(" · {i}"))}</p>
            {overdue_line}
            {next_line}
            {paid_line}
            {cancelled_line}
        </section>
        {(v.status == ChargeStatus::Conflict).then(|| view! { <ConflictBanner id=id.clone()/> })}
        {open.then(|| if c.method == ChargeMethod::Boleto && c.boleto.is_some() {
            view! { <boleto::BoletoSection id=id.clone()/> }.into_any()
        } else {
            view! { <PixSection facts=facts.clone()/> }.into_any()
        })}
        {open.then(|| view! { <ResendSection facts=facts.clone()/> })}
        <section>
            <h2>"Lembretes enviados"</h2>
            <ul class="list" data-testid="reminder-log">
                {if reminders.is_empty() {
                    view! { <li class="empty">"Nenhum lembrete enviado."</li> }.into_any()
                } else {
                    reminders
                        .into_iter()
                        .map(|r| view! {
                            <li class="card row" data-testid="reminder">
                                <span>{channel_label(r.channel)} {r.note.map(|n| format!(" · {n}"))}</span>
                                <span>{date(r.date)}</span>
                            </li>
                        })
                        .collect_view()
                        .into_any()
                }}
            </ul>
        </section>
        {open.then(|| view! { <PaySection facts=facts.clone()/> })}
        {open.then(|| view! { <CancelSection id=id.clone()/> })}
    }
}

#[component]
fn PixSection(facts: ChargeFacts) -> impl IntoView {
    let Some(pix) = facts.pix.clone() else {
        return view! { <p class="muted">"Cobrança por boleto."</p> }.into_any();
    };
    match pix {
        Ok(code) => {
            let svg = retaguarda_core::formats::pix::qr_svg(&code)
                .map(|s| match s.find("<svg") {
                    Some(i) => s[i..].to_string(),
                    None => s,
                })
                .unwrap_or_default();
            let copied = RwSignal::new(None::<bool>);
            let to_copy = code.clone();
            let copy = move |_| {
                let text = to_copy.clone();
                spawn_local(async move {
                    copied.set(Some(copy_text(&text).await.is_ok()));
                });
            };
            view! {
                <section class="card pix" data-testid="pix-section">
                    <h2>"Pix"</h2>
                    <div class="qr" role="img" aria-label="QR Code Pix da cobrança" data-testid="pix-qr" inner_html=svg></div>
                    <label>
                        "Pix copia e cola"
                        <textarea readonly=true rows="4" data-testid="pix-code" prop:value=code.clone()></textarea>
                    </label>
                    <button type="button" on:click=copy data-testid="copy-pix">"Copiar código Pix"</button>
                    <p role="status" aria-live="polite">
                        {move || match copied.get() {
                            Some(true) => "Código copiado.".to_string(),
                            Some(false) => "Não foi possível copiar; selecione o código acima e copie.".to_string(),
                            None => String::new(),
                        }}
                    </p>
                </section>
            }
            .into_any()
        }
        Err(_) if facts.needs_pix_key => view! { <PixKeyForm/> }.into_any(),
        Err(message) => view! { <p class="alert error" role="alert">{message}</p> }.into_any(),
    }
}

/// When the business has no Pix key yet: say so, link to Configurações, and let the
/// person fill the key and city here without leaving the charge.
#[component]
fn PixKeyForm() -> impl IntoView {
    let app = use_app();
    let key = RwSignal::new(String::new());
    let city = RwSignal::new(
        app.read(|b| b.profile().ok().and_then(|p| p.city))
            .flatten()
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let key = key.get_untracked();
        let city = city.get_untracked();
        spawn_local(async move {
            let result = app
                .run(move |b, ctx| {
                    let profile = b.profile()?;
                    b.update_profile(
                        ctx,
                        &profile.name,
                        profile.tax_id.as_deref(),
                        Some(&city),
                        Some(&key),
                    )
                })
                .await;
            if let Err(e) = result {
                error.set(Some(e.to_string()));
            }
        });
    };
    view! {
        <section class="card" data-testid="pix-missing">
            <h2>"Pix"</h2>
            <p class="alert warn">
                "O negócio ainda não tem chave Pix cadastrada, então não dá para gerar o QR Code. "
                <A href="/configuracoes">"Cadastrar em Configurações"</A>
                " ou informe aqui:"
            </p>
            <form on:submit=submit>
                <label>
                    "Chave Pix do negócio"
                    <input
                        name="pix_key"
                        autocomplete="off"
                        placeholder="CPF, CNPJ, e-mail, telefone ou chave aleatória"
                        prop:value=move || key.get()
                        on:input=move |ev| key.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    "Cidade do negócio"
                    <input
                        name="city"
                        autocomplete="address-level2"
                        prop:value=move || city.get()
                        on:input=move |ev| city.set(event_target_value(&ev))
                    />
                </label>
                <Show when=move || error.get().is_some()>
                    <p class="alert error" role="alert">{move || error.get().unwrap_or_default()}</p>
                </Show>
                <button type="submit">"Salvar chave Pix"</button>
            </form>
        </section>
    }
}

#[component]
fn ResendSection(facts: ChargeFacts) -> impl IntoView {
    let app = use_app();
    let id = facts.view.id.clone();
    let message = reminder_message(&facts);
    let subject = format!(
        "Cobrança {} - vencimento {}",
        brl(facts.view.charge.amount),
        date(facts.view.charge.due_date)
    );
    let status = RwSignal::new(None::<String>);
    let record = {
        let id = id.clone();
        move |channel: ReminderChannel, note: Option<&'static str>| {
            let id = id.clone();
            spawn_local(async move {
                let result = app
                    .run(move |b, ctx| b.record_reminder(ctx, &id, channel, note))
                    .await;
                status.set(Some(match result {
                    Ok(_) => format!("Lembrete registrado ({}).", channel_label(channel)),
                    Err(e) => e.to_string(),
                }));
            });
        }
    };
    let wa_url = match facts.phone.as_deref() {
        Some(p) => format!(
            "https://wa.me/{}?text={}",
            whatsapp_number(p),
            url_encode(&message)
        ),
        None => format!("https://wa.me/?text={}", url_encode(&message)),
    };
    let mail_url = format!(
        "mailto:{}?subject={}&body={}",
        facts.email.clone().unwrap_or_default(),
        url_encode(&subject),
        url_encode(&message)
    );
    let share_button = can_share().then(|| {
        let record = record.clone();
        let message = message.clone();
        let title = subject.clone();
        let on_share = move |_| {
            let record = record.clone();
            let message = message.clone();
            let title = title.clone();
            spawn_local(async move {
                if share_text(&title, &message).await.is_ok() {
                    record(ReminderChannel::WhatsApp, Some("Compartilhado pelo aparelho"));
                }
            });
        };
        view! { <button type="button" on:click=on_share data-testid="share-charge">"Compartilhar cobrança"</button> }
    });
    let wa_link = (!can_share()).then(|| {
        let record = record.clone();
        view! {
            <a
                class="button"
                href=wa_url
                target="_blank"
                rel="noopener"
                data-testid="whatsapp-link"
                on:click=move |_| record(ReminderChannel::WhatsApp, None)
            >
                "Enviar por WhatsApp"
            </a>
        }
    });
    let record_mail = record.clone();
    view! {
        <section class="card" data-testid="resend-section">
            <h2>"Reenviar cobrança"</h2>
            <div class="actions">
                {share_button}
                {wa_link}
                <a
                    class="button secondary"
                    href=mail_url
                    data-testid="email-link"
                    on:click=move |_| record_mail(ReminderChannel::Email, None)
                >
                    "Enviar por e-mail"
                </a>
            </div>
            <p role="status" aria-live="polite" data-testid="resend-status">{move || status.get().unwrap_or_default()}</p>
        </section>
    }
}

#[component]
fn PaySection(facts: ChargeFacts) -> impl IntoView {
    let app = use_app();
    let id = facts.view.id.clone();
    // Pix and boleto money lands in the bank; the cash drawer is the fallback.
    let preferred = AccountKind::Bank;
    let default_account = facts
        .accounts
        .iter()
        .find(|(_, _, k)| *k == preferred)
        .or_else(|| facts.accounts.first())
        .map(|(aid, _, _)| aid.clone())
        .unwrap_or_else(|| NEW_CASH_ACCOUNT.to_string());
    let open_form = RwSignal::new(false);
    let account = RwSignal::new(default_account);
    let day = RwSignal::new(today().format("%Y-%m-%d").to_string());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let accounts = facts.accounts.clone();
    let no_accounts = accounts.is_empty();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let date_paid = match parse_date(&day.get_untracked()) {
            Ok(d) => d,
            Err(e) => {
                error.set(Some(format!("Data do pagamento: {e}")));
                return;
            }
        };
        let chosen = account.get_untracked();
        let id = id.clone();
        busy.set(true);
        spawn_local(async move {
            let result = app
                .run(move |b, ctx| {
                    b.apply(ctx, "charge.pay", |tx| {
                        // With no account yet, open the cash drawer in the same change.
                        let account = if chosen == NEW_CASH_ACCOUNT {
                            ledger::tx_create_account(
                                tx,
                                NewAccount {
                                    name: "Caixa".into(),
                                    kind: AccountKind::Cash,
                                    opening_balance: Decimal::ZERO,
                                    opening_date: date_paid,
                                },
                            )?
                        } else {
                            chosen
                        };
                        charges::tx_pay_charge(
                            tx,
                            &id,
                            PayCharge {
                                date: date_paid,
                                account,
                            },
                        )
                    })
                })
                .await;
            busy.set(false);
            if let Err(e) = result {
                error.set(Some(e.to_string()));
            }
        });
    };
    view! {
        <section class="card" data-testid="pay-section">
            <Show
                when=move || open_form.get()
                fallback=move || view! {
                    <button type="button" data-testid="mark-paid" on:click=move |_| open_form.set(true)>
                        "Marcar como paga"
                    </button>
                }
            >
                <form on:submit=submit.clone() data-testid="pay-form">
                    <h2>"Marcar como paga"</h2>
                    <p>"Valor recebido: " <strong class="money">{brl(facts.open_amount)}</strong></p>
                    <label>
                        "Conta onde o dinheiro entrou"
                        <select
                            name="account"
                            prop:value=move || account.get()
                            on:change=move |ev| account.set(event_target_value(&ev))
                        >
                            {accounts
                                .iter()
                                .map(|(aid, name, _)| {
                                    let selected = account.get_untracked() == *aid;
                                    view! { <option value=aid.clone() selected=selected>{name.clone()}</option> }
                                })
                                .collect_view()}
                            {no_accounts.then(|| view! {
                                <option value=NEW_CASH_ACCOUNT selected=true>"Caixa (dinheiro) — nova conta"</option>
                            })}
                        </select>
                    </label>
                    <label>
                        "Data do pagamento"
                        <input
                            name="paid_on"
                            type="date"
                            prop:value=move || day.get()
                            on:input=move |ev| day.set(event_target_value(&ev))
                        />
                    </label>
                    <Show when=move || error.get().is_some()>
                        <p class="alert error" role="alert">{move || error.get().unwrap_or_default()}</p>
                    </Show>
                    <div class="actions">
                        <button type="submit" disabled=move || busy.get()>"Confirmar pagamento"</button>
                        <button type="button" class="secondary" on:click=move |_| open_form.set(false)>"Voltar"</button>
                    </div>
                </form>
            </Show>
        </section>
    }
}

#[component]
fn CancelSection(id: Id) -> impl IntoView {
    let app = use_app();
    let confirming = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let confirm = move |_| {
        let id = id.clone();
        let reason = reason.get_untracked();
        spawn_local(async move {
            let result = app
                .run(move |b, ctx| {
                    let r = reason.trim();
                    b.cancel_charge(ctx, &id, (!r.is_empty()).then_some(r))
                })
                .await;
            match result {
                Ok(()) => confirming.set(false),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <section class="card" data-testid="cancel-section">
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button type="button" class="secondary" data-testid="cancel-charge" on:click=move |_| confirming.set(true)>
                        "Cancelar cobrança"
                    </button>
                }
            >
                <div role="alertdialog" aria-labelledby="cancel-title" class="stack">
                    <h2 id="cancel-title">"Cancelar esta cobrança?"</h2>
                    <p>"O valor sai das contas a receber. Isso não pode ser desfeito."</p>
                    <label>
                        "Motivo (opcional)"
                        <input
                            name="cancel_reason"
                            prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))
                        />
                    </label>
                    <Show when=move || error.get().is_some()>
                        <p class="alert error" role="alert">{move || error.get().unwrap_or_default()}</p>
                    </Show>
                    <div class="actions">
                        <button type="button" class="danger" data-testid="confirm-cancel" on:click=confirm.clone()>
                            "Sim, cancelar"
                        </button>
                        <button type="button" class="secondary" on:click=move |_| confirming.set(false)>"Voltar"</button>
                    </div>
                </div>
            </Show>
        </section>
    }
}

#[component]
fn ConflictBanner(id: Id) -> impl IntoView {
    let app = use_app();
    let error = RwSignal::new(None::<String>);
    let resolve = move |resolution: ChargeResolution| {
        let id = id.clone();
        spawn_local(async move {
            let result = app
                .run(move |b, ctx| b.resolve_charge_conflict(ctx, &id, resolution))
                .await;
            if let Err(e) = result {
                error.set(Some(e.to_string()));
            }
        });
    };
    let keep_cancelled = resolve.clone();
    view! {
        <section class="alert warn" role="alert" data-testid="charge-conflict">
            <strong>"Esta cobrança foi marcada como paga em um aparelho e cancelada (ou paga de novo) em outro."</strong>
            <p>"Escolha o que realmente aconteceu:"</p>
            <div class="actions">
                <button type="button" on:click=move |_| resolve(ChargeResolution::KeepPaid)>
                    "O cliente pagou"
                </button>
                <button type="button" class="secondary" on:click=move |_| keep_cancelled(ChargeResolution::KeepCancelled)>
                    "Está cancelada (estornar)"
                </button>
            </div>
            <Show when=move || error.get().is_some()>
                <p class="alert error">{move || error.get().unwrap_or_default()}</p>
            </Show>
        </section>
    }
}

/// A reminder whose date has come is to send today, not a "próximo" date in the past.
fn reminder_text(d: NaiveDate, today: NaiveDate) -> String {
    if d <= today {
        "Lembrete para enviar hoje".to_string()
    } else {
        format!("Próximo lembrete: {}", date(d))
    }
}
