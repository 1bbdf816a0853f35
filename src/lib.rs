//! Retaguarda's browser app: the Leptos shell, its screens, and the shells around the core
//! (storage in IndexedDB, the sync socket). The domain itself lives in `retaguarda-core`.

pub mod app;
pub mod areas;
pub mod door;
pub mod fmt;
pub mod guard;
pub mod hub;
pub mod peer;
pub mod pwa;
pub mod scanner;
pub mod state;
pub mod storage;
pub mod sync;
pub mod ui;
pub mod widgets;
pub mod worker;

pub use app::App;

/// Mounts the app on the page's body. Called by `main`; browser tests mount `App` themselves.
pub fn start() {
    mark("rg:main");
    console_error_panic_hook::set_once();
    guard::install();
    leptos::mount::mount_to_body(App);
}

/// Marks a step of the start in the page's performance timeline. The browser bench reads
/// these marks to say where a cold start spends its time; they cost nothing otherwise.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
