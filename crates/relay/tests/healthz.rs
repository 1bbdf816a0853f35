//! `/healthz` answers ok without touching the app files.

mod common;

use axum::http::StatusCode;
use common::{body_bytes, get, header, Dist};

#[tokio::test]
async fn healthz_answers_ok() {
    let dist = Dist::new();
    let router = dist.router();
    let response = get(&router, "/healthz").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "cache-control"), "no-store");
    assert_eq!(body_bytes(response).await, b"ok");
}
