//! The product form (create and edit), with the barcode checked as it is typed. Fields and
//! the submit come from the UI kit; what was typed stays when the core refuses it.

use leptos::prelude::*;
use retaguarda_core::inventory::ops::{MAX_PRODUCT_NAME, MAX_SKU};
use retaguarda_core::inventory::{NewProduct, Product, Unit};
use retaguarda_core::Id;

use crate::fmt::{money_input, parse_brl, parse_number, parse_optional_number, quantity};
use crate::scanner::{Scanner, PRODUCT_CODES};
use crate::state::use_app;
use crate::ui::{
    fixed, Field, FieldKind, FieldResult, Form, FormError, SelectField, Submit, Topic,
};

/// Most digits of a barcode (GTIN-14).
const MAX_GTIN: usize = 14;

/// The units, by code, with their names in the unit picker.
const UNITS: &[(&str, &str)] = &[
    ("un", "Unidade (un)"),
    ("kg", "Quilo (kg)"),
    ("g", "Grama (g)"),
    ("l", "Litro (l)"),
    ("ml", "Mililitro (ml)"),
    ("m", "Metro (m)"),
    ("cx", "Caixa (cx)"),
    ("pct", "Pacote (pct)"),
];

/// Create or edit a product. Values stay in the fields when the core refuses them.
#[component]
pub(super) fn ProductForm(
    existing: Option<(Id, Product)>,
    #[prop(into)] on_done: Callback<Id>,
) -> impl IntoView {
    let app = use_app();
    let p = existing.as_ref().map(|(_, p)| p.clone());
    let editing = existing.as_ref().map(|(id, _)| id.clone());
    let text = |f: fn(&Product) -> String| RwSignal::new(p.as_ref().map(f).unwrap_or_default());
    let sku = text(|p| p.sku.clone());
    let gtin = text(|p| p.gtin.clone().unwrap_or_default());
    let name = text(|p| p.name.clone());
    let unit = RwSignal::new(p.as_ref().map_or(Unit::Un, |p| p.unit).code().to_string());
    let cost = text(|p| quantity(p.cost));
    let price = text(|p| money_input(p.price));
    let point = text(|p| p.reorder_point.map(quantity).unwrap_or_default());
    let reorder = text(|p| p.reorder_quantity.map(quantity).unwrap_or_default());
    let supplier = text(|p| p.supplier.clone().unwrap_or_default());
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
    let suppliers = Signal::derive(move || {
        app.query(&[Topic::Parties], |b| b.suppliers())
            .map(|list| list.into_iter().map(|(id, s)| (id, s.name)).collect())
    });
    let save = Submit::new(
        move || {
            let editing = editing.clone();
            let typed = (
                sku.get_untracked(),
                gtin.get_untracked(),
                name.get_untracked(),
                unit.get_untracked(),
                cost.get_untracked(),
                price.get_untracked(),
                point.get_untracked(),
                reorder.get_untracked(),
                supplier.get_untracked(),
            );
            async move {
                let (sku, gtin, name, unit, cost, price, point, reorder, supplier) = typed;
                let input = NewProduct {
                    sku,
                    gtin: Some(gtin.trim().to_string()).filter(|g| !g.is_empty()),
                    name,
                    unit: Unit::parse(&unit).map_err(|e| FormError::Missing(e.to_string()))?,
                    cost: parse_number(&cost).field("Custo")?,
                    price: parse_brl(&price).field("Preço")?,
                    reorder_point: parse_optional_number(&point).field("Ponto de reposição")?,
                    reorder_quantity: parse_optional_number(&reorder)
                        .field("Quantidade de reposição")?,
                    supplier: Some(supplier).filter(|s| !s.is_empty()),
                };
                let id = match editing {
                    Some(id) => {
                        let again = id.clone();
                        app.run(move |b, ctx| b.update_product(ctx, &again, input))
                            .await?;
                        id
                    }
                    None => app.run(move |b, ctx| b.create_product(ctx, input)).await?,
                };
                Ok::<Id, FormError>(id)
            }
        },
        move |id| on_done.run(id),
    );
    view! {
        <Form submit=save label="Salvar produto" testid="produto-form" button_testid="salvar-produto" error_testid="produto-erro">
            <Field label="Nome" value=name required=true testid="produto-nome" maxlength=MAX_PRODUCT_NAME/>
            <Field label="Código (SKU)" value=sku kind=FieldKind::Code required=true testid="produto-sku" maxlength=MAX_SKU/>
            // Code, not Number: the kit caps a Number at 9 digits and a GTIN has up to 14.
            <Field label="Código de barras (GTIN)" value=gtin kind=FieldKind::Code testid="produto-gtin"
                maxlength=MAX_GTIN error=gtin_error/>
            <Scanner formats=PRODUCT_CODES label="Ler código de barras" fallback=""
                on_code=Callback::new(move |code: String| gtin.set(code))/>
            <SelectField label="Unidade" value=unit options=fixed(UNITS) testid="produto-unidade"/>
            <Field label="Custo por unidade (R$)" value=cost kind=FieldKind::Quantity testid="produto-custo"/>
            <Field label="Preço de venda (R$)" value=price kind=FieldKind::Money testid="produto-preco"/>
            <Field label="Ponto de reposição" value=point kind=FieldKind::Quantity testid="produto-ponto"/>
            <Field label="Quantidade a comprar na reposição" value=reorder kind=FieldKind::Quantity testid="produto-reposicao"/>
            <SelectField label="Fornecedor preferido" value=supplier options=suppliers empty="Nenhum"/>
        </Form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unit_has_a_name_in_the_picker() {
        for u in Unit::ALL {
            assert!(
                UNITS.iter().any(|(code, _)| *code == u.code()),
                "{}",
                u.code()
            );
        }
        assert_eq!(UNITS.len(), Unit::ALL.len());
    }
}
