//! How a sale is paid: the method, the Pix QR Code of the total, the card machine and
//! installments ([`super::card_choice`]), the fiado customer, or the account that receives.

use leptos::prelude::*;
use retaguarda_core::formats::pix::{qr_svg, PixKey, StaticPix};
use retaguarda_core::inventory::PaymentMethod;
use retaguarda_core::ledger::{AccountKind, NewAccount};
use rust_decimal::Decimal;

use super::capitalise as capital;
use super::card_choice::{CardFields, CardPick};
use crate::state::{today, use_app};
use crate::ui::share::CodeBox;
use crate::ui::{FormError, FormErrorView, RadioGroup, SelectField, Submit, Topic};

const METHODS: [PaymentMethod; 4] = [
    PaymentMethod::Dinheiro,
    PaymentMethod::Pix,
    PaymentMethod::Cartao,
    PaymentMethod::Fiado,
];

/// What the cashier picks to pay a sale.
#[derive(Clone, Copy)]
pub struct PaymentPick {
    pub method: RwSignal<PaymentMethod>,
    pub account: RwSignal<String>,
    pub customer: RwSignal<String>,
    pub card: CardPick,
}

impl PaymentPick {
    pub fn new() -> PaymentPick {
        PaymentPick {
            method: RwSignal::new(PaymentMethod::Dinheiro),
            account: RwSignal::new(String::new()),
            customer: RwSignal::new(String::new()),
            card: CardPick::new(),
        }
    }
}

/// The payment part of the sale form.
#[component]
pub fn PaymentFields(pick: PaymentPick, #[prop(into)] total: Signal<Decimal>) -> impl IntoView {
    let app = use_app();
    let PaymentPick {
        method,
        account,
        customer,
        card,
    } = pick;
    let read_accounts = Memo::new(move |_| {
        app.query(&[Topic::Accounts], |b| b.accounts()).map(|list| {
            list.into_iter()
                .filter(|(_, a)| !a.archived)
                .collect::<Vec<_>>()
        })
    });
    // The account select shows a failed read; the helpers below see no account then.
    let accounts = move || {
        read_accounts
            .get()
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
    };
    let account_choices = Signal::derive(move || {
        read_accounts
            .get()
            .map(|list| list.into_iter().map(|(id, a)| (id, a.name)).collect())
    });
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
    let customers = Signal::derive(move || {
        app.query(&[Topic::Parties], |b| b.customers())
            .map(|list| list.into_iter().map(|(id, c)| (id, c.name)).collect())
    });

    let create_cash = Submit::new(
        move || async move {
            let input = NewAccount {
                name: "Caixa da loja".into(),
                kind: AccountKind::Cash,
                opening_balance: Decimal::ZERO,
                opening_date: today(),
            };
            Ok::<_, FormError>(app.run(move |b, ctx| b.create_account(ctx, input)).await?)
        },
        move |id| account.set(id),
    );

    let pix = move || {
        if method.get() != PaymentMethod::Pix {
            return None;
        }
        let amount = total.get();
        let profile = match app.query(&[Topic::Business], |b| b.profile()) {
            Ok(p) => p,
            Err(e) => return Some(Err(e.to_string())),
        };
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

    view! {
            <RadioGroup legend="Pagamento" name="pagamento" value=method
                options=METHODS.into_iter().map(|m| (m, capital(m.label()))).collect()/>
            {move || pix().map(|r| match r {
                Ok((svg, payload)) => view! {
                    <div data-testid="pix-qr" style="max-width: 260px;">
                        <div inner_html=svg role="img" aria-label="QR Code Pix do total"></div>
                        <CodeBox label="Pix copia e cola" code=payload copy_label="Copiar código Pix"
                            done="Código copiado." copy_testid="venda-pix-copiar"/>
                    </div>
                }.into_any(),
                Err(msg) => view! { <p class="alert warn">{msg}</p> }.into_any(),
            })}
            <Show when=move || method.get() == PaymentMethod::Cartao>
                <CardFields pick=card total=total/>
            </Show>
            {move || if method.get() == PaymentMethod::Cartao && !card.machine.get().is_empty() {
                view! {
                    <p class="empty" data-testid="venda-conta-maquininha">"A maquininha deposita na conta dela, nas datas acima."</p>
                }.into_any()
            } else if method.get() == PaymentMethod::Fiado {
                view! {
                    <SelectField label="Cliente (obrigatório no fiado)" value=customer options=customers
                        empty="Escolha o cliente" testid="venda-cliente"/>
                    <p class="empty">"Vira uma conta a receber do cliente, com vencimento em 30 dias."</p>
                }.into_any()
            } else {
                if read_accounts.get().is_ok_and(|list| list.is_empty()) {
                    view! {
                        <p class="alert warn">"Nenhuma conta para receber o dinheiro."</p>
                        <button type="button" class="secondary" on:click=move |_| create_cash.dispatch() data-testid="criar-caixa">"Criar conta \"Caixa da loja\""</button>
                    }.into_any()
                } else {
                    view! {
                        <SelectField label="Conta que recebe" value=account options=account_choices testid="venda-conta"/>
                        <Show when=no_cash_account>
                            <p class="alert warn" data-testid="venda-sem-caixa">"Nenhuma conta de dinheiro: a venda em dinheiro entraria na conta escolhida acima."</p>
                            <button type="button" class="secondary" on:click=move |_| create_cash.dispatch() data-testid="criar-caixa">"Criar conta \"Caixa da loja\""</button>
                        </Show>
                    }.into_any()
                }
            }}
        <FormErrorView submit=create_cash/>
    }
}
