//! The app's files are served with the MIME types browsers insist on.

use crate::common;

use axum::http::StatusCode;
use common::{body_bytes, get, header, Dist};

#[tokio::test]
async fn each_kind_of_file_gets_its_mime_type() {
    let dist = Dist::new();
    let router = dist.router();
    let cases = [
        ("/retaguarda-0a1b2c3d4e5f6a7b_bg.wasm", "application/wasm"),
        (
            "/retaguarda-0a1b2c3d4e5f6a7b.js",
            "text/javascript; charset=utf-8",
        ),
        ("/sw.js", "text/javascript; charset=utf-8"),
        ("/style-9f8e7d6c5b4a3921.css", "text/css; charset=utf-8"),
        ("/manifest.webmanifest", "application/manifest+json"),
        ("/icons/icon-192.png", "image/png"),
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
    ];
    for (path, expected) in cases {
        let response = get(&router, path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(header(&response, "content-type"), expected, "{path}");
    }
}

#[tokio::test]
async fn file_bytes_are_served_unchanged() {
    let dist = Dist::new();
    let router = dist.router();
    let response = get(&router, "/retaguarda-0a1b2c3d4e5f6a7b_bg.wasm").await;
    assert_eq!(body_bytes(response).await, b"\0asm\x01\0\0\0");
}
