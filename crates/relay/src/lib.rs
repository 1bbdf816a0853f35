//! Retaguarda's relay: one process that serves the built app (a Trunk `dist/`
//! folder) under a strict Content-Security-Policy, and stores and forwards
//! the teams' encrypted sync blobs on `/v1/sync` (protocol in
//! `docs/SYNC.md`; the relay only ever sees ciphertext).
//!
//! [`app`] builds the whole HTTP service so tests can drive it in process;
//! [`serve`] binds a listener and runs it.

pub mod admission;
pub mod app_files;
pub mod config;
pub mod error;
pub mod hub;
pub mod metrics;
pub mod store;
pub mod upstream;
pub mod ws;

use std::sync::Arc;

use axum::extract::{FromRef, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

pub use config::{Config, Limits};
pub use error::RelayError;

use app_files::AppFiles;
use hub::Hub;

#[derive(Clone)]
struct AppState {
    files: Arc<AppFiles>,
    hub: Arc<Hub>,
}

impl FromRef<AppState> for Arc<AppFiles> {
    fn from_ref(state: &AppState) -> Self {
        state.files.clone()
    }
}

impl FromRef<AppState> for Arc<Hub> {
    fn from_ref(state: &AppState) -> Self {
        state.hub.clone()
    }
}

/// Builds the relay's HTTP service for `config`.
pub fn app(config: Config) -> Result<Router, RelayError> {
    let spec = config.store_spec();
    if let store::StoreSpec::Sqlite(dir) = &spec {
        std::fs::create_dir_all(dir).map_err(|source| RelayError::DataDir {
            path: dir.clone(),
            source,
        })?;
    }
    let mut writer = store::open(&spec).map_err(RelayError::Store)?;
    if let Ok(durability) = store::postgres::off_runtime(|| writer.durability()) {
        tracing::info!(engine = spec.engine(), durability, "armazenamento aberto");
    }
    // A second connection for reads: catch-up runs beside the writer.
    let reader = store::open(&spec).map_err(RelayError::Store)?;
    let listen = match &spec {
        store::StoreSpec::Postgres(url) => Some(url.clone()),
        store::StoreSpec::Sqlite(_) => None,
    };
    let hub = Arc::new(
        Hub::new(writer, reader, config.limits.clone(), listen).map_err(RelayError::Store)?,
    );
    if let Some(url) = &config.upstream {
        if !upstream::valid_url(url) {
            return Err(RelayError::Upstream(url.clone()));
        }
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(RelayError::Upstream(url.clone()));
        }
        upstream::start(hub.clone(), url.clone(), config.data_dir.clone());
    }
    let files = AppFiles::new(config.app_dir.clone());
    let state = AppState {
        files: files.clone(),
        hub,
    };
    // Only the app's files are compressed: never the WebSocket upgrade.
    let app_files = Router::new()
        .fallback(app_files::serve)
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state.clone());
    let router = Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/v1/sync", get(ws::upgrade))
        .with_state(state)
        .fallback_service(app_files)
        .layer(axum::middleware::from_fn_with_state(
            files,
            app_files::security_headers,
        ));
    Ok(router)
}

/// `ok` and the store's engine once the store answers; 503 otherwise, so a
/// load balancer takes a node whose database is gone out of rotation.
async fn healthz(State(hub): State<Arc<Hub>>) -> Response {
    let checked = {
        let hub = hub.clone();
        tokio::task::spawn_blocking(move || hub.check_store()).await
    };
    let headers = [
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        ),
    ];
    match checked {
        Ok(Ok(())) => (headers, format!("ok\nstore: {}\n", hub.engine)).into_response(),
        Ok(Err(err)) => {
            tracing::error!(error = %err, "o banco de dados não responde");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                headers,
                format!(
                    "falha\nstore: {}: o banco de dados não responde\n",
                    hub.engine
                ),
            )
                .into_response()
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, headers, "falha\n").into_response(),
    }
}

async fn metrics(State(hub): State<Arc<Hub>>) -> Response {
    let totals = {
        let hub = hub.clone();
        tokio::task::spawn_blocking(move || hub.totals()).await
    };
    match totals {
        Ok(Ok(totals)) => (
            [
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
                ),
            ],
            hub.metrics.render(totals, hub.engine),
        )
            .into_response(),
        _ => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "falha ao ler as métricas do banco de dados",
        )
            .into_response(),
    }
}

/// Binds `listen` and serves [`app`] until the process is stopped.
pub async fn serve(config: Config, listen: &str) -> Result<(), RelayError> {
    let hub_options = config.hub.clone();
    let data_dir = config.data_dir.clone();
    let mut router = app(config)?;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|source| RelayError::Listen {
            addr: listen.to_string(),
            source,
        })?;
    let local = listener.local_addr().map_err(RelayError::Serve)?;
    tracing::info!(addr = %local, "relay escutando");
    // A plain line that scripts and tests can read to find the port.
    eprintln!("retaguarda-relay: escutando em http://{local}");
    if let Some(options) = hub_options {
        router = start_lan_hub(&options, &data_dir, local)
            .await?
            .merge(router);
    }
    // The peer address counts connections and new rooms per address.
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(RelayError::Serve)?;
    tracing::info!("relay encerrado");
    Ok(())
}

/// Starts the LAN hub beside the relay listening at `local`, prints its
/// pairing (text and QR code) and returns the route of its local page, `/hub`.
async fn start_lan_hub(
    options: &hub::lan::HubOptions,
    data_dir: &std::path::Path,
    local: std::net::SocketAddr,
) -> Result<Router, RelayError> {
    let identity = hub::pairing::load_or_create(data_dir)?;
    let loopback = match local.ip() {
        ip if ip.is_unspecified() => std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        ip => ip,
    };
    let relay_ws = format!(
        "ws://{}/v1/sync",
        std::net::SocketAddr::new(loopback, local.port())
    );
    let lan = hub::lan::start(options, identity, relay_ws).await?;
    let pairing = lan.pairing.to_string();
    // Plain lines that the person pairing (and tests) can read.
    eprintln!(
        "retaguarda-relay: hub da loja em udp://{}",
        lan.pairing.addr
    );
    eprintln!("retaguarda-relay: pareamento: {pairing}");
    if let Some(qr) = hub::pairing::terminal_qr(&lan.pairing) {
        eprintln!("{qr}");
    }
    eprintln!("retaguarda-relay: a mesma informação em http://{local}/hub");
    let page = hub::pairing::page(&lan.pairing);
    Ok(Router::new().route(
        "/hub",
        get(move || {
            let page = page.clone();
            async move {
                (
                    [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
                    axum::response::Html(page),
                )
            }
        }),
    ))
}

/// Resolves on Ctrl-C or SIGTERM. Every acknowledged blob is already on
/// disk, so stopping needs no flushing; this only makes the exit tidy.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
