//! Conciliação bancária (OFX import and matching) and Exportar (files for the accountant).

use leptos::prelude::*;

use super::AreaHeader;

#[component]
pub fn Conciliacao() -> impl IntoView {
    view! {
        <AreaHeader title="Conciliação"/>
        <p class="empty">"Importe o extrato OFX do banco para conciliar os lançamentos."</p>
    }
}

#[component]
pub fn Exportar() -> impl IntoView {
    view! {
        <AreaHeader title="Exportar"/>
        <p class="empty">"Arquivos para o contador: hledger, beancount e CSV."</p>
    }
}
