//! Exportar: the files for the accountant (hledger, beancount, CSV in two dialects), each
//! one core export downloaded as a file.

use leptos::prelude::*;
use retaguarda_core::export::{self, CsvDialect};

use super::super::AreaHeader;
use crate::state::{today, use_app};
use crate::ui::share::download;
use crate::ui::{FormError, Topic};

/// The date part of exported file names.
fn stamp() -> String {
    today().format("%Y-%m-%d").to_string()
}

#[component]
pub fn ExportPage() -> impl IntoView {
    let app = use_app();
    let result = RwSignal::new(None::<Result<String, FormError>>);

    let export_file = move |ext: &'static str, mime: &'static str, which: u8| {
        let text = app.query(
            &[
                Topic::Accounts,
                Topic::Categories,
                Topic::Entries,
                Topic::Transfers,
            ],
            |b| match which {
                0 => export::hledger(b),
                1 => export::beancount(b),
                2 => export::entries_csv(b, CsvDialect::Br),
                _ => export::entries_csv(b, CsvDialect::Iso),
            },
        );
        let outcome = text.map_err(FormError::from).and_then(|text| {
            let name = format!("retaguarda-{}{}", stamp(), ext);
            download(&name, mime, text.as_bytes())?;
            Ok(format!("Arquivo {name} baixado."))
        });
        result.set(Some(outcome));
    };

    view! {
        <AreaHeader title="Exportar"/>
        <p class="empty">"Arquivos para o contador: hledger, beancount e CSV."</p>
        <section class="card">
            <ul class="list">
                <li class="row">
                    <button type="button" data-testid="export-hledger"
                        on:click=move |_| export_file(".journal", "text/plain", 0)>
                        "Baixar diário hledger"
                    </button>
                </li>
                <li class="row">
                    <button type="button" data-testid="export-beancount"
                        on:click=move |_| export_file(".beancount", "text/plain", 1)>
                        "Baixar arquivo beancount"
                    </button>
                </li>
                <li class="row">
                    <button type="button" data-testid="export-csv-br"
                        on:click=move |_| export_file("-br.csv", "text/csv", 2)>
                        "Baixar CSV (pt-BR: ; e vírgula)"
                    </button>
                </li>
                <li class="row">
                    <button type="button" data-testid="export-csv-iso"
                        on:click=move |_| export_file("-iso.csv", "text/csv", 3)>
                        "Baixar CSV (ISO: , e ponto)"
                    </button>
                </li>
            </ul>
        </section>
        {move || result.get().map(|r| match r {
            Ok(m) => view! { <p class="alert" role="status">{m}</p> }.into_any(),
            Err(e) => view! { <p class="alert error" role="alert">{e.to_string()}</p> }.into_any(),
        })}
    }
}
