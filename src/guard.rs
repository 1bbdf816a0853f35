//! The unsaved-form guard: once a person types into a form, leaving it by a link, a reload
//! or closing the tab asks first, so nothing typed is lost by accident.
//!
//! One set of listeners on the window covers every form of the app: typing marks the form
//! (`data-dirty`), submitting it clears the mark, and a form that closes takes its mark
//! with it. Forms whose values are throwaway carry `data-unguarded`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The question asked before typed values are dropped.
pub const QUESTION: &str = "Há dados digitados que ainda não foram salvos. Sair mesmo assim?";

const GUARDED_FORM: &str = "form:not([data-unguarded])";
const DIRTY: &str = "data-dirty";

fn form_of(event: &web_sys::Event) -> Option<web_sys::Element> {
    event
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest(GUARDED_FORM)
        .ok()
        .flatten()
}

/// Whether some open form holds typed values not yet saved.
pub fn has_unsaved() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("form[data-dirty]").ok().flatten())
        .is_some()
}

/// Asks before dropping typed values; true when it is fine to go on.
pub fn may_leave() -> bool {
    if !has_unsaved() {
        return true;
    }
    web_sys::window()
        .and_then(|w| w.confirm_with_message(QUESTION).ok())
        .unwrap_or(true)
}

/// A click on a link that takes the app to another screen.
fn leaves_screen(event: &web_sys::Event) -> bool {
    let Some(link) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a[href]").ok().flatten())
    else {
        return false;
    };
    // Links that open elsewhere (WhatsApp, e-mail, downloads) leave the form where it is.
    let external = link.has_attribute("download")
        || link.get_attribute("target").is_some_and(|t| t == "_blank")
        || link
            .get_attribute("href")
            .is_some_and(|h| h.starts_with("mailto:") || h.starts_with("http"));
    !external
}

fn listen(kind: &str, capture: bool, f: impl FnMut(web_sys::Event) + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(f);
    let _ = window.add_event_listener_with_callback_and_bool(
        kind,
        closure.as_ref().unchecked_ref(),
        capture,
    );
    // The listeners live as long as the page.
    closure.forget();
}

/// Installs the guard's listeners once, when the app mounts.
pub fn install() {
    listen("input", true, |e| {
        if let Some(form) = form_of(&e) {
            let _ = form.set_attribute(DIRTY, "");
        }
    });
    listen("submit", true, |e| {
        if let Some(form) = form_of(&e) {
            let _ = form.remove_attribute(DIRTY);
        }
    });
    // Capture phase, so a refusal stops the click before the router sees it.
    listen("click", true, |e| {
        if leaves_screen(&e) && !may_leave() {
            e.prevent_default();
            e.stop_propagation();
        }
    });
    listen("beforeunload", false, |e| {
        if has_unsaved() {
            e.prevent_default();
            if let Some(e) = e.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                e.set_return_value(QUESTION);
            }
        }
    });
}
