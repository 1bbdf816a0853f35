//! The preview of each statement of an OFX file, with the account to import it into; the
//! import is one core operation per statement.

use leptos::prelude::*;
use retaguarda_core::formats::ofx::{self, Statement};

use super::AccountList;
use crate::fmt::{brl, date};
use crate::state::use_app;
use crate::ui::{FormError, FormErrorView, SelectField, Submit};

/// One statement's card: what the file says and where it goes.
#[component]
fn StatementCard(
    number: usize,
    statement: Statement,
    several: bool,
    accounts: Memo<AccountList>,
    account: Memo<String>,
    on_imported: Callback<(usize, String, String)>,
) -> impl IntoView {
    let app = use_app();
    let period = match (statement.start, statement.end) {
        (Some(s), Some(e)) => format!("{} a {}", date(s), date(e)),
        (Some(s), None) => format!("desde {}", date(s)),
        (None, Some(e)) => format!("até {}", date(e)),
        (None, None) => "não informado".to_string(),
    };
    let bank = statement
        .account
        .bank_id
        .clone()
        .filter(|b| !b.is_empty())
        .unwrap_or_else(|| "não informado".into());
    let ledger = statement
        .ledger_balance
        .as_ref()
        .map(|b| brl(b.amount))
        .unwrap_or_else(|| "não informado".into());
    let kind = match statement.kind {
        ofx::StatementKind::Bank => "Conta bancária",
        ofx::StatementKind::CreditCard => "Cartão de crédito",
    };
    // One statement follows the account chosen above; several must each be given one.
    let picked = RwSignal::new(String::new());
    if !several {
        Effect::new(move || picked.set(account.get()));
    }
    let target = move || picked.get();
    let account_id = statement.account.account_id.clone();
    let lines = statement.transactions.len();
    let import = Submit::new(
        move || {
            let acc = target();
            let st = statement.clone();
            let no_accounts = accounts.get_untracked().is_ok_and(|list| list.is_empty());
            async move {
                if acc.is_empty() {
                    return Err(FormError::Missing(if no_accounts {
                        "Cadastre uma conta bancária no Caixa antes de importar.".into()
                    } else {
                        format!("Escolha a conta do extrato {number}.")
                    }));
                }
                let into = acc.clone();
                let r = app
                    .run(move |b, ctx| b.import_statement(ctx, &into, &st))
                    .await?;
                Ok((acc, r))
            }
        },
        move |(acc, r)| {
            on_imported.run((
                number,
                acc,
                format!(
                    "Extrato importado: {} linhas novas, {} já importadas. \
                     Conciliados: {}, ambíguos: {}, novos: {}.",
                    r.imported,
                    r.duplicates,
                    r.matched(),
                    r.ambiguous(),
                    r.new_lines()
                ),
            ))
        },
    );
    let title = if several {
        format!("Extrato {number}")
    } else {
        "Prévia do extrato".to_string()
    };
    view! {
        <form class="card" data-testid="ofx-preview" on:submit=import.on_submit()>
            <h2>{title}</h2>
            <dl>
                <dt>"Tipo"</dt><dd data-testid="preview-kind">{kind}</dd>
                <dt>"Banco"</dt><dd data-testid="preview-bank">{bank}</dd>
                <dt>"Conta"</dt><dd data-testid="preview-account">{account_id}</dd>
                <dt>"Período"</dt><dd data-testid="preview-period">{period}</dd>
                <dt>"Linhas"</dt><dd data-testid="preview-lines">{lines}</dd>
                <dt>"Saldo informado pelo banco"</dt><dd class="money" data-testid="preview-ledgerbal">{ledger}</dd>
            </dl>
            <SelectField label="Importar na conta" value=picked options=super::account_choices(accounts) empty="Escolha a conta"/>
            <FormErrorView submit=import/>
            <button type="submit" disabled=move || import.busy().get()>"Importar extrato"</button>
        </form>
    }
}

/// Every statement of the file not yet imported.
#[component]
pub fn Previews(
    previews: RwSignal<Vec<(usize, Statement)>>,
    in_file: RwSignal<usize>,
    accounts: Memo<AccountList>,
    account: Memo<String>,
    on_imported: Callback<(usize, String, String)>,
) -> impl IntoView {
    move || {
        let list = previews.get();
        let several = in_file.get() > 1;
        let heading = (several && !list.is_empty()).then(|| {
            view! {
                <p class="alert" role="status" data-testid="ofx-several">
                    {format!(
                        "Este arquivo tem {} extratos. Escolha a conta de cada um.",
                        in_file.get()
                    )}
                </p>
            }
        });
        let cards = list
            .into_iter()
            .map(|(number, statement)| {
                view! {
                    <StatementCard number statement several accounts account on_imported/>
                }
            })
            .collect_view();
        view! { {heading} {cards} }
    }
}
