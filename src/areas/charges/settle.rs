//! Closing a charge: marking it paid (into an account, or a cash drawer opened on the spot),
//! cancelling it after asking, and resolving the conflict of a charge paid on one device and
//! cancelled (or paid again) on another.

use leptos::prelude::*;
use retaguarda_core::charges::{ChargeDetail, ChargeResolution, PayInto};
use retaguarda_core::Id;

use crate::fmt::{brl, parse_date};
use crate::state::{today, use_app};
use crate::ui::{Choices, Field, FieldKind, FieldResult, Form, FormErrorView, SelectField, Submit};

/// The select value that means "open a cash account named Caixa".
const NEW_CASH_ACCOUNT: &str = "__caixa";

fn option_value(into: &PayInto) -> String {
    match into {
        PayInto::Account(id) => id.clone(),
        PayInto::NewCash => NEW_CASH_ACCOUNT.to_string(),
    }
}

fn pay_into(value: String) -> PayInto {
    if value == NEW_CASH_ACCOUNT {
        PayInto::NewCash
    } else {
        PayInto::Account(value)
    }
}

#[component]
pub(super) fn PaySection(detail: ChargeDetail) -> impl IntoView {
    let app = use_app();
    let id = detail.view.id.clone();
    let open_form = RwSignal::new(false);
    let account = RwSignal::new(option_value(&detail.default_pay_into()));
    let day = RwSignal::new(today().format("%Y-%m-%d").to_string());
    // With no account yet, the one choice opens the cash drawer with the payment.
    let choices: Vec<(String, String)> = if detail.accounts.is_empty() {
        vec![(
            NEW_CASH_ACCOUNT.to_string(),
            "Caixa (dinheiro) — nova conta".to_string(),
        )]
    } else {
        detail
            .accounts
            .iter()
            .map(|a| (a.id.clone(), a.name.clone()))
            .collect()
    };
    let options = Signal::derive(move || -> Choices { Ok(choices.clone()) });
    let open_amount = detail.open_amount;
    let save = Submit::new(
        move || {
            let id = id.clone();
            let typed_day = day.get_untracked();
            let into = pay_into(account.get_untracked());
            async move {
                let date = parse_date(&typed_day).field("Data do pagamento")?;
                Ok(app
                    .run(move |b, ctx| b.pay_charge_into(ctx, &id, date, into))
                    .await?)
            }
        },
        |_payment: Id| {},
    );
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
                <Form
                    submit=save
                    label="Confirmar pagamento"
                    testid="pay-form"
                    on_cancel=move |_| open_form.set(false)
                >
                    <h2>"Marcar como paga"</h2>
                    <p>"Valor recebido: " <strong class="money">{brl(open_amount)}</strong></p>
                    <SelectField label="Conta onde o dinheiro entrou" value=account options=options name="account"/>
                    <Field label="Data do pagamento" value=day kind=FieldKind::Date name="paid_on"/>
                </Form>
            </Show>
        </section>
    }
}

#[component]
pub(super) fn CancelSection(id: Id) -> impl IntoView {
    let app = use_app();
    let confirming = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let cancel = Submit::new(
        move || {
            let id = id.clone();
            let reason = reason.get_untracked();
            // Core trims the reason and keeps none when it is blank.
            async move {
                Ok(app
                    .run(move |b, ctx| b.cancel_charge(ctx, &id, Some(&reason)))
                    .await?)
            }
        },
        move |()| confirming.set(false),
    );
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
                    <Form
                        submit=cancel
                        label="Sim, cancelar"
                        danger=true
                        button_testid="confirm-cancel"
                        on_cancel=move |_| confirming.set(false)
                    >
                        <Field label="Motivo (opcional)" value=reason name="cancel_reason"/>
                    </Form>
                </div>
            </Show>
        </section>
    }
}

#[component]
pub(super) fn ConflictBanner(id: Id) -> impl IntoView {
    let app = use_app();
    let resolve = move |resolution: ChargeResolution| {
        let id = id.clone();
        Submit::new(
            move || {
                let id = id.clone();
                async move {
                    Ok(app
                        .run(move |b, ctx| b.resolve_charge_conflict(ctx, &id, resolution))
                        .await?)
                }
            },
            |()| {},
        )
    };
    let keep_paid = resolve(ChargeResolution::KeepPaid);
    let keep_cancelled = resolve(ChargeResolution::KeepCancelled);
    view! {
        <section class="alert warn" role="alert" data-testid="charge-conflict">
            <strong>"Esta cobrança foi marcada como paga em um aparelho e cancelada (ou paga de novo) em outro."</strong>
            <p>"Escolha o que realmente aconteceu:"</p>
            <div class="actions">
                <button type="button" disabled=move || keep_paid.busy().get() on:click=move |_| keep_paid.dispatch()>
                    "O cliente pagou"
                </button>
                <button type="button" class="secondary" disabled=move || keep_cancelled.busy().get() on:click=move |_| keep_cancelled.dispatch()>
                    "Está cancelada (estornar)"
                </button>
            </div>
            <FormErrorView submit=keep_paid/>
            <FormErrorView submit=keep_cancelled/>
        </section>
    }
}
