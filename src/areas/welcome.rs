//! The first screen on a device with no data: create the business, or restore a backup.
//!
//! The screen itself is the door's `WelcomeView` (`crate::door`), which knows nothing of the
//! document, so a first visit shows it without loading Automerge; this module carries on
//! in the full app what the person did there. The dependency goes one way: the app's
//! welcome uses the door, the door uses nothing of the app's data.

use leptos::prelude::*;

use super::settings::RestoreBackup;
use crate::door::{take_handover, Handover, WelcomeView};
use crate::state::use_app;
use crate::ui::{FormError, Submit};

/// Welcome on the full app: names the business or restores a backup. What the person did
/// on the door before the app loaded (`Handover`) is carried on here, not asked again.
#[component]
pub fn Welcome() -> impl IntoView {
    let app = use_app();
    // The name typed on the door's form, read by the submit.
    let typed = RwSignal::new(String::new());
    let create = Submit::new(
        move || {
            let name = typed.get_untracked();
            async move {
                app.create_business(&name).await?;
                Ok::<_, FormError>(())
            }
        },
        |()| {},
    );
    let start = move |value: String| {
        typed.set(value);
        create.dispatch();
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
        <WelcomeView name=name on_start=start busy=create.busy() error=create.error()>
            <RestoreBackup label="Restaurar um backup (.retaguarda)" initial=backup/>
        </WelcomeView>
    }
}
