//! Shared helpers for the relay's tests: a temporary Trunk-like `dist/`
//! folder, the store the relay keeps its data in, and a one-shot request
//! runner.
//!
//! Every relay test runs on the engine the test command picks:
//! `RETAGUARDA_TEST_STORE=postgres` runs it on a fresh PostgreSQL database
//! (on the server at `RETAGUARDA_TEST_POSTGRES`, a `postgres://` URL whose
//! user may create databases); unset, on SQLite in the data folder.
//! scripts/test.sh runs the relay suite once each way. Tests of several
//! relays on one database need PostgreSQL whatever the engine; without a
//! server they are skipped, unless `RETAGUARDA_REQUIRE_POSTGRES=1` (CI),
//! which turns a missing server into a failure.
#![allow(dead_code)]

pub mod process;
pub mod sim;

use std::sync::atomic::{AtomicU32, Ordering};

use retaguarda_relay::store::{self, Storage, StoreSpec};

/// The PostgreSQL server the tests may use, if any; panics when one is
/// required and missing.
pub fn postgres_server() -> Option<String> {
    let url = std::env::var("RETAGUARDA_TEST_POSTGRES")
        .ok()
        .filter(|u| !u.is_empty());
    if url.is_none() && std::env::var("RETAGUARDA_REQUIRE_POSTGRES").as_deref() == Ok("1") {
        panic!("RETAGUARDA_REQUIRE_POSTGRES=1 but RETAGUARDA_TEST_POSTGRES is not set: start PostgreSQL (scripts/test.sh does)");
    }
    url
}

/// Whether this run's relay tests use PostgreSQL.
pub fn on_postgres() -> bool {
    match std::env::var("RETAGUARDA_TEST_STORE").as_deref() {
        Ok("postgres") => true,
        Ok("sqlite") | Ok("") | Err(_) => false,
        Ok(other) => panic!("RETAGUARDA_TEST_STORE={other}: use sqlite or postgres"),
    }
}

/// Creates an empty database on `server` and returns its URL.
pub fn fresh_database(server: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "retaguarda_test_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .subsec_nanos()
    );
    let server = server.to_string();
    let statement = format!("CREATE DATABASE {name}");
    store::postgres::off_runtime(move || {
        let mut client =
            postgres::Client::connect(&server, postgres::NoTls).expect("connect to PostgreSQL");
        client.batch_execute(&statement).expect("create database");
        let (base, query) = match server.split_once('?') {
            Some((base, query)) => (base.to_string(), format!("?{query}")),
            None => (server.clone(), String::new()),
        };
        let (host, _) = base.rsplit_once('/').expect("a database in the URL");
        format!("{host}/{name}{query}")
    })
}

/// Runs `f` on a connection to `spec`'s store, off the async runtime (the
/// PostgreSQL client may not block an async thread).
pub fn with_store<T: Send>(spec: &StoreSpec, f: impl FnOnce(&mut dyn Storage) -> T + Send) -> T {
    store::postgres::off_runtime(move || {
        let mut store = store::open(spec).expect("open store");
        f(store.as_mut())
    })
}

use axum::body::Body;
use axum::http::{Request, Response};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The inline module script Trunk 0.21 writes into index.html.
pub const INLINE_SCRIPT: &str = "\nimport init, * as bindings from '/retaguarda-0a1b2c3d4e5f6a7b.js';\nconst wasm = await init({ module_or_path: '/retaguarda-0a1b2c3d4e5f6a7b_bg.wasm' });\nwindow.wasmBindings = bindings;\ndispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {detail: {wasm}}));\n";

/// A temporary app folder shaped like Trunk's output, and the relay's data
/// folder beside it (or its own PostgreSQL database).
pub struct Dist {
    pub dir: tempfile::TempDir,
    /// The database's URL when this run is on PostgreSQL.
    pub store: Option<String>,
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
        let store = on_postgres().then(|| {
            let server = postgres_server().expect(
                "RETAGUARDA_TEST_STORE=postgres needs RETAGUARDA_TEST_POSTGRES (a server URL)",
            );
            fresh_database(&server)
        });
        Self { dir, store }
    }

    /// A folder like this one on a database of its own, on `server`.
    pub fn on_database(server: &str) -> Self {
        let mut dist = Self::new();
        dist.store = Some(fresh_database(server));
        dist
    }

    /// The relay's configuration for this folder (and database), with the
    /// default limits.
    pub fn config(&self) -> retaguarda_relay::Config {
        let mut config = retaguarda_relay::Config::new(self.app_dir(), self.data_dir());
        config.store = self.store.clone();
        config
    }

    /// Where the relay keeps its data.
    pub fn spec(&self) -> StoreSpec {
        self.config().store_spec()
    }

    /// Runs `f` on a connection to the relay's store.
    pub fn with_store<T: Send>(&self, f: impl FnOnce(&mut dyn Storage) -> T + Send) -> T {
        with_store(&self.spec(), f)
    }

    /// Every stored byte: the data folder's files on SQLite, every row of
    /// the relay's tables on PostgreSQL.
    pub fn stored_bytes(&self) -> Vec<(String, Vec<u8>)> {
        match &self.store {
            None => sim::all_file_bytes(&self.data_dir()),
            Some(url) => {
                let url = url.clone();
                store::postgres::off_runtime(move || {
                    let mut client =
                        postgres::Client::connect(&url, postgres::NoTls).expect("connect");
                    let mut out = Vec::new();
                    for row in client
                        .query("SELECT room, token_hash FROM rooms", &[])
                        .expect("rooms")
                    {
                        let mut bytes: Vec<u8> = row.get(0);
                        bytes.extend(row.get::<_, Vec<u8>>(1));
                        out.push(("rooms".to_string(), bytes));
                    }
                    for row in client
                        .query("SELECT seq, digest, data FROM blobs", &[])
                        .expect("blobs")
                    {
                        let seq: i64 = row.get(0);
                        let mut bytes: Vec<u8> = row.get(1);
                        bytes.extend(row.get::<_, Vec<u8>>(2));
                        out.push((format!("blobs/{seq}"), bytes));
                    }
                    out
                })
            }
        }
    }

    pub fn app_dir(&self) -> std::path::PathBuf {
        self.dir.path().join("dist")
    }

    pub fn data_dir(&self) -> std::path::PathBuf {
        self.dir.path().join("data")
    }

    pub fn router(&self) -> Router {
        retaguarda_relay::app(self.config()).expect("relay app")
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
