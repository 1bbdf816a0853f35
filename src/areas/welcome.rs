//! The first screen on a device with no data: create the business, or restore a backup.
//!
//! `WelcomeView` is the screen itself and knows nothing of the document, so the small door
//! module (`crate::door`) shows the same screen on a first visit without loading Automerge.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::configuracoes::RestoreBackup;
use crate::door::{take_handover, Handover};
use crate::state::use_app;

/// Welcome on the full app: names the business or restores a backup. What the person did
/// on the door before the app loaded (`Handover`) is carried on here, not asked again.
#[component]
pub fn Welcome() -> impl IntoView {
    let app = use_app();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let start = move |value: String| {
        busy.set(true);
        spawn_local(async move {
            if let Err(e) = app.create_business(&value).await {
                error.set(Some(e.to_string()));
            }
            busy.set(false);
        });
    };
    let (name, backup) = match take_handover() {
        Some(Handover::Start(name)) => {
            start(name.clone());
            (name, None)
        }
        Some(Handover::Restore(bytes)) => (String::new(), Some(bytes)),
        None => (String::new(), None),
    };
    view! {
        <WelcomeView name=name on_start=start busy=busy error=error>
            <RestoreBackup label="Restaurar um backup (.retaguarda)" initial=backup/>
        </WelcomeView>
    }
}

/// The welcome screen: what Retaguarda is, the business name to start with, and `children`
/// for bringing a backup in.
#[component]
pub fn WelcomeView(
    /// The name already typed, if any.
    #[prop(optional, into)]
    name: String,
    #[prop(into)] on_start: Callback<String>,
    #[prop(into)] busy: Signal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    let name = RwSignal::new(name);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_start.run(name.get_untracked());
    };
    view! {
        <div class="welcome">
            <h1>"Bem-vindo à Retaguarda"</h1>
            <p>"Caixa, cobranças, estoque e equipe do seu negócio, mesmo sem internet. Seus dados ficam neste aparelho."</p>
            <form class="card" on:submit=submit data-testid="welcome-form">
                <label>
                    "Nome do negócio"
                    <input
                        name="business-name"
                        required
                        autocomplete="organization"
                        placeholder="Ex.: Padaria Pão Quente"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" disabled=move || busy.get()>"Começar"</button>
            </form>
            <div class="card">
                <h2>"Já usa a Retaguarda?"</h2>
                {children()}
            </div>
            <Show when=move || error.get().is_some()>
                <p class="alert error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
        </div>
    }
}
