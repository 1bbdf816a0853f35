//! Copying text, handing it to another app (WhatsApp, e-mail) through the system share
//! sheet, and offering a file to download. The one place the app talks to
//! `navigator.clipboard` and `navigator.share`.
//!
//! - `copy(text).await` copies; its error says what to do instead.
//! - `share_or_copy(title, text).await` opens the share sheet where the browser has one
//!   (phones), else copies; the [`Shared`] value says which, for a status line.
//! - `can_share()` tells whether to offer a "Compartilhar" button at all.
//! - Text leaves with ordinary spaces (`fmt::plain`): the screens' no-break spaces stay home.
//! - `download(name, mime, bytes)` offers bytes as a file (a backup, an export).
//! - [`CopyButton`] is a button that copies a text and says "Copiado." beside itself.
//! - [`CodeBox`] shows a code to copy (a Pix copia e cola) read-only, with its
//!   [`CopyButton`] under it.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::fmt::plain;

/// Why the text could not be copied or shared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    #[error("Não foi possível copiar. Selecione o texto e copie manualmente.")]
    CopyRefused,
    #[error("Este navegador não abre o compartilhamento. Use Copiar.")]
    NoShareSheet,
    #[error(
        "Não foi possível preparar o arquivo para baixar. Recarregue a página e tente de novo."
    )]
    NoDownload,
}

/// What happened to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shared {
    /// The person picked an app in the share sheet.
    Sent,
    /// The person closed the share sheet: nothing to report as an error.
    Cancelled,
    /// The text went to the clipboard.
    Copied,
}

fn navigator() -> Option<web_sys::Navigator> {
    web_sys::window().map(|w| w.navigator())
}

/// A method of a JS object, when the browser has it.
fn js_method(target: &JsValue, name: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(target, &JsValue::from_str(name))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()
}

/// Calls a promise-returning method and waits for it.
async fn call_promise(
    target: &JsValue,
    method: &js_sys::Function,
    arg: &JsValue,
) -> Result<(), JsValue> {
    let value = method.call1(target, arg)?;
    let promise = value
        .dyn_into::<js_sys::Promise>()
        .map_err(|_| JsValue::from_str("not a promise"))?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
}

/// Copies `text` to the clipboard.
pub async fn copy(text: &str) -> Result<(), ShareError> {
    let nav: JsValue = navigator().ok_or(ShareError::CopyRefused)?.into();
    // Older browsers and plain-http pages have no clipboard object at all.
    let clipboard = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard"))
        .map_err(|_| ShareError::CopyRefused)?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err(ShareError::CopyRefused);
    }
    let write = js_method(&clipboard, "writeText").ok_or(ShareError::CopyRefused)?;
    call_promise(&clipboard, &write, &JsValue::from_str(&plain(text)))
        .await
        .map_err(|_| ShareError::CopyRefused)
}

/// Copies `text` without waiting, for a button whose page shows the text anyway.
pub fn copy_in_background(text: String) {
    leptos::task::spawn_local(async move {
        let _ = copy(&text).await;
    });
}

/// Whether the system share sheet is there (phones, mostly).
pub fn can_share() -> bool {
    navigator().is_some_and(|n| js_method(&n.into(), "share").is_some())
}

/// Opens the system share sheet with `title` and `text`.
pub async fn share(title: &str, text: &str) -> Result<Shared, ShareError> {
    let nav: JsValue = navigator().ok_or(ShareError::NoShareSheet)?.into();
    let share = js_method(&nav, "share").ok_or(ShareError::NoShareSheet)?;
    let data = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&data, &"title".into(), &title.into());
    let _ = js_sys::Reflect::set(&data, &"text".into(), &plain(text).into());
    match call_promise(&nav, &share, &data).await {
        Ok(()) => Ok(Shared::Sent),
        Err(_) => Ok(Shared::Cancelled),
    }
}

/// Shares where the browser can, else copies.
pub async fn share_or_copy(title: &str, text: &str) -> Result<Shared, ShareError> {
    if can_share() {
        share(title, text).await
    } else {
        copy(text).await.map(|()| Shared::Copied)
    }
}

/// Offers `bytes` as a download named `file_name`.
pub fn download(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), ShareError> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(ShareError::NoDownload)?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| ShareError::NoDownload)?;
    let url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ShareError::NoDownload)?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| ShareError::NoDownload)?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    // The browser fetches the blob after the click returns; revoking it at once can cancel
    // the download on a busy device, so the URL is released a minute later.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// A button that copies `text` and says so beside itself (or says what to do instead).
#[component]
pub fn CopyButton(
    #[prop(into)] text: Signal<String>,
    #[prop(optional)] label: Option<&'static str>,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional)] class: Option<&'static str>,
    /// What it says once copied, when "Copiado." is too short ("Código copiado.").
    #[prop(optional)]
    done: Option<&'static str>,
) -> impl IntoView {
    let status = RwSignal::new(None::<Result<(), ShareError>>);
    let on_click = move |_| {
        let value = text.get_untracked();
        leptos::task::spawn_local(async move {
            status.set(Some(copy(&value).await));
        });
    };
    view! {
        <button type="button" class=class.unwrap_or("secondary") data-testid=testid on:click=on_click>
            {label.unwrap_or("Copiar")}
        </button>
        <span role="status" aria-live="polite" class="copy-status">
            {move || match status.get() {
                Some(Ok(())) => done.unwrap_or("Copiado.").to_string(),
                Some(Err(e)) => e.to_string(),
                None => String::new(),
            }}
        </span>
    }
}

/// A code to be copied (a Pix copia e cola): shown read-only under `label`, selectable by
/// hand, with a [`CopyButton`] under it.
#[component]
pub fn CodeBox(
    label: &'static str,
    #[prop(into)] code: Signal<String>,
    /// The test id of the text box.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// The button's text ("Copiar código Pix"); "Copiar" when not given.
    #[prop(optional)]
    copy_label: Option<&'static str>,
    /// What the button says once copied.
    #[prop(optional)]
    done: Option<&'static str>,
    /// The test id of the button.
    copy_testid: &'static str,
    /// The button's classes: "" for the card's main action; "secondary" when not given.
    #[prop(optional)]
    copy_class: Option<&'static str>,
) -> impl IntoView {
    view! {
        <label>
            {label}
            <textarea readonly=true rows="4" data-testid=testid prop:value=move || code.get()></textarea>
        </label>
        <p>
            <CopyButton
                text=code
                label=copy_label.unwrap_or("Copiar")
                done=done.unwrap_or("Copiado.")
                testid=copy_testid
                class=copy_class.unwrap_or("secondary")
            />
        </p>
    }
}
