//! Small pieces the screens share: file picking, downloads, money and date inputs.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A labelled file input that hands the chosen file's bytes to `on_file`.
#[component]
pub fn FilePick(
    label: &'static str,
    accept: &'static str,
    #[prop(into)] on_file: Callback<Vec<u8>>,
) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        leptos::task::spawn_local(async move {
            if let Ok(buffer) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                on_file.run(js_sys::Uint8Array::new(&buffer).to_vec());
            }
        });
        input.set_value("");
    };
    view! {
        <label class="file-pick">
            {label}
            <input type="file" accept=accept on:change=on_change/>
        </label>
    }
}

/// Offers `bytes` as a download named `file_name`.
pub fn download(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let window = web_sys::window().ok_or("sem janela")?;
    let document = window.document().ok_or("sem documento")?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| "não foi possível preparar o arquivo")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "não foi possível preparar o arquivo")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "sem documento")?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Copies text to the clipboard. Best effort: browsers may refuse outside a user gesture.
pub fn copy_text(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}
