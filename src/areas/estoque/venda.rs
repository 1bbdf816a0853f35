//! Venda: the cart. Items come from the camera scanner (BarcodeDetector, where the browser
//! has it), the typed barcode or SKU, or a name search; payment by dinheiro, Pix (with the
//! QR Code of the total), cartão or fiado (a receivable for a customer).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use retaguarda_core::formats::pix::{qr_svg, PixKey, StaticPix};
use retaguarda_core::inventory::{InventoryError, NewSale, PaymentMethod, SaleItem, Unit};
use retaguarda_core::ledger::{AccountKind, NewAccount};
use retaguarda_core::staff::cents;
use retaguarda_core::{CoreError, Id};
use rust_decimal::Decimal;

use super::ui::{parse_number, TextField};
use super::AreaHeader;
use crate::fmt::{brl, parse_brl, quantity};
use crate::scanner::{Scanner, PRODUCT_CODES};
use crate::state::{today, use_app, AppError};

/// One line of the cart, as typed.
#[derive(Clone, Debug, PartialEq)]
struct CartLine {
    product: Id,
    name: String,
    unit: Unit,
    price: Decimal,
    qty: RwSignal<String>,
}

impl CartLine {
    fn quantity(&self) -> Option<Decimal> {
        parse_number(&self.qty.get()).ok()
    }
}

const METHODS: [PaymentMethod; 4] = [
    PaymentMethod::Dinheiro,
    PaymentMethod::Pix,
    PaymentMethod::Cartao,
    PaymentMethod::Fiado,
];

/// What the receipt shows after a sale.
#[derive(Clone, Debug)]
struct Receipt {
    total: Decimal,
    method: PaymentMethod,
    account: Option<(String, Decimal)>,
}

#[component]
pub fn Venda() -> impl IntoView {
    let app = use_app();
    let cart = RwSignal::new(Vec::<CartLine>::new());
    let code = RwSignal::new(String::new());
    let code_error = RwSignal::new(None::<String>);
    let search = RwSignal::new(String::new());
    let discount = RwSignal::new(String::new());
    let method = RwSignal::new(PaymentMethod::Dinheiro);
    let account = RwSignal::new(String::new());
    let customer = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let receipt = RwSignal::new(None::<Receipt>);
    let busy = RwSignal::new(false);
    // Core refused the sale for lack of stock; the cashier may confirm it (as Loyverse and
    // Bling allow negative stock only on purpose), and the product is then flagged.
    let short = RwSignal::new(false);
    let beyond = RwSignal::new(false);
    // Cart quantities live as long as the screen: `add` runs from a click in the search
    // results, whose owner is disposed as soon as the results re-render.
    let owner = StoredValue::new(Owner::current());

    let add = move |id: Id| {
        receipt.set(None);
        let found = app.read(|b| b.product(&id).ok().flatten()).flatten();
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
                        price: p.price,
                        qty,
                    })
                })
            }
        }
    };
    let add_code = move |text: String| {
        let found = app.read(|b| b.find_product_by_code(&text));
        match found {
            Some(Ok(Some((id, p)))) if p.active => {
                code_error.set(None);
                code.set(String::new());
                add(id);
            }
            Some(Ok(Some((_, p)))) => {
                code_error.set(Some(format!("O produto {} está inativo.", p.name)))
            }
            Some(Err(e)) => code_error.set(Some(e.to_string())),
            _ => code_error.set(Some(format!(
                "Nenhum produto com o código {}.",
                text.trim()
            ))),
        }
    };
    let submit_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        add_code(code.get_untracked());
    };

    let subtotal = Memo::new(move |_| {
        cart.get()
            .iter()
            .map(|l| cents(l.quantity().unwrap_or_default() * l.price))
            .sum::<Decimal>()
    });
    let discount_value = move || {
        let d = discount.get();
        if d.trim().is_empty() {
            Ok(Decimal::ZERO)
        } else {
            parse_brl(&d).map_err(|e| e.to_string())
        }
    };
    let total = move || subtotal.get() - discount_value().unwrap_or_default();

    let accounts = move || {
        app.read(|b| b.accounts().unwrap_or_default())
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, a)| !a.archived)
            .collect::<Vec<_>>()
    };
    // The account follows the method: cash goes to a cash account, Pix and card to a bank
    // (as Loyverse and Bling map each payment type to its own account); the first account
    // is the fallback, so a sale takes as few taps as possible.
    let preferred = move |m: PaymentMethod| {
        let list = accounts();
        let wants_cash = m == PaymentMethod::Dinheiro;
        list.iter()
            .find(|(_, a)| (a.kind == AccountKind::Cash) == wants_cash)
            .or_else(|| list.first())
            .map(|(id, _)| id.clone())
    };
    Effect::new(move |_| {
        let m = method.get();
        if let Some(id) = untrack(move || preferred(m)) {
            account.set(id);
        }
    });
    Effect::new(move |_| {
        if account.get().is_empty() {
            if let Some(id) = preferred(method.get_untracked()) {
                account.set(id);
            }
        }
    });
    let no_cash_account = move || {
        method.get() == PaymentMethod::Dinheiro
            && !accounts().iter().any(|(_, a)| a.kind == AccountKind::Cash)
    };
    let customers = move || {
        app.read(|b| b.customers().unwrap_or_default())
            .unwrap_or_default()
    };

    let create_cash = move |_| {
        spawn_local(async move {
            let input = NewAccount {
                name: "Caixa da loja".into(),
                kind: AccountKind::Cash,
                opening_balance: Decimal::ZERO,
                opening_date: today(),
            };
            match app.run(move |b, ctx| b.create_account(ctx, input)).await {
                Ok(id) => account.set(id),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };

    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let beyond_stock = beyond.get_untracked();
        beyond.set(false);
        let lines = cart.get_untracked();
        let mut items = Vec::new();
        for l in &lines {
            match parse_number(&l.qty.get_untracked()) {
                Ok(q) => items.push(SaleItem {
                    product: l.product.clone(),
                    quantity: q,
                    unit_price: None,
                }),
                Err(e) => {
                    error.set(Some(format!("{}: {e}", l.name)));
                    return;
                }
            }
        }
        let discount_amount = match discount_value() {
            Ok(d) => d,
            Err(e) => {
                error.set(Some(format!("Desconto: {e}")));
                return;
            }
        };
        let m = method.get_untracked();
        let fiado = m == PaymentMethod::Fiado;
        let acc = Some(account.get_untracked()).filter(|a| !a.is_empty() && !fiado);
        let input = NewSale {
            date: today(),
            items,
            discount: discount_amount,
            method: m,
            account: acc.clone(),
            customer: Some(customer.get_untracked()).filter(|c| !c.is_empty() && fiado),
            due_date: None,
            beyond_stock,
        };
        busy.set(true);
        spawn_local(async move {
            let result = app.run(move |b, ctx| b.record_sale(ctx, input)).await;
            busy.set(false);
            match result {
                Ok(sale_id) => {
                    let info = app
                        .read(|b| {
                            let sale = b.sale(&sale_id).ok().flatten()?;
                            let account = acc.as_ref().and_then(|a| {
                                let name = b.account(a).ok().flatten()?.name;
                                let balance = b.account_balance(a, today()).ok()?;
                                Some((name, balance))
                            });
                            Some(Receipt {
                                total: sale.total,
                                method: sale.method,
                                account,
                            })
                        })
                        .flatten();
                    error.set(None);
                    short.set(false);
                    cart.set(Vec::new());
                    discount.set(String::new());
                    receipt.set(info);
                }
                Err(e) => {
                    short.set(matches!(
                        e,
                        AppError::Core(CoreError::Inventory(
                            InventoryError::InsufficientStock { .. }
                        ))
                    ));
                    error.set(Some(e.to_string()));
                }
            }
        });
    };

    let pix = move || {
        if method.get() != PaymentMethod::Pix {
            return None;
        }
        let amount = total();
        let profile = app.read(|b| b.profile().ok()).flatten()?;
        Some(match (profile.pix_key, profile.city) {
            (Some(key), Some(city)) if amount > Decimal::ZERO => PixKey::parse(&key)
                .map_err(|e| e.to_string())
                .and_then(|key| {
                    StaticPix { key, name: profile.name, city, amount: Some(amount), txid: None, description: None }
                        .payload()
                        .map_err(|e| e.to_string())
                })
                .and_then(|payload| qr_svg(&payload).map(|svg| (svg, payload)).map_err(|e| e.to_string())),
            (Some(_), Some(_)) => Err("Inclua itens para gerar o QR Code Pix.".into()),
            _ => Err("Cadastre a chave Pix e a cidade do negócio em Configurações para mostrar o QR Code.".into()),
        })
    };

    let results = move || {
        let term = search.get().trim().to_lowercase();
        if term.len() < 2 {
            return Vec::new();
        }
        app.read(|b| b.stock_levels().unwrap_or_default())
            .unwrap_or_default()
            .into_iter()
            .filter(|l| l.product.active)
            .filter(|l| {
                l.product.name.to_lowercase().contains(&term)
                    || l.product.sku.to_lowercase().contains(&term)
            })
            .take(8)
            .collect::<Vec<_>>()
    };

    view! {
        <AreaHeader title="Venda"/>
        <p><A href="/estoque">"← Estoque"</A></p>
        <section class="card">
            <h2 style="margin-top: 0;">"Incluir itens"</h2>
            <Scanner formats=PRODUCT_CODES on_code=Callback::new(move |c: String| add_code(c))/>
            <form on:submit=submit_code data-testid="codigo-form" data-unguarded="" style="margin-top: 0.5rem;">
                <TextField label="Digite o código de barras" value=code inputmode="numeric" testid="codigo-manual"
                    placeholder="Código de barras ou SKU" error=Signal::derive(move || code_error.get())/>
                <button type="submit" class="secondary">"Adicionar"</button>
            </form>
            <label style="margin-top: 0.75rem;">
                "Buscar pelo nome"
                <input type="search" data-testid="venda-busca" prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))/>
            </label>
            <ul class="list" style="margin-top: 0.5rem;">
                {move || results().into_iter().map(|l| {
                    let id = l.id.clone();
                    view! {
                        <li class="row">
                            <span>{l.product.name.clone()}" "<small class="money">{brl(l.product.price)}</small></span>
                            <button type="button" class="secondary" on:click=move |_| { add(id.clone()); search.set(String::new()); }>
                                "Adicionar"
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>

        <form on:submit=confirm class="card" style="margin-top: 0.75rem; grid-template-columns: minmax(0, 1fr);" data-testid="venda-form">
            <h2 style="margin-top: 0;">"Carrinho"</h2>
            {move || {
                let lines = cart.get();
                if lines.is_empty() {
                    return view! { <p class="empty">"Nenhum item ainda."</p> }.into_any();
                }
                lines.into_iter().enumerate().map(|(i, l)| {
                    let label = format!("Quantidade de {} ({})", l.name, l.unit.code());
                    let mode = if l.unit.fractional() { "decimal" } else { "numeric" };
                    let qty = l.qty;
                    let price = l.price;
                    view! {
                        <div class="row" data-testid="carrinho-item" style="align-items: end;">
                            <label style="flex: 1; min-width: 0;">
                                {label}
                                <input inputmode=mode style="width: 100%;" prop:value=move || qty.get() on:input=move |ev| qty.set(event_target_value(&ev))/>
                            </label>
                            <span class="money" style="padding-bottom: 0.7rem;">
                                {move || parse_number(&qty.get()).map(|q| brl(cents(q * price))).unwrap_or_else(|_| "—".into())}
                            </span>
                            <button type="button" class="secondary" aria-label=format!("Remover {}", l.name)
                                on:click=move |_| cart.update(|c| { if i < c.len() { c.remove(i); } })>"✕"</button>
                        </div>
                    }
                }).collect_view().into_any()
            }}
            <TextField label="Desconto (R$)" value=discount inputmode="decimal" testid="venda-desconto"/>
            <p class="row"><span>"Subtotal"</span><span class="money">{move || brl(subtotal.get())}</span></p>
            <p class="row"><strong>"Total"</strong><strong class="money" data-testid="venda-total">{move || brl(total())}</strong></p>
            <fieldset style="border: none; padding: 0; margin: 0; display: grid; gap: 0.25rem;">
                <legend style="font-weight: 600;">"Pagamento"</legend>
                {METHODS.into_iter().map(|m| view! {
                    <label style="display: flex; gap: 0.5rem; align-items: center; font-weight: 400;">
                        <input type="radio" name="pagamento" value=m.label() prop:checked=move || method.get() == m
                            on:change=move |_| method.set(m)/>
                        {capital(m.label())}
                    </label>
                }).collect_view()}
            </fieldset>
            {move || pix().map(|r| match r {
                Ok((svg, payload)) => view! {
                    <div data-testid="pix-qr" style="max-width: 260px;">
                        <div inner_html=svg role="img" aria-label="QR Code Pix do total"></div>
                        <label>"Pix copia e cola"<input readonly prop:value=payload/></label>
                    </div>
                }.into_any(),
                Err(msg) => view! { <p class="alert warn">{msg}</p> }.into_any(),
            })}
            {move || if method.get() == PaymentMethod::Fiado {
                view! {
                    <label>
                        "Cliente (obrigatório no fiado)"
                        <select data-testid="venda-cliente" on:change=move |ev| customer.set(event_target_value(&ev))>
                            <option value="">"Escolha o cliente"</option>
                            {customers().into_iter().map(|(id, c)| {
                                let sel = id.clone();
                                view! { <option value=id selected=move || customer.get() == sel>{c.name}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <p class="empty">"Vira uma conta a receber do cliente, com vencimento em 30 dias."</p>
                }.into_any()
            } else {
                let list = accounts();
                if list.is_empty() {
                    view! {
                        <p class="alert warn">"Nenhuma conta para receber o dinheiro."</p>
                        <button type="button" class="secondary" on:click=create_cash data-testid="criar-caixa">"Criar conta \"Caixa da loja\""</button>
                    }.into_any()
                } else {
                    view! {
                        <label>
                            "Conta que recebe"
                            <select data-testid="venda-conta" on:change=move |ev| account.set(event_target_value(&ev))>
                                {list.into_iter().map(|(id, a)| {
                                    let sel = id.clone();
                                    view! { <option value=id selected=move || account.get() == sel>{a.name}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                        <Show when=no_cash_account>
                            <p class="alert warn" data-testid="venda-sem-caixa">"Nenhuma conta de dinheiro: a venda em dinheiro entraria na conta escolhida acima."</p>
                            <button type="button" class="secondary" on:click=create_cash data-testid="criar-caixa">"Criar conta \"Caixa da loja\""</button>
                        </Show>
                    }.into_any()
                }
            }}
            {move || error.get().map(|e| view! { <p class="alert error" role="alert" data-testid="venda-erro">{e}</p> })}
            <Show when=move || short.get() && error.with(|e| e.is_some())>
                <button type="submit" class="secondary" data-testid="vender-mesmo-assim"
                    on:click=move |_| beyond.set(true)>"Vender mesmo assim"</button>
            </Show>
            <button type="submit" disabled=move || busy.get() || cart.with(|c| c.is_empty()) data-testid="confirmar-venda">
                "Confirmar venda"
            </button>
        </form>
        {move || receipt.get().map(|r| view! {
            <section class="alert ok" role="status" data-testid="venda-recibo" style="margin-top: 0.75rem;">
                <strong>{format!("Venda registrada: {} ({})", brl(r.total), r.method.label())}</strong>
                {r.account.map(|(name, balance)| view! {
                    <p style="margin: 0.25rem 0 0;" data-testid="venda-saldo">{format!("Saldo de {name}: {}", brl(balance))}</p>
                })}
                {(r.method == PaymentMethod::Fiado).then(|| view! {
                    <p style="margin: 0.25rem 0 0;">"Conta a receber criada para o cliente."</p>
                })}
            </section>
        })}
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
