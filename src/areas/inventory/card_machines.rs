//! The Maquininhas tab of Estoque: the agenda de recebíveis (what each machine deposits and
//! when, with "Confirmar depósito"), the machines with their fees, and the machine form.

use leptos::prelude::*;
use retaguarda_core::inventory::{CardDeposit, CardMachine};
use retaguarda_core::Id;
use rust_decimal::Decimal;

use super::card_form::CardMachineForm;
use crate::fmt::{brl, date, quantity};
use crate::state::{today, use_app};
use crate::ui::{show, FormError, FormErrorView, Submit, Topic};

/// A fee as the owner reads it: `3,99%`.
fn percent(rate: Decimal) -> String {
    format!("{}%", quantity(rate))
}

/// The Maquininhas tab.
#[component]
pub fn CardMachines() -> impl IntoView {
    let app = use_app();
    let creating = RwSignal::new(false);
    let editing = RwSignal::new(None::<Id>);
    let machines = move || app.query(&[Topic::CardMachines], |b| b.card_machines());
    view! {
        <CardAgenda/>
        <h2>"Maquininhas"</h2>
        <button type="button" class="secondary" data-testid="nova-maquininha"
            on:click=move |_| creating.update(|c| *c = !*c)>
            {move || if creating.get() { "Fechar formulário" } else { "Nova maquininha" }}
        </button>
        <Show when=move || creating.get()>
            <section class="card" style="margin-top: 0.75rem;">
                <h3 style="margin-top: 0;">"Nova maquininha"</h3>
                <CardMachineForm existing=None on_done=Callback::new(move |_| creating.set(false))/>
            </section>
        </Show>
        {move || show(machines(), move |list| {
            if list.is_empty() {
                return view! {
                    <p class="empty" style="margin-top: 0.75rem;">
                        "Nenhuma maquininha. Cadastre a sua para que as vendas no cartão entrem na data e no valor que a credenciadora deposita."
                    </p>
                }
                .into_any();
            }
            view! {
                <ul class="list" style="margin-top: 0.75rem;">
                    {list.into_iter().map(|(id, m)| {
                        let open = id.clone();
                        let shown = id.clone();
                        view! {
                            <li class="card" data-testid="maquininha-row">
                                <MachineSummary id=id.clone() machine=m.clone()/>
                                <button type="button" class="secondary" style="margin-top: 0.5rem;"
                                    on:click=move |_| editing.update(|e| {
                                        *e = if e.as_deref() == Some(open.as_str()) { None } else { Some(open.clone()) }
                                    })>
                                    "Editar"
                                </button>
                                <Show when=move || editing.get().as_deref() == Some(shown.as_str())>
                                    <CardMachineForm existing=Some((id.clone(), m.clone()))
                                        on_done=Callback::new(move |_| editing.set(None))/>
                                </Show>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        })}
    }
}

/// One machine: name, account, fees and terms, and the switch to deactivate it.
#[component]
fn MachineSummary(id: Id, machine: CardMachine) -> impl IntoView {
    let app = use_app();
    let account = {
        let acc = machine.account.clone();
        move || {
            app.query(&[Topic::Accounts], |b| b.account(&acc))
                .ok()
                .flatten()
                .map(|a| a.name)
                .unwrap_or_else(|| "uma conta que não existe mais".into())
        }
    };
    let active = machine.active;
    let toggle = Submit::new(
        move || {
            let id = id.clone();
            async move {
                app.run(move |b, ctx| b.set_card_machine_active(ctx, &id, !active))
                    .await?;
                Ok::<(), FormError>(())
            }
        },
        |_| {},
    );
    let plans = if machine.installment_rates.is_empty() {
        "Não parcela".to_string()
    } else {
        machine
            .installment_rates
            .iter()
            .map(|f| format!("{}x {}", f.installments, percent(f.rate)))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    view! {
        <div>
            <strong>{machine.name.clone()}</strong>
            {machine.acquirer.clone().map(|a| view! { " " <small class="empty">{a}</small> })}
            {(!active).then(|| view! { " " <span class="badge">"Desativada"</span> })}
        </div>
        <small>{move || format!("Deposita em {}", account())}</small>
        <dl style="display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 0.125rem 0.75rem; margin: 0.5rem 0;">
            <dt>"Débito"</dt>
            <dd>{format!("{} · D+{}", percent(machine.debit_rate), machine.debit_days)}</dd>
            <dt>"Crédito à vista"</dt>
            <dd>{format!("{} · D+{}", percent(machine.credit_rate), machine.credit_days)}</dd>
            <dt>"Parcelado"</dt>
            <dd>{plans}{format!(" · parcelas a cada {} dias", machine.installment_interval_days)}</dd>
        </dl>
        <button type="button" class="secondary" disabled=move || toggle.busy().get() on:click=move |_| toggle.dispatch()>
            {if active { "Desativar" } else { "Reativar" }}
        </button>
        <FormErrorView submit=toggle/>
    }
}

/// What the acquirers will deposit and when.
#[component]
pub fn CardAgenda() -> impl IntoView {
    let app = use_app();
    let agenda = move || {
        app.query(&[Topic::CardMachines, Topic::Sales, Topic::Entries], |b| {
            b.card_agenda()
        })
    };
    view! {
        <section class="card" data-testid="agenda-recebiveis" style="margin-top: 0.75rem;">
            <h2 style="margin-top: 0;">"Agenda de recebíveis"</h2>
            {move || show(agenda(), |days| {
                if days.is_empty() {
                    return view! { <p class="empty">"Nenhum depósito de cartão a receber."</p> }.into_any();
                }
                view! {
                    <ul class="list">
                        {days.into_iter().map(|d| view! { <DepositRow deposit=d/> }).collect_view()}
                    </ul>
                }
                .into_any()
            })}
        </section>
    }
}

/// One machine's deposit on one date.
#[component]
fn DepositRow(deposit: CardDeposit) -> impl IntoView {
    let app = use_app();
    let late = deposit.date < today();
    let machine = deposit.machine.clone();
    let scheduled = deposit.date;
    // The deposit is recorded as received today, in the machine's account.
    let confirm = Submit::new(
        move || {
            let machine = machine.clone();
            async move {
                app.run(move |b, ctx| b.confirm_card_deposit(ctx, &machine, scheduled, today()))
                    .await?;
                Ok::<(), FormError>(())
            }
        },
        |_| {},
    );
    let busy = confirm.busy();
    let parts = deposit
        .items
        .iter()
        .map(|i| {
            let plan = if i.installment.of > 1 {
                format!(" · {}/{}", i.installment.number, i.installment.of)
            } else {
                String::new()
            };
            format!("{}{plan}: {}", i.description, brl(i.installment.net))
        })
        .collect::<Vec<_>>();
    view! {
        <li class="card" data-testid="deposito">
            <div class="row">
                <span>
                    <strong data-testid="deposito-data">{date(deposit.date)}</strong>
                    " · "{deposit.machine_name.clone()}
                    {late.then(|| view! { " " <span class="badge overdue">"Atrasado"</span> })}
                </span>
                <strong class="money" data-testid="deposito-liquido">{brl(deposit.net)}</strong>
            </div>
            <small data-testid="deposito-detalhe">
                {format!("Bruto {} − taxa {}", brl(deposit.gross), brl(deposit.fee))}
            </small>
            <details>
                <summary>{format!("{} parcela(s)", deposit.items.len())}</summary>
                <ul>{parts.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </details>
            <button type="button" class="secondary" disabled=move || busy.get() on:click=move |_| confirm.dispatch()
                data-testid="confirmar-deposito">
                "Confirmar depósito"
            </button>
            <FormErrorView submit=confirm/>
        </li>
    }
}
