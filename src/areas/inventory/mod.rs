//! Estoque: the area's screen with its tiles and tabs; the product list and the
//! replenishment list to share with a supplier ([`list`]), the product form ([`form`]) and
//! detail with movements, average cost and adjustments ([`detail`]), the
//! sale and purchase screens ([`sale`], [`purchase`]), and the card machines with the agenda
//! of what they deposit ([`card_machines`]).

mod card_choice;
mod card_form;
mod card_machines;
mod detail;
mod form;
mod list;
mod purchase;
mod sale;
mod sale_payment;
mod sale_receipt;

pub use detail::ProductPage;
pub use purchase::PurchasePage;
pub use sale::SalePage;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use retaguarda_core::inventory::{StockLevel, Unit};
use rust_decimal::Decimal;

use super::AreaHeader;
use crate::fmt::{brl, quantity};
use crate::state::use_app;
use crate::ui::{show, Topic};
use form::ProductForm;
use list::{ProductList, Replenishment};

/// Rows shown per page in long lists.
const PAGE: usize = 50;

/// Whether a product sits at or below its reorder point.
fn is_low(level: &StockLevel) -> bool {
    level
        .product
        .reorder_point
        .is_some_and(|point| level.position.quantity <= point)
}

/// The stock with its unit, e.g. `7 un` or `1,25 kg`.
fn qty_unit(q: Decimal, unit: Unit) -> String {
    format!("{} {}", quantity(q), unit.code())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Produtos,
    Reposicao,
    Maquininhas,
}

/// The Estoque screen: products, replenishment and the way to sell and buy.
#[component]
pub fn InventoryPage() -> impl IntoView {
    let app = use_app();
    // `?aba=maquininhas` opens the machines (the sale screen links there).
    let query = use_query_map();
    let first = match query.with_untracked(|q| q.get("aba")).as_deref() {
        Some("maquininhas") => Tab::Maquininhas,
        Some("reposicao") => Tab::Reposicao,
        _ => Tab::Produtos,
    };
    let tab = RwSignal::new(first);
    let creating = RwSignal::new(false);
    // The tiles' figures in one read (one pass over the products, each one's stock kept by
    // core): stock value, products with negative stock (left out of the value), active
    // products and products to replenish.
    let summary =
        Memo::new(move |_| app.query(&[Topic::Products, Topic::Movements], |b| b.stock_summary()));
    view! {
        <AreaHeader title="Estoque"/>
        <div class="row" style="flex-wrap: wrap; justify-content: flex-start; gap: 0.5rem; margin-bottom: 0.75rem;">
            <A href="/estoque/venda" attr:class="button" attr:data-testid="nova-venda">"Nova venda"</A>
            <A href="/estoque/compra" attr:class="button secondary" attr:data-testid="nova-compra">"Nova compra"</A>
            <button type="button" class="secondary" data-testid="novo-produto"
                on:click=move |_| creating.update(|c| *c = !*c)>
                {move || if creating.get() { "Fechar formulário" } else { "Novo produto" }}
            </button>
        </div>
        {move || show(summary.get(), |sum| view! {
            <div class="tiles" style="margin-bottom: 0.75rem;">
                <div class="card tile" data-testid="inventory-value">
                    <div class="label">"Valor do estoque (custo médio)"</div>
                    <div class="value money">{brl(sum.value)}</div>
                    // Negative stock counts as zero in the value; say so instead of showing
                    // R$ 0,00 silently.
                    {(sum.review > 0).then(|| view! {
                        <small class="alert warn" style="display: block; margin-top: 0.25rem;" data-testid="estoque-negativo">
                            {if sum.review == 1 {
                                "1 produto com estoque negativo fica fora do valor: revise a contagem e registre um ajuste.".to_string()
                            } else {
                                format!("{} produtos com estoque negativo ficam fora do valor: revise a contagem e registre um ajuste.", sum.review)
                            }}
                        </small>
                    })}
                </div>
                <div class="card tile">
                    <div class="label">"Produtos ativos"</div>
                    <div class="value">{sum.active}</div>
                </div>
                <button type="button" class="card tile" style="text-align: left; display: block; color: var(--text); background: var(--surface); border-color: var(--border);"
                    on:click=move |_| tab.set(Tab::Reposicao)>
                    <div class="label">"Para repor"</div>
                    <div class="value">{sum.low}</div>
                </button>
            </div>
        })}
        <Show when=move || creating.get()>
            <section class="card" style="margin-bottom: 0.75rem;">
                <h2 style="margin-top: 0;">"Novo produto"</h2>
                <ProductForm existing=None on_done=Callback::new(move |_| creating.set(false))/>
            </section>
        </Show>
        <div class="tabs" role="tablist" aria-label="Estoque">
            <button type="button" role="tab" aria-selected=move || (tab.get() == Tab::Produtos).to_string()
                on:click=move |_| tab.set(Tab::Produtos)>"Produtos"</button>
            <button type="button" role="tab" aria-selected=move || (tab.get() == Tab::Reposicao).to_string()
                data-testid="tab-reposicao" on:click=move |_| tab.set(Tab::Reposicao)>"Reposição"</button>
            <button type="button" role="tab" aria-selected=move || (tab.get() == Tab::Maquininhas).to_string()
                data-testid="tab-maquininhas" on:click=move |_| tab.set(Tab::Maquininhas)>"Maquininhas"</button>
        </div>
        {move || match tab.get() {
            Tab::Produtos => view! { <ProductList/> }.into_any(),
            Tab::Reposicao => view! { <Replenishment/> }.into_any(),
            Tab::Maquininhas => view! { <card_machines::CardMachines/> }.into_any(),
        }}
    }
}

/// The first letter in capitals.
fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}
