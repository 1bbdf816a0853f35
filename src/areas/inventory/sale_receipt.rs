//! What the sale screen shows once a sale is recorded: core's receipt of that sale (the
//! total, how it was paid, a card sale's deposits), and the receiving account's new
//! balance. The receipt reads only the sale's own records, so it shows at once; the
//! balance reads the ledger, which the first sale after a start may still have to load,
//! so it is read after the receipt is on screen and fills in when ready.

use leptos::prelude::*;
use retaguarda_core::inventory::{PaymentMethod, SaleReceipt as Receipt};
use retaguarda_core::Id;

use crate::fmt::{brl, date};
use crate::state::{today, use_app};
use crate::ui::Topic;

/// A recorded sale: its id and the account that received the money, if any.
#[derive(Clone, Debug, PartialEq)]
pub struct Sold {
    pub sale: Id,
    pub account: Option<Id>,
}

/// The receipt, once there is a sale.
#[component]
pub fn SaleReceipt(sold: RwSignal<Option<Sold>>) -> impl IntoView {
    let app = use_app();
    let receipt = Memo::new(move |_| {
        let sold = sold.get()?;
        app.query(&[Topic::Sales, Topic::Entries], |b| {
            b.sale_receipt(&sold.sale)
        })
        .ok()
        .flatten()
    });
    // The account's balance waits for the frame after the receipt is drawn.
    let balance_due = RwSignal::new(None::<Id>);
    Effect::new(move |_| {
        let account = sold.get().and_then(|s| s.account);
        balance_due.set(None);
        if let Some(account) = account {
            request_animation_frame(move || {
                // A second frame: the first runs before the receipt's paint.
                request_animation_frame(move || balance_due.set(Some(account)));
            });
        }
    });
    let balance = move || {
        let account = balance_due.get()?;
        let read = app.query(&[Topic::Accounts, Topic::Entries, Topic::Transfers], |b| {
            let Some(a) = b.account(&account)? else {
                return Ok(None);
            };
            Ok(Some((a.name, b.account_balance(&account, today())?)))
        });
        read.ok().flatten()
    };
    view! {
        {move || receipt.get().map(|r: Receipt| view! {
            <section class="alert ok" role="status" data-testid="venda-recibo" style="margin-top: 0.75rem;">
                <strong>{format!("Venda registrada: {} ({})", brl(r.total), r.method.label())}</strong>
                {move || balance().map(|(name, balance)| view! {
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
