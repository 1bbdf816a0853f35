//! The period close off the page (docs/ARCHITECTURE.md, decision 16): a dedicated Web Worker
//! (`retaguarda-worker`, built by Trunk beside the app and the door) reads the stored
//! document from IndexedDB itself, rebuilds it as the start does, and computes the live
//! document of the new period and the archive with the same core functions the page used
//! (`Business::split_at`, `save`). The page stays responsive meanwhile and stores the result
//! in one transaction, as before.
//!
//! - [`compute`]: the pure part (stored bytes in, framed live document and archive out),
//!   natively tested;
//! - [`run`]: the worker's side, started by `src/worker_main.rs` (no Leptos is reached
//!   from it, so the linker leaves the screens out of the worker's wasm);
//! - [`client`]: the page's side, which starts the worker, follows its progress and takes
//!   its result.
//!
//! Messages are structured clones. Page → worker: `{ request: <JSON of [`CloseRequest`]> }`,
//! sent once the worker says `{ kind: "ready" }`. Worker → page: `{ kind: "progress", step,
//! steps, text }`, then `{ kind: "done", live, archive }` (two `Uint8Array`s of framed bytes
//! whose buffers are transferred, not copied) or `{ kind: "error", text }` (pt-BR).

pub mod client;
pub mod compute;
pub mod run;

pub use run::start;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the worker needs to close the period, besides what IndexedDB holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloseRequest {
    /// The IndexedDB database holding the document (browser tests use their own).
    pub db: String,
    /// This device's actor and name: the live document is written as this device.
    pub actor: [u8; 16],
    pub device_name: String,
    pub cutoff: NaiveDate,
    /// The operation's context, read on the page (core reads no clock).
    pub today: NaiveDate,
    pub now_ms: i64,
    /// The heads of the page's document: the stored document must be the same one, or a
    /// write the page has and the disk has not (or the reverse) would fall outside both
    /// documents.
    pub heads: Vec<String>,
}

/// The steps of a close, in order, as the worker reports them.
pub const STEPS: [&str; 4] = [
    "lendo os dados guardados",
    "carregando o histórico",
    "separando o que foi quitado",
    "preparando o arquivo do período",
];

/// Message fields and kinds shared by both sides.
pub(crate) mod msg {
    pub const KIND: &str = "kind";
    pub const READY: &str = "ready";
    pub const PROGRESS: &str = "progress";
    pub const DONE: &str = "done";
    pub const ERROR: &str = "error";
    pub const REQUEST: &str = "request";
    pub const STEP: &str = "step";
    pub const STEPS: &str = "steps";
    pub const TEXT: &str = "text";
    pub const LIVE: &str = "live";
    pub const ARCHIVE: &str = "archive";
}

/// Where the worker's files are: Trunk's loader for the `retaguarda-worker` binary
/// (`data-loader-shim` in index.html), which imports its module and starts its wasm.
pub const WORKER_URL: &str = "/retaguarda-worker_loader.js";
