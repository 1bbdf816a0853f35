//! The estoque screen(s).

use leptos::prelude::*;

use super::AreaHeader;

#[component]
pub fn Estoque() -> impl IntoView {
    view! {
        <AreaHeader title="Estoque"/>
        <p class="empty">"Produtos, movimentos e reposição."</p>
    }
}

#[component]
pub fn ProdutoDetalhe() -> impl IntoView {
    view! {
        <AreaHeader title="Produto"/>
        <p class="empty">"Detalhe do produto."</p>
    }
}

#[component]
pub fn Venda() -> impl IntoView {
    view! {
        <AreaHeader title="Venda"/>
        <p class="empty">"Nova venda."</p>
    }
}

#[component]
pub fn Compra() -> impl IntoView {
    view! {
        <AreaHeader title="Compra"/>
        <p class="empty">"Nova compra."</p>
    }
}
