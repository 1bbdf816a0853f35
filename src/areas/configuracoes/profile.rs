//! The business profile (name, CPF/CNPJ, city) and its Pix key.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Outcome;
use crate::state::use_app;

#[component]
pub(super) fn Profile() -> impl IntoView {
    let app = use_app();
    let profile = app.read(|b| b.profile().ok()).flatten();
    let name = RwSignal::new(profile.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let tax_id = RwSignal::new(
        profile
            .as_ref()
            .and_then(|p| p.tax_id.clone())
            .map(|t| {
                retaguarda_core::formats::doc::TaxId::parse(&t)
                    .map(|id| id.formatted())
                    .unwrap_or(t)
            })
            .unwrap_or_default(),
    );
    let city = RwSignal::new(
        profile
            .as_ref()
            .and_then(|p| p.city.clone())
            .unwrap_or_default(),
    );
    let pix = RwSignal::new(profile.and_then(|p| p.pix_key).unwrap_or_default());
    let result = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (n, t, c, k) = (
            name.get_untracked(),
            tax_id.get_untracked(),
            city.get_untracked(),
            pix.get_untracked(),
        );
        spawn_local(async move {
            let outcome = app
                .run(move |b, ctx| b.update_profile(ctx, &n, Some(&t), Some(&c), Some(&k)))
                .await;
            result.set(Some(
                outcome
                    .map(|_| "Dados da empresa salvos.".to_string())
                    .map_err(|e| e.to_string()),
            ));
        });
    };
    view! {
        <section class="card" aria-labelledby="perfil-h">
            <h2 id="perfil-h">"Empresa"</h2>
            <form on:submit=submit data-testid="profile-form">
                <label>"Nome do negócio"
                    <input required prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
                <label>"CPF ou CNPJ"
                    <input inputmode="text" autocomplete="off" prop:value=move || tax_id.get() on:input=move |ev| tax_id.set(event_target_value(&ev))/>
                </label>
                <label>"Cidade"
                    <input autocomplete="address-level2" prop:value=move || city.get() on:input=move |ev| city.set(event_target_value(&ev))/>
                </label>
                <label>"Chave Pix (CPF, CNPJ, celular +55…, e-mail ou chave aleatória)"
                    <input autocomplete="off" prop:value=move || pix.get() on:input=move |ev| pix.set(event_target_value(&ev))/>
                </label>
                <button type="submit">"Salvar empresa"</button>
                <Outcome result=result/>
            </form>
        </section>
    }
}
