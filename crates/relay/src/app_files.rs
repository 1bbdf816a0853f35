//! Serving the built app (a Trunk `dist/` folder): MIME types, cache headers,
//! the single-page-app fallback to `index.html`, and the Content-Security-Policy
//! whose script hashes are computed from the inline scripts of `index.html`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// Cache-Control for files whose name carries a content hash.
pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache-Control for files that must be revalidated on every load.
pub const CACHE_NO_CACHE: &str = "no-cache";

/// The built app on disk plus the cached `index.html` and its policy.
#[derive(Debug)]
pub struct AppFiles {
    root: PathBuf,
    index: RwLock<Option<IndexCache>>,
}

#[derive(Debug, Clone)]
struct IndexCache {
    modified: Option<SystemTime>,
    len: u64,
    body: Arc<[u8]>,
    csp: Arc<str>,
}

impl AppFiles {
    /// Serves files under `root`; `index.html` is read (and its policy
    /// computed) now if it exists, and again whenever it changes on disk.
    pub fn new(root: PathBuf) -> Arc<Self> {
        let files = Arc::new(Self {
            root,
            index: RwLock::new(None),
        });
        if files.load_index().is_none() {
            tracing::warn!(
                app = %files.root.display(),
                "index.html não encontrado; o app não será servido até que exista"
            );
        }
        files
    }

    /// The policy sent with every response: built from the current
    /// `index.html`, or without script hashes while there is none.
    pub fn csp(&self) -> Arc<str> {
        match self.load_index() {
            Some(index) => index.csp,
            None => Arc::from(content_security_policy(&[])),
        }
    }

    /// Returns the current `index.html`, re-reading it when its size or
    /// modification time changed (a rebuild while the relay runs).
    fn load_index(&self) -> Option<IndexCache> {
        let path = self.root.join("index.html");
        let meta = std::fs::metadata(&path).ok()?;
        let modified = meta.modified().ok();
        if let Ok(guard) = self.index.read() {
            if let Some(cached) = guard.as_ref() {
                if cached.modified == modified && cached.len == meta.len() {
                    return Some(cached.clone());
                }
            }
        }
        let body = std::fs::read(&path).ok()?;
        let html = String::from_utf8_lossy(&body);
        let hashes = inline_script_hashes(&html);
        let cache = IndexCache {
            modified,
            len: meta.len(),
            body: Arc::from(body),
            csp: Arc::from(content_security_policy(&hashes)),
        };
        tracing::info!(scripts = hashes.len(), "index.html lido; CSP atualizada");
        if let Ok(mut guard) = self.index.write() {
            *guard = Some(cache.clone());
        }
        Some(cache)
    }

    fn index_response(&self) -> Response {
        match self.load_index() {
            Some(index) => file_response(
                Body::from(index.body.to_vec()),
                "text/html; charset=utf-8",
                CACHE_NO_CACHE,
            ),
            None => (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
                "O aplicativo ainda não foi construído nesta máquina (falta index.html).",
            )
                .into_response(),
        }
    }
}

/// The Content-Security-Policy the app runs under; `script_hashes` are
/// `sha256-…` sources of the inline scripts of `index.html`.
pub fn content_security_policy(script_hashes: &[String]) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for hash in script_hashes {
        script_src.push_str(" '");
        script_src.push_str(hash);
        script_src.push('\'');
    }
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; connect-src 'self' ws: wss:; worker-src 'self'; \
         manifest-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
    )
}

/// The `sha256-<base64>` CSP sources of every inline `<script>` (one without
/// a `src` attribute) in `html`, in document order.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut hashes = Vec::new();
    let mut pos = 0;
    while let Some(found) = lower[pos..].find("<script") {
        let tag_start = pos + found;
        let after_name = tag_start + "<script".len();
        // `<scripts>` or `<script-x>` are other elements.
        match lower.as_bytes().get(after_name) {
            Some(b) if b.is_ascii_whitespace() || *b == b'>' || *b == b'/' => {}
            _ => {
                pos = after_name;
                continue;
            }
        }
        let Some(tag_end) = tag_end(&lower, after_name) else {
            break;
        };
        let attrs = &lower[after_name..tag_end];
        let content_start = tag_end + 1;
        let Some(close) = lower[content_start..].find("</script") else {
            break;
        };
        let content_end = content_start + close;
        if !has_attribute(attrs, "src") {
            // The HTML parser turns CR LF and lone CR into LF before the
            // browser hashes the script text, so hash what it will see.
            let text = html[content_start..content_end]
                .replace("\r\n", "\n")
                .replace('\r', "\n");
            let digest = Sha256::digest(text.as_bytes());
            hashes.push(format!(
                "sha256-{}",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        pos = content_end + "</script".len();
    }
    hashes
}

/// Index of the `>` closing a start tag, skipping quoted attribute values.
fn tag_end(lower: &str, from: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, b) in lower.as_bytes().iter().enumerate().skip(from) {
        match quote {
            Some(q) if *b == q => quote = None,
            Some(_) => {}
            None if *b == b'"' || *b == b'\'' => quote = Some(*b),
            None if *b == b'>' => return Some(i),
            None => {}
        }
    }
    None
}

/// Whether the attribute list of a start tag has an attribute called `name`.
fn has_attribute(attrs: &str, name: &str) -> bool {
    let bytes = attrs.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && bytes[i] != b'='
            && bytes[i] != b'/'
        {
            i += 1;
        }
        if &attrs[start..i] == name {
            return true;
        }
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let q = bytes[i];
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    i += 1;
                }
                i += 1;
            } else {
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
            }
        }
        if i == start {
            i += 1;
        }
    }
    false
}

/// The Content-Type for a file name, by extension.
pub fn content_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "webmanifest" => "application/manifest+json",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Whether a path segment carries a Trunk content hash, as in
/// `retaguarda-0a1b2c3d4e5f.wasm`, `retaguarda-0a1b2c3d4e5f_bg.wasm` or the
/// `snippets/retaguarda-0a1b2c3d4e5f/` folder.
pub fn is_content_hashed(segment: &str) -> bool {
    let stem = segment.split('.').next().unwrap_or(segment);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((name, hash)) => {
            !name.is_empty()
                && (8..=64).contains(&hash.len())
                && hash.bytes().all(|b| b.is_ascii_hexdigit())
        }
        None => false,
    }
}

/// The Cache-Control for a path relative to the app folder.
pub fn cache_control(rel_path: &str) -> &'static str {
    if rel_path.split('/').any(is_content_hashed) {
        CACHE_IMMUTABLE
    } else {
        // index.html, sw.js, manifest.webmanifest, icons: revalidate each time
        // so a new version is never mixed with an old one.
        CACHE_NO_CACHE
    }
}

fn file_response(body: Body, content_type: &'static str, cache: &'static str) -> Response {
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        "Arquivo não encontrado.",
    )
        .into_response()
}

/// A request path made safe to join under the app folder, or `None` when it
/// tries to leave it or to reach hidden files.
fn safe_relative_path(path: &str) -> Option<String> {
    let trimmed = path.trim_start_matches('/');
    let mut parts = Vec::new();
    for segment in trimmed.split('/') {
        if segment.is_empty() {
            continue;
        }
        if segment.starts_with('.')
            || segment.contains('\\')
            || segment.contains('\0')
            || segment.contains(':')
        {
            return None;
        }
        parts.push(segment);
    }
    Some(parts.join("/"))
}

/// Whether the client takes brotli (`br` in Accept-Encoding, without `q=0`).
pub fn accepts_brotli(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            name.eq_ignore_ascii_case("br") && !refused
        })
}

/// The build's brotli copy of a file (`<file>.br`, written by `scripts/post-build.sh`),
/// when the client takes brotli and the copy exists: served as is, so the big wasm is not
/// compressed again on every first visit, and is 27% smaller than with gzip.
async fn brotli_copy(full: &Path, headers: &HeaderMap) -> Option<Vec<u8>> {
    if !accepts_brotli(headers) {
        return None;
    }
    let mut name = full.as_os_str().to_owned();
    name.push(".br");
    tokio::fs::read(PathBuf::from(name)).await.ok()
}

/// The fallback handler: a file of the app, or `index.html` for app routes.
pub async fn serve(
    State(files): State<Arc<AppFiles>>,
    method: Method,
    headers: HeaderMap,
    uri: axum::http::Uri,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, HeaderValue::from_static("GET, HEAD"))],
            "Método não permitido.",
        )
            .into_response();
    }
    let Some(rel) = safe_relative_path(uri.path()) else {
        return not_found();
    };
    if rel.is_empty() || rel == "index.html" {
        return files.index_response();
    }
    let full: PathBuf = files.root.join(Path::new(&rel));
    match tokio::fs::metadata(&full).await {
        Ok(meta) if meta.is_file() => {
            if let Some(bytes) = brotli_copy(&full, &headers).await {
                let mut response =
                    file_response(Body::from(bytes), content_type(&rel), cache_control(&rel));
                let h = response.headers_mut();
                h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
                h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
                return response;
            }
            serve_plain(&full, &rel).await
        }
        _ => {
            let last = rel.rsplit('/').next().unwrap_or(&rel);
            if last.contains('.') {
                // A missing asset must not be answered with HTML, or the
                // browser reports a confusing MIME error instead of a 404.
                not_found()
            } else {
                files.index_response()
            }
        }
    }
}

/// A file as it is on disk (the compression layer gzips it for clients that ask).
async fn serve_plain(full: &Path, rel: &str) -> Response {
    match tokio::fs::read(full).await {
        Ok(bytes) => file_response(Body::from(bytes), content_type(rel), cache_control(rel)),
        Err(err) => {
            tracing::warn!(path = %rel, error = %err, "falha ao ler arquivo do app");
            not_found()
        }
    }
}

/// Adds the security headers to every response.
pub async fn security_headers(
    State(files): State<Arc<AppFiles>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let csp = files.csp();
    let headers: &mut HeaderMap = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}
