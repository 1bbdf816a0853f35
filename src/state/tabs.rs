//! The other tabs of the same database: each stored change goes to them over a
//! BroadcastChannel (`<database>-changes`), and what they send is applied here. What
//! arrives while this tab is still loading waits until the document is loaded.

use leptos::prelude::*;
use retaguarda_core::Business;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{AppCtx, Phase};

/// What the channel carries besides change bytes: this tab closed a period, so the others
/// hold a document that is now the archive and must start again.
pub(super) const PERIOD_CLOSED: &str = "period-closed";

impl AppCtx {
    /// Tells the other tabs about stored changes.
    pub(super) fn broadcast(&self, bytes: &[u8]) {
        if let Some(channel) = &self.cell().borrow().channel {
            let _ = channel.post_message(&js_sys::Uint8Array::from(bytes));
        }
    }

    /// Tells the other tabs that this one closed a period.
    pub(super) fn broadcast_period_closed(&self) {
        if let Some(channel) = &self.cell().borrow().channel {
            let _ = channel.post_message(&JsValue::from_str(PERIOD_CLOSED));
        }
    }

    pub(super) fn on_broadcast(&self, bytes: Vec<u8>) {
        // The channel's listener may outlive a state made for a test.
        let Some(cell) = self.inner.try_get_value() else {
            return;
        };
        let mut inner = cell.borrow_mut();
        if let Some(early) = inner.early.as_mut() {
            early.push(bytes);
            return;
        }
        let Some(device) = inner.device.clone() else {
            return;
        };
        let applied = match inner.business.as_mut() {
            Some(b) => b.load_incremental(&bytes).is_ok(),
            None => match Business::load(&bytes, &device) {
                Ok(b) => {
                    inner.business = Some(b);
                    true
                }
                Err(_) => false,
            },
        };
        if applied {
            // The sending tab already stored these changes; move the save cursor past them
            // so this tab does not store them again.
            if let Some(b) = inner.business.as_mut() {
                b.mark_saved();
            }
            drop(inner);
            if self.phase.get_untracked() == Phase::Empty {
                self.phase.set(Phase::Ready);
            }
            self.changed();
        }
    }

    /// The channel of the tabs that share database `db_name` (one per database, so browser
    /// tests with their own databases do not hear each other).
    pub(super) fn open_channel(&self, db_name: &str) -> Option<web_sys::BroadcastChannel> {
        let channel = web_sys::BroadcastChannel::new(&format!("{db_name}-changes")).ok()?;
        let this = *self;
        let handler =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let data = e.data();
                if let Some(array) = data.dyn_ref::<js_sys::Uint8Array>() {
                    this.on_broadcast(array.to_vec());
                } else if data.as_string().as_deref() == Some(PERIOD_CLOSED) {
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().reload();
                    }
                }
            });
        channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        // The channel lives as long as the page.
        handler.forget();
        Some(channel)
    }
}
