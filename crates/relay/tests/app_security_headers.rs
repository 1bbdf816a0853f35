//! Every response carries a strict CSP that allows exactly the inline
//! scripts of index.html, plus nosniff and no-referrer.

use crate::common;

use base64::Engine as _;
use common::{get, header, Dist, INLINE_SCRIPT};
use retaguarda_relay::app_files::inline_script_hashes;
use sha2::{Digest, Sha256};

fn sha256_source(text: &str) -> String {
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

#[tokio::test]
async fn csp_allows_the_inline_trunk_script_and_nothing_loose() {
    let dist = Dist::new();
    let router = dist.router();
    let response = get(&router, "/").await;
    let csp = header(&response, "content-security-policy");
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src "))
        .expect("script-src");
    assert_eq!(
        script_src,
        format!(
            "script-src 'self' 'wasm-unsafe-eval' {}",
            sha256_source(INLINE_SCRIPT)
        )
    );
    for directive in [
        "default-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "connect-src 'self' ws: wss:",
        "worker-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(
            csp.split(';').any(|d| d.trim() == directive),
            "{directive} in {csp}"
        );
    }
    assert!(!csp.contains("'unsafe-eval'"), "{csp}");
    assert!(!script_src.contains("'unsafe-inline'"), "{csp}");
}

#[tokio::test]
async fn every_response_has_the_security_headers() {
    let dist = Dist::new();
    let router = dist.router();
    for path in [
        "/",
        "/sw.js",
        "/retaguarda-0a1b2c3d4e5f6a7b_bg.wasm",
        "/healthz",
        "/nada.js",
    ] {
        let response = get(&router, path).await;
        assert_eq!(
            header(&response, "x-content-type-options"),
            "nosniff",
            "{path}"
        );
        assert_eq!(
            header(&response, "referrer-policy"),
            "no-referrer",
            "{path}"
        );
        assert!(
            header(&response, "content-security-policy").contains(&sha256_source(INLINE_SCRIPT)),
            "{path}"
        );
    }
}

#[tokio::test]
async fn csp_follows_a_rebuilt_index_html() {
    let dist = Dist::new();
    let router = dist.router();
    let before = header(&get(&router, "/").await, "content-security-policy").to_string();
    let new_script = "console.log('nova versão');";
    std::fs::write(
        dist.app_dir().join("index.html"),
        format!("<html><head><script>{new_script}</script></head></html>"),
    )
    .expect("write");
    let after = header(&get(&router, "/").await, "content-security-policy").to_string();
    assert_ne!(before, after);
    assert!(after.contains(&sha256_source(new_script)), "{after}");
    assert!(!after.contains(&sha256_source(INLINE_SCRIPT)), "{after}");
}

#[test]
fn only_inline_scripts_are_hashed() {
    let html = "<SCRIPT src='/a.js'></SCRIPT><script type=\"module\">a()</script>\
                <scripts>x</scripts><script data-x=\"src\">b()\r\n</script>";
    let hashes = inline_script_hashes(html);
    let expected: Vec<String> = ["a()", "b()\n"]
        .iter()
        .map(|s| sha256_source(s).trim_matches('\'').to_string())
        .collect();
    assert_eq!(hashes, expected);
}
