//! Estoque: the product list with stock levels, the product form and detail (movements,
//! average cost, adjustments), the replenishment list to share with a supplier, and the
//! sale and purchase screens ([`venda`], [`compra`]).

mod compra;
pub mod ui;
mod venda;

pub use compra::Compra;
pub use venda::Venda;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use retaguarda_core::inventory::ops::{MAX_PRODUCT_NAME, MAX_SKU};
use retaguarda_core::inventory::{
    MovementKind, NewMovement, NewProduct, Product, ReplenishmentItem, StockLevel, Unit,
};
use retaguarda_core::Id;
use rust_decimal::Decimal;

use super::AreaHeader;
use crate::fmt::{brl, date, parse_brl, quantity};
use crate::scanner::{Scanner, PRODUCT_CODES};
use crate::state::{today, use_app};
use ui::{parse_number, parse_optional_number, share_or_copy, TextField};

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
}

/// The Estoque screen: products, replenishment and the way to sell and buy.
#[component]
pub fn Estoque() -> impl IntoView {
    let app = use_app();
    let tab = RwSignal::new(Tab::Produtos);
    let creating = RwSignal::new(false);
    let value = move || app.read(|b| b.inventory_value().ok()).flatten();
    // Negative stock counts as zero in the value; say so instead of showing R$ 0,00 silently.
    let review = move || {
        app.read(|b| b.stock_review().map(|r| r.len()).unwrap_or(0))
            .unwrap_or(0)
    };
    let counts = move || {
        app.read(|b| {
            let levels = b.stock_levels().unwrap_or_default();
            let low = b.replenishment().map(|r| r.len()).unwrap_or(0);
            (levels.iter().filter(|l| l.product.active).count(), low)
        })
        .unwrap_or((0, 0))
    };
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
        <div class="tiles" style="margin-bottom: 0.75rem;">
            <div class="card tile" data-testid="inventory-value">
                <div class="label">"Valor do estoque (custo médio)"</div>
                <div class="value money">{move || value().map(brl).unwrap_or_else(|| "—".into())}</div>
                {move || {
                    let n = review();
                    (n > 0).then(|| view! {
                        <small class="alert warn" style="display: block; margin-top: 0.25rem;" data-testid="estoque-negativo">
                            {if n == 1 {
                                "1 produto com estoque negativo fica fora do valor: revise a contagem e registre um ajuste.".to_string()
                            } else {
                                format!("{n} produtos com estoque negativo ficam fora do valor: revise a contagem e registre um ajuste.")
                            }}
                        </small>
                    })
                }}
            </div>
            <div class="card tile">
                <div class="label">"Produtos ativos"</div>
                <div class="value">{move || counts().0}</div>
            </div>
            <button type="button" class="card tile" style="text-align: left; display: block; color: var(--text); background: var(--surface); border-color: var(--border);"
                on:click=move |_| tab.set(Tab::Reposicao)>
                <div class="label">"Para repor"</div>
                <div class="value">{move || counts().1}</div>
            </button>
        </div>
        <Show when=move || creating.get()>
            <section class="card" style="margin-bottom: 0.75rem;">
                <h2 style="margin-top: 0;">"Novo produto"</h2>
                <ProdutoForm existing=None on_done=Callback::new(move |_| creating.set(false))/>
            </section>
        </Show>
        <div class="tabs" role="tablist" aria-label="Estoque">
            <button type="button" role="tab" aria-selected=move || (tab.get() == Tab::Produtos).to_string()
                on:click=move |_| tab.set(Tab::Produtos)>"Produtos"</button>
            <button type="button" role="tab" aria-selected=move || (tab.get() == Tab::Reposicao).to_string()
                data-testid="tab-reposicao" on:click=move |_| tab.set(Tab::Reposicao)>"Reposição"</button>
        </div>
        {move || match tab.get() {
            Tab::Produtos => view! { <ProductList/> }.into_any(),
            Tab::Reposicao => view! { <Replenishment/> }.into_any(),
        }}
    }
}

/// Products with search, stock and the low-stock badge, 50 at a time.
#[component]
fn ProductList() -> impl IntoView {
    let app = use_app();
    let search = RwSignal::new(String::new());
    let shown = RwSignal::new(PAGE);
    let matches = Memo::new(move |_| {
        let term = search.get().trim().to_lowercase();
        app.read(|b| b.stock_levels().unwrap_or_default())
            .unwrap_or_default()
            .into_iter()
            .filter(|l| {
                term.is_empty()
                    || l.product.name.to_lowercase().contains(&term)
                    || l.product.sku.to_lowercase().contains(&term)
                    || l.product.gtin.as_deref().is_some_and(|g| g.contains(&term))
            })
            .collect::<Vec<_>>()
    });
    view! {
        <div style="margin: 0.75rem 0;">
            <label>
                "Buscar produto"
                <input type="search" placeholder="Nome, código ou código de barras" data-testid="busca-produto"
                    prop:value=move || search.get()
                    on:input=move |ev| { search.set(event_target_value(&ev)); shown.set(PAGE); }/>
            </label>
        </div>
        {move || {
            let all = matches.get();
            if all.is_empty() {
                return view! { <p class="empty">"Nenhum produto. Cadastre o primeiro em \"Novo produto\"."</p> }.into_any();
            }
            let total = all.len();
            let rows = all
                .into_iter()
                .take(shown.get())
                .map(|l| {
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
                })
                .collect_view();
            view! {
                <ul class="list">{rows}</ul>
                <Show when=move || { shown.get() < total }>
                    <button type="button" class="secondary" style="margin-top: 0.75rem;"
                        on:click=move |_| shown.update(|s| *s += PAGE)>
                        {move || format!("Mostrar mais ({} de {total})", shown.get().min(total))}
                    </button>
                </Show>
            }
            .into_any()
        }}
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
fn Replenishment() -> impl IntoView {
    let app = use_app();
    let status = RwSignal::new(None::<Result<String, String>>);
    let items = move || {
        app.read(|b| b.replenishment().unwrap_or_default())
            .unwrap_or_default()
    };
    let text = move || {
        app.read(|b| {
            let name = b.profile().map(|p| p.name).unwrap_or_default();
            replenishment_text(&name, &b.replenishment().unwrap_or_default())
        })
        .unwrap_or_default()
    };
    let share = move |_| {
        let body = text();
        spawn_local(async move {
            let result = share_or_copy("Lista de reposição", &body).await;
            status.set(Some(result.map(str::to_string)));
        });
    };
    view! {
        {move || {
            let list = items();
            if list.is_empty() {
                return view! { <p class="empty" style="margin-top: 0.75rem;">"Nenhum produto abaixo do ponto de reposição."</p> }.into_any();
            }
            let total: Decimal = list.iter().map(|i| i.estimated_cost).sum();
            let rows = list
                .into_iter()
                .map(|i| {
                    view! {
                        <tr>
                            <td><A href=format!("/estoque/produtos/{}", i.product_id)>{i.name.clone()}</A>
                                <br/><small>{i.supplier_name.clone().unwrap_or_else(|| "Sem fornecedor".into())}</small></td>
                            <td class="num">{qty_unit(i.stock, i.unit)}</td>
                            <td class="num">{qty_unit(i.suggested_quantity, i.unit)}</td>
                            <td class="num money">{brl(i.estimated_cost)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table style="margin-top: 0.75rem;" data-testid="reposicao">
                    <thead><tr><th>"Produto"</th><th class="num">"Estoque"</th><th class="num">"Comprar"</th><th class="num">"Custo est."</th></tr></thead>
                    <tbody>{rows}</tbody>
                    <tfoot><tr><th colspan="3">"Total estimado"</th><td class="num money">{brl(total)}</td></tr></tfoot>
                </table>
                <div class="row" style="margin-top: 0.75rem; justify-content: flex-start; gap: 0.5rem;">
                    <button type="button" on:click=share data-testid="compartilhar-lista">"Compartilhar lista"</button>
                    <A href="/estoque/compra" attr:class="button secondary">"Registrar compra"</A>
                </div>
            }
            .into_any()
        }}
        {move || status.get().map(|r| match r {
            Ok(msg) => view! { <p class="alert ok" role="status">{msg}</p> }.into_any(),
            Err(msg) => view! { <p class="alert error" role="alert">{msg}</p> }.into_any(),
        })}
    }
}

/// Create or edit a product. Values stay in the fields when the core refuses them.
#[component]
fn ProdutoForm(
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

/// One product: stock, average cost, history, edit and adjustments.
#[component]
pub fn ProdutoDetalhe() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let editing = RwSignal::new(false);
    let data = move || {
        let id = id();
        app.read(move |b| {
            let product = b.product(&id).ok().flatten()?;
            let position = b.stock_position(&id).ok()?;
            let supplier = product
                .supplier
                .as_ref()
                .and_then(|s| b.party(s).ok().flatten())
                .map(|p| p.name);
            Some((id, product, position, supplier))
        })
        .flatten()
    };
    // The forms below are rebuilt only when the product changes, so a message or a value
    // being typed survives other changes to the document.
    let key = Memo::new(move |_| data().map(|(pid, product, _, _)| (pid, product.unit)));
    let editable = Memo::new(move |_| data().map(|(pid, product, _, _)| (pid, product)));
    view! {
        <AreaHeader title="Produto"/>
        <p><A href="/estoque">"← Estoque"</A></p>
        {move || match data() {
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
        }}
        {move || (editing.get()).then(|| editable.get()).flatten().map(|existing| view! {
            <section class="card" style="margin-top: 0.75rem;">
                <h2 style="margin-top: 0;">"Editar produto"</h2>
                <ProdutoForm existing=Some(existing) on_done=Callback::new(move |_| editing.set(false))/>
            </section>
        })}
        {move || key.get().map(|(pid, unit)| view! { <AdjustForm id=pid.clone() unit=unit/> <Movements id=pid/> })}
    }
}

/// Deactivate or reactivate a product.
#[component]
fn ActiveToggle(id: Id, active: bool) -> impl IntoView {
    let app = use_app();
    let error = RwSignal::new(None::<String>);
    let click = move |_| {
        let id = id.clone();
        spawn_local(async move {
            if let Err(e) = app
                .run(move |b, ctx| b.set_product_active(ctx, &id, !active))
                .await
            {
                error.set(Some(e.to_string()));
            }
        });
    };
    view! {
        <button type="button" class="secondary" on:click=click>
            {if active { "Desativar" } else { "Reativar" }}
        </button>
        {move || error.get().map(|e| view! { <p class="alert error" role="alert">{e}</p> })}
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
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let amount = match parse_number(&qty.get_untracked()) {
            Ok(q) => q.abs(),
            Err(e) => {
                error.set(Some(format!("Quantidade: {e}")));
                return;
            }
        };
        let k = kind.get_untracked();
        let signed = if k == MovementKind::Loss || !direction_in.get_untracked() {
            -amount
        } else {
            amount
        };
        let input = NewMovement {
            product: id.clone(),
            date: today(),
            kind: k,
            quantity: signed,
            unit_cost: None,
            reason: Some(reason.get_untracked().trim().to_string()).filter(|r| !r.is_empty()),
        };
        spawn_local(async move {
            match app.run(move |b, ctx| b.record_movement(ctx, input)).await {
                Ok(_) => {
                    error.set(None);
                    done.set(Some(format!(
                        "{} de {} registrado(a).",
                        capitalise(k.label()),
                        qty_unit(signed, unit)
                    )));
                    qty.set(String::new());
                    reason.set(String::new());
                }
                Err(e) => {
                    done.set(None);
                    error.set(Some(e.to_string()));
                }
            }
        });
    };
    let kinds = [
        MovementKind::Adjustment,
        MovementKind::Loss,
        MovementKind::Return,
    ];
    view! {
        <details class="card" style="margin-top: 0.75rem;">
            <summary><strong>"Ajuste, perda ou devolução"</strong></summary>
            <form on:submit=submit style="margin-top: 0.75rem;" data-testid="ajuste-form">
                <label>
                    "Tipo"
                    <select on:change=move |ev| {
                        if let Some(k) = MovementKind::from_code(&event_target_value(&ev)) { kind.set(k) }
                    }>
                        {kinds.into_iter().map(|k| view! {
                            <option value=k.code() selected=move || kind.get() == k>{capitalise(k.label())}</option>
                        }).collect_view()}
                    </select>
                </label>
                <Show when=move || kind.get() != MovementKind::Loss>
                    <fieldset style="border: none; padding: 0; margin: 0;">
                        <legend style="font-weight: 600; font-size: 0.9rem;">"Direção"</legend>
                        <label style="display: flex; gap: 0.5rem; align-items: center; font-weight: 400;">
                            <input type="radio" name="direcao" prop:checked=move || !direction_in.get()
                                on:change=move |_| direction_in.set(false)/>
                            "Saída (diminui o estoque)"
                        </label>
                        <label style="display: flex; gap: 0.5rem; align-items: center; font-weight: 400;">
                            <input type="radio" name="direcao" prop:checked=move || direction_in.get()
                                on:change=move |_| direction_in.set(true)/>
                            "Entrada (aumenta o estoque)"
                        </label>
                    </fieldset>
                </Show>
                <TextField label="Quantidade" value=qty inputmode="decimal" testid="ajuste-quantidade"/>
                <TextField label="Motivo" value=reason testid="ajuste-motivo" placeholder="Ex.: contagem, validade vencida"/>
                {move || error.get().map(|e| view! { <p class="alert error" role="alert">{e}</p> })}
                {move || done.get().map(|m| view! { <p class="alert ok" role="status">{m}</p> })}
                <button type="submit">"Registrar"</button>
            </form>
        </details>
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// The product's stock movements, newest first, 50 at a time.
#[component]
fn Movements(id: Id) -> impl IntoView {
    let app = use_app();
    let shown = RwSignal::new(PAGE);
    let movements = move || {
        let id = id.clone();
        app.read(move |b| b.product_movements(&id).unwrap_or_default())
            .unwrap_or_default()
    };
    view! {
        <h2>"Movimentos"</h2>
        {move || {
            let mut list = movements();
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
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
