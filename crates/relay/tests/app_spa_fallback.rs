//! App routes fall back to index.html; missing assets and escapes are 404.

use crate::common;

use axum::http::StatusCode;
use common::{body_bytes, get, header, Dist};

#[tokio::test]
async fn unknown_app_routes_serve_index_html() {
    let dist = Dist::new();
    let router = dist.router();
    let index = std::fs::read(dist.app_dir().join("index.html")).expect("index");
    for path in ["/caixa", "/cobrancas/nova", "/configuracoes?aba=equipe"] {
        let response = get(&router, path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            header(&response, "content-type"),
            "text/html; charset=utf-8"
        );
        assert_eq!(body_bytes(response).await, index, "{path}");
    }
}

#[tokio::test]
async fn missing_assets_are_404_not_html() {
    let dist = Dist::new();
    let router = dist.router();
    for path in [
        "/retaguarda-ffffffffffffffff_bg.wasm",
        "/nada.js",
        "/icons/none.png",
    ] {
        let response = get(&router, path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_ne!(
            header(&response, "content-type"),
            "text/html; charset=utf-8"
        );
    }
}

#[tokio::test]
async fn paths_cannot_escape_the_app_folder() {
    let dist = Dist::new();
    std::fs::write(dist.dir.path().join("secret.txt"), b"segredo").expect("write");
    std::fs::write(dist.app_dir().join(".env"), b"segredo").expect("write");
    let router = dist.router();
    for path in [
        "/../secret.txt",
        "/icons/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/.env",
    ] {
        let response = get(&router, path).await;
        let status = response.status();
        let body = body_bytes(response).await;
        assert!(!body.windows(7).any(|w| w == b"segredo"), "{path} leaked");
        assert!(
            status == StatusCode::NOT_FOUND || status == StatusCode::OK,
            "{path}"
        );
    }
}

#[tokio::test]
async fn without_a_build_the_app_answers_503_in_portuguese() {
    let dir = tempfile::tempdir().expect("tempdir");
    let router = retaguarda_relay::app(retaguarda_relay::Config::new(
        dir.path().join("dist"),
        dir.path().join("data"),
    ))
    .expect("app");
    let response = get(&router, "/").await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body = String::from_utf8(body_bytes(response).await).expect("utf8");
    assert!(body.contains("index.html"), "{body}");
}
