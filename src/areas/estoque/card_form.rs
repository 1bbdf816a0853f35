//! The card machine form: name, acquirer, the account it deposits into, the fee of each
//! kind of sale and the deposit terms. Values stay in the fields when the core refuses them.

use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::inventory::card::{MAX_ACQUIRER, MAX_INSTALLMENTS, MAX_MACHINE_NAME};
use retaguarda_core::inventory::{CardMachine, NewCardMachine};
use retaguarda_core::Id;
use rust_decimal::Decimal;

use super::ui::{parse_number, TextField};
use crate::fmt::quantity;
use crate::state::use_app;

/// Most characters of a fee or a number of days.
const NUMBER_LEN: usize = 8;

/// A whole number of days as typed.
fn parse_days(label: &str, text: &str) -> Result<u32, String> {
    text.trim()
        .parse::<u32>()
        .map_err(|_| format!("{label}: informe um número inteiro de dias."))
}

/// Create or edit a card machine.
#[component]
pub fn CardMachineForm(
    existing: Option<(Id, CardMachine)>,
    #[prop(into)] on_done: Callback<Id>,
) -> impl IntoView {
    let app = use_app();
    let m = existing.as_ref().map(|(_, m)| m.clone());
    let editing = existing.as_ref().map(|(id, _)| id.clone());
    let name = RwSignal::new(m.as_ref().map(|m| m.name.clone()).unwrap_or_default());
    let acquirer = RwSignal::new(
        m.as_ref()
            .and_then(|m| m.acquirer.clone())
            .unwrap_or_default(),
    );
    let account = RwSignal::new(m.as_ref().map(|m| m.account.clone()).unwrap_or_default());
    let debit = RwSignal::new(
        m.as_ref()
            .map(|m| quantity(m.debit_rate))
            .unwrap_or_default(),
    );
    let credit = RwSignal::new(
        m.as_ref()
            .map(|m| quantity(m.credit_rate))
            .unwrap_or_default(),
    );
    let plans: Vec<(u32, RwSignal<String>)> = (2..=MAX_INSTALLMENTS)
        .map(|n| {
            let rate = m
                .as_ref()
                .and_then(|m| m.installment_rates.iter().find(|f| f.installments == n))
                .map(|f| quantity(f.rate))
                .unwrap_or_default();
            (n, RwSignal::new(rate))
        })
        .collect();
    let debit_days = RwSignal::new(m.as_ref().map_or(1, |m| m.debit_days).to_string());
    let credit_days = RwSignal::new(m.as_ref().map_or(30, |m| m.credit_days).to_string());
    let interval = RwSignal::new(
        m.as_ref()
            .map_or(30, |m| m.installment_interval_days)
            .to_string(),
    );
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let accounts = move || {
        app.read(|b| b.accounts().unwrap_or_default())
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, a)| !a.archived)
            .collect::<Vec<_>>()
    };
    // A new machine deposits into the first bank account unless the owner picks another.
    Effect::new(move |_| {
        if account.get_untracked().is_empty() {
            let list = accounts();
            let first = list
                .iter()
                .find(|(_, a)| a.kind == retaguarda_core::ledger::AccountKind::Bank)
                .or_else(|| list.first());
            if let Some((id, _)) = first {
                account.set(id.clone());
            }
        }
    });

    let plan_signals = plans.clone();
    let read_form = move || -> Result<NewCardMachine, String> {
        let rate =
            |label: &str, text: &str| parse_number(text).map_err(|e| format!("{label}: {e}"));
        let mut installment_rates: Vec<Decimal> = Vec::new();
        let mut gap = None;
        for (n, text) in &plan_signals {
            let text = text.get_untracked();
            if text.trim().is_empty() {
                gap.get_or_insert(*n);
                continue;
            }
            if let Some(missing) = gap {
                return Err(format!(
                    "Taxa em {missing}x: preencha as taxas de 2x até a última parcela oferecida."
                ));
            }
            installment_rates.push(rate(&format!("Taxa em {n}x"), &text)?);
        }
        Ok(NewCardMachine {
            name: name.get_untracked(),
            acquirer: Some(acquirer.get_untracked()),
            account: account.get_untracked(),
            debit_rate: rate("Taxa do débito", &debit.get_untracked())?,
            credit_rate: rate("Taxa do crédito à vista", &credit.get_untracked())?,
            installment_rates,
            debit_days: parse_days("Prazo do débito", &debit_days.get_untracked())?,
            credit_days: parse_days("Prazo do crédito", &credit_days.get_untracked())?,
            installment_interval_days: parse_days(
                "Intervalo entre parcelas",
                &interval.get_untracked(),
            )?,
        })
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = match read_form() {
            Ok(i) => i,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        let editing = editing.clone();
        busy.set(true);
        spawn_local(async move {
            let result = match editing {
                Some(id) => {
                    let again = id.clone();
                    app.run(move |b, ctx| b.update_card_machine(ctx, &id, input))
                        .await
                        .map(|()| again)
                }
                None => {
                    app.run(move |b, ctx| b.create_card_machine(ctx, input))
                        .await
                }
            };
            busy.set(false);
            match result {
                Ok(id) => {
                    error.set(None);
                    on_done.run(id);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };

    view! {
        <form on:submit=submit data-testid="maquininha-form" style="display: grid; gap: 0.5rem;">
            <TextField label="Nome da maquininha" value=name testid="maquininha-nome" maxlength=MAX_MACHINE_NAME
                placeholder="Ex.: Maquininha do balcão"/>
            <TextField label="Credenciadora ou bandeira (opcional)" value=acquirer testid="maquininha-credenciadora"
                maxlength=MAX_ACQUIRER placeholder="Ex.: Stone, Cielo, PagBank"/>
            <label>
                "Conta onde cai o dinheiro"
                <select data-testid="maquininha-conta" on:change=move |ev| account.set(event_target_value(&ev))>
                    {move || accounts().into_iter().map(|(id, a)| {
                        let sel = id.clone();
                        view! { <option value=id selected=move || account.get() == sel>{a.name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <fieldset style="border: 1px solid var(--border); border-radius: 8px; padding: 0.5rem; margin: 0; display: grid; gap: 0.5rem; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));">
                <legend style="font-weight: 600;">"Taxas (% da venda)"</legend>
                <TextField label="Débito (%)" value=debit inputmode="decimal" testid="taxa-debito" maxlength=NUMBER_LEN/>
                <TextField label="Crédito à vista (%)" value=credit inputmode="decimal" testid="taxa-credito" maxlength=NUMBER_LEN/>
                {plans.iter().map(|(n, signal)| {
                    let label: &'static str = PLAN_LABELS[(*n as usize).saturating_sub(2).min(PLAN_LABELS.len() - 1)];
                    view! { <TextField label=label value=*signal inputmode="decimal" maxlength=NUMBER_LEN/> }
                }).collect_view()}
                <small class="empty" style="grid-column: 1 / -1;">"Deixe em branco as parcelas que a maquininha não oferece."</small>
            </fieldset>
            <fieldset style="border: 1px solid var(--border); border-radius: 8px; padding: 0.5rem; margin: 0; display: grid; gap: 0.5rem; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));">
                <legend style="font-weight: 600;">"Prazos de depósito (dias após a venda)"</legend>
                <TextField label="Débito (D+)" value=debit_days inputmode="numeric" testid="prazo-debito" maxlength=3/>
                <TextField label="Crédito (D+)" value=credit_days inputmode="numeric" testid="prazo-credito" maxlength=3/>
                <TextField label="Entre parcelas (dias)" value=interval inputmode="numeric" testid="prazo-intervalo" maxlength=3/>
                <small class="empty" style="grid-column: 1 / -1;">"Depósitos que cairiam no sábado ou domingo entram na segunda-feira."</small>
            </fieldset>
            {move || error.get().map(|e| view! { <p class="alert error" role="alert" data-testid="maquininha-erro">{e}</p> })}
            <button type="submit" disabled=move || busy.get() data-testid="salvar-maquininha">"Salvar maquininha"</button>
        </form>
    }
}

/// The labels of the plans in installments, 2x to 12x.
const PLAN_LABELS: [&str; 11] = [
    "Crédito em 2x (%)",
    "Crédito em 3x (%)",
    "Crédito em 4x (%)",
    "Crédito em 5x (%)",
    "Crédito em 6x (%)",
    "Crédito em 7x (%)",
    "Crédito em 8x (%)",
    "Crédito em 9x (%)",
    "Crédito em 10x (%)",
    "Crédito em 11x (%)",
    "Crédito em 12x (%)",
];
