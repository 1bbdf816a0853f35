//! `/healthz` answers ok and names the store once the store answers, without
//! touching the app files; `/metrics` names the store and times it.

use crate::common;

use axum::http::StatusCode;
use common::{body_bytes, get, header, Dist};

#[tokio::test]
async fn healthz_answers_ok() {
    let dist = Dist::new();
    let router = dist.router();
    let response = get(&router, "/healthz").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "cache-control"), "no-store");
    let engine = if common::on_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(
        String::from_utf8(body_bytes(response).await).expect("utf-8"),
        format!("ok\nstore: {engine}\n")
    );

    let metrics =
        String::from_utf8(body_bytes(get(&router, "/metrics").await).await).expect("utf-8");
    assert!(
        metrics.contains(&format!(
            "retaguarda_relay_store_info{{engine=\"{engine}\"}} 1"
        )),
        "{metrics}"
    );
    for line in [
        "retaguarda_relay_store_commit_seconds_count 0",
        "retaguarda_relay_store_read_seconds_sum 0.000000",
    ] {
        assert!(metrics.contains(line), "{line} in {metrics}");
    }
}
