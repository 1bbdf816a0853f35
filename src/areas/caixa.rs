//! The caixa screen(s).

use leptos::prelude::*;

use super::AreaHeader;

#[component]
pub fn Caixa() -> impl IntoView {
    view! {
        <AreaHeader title="Caixa"/>
        <p class="empty">"Contas a pagar e a receber, contas bancárias e fluxo de caixa."</p>
    }
}
