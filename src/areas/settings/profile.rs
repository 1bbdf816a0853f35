//! The business profile (name, CPF/CNPJ, city) and its Pix key.

use leptos::prelude::*;
use retaguarda_core::settings::BusinessProfile;

use crate::state::use_app;
use crate::ui::{show, Field, FieldKind, Form, Submit, Topic};

/// The profile as the form starts: read once, so typing is not replaced by other changes.
#[component]
pub(super) fn Profile() -> impl IntoView {
    let app = use_app();
    let profile = untrack(|| app.query(&[Topic::Business], |b| b.profile()));
    view! {
        <section class="card" aria-labelledby="perfil-h">
            <h2 id="perfil-h">"Empresa"</h2>
            {show(profile, |p| view! { <ProfileForm profile=p/> })}
        </section>
    }
}

#[component]
fn ProfileForm(profile: BusinessProfile) -> impl IntoView {
    let app = use_app();
    let name = RwSignal::new(profile.name);
    let tax_id = RwSignal::new(
        profile
            .tax_id
            .map(|t| {
                retaguarda_core::formats::doc::TaxId::parse(&t)
                    .map(|id| id.formatted())
                    .unwrap_or(t)
            })
            .unwrap_or_default(),
    );
    let city = RwSignal::new(profile.city.unwrap_or_default());
    let pix = RwSignal::new(profile.pix_key.unwrap_or_default());
    let saved = RwSignal::new(false);
    let save = Submit::new(
        move || {
            saved.set(false);
            let (n, t, c, k) = (
                name.get_untracked(),
                tax_id.get_untracked(),
                city.get_untracked(),
                pix.get_untracked(),
            );
            async move {
                Ok(app
                    .run(move |b, ctx| b.update_profile(ctx, &n, Some(&t), Some(&c), Some(&k)))
                    .await?)
            }
        },
        move |()| saved.set(true),
    );
    view! {
        <Form submit=save label="Salvar empresa" testid="profile-form">
            <Field label="Nome do negócio" value=name required=true autocomplete="organization"/>
            <Field label="CPF ou CNPJ" value=tax_id kind=FieldKind::Document autocomplete="off"/>
            <Field label="Cidade" value=city autocomplete="address-level2"/>
            <Field label="Chave Pix (CPF, CNPJ, celular +55…, e-mail ou chave aleatória)" value=pix
                autocomplete="off" maxlength=77/>
            <Show when=move || saved.get()>
                <p class="alert ok" role="status">"Dados da empresa salvos."</p>
            </Show>
        </Form>
    }
}
