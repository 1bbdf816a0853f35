//! The door: the small module a first visit loads instead of the whole app.
//!
//! A device with no data can only do three things: start a business, restore a backup or
//! join a team, and each needs Automerge. So a first visit shows the welcome screen from
//! this module, a fraction of the app's size, and loads the app only when the person acts.
//! `src/boot.js` (inlined into the page) chooses the module a page starts with and exposes
//! `window.retaguardaAbrirApp`; what the person did here goes to the app as a `Handover`
//! in `window.retaguardaEntrega`, and the app's welcome screen carries it on.
//!
//! The welcome screen's view ([`WelcomeView`]) lives here too, and the app's welcome
//! (`crate::areas::welcome`) uses it: nothing here may reach the document, the storage, the
//! sync code or the app's screens. The linker keeps only what `start` reaches, and that is
//! what keeps this module small.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::widgets::FilePick;

/// What the person did on the door, for the app to carry on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handover {
    /// Start a business with this name.
    Start(String),
    /// Restore this backup file.
    Restore(Vec<u8>),
}

/// The window property that carries the handover from the door to the app.
const HANDOVER: &str = "retaguardaEntrega";
/// The window function, set by `src/boot.js`, that loads and starts the app.
const OPEN_APP: &str = "retaguardaAbrirApp";
/// The element the door is mounted in, removed just before the app mounts.
const DOOR_ID: &str = "porta";

/// Shown when the app cannot be loaded (offline on a first visit, or the server is down).
pub const LOAD_FAILED: &str =
    "Não foi possível carregar a Retaguarda. Verifique a conexão com a internet e tente de novo.";

/// Mounts the door. Called by the door's `main`.
pub fn start() {
    crate::mark("rg:door");
    console_error_panic_hook::set_once();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Some(body), Ok(root)) = (document.body(), document.create_element("div")) else {
        return;
    };
    root.set_id(DOOR_ID);
    if body.append_child(&root).is_err() {
        return;
    }
    leptos::mount::mount_to(root.unchecked_into(), Door).forget();
}

/// The welcome screen, as the app shows it; acting on it loads the app.
#[component]
fn Door() -> impl IntoView {
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let go = move |handover: Handover| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            if let Err(message) = open_app(handover).await {
                error.set(Some(message.to_string()));
                busy.set(false);
            }
        });
    };
    view! {
        <WelcomeView on_start=move |name| go(Handover::Start(name)) busy=busy error=error>
            <FilePick
                label="Restaurar um backup (.retaguarda)"
                accept=".retaguarda"
                on_file=move |bytes| go(Handover::Restore(bytes))
            />
        </WelcomeView>
    }
}

/// Leaves `handover` for the app, loads it, and takes the door off the page just before
/// the app mounts.
async fn open_app(handover: Handover) -> Result<(), &'static str> {
    let window = web_sys::window().ok_or(LOAD_FAILED)?;
    let value = js_sys::Object::new();
    let (key, item): (&str, JsValue) = match handover {
        Handover::Start(name) => ("start", name.into()),
        Handover::Restore(bytes) => ("restore", js_sys::Uint8Array::from(&bytes[..]).into()),
    };
    js_sys::Reflect::set(&value, &key.into(), &item).map_err(|_| LOAD_FAILED)?;
    js_sys::Reflect::set(&window, &HANDOVER.into(), &value).map_err(|_| LOAD_FAILED)?;
    let open = js_sys::Reflect::get(&window, &OPEN_APP.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or(LOAD_FAILED)?;
    let leave = Closure::once_into_js(|| {
        if let Some(door) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(DOOR_ID))
        {
            door.remove();
        }
    });
    let loaded = open
        .call1(&JsValue::NULL, &leave)
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
        .ok_or(LOAD_FAILED)?;
    if wasm_bindgen_futures::JsFuture::from(loaded).await.is_err() {
        // The app did not start: the handover must not surprise a later load.
        clear_handover(&window);
        return Err(LOAD_FAILED);
    }
    Ok(())
}

/// Takes what the person did on the door, once. The app's welcome screen calls this.
pub fn take_handover() -> Option<Handover> {
    let window = web_sys::window()?;
    let value = js_sys::Reflect::get(&window, &HANDOVER.into())
        .ok()
        .filter(JsValue::is_object)?;
    clear_handover(&window);
    if let Some(name) = js_sys::Reflect::get(&value, &"start".into())
        .ok()
        .and_then(|v| v.as_string())
    {
        return Some(Handover::Start(name));
    }
    let bytes = js_sys::Reflect::get(&value, &"restore".into())
        .ok()?
        .dyn_into::<js_sys::Uint8Array>()
        .ok()?;
    Some(Handover::Restore(bytes.to_vec()))
}

fn clear_handover(window: &web_sys::Window) {
    let _ = js_sys::Reflect::delete_property(
        window.unchecked_ref::<js_sys::Object>(),
        &HANDOVER.into(),
    );
}

/// The welcome screen: what Retaguarda is, the business name to start with, and `children`
/// for bringing a backup in.
#[component]
pub fn WelcomeView(
    /// The name already typed, if any.
    #[prop(optional, into)]
    name: String,
    #[prop(into)] on_start: Callback<String>,
    #[prop(into)] busy: Signal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    let name = RwSignal::new(name);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_start.run(name.get_untracked());
    };
    view! {
        <div class="welcome">
            <h1>"Bem-vindo à Retaguarda"</h1>
            <p>"Caixa, cobranças, estoque e equipe do seu negócio, mesmo sem internet. Seus dados ficam neste aparelho."</p>
            <form class="card" on:submit=submit data-testid="welcome-form">
                <label>
                    "Nome do negócio"
                    <input
                        name="business-name"
                        required
                        autocomplete="organization"
                        placeholder="Ex.: Padaria Pão Quente"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" disabled=move || busy.get()>"Começar"</button>
            </form>
            <div class="card">
                <h2>"Já usa a Retaguarda?"</h2>
                {children()}
            </div>
            <Show when=move || error.get().is_some()>
                <p class="alert error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
        </div>
    }
}
