//! Reading codes with the camera: the BarcodeDetector API where the browser has it (Chrome on
//! Android does), a typed fallback everywhere else. Product barcodes (EAN/GTIN), boleto
//! barcodes (ITF, 44 digits) and team invites (QR codes) all come in through here.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

/// Product barcodes: GTIN-13/8, UPC, Code 128 (SKUs) and ITF (GTIN-14 on boxes).
pub const PRODUCT_CODES: &[&str] = &["ean_13", "ean_8", "upc_a", "upc_e", "code_128", "itf"];
/// The barcode printed on a boleto (Interleaved 2 of 5).
pub const BOLETO_CODES: &[&str] = &["itf"];
/// QR codes, such as a team invite.
pub const QR_CODES: &[&str] = &["qr_code"];

/// Whether this browser can read barcodes from the camera.
pub fn has_barcode_detector() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"BarcodeDetector".into()).ok())
        .is_some_and(|v| v.is_function())
}

fn method_call(target: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: js_sys::Function = js_sys::Reflect::get(target, &name.into())?.dyn_into()?;
    f.apply(target, &args.iter().collect::<js_sys::Array>())
}

async fn await_promise(value: JsValue) -> Result<JsValue, JsValue> {
    wasm_bindgen_futures::JsFuture::from(value.dyn_into::<js_sys::Promise>()?).await
}

fn stop_stream(stream: &JsValue) {
    if let Ok(tracks) = method_call(stream, "getTracks", &[]) {
        for track in js_sys::Array::from(&tracks).iter() {
            let _ = method_call(&track, "stop", &[]);
        }
    }
}

/// Opens the rear camera into `video` and looks for a barcode every 300 ms until one is
/// found or `running` turns false (or the screen goes away).
async fn scan(
    video: web_sys::HtmlElement,
    running: RwSignal<bool>,
    formats: &[&str],
) -> Result<Option<String>, String> {
    let window = web_sys::window().ok_or("Sem janela do navegador.")?;
    let devices = js_sys::Reflect::get(&window.navigator(), &"mediaDevices".into())
        .ok()
        .filter(|d| !d.is_undefined())
        .ok_or("Este navegador não dá acesso à câmera.")?;
    let constraints = js_sys::Object::new();
    let video_opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&video_opts, &"facingMode".into(), &"environment".into());
    let _ = js_sys::Reflect::set(&constraints, &"video".into(), &video_opts);
    let stream = method_call(&devices, "getUserMedia", &[constraints.into()])
        .map_err(|_| "Não foi possível abrir a câmera.")?;
    let stream = await_promise(stream)
        .await
        .map_err(|_| "Sem permissão para usar a câmera. Digite o código abaixo.")?;
    let _ = js_sys::Reflect::set(&video, &"srcObject".into(), &stream);
    let _ = video.set_attribute("playsinline", "");
    if let Ok(p) = method_call(&video, "play", &[]) {
        let _ = await_promise(p).await;
    }
    let ctor: js_sys::Function = js_sys::Reflect::get(&window, &"BarcodeDetector".into())
        .ok()
        .and_then(|c| c.dyn_into().ok())
        .ok_or("Este navegador não lê códigos de barras.")?;
    let options = js_sys::Object::new();
    let formats: js_sys::Array = formats.iter().map(|f| JsValue::from_str(f)).collect();
    let _ = js_sys::Reflect::set(&options, &"formats".into(), &formats);
    let detector = js_sys::Reflect::construct(&ctor, &js_sys::Array::of1(&options))
        .map_err(|_| "Este navegador não lê códigos de barras.")?;
    let mut found = None;
    while running.try_get_untracked().unwrap_or(false) {
        if let Ok(p) = method_call(&detector, "detect", &[video.clone().into()]) {
            if let Ok(codes) = await_promise(p).await {
                let first = js_sys::Array::from(&codes).get(0);
                if let Some(raw) = js_sys::Reflect::get(&first, &"rawValue".into())
                    .ok()
                    .and_then(|v| v.as_string())
                {
                    found = Some(raw);
                    break;
                }
            }
        }
        gloo_timers::future::sleep(std::time::Duration::from_millis(300)).await;
    }
    stop_stream(&stream);
    Ok(found)
}

/// The "Ler código" button and the camera preview, only where BarcodeDetector exists.
#[component]
pub fn Scanner(
    /// The BarcodeDetector formats to look for, e.g. [`PRODUCT_CODES`].
    formats: &'static [&'static str],
    #[prop(into)] on_code: Callback<String>,
    /// The button's text.
    #[prop(default = "Ler código")]
    label: &'static str,
    /// What to do instead where the camera cannot read codes (nothing shown when empty).
    #[prop(default = "Este navegador não lê códigos pela câmera; digite o código abaixo.")]
    fallback: &'static str,
) -> impl IntoView {
    let supported = has_barcode_detector();
    let running = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let video_ref = NodeRef::<leptos::html::Video>::new();
    let start = move |_| {
        if running.get_untracked() {
            running.set(false);
            return;
        }
        running.set(true);
        error.set(None);
        spawn_local(async move {
            // The <video> appears once `running` is set; let it mount.
            gloo_timers::future::sleep(std::time::Duration::from_millis(50)).await;
            let Some(video) = video_ref.get_untracked() else {
                running.set(false);
                return;
            };
            let el: web_sys::HtmlElement = video.unchecked_into();
            match scan(el, running, formats).await {
                Ok(Some(code)) => on_code.run(code),
                Ok(None) => {}
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
            let _ = running.try_set(false);
        });
    };
    view! {
        {supported.then(|| view! {
            <button type="button" on:click=start data-testid="ler-codigo">
                {move || if running.get() { "Parar leitura" } else { label }}
            </button>
            <Show when=move || running.get()>
                <video node_ref=video_ref muted=true aria-label="Imagem da câmera"
                    style="width: 100%; max-height: 240px; background: #000; border-radius: 8px; margin-top: 0.5rem;"></video>
            </Show>
            {move || error.get().map(|e| view! { <p class="alert error" role="alert">{e}</p> })}
        })}
        {(!supported && !fallback.is_empty()).then(|| view! {
            <p class="empty" data-testid="sem-camera">{fallback}</p>
        })}
    }
}
