//! Browser tests of the app shell: mount the real `App` in headless Chromium, navigate
//! through the router and check what renders.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use gloo_timers::future::sleep;
use retaguarda::app::AREAS;
use retaguarda::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn mount() {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.unchecked_into(), App);
    // The shell lives for the whole test page.
    handle.forget();
}

async fn title_becomes(expected: &str) -> String {
    let mut last = String::new();
    for _ in 0..50 {
        if let Some(h1) = document().query_selector("[data-testid=area-title]").unwrap() {
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
    mount();
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
        assert_eq!(title_becomes(area.label).await, area.label, "after clicking {testid}");
        let current = document()
            .query_selector(".side-nav [aria-current=page]")
            .unwrap()
            .and_then(|e| e.text_content())
            .unwrap_or_default();
        assert!(current.contains(area.label), "active link is {current:?}");
    }
}
