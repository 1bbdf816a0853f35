//! The relatorios screen(s).

use leptos::prelude::*;

use super::AreaHeader;

#[component]
pub fn Relatorios() -> impl IntoView {
    view! {
        <AreaHeader title="Relatórios"/>
        <p class="empty">"Indicadores e gráficos do negócio."</p>
    }
}
