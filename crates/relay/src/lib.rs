//! Retaguarda's relay: one process that serves the built app (a Trunk `dist/`
//! folder) under a strict Content-Security-Policy, and will store and forward
//! the teams' encrypted sync blobs.
//!
//! [`app`] builds the whole HTTP service so tests can drive it in process;
//! [`serve`] binds a listener and runs it.

pub mod app_files;
pub mod config;
pub mod error;

use axum::http::{header, HeaderValue};
use axum::routing::get;
use axum::Router;

pub use config::Config;
pub use error::RelayError;

use app_files::AppFiles;

/// Builds the relay's HTTP service for `config`.
pub fn app(config: Config) -> Result<Router, RelayError> {
    std::fs::create_dir_all(&config.data_dir).map_err(|source| RelayError::DataDir {
        path: config.data_dir.clone(),
        source,
    })?;
    let files = AppFiles::new(config.app_dir.clone());
    let router = Router::new()
        .route("/healthz", get(healthz))
        .fallback(app_files::serve)
        .with_state(files.clone())
        .layer(axum::middleware::from_fn_with_state(
            files,
            app_files::security_headers,
        ));
    Ok(router)
}

async fn healthz() -> impl axum::response::IntoResponse {
    (
        [
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            ),
        ],
        "ok",
    )
}

/// Binds `listen` and serves [`app`] until the process is stopped.
pub async fn serve(config: Config, listen: &str) -> Result<(), RelayError> {
    let router = app(config)?;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|source| RelayError::Listen {
            addr: listen.to_string(),
            source,
        })?;
    let local = listener.local_addr().map_err(RelayError::Serve)?;
    tracing::info!(addr = %local, "relay escutando");
    axum::serve(listener, router)
        .await
        .map_err(RelayError::Serve)
}
