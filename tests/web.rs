//! Browser tests of the app shell: mount the real `App` in headless Chromium, navigate
//! through the router and check what renders.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use gloo_timers::future::sleep;
use leptos::prelude::*;
use retaguarda::app::{AppOn, AREAS};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn mount(db: &'static str) {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.unchecked_into(), move || view! { <AppOn db=db/> });
    // The shell lives for the whole test page.
    handle.forget();
}

async fn wait_for(selector: &str) -> web_sys::Element {
    for _ in 0..200 {
        if let Some(found) = document().query_selector(selector).unwrap() {
            return found;
        }
        sleep(Duration::from_millis(20)).await;
    }
    panic!("{selector} never appeared");
}

async fn delete_db(name: &str) {
    if let Ok(idb) = retaguarda::storage::idb::Idb::open(name).await {
        idb.delete().await.unwrap();
    }
}

/// Creates the business through the welcome form, as a person does on first use.
async fn create_business(name: &str) {
    let input: web_sys::HtmlInputElement =
        wait_for("input[name=business-name]").await.unchecked_into();
    input.set_value(name);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    let button: web_sys::HtmlElement = document()
        .query_selector("[data-testid=welcome-form] button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
}

async fn title_becomes(expected: &str) -> String {
    let mut last = String::new();
    for _ in 0..50 {
        if let Some(h1) = document()
            .query_selector("[data-testid=area-title]")
            .unwrap()
        {
            last = h1.text_content().unwrap_or_default();
            if last == expected {
                return last;
            }
        }
        sleep(Duration::from_millis(20)).await;
    }
    last
}

#[wasm_bindgen_test]
async fn shell_renders_every_area_through_navigation() {
    delete_db("t-shell").await;
    mount("t-shell");
    create_business("Padaria Teste").await;
    assert_eq!(title_becomes("Início").await, "Início");
    for area in AREAS {
        let testid = if area.href == "/" {
            "nav-inicio".to_string()
        } else {
            format!("nav-{}", area.href.trim_start_matches('/'))
        };
        let link: web_sys::HtmlElement = document()
            .query_selector(&format!(".side-nav [data-testid={testid}]"))
            .unwrap()
            .unwrap_or_else(|| panic!("no link {testid}"))
            .unchecked_into();
        link.click();
        assert_eq!(
            title_becomes(area.label).await,
            area.label,
            "after clicking {testid}"
        );
        let current = document()
            .query_selector(".side-nav [aria-current=page]")
            .unwrap()
            .and_then(|e| e.text_content())
            .unwrap_or_default();
        assert!(current.contains(area.label), "active link is {current:?}");
    }
}
