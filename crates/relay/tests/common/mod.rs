//! Shared helpers for the relay's tests: a temporary Trunk-like `dist/`
//! folder and a one-shot request runner.
#![allow(dead_code)]

pub mod sim;

use axum::body::Body;
use axum::http::{Request, Response};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The inline module script Trunk 0.21 writes into index.html.
pub const INLINE_SCRIPT: &str = "\nimport init, * as bindings from '/retaguarda-0a1b2c3d4e5f6a7b.js';\nconst wasm = await init({ module_or_path: '/retaguarda-0a1b2c3d4e5f6a7b_bg.wasm' });\nwindow.wasmBindings = bindings;\ndispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {detail: {wasm}}));\n";

/// A temporary app folder shaped like Trunk's output, and the relay's data
/// folder beside it.
pub struct Dist {
    pub dir: tempfile::TempDir,
}

impl Dist {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let app = dir.path().join("dist");
        std::fs::create_dir_all(app.join("icons")).expect("mkdir");
        std::fs::create_dir_all(app.join("snippets/retaguarda-1122334455667788")).expect("mkdir");
        let index = format!(
            "<!DOCTYPE html><html lang=\"pt-BR\"><head><meta charset=\"utf-8\">\
             <link rel=\"stylesheet\" href=\"/style-9f8e7d6c5b4a3921.css\">\
             <link rel=\"manifest\" href=\"/manifest.webmanifest\">\
             <link rel=\"modulepreload\" href=\"/retaguarda-0a1b2c3d4e5f6a7b.js\">\
             <script src=\"/retaguarda-0a1b2c3d4e5f6a7b.js\" type=\"module\"></script>\
             <script type=\"module\">{INLINE_SCRIPT}</script></head><body></body></html>"
        );
        let files: &[(&str, &[u8])] = &[
            ("index.html", index.as_bytes()),
            (
                "retaguarda-0a1b2c3d4e5f6a7b.js",
                b"export default function init() {}",
            ),
            ("retaguarda-0a1b2c3d4e5f6a7b_bg.wasm", b"\0asm\x01\0\0\0"),
            ("style-9f8e7d6c5b4a3921.css", b"body { margin: 0 }"),
            ("manifest.webmanifest", b"{\"name\":\"Retaguarda\"}"),
            ("sw.js", b"self.addEventListener('install', () => {});"),
            ("icons/icon-192.png", b"\x89PNG\r\n\x1a\n"),
            (
                "snippets/retaguarda-1122334455667788/inline0.js",
                b"export function f() {}",
            ),
        ];
        for (name, bytes) in files {
            std::fs::write(app.join(name), bytes).expect("write");
        }
        Self { dir }
    }

    pub fn app_dir(&self) -> std::path::PathBuf {
        self.dir.path().join("dist")
    }

    pub fn data_dir(&self) -> std::path::PathBuf {
        self.dir.path().join("data")
    }

    pub fn router(&self) -> Router {
        retaguarda_relay::app(retaguarda_relay::Config::new(
            self.app_dir(),
            self.data_dir(),
        ))
        .expect("relay app")
    }
}

/// Sends one GET through the router.
pub async fn get(router: &Router, path: &str) -> Response<Body> {
    router
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).expect("request"))
        .await
        .expect("infallible")
}

pub fn header<'a>(response: &'a Response<Body>, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

pub async fn body_bytes(response: Response<Body>) -> Vec<u8> {
    response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec()
}
