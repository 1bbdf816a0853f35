//! The cobrancas screen(s).

use leptos::prelude::*;

use super::AreaHeader;

#[component]
pub fn Cobrancas() -> impl IntoView {
    view! {
        <AreaHeader title="Cobranças"/>
        <p class="empty">"Cobranças por Pix e boleto, com lembretes."</p>
    }
}

#[component]
pub fn CobrancaDetalhe() -> impl IntoView {
    view! {
        <AreaHeader title="Cobrança"/>
        <p class="empty">"Detalhe da cobrança."</p>
    }
}
