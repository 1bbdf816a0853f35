//! The app's files are gzip-compressed for browsers that ask, byte-exact
//! once decompressed; other clients get them as they are.

mod common;

use std::io::Read;

use axum::body::Body;
use axum::http::Request;
use common::{body_bytes, header, Dist};
use tower::ServiceExt;

#[tokio::test]
async fn wasm_is_gzipped_when_accepted() {
    let dist = Dist::new();
    let wasm: Vec<u8> = (0..20_000u32)
        .flat_map(|n| (n % 251).to_le_bytes())
        .collect();
    std::fs::write(
        dist.app_dir().join("retaguarda-0a1b2c3d4e5f6a7b_bg.wasm"),
        &wasm,
    )
    .expect("write");
    let router = dist.router();
    let response = router
        .clone()
        .oneshot(
            Request::get("/retaguarda-0a1b2c3d4e5f6a7b_bg.wasm")
                .header("accept-encoding", "gzip")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(header(&response, "content-encoding"), "gzip");
    assert_eq!(header(&response, "content-type"), "application/wasm");
    assert_eq!(
        header(&response, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    let compressed = body_bytes(response).await;
    assert!(
        compressed.len() < wasm.len() / 2,
        "{} bytes",
        compressed.len()
    );
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(compressed.as_slice())
        .read_to_end(&mut plain)
        .expect("gunzip");
    assert_eq!(plain, wasm);

    let response = common::get(&router, "/retaguarda-0a1b2c3d4e5f6a7b_bg.wasm").await;
    assert_eq!(header(&response, "content-encoding"), "");
    assert_eq!(body_bytes(response).await, wasm);
}
