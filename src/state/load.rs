//! The start: open the database, read or make this device's identity and Início's stored
//! summary, show Início from that summary ([`Phase::Opening`]) and let the browser paint
//! it, then load the document from its snapshot and chunks (setting damaged chunks aside),
//! apply what other tabs sent meanwhile, and release the operations that waited (those a
//! closed tab kept in IndexedDB too, [`super::kept`]).

use chrono::NaiveDate;
use leptos::prelude::*;
use retaguarda_core::summary::Summary;
use retaguarda_core::Device;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::prelude::*;

use super::persist::request_persistence;
use super::{AppCtx, Phase};
use crate::storage::idb::Idb;
use crate::storage::{assemble, meta, StorageError};

impl AppCtx {
    pub(super) async fn start(&self, db_name: &str) -> Result<(), StorageError> {
        let idb = Rc::new(Idb::open(db_name).await?);
        crate::mark("rg:open");
        // Open from now on for the operations kept while the document loads.
        self.cell().borrow_mut().opened = Some(idb.clone());
        let device = match idb.meta(meta::DEVICE).await?.and_then(|j| parse_device(&j)) {
            Some(d) => d,
            None => {
                let d = Device::new(default_device_name());
                idb.set_meta(meta::DEVICE, &device_json(&d)).await?;
                d
            }
        };
        let last_backup = idb
            .meta(meta::LAST_BACKUP)
            .await?
            .and_then(|s| s.parse::<NaiveDate>().ok());
        // A summary that cannot be read is only a slower start.
        let summary = idb
            .meta(meta::SUMMARY)
            .await?
            .and_then(|json| serde_json::from_str::<Summary>(&json).ok());
        // A summary is stored only for a business: Início can show the last session's
        // numbers while the document loads (which takes seconds for a big shop).
        let opening = summary.as_ref().is_some_and(Summary::is_current_layout);
        // The channel opens before the read, so a chunk another tab writes meanwhile is not
        // missed: what arrives before the document is loaded waits in `early`.
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner.early = Some(Vec::new());
            inner.channel = self.open_channel(db_name);
            inner.summary = summary;
        }
        if opening {
            self.phase.set(Phase::Opening);
            crate::mark("rg:summary");
            // The load below holds the page for as long as it takes: Início is painted first.
            after_paint().await;
        }
        let persisted = idb.read_all().await?;
        let staff = idb.staff_document().await?;
        crate::mark("rg:read");
        let assembled = assemble(&persisted, &device)?;
        crate::mark("rg:loaded");
        if !assembled.bad_chunks.is_empty() {
            idb.quarantine(&assembled.bad_chunks, &persisted).await?;
        }
        let quarantined = idb.quarantined().await?;
        let has_business = assembled.business.is_some();
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner.snapshot_len = persisted.snapshot.as_ref().map_or(0, |s| s.len());
            inner.chunks = persisted
                .chunks
                .iter()
                .filter(|(k, _)| assembled.loaded_chunks.contains(k))
                .map(|(k, b)| (*k, b.len()))
                .collect();
            inner.business = assembled.business;
            if let Some(b) = inner.business.as_mut() {
                // Everything loaded is already on disk.
                b.mark_saved();
            }
            inner.device = Some(device);
            inner.idb = Some(idb);
        }
        self.attach_stored_staff(staff);
        let early = self.cell().borrow_mut().early.take().unwrap_or_default();
        for bytes in early {
            self.on_broadcast(bytes);
        }
        let has_business = has_business || self.cell().borrow().business.is_some();
        if has_business {
            // Once the business has data, ask the browser not to evict it.
            request_persistence();
        }
        self.storage.update(|s| {
            s.last_backup = last_backup;
            s.quarantined = quarantined;
            s.bad_on_load = assembled.bad_chunks.len();
        });
        self.phase.set(if has_business {
            Phase::Ready
        } else {
            Phase::Empty
        });
        self.changed();
        crate::mark("rg:ready");
        if has_business {
            // What a tab closed during its load kept (this tab's own wait in `waiting`).
            self.apply_found_kept();
        }
        self.refresh_storage_info();
        Ok(())
    }
}

impl AppCtx {
    /// Waits while the start is still loading the document, so that an operation asked for
    /// meanwhile (a click on the first screen, say) is applied once it is loaded instead of
    /// refused. Waiters are released in the order they came, and each applies its operation
    /// without yielding once woken, so the operations apply in that order too.
    pub(super) async fn until_loaded(&self) {
        if !matches!(self.phase.get_untracked(), Phase::Loading | Phase::Opening) {
            return;
        }
        let cell = self.cell();
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            cell.borrow_mut().waiting.push(resolve);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }

    /// Lets the operations that waited for the start go on, oldest first (called once the
    /// start ended, loaded or not).
    pub(super) fn release_waiting(&self) {
        let waiting = std::mem::take(&mut self.cell().borrow_mut().waiting);
        for resolve in waiting {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    }
}

/// Resolves once the browser has painted what is on screen now: after the next animation
/// frame, in a task of its own. A hidden page gets no frames; a timer stands in for one.
async fn after_paint() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        let fallback = resolve.clone();
        set_timeout(
            move || {
                let _ = fallback.call0(&JsValue::UNDEFINED);
            },
            Duration::from_millis(100),
        );
        request_animation_frame(move || {
            // Frame callbacks run before the paint; the task after it runs after.
            set_timeout(
                move || {
                    let _ = resolve.call0(&JsValue::UNDEFINED);
                },
                Duration::ZERO,
            );
        });
    });
    let _ = wasm_bindgen_futures::JsFuture::from(frame).await;
}

/// The name a new device gives itself, from the browser's user agent.
fn default_device_name() -> String {
    let agent = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    device_name_for_agent(&agent).to_string()
}

/// A device's name from its user agent, as people call it: "Celular Android", "iPhone",
/// "Computador Windows"… The team's device list and the audit log show it until the person
/// renames the device.
pub fn device_name_for_agent(agent: &str) -> &'static str {
    let has = |s: &str| agent.contains(s);
    if has("iPhone") || has("iPod") {
        "iPhone"
    } else if has("iPad") {
        "iPad"
    } else if has("Android") {
        // Android phones say "Mobile"; tablets do not.
        if has("Mobile") {
            "Celular Android"
        } else {
            "Tablet Android"
        }
    } else if has("CrOS") {
        "Chromebook"
    } else if has("Windows") {
        "Computador Windows"
    } else if has("Macintosh") || has("Mac OS X") {
        "Mac"
    } else if has("Linux") {
        "Computador Linux"
    } else if has("Mobile") {
        "Celular"
    } else {
        "Computador"
    }
}

pub(super) fn device_json(device: &Device) -> String {
    serde_json::json!({ "actor": device.actor_hex(), "name": device.name }).to_string()
}

fn parse_device(json: &str) -> Option<Device> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    let hex = value.get("actor")?.as_str()?;
    let name = value.get("name")?.as_str()?;
    let mut actor = [0u8; 16];
    if hex.len() != 32 {
        return None;
    }
    for (i, byte) in actor.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(Device::with_actor(actor, name))
}

#[cfg(test)]
mod tests {
    use super::device_name_for_agent;

    #[test]
    fn a_device_is_named_after_what_its_user_agent_says_it_is() {
        // User agents as the browsers send them (Chrome 120 on a Pixel, Safari on iOS 17,
        // Chrome on Windows 10, Safari on macOS, Firefox on Ubuntu, a Galaxy Tab).
        let cases = [
            ("Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36", "Celular Android"),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1", "iPhone"),
            ("Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1", "iPad"),
            ("Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Tablet Android"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Computador Windows"),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15", "Mac"),
            ("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0", "Computador Linux"),
            ("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Chromebook"),
            ("", "Computador"),
        ];
        for (agent, name) in cases {
            assert_eq!(device_name_for_agent(agent), name, "{agent}");
        }
    }
}
