//! The configuracoes screen(s).

use leptos::prelude::*;

use super::AreaHeader;

#[component]
pub fn Configuracoes() -> impl IntoView {
    view! {
        <AreaHeader title="Configurações"/>
        <p class="empty">"Dados da empresa, cobranças, folha, dispositivos e backup."</p>
    }
}
