//! The Caixa's registers: accounts with today's balance ([`accounts`]), the two-level
//! category plan ([`categories`]) and transfers between accounts ([`transfers`]).

mod accounts;
mod categories;
mod transfers;

pub use accounts::AccountsTab;
pub use categories::CategoriesTab;
pub use transfers::TransfersTab;

use leptos::prelude::*;

/// A confirmation line after a save.
fn notice_line(notice: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || notice.get().is_some()>
            <p class="alert ok" role="status" data-testid="caixa-notice">{move || notice.get().unwrap_or_default()}</p>
        </Show>
    }
}
