//! The "Nova cobrança" form: customer (picked, or typed and registered with the charge),
//! amount, due date, method (with the carteira of a boleto), description and installments.
//! Everything typed stays after an error.

use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::charges::{ChargeCustomer, ChargeMethod, ChargeRequest, MAX_INSTALLMENTS};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::Id;

use crate::fmt::{brl, parse_brl, parse_date};
use crate::state::{today, use_app};

/// The select value that means "a new customer, typed here".
const NEW_PARTY: &str = "__novo";

/// The new charge form; `on_created` gets the first charge's id.
#[component]
pub(super) fn NewChargeForm(
    preset_party: Option<Id>,
    #[prop(into)] on_created: Callback<Id>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let customers = Memo::new(move |_| app.read(|b| b.customers()));
    let carteiras = Memo::new(move |_| app.read(|b| b.carteiras()));
    let minimum = Memo::new(move |_| app.read(|b| b.settings().map(|s| s.charge_minimum)));
    let no_customers = customers.with_untracked(|c| matches!(c, Some(Ok(list)) if list.is_empty()));
    let party = RwSignal::new(preset_party.unwrap_or_else(|| {
        if no_customers {
            NEW_PARTY.to_string()
        } else {
            String::new()
        }
    }));
    let new_name = RwSignal::new(String::new());
    let new_phone = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let due = RwSignal::new(today().format("%Y-%m-%d").to_string());
    let method = RwSignal::new(ChargeMethod::Pix);
    let description = RwSignal::new(String::new());
    let installments = RwSignal::new("1".to_string());
    let carteira = RwSignal::new(
        carteiras
            .with_untracked(|c| match c {
                Some(Ok(list)) => list.first().map(|(id, _)| id.clone()),
                _ => None,
            })
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    // What was typed, checked for form only; the rules are core's.
    let request = move || -> Result<ChargeRequest, String> {
        let choice = party.get_untracked();
        let customer = if choice == NEW_PARTY {
            let phone = new_phone.get_untracked();
            ChargeCustomer::New(PartyInput {
                phone: (!phone.trim().is_empty()).then_some(phone),
                ..PartyInput::customer(new_name.get_untracked())
            })
        } else {
            ChargeCustomer::Existing(choice)
        };
        let amount = parse_brl(&amount.get_untracked()).map_err(|e| format!("Valor: {e}"))?;
        let first_due_date =
            parse_date(&due.get_untracked()).map_err(|e| format!("Vencimento: {e}"))?;
        let installments = installments
            .get_untracked()
            .trim()
            .parse::<u32>()
            .map_err(|_| format!("Parcelas: escolha de 1 a {MAX_INSTALLMENTS} parcelas."))?;
        let method = method.get_untracked();
        let carteira = Some(carteira.get_untracked())
            .filter(|c| method == ChargeMethod::Boleto && !c.is_empty());
        Ok(ChargeRequest {
            customer,
            amount,
            first_due_date,
            method,
            description: description.get_untracked(),
            installments,
            carteira,
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let request = match request() {
            Ok(r) => r,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        busy.set(true);
        spawn_local(async move {
            let result = app
                .run(move |b, ctx| b.create_charge_with_customer(ctx, request))
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
    let has_carteiras = move || carteiras.with(|c| matches!(c, Some(Ok(list)) if !list.is_empty()));

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
                            .and_then(Result::ok)
                            .unwrap_or_default()
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
                            maxlength=retaguarda_core::money::MAX_TEXT
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
                            maxlength="20"
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
                    maxlength="20"
                    class="big-money"
                    prop:value=move || amount.get()
                    on:input=move |ev| amount.set(event_target_value(&ev))
                />
                <small class="muted">
                    {move || match minimum.get() {
                        Some(Ok(m)) => format!("Mínimo por cobrança: {}", brl(m)),
                        _ => String::new(),
                    }}
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
            <Show when=move || method.get() == ChargeMethod::Boleto && has_carteiras()>
                <label>
                    "Carteira de cobrança"
                    <select
                        name="carteira"
                        prop:value=move || carteira.get()
                        on:change=move |ev| carteira.set(event_target_value(&ev))
                    >
                        {move || carteiras.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|(id, c)| {
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
                    maxlength=retaguarda_core::money::MAX_TEXT
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
