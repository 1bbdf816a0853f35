//! The create/edit form of a customer or supplier. The CPF/CNPJ (numeric or the
//! alphanumeric CNPJ, so the field opens a text keyboard) is checked with core's rule as
//! soon as the person leaves the field; everything typed stays after an error.

use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::money::MAX_TEXT;
use retaguarda_core::parties::{tax_id_problem, Party, PartyInput};
use retaguarda_core::Id;

use crate::state::use_app;

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
    name: &'static str,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    view! {
        <label>
            {label}
            <input
                maxlength=MAX_TEXT
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
pub(super) fn PartyForm(
    id: Option<Id>,
    party: Option<Party>,
    #[prop(into)] on_saved: Callback<Id>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let fields = PartyFields::new(party.as_ref());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let tax_error = Memo::new(move |_| tax_id_problem(&fields.tax_id.get()));
    let tax_touched = RwSignal::new(false);
    let editing = id.is_some();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = fields.input();
        let id = id.clone();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = match id {
                Some(id) => {
                    app.run(move |b, ctx| b.update_party(ctx, &id, input).map(|()| id))
                        .await
                }
                None => app.run(move |b, ctx| b.create_party(ctx, input)).await,
            };
            busy.set(false);
            match result {
                Ok(id) => on_saved.run(id),
                Err(e) => error.set(Some(e.to_string())),
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
                    maxlength="20"
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
                    maxlength="1000"
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
