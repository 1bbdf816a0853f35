//! What the screens show of sync: the always-visible indicator, what each state means
//! for Configurações, and the invite an address carries (`/#join=…`).

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::{use_sync, SyncView};

/// The join code in the address (`/#join=…`), if the app was opened from an invite.
pub fn invite_in_location() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.contains("join=").then_some(hash)
}

/// The single-use invite in the address (`/#invite=…`, docs/SYNC.md 10.3), if any.
pub fn invite_link_in_location() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.contains("invite=").then_some(hash)
}

/// Removes the invite from the address bar once handled, so a reload does not ask again.
pub fn clear_location_invite() {
    if let Some(window) = web_sys::window() {
        if let Ok(history) = window.history() {
            let path = window.location().pathname().unwrap_or_else(|_| "/".into());
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&path));
        }
    }
}

/// The always-visible sync indicator.
#[component]
pub fn SyncIndicator() -> impl IntoView {
    let sync = use_sync();
    let text = move || match sync.view.get() {
        SyncView::Alone => ("alone", "Só neste aparelho".to_string()),
        SyncView::Offline { pending: 0 } => ("offline", "Offline".to_string()),
        SyncView::Offline { pending } => ("offline", format!("Offline ({pending} pendentes)")),
        SyncView::Reconnecting { pending: 0 } => {
            ("reconnecting", "Sem conexão com o servidor".to_string())
        }
        SyncView::Reconnecting { pending } => (
            "reconnecting",
            format!("Sem conexão com o servidor ({pending} pendentes)"),
        ),
        SyncView::Checking { .. } => ("checking", "Verificando a conexão…".to_string()),
        SyncView::Refused { pending: 0, .. } => ("refused", "Recusado pelo servidor".to_string()),
        SyncView::Refused { pending, .. } => (
            "refused",
            format!("Recusado pelo servidor ({pending} pendentes)"),
        ),
        SyncView::Syncing { pending } => {
            ("syncing", format!("Sincronizando ({pending} pendentes)"))
        }
        SyncView::UpToDate { last_ms } => (
            "ok",
            match last_ms {
                Some(ms) => {
                    let d = js_sys::Date::new(&JsValue::from_f64(ms as f64));
                    format!(
                        "Sincronizado às {:02}:{:02}",
                        d.get_hours(),
                        d.get_minutes()
                    )
                }
                None => "Sincronizado".to_string(),
            },
        ),
        SyncView::Moving { step, steps } => {
            ("syncing", moving("Passando ao novo período…", step, steps))
        }
        SyncView::Removed(_) => ("removed", "Removido da equipe".to_string()),
        SyncView::Error(message) => ("error", format!("Erro de sincronização: {message}")),
    };
    // Through the shop's hub, the states of a working link say so.
    let text = move || {
        let (state, words) = text();
        let hub = sync.via_hub.get() && matches!(state, "ok" | "syncing" | "checking");
        (
            state,
            if hub {
                format!("{words} pela rede da loja")
            } else {
                words
            },
        )
    };
    // Each state's colour: the waiting ones look offline, the refused one an error.
    let class = move || match text().0 {
        "reconnecting" => "offline",
        "checking" => "syncing",
        "refused" | "removed" => "error",
        other => other,
    };
    view! {
        <span role="status" aria-live="polite">
            <a href="/configuracoes#sincronizacao" class=move || format!("sync-indicator {}", class())
                data-testid="sync-indicator" data-state=move || text().0
                aria-label=move || format!("Sincronização: {}", text().1)>
                {move || text().1}
            </a>
            <crate::peer::DirectBadge/>
        </span>
    }
}

/// What the sync state means and what to do, for Configurações (pt-BR); `None` when
/// this device is in no team.
pub fn explain(view: &SyncView) -> Option<String> {
    let keep =
        "O que você registrar fica guardado neste aparelho e é enviado quando a conexão voltar.";
    Some(match view {
        SyncView::Alone => return None,
        SyncView::Offline { .. } => {
            format!("Este aparelho está sem internet. {keep} Confira o Wi-Fi ou os dados móveis.")
        }
        SyncView::Reconnecting { .. } => format!(
            "Sem conexão com o servidor de sincronização: ele não respondeu ou a conexão caiu. O aparelho tenta de novo sozinho. {keep} Se demorar, confira a internet ou o endereço do servidor."
        ),
        SyncView::Checking { .. } => {
            "Verificando se a conexão com o servidor ainda funciona…".to_string()
        }
        SyncView::Refused { message, .. } => format!(
            "O servidor de sincronização recusou a conexão: {message}. O aparelho tenta de novo sozinho. {keep}"
        ),
        SyncView::Syncing { .. } => "Sincronizando com a equipe…".to_string(),
        SyncView::UpToDate { .. } => "Em dia com a equipe.".to_string(),
        SyncView::Moving { step, steps } => {
            moving("Passando ao novo período da equipe…", *step, *steps)
        }
        SyncView::Removed(message) => message.clone(),
        SyncView::Error(message) => format!("Erro de sincronização: {message}"),
    })
}

/// A move's words, with its step once the worker reports one.
fn moving(words: &str, step: u32, steps: u32) -> String {
    if step == 0 {
        words.to_string()
    } else {
        format!("{words} (passo {step} de {steps})")
    }
}
