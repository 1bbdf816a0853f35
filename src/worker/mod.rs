//! The period close off the page (docs/ARCHITECTURE.md, decisions 16 and 18): a dedicated
//! Web Worker (`retaguarda-worker`, built by Trunk beside the app and the door) reads the
//! stored document from IndexedDB itself, rebuilds it as the start does, and computes the
//! live document of the new period and the archive with the same core functions the page
//! used: `Business::split_at` for a device alone, `Business::follow_epoch` for a device
//! following its team's close, then `save`. The page stays responsive meanwhile and stores
//! the result in one transaction, as before.
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
//! steps, text }`, then `{ kind: "done", live, archive, carried, author }` (three
//! `Uint8Array`s whose buffers are transferred, not copied: the framed live document and
//! archive, and for a team's close the change carrying over what this device wrote after
//! the mark, empty otherwise; `author` says whether this device wrote the mark) or
//! `{ kind: "error", text }` (pt-BR).

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
    /// Where the document is split.
    pub split: Split,
    /// The operation's context, read on the page (core reads no clock).
    pub today: NaiveDate,
    pub now_ms: i64,
    /// The heads of the page's document: the stored document must be the same one, or a
    /// write the page has and the disk has not (or the reverse) would fall outside both
    /// documents.
    pub heads: Vec<String>,
}

/// Where a close splits the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Split {
    /// A device alone closes before this day (`Business::split_at`).
    Cutoff(NaiveDate),
    /// The device follows its team's close: the epoch mark with this id (its `live_head`),
    /// read from the document itself (`Business::follow_epoch`).
    Mark(String),
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
    pub const CARRIED: &str = "carried";
    pub const AUTHOR: &str = "author";
}

/// Where the worker's files are: Trunk's loader for the `retaguarda-worker` binary
/// (`data-loader-shim` in index.html), which imports its module and starts its wasm.
pub const WORKER_URL: &str = "/retaguarda-worker_loader.js";
