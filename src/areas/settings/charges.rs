//! Charge settings: the smallest amount of a charge and the reminder plan.

use leptos::prelude::*;
use retaguarda_core::settings::{ReminderPlan, Settings};

use crate::fmt;
use crate::state::use_app;
use crate::ui::{show, Field, FieldKind, FieldResult, Form, FormError, Submit, Topic};

#[component]
pub(super) fn ChargeSettings() -> impl IntoView {
    let app = use_app();
    let settings = untrack(|| app.query(&[Topic::Business], |b| b.settings()));
    view! {
        <section class="card" aria-labelledby="cob-h">
            <h2 id="cob-h">"Cobranças"</h2>
            {show(settings, |s| view! { <ChargeForm settings=s/> })}
        </section>
    }
}

/// The reminder days as typed ("-3, 0, 1").
fn parse_offsets(text: &str) -> Result<Vec<i64>, FormError> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::parse::<i64>)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| {
            FormError::Missing(
                "Dias de lembrete: use números separados por vírgula, como -3, 0, 1.".into(),
            )
        })
}

#[component]
fn ChargeForm(settings: Settings) -> impl IntoView {
    let app = use_app();
    let minimum = RwSignal::new(fmt::money_input(settings.charge_minimum));
    let offsets = RwSignal::new(
        settings
            .reminder_plan
            .offsets
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    );
    let every = RwSignal::new(settings.reminder_plan.repeat_every_days.to_string());
    let saved = RwSignal::new(false);
    let save = Submit::new(
        move || {
            saved.set(false);
            let typed = (
                minimum.get_untracked(),
                offsets.get_untracked(),
                every.get_untracked(),
            );
            async move {
                let (minimum, offsets, every) = typed;
                let min = fmt::parse_brl(&minimum).field("Valor mínimo")?;
                let plan = ReminderPlan {
                    offsets: parse_offsets(&offsets)?,
                    repeat_every_days: every.trim().parse::<u32>().map_err(|_| {
                        FormError::Missing("Repetir a cada: informe um número de dias.".into())
                    })?,
                };
                Ok(app
                    .run(move |b, ctx| b.update_charge_settings(ctx, min, plan))
                    .await?)
            }
        },
        move |()| saved.set(true),
    );
    view! {
        <Form submit=save label="Salvar cobranças" testid="charge-settings-form">
            <Field label="Valor mínimo de uma cobrança (R$)" value=minimum kind=FieldKind::Money/>
            <Field label="Dias de lembrete em relação ao vencimento (negativo = antes)" value=offsets
                maxlength=60/>
            <Field label="Depois, repetir a cada (dias)" value=every kind=FieldKind::Number/>
            <Show when=move || saved.get()>
                <p class="alert ok" role="status">"Configurações de cobrança salvas."</p>
            </Show>
        </Form>
    }
}

#[cfg(test)]
mod tests {
    use super::parse_offsets;

    #[test]
    fn reminder_days_are_read_as_typed() {
        assert_eq!(parse_offsets("-3, 0, 1").ok(), Some(vec![-3, 0, 1]));
        assert_eq!(parse_offsets("").ok(), Some(vec![]));
        assert!(parse_offsets("três").is_err());
    }
}
