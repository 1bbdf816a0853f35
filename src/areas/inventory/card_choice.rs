//! The card part of Nova venda: which machine, débito or crédito, in how many installments,
//! and what the acquirer will deposit and when (core's quote, shown before confirming).

use leptos::prelude::*;
use leptos_router::components::A;
use retaguarda_core::inventory::{CardChoice, CardKind};
use rust_decimal::Decimal;

use crate::fmt::{brl, date};
use crate::state::{today, use_app};
use crate::ui::{RadioGroup, ReadErrorView, SelectField, Topic};

/// What the cashier picks for a card sale; `machine` is empty when the business has no
/// active machine (the sale is then received at once in the chosen account).
#[derive(Clone, Copy)]
pub struct CardPick {
    pub machine: RwSignal<String>,
    pub kind: RwSignal<CardKind>,
    pub installments: RwSignal<u32>,
}

impl CardPick {
    pub fn new() -> CardPick {
        CardPick {
            machine: RwSignal::new(String::new()),
            kind: RwSignal::new(CardKind::Credit),
            installments: RwSignal::new(1),
        }
    }

    /// The choice to record, if a machine is picked.
    pub fn choice(&self) -> Option<CardChoice> {
        let machine = self.machine.get_untracked();
        if machine.is_empty() {
            return None;
        }
        let kind = self.kind.get_untracked();
        Some(CardChoice {
            machine,
            kind,
            installments: match kind {
                CardKind::Debit => 1,
                CardKind::Credit => self.installments.get_untracked().max(1),
            },
        })
    }
}

/// Machine, kind, installments and the deposits they give for `total`.
#[component]
pub fn CardFields(pick: CardPick, #[prop(into)] total: Signal<Decimal>) -> impl IntoView {
    let app = use_app();
    // A failed read shows as "no machine": the sale can still be received at once, and the
    // Maquininhas tab shows the read error itself.
    let read = move || {
        app.query(&[Topic::CardMachines], |b| b.card_machines())
            .map(|list| {
                list.into_iter()
                    .filter(|(_, m)| m.active)
                    .collect::<Vec<_>>()
            })
    };
    // The view shows a failed read itself; the helpers below see no machine then.
    let machines = move || read().into_iter().flatten().collect::<Vec<_>>();
    // The first machine is preselected, so a card sale takes as few taps as possible.
    Effect::new(move |_| {
        let list = machines();
        let current = pick.machine.get_untracked();
        if !list.iter().any(|(id, _)| *id == current) {
            pick.machine
                .set(list.first().map(|(id, _)| id.clone()).unwrap_or_default());
        }
    });
    let max_installments = move || {
        let id = pick.machine.get();
        machines()
            .into_iter()
            .find(|(m, _)| *m == id)
            .map_or(1, |(_, m)| m.max_installments())
    };
    let schedule = move || {
        let kind = pick.kind.get();
        let installments = match kind {
            CardKind::Debit => 1,
            CardKind::Credit => pick.installments.get(),
        };
        let choice = CardChoice {
            machine: pick.machine.get(),
            kind,
            installments,
        };
        let gross = total.get();
        if choice.machine.is_empty() || gross <= Decimal::ZERO {
            return None;
        }
        Some(
            app.query(&[Topic::CardMachines], |b| {
                b.card_quote(&choice, today(), gross)
            })
            .map_err(|e| e.to_string()),
        )
    };
    let machine_choices =
        Signal::derive(move || Ok(machines().into_iter().map(|(id, m)| (id, m.name)).collect()));
    // The select holds text; the pick keeps the number the core takes.
    let installments = RwSignal::new(pick.installments.get_untracked().to_string());
    Effect::new(move || {
        pick.installments
            .set(installments.get().parse().unwrap_or(1))
    });
    let installment_choices = Signal::derive(move || {
        Ok((1..=max_installments())
            .map(|n| {
                let label = if n == 1 {
                    "À vista".to_string()
                } else {
                    format!("{n}x")
                };
                (n.to_string(), label)
            })
            .collect())
    });
    view! {
        {move || read().err().map(|error| view! { <ReadErrorView error=error/> })}
        {move || if read().is_ok_and(|list| list.is_empty()) {
            view! {
                <p class="alert warn" data-testid="venda-sem-maquininha">
                    "Nenhuma maquininha cadastrada: a venda no cartão entra inteira agora na conta escolhida. "
                    <A href="/estoque?aba=maquininhas">"Cadastrar maquininha"</A>
                </p>
            }.into_any()
        } else if machines().is_empty() {
            ().into_any()
        } else {
            view! {
                <SelectField label="Maquininha" value=pick.machine options=machine_choices testid="venda-maquininha"/>
                <RadioGroup legend="Cartão" name="cartao" value=pick.kind options=vec![
                    (CardKind::Debit, "Débito".to_string()),
                    (CardKind::Credit, "Crédito".to_string()),
                ]/>
                <Show when=move || pick.kind.get() == CardKind::Credit>
                    <SelectField label="Parcelas" value=installments options=installment_choices testid="venda-parcelas"/>
                </Show>
                {move || schedule().map(|r| match r {
                    Ok(list) => view! {
                        <div data-testid="venda-depositos">
                            <strong>"A maquininha deposita"</strong>
                            <ul style="margin: 0.25rem 0 0; padding-left: 1.25rem;">
                                {list.into_iter().map(|i| view! {
                                    <li>
                                        {format!("{} · {} ", date(i.date), brl(i.net))}
                                        <small>{format!("(taxa {})", brl(i.fee))}</small>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </div>
                    }.into_any(),
                    Err(e) => view! { <p class="alert warn">{e}</p> }.into_any(),
                })}
            }.into_any()
        }}
    }
}
