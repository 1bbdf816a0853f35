//! Browser pieces the screens share: picking a file (with its progress) and offering bytes
//! as a download. Forms, lists and the clipboard are in the UI kit (`crate::ui`).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A labelled file input that hands the chosen file's bytes to `on_file`. With
/// `on_progress`, the file is read in slices and the percentage read so far is reported
/// after each one, so a large bank statement shows its progress.
#[component]
pub fn FilePick(
    label: &'static str,
    accept: &'static str,
    #[prop(into)] on_file: Callback<Vec<u8>>,
    #[prop(optional, into)] on_progress: Option<Callback<u32>>,
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
            if let Some(bytes) = read_file(&file, on_progress).await {
                on_file.run(bytes);
            }
        });
        input.set_value("");
    };
    view! {
        // The browser's own file control speaks the browser's language ("Choose file"); the
        // app shows its own button over it, and the input keeps the label's name.
        <label class="file-pick">
            {label}
            <span class="button secondary file-button" aria-hidden="true">"Escolher arquivo"</span>
            <input type="file" accept=accept on:change=on_change/>
        </label>
    }
}

/// Reads a whole file, in 256 KiB slices when someone wants to see the progress.
async fn read_file(file: &web_sys::File, on_progress: Option<Callback<u32>>) -> Option<Vec<u8>> {
    const SLICE: f64 = 256.0 * 1024.0;
    let Some(progress) = on_progress else {
        let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
            .await
            .ok()?;
        return Some(js_sys::Uint8Array::new(&buffer).to_vec());
    };
    let size = file.size();
    let mut bytes = Vec::with_capacity(size as usize);
    let mut start = 0.0;
    progress.run(0);
    while start < size {
        let end = (start + SLICE).min(size);
        let part = file.slice_with_f64_and_f64(start, end).ok()?;
        let buffer = wasm_bindgen_futures::JsFuture::from(part.array_buffer())
            .await
            .ok()?;
        bytes.extend(js_sys::Uint8Array::new(&buffer).to_vec());
        start = end;
        progress.run(((start / size) * 100.0) as u32);
    }
    progress.run(100);
    Some(bytes)
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
    // The browser fetches the blob after the click returns; revoking it at once can cancel
    // the download on a busy device, so the URL is released a minute later.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Copies text to the clipboard without waiting. Kept for the screens not yet on the kit;
/// new code uses `crate::ui::share` (which says when the browser refuses).
pub fn copy_text(text: &str) {
    crate::ui::share::copy_in_background(text.to_string());
}
