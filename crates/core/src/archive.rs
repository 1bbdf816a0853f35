//! The first step of the archive split (docs/ARCHITECTURE.md, decision 12): writing a
//! document's current state into a new document with no history.
//!
//! Loading a document costs Automerge one rebuild and one SHA-256 per change it holds, so a
//! business with years of history pays for every change it ever made on each start. A
//! copy of the current state is one change. This module owns that copy; which records the
//! live document keeps and how the team moves to it are the later steps.

use std::collections::BTreeMap;

use automerge::{
    transaction::{CommitOptions, Transactable},
    AutoCommit, ObjId, ObjType, ReadDoc, ScalarValue, Value, ROOT,
};

use crate::business::{root_maps, Business, ChangeMessage, Device, OpCtx};
use crate::charges::CHARGES;
use crate::error::{CoreError, CoreResult};
use crate::ledger::{Entry, ENTRIES};
use crate::parties::PARTIES;

/// Copies every value under `from` in `src` into `to` in `dst`, object by object. Where
/// devices wrote concurrently, the value Automerge shows (the winner) is copied; callers
/// that must not lose a conflict check for them first.
fn copy_object(
    src: &AutoCommit,
    from: &ObjId,
    dst: &mut AutoCommit,
    to: &ObjId,
) -> CoreResult<()> {
    match src.object_type(from)? {
        ObjType::Map | ObjType::Table => {
            let items: Vec<(String, Value<'static>, ObjId)> = src
                .map_range(from, ..)
                .map(|item| {
                    let id = item.id();
                    (item.key.to_string(), Value::from(item.value), id)
                })
                .collect();
            for (key, value, id) in items {
                match value {
                    Value::Object(kind) => {
                        let child = dst.put_object(to, key.as_str(), kind)?;
                        copy_object(src, &id, dst, &child)?;
                    }
                    Value::Scalar(scalar) => put_scalar_in_map(dst, to, &key, scalar.into_owned())?,
                }
            }
        }
        ObjType::List => {
            let items: Vec<(Value<'static>, ObjId)> = src
                .list_range(from, ..)
                .map(|item| {
                    let id = item.id();
                    (Value::from(item.value), id)
                })
                .collect();
            for (index, (value, id)) in items.into_iter().enumerate() {
                match value {
                    Value::Object(kind) => {
                        let child = dst.insert_object(to, index, kind)?;
                        copy_object(src, &id, dst, &child)?;
                    }
                    Value::Scalar(scalar) => dst.insert(to, index, scalar.into_owned())?,
                }
            }
        }
        ObjType::Text => {
            let text = src.text(from)?;
            dst.splice_text(to, 0, 0, &text)?;
        }
    }
    Ok(())
}

/// A counter keeps its type (its value is the sum of every increment so far); any other
/// scalar is copied as it is.
fn put_scalar_in_map(
    dst: &mut AutoCommit,
    to: &ObjId,
    key: &str,
    scalar: ScalarValue,
) -> CoreResult<()> {
    match scalar {
        ScalarValue::Counter(counter) => {
            dst.put(to, key, ScalarValue::counter(i64::from(&counter)))?
        }
        other => dst.put(to, key, other)?,
    }
    Ok(())
}

impl Business {
    /// This business's current state in a new document with no history, written by
    /// `device` in one change dated by `ctx`. The copy cannot merge with this document
    /// (they share no change), which is why moving a team to it is a team-wide step.
    ///
    /// A collection that two devices created concurrently exists as two maps under one
    /// root key; the copy joins them into one, the winner's record first where both hold
    /// an id, as reads do.
    ///
    /// Two kinds of concurrent writes are not simply the winner. An entry that two devices
    /// created under one fixed id (a recurring or payroll entry) is read as its versions
    /// merged, so the copy holds that merge. A charge or a party whose fields devices
    /// changed concurrently shows the person a conflict to resolve; a copy would resolve it
    /// silently, so it is refused until the person has.
    pub fn rebased(&self, device: &Device, ctx: &OpCtx) -> CoreResult<Business> {
        for collection in [CHARGES, PARTIES] {
            for id in self.ids(collection)? {
                if !self.field_conflicts(collection, &id)?.is_empty() {
                    return Err(CoreError::Conflict(format!(
                        "há registros com valores conflitantes ({collection}, {id}); \
                         resolva-os antes de fechar o período."
                    )));
                }
            }
        }
        let src = self.doc();
        let mut doc = AutoCommit::new().with_actor(device.actor_id());
        let keys: Vec<String> = src.keys(ROOT).collect();
        for key in keys {
            let maps = root_maps(src, &key)?;
            if maps.is_empty() {
                if let Some((Value::Scalar(scalar), _)) = src.get(ROOT, key.as_str())? {
                    put_scalar_in_map(&mut doc, &ROOT, &key, scalar.into_owned())?;
                } else if let Some((Value::Object(kind), id)) = src.get(ROOT, key.as_str())? {
                    let child = doc.put_object(ROOT, key.as_str(), kind)?;
                    copy_object(src, &id, &mut doc, &child)?;
                }
                continue;
            }
            let target = doc.put_object(ROOT, key.as_str(), ObjType::Map)?;
            copy_object(src, &maps[0], &mut doc, &target)?;
            for other in &maps[1..] {
                let ids: Vec<(String, ObjId)> = src
                    .map_range(other, ..)
                    .filter(|item| matches!(item.value, automerge::ValueRef::Object(_)))
                    .map(|item| (item.key.to_string(), item.id()))
                    .collect();
                for (id, obj) in ids {
                    if doc.get(&target, id.as_str())?.is_some() {
                        continue;
                    }
                    let kind = src.object_type(&obj)?;
                    let child = doc.put_object(&target, id.as_str(), kind)?;
                    copy_object(src, &obj, &mut doc, &child)?;
                }
            }
        }
        if let Some(target) = root_maps(&doc, ENTRIES)?.into_iter().next() {
            // An id is held twice when its map has concurrent values, or when two devices
            // created the collection itself and each put the id in its own.
            let mut seen: BTreeMap<String, usize> = BTreeMap::new();
            for map in root_maps(src, ENTRIES)? {
                for key in src.keys(&map) {
                    let n = src.get_all(&map, key.as_str())?.len();
                    *seen.entry(key).or_default() += n;
                }
            }
            let created_twice = seen.into_iter().filter(|(_, n)| *n > 1).map(|(id, _)| id);
            for id in created_twice {
                if let Some(entry) = Entry::merge_versions(self.versions(ENTRIES, &id)?) {
                    autosurgeon::reconcile_prop(&mut doc, &target, id.as_str(), &entry)?;
                }
            }
        }
        let message = ChangeMessage {
            op: "business.rebase".to_string(),
            record: None,
            staff: ctx.staff.clone(),
            at: None,
        };
        doc.commit_with(
            CommitOptions::default()
                .with_message(message.encode())
                .with_time(ctx.now_ms.div_euclid(1000)),
        );
        Ok(Business::from_doc(doc, device))
    }
}
