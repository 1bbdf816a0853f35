//! The first screen on a device with no data: create the business, or restore a backup.
//!
//! The screen itself is the door's `WelcomeView` (`crate::door`), which knows nothing of the
//! document, so a first visit shows it without loading Automerge; this module carries on
//! in the full app what the person did there. The dependency goes one way: the app's
//! welcome uses the door, the door uses nothing of the app's data.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::settings::RestoreBackup;
use crate::door::{take_handover, Handover, WelcomeView};
use crate::state::use_app;

/// Welcome on the full app: names the business or restores a backup. What the person did
/// on the door before the app loaded (`Handover`) is carried on here, not asked again.
#[component]
pub fn Welcome() -> impl IntoView {
    let app = use_app();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let start = move |value: String| {
        busy.set(true);
        spawn_local(async move {
            if let Err(e) = app.create_business(&value).await {
                error.set(Some(e.to_string()));
            }
            busy.set(false);
        });
    };
    let (name, backup) = match take_handover() {
        Some(Handover::Start(name)) => {
            start(name.clone());
            (name, None)
        }
        Some(Handover::Restore(bytes)) => (String::new(), Some(bytes)),
        None => (String::new(), None),
    };
    view! {
        <WelcomeView name=name on_start=start busy=busy error=error>
            <RestoreBackup label="Restaurar um backup (.retaguarda)" initial=backup/>
        </WelcomeView>
    }
}
