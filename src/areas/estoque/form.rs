//! The product form (create and edit), with the barcode checked as it is typed.

use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::inventory::ops::{MAX_PRODUCT_NAME, MAX_SKU};
use retaguarda_core::inventory::{NewProduct, Product, Unit};
use retaguarda_core::Id;
use rust_decimal::Decimal;

use super::ui::{parse_number, parse_optional_number, TextField};
use crate::fmt::{parse_brl, quantity};
use crate::scanner::{Scanner, PRODUCT_CODES};
use crate::state::use_app;

/// Create or edit a product. Values stay in the fields when the core refuses them.
#[component]
pub(super) fn ProdutoForm(
    existing: Option<(Id, Product)>,
    #[prop(into)] on_done: Callback<Id>,
) -> impl IntoView {
    let app = use_app();
    let p = existing.as_ref().map(|(_, p)| p.clone());
    let editing = existing.as_ref().map(|(id, _)| id.clone());
    let fmt_opt = |v: Option<Decimal>| v.map(quantity).unwrap_or_default();
    let money_text = |v: Decimal| quantity(v);
    let sku = RwSignal::new(p.as_ref().map(|p| p.sku.clone()).unwrap_or_default());
    let gtin = RwSignal::new(p.as_ref().and_then(|p| p.gtin.clone()).unwrap_or_default());
    let name = RwSignal::new(p.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let unit = RwSignal::new(p.as_ref().map(|p| p.unit).unwrap_or(Unit::Un));
    let cost = RwSignal::new(p.as_ref().map(|p| money_text(p.cost)).unwrap_or_default());
    let price = RwSignal::new(p.as_ref().map(|p| money_text(p.price)).unwrap_or_default());
    let point = RwSignal::new(
        p.as_ref()
            .map(|p| fmt_opt(p.reorder_point))
            .unwrap_or_default(),
    );
    let reorder = RwSignal::new(
        p.as_ref()
            .map(|p| fmt_opt(p.reorder_quantity))
            .unwrap_or_default(),
    );
    let supplier = RwSignal::new(
        p.as_ref()
            .and_then(|p| p.supplier.clone())
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // The barcode is checked as it is typed, with the same rules the core applies on save.
    let gtin_error = Signal::derive(move || {
        let g = gtin.get();
        if g.trim().is_empty() {
            return None;
        }
        retaguarda_core::formats::gtin::Gtin::parse(g.trim())
            .err()
            .map(|e| {
                retaguarda_core::inventory::InventoryError::InvalidGtin(e.to_string()).to_string()
            })
    });
    let suppliers = move || {
        app.read(|b| b.suppliers().unwrap_or_default())
            .unwrap_or_default()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = (|| -> Result<NewProduct, String> {
            Ok(NewProduct {
                sku: sku.get_untracked(),
                gtin: Some(gtin.get_untracked().trim().to_string()).filter(|g| !g.is_empty()),
                name: name.get_untracked(),
                unit: unit.get_untracked(),
                cost: parse_number(&cost.get_untracked()).map_err(|e| format!("Custo: {e}"))?,
                price: parse_brl(&price.get_untracked()).map_err(|e| format!("Preço: {e}"))?,
                reorder_point: parse_optional_number(&point.get_untracked())
                    .map_err(|e| format!("Ponto de reposição: {e}"))?,
                reorder_quantity: parse_optional_number(&reorder.get_untracked())
                    .map_err(|e| format!("Quantidade de reposição: {e}"))?,
                supplier: Some(supplier.get_untracked()).filter(|s| !s.is_empty()),
            })
        })();
        let input = match input {
            Ok(i) => i,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        let editing = editing.clone();
        busy.set(true);
        spawn_local(async move {
            let result = match editing {
                Some(id) => {
                    let again = id.clone();
                    app.run(move |b, ctx| b.update_product(ctx, &again, input))
                        .await
                        .map(|_| id)
                }
                None => app.run(move |b, ctx| b.create_product(ctx, input)).await,
            };
            busy.set(false);
            match result {
                Ok(id) => {
                    error.set(None);
                    on_done.run(id);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <form on:submit=submit data-testid="produto-form">
            <TextField label="Nome" value=name required=true testid="produto-nome" maxlength=MAX_PRODUCT_NAME/>
            <TextField label="Código (SKU)" value=sku required=true testid="produto-sku" maxlength=MAX_SKU/>
            <TextField label="Código de barras (GTIN)" value=gtin inputmode="numeric" testid="produto-gtin" error=gtin_error/>
            <Scanner formats=PRODUCT_CODES label="Ler código de barras" fallback=""
                on_code=Callback::new(move |code: String| gtin.set(code))/>
            <label>
                "Unidade"
                <select data-testid="produto-unidade" on:change=move |ev| {
                    if let Ok(u) = Unit::parse(&event_target_value(&ev)) { unit.set(u) }
                }>
                    {Unit::ALL.into_iter().map(|u| view! {
                        <option value=u.code() selected=move || unit.get() == u>{unit_label(u)}</option>
                    }).collect_view()}
                </select>
            </label>
            <TextField label="Custo por unidade (R$)" value=cost inputmode="decimal" testid="produto-custo"/>
            <TextField label="Preço de venda (R$)" value=price inputmode="decimal" testid="produto-preco"/>
            <TextField label="Ponto de reposição" value=point inputmode="decimal" testid="produto-ponto"/>
            <TextField label="Quantidade a comprar na reposição" value=reorder inputmode="decimal" testid="produto-reposicao"/>
            <label>
                "Fornecedor preferido"
                <select on:change=move |ev| supplier.set(event_target_value(&ev))>
                    <option value="" selected=move || supplier.get().is_empty()>"Nenhum"</option>
                    {move || suppliers().into_iter().map(|(id, s)| {
                        let sel = id.clone();
                        view! { <option value=id.clone() selected=move || supplier.get() == sel>{s.name}</option> }
                    }).collect_view()}
                </select>
            </label>
            {move || error.get().map(|e| view! { <p class="alert error" role="alert" data-testid="produto-erro">{e}</p> })}
            <button type="submit" disabled=move || busy.get() data-testid="salvar-produto">"Salvar produto"</button>
        </form>
    }
}

/// A unit's name in the unit picker.
fn unit_label(u: Unit) -> &'static str {
    match u {
        Unit::Un => "Unidade (un)",
        Unit::Kg => "Quilo (kg)",
        Unit::G => "Grama (g)",
        Unit::L => "Litro (l)",
        Unit::Ml => "Mililitro (ml)",
        Unit::M => "Metro (m)",
        Unit::Cx => "Caixa (cx)",
        Unit::Pct => "Pacote (pct)",
    }
}
