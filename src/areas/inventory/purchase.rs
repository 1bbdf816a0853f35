//! Compra: goods bought from a supplier. Stock goes up at the unit cost paid and the
//! purchase becomes a payable in Caixa (or is paid at once from an account).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use retaguarda_core::inventory::{NewPurchase, PurchaseItem};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::Id;
use rust_decimal::Decimal;

use super::ui::{parse_number, TextField};
use super::AreaHeader;
use crate::fmt::{brl, date, parse_date};
use crate::state::{today, use_app};
use crate::ui::FieldKind;

#[derive(Clone, Debug, PartialEq)]
struct Line {
    product: RwSignal<String>,
    qty: RwSignal<String>,
    cost: RwSignal<String>,
}

impl Line {
    fn new() -> Line {
        Line {
            product: RwSignal::new(String::new()),
            qty: RwSignal::new(String::new()),
            cost: RwSignal::new(String::new()),
        }
    }
}

/// What the confirmation shows: the payable created.
#[derive(Clone, Debug)]
struct Done {
    total: Decimal,
    description: String,
    due: chrono::NaiveDate,
    open: Decimal,
}

#[component]
pub fn PurchasePage() -> impl IntoView {
    let app = use_app();
    let supplier = RwSignal::new(String::new());
    let new_supplier = RwSignal::new(String::new());
    let lines = RwSignal::new(vec![Line::new()]);
    let document = RwSignal::new(String::new());
    let due = RwSignal::new(today().to_string());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<Done>);
    let busy = RwSignal::new(false);

    let suppliers = move || {
        app.read(|b| b.suppliers().unwrap_or_default())
            .unwrap_or_default()
    };
    let products = move || {
        app.read(|b| b.products().unwrap_or_default())
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, p)| p.active)
            .collect::<Vec<_>>()
    };
    // The total as core computes it, over the lines typed so far.
    let total = move || {
        let items: Vec<PurchaseItem> = lines
            .get()
            .iter()
            .filter_map(|l| {
                Some(PurchaseItem {
                    product: l.product.get(),
                    quantity: parse_number(&l.qty.get()).ok()?,
                    unit_cost: parse_number(&l.cost.get()).ok()?,
                })
            })
            .collect();
        app.read(|b| b.quote_purchase(&items).total)
            .unwrap_or_default()
    };

    let add_supplier = move |_| {
        let name = new_supplier.get_untracked();
        spawn_local(async move {
            match app
                .run(move |b, ctx| b.create_party(ctx, PartyInput::supplier(name)))
                .await
            {
                Ok(id) => {
                    supplier.set(id);
                    new_supplier.set(String::new());
                    error.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let supplier_id: Id = supplier.get_untracked();
        if supplier_id.is_empty() {
            error.set(Some("Escolha o fornecedor.".into()));
            return;
        }
        let mut items = Vec::new();
        for (i, l) in lines.get_untracked().iter().enumerate() {
            let product = l.product.get_untracked();
            if product.is_empty() {
                continue;
            }
            let n = i + 1;
            let quantity = match parse_number(&l.qty.get_untracked()) {
                Ok(q) => q,
                Err(e) => return error.set(Some(format!("Item {n}, quantidade: {e}"))),
            };
            let unit_cost = match parse_number(&l.cost.get_untracked()) {
                Ok(c) => c,
                Err(e) => return error.set(Some(format!("Item {n}, custo: {e}"))),
            };
            items.push(PurchaseItem {
                product,
                quantity,
                unit_cost,
            });
        }
        let due_date = match parse_date(&due.get_untracked()) {
            Ok(d) => Some(d),
            Err(e) => return error.set(Some(format!("Vencimento: {e}"))),
        };
        let input = NewPurchase {
            date: today(),
            supplier: supplier_id,
            items,
            document_ref: Some(document.get_untracked().trim().to_string())
                .filter(|d| !d.is_empty()),
            due_date,
            paid_from: None,
        };
        busy.set(true);
        spawn_local(async move {
            let result = app.run(move |b, ctx| b.record_purchase(ctx, input)).await;
            busy.set(false);
            match result {
                Ok(id) => {
                    let info = app
                        .read(|b| {
                            let purchase = b.purchase(&id).ok().flatten()?;
                            let entry = b.entry(&purchase.entry).ok().flatten()?;
                            Some(Done {
                                total: purchase.total,
                                description: entry.description.clone(),
                                due: entry.due_date,
                                open: entry.open_amount(),
                            })
                        })
                        .flatten();
                    error.set(None);
                    lines.set(vec![Line::new()]);
                    document.set(String::new());
                    done.set(info);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };

    view! {
        <AreaHeader title="Compra"/>
        <p><A href="/estoque">"← Estoque"</A></p>
        <form on:submit=submit class="card" style="grid-template-columns: minmax(0, 1fr);" data-testid="compra-form">
            <label>
                "Fornecedor"
                <select data-testid="compra-fornecedor" on:change=move |ev| supplier.set(event_target_value(&ev))>
                    <option value="" selected=move || supplier.get().is_empty()>"Escolha o fornecedor"</option>
                    {move || suppliers().into_iter().map(|(id, s)| {
                        let sel = id.clone();
                        view! { <option value=id selected=move || supplier.get() == sel>{s.name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <details>
                <summary>"Cadastrar novo fornecedor"</summary>
                <div class="row" style="align-items: end; margin-top: 0.5rem;">
                    <div style="flex: 1;"><TextField label="Nome do fornecedor" value=new_supplier testid="novo-fornecedor" maxlength=FieldKind::Text.maxlength()/></div>
                    <button type="button" class="secondary" on:click=add_supplier data-testid="criar-fornecedor">"Cadastrar"</button>
                </div>
            </details>
            <h2 style="margin: 0.5rem 0 0;">"Itens"</h2>
            {move || lines.get().into_iter().enumerate().map(|(i, l)| {
                let n = i + 1;
                view! {
                    <fieldset class="card" data-testid="compra-item" style="display: grid; gap: 0.5rem;">
                        <legend>{format!("Item {n}")}</legend>
                        <label>
                            "Produto"
                            <select data-testid="compra-produto" on:change=move |ev| l.product.set(event_target_value(&ev))>
                                <option value="">"Escolha o produto"</option>
                                {products().into_iter().map(|(id, p)| {
                                    let sel = id.clone();
                                    view! { <option value=id selected=move || l.product.get() == sel>{format!("{} ({})", p.name, p.unit.code())}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                        <TextField label="Quantidade" value=l.qty inputmode="decimal" testid="compra-quantidade" maxlength=FieldKind::Quantity.maxlength()/>
                        <TextField label="Custo por unidade (R$)" value=l.cost inputmode="decimal" testid="compra-custo" maxlength=FieldKind::Quantity.maxlength()/>
                    </fieldset>
                }
            }).collect_view()}
            <button type="button" class="secondary" on:click=move |_| lines.update(|l| l.push(Line::new()))>"Mais um item"</button>
            <TextField label="Número da nota fiscal (opcional)" value=document maxlength=FieldKind::Text.maxlength()/>
            <TextField label="Vencimento" value=due kind="date" testid="compra-vencimento" maxlength=FieldKind::Date.maxlength()/>
            <p class="row"><strong>"Total"</strong><strong class="money" data-testid="compra-total">{move || brl(total())}</strong></p>
            {move || error.get().map(|e| view! { <p class="alert error" role="alert" data-testid="compra-erro">{e}</p> })}
            <button type="submit" disabled=move || busy.get() data-testid="confirmar-compra">"Registrar compra"</button>
        </form>
        {move || done.get().map(|d| view! {
            <section class="alert ok" role="status" data-testid="compra-recibo" style="margin-top: 0.75rem;">
                <strong>{format!("Compra registrada: {}", brl(d.total))}</strong>
                <p style="margin: 0.25rem 0 0;" data-testid="compra-conta">
                    {format!("Conta a pagar \"{}\" de {} vence em {}.", d.description, brl(d.open), date(d.due))}
                </p>
            </section>
        })}
    }
}
