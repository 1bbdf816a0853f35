//! Hashed assets are cached forever; the entry points are revalidated.

use crate::common;

use common::{get, header, Dist};
use retaguarda_relay::app_files::{cache_control, is_content_hashed};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

#[tokio::test]
async fn hashed_assets_are_immutable() {
    let dist = Dist::new();
    let router = dist.router();
    for path in [
        "/retaguarda-0a1b2c3d4e5f6a7b_bg.wasm",
        "/retaguarda-0a1b2c3d4e5f6a7b.js",
        "/style-9f8e7d6c5b4a3921.css",
        "/snippets/retaguarda-1122334455667788/inline0.js",
    ] {
        let response = get(&router, path).await;
        assert_eq!(header(&response, "cache-control"), IMMUTABLE, "{path}");
    }
}

#[tokio::test]
async fn entry_points_are_no_cache() {
    let dist = Dist::new();
    let router = dist.router();
    for path in [
        "/",
        "/index.html",
        "/sw.js",
        "/manifest.webmanifest",
        "/caixa",
    ] {
        let response = get(&router, path).await;
        assert_eq!(header(&response, "cache-control"), "no-cache", "{path}");
    }
}

#[test]
fn hash_detection_follows_trunk_names() {
    assert!(is_content_hashed("retaguarda-0a1b2c3d4e5f.wasm"));
    assert!(is_content_hashed("retaguarda-0a1b2c3d4e5f_bg.wasm"));
    assert!(is_content_hashed("style-9f8e7d6c5b4a3921.css"));
    assert!(!is_content_hashed("icon-192.png"));
    assert!(!is_content_hashed("icon-maskable-512.png"));
    assert!(!is_content_hashed("sw.js"));
    assert!(!is_content_hashed("manifest.webmanifest"));
    assert!(!is_content_hashed("-0a1b2c3d4e5f.js"));
    assert_eq!(cache_control("icons/icon-192.png"), "no-cache");
}
