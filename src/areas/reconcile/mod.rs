//! Conciliação bancária (OFX import and matching) and Exportar (files for the accountant).
//!
//! The OFX file is read by `formats` (a file cut short is refused there, with its pt-BR
//! message, and nothing is imported); every statement of the file is previewed with its
//! own choice of account ([`preview`]), and each is imported by one core operation, which
//! refuses a credit-card statement into a bank account. The pending lines of the chosen
//! account are proposed for matching ([`lines`]); each action on a line is one core
//! operation.

mod export;
mod lines;
mod preview;

pub use export::ExportPage;

use leptos::prelude::*;
use retaguarda_core::formats::ofx::{self, Statement};
use retaguarda_core::ledger::AccountKind;
use retaguarda_core::reconcile::BalanceCheck;

use super::AreaHeader;
use crate::fmt::{brl, date};
use crate::state::use_app;
use crate::ui::{show, Choices, ReadError, SelectField, Topic};

/// The active accounts as `(id, name, is a bank)`, banks first.
type AccountList = Result<Vec<(String, String, bool)>, ReadError>;

/// The accounts as a select's choices.
fn account_choices(accounts: Memo<AccountList>) -> Signal<Choices> {
    Signal::derive(move || {
        accounts
            .get()
            .map(|list| list.into_iter().map(|(id, name, _)| (id, name)).collect())
    })
}

#[component]
pub fn ReconcilePage() -> impl IntoView {
    let app = use_app();
    let chosen = RwSignal::new(String::new());
    // Every statement of the chosen file, numbered from 1 as in the file; one leaves the
    // list once imported.
    let previews: RwSignal<Vec<(usize, Statement)>> = RwSignal::new(Vec::new());
    // How many statements the file had: the previews keep their numbers as some leave.
    let in_file = RwSignal::new(0_usize);
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let notice: RwSignal<Option<String>> = RwSignal::new(None);

    // Bank accounts first, since statements come from banks; archived ones take no movements.
    let accounts: Memo<AccountList> = Memo::new(move |_| {
        app.query(&[Topic::Accounts], |b| {
            let mut list: Vec<(String, String, bool)> = b
                .accounts()?
                .into_iter()
                .filter(|(_, a)| !a.archived)
                .map(|(id, a)| (id, a.name, a.kind == AccountKind::Bank))
                .collect();
            list.sort_by_key(|(_, _, bank)| !*bank);
            Ok(list)
        })
    });
    let account = Memo::new(move |_| {
        let c = chosen.get();
        if c.is_empty() {
            accounts
                .get()
                .ok()
                .and_then(|list| list.first().map(|(id, _, _)| id.clone()))
                .unwrap_or_default()
        } else {
            c
        }
    });
    // Percentage of the chosen statement read so far, while it is being read.
    let reading = RwSignal::new(None::<u32>);
    let balance = Memo::new(move |_| -> Result<Option<BalanceCheck>, ReadError> {
        let acc = account.get();
        if acc.is_empty() {
            return Ok(None);
        }
        app.query(
            &[Topic::BankLines, Topic::BankBalances, Topic::Entries],
            |b| b.bank_balance_check(&acc),
        )
    });

    let on_progress = Callback::new(move |percent: u32| reading.set(Some(percent)));
    let on_file = Callback::new(move |bytes: Vec<u8>| {
        notice.set(None);
        reading.set(None);
        match ofx::parse_all(&bytes) {
            Ok(all) => {
                error.set(None);
                in_file.set(all.len());
                previews.set((1..).zip(all).collect());
            }
            Err(e) => {
                previews.set(Vec::new());
                error.set(Some(format!("{e}. Nada foi importado.")));
            }
        }
    });
    let on_imported = Callback::new(move |(number, acc, message): (usize, String, String)| {
        error.set(None);
        previews.update(|list| list.retain(|(n, _)| *n != number));
        chosen.set(acc);
        notice.set(Some(message));
    });

    let balance_view = move || {
        show(balance.get(), |b| {
            b.map(|b| {
                view! {
                    <section class="card" data-testid="balance-check">
                        <h2>"Saldo em " {date(b.as_of)}</h2>
                        <dl>
                            <dt>"Extrato"</dt><dd class="money">{brl(b.statement)}</dd>
                            <dt>"Livros"</dt><dd class="money">{brl(b.book)}</dd>
                            <dt>"Diferença"</dt><dd class="money" data-testid="balance-difference">{brl(b.difference)}</dd>
                        </dl>
                    </section>
                }
            })
        })
    };

    view! {
        <AreaHeader title="Conciliação"/>
        <section class="card">
            <SelectField label="Conta bancária" value=chosen options=account_choices(accounts)/>
            <crate::widgets::FilePick label="Arquivo OFX do banco" accept=".ofx,.OFX" on_file=on_file on_progress=on_progress/>
            {move || reading.get().map(|p| view! {
                <p role="status" data-testid="ofx-progresso">
                    <progress max="100" value=p aria-label="Leitura do extrato"></progress>
                    {format!(" Lendo o extrato: {p}%")}
                </p>
            })}
        </section>
        {move || error.get().map(|e| view! { <p class="alert error" role="alert">{e}</p> })}
        {move || notice.get().map(|m| view! { <p class="alert" role="status" data-testid="conc-notice">{m}</p> })}
        <preview::Previews previews=previews in_file=in_file accounts=accounts account=account on_imported=on_imported/>
        {balance_view}
        <lines::Pending account=account notice=notice/>
    }
}
