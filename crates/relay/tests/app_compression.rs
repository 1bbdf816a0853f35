//! The app's files are gzip-compressed for browsers that ask, byte-exact
//! once decompressed; other clients get them as they are. Where the build left a
//! brotli copy (`<file>.br`), browsers that take brotli get that copy.

use crate::common;

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

#[tokio::test]
async fn the_builds_brotli_copy_is_served_to_browsers_that_take_it() {
    let dist = Dist::new();
    let name = "retaguarda-0a1b2c3d4e5f6a7b_bg.wasm";
    let wasm: Vec<u8> = (0..20_000u32)
        .flat_map(|n| (n % 251).to_le_bytes())
        .collect();
    // The relay serves the copy as it is: any bytes tell which file was sent.
    let brotli = b"brotli copy of the wasm".to_vec();
    std::fs::write(dist.app_dir().join(name), &wasm).expect("write");
    std::fs::write(dist.app_dir().join(format!("{name}.br")), &brotli).expect("write");
    let router = dist.router();
    let ask = |accept: &'static str| {
        let router = router.clone();
        async move {
            router
                .oneshot(
                    Request::get(format!("/{name}"))
                        .header("accept-encoding", accept)
                        .body(Body::empty())
                        .expect("request"),
                )
                .await
                .expect("response")
        }
    };

    let response = ask("gzip, deflate, br").await;
    assert_eq!(header(&response, "content-encoding"), "br");
    assert_eq!(header(&response, "content-type"), "application/wasm");
    assert_eq!(header(&response, "vary"), "accept-encoding");
    assert_eq!(
        header(&response, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(body_bytes(response).await, brotli);

    // Refused brotli, or none asked for: gzip of the file itself, or the file.
    let response = ask("br;q=0, gzip").await;
    assert_eq!(header(&response, "content-encoding"), "gzip");
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(body_bytes(response).await.as_slice())
        .read_to_end(&mut plain)
        .expect("gunzip");
    assert_eq!(plain, wasm);
    let response = common::get(&router, &format!("/{name}")).await;
    assert_eq!(header(&response, "content-encoding"), "");
    assert_eq!(body_bytes(response).await, wasm);
}

#[tokio::test]
async fn without_a_brotli_copy_brotli_clients_get_gzip() {
    let dist = Dist::new();
    let css = "body { color: #0f5f58; } ".repeat(200);
    std::fs::write(dist.app_dir().join("main-0a1b2c3d4e5f6a7b.css"), &css).expect("write");
    let response = dist
        .router()
        .oneshot(
            Request::get("/main-0a1b2c3d4e5f6a7b.css")
                .header("accept-encoding", "br, gzip")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(header(&response, "content-encoding"), "gzip");
    let mut plain = String::new();
    flate2::read::GzDecoder::new(body_bytes(response).await.as_slice())
        .read_to_string(&mut plain)
        .expect("gunzip");
    assert_eq!(plain, css);
}
