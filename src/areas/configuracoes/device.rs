//! This device: its name, what the browser says about its storage, and the devices that
//! wrote to the document.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Outcome;
use crate::fmt;
use crate::state::use_app;

fn megabytes(bytes: f64) -> String {
    crate::fmt::bytes(bytes)
}

#[component]
pub(super) fn ThisDevice() -> impl IntoView {
    let app = use_app();
    app.refresh_storage_info();
    let device_name = RwSignal::new(app.device().map(|d| d.name).unwrap_or_default());
    let result = RwSignal::new(None);
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = device_name.get_untracked();
        spawn_local(async move {
            let outcome = app.rename_device(&name).await;
            result.set(Some(
                outcome
                    .map(|_| "Nome do aparelho salvo.".to_string())
                    .map_err(|e| e.to_string()),
            ));
        });
    };
    let devices = move || {
        app.read(|b| b.devices().unwrap_or_default())
            .unwrap_or_default()
    };
    let info = app.storage;
    view! {
        <section class="card" aria-labelledby="ap-h">
            <h2 id="ap-h">"Este aparelho e o armazenamento"</h2>
            <form on:submit=rename>
                <label>"Nome deste aparelho"
                    <input prop:value=move || device_name.get() on:input=move |ev| device_name.set(event_target_value(&ev))/>
                </label>
                <button type="submit" class="secondary">"Salvar nome"</button>
                <Outcome result=result/>
            </form>
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
            <ul class="list" data-testid="devices">
                <For each=devices key=|(k, _)| k.clone() let:item>
                    <li>{item.1.name.clone()}</li>
                </For>
            </ul>
        </section>
    }
}
