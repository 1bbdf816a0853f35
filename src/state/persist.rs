//! Persistence: this device's changes written as chunks (after whatever a failed write
//! left in memory), compaction under a Web Lock, the metadata kept beside the document and
//! what the browser says about storage.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{AppCtx, AppError};
use crate::storage::idb::Idb;
use crate::storage::{frame, should_compact};

const COMPACT_LOCK: &str = "retaguarda-compact";

impl AppCtx {
    /// Reads a metadata value this device keeps beside the document.
    pub async fn meta(&self, key: &str) -> Result<Option<String>, AppError> {
        let idb = self.idb()?;
        Ok(idb.meta(key).await?)
    }

    /// Writes a metadata value this device keeps beside the document.
    pub async fn set_meta(&self, key: &str, value: &str) -> Result<(), AppError> {
        let idb = self.idb()?;
        Ok(idb.set_meta(key, value).await?)
    }

    /// Queues this device's change `bytes` for the next chunk and starts the writer if it
    /// is not running: the screens show the change at once, from the document in memory.
    /// `notify` tells the sync client once the chunk is stored (a sealed mark is not told).
    pub(super) fn queue_write(&self, bytes: Vec<u8>, notify: bool) {
        let start = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            if !bytes.is_empty() {
                inner.unsaved.push((bytes, notify));
            }
            !std::mem::replace(&mut inner.writing, true)
        };
        if start {
            let this = *self;
            leptos::task::spawn_local(async move { this.drain_writes().await });
        }
    }

    /// Writes what is queued, all of it as one chunk per turn, in order, and the staff
    /// document's latest save, until nothing is left. A failed write keeps the bytes queued,
    /// in front of any later ones, so no chunk on disk depends on changes missing from it;
    /// the next write takes them again, and the failure is said in pt-BR
    /// ([`AppCtx::write_error`]) until a write succeeds.
    async fn drain_writes(&self) {
        loop {
            let (queued, kept, staff, idb) = {
                // A state made for a test may be gone by now.
                let Some(cell) = self.inner.try_get_value() else {
                    return;
                };
                let mut inner = cell.borrow_mut();
                let pending = !inner.unsaved.is_empty()
                    || inner.staff_save.is_some()
                    || !inner.kept_done.is_empty();
                let Some(idb) = inner.idb.clone().filter(|_| pending) else {
                    inner.writing = false;
                    return;
                };
                let queued = std::mem::take(&mut inner.unsaved);
                let kept = std::mem::take(&mut inner.kept_done);
                (queued, kept, inner.staff_save.take(), idb)
            };
            let chunk = self.write_chunk(&idb, &queued, &kept).await;
            let stored = match (&chunk, &staff) {
                (Ok(()), Some(save)) => idb
                    .set_staff_document(&frame(save))
                    .await
                    .map_err(AppError::from),
                (result, _) => result.clone(),
            };
            if let Err(e) = stored {
                let cell = self.cell();
                let mut inner = cell.borrow_mut();
                if chunk.is_err() {
                    let later = std::mem::replace(&mut inner.unsaved, queued);
                    inner.unsaved.extend(later);
                    let later = std::mem::replace(&mut inner.kept_done, kept);
                    inner.kept_done.extend(later);
                }
                if inner.staff_save.is_none() {
                    inner.staff_save = staff;
                }
                inner.writing = false;
                drop(inner);
                self.write_error.set(Some(e));
                return;
            }
            if chunk.is_ok() && !kept.is_empty() {
                self.kept_stored(&kept);
            }
            // The other tabs merge the staff document's save once it is stored, as they
            // read the shop's chunks once stored.
            if let Some(save) = &staff {
                super::staff::tell_tabs(&js_sys::Uint8Array::from(save.as_slice()).into());
            }
            if self.write_error.with_untracked(Option::is_some) {
                self.write_error.set(None);
            }
            self.maybe_compact();
        }
    }

    /// The queued changes as one chunk (nothing when none are queued) with the records of
    /// the kept operations `kept` they hold deleted in the same transaction, then the sync
    /// client told of those queued to be told once stored.
    async fn write_chunk(
        &self,
        idb: &Idb,
        queued: &[(Vec<u8>, bool)],
        kept: &[String],
    ) -> Result<(), AppError> {
        if queued.is_empty() {
            // Kept operations that changed nothing: their records go alone.
            return Ok(idb.forget_pending(kept).await?);
        }
        let all: Vec<u8> = queued.iter().flat_map(|(b, _)| b.iter().copied()).collect();
        let framed = frame(&all);
        let key = idb.append_chunk_forgetting(&framed, kept).await?;
        self.broadcast(&all);
        self.cell().borrow_mut().chunks.push((key, framed.len()));
        let told: Vec<u8> = queued
            .iter()
            .filter(|(_, notify)| *notify)
            .flat_map(|(b, _)| b.iter().copied())
            .collect();
        if !told.is_empty() {
            self.notify_local_change(&told);
        }
        Ok(())
    }

    /// Waits until every queued change is written; the write's error when one failed (the
    /// changes then stay queued, in memory, for the next write).
    pub async fn flushed(&self) -> Result<(), AppError> {
        loop {
            let (writing, left) = {
                let cell = self.cell();
                let inner = cell.borrow();
                let left = !inner.unsaved.is_empty()
                    || inner.staff_save.is_some()
                    || !inner.kept_done.is_empty();
                (inner.writing, left)
            };
            if !writing {
                if !left {
                    return Ok(());
                }
                let error = self.write_error.get_untracked();
                return Err(error.unwrap_or(AppError::NotReady));
            }
            gloo_timers::future::TimeoutFuture::new(4).await;
        }
    }

    /// Writes this device's change `bytes` with whatever is queued before them, and waits
    /// until they are stored: for the writes a caller must see stored (a new business, a
    /// restore, a team's period mark).
    pub(super) async fn persist_local(&self, bytes: Vec<u8>, notify: bool) -> Result<(), AppError> {
        self.queue_write(bytes, notify);
        self.flushed().await
    }

    pub(super) async fn persist_chunk(
        &self,
        idb: &Idb,
        bytes: Vec<u8>,
        broadcast: bool,
    ) -> Result<(), AppError> {
        let framed = frame(&bytes);
        let key = idb.append_chunk(&framed).await?;
        if broadcast {
            self.broadcast(&bytes);
        }
        self.cell().borrow_mut().chunks.push((key, framed.len()));
        Ok(())
    }

    /// Re-reads what the browser says about storage (persistence, usage, quota).
    pub fn refresh_storage_info(&self) {
        let this = *self;
        leptos::task::spawn_local(async move {
            let (persistent, usage, quota) = storage_estimate().await;
            this.storage.update(|s| {
                s.persistent = persistent;
                s.usage_bytes = usage;
                s.quota_bytes = quota;
            });
        });
    }

    pub(super) fn maybe_compact(&self) {
        let due = {
            let cell = self.cell();
            let inner = cell.borrow();
            should_compact(inner.snapshot_len, inner.chunks.iter().map(|(_, len)| *len))
        };
        if !due {
            return;
        }
        let this = *self;
        with_lock(COMPACT_LOCK, move || async move {
            let _ = this.compact().await;
        });
    }

    /// Writes a new snapshot and deletes the chunks this tab knows it covers.
    pub async fn compact(&self) -> Result<(), AppError> {
        let (snapshot, keys, idb) = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let idb = inner.idb.clone().ok_or(AppError::NotReady)?;
            let keys: Vec<u32> = inner.chunks.iter().map(|(k, _)| *k).collect();
            let business = inner.business.as_mut().ok_or(AppError::NotReady)?;
            (frame(&business.save()), keys, idb)
        };
        idb.compact(&snapshot, &keys).await?;
        let cell = self.cell();
        let mut inner = cell.borrow_mut();
        inner.snapshot_len = snapshot.len();
        inner.chunks.retain(|(k, _)| !keys.contains(k));
        Ok(())
    }
}

/// Asks the browser not to evict the site's data. Best effort: browsers may say no.
pub fn request_persistence() {
    if let Some(window) = web_sys::window() {
        let storage = window.navigator().storage();
        let _ = storage.persist();
    }
}

async fn storage_estimate() -> (Option<bool>, Option<f64>, Option<f64>) {
    let Some(window) = web_sys::window() else {
        return (None, None, None);
    };
    let storage = window.navigator().storage();
    let persistent = match storage.persisted() {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(p)
            .await
            .ok()
            .and_then(|v| v.as_bool()),
        Err(_) => None,
    };
    let (usage, quota) = match storage.estimate() {
        Ok(p) => match wasm_bindgen_futures::JsFuture::from(p).await {
            Ok(v) => {
                let est: web_sys::StorageEstimate = v.unchecked_into();
                (est.get_usage(), est.get_quota())
            }
            Err(_) => (None, None),
        },
        Err(_) => (None, None),
    };
    (persistent, usage, quota)
}

/// The browser's Web Locks (`navigator.locks`) and its `request` function, where it has them.
pub(super) fn web_locks() -> Option<(JsValue, js_sys::Function)> {
    let locks = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"locks".into()).ok())
        .filter(|l| !l.is_undefined() && !l.is_null())?;
    let request = js_sys::Reflect::get(&locks, &"request".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())?;
    Some((locks, request))
}

/// Runs `work` holding the Web Lock `name` if no other tab holds it; skips otherwise.
/// Browsers without Web Locks run it directly (a single tab is the common case there).
fn with_lock<F, Fut>(name: &str, work: F)
where
    F: FnOnce() -> Fut + 'static,
    Fut: std::future::Future<Output = ()> + 'static,
{
    match web_locks() {
        Some((locks, request)) => {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"ifAvailable".into(), &true.into());
            let mut work = Some(work);
            let callback = Closure::once_into_js(move |lock: JsValue| -> js_sys::Promise {
                match (lock.is_null(), work.take()) {
                    (false, Some(work)) => wasm_bindgen_futures::future_to_promise(async move {
                        work().await;
                        Ok(JsValue::UNDEFINED)
                    }),
                    _ => js_sys::Promise::resolve(&JsValue::UNDEFINED),
                }
            });
            let _ = request.call3(&locks, &name.into(), &options, &callback);
        }
        _ => leptos::task::spawn_local(work()),
    }
}
