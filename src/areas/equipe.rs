//! The equipe screen(s).

use leptos::prelude::*;

use super::AreaHeader;

#[component]
pub fn Equipe() -> impl IntoView {
    view! {
        <AreaHeader title="Equipe"/>
        <p class="empty">"Pessoas, férias e folha de pagamento."</p>
    }
}

#[component]
pub fn PessoaDetalhe() -> impl IntoView {
    view! {
        <AreaHeader title="Pessoa"/>
        <p class="empty">"Detalhe da pessoa."</p>
    }
}

#[component]
pub fn FolhaDetalhe() -> impl IntoView {
    view! {
        <AreaHeader title="Folha de pagamento"/>
        <p class="empty">"Folha do mês."</p>
    }
}
