//! Compra: goods bought from a supplier. Stock goes up at the unit cost paid and the
//! purchase becomes a payable in Caixa (or is paid at once from an account). Fields, the
//! two submits (the purchase, and a new supplier) and the reads come from the UI kit.

use leptos::prelude::*;
use leptos_router::components::A;
use retaguarda_core::inventory::{NewPurchase, PurchaseItem, PurchaseReceipt};
use retaguarda_core::parties::PartyInput;
use rust_decimal::Decimal;

use super::AreaHeader;
use crate::fmt::{brl, date, parse_date, parse_number};
use crate::state::{today, use_app};
use crate::ui::{
    show, Field, FieldKind, FieldResult, Form, FormError, FormErrorView, ReadError, SelectField,
    Submit, Topic,
};

/// One item as typed.
#[derive(Clone, Copy, Debug, PartialEq)]
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

/// The items typed so far with a product chosen; the first unreadable number is named by
/// its item ("Item 2, custo: ...").
fn typed_items(lines: &[Line]) -> Result<Vec<PurchaseItem>, FormError> {
    let mut items = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let product = l.product.get_untracked();
        if product.is_empty() {
            continue;
        }
        let n = i + 1;
        let quantity =
            parse_number(&l.qty.get_untracked()).field_at(format!("Item {n}, quantidade"))?;
        let unit_cost =
            parse_number(&l.cost.get_untracked()).field_at(format!("Item {n}, custo"))?;
        items.push(PurchaseItem {
            product,
            quantity,
            unit_cost,
        });
    }
    Ok(items)
}

#[component]
pub fn PurchasePage() -> impl IntoView {
    let app = use_app();
    let supplier = RwSignal::new(String::new());
    let new_supplier = RwSignal::new(String::new());
    let lines = RwSignal::new(vec![Line::new()]);
    let document = RwSignal::new(String::new());
    let due = RwSignal::new(today().to_string());
    let done = RwSignal::new(None::<Result<Option<PurchaseReceipt>, ReadError>>);

    let suppliers = Signal::derive(move || {
        app.query(&[Topic::Parties], |b| b.suppliers())
            .map(|list| list.into_iter().map(|(id, s)| (id, s.name)).collect())
    });
    let products = Signal::derive(move || {
        app.query(&[Topic::Products], |b| b.products()).map(|list| {
            list.into_iter()
                .filter(|(_, p)| p.active)
                .map(|(id, p)| (id, format!("{} ({})", p.name, p.unit.code())))
                .collect()
        })
    });
    // The total as core computes it, over the lines typed so far (a line not yet readable
    // counts for nothing).
    let total = Memo::new(move |_| {
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
        app.query(&[], |b| Ok(b.quote_purchase(&items).total))
    });

    let add_supplier = Submit::new(
        move || {
            let name = new_supplier.get_untracked();
            async move {
                let id = app
                    .run(move |b, ctx| b.create_party(ctx, PartyInput::supplier(name)))
                    .await?;
                Ok::<_, FormError>(id)
            }
        },
        move |id| {
            supplier.set(id);
            new_supplier.set(String::new());
        },
    );

    let record = Submit::new(
        move || {
            let supplier_id = supplier.get_untracked();
            let items = lines.with_untracked(|l| typed_items(l));
            let due_typed = due.get_untracked();
            let document_ref =
                Some(document.get_untracked().trim().to_string()).filter(|d| !d.is_empty());
            async move {
                if supplier_id.is_empty() {
                    return Err(FormError::Missing("Escolha o fornecedor.".into()));
                }
                let input = NewPurchase {
                    date: today(),
                    supplier: supplier_id,
                    items: items?,
                    document_ref,
                    due_date: Some(parse_date(&due_typed).field("Vencimento")?),
                    paid_from: None,
                };
                Ok(app.run(move |b, ctx| b.record_purchase(ctx, input)).await?)
            }
        },
        move |id| {
            let receipt = untrack(|| {
                app.query(&[Topic::Purchases, Topic::Entries], |b| {
                    b.purchase_receipt(&id)
                })
            });
            lines.set(vec![Line::new()]);
            document.set(String::new());
            done.set(Some(receipt));
        },
    );
    let add_busy = add_supplier.busy();

    view! {
        <AreaHeader title="Compra"/>
        <p><A href="/estoque">"← Estoque"</A></p>
        <Form submit=record label="Registrar compra" testid="compra-form" button_testid="confirmar-compra"
            error_testid="compra-erro" class="card" style="grid-template-columns: minmax(0, 1fr);">
            <SelectField label="Fornecedor" value=supplier options=suppliers empty="Escolha o fornecedor"
                testid="compra-fornecedor"/>
            <details>
                <summary>"Cadastrar novo fornecedor"</summary>
                <div class="row" style="align-items: end; margin-top: 0.5rem;">
                    <div style="flex: 1;"><Field label="Nome do fornecedor" value=new_supplier testid="novo-fornecedor"/></div>
                    <button type="button" class="secondary" disabled=move || add_busy.get()
                        on:click=move |_| add_supplier.dispatch() data-testid="criar-fornecedor">"Cadastrar"</button>
                </div>
                <FormErrorView submit=add_supplier/>
            </details>
            <h2 style="margin: 0.5rem 0 0;">"Itens"</h2>
            {move || lines.get().into_iter().enumerate().map(|(i, l)| {
                let n = i + 1;
                view! {
                    <fieldset class="card" data-testid="compra-item" style="display: grid; gap: 0.5rem;">
                        <legend>{format!("Item {n}")}</legend>
                        <SelectField label="Produto" value=l.product options=products empty="Escolha o produto"
                            testid="compra-produto"/>
                        <Field label="Quantidade" value=l.qty kind=FieldKind::Quantity testid="compra-quantidade"/>
                        <Field label="Custo por unidade (R$)" value=l.cost kind=FieldKind::Quantity testid="compra-custo"/>
                    </fieldset>
                }
            }).collect_view()}
            <button type="button" class="secondary" on:click=move |_| lines.update(|l| l.push(Line::new()))>"Mais um item"</button>
            <Field label="Número da nota fiscal (opcional)" value=document/>
            <Field label="Vencimento" value=due kind=FieldKind::Date testid="compra-vencimento"/>
            <p class="row">
                <strong>"Total"</strong>
                <strong class="money" data-testid="compra-total">
                    {move || brl(total.get().unwrap_or(Decimal::ZERO))}
                </strong>
            </p>
        </Form>
        {move || done.get().map(|receipt| show(receipt, |receipt| receipt.map(|d| view! {
            <section class="alert ok" role="status" data-testid="compra-recibo" style="margin-top: 0.75rem;">
                <strong>{format!("Compra registrada: {}", brl(d.total))}</strong>
                <p style="margin: 0.25rem 0 0;" data-testid="compra-conta">
                    {format!("Conta a pagar \"{}\" de {} vence em {}.", d.description, brl(d.open), date(d.due))}
                </p>
            </section>
        })))}
    }
}
