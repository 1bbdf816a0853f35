//! Operations asked for while the document loads, kept in IndexedDB until their change is
//! stored (issue 31), so a tab closed before the load ends loses none.
//!
//! `AppCtx::run` takes a closure, which cannot be stored; an operation that a screen offers
//! before the load is named instead by a [`KeptOp`]: the core operation and its input as
//! serde data, applied through the same one core call once the document is loaded. The
//! record also holds the context the operation was asked in (its date and time), so it is
//! dated when asked, not when applied.
//!
//! The record's life: written to the `pending` records ([`crate::storage`]) the moment the
//! operation is asked; applied once the load ends, in the order asked; deleted in the same
//! IndexedDB transaction that stores the chunk holding its change (`AppCtx::queue_write`
//! carries its id), so it is applied once. A record found by a later start (its tab was
//! closed first) is applied after that start's load, once: the tab that applies a record
//! holds a Web Lock named after its id until the record is deleted, and a start takes only
//! the records whose lock is free, reading each again under the lock.

use leptos::prelude::*;
use retaguarda_core::ledger::NewEntry;
use retaguarda_core::{Business, CoreError, Id, OpCtx};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use super::{op_ctx, AppCtx, AppError, Phase};

/// A core operation a screen may ask for before the document is loaded, as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", content = "input")]
pub enum KeptOp {
    /// A new payable or receivable ([`Business::create_entry`]).
    CreateEntry(NewEntry),
}

impl KeptOp {
    /// Applies the operation: one core call. The id of the record it made.
    fn apply(self, business: &mut Business, ctx: &OpCtx) -> Result<Id, CoreError> {
        match self {
            KeptOp::CreateEntry(input) => business.create_entry(ctx, input),
        }
    }
}

/// A kept operation as its record stores it: the operation and when it was asked.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Kept {
    op: KeptOp,
    today: chrono::NaiveDate,
    now_ms: i64,
}

/// The Web Lock a tab holds while it applies the kept operation `id`.
fn lock_name(id: &str) -> String {
    format!("retaguarda-pending-{id}")
}

/// A new record's id: the time asked first, so ids sort in the order asked.
fn new_id(now_ms: i64) -> String {
    let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
    format!("{now_ms:013x}-{random:08x}")
}

impl AppCtx {
    /// Runs a [`KeptOp`]: at once when the document is loaded (as [`AppCtx::run`]); asked
    /// while it loads, the operation is first kept in IndexedDB, [`AppCtx::saving`] counts it
    /// (the screens say "Salvando…"), and it is applied once the load ends and answered
    /// then, after its change is stored. Should the tab close before, the next start
    /// applies it. Before the database is open (the splash) it waits in memory, as
    /// [`AppCtx::run`] does.
    pub async fn run_kept(&self, op: KeptOp) -> Result<Id, AppError> {
        let ctx = op_ctx();
        let opened = self.cell().borrow().opened.clone();
        let loading = matches!(self.phase.get_untracked(), Phase::Loading | Phase::Opening);
        let Some(idb) = opened.filter(|_| loading) else {
            return self.run(move |b, ctx| op.apply(b, ctx)).await;
        };
        let kept = Kept {
            op,
            today: ctx.today,
            now_ms: ctx.now_ms,
        };
        let id = new_id(ctx.now_ms);
        let json = serde_json::to_string(&kept)
            .map_err(|e| AppError::Storage(crate::storage::StorageError::Browser(e.to_string())))?;
        // Held before the record exists, so no starting tab takes it from this one.
        let release = hold_lock(&lock_name(&id), true).await;
        self.cell()
            .borrow_mut()
            .kept_locks
            .push((id.clone(), release));
        self.saving.update(|n| *n += 1);
        if let Err(e) = idb.keep_pending(&id, &json).await {
            // Not kept on disk (the quota, say): it still applies after the load, in memory.
            leptos::logging::error!("operação não guardada: {e}");
        }
        self.until_loaded().await;
        self.apply_kept(id, kept).await
    }

    /// Applies a kept operation with the context it was asked in; its record goes with
    /// the chunk that stores its change (or at once, when nothing is stored), and its lock
    /// (in `kept_locks`) then. Answers once its change is stored.
    async fn apply_kept(&self, id: String, kept: Kept) -> Result<Id, AppError> {
        let ctx = OpCtx::new(kept.today, kept.now_ms);
        let op = kept.op;
        match self.run_as(&ctx, move |b, ctx| op.apply(b, ctx), Some(id.clone())) {
            Ok(value) => {
                // A failed write is said by `write_error` and retried with the next one;
                // the operation itself is done.
                let _ = self.flushed().await;
                Ok(value)
            }
            Err(e) => {
                // Refused by core (or no document): nothing to store, nothing to apply again.
                if let Ok(idb) = self.idb() {
                    let _ = idb.forget_pending(std::slice::from_ref(&id)).await;
                }
                self.kept_stored(std::slice::from_ref(&id));
                Err(e)
            }
        }
    }

    /// Called by the writer once the chunk holding the kept operations `ids` is stored
    /// (their records deleted with it): their locks go, and "Salvando…" with them.
    pub(super) fn kept_stored(&self, ids: &[String]) {
        let released: Vec<Option<js_sys::Function>> = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let (done, left): (Vec<_>, Vec<_>) = std::mem::take(&mut inner.kept_locks)
                .into_iter()
                .partition(|(id, _)| ids.contains(id));
            inner.kept_locks = left;
            done.into_iter().map(|(_, release)| release).collect()
        };
        let count = released.len();
        for release in released {
            release_lock(release);
        }
        if count > 0 {
            self.saving.update(|n| *n = n.saturating_sub(count));
        }
    }

    /// After a start's load: applies the kept operations a closed tab left, oldest first,
    /// each once (a record whose lock another tab holds is that tab's to apply).
    pub(super) fn apply_found_kept(&self) {
        let this = *self;
        leptos::task::spawn_local(async move {
            let Ok(idb) = this.idb() else {
                return;
            };
            let Ok(found) = idb.pending().await else {
                return;
            };
            for (id, _) in found {
                let own = this
                    .cell()
                    .borrow()
                    .kept_locks
                    .iter()
                    .any(|(k, _)| *k == id);
                if own {
                    continue;
                }
                let Some(release) = hold_lock(&lock_name(&id), false).await else {
                    continue;
                };
                // Read again under the lock: the tab that held it may have stored it.
                let record = idb.pending_one(&id).await.ok().flatten();
                let Some(kept) = record.and_then(|json| serde_json::from_str::<Kept>(&json).ok())
                else {
                    release_lock(Some(release));
                    continue;
                };
                this.cell()
                    .borrow_mut()
                    .kept_locks
                    .push((id.clone(), Some(release)));
                this.saving.update(|n| *n += 1);
                if let Err(e) = this.apply_kept(id, kept).await {
                    leptos::logging::error!("operação guardada não aplicada: {e}");
                }
            }
        });
    }
}

/// Lets go of a lock [`hold_lock`] gave.
fn release_lock(release: Option<js_sys::Function>) {
    if let Some(release) = release {
        let _ = release.call0(&JsValue::UNDEFINED);
    }
}

/// Takes the Web Lock `name` (waiting for it when `wait`, else only if it is free) and
/// holds it until the returned function is called: `None` when it was not free. Where the
/// browser has no Web Locks the lock is always given (one tab is the usual case there), as
/// a function that releases nothing.
async fn hold_lock(name: &str, wait: bool) -> Option<js_sys::Function> {
    let Some((locks, request)) = super::persist::web_locks() else {
        return Some(js_sys::Function::new_no_args(""));
    };
    let mut release = None;
    let held = js_sys::Promise::new(&mut |resolve, _| release = Some(resolve));
    let mut granted = None;
    let answer = js_sys::Promise::new(&mut |resolve, _| granted = Some(resolve));
    let granted = granted?;
    let callback = Closure::once_into_js(move |lock: JsValue| -> JsValue {
        let got = !lock.is_null() && !lock.is_undefined();
        let _ = granted.call1(&JsValue::UNDEFINED, &got.into());
        if got {
            held.into()
        } else {
            JsValue::UNDEFINED
        }
    });
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"ifAvailable".into(), &(!wait).into());
    if request
        .call3(&locks, &name.into(), &options, &callback)
        .is_err()
    {
        return Some(js_sys::Function::new_no_args(""));
    }
    let got = wasm_bindgen_futures::JsFuture::from(answer)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    if got {
        release
    } else {
        None
    }
}
