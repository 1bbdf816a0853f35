//! The card machine form: name, acquirer, the account it deposits into, the fee of each
//! kind of sale and the deposit terms. Values stay in the fields when the core refuses them.

use leptos::prelude::*;
use retaguarda_core::inventory::card::{MAX_ACQUIRER, MAX_INSTALLMENTS, MAX_MACHINE_NAME};
use retaguarda_core::inventory::{CardMachine, NewCardMachine};
use retaguarda_core::ledger::AccountKind;
use retaguarda_core::Id;
use rust_decimal::Decimal;

use crate::fmt::{parse_number, quantity};
use crate::state::use_app;
use crate::ui::{Field, FieldKind, FieldResult, Form, FormError, SelectField, Submit, Topic};

/// Most characters of a fee.
const RATE_LEN: usize = 8;

/// A whole number of days as typed.
fn parse_days(label: &str, text: &str) -> Result<u32, FormError> {
    text.trim()
        .parse::<u32>()
        .map_err(|_| FormError::Missing(format!("{label}: informe um número inteiro de dias.")))
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
    let accounts = Memo::new(move |_| {
        app.query(&[Topic::Accounts], |b| b.accounts()).map(|list| {
            list.into_iter()
                .filter(|(_, a)| !a.archived)
                .collect::<Vec<_>>()
        })
    });
    let choices = Signal::derive(move || {
        accounts
            .get()
            .map(|list| list.into_iter().map(|(id, a)| (id, a.name)).collect())
    });
    // A new machine deposits into the first bank account unless the owner picks another.
    Effect::new(move |_| {
        if account.get_untracked().is_empty() {
            let list = accounts.get().unwrap_or_default();
            let first = list
                .iter()
                .find(|(_, a)| a.kind == AccountKind::Bank)
                .or_else(|| list.first());
            if let Some((id, _)) = first {
                account.set(id.clone());
            }
        }
    });

    let plan_signals = plans.clone();
    let read_form = move || -> Result<NewCardMachine, FormError> {
        let mut installment_rates: Vec<Decimal> = Vec::new();
        let mut gap = None;
        for (n, text) in &plan_signals {
            let text = text.get_untracked();
            if text.trim().is_empty() {
                gap.get_or_insert(*n);
                continue;
            }
            if let Some(missing) = gap {
                return Err(FormError::Missing(format!(
                    "Taxa em {missing}x: preencha as taxas de 2x até a última parcela oferecida."
                )));
            }
            let rate = parse_number(&text)
                .map_err(|e| FormError::Missing(format!("Taxa em {n}x: {e}")))?;
            installment_rates.push(rate);
        }
        Ok(NewCardMachine {
            name: name.get_untracked(),
            acquirer: Some(acquirer.get_untracked()),
            account: account.get_untracked(),
            debit_rate: parse_number(&debit.get_untracked()).field("Taxa do débito")?,
            credit_rate: parse_number(&credit.get_untracked()).field("Taxa do crédito à vista")?,
            installment_rates,
            debit_days: parse_days("Prazo do débito", &debit_days.get_untracked())?,
            credit_days: parse_days("Prazo do crédito", &credit_days.get_untracked())?,
            installment_interval_days: parse_days(
                "Intervalo entre parcelas",
                &interval.get_untracked(),
            )?,
        })
    };

    let save = Submit::new(
        move || {
            let editing = editing.clone();
            let input = read_form();
            async move {
                let input = input?;
                let id = match editing {
                    Some(id) => {
                        let again = id.clone();
                        app.run(move |b, ctx| b.update_card_machine(ctx, &again, input))
                            .await?;
                        id
                    }
                    None => {
                        app.run(move |b, ctx| b.create_card_machine(ctx, input))
                            .await?
                    }
                };
                Ok::<Id, FormError>(id)
            }
        },
        move |id| on_done.run(id),
    );

    view! {
        <Form submit=save label="Salvar maquininha" testid="maquininha-form" button_testid="salvar-maquininha"
            error_testid="maquininha-erro">
            <Field label="Nome da maquininha" value=name testid="maquininha-nome" maxlength=MAX_MACHINE_NAME
                placeholder="Ex.: Maquininha do balcão"/>
            <Field label="Credenciadora ou bandeira (opcional)" value=acquirer testid="maquininha-credenciadora"
                maxlength=MAX_ACQUIRER placeholder="Ex.: Stone, Cielo, PagBank"/>
            <SelectField label="Conta onde cai o dinheiro" value=account options=choices testid="maquininha-conta"/>
            <fieldset style="border: 1px solid var(--border); border-radius: 8px; padding: 0.5rem; margin: 0; display: grid; gap: 0.5rem; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));">
                <legend style="font-weight: 600;">"Taxas (% da venda)"</legend>
                <Field label="Débito (%)" value=debit kind=FieldKind::Quantity testid="taxa-debito" maxlength=RATE_LEN/>
                <Field label="Crédito à vista (%)" value=credit kind=FieldKind::Quantity testid="taxa-credito" maxlength=RATE_LEN/>
                {plans.iter().map(|(n, signal)| {
                    let label: &'static str = PLAN_LABELS[(*n as usize).saturating_sub(2).min(PLAN_LABELS.len() - 1)];
                    view! { <Field label=label value=*signal kind=FieldKind::Quantity maxlength=RATE_LEN/> }
                }).collect_view()}
                <small class="empty" style="grid-column: 1 / -1;">"Deixe em branco as parcelas que a maquininha não oferece."</small>
            </fieldset>
            <fieldset style="border: 1px solid var(--border); border-radius: 8px; padding: 0.5rem; margin: 0; display: grid; gap: 0.5rem; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));">
                <legend style="font-weight: 600;">"Prazos de depósito (dias após a venda)"</legend>
                <Field label="Débito (D+)" value=debit_days kind=FieldKind::Number testid="prazo-debito" maxlength=3/>
                <Field label="Crédito (D+)" value=credit_days kind=FieldKind::Number testid="prazo-credito" maxlength=3/>
                <Field label="Entre parcelas (dias)" value=interval kind=FieldKind::Number testid="prazo-intervalo" maxlength=3/>
                <small class="empty" style="grid-column: 1 / -1;">"Depósitos que cairiam no sábado ou domingo entram na segunda-feira."</small>
            </fieldset>
        </Form>
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
