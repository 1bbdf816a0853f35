//! The "Nova cobrança" form: customer (picked, or typed and registered with the charge),
//! amount, due date, method (with the carteira of a boleto), description and installments.
//! Everything typed stays after an error.

use leptos::prelude::*;
use retaguarda_core::charges::{ChargeCustomer, ChargeMethod, ChargeRequest, MAX_INSTALLMENTS};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::Id;

use super::boleto::{BoletoTermsFields, TermsFields};
use crate::fmt::{brl, parse_brl, parse_date};
use crate::state::{today, use_app};
use crate::ui::{
    show, Choices, Field, FieldKind, FieldResult, Form, FormError, RadioGroup, SelectField, Submit,
    Topic,
};

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
    let customers = Memo::new(move |_| app.query(&[Topic::Parties], |b| b.customers()));
    let carteiras = Memo::new(move |_| app.query(&[Topic::Carteiras], |b| b.carteiras()));
    let minimum = Memo::new(move |_| {
        app.query(&[Topic::Business], |b| {
            b.settings().map(|s| s.charge_minimum)
        })
    });
    let no_customers = customers.with_untracked(|c| c.as_ref().is_ok_and(Vec::is_empty));
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
            .with_untracked(|c| {
                c.as_ref()
                    .ok()
                    .and_then(|list| list.first().map(|(id, _)| id.clone()))
            })
            .unwrap_or_default(),
    );
    let party_choices = Signal::derive(move || -> Choices {
        customers.get().map(|list| {
            list.into_iter()
                .map(|(id, p)| (id, p.name))
                .chain([(NEW_PARTY.to_string(), "+ Novo cliente".to_string())])
                .collect()
        })
    });
    let carteira_choices = Signal::derive(move || -> Choices {
        carteiras.get().map(|list| {
            list.into_iter()
                .map(|(id, c)| {
                    let label = format!(
                        "{} · ag. {} · conta {} · cart. {}",
                        c.bank, c.agencia, c.conta, c.carteira
                    );
                    (id, label)
                })
                .collect()
        })
    });
    let has_carteiras = move || carteiras.with(|c| c.as_ref().is_ok_and(|l| !l.is_empty()));
    let terms = TermsFields::default();

    let save = Submit::new(
        move || {
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
            let typed_amount = amount.get_untracked();
            let typed_due = due.get_untracked();
            let typed_installments = installments.get_untracked();
            let method = method.get_untracked();
            let carteira = Some(carteira.get_untracked())
                .filter(|c| method == ChargeMethod::Boleto && !c.is_empty());
            let description = description.get_untracked();
            let boleto_terms = carteira.as_ref().map(|_| terms.read()).transpose();
            async move {
                let request = ChargeRequest {
                    customer,
                    amount: parse_brl(&typed_amount).field("Valor")?,
                    first_due_date: parse_date(&typed_due).field("Vencimento")?,
                    method,
                    description,
                    installments: typed_installments.trim().parse().map_err(|_| {
                        FormError::Missing(format!(
                            "Parcelas: escolha de 1 a {MAX_INSTALLMENTS} parcelas."
                        ))
                    })?,
                    carteira,
                    boleto_terms: boleto_terms?,
                };
                Ok(app
                    .run(move |b, ctx| b.create_charge_with_customer(ctx, request))
                    .await?)
            }
        },
        move |ids: Vec<Id>| {
            if let Some(first) = ids.into_iter().next() {
                on_created.run(first);
            }
        },
    );

    view! {
        <Form
            submit=save
            label="Criar cobrança"
            testid="charge-form"
            error_testid="charge-error"
            cancel_label="Cancelar"
            on_cancel=on_cancel
            class="card"
        >
            <h2>"Nova cobrança"</h2>
            <SelectField label="Cliente" value=party options=party_choices empty="Escolha o cliente" name="party"/>
            <Show when=move || party.get() == NEW_PARTY>
                <div class="inline-party">
                    <Field label="Nome do novo cliente" value=new_name name="new_party_name" autocomplete="off"/>
                    <Field label="WhatsApp do cliente (opcional)" value=new_phone kind=FieldKind::Phone name="new_party_phone" autocomplete="off"/>
                </div>
            </Show>
            <Field label="Valor (R$)" value=amount kind=FieldKind::Money name="amount" autocomplete="off"/>
            {move || show(minimum.get(), |m| view! {
                <p class="muted field-note">{format!("Mínimo por cobrança: {}", brl(m))}</p>
            })}
            <Field
                label="Vencimento"
                value=due
                kind=FieldKind::Date
                name="due"
                hint="Uma data passada registra uma dívida que já existe (fiado); ela já aparece como vencida."
            />
            <RadioGroup legend="Forma de pagamento" name="method" value=method class="checks" options=vec![
                (ChargeMethod::Pix, "Pix".to_string()),
                (ChargeMethod::Boleto, "Boleto".to_string()),
            ]/>
            <Show when=move || method.get() == ChargeMethod::Boleto && has_carteiras()>
                <SelectField label="Carteira de cobrança" value=carteira options=carteira_choices name="carteira"/>
                <BoletoTermsFields fields=terms carteira=carteira/>
            </Show>
            <Field label="Descrição" value=description name="description" placeholder="Ex.: Bolo de aniversário" autocomplete="off"/>
            <Field label="Parcelas" value=installments kind=FieldKind::Number name="installments" maxlength=2/>
        </Form>
    }
}
