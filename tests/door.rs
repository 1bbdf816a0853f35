//! Browser tests of the app's side of the door (`retaguarda::door`): what a person did on
//! the door's welcome screen is carried on by the app once it starts, and only once.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use gloo_timers::future::sleep;
use leptos::prelude::*;
use retaguarda::app::AppOn;
use retaguarda::door::{take_handover, Handover};
use retaguarda::state::today;
use retaguarda_core::{backup, Business, Device, OpCtx};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

/// Leaves a handover as the door does: `{key: value}` in `window.retaguardaEntrega`.
fn leave(key: &str, value: JsValue) {
    let handover = js_sys::Object::new();
    js_sys::Reflect::set(&handover, &key.into(), &value).unwrap();
    js_sys::Reflect::set(&window(), &"retaguardaEntrega".into(), &handover).unwrap();
}

/// Mounts the app on database `db` in a root of its own, and returns that root.
async fn mount(db: &'static str) -> web_sys::Element {
    if let Ok(idb) = retaguarda::storage::idb::Idb::open(db).await {
        idb.delete().await.unwrap();
    }
    let document = window().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(
        root.clone().unchecked_into(),
        move || view! { <AppOn db=db/> },
    );
    handle.forget();
    root
}

async fn text_of(root: &web_sys::Element, selector: &str) -> String {
    for _ in 0..250 {
        if let Some(found) = root.query_selector(selector).unwrap() {
            let text = found.text_content().unwrap_or_default();
            if !text.is_empty() {
                return text;
            }
        }
        sleep(Duration::from_millis(20)).await;
    }
    panic!("{selector} never showed text");
}

// One test, in order: the handover lives on the window, which the tests of a file share.
#[wasm_bindgen_test]
async fn what_the_door_hands_over_the_app_carries_on_once() {
    a_handover_is_taken_once();
    the_app_starts_the_business_named_on_the_door().await;
    the_app_previews_the_backup_picked_on_the_door().await;
}

fn a_handover_is_taken_once() {
    assert_eq!(take_handover(), None);
    leave("start", "Padaria".into());
    assert_eq!(take_handover(), Some(Handover::Start("Padaria".into())));
    assert_eq!(
        take_handover(),
        None,
        "a second load must not start it again"
    );
    leave("restore", js_sys::Uint8Array::from(&[1u8, 2, 3][..]).into());
    assert_eq!(take_handover(), Some(Handover::Restore(vec![1, 2, 3])));
    leave("nothing", JsValue::TRUE);
    assert_eq!(take_handover(), None);
}

async fn the_app_starts_the_business_named_on_the_door() {
    leave("start", "Padaria da Porta".into());
    let root = mount("t-door-start").await;
    assert_eq!(
        text_of(&root, "[data-testid=business-name]").await,
        "Padaria da Porta"
    );
    assert!(root
        .query_selector("[data-testid=welcome-form]")
        .unwrap()
        .is_none());
}

async fn the_app_previews_the_backup_picked_on_the_door() {
    let ctx = OpCtx::new(today(), 1_796_000_000_000);
    let mut shop = Business::create(&Device::new("Outro"), "Oficina do Rui", &ctx).unwrap();
    let file = backup::write(&mut shop);
    leave("restore", js_sys::Uint8Array::from(&file[..]).into());
    let root = mount("t-door-restore").await;
    // The person still confirms, as when the file is picked in the app.
    let preview = text_of(&root, "[data-testid=restore-preview]").await;
    assert!(preview.contains("Oficina do Rui"), "{preview}");
    assert!(root
        .query_selector("[data-testid=business-name]")
        .unwrap()
        .is_none());
}
