//! Closing a charge: marking it paid (into an account, or a cash drawer opened on the spot),
//! cancelling it after asking, and resolving the conflict of a charge paid on one device and
//! cancelled (or paid again) on another.

use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::charges::{ChargeDetail, ChargeResolution, PayInto};
use retaguarda_core::Id;

use crate::fmt::{brl, parse_date};
use crate::state::{today, use_app};

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
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let accounts = detail.accounts.clone();
    let no_accounts = accounts.is_empty();
    let open_amount = detail.open_amount;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let date = match parse_date(&day.get_untracked()) {
            Ok(d) => d,
            Err(e) => {
                error.set(Some(format!("Data do pagamento: {e}")));
                return;
            }
        };
        let into = pay_into(account.get_untracked());
        let id = id.clone();
        busy.set(true);
        spawn_local(async move {
            let result = app
                .run(move |b, ctx| b.pay_charge_into(ctx, &id, date, into))
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
                <form on:submit=submit.clone() data-testid="pay-form" novalidate>
                    <h2>"Marcar como paga"</h2>
                    <p>"Valor recebido: " <strong class="money">{brl(open_amount)}</strong></p>
                    <label>
                        "Conta onde o dinheiro entrou"
                        <select
                            name="account"
                            prop:value=move || account.get()
                            on:change=move |ev| account.set(event_target_value(&ev))
                        >
                            {accounts
                                .iter()
                                .map(|a| {
                                    let selected = account.get_untracked() == a.id;
                                    view! { <option value=a.id.clone() selected=selected>{a.name.clone()}</option> }
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
pub(super) fn CancelSection(id: Id) -> impl IntoView {
    let app = use_app();
    let confirming = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let confirm = move |_| {
        let id = id.clone();
        let reason = reason.get_untracked();
        spawn_local(async move {
            // Core trims the reason and keeps none when it is blank.
            let result = app
                .run(move |b, ctx| b.cancel_charge(ctx, &id, Some(&reason)))
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
                            maxlength=retaguarda_core::money::MAX_TEXT
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
pub(super) fn ConflictBanner(id: Id) -> impl IntoView {
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
