//! Charge settings: the smallest amount of a charge and the reminder plan.

use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::settings::ReminderPlan;

use super::Outcome;
use crate::fmt;
use crate::state::use_app;

#[component]
pub(super) fn ChargeSettings() -> impl IntoView {
    let app = use_app();
    let settings = app
        .read(|b| b.settings().ok())
        .flatten()
        .unwrap_or_default();
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
    let result = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let min = match fmt::parse_brl(&minimum.get_untracked()) {
            Ok(v) => v,
            Err(e) => return result.set(Some(Err(format!("Valor mínimo: {e}")))),
        };
        let parsed: Result<Vec<i64>, _> = offsets
            .get_untracked()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::parse::<i64>)
            .collect();
        let Ok(parsed) = parsed else {
            return result.set(Some(Err(
                "Dias de lembrete: use números separados por vírgula, como -3, 0, 1.".into(),
            )));
        };
        let Ok(repeat) = every.get_untracked().trim().parse::<u32>() else {
            return result.set(Some(Err(
                "Repetir a cada: informe um número de dias.".into()
            )));
        };
        let plan = ReminderPlan {
            offsets: parsed,
            repeat_every_days: repeat,
        };
        spawn_local(async move {
            let outcome = app
                .run(move |b, ctx| {
                    b.set_charge_minimum(ctx, min)?;
                    b.set_reminder_plan(ctx, plan)
                })
                .await;
            result.set(Some(
                outcome
                    .map(|_| "Configurações de cobrança salvas.".to_string())
                    .map_err(|e| e.to_string()),
            ));
        });
    };
    view! {
        <section class="card" aria-labelledby="cob-h">
            <h2 id="cob-h">"Cobranças"</h2>
            <form on:submit=submit>
                <label>"Valor mínimo de uma cobrança (R$)"
                    <input inputmode="decimal" prop:value=move || minimum.get() on:input=move |ev| minimum.set(event_target_value(&ev))/>
                </label>
                <label>"Dias de lembrete em relação ao vencimento (negativo = antes)"
                    <input prop:value=move || offsets.get() on:input=move |ev| offsets.set(event_target_value(&ev))/>
                </label>
                <label>"Depois, repetir a cada (dias)"
                    <input inputmode="numeric" prop:value=move || every.get() on:input=move |ev| every.set(event_target_value(&ev))/>
                </label>
                <button type="submit">"Salvar cobranças"</button>
                <Outcome result=result/>
            </form>
        </section>
    }
}
