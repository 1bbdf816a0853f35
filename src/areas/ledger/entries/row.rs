//! One entry of the list: what it is, its state, and the buttons that open its panels.

use leptos::prelude::*;
use leptos_router::components::A;
use retaguarda_core::ledger::listing::EntryRow;
use retaguarda_core::ledger::{EntryKind, EntryStatus};
use rust_decimal::Decimal;

use super::actions::{CancelForm, EditForm, PayForm, VoidForm};
use super::{Acting, Panel};
use crate::fmt::{brl, date};

fn status_badge(r: &EntryRow) -> (&'static str, &'static str) {
    match r.status {
        EntryStatus::Paid => (
            "badge paid",
            if r.kind == EntryKind::Payable {
                "Paga"
            } else {
                "Recebida"
            },
        ),
        EntryStatus::Cancelled => ("badge", "Cancelada"),
        _ if r.overdue => ("badge overdue", "Vencida"),
        EntryStatus::Partial => ("badge", "Parcial"),
        EntryStatus::Open => ("badge", "Em aberto"),
    }
}

#[component]
pub fn EntryRowView(
    row: EntryRow,
    acting: Acting,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let (badge_class, badge) = status_badge(&row);
    let open = matches!(row.status, EntryStatus::Open | EntryStatus::Partial);
    let payable = row.kind == EntryKind::Payable;
    let editable = row.status != EntryStatus::Cancelled && row.charge.is_none();
    let voidable = row.paid > Decimal::ZERO && row.charge.is_none();
    let id = row.id.clone();
    let is_open = {
        let id = id.clone();
        move |p: Panel| acting.get().is_some_and(|(i, x)| i == id && x == p)
    };
    let opener = |panel: Panel| {
        let id = id.clone();
        move |_| acting.set(Some((id.clone(), panel)))
    };
    let panel = {
        let row = row.clone();
        move || {
            let id = row.id.clone();
            if is_open(Panel::Pay) {
                Some(view! { <PayForm row=row.clone() acting=acting notice=notice/> }.into_any())
            } else if is_open(Panel::Cancel) {
                Some(view! { <CancelForm id=id acting=acting notice=notice/> }.into_any())
            } else if is_open(Panel::Edit) {
                Some(view! { <EditForm id=id acting=acting notice=notice/> }.into_any())
            } else if is_open(Panel::Void) {
                Some(view! { <VoidForm id=id acting=acting notice=notice/> }.into_any())
            } else {
                None
            }
        }
    };
    view! {
        <li class="card" data-testid="lancamento" data-id=row.id.clone()>
            <div class="row" style="align-items:flex-start">
                <div style="min-width:0">
                    <div style="font-weight:600;overflow-wrap:anywhere">{row.description.clone()}</div>
                    <div class="empty" style="font-size:0.85rem">
                        {if payable { "A pagar" } else { "A receber" }}" · vence "{date(row.due)}
                        {row.party.clone().map(|p| format!(" · {p}"))}
                        {row.category.clone().map(|c| format!(" · {c}"))}
                    </div>
                </div>
                <div style="text-align:right">
                    <div class=if payable { "value money negative" } else { "value money" } style="font-weight:700">{brl(row.amount)}</div>
                    <span class=badge_class data-testid="lancamento-situacao">{badge}</span>
                </div>
            </div>
            {(row.paid > Decimal::ZERO && row.open > Decimal::ZERO).then(|| view! {
                <div class="empty" style="font-size:0.85rem" data-testid="lancamento-aberto">
                    {format!("Pago {} · falta {}", brl(row.paid), brl(row.open))}
                </div>
            })}
            {match (open, row.charge.clone()) {
                (true, Some(c)) => view! {
                    <p style="margin:0.5rem 0 0"><A href=format!("/cobrancas/{c}") attr:class="text-link">"Receber pela cobrança"</A></p>
                }.into_any(),
                (true, None) => view! {
                    <div class="row" style="justify-content:flex-start;margin-top:0.5rem">
                        <button type="button" data-testid="lancamento-pagar"
                            on:click=opener(Panel::Pay)>{if payable { "Pagar" } else { "Receber" }}</button>
                        <button type="button" class="secondary" data-testid="lancamento-cancelar"
                            on:click=opener(Panel::Cancel)>"Cancelar"</button>
                    </div>
                }.into_any(),
                _ => ().into_any(),
            }}
            {(editable || voidable).then(|| view! {
                <div class="row" style="justify-content:flex-start;margin-top:0.5rem;flex-wrap:wrap">
                    {editable.then(|| view! {
                        <button type="button" class="secondary" data-testid="lancamento-alterar"
                            on:click=opener(Panel::Edit)>"Alterar"</button>
                    })}
                    {voidable.then(|| view! {
                        <button type="button" class="secondary" data-testid="lancamento-estornar"
                            on:click=opener(Panel::Void)>"Estornar pagamento"</button>
                    })}
                </div>
            })}
            {panel}
        </li>
    }
}
