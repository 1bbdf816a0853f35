//! Schema versions and migrations.
//!
//! The root key `schema_version` holds the version of the document layout. A document
//! without it is version 0 (the layout before versioning: records but no settings and no
//! category plan). [`migrate`] brings a document from any earlier version to
//! [`crate::business::CURRENT_SCHEMA`] step by step, inside one operation.
//! Every step must be safe when two devices run it concurrently: it only adds missing
//! records under fixed ids, so both devices' migrations merge into one result.

use crate::business::{Tx, CURRENT_SCHEMA, SETTINGS_KEY};
use crate::error::{CoreError, CoreResult};
use crate::settings::Settings;

/// Runs every step from `from` to the current schema and records the new version.
pub fn migrate(tx: &mut Tx<'_>, from: u64) -> CoreResult<()> {
    let mut version = from;
    while version < CURRENT_SCHEMA {
        match version {
            0 => v0_to_v1(tx)?,
            other => {
                return Err(CoreError::Document(format!(
                    "não há migração a partir do esquema {other}"
                )))
            }
        }
        version += 1;
    }
    tx.set_schema_version(CURRENT_SCHEMA)
}

/// Version 1: default settings (minimum charge R$ 6,00, reminder plan) and the default
/// category plan.
fn v0_to_v1(tx: &mut Tx<'_>) -> CoreResult<()> {
    if tx.get_root::<Settings>(SETTINGS_KEY)?.is_none() {
        tx.put_root(SETTINGS_KEY, &Settings::default())?;
    }
    crate::ledger::categories::seed_default_plan(tx)
}
