//! The clientes screen(s).

use leptos::prelude::*;

use super::AreaHeader;

#[component]
pub fn Clientes() -> impl IntoView {
    view! {
        <AreaHeader title="Clientes"/>
        <p class="empty">"Clientes e fornecedores."</p>
    }
}

#[component]
pub fn ClienteDetalhe() -> impl IntoView {
    view! {
        <AreaHeader title="Cliente"/>
        <p class="empty">"Detalhe do cliente."</p>
    }
}
