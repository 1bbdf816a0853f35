//! One product: stock, average cost and value, edit, activate, adjustments and movements.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use retaguarda_core::inventory::{MovementKind, NewMovement, Unit};
use retaguarda_core::Id;

use super::form::ProductForm;
use super::{capitalise, qty_unit, AreaHeader, PAGE};
use crate::fmt::{brl, date, parse_number, quantity};
use crate::state::{today, use_app};
use crate::ui::{
    show, Field, FieldKind, FieldResult, Form, FormError, FormErrorView, RadioGroup, SelectField,
    Submit, Topic,
};

/// One product: stock, average cost, history, edit and adjustments.
#[component]
pub fn ProductPage() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let editing = RwSignal::new(false);
    let data = move || {
        let id = id();
        app.query(
            &[Topic::Products, Topic::Movements, Topic::Parties],
            move |b| {
                let Some(product) = b.product(&id)? else {
                    return Ok(None);
                };
                let position = b.stock_position(&id)?;
                let supplier = match &product.supplier {
                    Some(s) => b.party(s)?.map(|p| p.name),
                    None => None,
                };
                Ok(Some((id, product, position, supplier)))
            },
        )
    };
    // The forms below are rebuilt only when the product changes, so a message or a value
    // being typed survives other changes to the document.
    let key = Memo::new(move |_| {
        data()
            .ok()
            .flatten()
            .map(|(pid, product, _, _)| (pid, product.unit))
    });
    let editable = Memo::new(move |_| {
        data()
            .ok()
            .flatten()
            .map(|(pid, product, _, _)| (pid, product))
    });
    view! {
        <AreaHeader title="Produto"/>
        <p><A href="/estoque">"← Estoque"</A></p>
        {move || show(data(), |found| match found {
            None => view! { <p class="empty">"Produto não encontrado."</p> }.into_any(),
            Some((pid, product, position, supplier)) => {
                let low = product.reorder_point.is_some_and(|p| position.quantity <= p);
                let unit = product.unit;
                let toggle_id = pid.clone();
                let active = product.active;
                view! {
                    <section class="card" data-testid="produto-detalhe">
                        <h2 style="margin-top: 0;">{product.name.clone()}</h2>
                        <p class="empty">
                            {format!("Cód. {}", product.sku)}
                            {product.gtin.clone().map(|g| format!(" · GTIN {g}"))}
                            {supplier.map(|s| format!(" · Fornecedor: {s}"))}
                        </p>
                        <div class="tiles">
                            <div class="tile">
                                <div class="label">"Estoque"</div>
                                <div class="value" data-testid="estoque-atual">{qty_unit(position.quantity, unit)}</div>
                                {low.then(|| view! { <span class="badge low">"Estoque baixo"</span> })}
                                {position.needs_review().then(|| view! { <span class="badge overdue">"Estoque negativo: faça um ajuste"</span> })}
                            </div>
                            <div class="tile">
                                <div class="label">"Custo médio"</div>
                                <div class="value money" data-testid="custo-medio">{brl(position.average_cost)}</div>
                            </div>
                            <div class="tile">
                                <div class="label">"Valor em estoque"</div>
                                <div class="value money">{brl(position.value)}</div>
                            </div>
                            <div class="tile">
                                <div class="label">"Preço de venda"</div>
                                <div class="value money">{brl(product.price)}</div>
                            </div>
                        </div>
                        <p>{product.reorder_point.map(|p| format!("Repor quando chegar a {}.", qty_unit(p, unit)))}</p>
                        <div class="row" style="justify-content: flex-start; gap: 0.5rem; flex-wrap: wrap;">
                            <button type="button" class="secondary" on:click=move |_| editing.update(|e| *e = !*e)>
                                {move || if editing.get() { "Fechar edição" } else { "Editar" }}
                            </button>
                            <ActiveToggle id=toggle_id active=active/>
                        </div>
                    </section>
                }
                .into_any()
            }
        })}
        {move || (editing.get()).then(|| editable.get()).flatten().map(|existing| view! {
            <section class="card" style="margin-top: 0.75rem;">
                <h2 style="margin-top: 0;">"Editar produto"</h2>
                <ProductForm existing=Some(existing) on_done=Callback::new(move |_| editing.set(false))/>
            </section>
        })}
        {move || key.get().map(|(pid, unit)| view! { <AdjustForm id=pid.clone() unit=unit/> <Movements id=pid/> })}
    }
}

/// Deactivate or reactivate a product.
#[component]
fn ActiveToggle(id: Id, active: bool) -> impl IntoView {
    let app = use_app();
    let toggle = Submit::new(
        move || {
            let id = id.clone();
            async move {
                app.run(move |b, ctx| b.set_product_active(ctx, &id, !active))
                    .await?;
                Ok::<(), FormError>(())
            }
        },
        |_| {},
    );
    let busy = toggle.busy();
    view! {
        <button type="button" class="secondary" disabled=move || busy.get() on:click=move |_| toggle.dispatch()>
            {if active { "Desativar" } else { "Reativar" }}
        </button>
        <FormErrorView submit=toggle/>
    }
}

/// Adjustment, loss or return with its reason.
#[component]
fn AdjustForm(id: Id, unit: Unit) -> impl IntoView {
    let app = use_app();
    let kind = RwSignal::new(MovementKind::Adjustment);
    // Adjustments and returns go either way; the person says which.
    let direction_in = RwSignal::new(false);
    let qty = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let done = RwSignal::new(None::<String>);
    let save = Submit::new(
        move || {
            let id = id.clone();
            let (typed, k, inward, why) = (
                qty.get_untracked(),
                kind.get_untracked(),
                direction_in.get_untracked(),
                reason.get_untracked(),
            );
            done.set(None);
            async move {
                let amount = parse_number(&typed).field("Quantidade")?.abs();
                let signed = if k == MovementKind::Loss || !inward {
                    -amount
                } else {
                    amount
                };
                let input = NewMovement {
                    product: id,
                    date: today(),
                    kind: k,
                    quantity: signed,
                    unit_cost: None,
                    reason: Some(why.trim().to_string()).filter(|r| !r.is_empty()),
                };
                app.run(move |b, ctx| b.record_movement(ctx, input)).await?;
                Ok::<_, FormError>((k, signed))
            }
        },
        move |(k, signed): (MovementKind, rust_decimal::Decimal)| {
            done.set(Some(format!(
                "{} de {} registrado(a).",
                capitalise(k.label()),
                qty_unit(signed, unit)
            )));
            qty.set(String::new());
            reason.set(String::new());
        },
    );
    let kinds = [
        MovementKind::Adjustment,
        MovementKind::Loss,
        MovementKind::Return,
    ];
    let kind_choices = Signal::derive(move || {
        Ok(kinds
            .into_iter()
            .map(|k| (k.code().to_string(), capitalise(k.label())))
            .collect())
    });
    // The select holds the kind's code; the form keeps the kind.
    let kind_code = RwSignal::new(kind.get_untracked().code().to_string());
    Effect::new(move || {
        if let Some(k) = MovementKind::from_code(&kind_code.get()) {
            kind.set(k)
        }
    });
    view! {
        <details class="card" style="margin-top: 0.75rem;">
            <summary><strong>"Ajuste, perda ou devolução"</strong></summary>
            <Form submit=save label="Registrar" testid="ajuste-form" class="inline">
                <SelectField label="Tipo" value=kind_code options=kind_choices/>
                <Show when=move || kind.get() != MovementKind::Loss>
                    <RadioGroup legend="Direção" name="direcao" value=direction_in options=vec![
                        (false, "Saída (diminui o estoque)".to_string()),
                        (true, "Entrada (aumenta o estoque)".to_string()),
                    ]/>
                </Show>
                <Field label="Quantidade" value=qty kind=FieldKind::Quantity testid="ajuste-quantidade"/>
                <Field label="Motivo" value=reason testid="ajuste-motivo" placeholder="Ex.: contagem, validade vencida"/>
                {move || done.get().map(|m| view! { <p class="alert ok" role="status">{m}</p> })}
            </Form>
        </details>
    }
}

/// The product's stock movements, newest first, 50 at a time.
#[component]
fn Movements(id: Id) -> impl IntoView {
    let app = use_app();
    let shown = RwSignal::new(PAGE);
    let movements = move || {
        let id = id.clone();
        app.query(&[Topic::Movements], move |b| b.product_movements(&id))
    };
    view! {
        <h2>"Movimentos"</h2>
        {move || show(movements(), |mut list| {
            if list.is_empty() {
                return view! { <p class="empty">"Nenhum movimento ainda."</p> }.into_any();
            }
            list.reverse();
            let total = list.len();
            let rows = list.into_iter().take(shown.get()).map(|(_, m)| view! {
                <tr>
                    <td>{date(m.date)}</td>
                    <td>{capitalise(m.kind.label())}{m.reason.clone().map(|r| view! { <br/><small>{r}</small> })}</td>
                    <td class="num">{quantity(m.quantity)}</td>
                    <td class="num money">{brl(m.unit_cost)}</td>
                </tr>
            }).collect_view();
            view! {
                <table data-testid="movimentos">
                    <thead><tr><th>"Data"</th><th>"Tipo"</th><th class="num">"Qtd."</th><th class="num">"Custo un."</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <Show when=move || { shown.get() < total }>
                    <button type="button" class="secondary" style="margin-top: 0.5rem;" on:click=move |_| shown.update(|s| *s += PAGE)>"Mostrar mais"</button>
                </Show>
            }
            .into_any()
        })}
    }
}
