//! The product list (search, stock, badges) and the replenishment list with the text to
//! share with a supplier. Core's `product_index` gives the ids a search keeps, in order
//! (one pass over the products, no movement replayed), and `product_rows` is read only for
//! the rows on screen (a shop has 5,000 products and 200,000 movements).

use leptos::prelude::*;
use leptos_router::components::A;
use retaguarda_core::inventory::ops::replenishment_total;
use retaguarda_core::inventory::{ReplenishmentItem, StockLevel};

use super::{is_low, qty_unit};
use crate::fmt::brl;
use crate::state::use_app;
use crate::ui::list::{fingerprint, VirtualList};
use crate::ui::share::{share_or_copy, Shared};
use crate::ui::{show, Field, FormErrorView, ReadErrorView, Submit, Topic};

/// Rows drawn before the list has measured the screen.
const ROWS_FIRST: usize = 30;

/// Products with search, stock and the low-stock badge (only the rows on screen read and
/// drawn).
#[component]
pub(super) fn ProductList() -> impl IntoView {
    let app = use_app();
    let search = RwSignal::new(String::new());
    // The ids in the list's order: read again per keystroke or product change, filtering
    // in memory. A movement does not move a product in the list, so it re-reads only the
    // rows below.
    let index = Memo::new(move |_| {
        let term = search.get();
        app.query(&[Topic::Products], |b| b.product_index(&term))
    });
    let window = RwSignal::new(0..ROWS_FIRST);
    let rows = Memo::new(move |_| {
        let w = window.get();
        index.with(|index| match index {
            Ok(index) => {
                let ids = index.window(w);
                app.query(&[Topic::Products, Topic::Movements], |b| {
                    b.product_rows(ids)
                })
            }
            Err(e) => Err(e.clone()),
        })
    });
    let total = Signal::derive(move || index.with(|i| i.as_ref().map_or(0, |i| i.len())));
    // A failed read is shown by the read-error view above the list, never as an empty list.
    let drawn = Signal::derive(move || {
        rows.with(|r| match r {
            Ok(rows) => rows.clone(),
            Err(_) => Vec::new(),
        })
    });
    view! {
        <div style="margin: 0.75rem 0;">
            <Field label="Buscar produto" value=search
                placeholder="Nome, código ou código de barras" testid="busca-produto"/>
        </div>
        // Only the rows on screen are drawn, by key: a change patches the rows it touched.
        {move || index.with(|i| i.as_ref().err().cloned())
            .or_else(|| rows.with(|r| r.as_ref().err().cloned()))
            .map(|error| view! { <ReadErrorView error=error/> })}
        <Show when=move || index.with(Result::is_ok)>
            <VirtualList total=total window=window items=drawn
                key=|l: &StockLevel| (l.id.clone(), fingerprint(l))
                row=product_row
                empty="Nenhum produto. Cadastre o primeiro em \"Novo produto\"."
                row_height=80.0
            />
        </Show>
    }
}

/// One product of the list, opening its page.
fn product_row(l: StockLevel) -> impl IntoView {
    let low = is_low(&l);
    let review = l.position.needs_review();
    let href = format!("/estoque/produtos/{}", l.id);
    view! {
        <li class="card" data-testid="produto-row">
            <A href=href attr:class="row" attr:style="text-decoration: none; color: inherit;">
                <span>
                    <strong>{l.product.name.clone()}</strong>
                    <br/>
                    <small class="empty">{format!("Cód. {}", l.product.sku)}</small>
                    {(!l.product.active).then(|| view! { " " <span class="badge">"Inativo"</span> })}
                </span>
                <span style="text-align: right;">
                    <span data-testid="produto-estoque">{qty_unit(l.position.quantity, l.product.unit)}</span>
                    <br/>
                    {low.then(|| view! { <span class="badge low" data-testid="estoque-baixo">"Estoque baixo"</span> })}
                    {review.then(|| view! { " " <span class="badge overdue">"Revisar"</span> })}
                    <small class="money">{brl(l.product.price)}</small>
                </span>
            </A>
        </li>
    }
}

/// The replenishment list as pt-BR text for the supplier, grouped by supplier.
pub fn replenishment_text(business: &str, items: &[ReplenishmentItem]) -> String {
    let mut groups: Vec<(String, Vec<&ReplenishmentItem>)> = Vec::new();
    for item in items {
        let supplier = item
            .supplier_name
            .clone()
            .unwrap_or_else(|| "Sem fornecedor definido".to_string());
        match groups.iter_mut().find(|(s, _)| *s == supplier) {
            Some((_, list)) => list.push(item),
            None => groups.push((supplier, vec![item])),
        }
    }
    let mut text = format!("Pedido de reposição — {business}\n");
    for (supplier, list) in groups {
        text.push_str(&format!("\n{supplier}:\n"));
        for item in list {
            text.push_str(&format!(
                "- {} (cód. {}): {}\n",
                item.name,
                item.sku,
                qty_unit(item.suggested_quantity, item.unit)
            ));
        }
    }
    text.push_str("\nObrigado!");
    text
}

/// Products at or below their reorder point, and the "Compartilhar lista" action.
#[component]
pub(super) fn Replenishment() -> impl IntoView {
    let app = use_app();
    let shared = RwSignal::new(None::<&'static str>);
    let items = move || {
        app.query(&[Topic::Products, Topic::Movements, Topic::Parties], |b| {
            b.replenishment()
        })
    };
    let text = move || {
        app.query(&[Topic::Business, Topic::Products, Topic::Parties], |b| {
            let name = b.profile()?.name;
            Ok(replenishment_text(&name, &b.replenishment()?))
        })
    };
    let sharing = Submit::new(
        move || {
            let body = text();
            async move { Ok(share_or_copy("Lista de reposição", &body?).await?) }
        },
        move |result: Shared| {
            shared.set(Some(match result {
                Shared::Sent => "Lista compartilhada.",
                Shared::Cancelled => "Compartilhamento cancelado.",
                Shared::Copied => "Lista copiada. Cole na conversa com o fornecedor.",
            }))
        },
    );
    view! {
        {move || show(items(), |list| {
            if list.is_empty() {
                return view! { <p class="empty" style="margin-top: 0.75rem;">"Nenhum produto abaixo do ponto de reposição."</p> }.into_any();
            }
            let total = replenishment_total(&list);
            let rows = list
                .into_iter()
                .map(|i| {
                    view! {
                        <tr>
                            <td><A href=format!("/estoque/produtos/{}", i.product_id)>{i.name.clone()}</A>
                                <br/><small>{i.supplier_name.clone().unwrap_or_else(|| "Sem fornecedor".into())}</small>
                                <br/><small data-testid="reposicao-estoque">{format!("Estoque: {}", qty_unit(i.stock, i.unit))}</small></td>
                            <td class="num">{qty_unit(i.suggested_quantity, i.unit)}</td>
                            <td class="num money">{brl(i.estimated_cost)}</td>
                        </tr>
                    }
                })
                .collect_view();
            // Three columns (the stock sits under the name) so the table fits a phone.
            view! {
                <table style="margin-top: 0.75rem;" data-testid="reposicao">
                    <thead><tr><th>"Produto"</th><th class="num">"Comprar"</th><th class="num">"Custo est."</th></tr></thead>
                    <tbody>{rows}</tbody>
                    <tfoot><tr><th colspan="2">"Total estimado"</th><td class="num money">{brl(total)}</td></tr></tfoot>
                </table>
                <div class="row" style="margin-top: 0.75rem; justify-content: flex-start; gap: 0.5rem;">
                    <button type="button" on:click=move |_| sharing.dispatch() disabled=move || sharing.busy().get() data-testid="compartilhar-lista">"Compartilhar lista"</button>
                    <A href="/estoque/compra" attr:class="button secondary">"Registrar compra"</A>
                </div>
            }
            .into_any()
        })}
        {move || shared.get().map(|msg| view! { <p class="alert ok" role="status">{msg}</p> })}
        <FormErrorView submit=sharing/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use retaguarda_core::inventory::Unit;
    use rust_decimal::Decimal;

    fn item(name: &str, supplier: Option<&str>, qty: i64, unit: Unit) -> ReplenishmentItem {
        ReplenishmentItem {
            product_id: name.to_lowercase(),
            name: name.into(),
            sku: name.chars().take(3).collect::<String>().to_uppercase(),
            unit,
            stock: Decimal::ZERO,
            reorder_point: Decimal::ONE,
            suggested_quantity: Decimal::new(qty, 1),
            supplier: supplier.map(str::to_string),
            supplier_name: supplier.map(str::to_string),
            estimated_cost: Decimal::ZERO,
        }
    }

    #[test]
    fn replenishment_text_groups_by_supplier_in_portuguese() {
        let items = [
            item("Café", Some("Grão Bom"), 200, Unit::Un),
            item("Farinha", None, 125, Unit::Kg),
            item("Açúcar", Some("Grão Bom"), 50, Unit::Un),
        ];
        let text = replenishment_text("Padaria", &items);
        assert_eq!(
            text,
            "Pedido de reposição — Padaria\n\nGrão Bom:\n- Café (cód. CAF): 20 un\n- Açúcar (cód. AÇÚ): 5 un\n\nSem fornecedor definido:\n- Farinha (cód. FAR): 12,5 kg\n\nObrigado!"
        );
    }
}
