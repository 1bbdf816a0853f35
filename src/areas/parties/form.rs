//! The create/edit form of a customer or supplier. The CPF/CNPJ (numeric or the
//! alphanumeric CNPJ, so the field opens a text keyboard) is checked with core's rule as
//! soon as the person leaves the field; everything typed stays after an error.

use leptos::prelude::*;
use retaguarda_core::parties::{tax_id_problem, Party, PartyInput};
use retaguarda_core::Id;

use crate::state::use_app;
use crate::ui::{CheckField, Field, FieldKind, Form, Submit};

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
    let tax_error = Memo::new(move |_| tax_id_problem(&fields.tax_id.get()));
    let tax_touched = RwSignal::new(false);
    let editing = id.is_some();
    let save = Submit::new(
        move || {
            let input = fields.input();
            let id = id.clone();
            async move {
                Ok(match id {
                    Some(id) => {
                        app.run(move |b, ctx| b.update_party(ctx, &id, input).map(|()| id))
                            .await?
                    }
                    None => app.run(move |b, ctx| b.create_party(ctx, input)).await?,
                })
            }
        },
        move |id: Id| on_saved.run(id),
    );
    view! {
        <Form
            submit=save
            label="Salvar"
            testid="party-form"
            error_testid="party-error"
            cancel_label="Cancelar"
            on_cancel=on_cancel
            class="card"
        >
            <h2>{if editing { "Editar cadastro" } else { "Novo cliente ou fornecedor" }}</h2>
            <Field label="Nome" value=fields.name name="name" autocomplete="name" required=true/>
            // Not the kit's document field: the alphanumeric CNPJ needs letters, so this opens
            // a text keyboard, and its check speaks as soon as the person leaves the field.
            <label>
                "CPF ou CNPJ"
                <input
                    name="tax_id"
                    inputmode="text"
                    autocapitalize="characters"
                    spellcheck="false"
                    autocomplete="off"
                    maxlength=FieldKind::Document.maxlength()
                    prop:value=move || fields.tax_id.get()
                    on:input=move |ev| fields.tax_id.set(event_target_value(&ev))
                    on:blur=move |_| tax_touched.set(true)
                    aria-invalid=move || (tax_touched.get() && tax_error.get().is_some()).to_string()
                />
                <Show when=move || tax_touched.get() && tax_error.get().is_some()>
                    <span class="field-error" data-testid="tax-id-error">{move || tax_error.get().unwrap_or_default()}</span>
                </Show>
            </label>
            <Field label="Telefone / WhatsApp" value=fields.phone kind=FieldKind::Phone name="phone" autocomplete="tel"/>
            <Field label="E-mail" value=fields.email kind=FieldKind::Email name="email" autocomplete="email"/>
            <Field label="Endereço" value=fields.address name="address" autocomplete="street-address"/>
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
                <CheckField label="Cliente" checked=fields.is_customer name="is_customer"/>
                <CheckField label="Fornecedor" checked=fields.is_supplier name="is_supplier"/>
            </fieldset>
        </Form>
    }
}
