//! Configurações: the business profile and Pix key, charge settings, the payroll tables,
//! sync between devices, this device and its storage, backup and restore, and closing a
//! period. One module per section; a new section is a new module and one line below.

mod backup;
mod charges;
mod device;
mod devices;
mod hub;
mod period;
mod profile;
// Sections other changes add (peer-to-peer sync, the team's members) get a module here and
// one line in `SettingsPage`.

use leptos::prelude::*;

use super::AreaHeader;
use crate::state::AppCtx;
use crate::ui::Topic;

pub use backup::RestoreBackup;

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <AreaHeader title="Configurações"/>
        <div class="settings">
            <profile::Profile/>
            <charges::ChargeSettings/>
            // Salary tables are not a cashier's (docs/SYNC.md 10.5).
            {move || super::members::may_see(super::members::own_role(crate::state::use_app()), "/equipe")
                .then(|| view! { <super::payroll_tables::PayrollTablesPage/> })}
            <devices::SyncDevices/>
            <hub::ShopNetwork/>
            <super::members::TeamMembers/>
            <device::ThisDevice/>
            <backup::Backup/>
            <period::Period/>
        </div>
    }
}

/// The business's name as the start of a file name ("padaria-pao-quente"); "retaguarda"
/// when the profile cannot be read (the file is still worth saving).
fn file_slug(app: AppCtx) -> String {
    let name = untrack(|| app.query(&[Topic::Business], |b| b.profile()))
        .map(|p| p.name)
        .unwrap_or_else(|_| "retaguarda".into());
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    slug.trim_matches('-').to_string()
}
