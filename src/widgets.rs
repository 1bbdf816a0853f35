//! Picking a file, with its progress. Forms, lists, the clipboard and downloads are in the
//! UI kit (`crate::ui`); the two forwards at the end keep older call sites working.

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

/// Offering a file to download lives with the share helper; kept here for the boleto
/// screens that call it by this path.
pub use crate::ui::share::download;

/// Copies text to the clipboard without waiting. Kept for the screens not yet on the kit;
/// new code uses `crate::ui::share` (which says when the browser refuses).
pub fn copy_text(text: &str) {
    crate::ui::share::copy_in_background(text.to_string());
}
