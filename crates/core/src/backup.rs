//! The `.retaguarda` backup file: the whole document as Automerge save bytes behind a small
//! versioned header, and what a backup holds, for a preview before restoring and for
//! `retaguarda backup inspect`.
//!
//! Layout: the 11 bytes `RETAGUARDA\n`, one format-version byte (1), then the bytes of
//! `Business::save`. A business whose device holds the staff document (`staff::document`)
//! is written with version 2: the business document's length (u64 big-endian), its bytes,
//! then the staff document's bytes, so a backup of an owner's device keeps the payroll
//! that no longer lives in the business document. The header lets the app reject a wrong
//! file with a clear message before handing bytes to Automerge.

use std::collections::BTreeMap;

use automerge::{ObjType, ReadDoc, Value, ROOT};
use chrono::NaiveDate;

use crate::business::{Business, Device, DEVICES, PROFILE_KEY, SCHEMA_KEY, SETTINGS_KEY};
use crate::error::{CoreError, CoreResult};

/// The first bytes of every backup file.
pub const MAGIC: &[u8; 11] = b"RETAGUARDA\n";
/// The version of the file layout of a business document alone.
pub const FORMAT_VERSION: u8 = 1;
/// The version of the file layout of a business document with its staff document.
pub const FORMAT_WITH_STAFF: u8 = 2;
/// The file name extension.
pub const EXTENSION: &str = "retaguarda";

/// Days after which a backup is old enough for Configurações to warn about it.
pub const STALE_AFTER_DAYS: i64 = 7;

/// Whether the backup should be made again: never made, or [`STALE_AFTER_DAYS`] old or
/// more on `today`.
pub fn is_stale(last: Option<NaiveDate>, today: NaiveDate) -> bool {
    match last {
        None => true,
        Some(day) => (today - day).num_days() >= STALE_AFTER_DAYS,
    }
}

/// What a backup holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BackupSummary {
    /// The business's name.
    pub business: String,
    /// The document's schema version.
    pub schema_version: u64,
    /// Records per collection (`entries`, `charges`, `products`, ...).
    pub counts: BTreeMap<String, usize>,
    /// Number of changes (operations) in the history.
    pub changes: usize,
    /// The device clock of the newest change, in milliseconds (display only).
    pub last_change_ms: Option<i64>,
    /// The names of the devices that wrote to it.
    pub devices: Vec<String>,
}

/// Writes the whole document as a backup file, with its staff document when the device
/// holds one.
pub fn write(business: &mut Business) -> Vec<u8> {
    let doc = business.save();
    let Some(staff) = business.staff_document_mut() else {
        return wrap(&doc);
    };
    let staff = staff.save();
    let mut out = Vec::with_capacity(MAGIC.len() + 9 + doc.len() + staff.len());
    out.extend_from_slice(MAGIC);
    out.push(FORMAT_WITH_STAFF);
    out.extend_from_slice(&(doc.len() as u64).to_be_bytes());
    out.extend_from_slice(&doc);
    out.extend_from_slice(&staff);
    out
}

/// Puts a document's save bytes (an archive kept on the device) in a backup file, without
/// loading the document.
pub fn wrap(doc: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(MAGIC.len() + 1 + doc.len());
    out.extend_from_slice(MAGIC);
    out.push(FORMAT_VERSION);
    out.extend_from_slice(doc);
    out
}

/// The business document's bytes and the staff document's (if the file holds one) inside
/// a backup file, after checking its header.
fn parts(file: &[u8]) -> CoreResult<(&[u8], Option<&[u8]>)> {
    let rest = file.strip_prefix(&MAGIC[..]).ok_or_else(|| {
        CoreError::Corrupt("o arquivo não é um backup do Retaguarda (.retaguarda)".into())
    })?;
    match rest.split_first() {
        Some((&FORMAT_VERSION, doc)) => Ok((doc, None)),
        Some((&FORMAT_WITH_STAFF, rest)) => {
            let cut = || CoreError::Corrupt("o arquivo de backup está incompleto".into());
            let (len, rest) = rest.split_first_chunk::<8>().ok_or_else(cut)?;
            let len = usize::try_from(u64::from_be_bytes(*len)).map_err(|_| cut())?;
            if len > rest.len() {
                return Err(cut());
            }
            let (doc, staff) = rest.split_at(len);
            Ok((doc, Some(staff)))
        }
        Some((v, _)) => Err(CoreError::Corrupt(format!(
            "backup no formato {v}, mais novo que esta versão do Retaguarda entende ({FORMAT_WITH_STAFF}); atualize o aplicativo"
        ))),
        None => Err(CoreError::Corrupt("o arquivo de backup está vazio".into())),
    }
}

/// The business document's bytes inside a backup file, after checking its header.
pub fn document_bytes(file: &[u8]) -> CoreResult<&[u8]> {
    Ok(parts(file)?.0)
}

/// The staff document's bytes inside a backup file, if it holds one.
pub fn staff_bytes(file: &[u8]) -> CoreResult<Option<&[u8]>> {
    Ok(parts(file)?.1)
}

/// Opens a backup as a document written by `device`, with its staff document if it holds
/// one.
pub fn read(file: &[u8], device: &Device) -> CoreResult<Business> {
    let (doc, staff) = parts(file)?;
    let mut business = Business::load(doc, device)?;
    if let Some(staff) = staff {
        business.attach_staff_document(staff)?;
    }
    Ok(business)
}

/// What a backup holds, without changing it.
pub fn inspect(file: &[u8]) -> CoreResult<BackupSummary> {
    let mut business = read(file, &Device::with_actor([0; 16], "inspeção"))?;
    summarise(&mut business)
}

/// What a document holds: the preview shown before a restore or merge.
pub fn summarise(business: &mut Business) -> CoreResult<BackupSummary> {
    let name = business.profile().map(|p| p.name).unwrap_or_default();
    let schema_version = business.schema_version()?;
    let devices = business
        .devices()?
        .into_iter()
        .map(|(_, d)| d.name)
        .collect();
    // A root key is a collection when any of its concurrent values is a map, as core's
    // reads see it; looking at the winner alone would miss a copy made offline.
    let collections: Vec<String> = {
        let doc = business.doc();
        doc.keys(ROOT)
            .filter(|key| ![PROFILE_KEY, SETTINGS_KEY, SCHEMA_KEY, DEVICES].contains(&key.as_str()))
            .filter(|key| {
                doc.get_all(ROOT, key.as_str()).is_ok_and(|values| {
                    values
                        .iter()
                        .any(|(v, _)| matches!(v, Value::Object(ObjType::Map)))
                })
            })
            .collect()
    };
    // `ids` reads every copy of a collection that devices created concurrently offline and
    // counts an id once, however many copies hold it.
    let mut counts = BTreeMap::new();
    for key in collections {
        let n = business.ids(&key)?.len();
        counts.insert(key, n);
    }
    // The staff document's records count with the business's.
    if let Some(staff) = business.staff_document() {
        for key in crate::staff::STAFF_COLLECTIONS {
            let n = staff.ids(key)?.len();
            if n > 0 {
                *counts.entry(key.to_string()).or_default() += n;
            }
        }
    }
    let audit = business.audit_log()?;
    Ok(BackupSummary {
        business: name,
        schema_version,
        counts,
        changes: audit.len(),
        last_change_ms: audit.iter().map(|a| a.at_ms).max(),
        devices,
    })
}
