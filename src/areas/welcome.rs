//! The first screen on a device with no data: create the business, or restore a backup.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::configuracoes::RestoreBackup;
use crate::state::use_app;

/// Welcome: name the business to start, or bring a backup in.
#[component]
pub fn Welcome() -> impl IntoView {
    let app = use_app();
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = name.get_untracked();
        busy.set(true);
        spawn_local(async move {
            if let Err(e) = app.create_business(&value).await {
                error.set(Some(e.to_string()));
            }
            busy.set(false);
        });
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
                <RestoreBackup label="Restaurar um backup (.retaguarda)"/>
            </div>
            <Show when=move || error.get().is_some()>
                <p class="alert error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
        </div>
    }
}
