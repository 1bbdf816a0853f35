//! The business document: one Automerge document per business, the device writing to it,
//! the transaction helper every operation goes through, and the generic record helpers.
//!
//! Records live in one map per collection at the document root (`accounts/<id>`,
//! `entries/<id>`, ...), so an operation hydrates and reconciles only the records it
//! touches. Reads are tolerant of one merge hazard: when two devices created the same
//! collection map (or, for deterministic ids, the same record) concurrently, Automerge keeps
//! both objects at that key; the helpers here read through every one of them so no record
//! is lost from view.

use crate::changed::Changed;
use crate::error::{CoreError, CoreResult};
use crate::inventory::index::InventoryIndex;
use crate::reader::{hydrate_at, hydrate_record};
use crate::views::{Shape, Touched, ViewCache, WarmStep};
use automerge::transaction::{CommitOptions, Transactable};
use automerge::{ActorId, AutoCommit, Change, ChangeHash, ObjId, ObjType, ReadDoc, Value, ROOT};
use autosurgeon::{Hydrate, Reconcile};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// A record id: a random UUID v4 string, or a deterministic string for records that two
/// devices must create as one (recurring entries, the default category plan).
pub type Id = String;

/// A fresh random record id.
pub fn new_id() -> Id {
    uuid::Uuid::new_v4().to_string()
}

/// The newest document schema this build reads and writes.
pub const CURRENT_SCHEMA: u64 = 1;

/// Root key of the schema version (an unsigned integer).
pub const SCHEMA_KEY: &str = "schema_version";
/// Root key of the business profile (see [`crate::settings::BusinessProfile`]).
pub const PROFILE_KEY: &str = "business";
/// Root key of the settings (see [`crate::settings::Settings`]).
pub const SETTINGS_KEY: &str = "settings";
/// Collection of known devices, keyed by the hex actor id.
pub const DEVICES: &str = "devices";

/// A device writing to the document: its Automerge actor and the name people see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// The Automerge actor id (16 random bytes, kept by the device for ever).
    pub actor: [u8; 16],
    /// A name such as "Celular da Ana".
    pub name: String,
}

impl Device {
    /// A new device with a random actor id.
    pub fn new(name: impl Into<String>) -> Device {
        Device {
            actor: *uuid::Uuid::new_v4().as_bytes(),
            name: name.into(),
        }
    }

    /// A device whose actor id was stored earlier.
    pub fn with_actor(actor: [u8; 16], name: impl Into<String>) -> Device {
        Device {
            actor,
            name: name.into(),
        }
    }

    /// The Automerge actor id.
    pub fn actor_id(&self) -> ActorId {
        ActorId::from(self.actor)
    }

    /// The actor id in hex, as the audit log and the `devices` collection show it.
    pub fn actor_hex(&self) -> String {
        self.actor_id().to_hex_string()
    }
}

/// The context of one operation, supplied by the caller because core never reads a clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpCtx {
    /// The device's calendar date: used for defaults and for derived states such as overdue.
    pub today: NaiveDate,
    /// The device's wall clock in milliseconds since the epoch; shown in the audit log only,
    /// never used to order or merge anything.
    pub now_ms: i64,
    /// The staff member operating the device, if the business uses staff logins.
    pub staff: Option<Id>,
}

impl OpCtx {
    /// A context without a staff member.
    pub fn new(today: NaiveDate, now_ms: i64) -> OpCtx {
        OpCtx {
            today,
            now_ms,
            staff: None,
        }
    }

    /// The same context, operated by `staff`.
    pub fn with_staff(mut self, staff: impl Into<Id>) -> OpCtx {
        self.staff = Some(staff.into());
        self
    }
}

/// One device's record in the `devices` collection.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct DeviceRecord {
    /// The name the device gave itself.
    pub name: String,
}

/// One field of a record on which devices wrote different values concurrently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldConflict {
    /// The field's key in the record.
    pub field: String,
    /// Every concurrent value, the deterministic winner first, rendered as text.
    pub values: Vec<String>,
}

/// The small JSON every change carries as its message.
///
/// Stored compactly, because three years of a shop carry 400,000 of them: absent fields are
/// left out, and a UUID record id is written as `^` and the first 8 of its 16 bytes in
/// base64url (11 characters: 64 bits tell apart the records of any one shop, and the audit
/// log finds the whole id among the collections' keys). The staff id keeps all 16 bytes,
/// as `~` and 22 characters. The millisecond clock `at` is no longer written: the change's
/// own timestamp (seconds) says when. [`ChangeMessage::decode`] reads this form and the
/// earlier ones; a short record id comes back as it is stored (`^…`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChangeMessage {
    /// The operation name, e.g. `ledger.pay`.
    pub op: String,
    /// The main record the operation touched: its id, or after [`ChangeMessage::decode`]
    /// the short form of a UUID (`^` and 11 characters) that the audit log resolves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<Id>,
    /// The staff member who operated the device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<Id>,
    /// The device clock in milliseconds when the operation ran (display only; written by
    /// earlier versions, read when present).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<i64>,
}

/// Marks an id written in its compact form (and escapes a plain id that begins with it or
/// with [`SHORT_ID`]).
const COMPACT_ID: char = '~';

/// Marks a record id written as the first 8 bytes of its UUID.
pub(crate) const SHORT_ID: char = '^';

/// The canonical UUID `id` is, if it is one: only the canonical text round-trips exactly.
fn canonical_uuid(id: &str) -> Option<uuid::Uuid> {
    uuid::Uuid::try_parse(id)
        .ok()
        .filter(|u| u.hyphenated().to_string() == id)
}

fn compact_id(id: &str) -> String {
    use base64::Engine as _;
    match canonical_uuid(id) {
        Some(u) => format!(
            "{COMPACT_ID}{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(u.as_bytes())
        ),
        None if id.starts_with([COMPACT_ID, SHORT_ID]) => format!("{COMPACT_ID}{id}"),
        None => id.to_string(),
    }
}

/// A record id as a change message stores it: a canonical UUID as [`SHORT_ID`] and its
/// first 8 bytes, any other id as [`compact_id`] writes it.
pub(crate) fn short_id(id: &str) -> String {
    use base64::Engine as _;
    match canonical_uuid(id) {
        Some(u) => format!(
            "{SHORT_ID}{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&u.as_bytes()[..8])
        ),
        None => compact_id(id),
    }
}

fn expand_id(stored: &str) -> String {
    use base64::Engine as _;
    let Some(rest) = stored.strip_prefix(COMPACT_ID) else {
        // A short record id stays as it is; the audit log resolves it.
        return stored.to_string();
    };
    if rest.starts_with([COMPACT_ID, SHORT_ID]) {
        return rest.to_string();
    }
    match base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(rest) {
        Ok(bytes) => match uuid::Uuid::from_slice(&bytes) {
            Ok(u) => u.hyphenated().to_string(),
            Err(_) => stored.to_string(),
        },
        Err(_) => stored.to_string(),
    }
}

impl ChangeMessage {
    /// The message as an operation stores it.
    pub fn encode(&self) -> String {
        let stored = ChangeMessage {
            op: self.op.clone(),
            record: self.record.as_deref().map(short_id),
            staff: self.staff.as_deref().map(compact_id),
            at: self.at,
        };
        // Serialising strings and integers cannot fail.
        serde_json::to_string(&stored).unwrap_or_default()
    }

    /// Reads a stored message, in the compact form or the earlier one; `None` when it is
    /// not a Retaguarda message.
    pub fn decode(text: &str) -> Option<ChangeMessage> {
        let stored: ChangeMessage = serde_json::from_str(text).ok()?;
        Some(ChangeMessage {
            record: stored.record.as_deref().map(expand_id),
            staff: stored.staff.as_deref().map(expand_id),
            ..stored
        })
    }
}

// ---------------------------------------------------------------------------------------
// Generic reads, shared by `Tx` and `Business`.
// ---------------------------------------------------------------------------------------

/// The map objects stored at a root key, the deterministic winner first (none when it holds
/// no map).
pub(crate) fn root_maps(doc: &AutoCommit, key: &str) -> CoreResult<Vec<ObjId>> {
    record_maps(doc, &ROOT, key)
}

/// The map objects stored at `obj[key]`, the winner first.
fn record_maps(doc: &AutoCommit, obj: &ObjId, key: &str) -> CoreResult<Vec<ObjId>> {
    let winner = match doc.get(obj, key)? {
        Some((Value::Object(ObjType::Map), id)) => Some(id),
        _ => None,
    };
    let mut out: Vec<ObjId> = winner.iter().cloned().collect();
    for (value, id) in doc.get_all(obj, key)? {
        if matches!(value, Value::Object(ObjType::Map)) && Some(&id) != winner.as_ref() {
            out.push(id);
        }
    }
    Ok(out)
}

/// The collection object that holds record `id`, if any.
fn locate(doc: &AutoCommit, collection: &str, id: &str) -> CoreResult<Option<ObjId>> {
    for coll in root_maps(doc, collection)? {
        if doc.get(&coll, id)?.is_some() {
            return Ok(Some(coll));
        }
    }
    Ok(None)
}

pub(crate) fn read_get<T: Hydrate>(
    doc: &AutoCommit,
    collection: &str,
    id: &str,
) -> CoreResult<Option<T>> {
    match locate(doc, collection, id)? {
        Some(coll) => Ok(Some(hydrate_at(doc, &coll, id)?)),
        None => Ok(None),
    }
}

fn read_versions<T: Hydrate>(doc: &AutoCommit, collection: &str, id: &str) -> CoreResult<Vec<T>> {
    let mut out = Vec::new();
    for coll in root_maps(doc, collection)? {
        for obj in record_maps(doc, &coll, id)? {
            out.push(hydrate_record(doc, &obj)?);
        }
    }
    Ok(out)
}

fn read_ids(doc: &AutoCommit, collection: &str) -> CoreResult<Vec<Id>> {
    let mut ids = std::collections::BTreeSet::new();
    for coll in root_maps(doc, collection)? {
        ids.extend(doc.keys(&coll));
    }
    Ok(ids.into_iter().collect())
}

/// How many ids a collection held in one map has (a count, nothing listed).
fn count_ids(doc: &AutoCommit, collection: &str) -> usize {
    match root_maps(doc, collection) {
        Ok(maps) => maps.first().map_or(0, |coll| doc.length(coll)),
        Err(_) => 0,
    }
}

/// At most `n` ids of a collection held in one map, the first after `after` (from the
/// start without it), in order: one seek and `n` keys, whatever the collection's size.
fn read_ids_after(
    doc: &AutoCommit,
    collection: &str,
    after: Option<&str>,
    n: usize,
) -> CoreResult<Vec<Id>> {
    use std::ops::Bound;
    let Some(coll) = root_maps(doc, collection)?.into_iter().next() else {
        return Ok(Vec::new());
    };
    let from = match after {
        Some(id) => Bound::Excluded(id.to_string()),
        None => Bound::Unbounded,
    };
    Ok(doc
        .map_range(&coll, (from, Bound::Unbounded))
        .take(n)
        .map(|item| item.key.into_owned())
        .collect())
}

pub(crate) fn read_list<T: Hydrate>(
    doc: &AutoCommit,
    collection: &str,
) -> CoreResult<Vec<(Id, T)>> {
    let mut seen = std::collections::BTreeMap::new();
    for coll in root_maps(doc, collection)? {
        // One pass over the collection yields each record's object; reading records through
        // a `RecordReader` then costs one scan per record instead of one seek per field.
        for item in doc.map_range(&coll, ..) {
            if seen.contains_key(item.key.as_ref()) {
                continue;
            }
            let value: T = match item.value {
                automerge::ValueRef::Object(ObjType::Map) => hydrate_record(doc, &item.id())?,
                _ => autosurgeon::hydrate_prop(doc, &coll, item.key.as_ref())?,
            };
            seen.insert(item.key.into_owned(), value);
        }
    }
    Ok(seen.into_iter().collect())
}

fn read_list_versions<T: Hydrate>(
    doc: &AutoCommit,
    collection: &str,
) -> CoreResult<Vec<(Id, Vec<T>)>> {
    let mut out: std::collections::BTreeMap<Id, Vec<T>> = std::collections::BTreeMap::new();
    for coll in root_maps(doc, collection)? {
        // One pass over the collection; only a key that holds concurrent objects is looked
        // up again for its other versions (the winner first, as `read_versions` gives them).
        for item in doc.map_range(&coll, ..) {
            let versions = out.entry(item.key.to_string()).or_default();
            if item.conflict {
                for obj in record_maps(doc, &coll, item.key.as_ref())? {
                    versions.push(hydrate_record(doc, &obj)?);
                }
            } else if matches!(item.value, automerge::ValueRef::Object(ObjType::Map)) {
                versions.push(hydrate_record(doc, &item.id())?);
            }
        }
    }
    Ok(out.into_iter().collect())
}

fn read_root<T: Hydrate>(doc: &AutoCommit, key: &str) -> CoreResult<Option<T>> {
    match doc.get(ROOT, key)? {
        None => Ok(None),
        Some(_) => Ok(Some(hydrate_at(doc, &ROOT, key)?)),
    }
}

fn read_schema(doc: &AutoCommit) -> CoreResult<u64> {
    use automerge::ScalarValue;
    match doc.get(ROOT, SCHEMA_KEY)? {
        None => Ok(0),
        Some((Value::Scalar(s), _)) => match s.as_ref() {
            ScalarValue::Uint(v) => Ok(*v),
            ScalarValue::Int(v) if *v >= 0 => Ok(*v as u64),
            _ => Err(CoreError::Document("versão do esquema ilegível".into())),
        },
        Some(_) => Err(CoreError::Document("versão do esquema ilegível".into())),
    }
}

/// Every concurrent value of one field of a record, the winner first; nulls are skipped.
fn read_field_versions<T: Hydrate>(
    doc: &AutoCommit,
    collection: &str,
    id: &str,
    field: &str,
) -> CoreResult<Vec<T>> {
    let mut out = Vec::new();
    let Some(coll) = locate(doc, collection, id)? else {
        return Ok(out);
    };
    let Some((Value::Object(ObjType::Map), rec)) = doc.get(&coll, id)? else {
        return Ok(out);
    };
    let winner = doc.get(&rec, field)?.map(|(_, oid)| oid);
    let mut all = doc.get_all(&rec, field)?;
    all.sort_by_key(|(_, oid)| Some(oid) != winner.as_ref());
    for (value, oid) in all {
        match value {
            Value::Object(ObjType::Map) => out.push(hydrate_record(doc, &oid)?),
            Value::Scalar(s) if matches!(s.as_ref(), automerge::ScalarValue::Null) => {}
            Value::Scalar(s) => out.push(T::hydrate_scalar(s)?),
            Value::Object(_) => {}
        }
    }
    Ok(out)
}

fn render_value(v: &Value<'_>) -> String {
    use automerge::ScalarValue;
    match v {
        Value::Object(_) => "(registro)".to_string(),
        Value::Scalar(s) => match s.as_ref() {
            ScalarValue::Str(s) => s.to_string(),
            ScalarValue::Int(i) => i.to_string(),
            ScalarValue::Uint(u) => u.to_string(),
            ScalarValue::F64(f) => f.to_string(),
            ScalarValue::Boolean(true) => "sim".to_string(),
            ScalarValue::Boolean(false) => "não".to_string(),
            ScalarValue::Null => String::new(),
            other => other.to_string(),
        },
    }
}

pub(crate) fn read_field_conflicts(
    doc: &AutoCommit,
    collection: &str,
    id: &str,
) -> CoreResult<Vec<FieldConflict>> {
    let mut out = Vec::new();
    let Some(coll) = locate(doc, collection, id)? else {
        return Ok(out);
    };
    // A record created twice under one deterministic id is itself a conflict of "objects";
    // only field conflicts inside the winning object are reported here.
    let Some((Value::Object(ObjType::Map), rec)) = doc.get(&coll, id)? else {
        return Ok(out);
    };
    // One pass over the record flags the keys with concurrent values; only those are
    // read again, instead of two seeks for every field of every record listed.
    let conflicted: Vec<String> = doc
        .map_range(&rec, ..)
        .filter(|item| item.conflict)
        .map(|item| item.key.into_owned())
        .collect();
    for key in conflicted {
        let all = doc.get_all(&rec, key.as_str())?;
        if all.len() < 2 {
            continue;
        }
        let winner = doc.get(&rec, key.as_str())?;
        let mut values = Vec::new();
        if let Some((v, wid)) = &winner {
            values.push(render_value(v));
            for (v, oid) in &all {
                if oid != wid {
                    values.push(render_value(v));
                }
            }
        }
        out.push(FieldConflict { field: key, values });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Tx
// ---------------------------------------------------------------------------------------

/// The writable view of the document inside [`Business::apply`].
///
/// Everything written through a `Tx` becomes one Automerge change when the closure returns
/// `Ok`, and is rolled back when it returns `Err`.
pub struct Tx<'a> {
    doc: &'a mut AutoCommit,
    ctx: &'a OpCtx,
    record: Option<Id>,
    /// Every `(collection, id)` written through the helpers, root keys as `("", key)`, so
    /// derived indexes can follow the operation once it is committed.
    writes: BTreeSet<(String, Id)>,
    /// Set by a write through [`Tx::doc_mut`], which the derived indexes cannot follow.
    untracked: bool,
    inventory: &'a mut InventoryIndex,
}

impl std::fmt::Debug for Tx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tx")
            .field("ctx", &self.ctx)
            .field("record", &self.record)
            .finish()
    }
}

impl<'a> Tx<'a> {
    /// The operation's context.
    pub fn ctx(&self) -> &OpCtx {
        self.ctx
    }

    /// The device's calendar date.
    pub fn today(&self) -> NaiveDate {
        self.ctx.today
    }

    /// Names the main record of the operation for the audit log. Without a call, the
    /// first record written is used.
    pub fn set_record(&mut self, id: &str) {
        self.record = Some(id.to_string());
    }

    /// Reads the document (for queries the helpers do not cover).
    pub fn doc(&self) -> &AutoCommit {
        self.doc
    }

    /// Writes the document directly (for the rare write the helpers do not cover).
    pub fn doc_mut(&mut self) -> &mut AutoCommit {
        self.untracked = true;
        self.doc
    }

    /// The parts the inventory indexes need: the document, the indexes, the ids this
    /// operation wrote to `collection`, and whether every write went through the helpers.
    pub(crate) fn index_parts(
        &mut self,
        collection: &str,
    ) -> (&AutoCommit, &mut InventoryIndex, Vec<&str>, bool) {
        let written = self
            .writes
            .iter()
            .filter(|(c, _)| c == collection)
            .map(|(_, id)| id.as_str())
            .collect();
        let tracked = !self.untracked && !self.writes.contains(&(String::new(), collection.into()));
        (self.doc, self.inventory, written, tracked)
    }

    /// One record, or `None`.
    pub fn get<T: Hydrate>(&self, collection: &str, id: &str) -> CoreResult<Option<T>> {
        read_get(self.doc, collection, id)
    }

    /// One record, or a [`CoreError::NotFound`] naming `what`.
    pub fn require<T: Hydrate>(
        &self,
        collection: &str,
        id: &str,
        what: &'static str,
    ) -> CoreResult<T> {
        self.get(collection, id)?
            .ok_or_else(|| CoreError::not_found(what, id))
    }

    /// Every concurrent version of one record (more than one only when two devices created
    /// the same deterministic id), the winner first.
    pub fn versions<T: Hydrate>(&self, collection: &str, id: &str) -> CoreResult<Vec<T>> {
        read_versions(self.doc, collection, id)
    }

    /// Whether a record exists.
    pub fn exists(&self, collection: &str, id: &str) -> CoreResult<bool> {
        Ok(locate(self.doc, collection, id)?.is_some())
    }

    /// The ids of a collection, sorted.
    pub fn ids(&self, collection: &str) -> CoreResult<Vec<Id>> {
        read_ids(self.doc, collection)
    }

    /// Every record of a collection, sorted by id.
    pub fn list<T: Hydrate>(&self, collection: &str) -> CoreResult<Vec<(Id, T)>> {
        read_list(self.doc, collection)
    }

    /// A root singleton (the profile, the settings).
    pub fn get_root<T: Hydrate>(&self, key: &str) -> CoreResult<Option<T>> {
        read_root(self.doc, key)
    }

    /// Writes a root singleton.
    pub fn put_root<T: Reconcile>(&mut self, key: &str, value: &T) -> CoreResult<()> {
        self.writes.insert((String::new(), key.to_string()));
        autosurgeon::reconcile_prop(self.doc, ROOT, key, value)?;
        Ok(())
    }

    /// The collection object new records go to, created if missing.
    fn collection_for_write(&mut self, collection: &str, id: &str) -> CoreResult<ObjId> {
        if let Some(coll) = locate(self.doc, collection, id)? {
            return Ok(coll);
        }
        if let Some(coll) = root_maps(self.doc, collection)?.into_iter().next() {
            return Ok(coll);
        }
        Ok(self.doc.put_object(ROOT, collection, ObjType::Map)?)
    }

    /// Creates or updates a record; only the fields that changed are written, so concurrent
    /// edits of different fields merge.
    pub fn put<T: Reconcile>(&mut self, collection: &str, id: &str, value: &T) -> CoreResult<()> {
        let coll = self.collection_for_write(collection, id)?;
        self.writes.insert((collection.to_string(), id.to_string()));
        autosurgeon::reconcile_prop(self.doc, &coll, id, value)?;
        if self.record.is_none() {
            self.record = Some(id.to_string());
        }
        Ok(())
    }

    /// Writes one field of an existing record even if the value is unchanged: used to settle
    /// a field that two devices edited concurrently, and for decisions that must conflict
    /// with a concurrent different decision.
    pub fn put_field<T: Reconcile>(
        &mut self,
        collection: &str,
        id: &str,
        field: &str,
        value: &T,
    ) -> CoreResult<()> {
        let coll = locate(self.doc, collection, id)?
            .ok_or_else(|| CoreError::not_found("Registro", id))?;
        let rec = match self.doc.get(&coll, id)? {
            Some((Value::Object(ObjType::Map), rec)) => rec,
            _ => return Err(CoreError::not_found("Registro", id)),
        };
        self.writes.insert((collection.to_string(), id.to_string()));
        // Deleting first makes the next put a real write that supersedes every value seen,
        // even when it equals the current winner (reconcile would otherwise skip it), so a
        // concurrent different write on another device shows up as a conflict.
        if self.doc.get(&rec, field)?.is_some() {
            self.doc.delete(&rec, field)?;
        }
        autosurgeon::reconcile_prop(self.doc, &rec, field, value)?;
        Ok(())
    }

    /// The concurrent values of every field of a record.
    pub fn field_conflicts(&self, collection: &str, id: &str) -> CoreResult<Vec<FieldConflict>> {
        read_field_conflicts(self.doc, collection, id)
    }

    /// Every concurrent value of one field of a record, the winner first (nulls skipped).
    pub fn field_versions<T: Hydrate>(
        &self,
        collection: &str,
        id: &str,
        field: &str,
    ) -> CoreResult<Vec<T>> {
        read_field_versions(self.doc, collection, id, field)
    }

    /// The schema version of the document (0 when unversioned).
    pub fn schema_version(&self) -> CoreResult<u64> {
        read_schema(self.doc)
    }

    /// Sets the schema version (migrations only).
    pub(crate) fn set_schema_version(&mut self, v: u64) -> CoreResult<()> {
        self.doc.put(ROOT, SCHEMA_KEY, v)?;
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Business
// ---------------------------------------------------------------------------------------

/// One list [`Business::warm`] reads: up to a budget of its records per call.
type WarmList = dyn Fn(&Business, usize) -> CoreResult<WarmStep>;

/// How far [`Business::warm`] got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WarmProgress {
    /// Every list the ledger's first reads need is in memory (nothing was read when it
    /// already was).
    pub done: bool,
    /// Records read by this call.
    pub read: usize,
}

/// One business's data and every way it changes.
pub struct Business {
    doc: AutoCommit,
    device: Device,
    /// Derived from the inventory collections and never stored (see `inventory::index`);
    /// behind a lock because queries that take `&self` bring it up to date.
    pub(crate) inventory: Mutex<InventoryIndex>,
    /// Hydrated collections kept between reads (see `views`); behind a lock for the same
    /// reason.
    pub(crate) views: Mutex<ViewCache>,
    /// The heads already stored: `save_incremental` returns the changes after them.
    saved_heads: Vec<ChangeHash>,
    /// The root collections changed since a reader last took them (see `changed`).
    changed: Changed,
    /// The staff document, when this device holds it (see `staff::document`).
    pub(crate) staff: Option<Box<Business>>,
}

impl std::fmt::Debug for Business {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Business")
            .field("device", &self.device)
            .finish()
    }
}

impl Business {
    /// A new business with the default settings and category plan.
    pub fn create(device: &Device, name: &str, ctx: &OpCtx) -> CoreResult<Business> {
        let profile = crate::settings::BusinessProfile::new(name)?;
        let mut biz = Business::from_doc(AutoCommit::new(), device);
        biz.apply(ctx, "business.create", |tx| {
            tx.put_root(PROFILE_KEY, &profile)?;
            crate::migrations::migrate(tx, 0)?;
            Ok(())
        })?;
        Ok(biz)
    }

    /// Loads a saved document, migrating it to [`CURRENT_SCHEMA`] if it is older.
    pub fn load(bytes: &[u8], device: &Device) -> CoreResult<Business> {
        let doc = AutoCommit::load(bytes).map_err(|e| CoreError::Corrupt(e.to_string()))?;
        let mut biz = Business::from_doc(doc, device);
        if biz.doc.get(ROOT, PROFILE_KEY)?.is_none() && biz.doc.get(ROOT, SCHEMA_KEY)?.is_none() {
            return Err(CoreError::Corrupt(
                "o arquivo não contém um negócio do Retaguarda".into(),
            ));
        }
        biz.migrate()?;
        Ok(biz)
    }

    /// Brings an older document up to [`CURRENT_SCHEMA`] in one change; a no-op when current.
    /// The change is dated with the newest change already in the document, because loading
    /// has no clock and the audit log should not show 1970.
    pub fn migrate(&mut self) -> CoreResult<()> {
        let found = read_schema(&self.doc)?;
        if found > CURRENT_SCHEMA {
            return Err(CoreError::NewerSchema {
                found,
                supported: CURRENT_SCHEMA,
            });
        }
        if found == CURRENT_SCHEMA {
            return Ok(());
        }
        let last_secs = self
            .doc
            .get_changes_meta(&[])
            .iter()
            .map(|c| c.timestamp)
            .max()
            .unwrap_or(0);
        let today = chrono::DateTime::from_timestamp(last_secs, 0)
            .map(|d| d.date_naive())
            .unwrap_or_default();
        let ctx = OpCtx::new(today, last_secs.saturating_mul(1000));
        self.apply(&ctx, "schema.migrate", |tx| {
            crate::migrations::migrate(tx, found)
        })
    }

    /// The device writing to this document.
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// Renames this device; the new name is recorded with its next operation.
    pub fn set_device_name(&mut self, name: impl Into<String>) {
        self.device.name = name.into();
    }

    /// This device's Automerge actor id.
    pub fn actor(&self) -> ActorId {
        self.doc.get_actor().clone()
    }

    /// The document for reading its change history (closes any open transaction).
    pub(crate) fn doc_mut_for_history(&mut self) -> &mut AutoCommit {
        &mut self.doc
    }

    /// The underlying Automerge document, read-only.
    pub fn doc(&self) -> &AutoCommit {
        &self.doc
    }

    /// Runs one operation: `f` validates and writes; on `Ok` everything becomes ONE change
    /// whose message is a [`ChangeMessage`] naming `op`; on `Err` every write is rolled back
    /// and the document is byte-for-byte unchanged.
    pub fn apply<T>(
        &mut self,
        ctx: &OpCtx,
        op: &str,
        f: impl FnOnce(&mut Tx<'_>) -> CoreResult<T>,
    ) -> CoreResult<T> {
        // Close anything left open by a direct write so it cannot leak into this change.
        self.doc.commit();
        self.check_role(op)?;
        let before = self.doc.get_heads();
        let found = read_schema(&self.doc)?;
        if found > CURRENT_SCHEMA {
            return Err(CoreError::NewerSchema {
                found,
                supported: CURRENT_SCHEMA,
            });
        }
        let inventory = self
            .inventory
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        let mut tx = Tx {
            doc: &mut self.doc,
            ctx,
            record: None,
            writes: BTreeSet::new(),
            untracked: false,
            inventory,
        };
        let result = f(&mut tx).and_then(|v| {
            register_device(&mut tx, &self.device)?;
            Ok(v)
        });
        let record = tx.record.take();
        let writes = std::mem::take(&mut tx.writes);
        let tracked = !tx.untracked;
        drop(tx);
        match result {
            Ok(value) => {
                let text = ChangeMessage {
                    op: op.to_string(),
                    record,
                    staff: ctx.staff.clone(),
                    at: None,
                }
                .encode();
                self.doc.commit_with(
                    CommitOptions::default()
                        .with_message(text)
                        .with_time(ctx.now_ms.div_euclid(1000)),
                );
                let after = self.doc.get_heads();
                self.inventory
                    .get_mut()
                    .unwrap_or_else(PoisonError::into_inner)
                    .after_commit(&self.doc, &before, &after, &writes, tracked);
                let touched = Touched::from_writes(&writes, tracked);
                self.views
                    .get_mut()
                    .unwrap_or_else(PoisonError::into_inner)
                    .follow(&before, &after, &touched);
                self.changed.add(&touched);
                Ok(value)
            }
            Err(e) => {
                self.doc.rollback();
                Err(e)
            }
        }
    }

    /// Refuses `op` when the team records its members and this device's role may not
    /// make it (or the device was removed): the same rule every other device applies on
    /// arrival (`Business::vet_changes`).
    pub(crate) fn check_role(&self, op: &str) -> CoreResult<()> {
        use crate::members::{Member, MEMBERS};
        let own: Option<Member> = read_get(&self.doc, MEMBERS, &self.device.actor_hex())?;
        match own {
            None if root_maps(&self.doc, MEMBERS)?.is_empty() => Ok(()),
            Some(member) if member.active() => match member.role() {
                Some(role) if role.may(op) => Ok(()),
                Some(role) => Err(CoreError::NotAllowed(format!(
                    "Quem usa este aparelho é {} na equipe e não pode fazer isto: {}.",
                    role.label().to_lowercase(),
                    crate::audit::op_label(op)
                ))),
                None => Err(CoreError::NotAllowed(
                    "O papel deste aparelho na equipe não é conhecido por esta versão; atualize o Retaguarda."
                        .into(),
                )),
            },
            Some(_) => Err(CoreError::NotAllowed(
                "Este aparelho foi removido da equipe: o que for registrado nele não chega aos outros."
                    .into(),
            )),
            None => Err(CoreError::NotAllowed(
                "Este aparelho não faz parte da equipe. Peça um convite a quem cuida da equipe."
                    .into(),
            )),
        }
    }

    /// One record, or `None`.
    pub fn get<T: Hydrate>(&self, collection: &str, id: &str) -> CoreResult<Option<T>> {
        read_get(&self.doc, collection, id)
    }

    /// Every concurrent version of one record, the winner first.
    pub fn versions<T: Hydrate>(&self, collection: &str, id: &str) -> CoreResult<Vec<T>> {
        read_versions(&self.doc, collection, id)
    }

    /// Every record of a collection, sorted by id. Kept hydrated between calls and patched
    /// per change (see `views`), so a second read costs a copy, not a hydration.
    pub fn list<T: Hydrate + Clone + Send + Sync + 'static>(
        &self,
        collection: &str,
    ) -> CoreResult<Vec<(Id, T)>> {
        Ok(Arc::unwrap_or_clone(self.list_shared(collection)?))
    }

    /// [`Business::list`] without the copy: the kept list itself.
    pub fn list_shared<T: Hydrate + Clone + Send + Sync + 'static>(
        &self,
        collection: &str,
    ) -> CoreResult<Arc<Vec<(Id, T)>>> {
        self.cached(
            collection,
            Shape::Winner,
            |doc, id| Ok(read_get(doc, collection, id)?.map(|v| (v, false))),
            |doc| {
                Ok(read_list(doc, collection)?
                    .into_iter()
                    .map(|(id, v)| (id, v, false))
                    .collect())
            },
        )
    }

    /// Every record of a collection with all its concurrent versions, sorted by id (kept
    /// like [`Business::list`]).
    pub fn list_versions<T: Hydrate + Clone + Send + Sync + 'static>(
        &self,
        collection: &str,
    ) -> CoreResult<Vec<(Id, Vec<T>)>> {
        Ok(Arc::unwrap_or_clone(self.cached(
            collection,
            Shape::Versions,
            |doc, id| {
                Ok(match locate(doc, collection, id)? {
                    Some(_) => {
                        let versions = read_versions(doc, collection, id)?;
                        let multi = versions.len() > 1;
                        Some((versions, multi))
                    }
                    None => None,
                })
            },
            |doc| {
                Ok(read_list_versions(doc, collection)?
                    .into_iter()
                    .map(|(id, v)| {
                        let multi = v.len() > 1;
                        (id, v, multi)
                    })
                    .collect())
            },
        )?))
    }

    /// Every record of a collection with its concurrent versions merged into one by
    /// `merge` (`None` drops the record), kept like [`Business::list`].
    pub(crate) fn list_merged<T: Hydrate + Clone + Send + Sync + 'static>(
        &self,
        collection: &str,
        merge: fn(Vec<T>) -> Option<T>,
    ) -> CoreResult<Arc<Vec<(Id, T)>>> {
        self.cached(
            collection,
            Shape::Merged,
            |doc, id| {
                let versions: Vec<T> = read_versions(doc, collection, id)?;
                let multi = versions.len() > 1;
                Ok(merge(versions).map(|v| (v, multi)))
            },
            |doc| {
                Ok(read_list_versions(doc, collection)?
                    .into_iter()
                    .filter_map(|(id, v)| {
                        let multi = v.len() > 1;
                        merge(v).map(|m| (id, m, multi))
                    })
                    .collect())
            },
        )
    }

    /// A collection from the view cache, or read in full and kept: `one` reads a record by
    /// id (with whether it holds concurrent versions; `None` when it is gone), `all` the
    /// whole collection sorted by id. `V` may be anything derived from one record alone;
    /// each type and shape is its own cached list.
    pub(crate) fn cached<V: Clone + Send + Sync + 'static>(
        &self,
        collection: &str,
        shape: Shape,
        one: impl Fn(&AutoCommit, &str) -> CoreResult<Option<(V, bool)>>,
        all: impl FnOnce(&AutoCommit) -> CoreResult<Vec<(Id, V, bool)>>,
    ) -> CoreResult<Arc<Vec<(Id, V)>>> {
        // Two concurrent copies of the collection are read the long way every time: a
        // change inside the losing copy yields no patch to follow.
        if root_maps(&self.doc, collection)?.len() > 1 {
            let list = all(&self.doc)?;
            return Ok(Arc::new(
                list.into_iter().map(|(id, v, _)| (id, v)).collect(),
            ));
        }
        let heads = autosurgeon::ReadDoc::get_heads(&self.doc);
        let mut views = self.views.lock().unwrap_or_else(PoisonError::into_inner);
        let doc = &self.doc;
        if let Some(list) = views.get(collection, shape, &heads, |id| one(doc, id))? {
            return Ok(list);
        }
        let list = all(doc)?;
        Ok(views.put(collection, shape, heads, list))
    }

    /// Reads up to `budget` more records of a collection into the view cache (see
    /// [`Business::warm`]); `one` reads a record as [`Business::cached`]'s does.
    pub(crate) fn warm_cached<V: Clone + Send + Sync + 'static>(
        &self,
        collection: &str,
        shape: Shape,
        budget: usize,
        one: impl Fn(&AutoCommit, &str) -> CoreResult<Option<(V, bool)>>,
    ) -> CoreResult<WarmStep> {
        // Never kept (see `cached`): nothing to warm.
        if root_maps(&self.doc, collection)?.len() > 1 {
            return Ok(WarmStep::Done { read: 0 });
        }
        let heads = autosurgeon::ReadDoc::get_heads(&self.doc);
        let mut views = self.views.lock().unwrap_or_else(PoisonError::into_inner);
        let doc = &self.doc;
        views.warm_step(
            collection,
            shape,
            &heads,
            budget,
            || count_ids(doc, collection),
            |after, n| read_ids_after(doc, collection, after, n),
            |id| one(doc, id),
        )
    }

    /// Reads up to `budget` records of `collection` as [`Business::list_shared`] keeps them.
    fn warm_winner<T: Hydrate + Clone + Send + Sync + 'static>(
        &self,
        collection: &str,
        budget: usize,
    ) -> CoreResult<WarmStep> {
        self.warm_cached(collection, Shape::Winner, budget, |doc, id| {
            Ok(read_get::<T>(doc, collection, id)?.map(|v| (v, false)))
        })
    }

    /// Brings the lists the ledger's first reads need into memory, at most `budget`
    /// records per call: the accounts, categories, transfers and parties, the entries with
    /// their payments (a sale's account balance, Caixa's list, Início's summary) and the
    /// charges (Início), and the stock index of every movement (Início, Estoque, Venda).
    /// Right after a start the first of those reads would otherwise
    /// hydrate a whole shop in one go (3.5 s at three years of a shop, natively 2 s); a page
    /// calls this in idle moments until it says `done`, choosing the budget so each call is
    /// short. A change between calls is followed: the records it touched are read again.
    pub fn warm(&self, budget: usize) -> CoreResult<WarmProgress> {
        use crate::ledger::{Account, Category, Entry, Transfer};
        let mut left = budget.max(1);
        let mut read = 0;
        let steps: [&WarmList; 7] = [
            &|b, n| b.warm_winner::<Account>(crate::ledger::ACCOUNTS, n),
            &|b, n| b.warm_winner::<Category>(crate::ledger::CATEGORIES, n),
            &|b, n| b.warm_winner::<Transfer>(crate::ledger::TRANSFERS, n),
            &|b, n| b.warm_winner::<crate::parties::Party>(crate::parties::PARTIES, n),
            &|b, n| {
                b.warm_cached(crate::ledger::ENTRIES, Shape::Merged, n, |doc, id| {
                    let versions: Vec<Entry> = read_versions(doc, crate::ledger::ENTRIES, id)?;
                    let multi = versions.len() > 1;
                    Ok(Entry::merge_versions(versions).map(|v| (v, multi)))
                })
            },
            &|b, n| b.warm_charges(n),
            &|b, n| {
                b.inventory
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .stock
                    .warm(&b.doc, n)
            },
        ];
        for step in steps {
            match step(self, left)? {
                WarmStep::Done { read: n } => {
                    read += n;
                    left = left.saturating_sub(n);
                }
                WarmStep::Partial { read: n } => {
                    return Ok(WarmProgress {
                        done: false,
                        read: read + n,
                    })
                }
            }
            if left == 0 {
                // The next call finds out whether anything is left.
                return Ok(WarmProgress { done: false, read });
            }
        }
        Ok(WarmProgress { done: true, read })
    }

    /// How many ids [`Business::warm`] has listed since the document was loaded: each call
    /// lists only the ids it reads, so a test can check that no call lists a whole
    /// collection.
    pub fn warm_listed(&self) -> u64 {
        self.views
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .listed()
    }

    /// The ids of a collection, sorted.
    pub fn ids(&self, collection: &str) -> CoreResult<Vec<Id>> {
        read_ids(&self.doc, collection)
    }

    /// A root singleton.
    pub fn get_root<T: Hydrate>(&self, key: &str) -> CoreResult<Option<T>> {
        read_root(&self.doc, key)
    }

    /// The fields of a record that devices edited concurrently, with every value; the
    /// first value is the one the app shows (Automerge's deterministic winner).
    pub fn field_conflicts(&self, collection: &str, id: &str) -> CoreResult<Vec<FieldConflict>> {
        read_field_conflicts(&self.doc, collection, id)
    }

    /// Every concurrent value of one field of a record, the winner first (nulls skipped).
    pub fn field_versions<T: Hydrate>(
        &self,
        collection: &str,
        id: &str,
        field: &str,
    ) -> CoreResult<Vec<T>> {
        read_field_versions(&self.doc, collection, id, field)
    }

    /// The schema version stored in the document.
    pub fn schema_version(&self) -> CoreResult<u64> {
        read_schema(&self.doc)
    }

    /// The devices that ever wrote to the document, keyed by hex actor id.
    pub fn devices(&self) -> CoreResult<Vec<(String, DeviceRecord)>> {
        self.list(DEVICES)
    }

    // ----- persistence and sync -----

    /// The whole document, compacted.
    pub fn save(&mut self) -> Vec<u8> {
        let bytes = self.doc.save();
        self.saved_heads = self.doc.get_heads();
        bytes
    }

    /// The changes since the previous `save`/`save_incremental`/`mark_saved` (all of them
    /// for a document just created or loaded).
    pub fn save_incremental(&mut self) -> Vec<u8> {
        let bytes = self.doc.save_after(&self.saved_heads);
        self.saved_heads = self.doc.get_heads();
        bytes
    }

    /// Records that everything the document holds is already stored, without writing it:
    /// the next `save_incremental` returns only what comes after. A document just loaded
    /// from storage calls this instead of `save_incremental`, which would serialise the whole
    /// history again (4.7 s for three years of a shop, natively).
    pub fn mark_saved(&mut self) {
        self.saved_heads = self.doc.get_heads();
    }

    /// Applies the output of `save` or `save_incremental` from any device.
    pub fn load_incremental(&mut self, bytes: &[u8]) -> CoreResult<()> {
        self.follow_remote(|doc| doc.load_incremental(bytes).map(|_| ()))
    }

    /// Takes every change of `other` this document lacks, and of its staff document when
    /// both hold one (`staff::document`). Documents of different periods (an archive and
    /// its live document) are refused and this one is left unchanged.
    pub fn merge(&mut self, other: &mut Business) -> CoreResult<()> {
        self.check_same_period(other)?;
        self.follow_remote(|doc| doc.merge(&mut other.doc).map(|_| ()))?;
        if let (Some(mine), Some(theirs)) = (self.staff.as_deref_mut(), other.staff.as_deref_mut())
        {
            mine.merge(theirs)?;
        }
        Ok(())
    }

    /// Applies changes from elsewhere and tells the view cache which records they touched,
    /// from the patches Automerge logs while it applies them (only while a list is cached).
    fn follow_remote(
        &mut self,
        f: impl FnOnce(&mut AutoCommit) -> Result<(), automerge::AutomergeError>,
    ) -> CoreResult<()> {
        let views = self.views.get_mut().unwrap_or_else(PoisonError::into_inner);
        if !views.is_warm() {
            // Without patches nothing says what the changes touched.
            self.changed.mark_everything();
            return f(&mut self.doc).map_err(|e| CoreError::Corrupt(e.to_string()));
        }
        self.doc.update_diff_cursor();
        let before = self.doc.get_heads();
        let result = f(&mut self.doc);
        let patches = self.doc.diff_incremental();
        self.doc.reset_diff_cursor();
        let after = self.doc.get_heads();
        if result.is_err() {
            // Part of the bytes may have been applied before the error: start over.
            views.clear();
            self.changed.mark_everything();
        } else {
            let touched = Touched::from_patches(&patches);
            views.follow(&before, &after, &touched);
            self.changed.add(&touched);
        }
        result.map_err(|e| CoreError::Corrupt(e.to_string()))
    }

    /// A copy of this document written by another device (tests, and a device joining).
    pub fn fork(&mut self, device: &Device) -> Business {
        Business::from_doc(self.doc.fork(), device)
    }

    /// This document, written by `device` from now on (the first write of a document
    /// another actor made, such as an epoch's split).
    pub(crate) fn with_device(self, device: &Device) -> Business {
        Business::from_doc(self.doc, device)
    }

    /// A business over `doc`, written by `device`, with nothing derived or saved yet.
    pub(crate) fn from_doc(doc: AutoCommit, device: &Device) -> Business {
        Business {
            doc: doc.with_actor(device.actor_id()),
            device: device.clone(),
            inventory: Mutex::default(),
            views: Mutex::default(),
            saved_heads: Vec::new(),
            // A new reader knows nothing of this document yet.
            changed: Changed::everything(),
            staff: None,
        }
    }

    /// The inventory indexes, with the stock index brought up to date with the document.
    pub(crate) fn stock_index(&self) -> CoreResult<MutexGuard<'_, InventoryIndex>> {
        let mut index = self
            .inventory
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        index.stock.sync(&self.doc, &Default::default())?;
        Ok(index)
    }

    /// The root collections touched by the changes since the last call (everything, the
    /// first time): a reader re-reads only those (see `changed`).
    pub fn take_changed(&mut self) -> Changed {
        std::mem::take(&mut self.changed)
    }

    /// The current heads.
    pub fn heads(&mut self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }

    /// The raw bytes of every change not reachable from `heads` (all changes for `&[]`).
    pub fn changes_since(&mut self, heads: &[ChangeHash]) -> Vec<Vec<u8>> {
        self.doc
            .get_changes(heads)
            .iter()
            .map(|c| c.raw_bytes().to_vec())
            .collect()
    }

    /// Applies raw changes from [`Business::changes_since`]. Order and duplicates do not
    /// matter: a change whose dependencies are missing waits for them.
    pub fn apply_changes(&mut self, changes: Vec<Vec<u8>>) -> CoreResult<()> {
        let mut parsed = Vec::with_capacity(changes.len());
        for bytes in changes {
            parsed.push(Change::from_bytes(bytes).map_err(|e| CoreError::Corrupt(e.to_string()))?);
        }
        self.follow_remote(|doc| doc.apply_changes(parsed))
    }
}

/// Records the device's name in the same change, when it is new or was renamed.
fn register_device(tx: &mut Tx<'_>, device: &Device) -> CoreResult<()> {
    let key = device.actor_hex();
    let current: Option<DeviceRecord> = tx.get(DEVICES, &key)?;
    if current.as_ref().map(|d| d.name.as_str()) != Some(device.name.as_str()) {
        let record = tx.record.take();
        tx.put(
            DEVICES,
            &key,
            &DeviceRecord {
                name: device.name.clone(),
            },
        )?;
        tx.record = record;
    }
    Ok(())
}

/// Direct sync with another device (`sync::peer`): what a peer sends is applied like
/// changes from the relay, so the view cache follows it.
impl crate::sync::peer::PeerDoc for Business {
    fn sync_heads(&mut self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }

    fn generate_sync_message(&mut self, state: &mut automerge::sync::State) -> Option<Vec<u8>> {
        use automerge::sync::SyncDoc as _;
        self.doc
            .sync()
            .generate_sync_message(state)
            .map(|m| m.encode())
    }

    fn receive_sync_message(
        &mut self,
        state: &mut automerge::sync::State,
        message: &[u8],
    ) -> Result<(), crate::sync::SyncError> {
        use automerge::sync::SyncDoc as _;
        let message = crate::sync::peer::decode_message(message)?;
        self.follow_remote(|doc| doc.sync().receive_sync_message(state, message))
            .map_err(|_| {
                crate::sync::SyncError::MalformedFrame("alterações de outro aparelho inválidas")
            })
    }
}
