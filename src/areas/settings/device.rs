//! This device: its name, what the browser says about its storage, and the devices that
//! wrote to the document.

use leptos::prelude::*;

use crate::fmt;
use crate::state::use_app;
use crate::ui::{show, Field, Form, Submit, Topic};

fn megabytes(bytes: f64) -> String {
    crate::fmt::bytes(bytes)
}

#[component]
pub(super) fn ThisDevice() -> impl IntoView {
    let app = use_app();
    app.refresh_storage_info();
    let device_name = RwSignal::new(app.device().map(|d| d.name).unwrap_or_default());
    let saved = RwSignal::new(false);
    let rename = Submit::new(
        move || {
            saved.set(false);
            let name = device_name.get_untracked();
            async move { Ok(app.rename_device(&name).await?) }
        },
        move |()| saved.set(true),
    );
    let devices = move || app.query(&[Topic::Devices], |b| b.devices());
    let info = app.storage;
    view! {
        <section class="card" aria-labelledby="ap-h">
            <h2 id="ap-h">"Este aparelho e o armazenamento"</h2>
            <Form submit=rename label="Salvar nome" testid="device-form">
                <Field label="Nome deste aparelho" value=device_name required=true maxlength=60/>
                <Show when=move || saved.get()>
                    <p class="alert ok" role="status">"Nome do aparelho salvo."</p>
                </Show>
            </Form>
            <dl class="facts" data-testid="storage-info">
                <dt>"Armazenamento persistente"</dt>
                <dd data-testid="storage-persistent">{move || match info.get().persistent {
                    Some(true) => "Sim: o navegador não apagará os dados sozinho.",
                    Some(false) => "Não: o navegador pode apagar os dados se faltar espaço. Faça backups.",
                    None => "Desconhecido",
                }}</dd>
                <dt>"Espaço usado"</dt>
                <dd>{move || {
                    let s = info.get();
                    match (s.usage_bytes, s.quota_bytes) {
                        (Some(u), Some(q)) => format!("{} de {}", megabytes(u), megabytes(q)),
                        _ => "Desconhecido".to_string(),
                    }
                }}</dd>
                <dt>"Último backup"</dt>
                <dd data-testid="last-backup">{move || info.get().last_backup.map(fmt::date).unwrap_or_else(|| "Nunca".into())}</dd>
            </dl>
            <Show when=move || { info.get().quarantined > 0 }>
                <p class="alert warn" role="status">{move || format!(
                    "{} bloco(s) de dados danificados foram separados ao abrir. O restante foi carregado; se algo faltar, restaure um backup.",
                    info.get().quarantined
                )}</p>
            </Show>
            <h3>"Aparelhos que já gravaram dados"</h3>
            {move || show(devices(), |list| view! {
                <ul class="list" data-testid="devices">
                    {list.into_iter().map(|(_, d)| view! { <li>{d.name}</li> }).collect_view()}
                </ul>
            })}
        </section>
    }
}
