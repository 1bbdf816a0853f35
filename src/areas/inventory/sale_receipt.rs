//! What the sale screen shows once a sale is recorded: the total, the account's new balance
//! or, for a card sale, when and how much the machine deposits.

use leptos::prelude::*;
use retaguarda_core::inventory::PaymentMethod;
use retaguarda_core::{Business, Id};
use rust_decimal::Decimal;

use crate::fmt::{brl, date};
use crate::state::today;

/// What the receipt shows after a sale.
#[derive(Clone, Debug)]
pub struct Receipt {
    total: Decimal,
    method: PaymentMethod,
    account: Option<(String, Decimal)>,
    /// A card sale's deposits: date and net.
    deposits: Vec<(chrono::NaiveDate, Decimal)>,
}

impl Receipt {
    /// The receipt of a recorded sale, read from the document.
    pub fn read(b: &Business, sale_id: &Id, account: Option<&Id>) -> Option<Receipt> {
        let sale = b.sale(sale_id).ok().flatten()?;
        let account = account.and_then(|a| {
            let name = b.account(a).ok().flatten()?.name;
            let balance = b.account_balance(a, today()).ok()?;
            Some((name, balance))
        });
        let deposits = b
            .card_receivables()
            .ok()?
            .into_iter()
            .filter(|(_, r)| r.sale == *sale_id)
            .map(|(_, r)| (r.installment.date, r.installment.net))
            .collect();
        Some(Receipt {
            total: sale.total,
            method: sale.method,
            account,
            deposits,
        })
    }
}

/// The receipt, once there is one.
#[component]
pub fn SaleReceipt(receipt: RwSignal<Option<Receipt>>) -> impl IntoView {
    view! {
        {move || receipt.get().map(|r| view! {
            <section class="alert ok" role="status" data-testid="venda-recibo" style="margin-top: 0.75rem;">
                <strong>{format!("Venda registrada: {} ({})", brl(r.total), r.method.label())}</strong>
                {r.account.map(|(name, balance)| view! {
                    <p style="margin: 0.25rem 0 0;" data-testid="venda-saldo">{format!("Saldo de {name}: {}", brl(balance))}</p>
                })}
                {(!r.deposits.is_empty()).then(|| view! {
                    <ul style="margin: 0.25rem 0 0;" data-testid="venda-recibo-depositos">
                        {r.deposits.iter().map(|(d, net)| view! {
                            <li>{format!("Depósito em {}: {}", date(*d), brl(*net))}</li>
                        }).collect_view()}
                    </ul>
                })}
                {(r.method == PaymentMethod::Fiado).then(|| view! {
                    <p style="margin: 0.25rem 0 0;">"Conta a receber criada para o cliente."</p>
                })}
            </section>
        })}
    }
}
