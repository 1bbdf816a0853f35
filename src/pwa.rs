//! The installable app's side of the service worker: shows "nova versão" when a new build
//! is waiting and applies it only when the person asks, so the app is never half-updated;
//! offers "Instalar" where the browser can install it (and says how on an iPhone, which
//! has no prompt); and says "Sem internet" on a device that syncs with no one, whose sync
//! indicator has nothing to say about the network.
//!
//! `public/pwa.js` registers the worker and raises the `retaguarda:update-ready` event; it
//! also exposes `window.retaguardaApplyUpdate()`, which activates the waiting worker and
//! reloads once it controls the page. It keeps the browser's `beforeinstallprompt` event
//! (which may come before the app starts) as `window.retaguardaInstallPrompt` and raises
//! `retaguarda:install-ready`.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Banner offering the new version. Hidden until the service worker has one waiting.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let (ready, set_ready) = signal(false);
    if let Some(window) = web_sys::window() {
        if js_sys::Reflect::get(&window, &"retaguardaUpdateReady".into())
            .map(|v| v.is_truthy())
            .unwrap_or(false)
        {
            set_ready.set(true);
        }
        let handle =
            window_event_listener_untyped("retaguarda:update-ready", move |_| set_ready.set(true));
        on_cleanup(move || handle.remove());
    }
    let apply = move |_| {
        if let Some(window) = web_sys::window() {
            if let Ok(f) = js_sys::Reflect::get(&window, &"retaguardaApplyUpdate".into()) {
                if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                    let _ = f.call0(&window);
                }
            }
        }
    };
    view! {
        <Show when=move || ready.get()>
            <div class="update-banner" role="status" data-testid="update-banner">
                <span>"Nova versão disponível."</span>
                <button type="button" on:click=apply>"Atualizar"</button>
            </div>
        </Show>
    }
}

fn window_flag(name: &str) -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &name.into()).ok())
        .is_some_and(|v| v.is_truthy())
}

/// Whether the app already runs installed (from the home screen).
fn standalone() -> bool {
    let media = web_sys::window().is_some_and(|w| {
        js_sys::Reflect::get(&w, &"matchMedia".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .and_then(|f| f.call1(&w, &"(display-mode: standalone)".into()).ok())
            .and_then(|m| js_sys::Reflect::get(&m, &"matches".into()).ok())
            .is_some_and(|v| v.is_truthy())
    });
    let ios = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"standalone".into()).ok())
        .is_some_and(|v| v.is_truthy());
    media || ios
}

/// "Instalar", shown only while the browser offers to install the app.
#[component]
pub fn InstallButton() -> impl IntoView {
    let (ready, set_ready) = signal(window_flag("retaguardaInstallPrompt"));
    if web_sys::window().is_some() {
        let shown =
            window_event_listener_untyped("retaguarda:install-ready", move |_| set_ready.set(true));
        let done = window_event_listener_untyped("appinstalled", move |_| set_ready.set(false));
        on_cleanup(move || {
            shown.remove();
            done.remove();
        });
    }
    let install = move |_| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let Ok(event) = js_sys::Reflect::get(&window, &"retaguardaInstallPrompt".into()) else {
            return;
        };
        if let Ok(prompt) = js_sys::Reflect::get(&event, &"prompt".into()) {
            if let Some(f) = prompt.dyn_ref::<js_sys::Function>() {
                let _ = f.call0(&event);
            }
        }
        // The prompt can be shown once; the browser offers it again later if declined.
        let _ = js_sys::Reflect::set(&window, &"retaguardaInstallPrompt".into(), &JsValue::NULL);
        set_ready.set(false);
    };
    view! {
        <Show when=move || ready.get() && !standalone()>
            <button type="button" class="secondary small" data-testid="instalar" on:click=install>"Instalar"</button>
        </Show>
    }
}

/// On an iPhone or iPad, where Safari has no install prompt: how to add it to the home screen.
#[component]
pub fn IosInstallHint() -> impl IntoView {
    let ios = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .is_some_and(|ua| ua.contains("iPhone") || ua.contains("iPad"));
    (ios && !standalone()).then(|| {
        view! {
            <p class="alert ok" data-testid="ios-instalar">
                "Para usar como aplicativo no iPhone: toque em Compartilhar e depois em \"Adicionar à Tela de Início\"."
            </p>
        }
    })
}

/// "Sem internet" while the browser is offline and this device syncs with no team (a team's
/// sync indicator already says "Offline").
#[component]
pub fn OfflineBadge() -> impl IntoView {
    let online = || web_sys::window().is_none_or(|w| w.navigator().on_line());
    let (offline, set_offline) = signal(!online());
    if web_sys::window().is_some() {
        let off = window_event_listener_untyped("offline", move |_| set_offline.set(true));
        let on = window_event_listener_untyped("online", move |_| set_offline.set(false));
        on_cleanup(move || {
            off.remove();
            on.remove();
        });
    }
    let sync = crate::sync::use_sync();
    let alone = move || matches!(sync.view.get(), crate::sync::SyncView::Alone);
    view! {
        <Show when=move || offline.get() && alone()>
            <span class="offline-badge" role="status" data-testid="offline-badge">"Sem internet: tudo fica salvo neste aparelho"</span>
        </Show>
    }
}
