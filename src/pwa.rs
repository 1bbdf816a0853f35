//! The installable app's side of the service worker: shows "nova versão" when a new build
//! is waiting and applies it only when the person asks, so the app is never half-updated.
//!
//! `public/pwa.js` registers the worker and raises the `retaguarda:update-ready` event; it
//! also exposes `window.retaguardaApplyUpdate()`, which activates the waiting worker and
//! reloads once it controls the page.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

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
