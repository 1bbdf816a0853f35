//! The screens, one module per area of the back office, and the two pieces every screen
//! shares: the title bar ([`AreaHeader`]) and the page of an unknown address. The list of
//! areas and the navigation are the shell's (`crate::app`), which uses this module and is
//! never used by it.

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

/// A screen's title bar; every area starts with one, so tests and people know where they are.
#[component]
pub fn AreaHeader(title: &'static str) -> impl IntoView {
    view! {
        <header class="area-header">
            <h1 data-testid="area-title">{title}</h1>
        </header>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <AreaHeader title="Página não encontrada"/>
        <p><A href="/">"Voltar ao início"</A></p>
    }
}
