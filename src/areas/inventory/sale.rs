//! Venda: the cart. Items come from the camera scanner (BarcodeDetector, where the browser
//! has it), the typed barcode or SKU, or a name search; payment by dinheiro, Pix (with the
//! QR Code of the total), cartão (on a machine: see [`super::card_choice`]) or fiado (a
//! receivable for a customer). Every figure comes from core's quote: the screen computes no
//! money.

use leptos::prelude::*;
use leptos_router::components::A;
use retaguarda_core::inventory::{InventoryError, NewSale, PaymentMethod, SaleItem, Unit};
use retaguarda_core::{CoreError, Id};
use rust_decimal::Decimal;

use super::sale_payment::{PaymentFields, PaymentPick};
use super::sale_receipt::{SaleReceipt, Sold};
use super::AreaHeader;
use crate::fmt::{brl, parse_brl, parse_number, quantity};
use crate::scanner::{Scanner, PRODUCT_CODES};
use crate::state::{today, use_app, AppError};
use crate::ui::{show, Field, FieldKind, FieldResult, FormError, FormErrorView, Submit, Topic};
use retaguarda_core::inventory::ops::{MAX_PRODUCT_NAME, MAX_SKU};

/// One line of the cart, as typed.
#[derive(Clone, Debug, PartialEq)]
struct CartLine {
    product: Id,
    name: String,
    unit: Unit,
    qty: RwSignal<String>,
}

impl CartLine {
    fn quantity(&self) -> Option<Decimal> {
        parse_number(&self.qty.get()).ok()
    }
}

#[component]
pub fn SalePage() -> impl IntoView {
    let app = use_app();
    let cart = RwSignal::new(Vec::<CartLine>::new());
    let code = RwSignal::new(String::new());
    let code_error = RwSignal::new(None::<String>);
    let search = RwSignal::new(String::new());
    let discount = RwSignal::new(String::new());
    let pay = PaymentPick::new();
    let receipt = RwSignal::new(None::<Sold>);
    // Core refused the sale for lack of stock; the cashier may confirm it (as Loyverse and
    // Bling allow negative stock only on purpose), and the product is then flagged.
    let short = RwSignal::new(false);
    let beyond = RwSignal::new(false);
    // Cart quantities live as long as the screen: `add` runs from a click in the search
    // results, whose owner is disposed as soon as the results re-render.
    let owner = StoredValue::new(Owner::current());

    let add = move |id: Id| {
        receipt.set(None);
        let found = app
            .query(&[Topic::Products], |b| b.product(&id))
            .ok()
            .flatten();
        let Some(p) = found else { return };
        let existing = cart.with_untracked(|c| c.iter().find(|l| l.product == id).cloned());
        match existing {
            Some(line) => {
                // Scanning the same product again adds one more.
                let next = line.quantity().unwrap_or_default() + Decimal::ONE;
                line.qty.set(quantity(next));
            }
            None => {
                let qty = owner.with_value(|o| match o {
                    Some(o) => o.with(|| RwSignal::new("1".to_string())),
                    None => RwSignal::new("1".to_string()),
                });
                cart.update(|c| {
                    c.push(CartLine {
                        product: id,
                        name: p.name,
                        unit: p.unit,
                        qty,
                    })
                })
            }
        }
    };
    let add_code = move |text: String| {
        let found = app.query(&[Topic::Products], |b| b.find_product_by_code(&text));
        match found {
            Ok(Some((id, p))) if p.active => {
                code_error.set(None);
                code.set(String::new());
                add(id);
            }
            Ok(Some((_, p))) => code_error.set(Some(format!("O produto {} está inativo.", p.name))),
            Err(e) => code_error.set(Some(e.to_string())),
            Ok(None) => code_error.set(Some(format!(
                "Nenhum produto com o código {}.",
                text.trim()
            ))),
        }
    };
    let submit_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        add_code(code.get_untracked());
    };

    let discount_value = move || {
        let d = discount.get();
        if d.trim().is_empty() {
            Ok(Decimal::ZERO)
        } else {
            parse_brl(&d).map_err(|e| e.to_string())
        }
    };
    // Lines and totals as core computes them; a quantity not yet typed counts as zero.
    let quote = Memo::new(move |_| {
        let items: Vec<SaleItem> = cart
            .get()
            .iter()
            .map(|l| SaleItem {
                product: l.product.clone(),
                quantity: l.quantity().unwrap_or_default(),
                unit_price: None,
            })
            .collect();
        let discount = discount_value().unwrap_or_default();
        app.query(&[Topic::Products], |b| b.quote_sale(&items, discount))
            .ok()
    });
    let subtotal = move || quote.get().map(|q| q.subtotal).unwrap_or_default();
    let total = move || quote.get().map(|q| q.total).unwrap_or_default();
    let line_total = move |i: usize| quote.get().and_then(|q| q.lines.get(i).copied());

    // One core operation: the sale (or the card sale on a machine). A refusal for lack of
    // stock offers "Vender mesmo assim".
    let confirm = Submit::new(
        move || {
            let beyond_stock = beyond.get_untracked();
            beyond.set(false);
            let lines = cart.get_untracked();
            let typed: Vec<(Id, String, String)> = lines
                .iter()
                .map(|l| (l.product.clone(), l.name.clone(), l.qty.get_untracked()))
                .collect();
            let discount_typed = discount.get_untracked();
            let m = pay.method.get_untracked();
            let fiado = m == PaymentMethod::Fiado;
            let choice = (m == PaymentMethod::Cartao)
                .then(|| pay.card.choice())
                .flatten();
            let acc = Some(pay.account.get_untracked())
                .filter(|a| !a.is_empty() && !fiado && choice.is_none());
            let customer = Some(pay.customer.get_untracked()).filter(|c| !c.is_empty() && fiado);
            async move {
                let mut items = Vec::new();
                for (product, name, qty) in typed {
                    let quantity = parse_number(&qty)
                        .map_err(|e| FormError::Missing(format!("{name}: {e}")))?;
                    items.push(SaleItem {
                        product,
                        quantity,
                        unit_price: None,
                    });
                }
                let discount_amount = if discount_typed.trim().is_empty() {
                    Decimal::ZERO
                } else {
                    parse_brl(&discount_typed).field("Desconto")?
                };
                let input = NewSale {
                    date: today(),
                    items,
                    discount: discount_amount,
                    method: m,
                    account: acc.clone(),
                    customer,
                    due_date: None,
                    beyond_stock,
                };
                let result = app
                    .run(move |b, ctx| match choice {
                        Some(card) => b.record_card_sale(ctx, input, card),
                        None => b.record_sale(ctx, input),
                    })
                    .await;
                short.set(matches!(
                    result,
                    Err(AppError::Core(CoreError::Inventory(
                        InventoryError::InsufficientStock { .. }
                    )))
                ));
                let sale = result?;
                Ok::<_, FormError>(Sold { sale, account: acc })
            }
        },
        move |sold| {
            cart.set(Vec::new());
            discount.set(String::new());
            receipt.set(Some(sold));
        },
    );
    let busy = confirm.busy();
    let failed = confirm.error();

    let results = move || {
        let term = search.get().trim().to_lowercase();
        if term.len() < 2 {
            return Ok(Vec::new());
        }
        app.query(&[Topic::Products, Topic::Movements], |b| b.stock_levels())
            .map(|levels| {
                levels
                    .into_iter()
                    .filter(|l| l.product.active)
                    .filter(|l| {
                        l.product.name.to_lowercase().contains(&term)
                            || l.product.sku.to_lowercase().contains(&term)
                    })
                    .take(8)
                    .collect::<Vec<_>>()
            })
    };

    view! {
        <AreaHeader title="Venda"/>
        <p><A href="/estoque">"← Estoque"</A></p>
        <section class="card">
            <h2 style="margin-top: 0;">"Incluir itens"</h2>
            <Scanner formats=PRODUCT_CODES on_code=Callback::new(move |c: String| add_code(c))/>
            <form on:submit=submit_code data-testid="codigo-form" data-unguarded="" style="margin-top: 0.5rem;">
                <Field label="Digite o código de barras" value=code kind=FieldKind::Code testid="codigo-manual"
                    maxlength=MAX_SKU placeholder="Código de barras ou SKU" error=Signal::derive(move || code_error.get())/>
                <button type="submit" class="secondary">"Adicionar"</button>
            </form>
            <div style="margin-top: 0.75rem;">
                <Field label="Buscar pelo nome" value=search testid="venda-busca" maxlength=MAX_PRODUCT_NAME/>
            </div>
            <ul class="list" style="margin-top: 0.5rem;">
                {move || show(results(), |found| found.into_iter().map(|l| {
                    let id = l.id.clone();
                    view! {
                        <li class="row">
                            <span>{l.product.name.clone()}" "<small class="money">{brl(l.product.price)}</small></span>
                            <button type="button" class="secondary" on:click=move |_| { add(id.clone()); search.set(String::new()); }>
                                "Adicionar"
                            </button>
                        </li>
                    }
                }).collect_view())}
            </ul>
        </section>

        <form on:submit=confirm.on_submit() class="card" style="margin-top: 0.75rem; grid-template-columns: minmax(0, 1fr);" data-testid="venda-form">
            <h2 style="margin-top: 0;">"Carrinho"</h2>
            {move || {
                let lines = cart.get();
                if lines.is_empty() {
                    return view! { <p class="empty">"Nenhum item ainda."</p> }.into_any();
                }
                lines.into_iter().enumerate().map(|(i, l)| {
                    let label = format!("Quantidade de {} ({})", l.name, l.unit.code());
                    let kind = if l.unit.fractional() { FieldKind::Quantity } else { FieldKind::Number };
                    let qty = l.qty;
                    view! {
                        <div class="row" data-testid="carrinho-item" style="align-items: end;">
                            <Field label=label value=qty kind=kind compact=true/>
                            <span class="money" style="padding-bottom: 0.7rem;">
                                {move || match (parse_number(&qty.get()), line_total(i)) {
                                    (Ok(_), Some(t)) => brl(t),
                                    _ => "—".into(),
                                }}
                            </span>
                            <button type="button" class="secondary" aria-label=format!("Remover {}", l.name)
                                on:click=move |_| cart.update(|c| { if i < c.len() { c.remove(i); } })>"✕"</button>
                        </div>
                    }
                }).collect_view().into_any()
            }}
            <Field label="Desconto (R$)" value=discount kind=FieldKind::Money testid="venda-desconto"/>
            <p class="row"><span>"Subtotal"</span><span class="money">{move || brl(subtotal())}</span></p>
            <p class="row"><strong>"Total"</strong><strong class="money" data-testid="venda-total">{move || brl(total())}</strong></p>
            <PaymentFields pick=pay total=Signal::derive(total)/>
            <FormErrorView submit=confirm testid="venda-erro"/>
            <Show when=move || short.get() && failed.with(|e| e.is_some())>
                <button type="submit" class="secondary" data-testid="vender-mesmo-assim"
                    on:click=move |_| beyond.set(true)>"Vender mesmo assim"</button>
            </Show>
            <button type="submit" disabled=move || busy.get() || cart.with(|c| c.is_empty()) data-testid="confirmar-venda">
                "Confirmar venda"
            </button>
        </form>
        <SaleReceipt sold=receipt/>
    }
}
