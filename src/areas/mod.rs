//! The screens, one module per area of the back office.

pub mod audit;
pub mod charges;
pub mod home;
pub mod inventory;
pub mod ledger;
pub mod members;
pub mod parties;
pub mod payroll_tables;
pub mod reconcile;
pub mod reports;
pub mod settings;
pub mod staff;
pub mod welcome;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::AREAS;

/// A screen's title bar; every area starts with one, so tests and people know where they are.
#[component]
pub fn AreaHeader(title: &'static str) -> impl IntoView {
    view! {
        <header class="area-header">
            <h1 data-testid="area-title">{title}</h1>
        </header>
    }
}

/// The phone's "Mais" page: the areas the bottom bar has no room for.
#[component]
pub fn MorePage() -> impl IntoView {
    view! {
        <AreaHeader title="Mais"/>
        <ul class="more-list">
            {move || {
                let role = members::own_role(crate::state::use_app());
                AREAS
                .iter()
                .filter(move |area| !area.in_bottom_bar && members::may_see(role, area.href))
                .map(|area| {
                    view! {
                        <li>
                            <A href=area.href attr:class="more-link">
                                <span aria-hidden="true">{area.icon}</span>
                                " "
                                {area.label}
                            </A>
                        </li>
                    }
                })
                .collect_view()
            }}
        </ul>
        <div style="margin-top: 0.75rem;">
            <crate::pwa::IosInstallHint/>
        </div>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <AreaHeader title="Página não encontrada"/>
        <p><A href="/">"Voltar ao início"</A></p>
    }
}
