//! Início's summary kept beside the document (decision 13): the numbers of the first
//! screen, stored with the heads they reflect, so a start can show them without reading
//! every list; never trusted past those heads.

use chrono::NaiveDate;
use leptos::prelude::*;
use retaguarda_core::summary::{Glance, Summary};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{today, AppCtx, AppError, Inner, Phase};
use crate::storage::meta;

impl Inner {
    /// The kept summary, if it reflects the document as it is now.
    fn current_summary(&mut self) -> Option<&Summary> {
        let heads = self.business.as_mut()?.summary_heads();
        self.summary.as_ref().filter(|s| s.reflects(&heads))
    }

    /// Computes Início's summary from the lists, keeps it, and stores it beside the
    /// document (best effort: without it the next start computes it again).
    fn renew_summary(&mut self, today: NaiveDate) -> Result<&Summary, AppError> {
        let business = self.business.as_mut().ok_or(AppError::NotReady)?;
        let summary = business.summary(today)?;
        if let (Some(idb), Ok(json)) = (self.idb.clone(), serde_json::to_string(&summary)) {
            leptos::task::spawn_local(async move {
                let _ = idb.set_meta(meta::SUMMARY, &json).await;
            });
        }
        Ok(self.summary.insert(summary))
    }
}

impl AppCtx {
    /// Início's numbers on `today`; re-runs in views whenever the document changes. They
    /// come from the summary kept beside the document while it reflects the document's
    /// heads; otherwise a new summary is computed from the lists and stored for the next
    /// start. Returns `None` before a business is loaded.
    pub fn glance(&self, today: NaiveDate) -> Option<Result<Glance, AppError>> {
        self.version.track();
        let cell = self.cell();
        let mut inner = cell.borrow_mut();
        inner.business.as_ref()?;
        if let Some(glance) = inner.current_summary().and_then(|s| s.glance(today)) {
            return Some(Ok(glance));
        }
        Some(
            inner
                .renew_summary(today)
                .map(|s| s.glance(today).unwrap_or_default()),
        )
    }

    /// Início's numbers on `today` from the summary stored beside the document, while the
    /// document is still loading ([`Phase::Opening`]): the numbers of the last session on
    /// this device, shown as such. `None` once it is loaded (then [`AppCtx::glance`] is
    /// the truth), or when no stored summary can say (the clock went back).
    pub fn stored_glance(&self, today: NaiveDate) -> Option<Glance> {
        if self.phase.with(|p| *p != Phase::Opening) {
            return None;
        }
        let cell = self.cell();
        let inner = cell.borrow();
        inner.summary.as_ref()?.glance(today)
    }

    /// Renews the stored summary if the document changed since it was computed and the
    /// lists it reads are already in memory. Called when the page is hidden, so that the
    /// next start shows Início without reading every list; a renewal that would read the
    /// whole shop is left to the next start.
    pub fn renew_summary_if_cheap(&self) {
        // The page's listener may outlive a state made for a test.
        let Some(cell) = self.inner.try_get_value() else {
            return;
        };
        let mut inner = cell.borrow_mut();
        let cheap = inner
            .business
            .as_ref()
            .is_some_and(|b| b.summary_is_cheap());
        if cheap && inner.current_summary().is_none() {
            let _ = inner.renew_summary(today());
        }
    }
}

/// When the person leaves the app (another app, another tab, the screen off), renews
/// Início's summary if that is cheap, so the next start need not read every list.
pub(super) fn renew_when_hidden(app: AppCtx) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let target = document.clone();
    let handler = Closure::<dyn FnMut()>::new(move || {
        if target.hidden() {
            app.renew_summary_if_cheap();
        }
    });
    let _ = document
        .add_event_listener_with_callback("visibilitychange", handler.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    handler.forget();
}
