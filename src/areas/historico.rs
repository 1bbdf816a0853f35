//! The historico screen(s).

use leptos::prelude::*;

use super::AreaHeader;

#[component]
pub fn Historico() -> impl IntoView {
    view! {
        <AreaHeader title="Histórico"/>
        <p class="empty">"Quem fez o quê, quando e em qual aparelho."</p>
    }
}
