//! The inicio screen(s).

use leptos::prelude::*;

use super::AreaHeader;

#[component]
pub fn Inicio() -> impl IntoView {
    view! {
        <AreaHeader title="Início"/>
        <p class="empty">"Seus números do dia aparecem aqui."</p>
    }
}
