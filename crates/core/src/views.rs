//! Hydrated collections kept between reads and patched per change.
//!
//! Hydrating a record costs tens of microseconds, and a screen such as Início reads every
//! entry, charge and movement: at three years of a shop that is seconds per read, and the
//! app reads again after every change. [`ViewCache`] keeps each collection it has listed,
//! with the heads it reflects, and follows every change to the document by the records it
//! touched: the ids an operation wrote ([`ViewCache::after_commit`]) or, for changes from
//! other devices, the records the change's patches name ([`ViewCache::follow_patches`]).
//! The next read re-hydrates only those records.
//!
//! The cache decides nothing: a list whose heads are not the document's is read again in
//! full, a collection that two devices created concurrently (two maps at one root key) is
//! never cached, and a write the cache cannot follow drops the lists it might concern.

use std::any::{Any, TypeId};
use std::collections::{BTreeMap, BTreeSet, HashMap};

use automerge::{ChangeHash, Patch, PatchAction, Prop};

use crate::business::Id;

/// How a list holds its records: the winning value of each id, or every concurrent version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Shape {
    Winner,
    Versions,
}

type Key = (String, TypeId, Shape);

/// One cached collection.
struct Cached {
    /// The document heads the records (plus `dirty`) reflect.
    heads: Vec<ChangeHash>,
    /// Ids changed since the records were hydrated; read again before the next answer.
    dirty: BTreeSet<Id>,
    /// Ids with concurrent versions: a change inside a losing version yields no patch, so
    /// these are read again after every change from another device.
    multi: BTreeSet<Id>,
    /// `BTreeMap<Id, T>` or `BTreeMap<Id, Vec<T>>`, by [`Shape`].
    records: Box<dyn Any + Send>,
}

/// Every cached collection of one document.
#[derive(Default)]
pub(crate) struct ViewCache {
    lists: HashMap<Key, Cached>,
}

impl std::fmt::Debug for ViewCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ViewCache")
            .field("lists", &self.lists.len())
            .finish()
    }
}

/// What one change did to the collections.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    /// `(collection, id)` of each record written.
    records: BTreeSet<(String, Id)>,
    /// Root keys replaced or put in conflict: their lists are dropped.
    roots: BTreeSet<String>,
    /// A write the cache cannot attribute: every list is dropped.
    everything: bool,
    /// The change came from another device (its patches show only the winning versions).
    remote: bool,
}

impl Touched {
    /// The writes of an operation, as `Tx` recorded them (root keys as `("", key)`).
    pub(crate) fn from_writes(writes: &BTreeSet<(String, Id)>, tracked: bool) -> Touched {
        let mut t = Touched {
            everything: !tracked,
            ..Touched::default()
        };
        for (collection, id) in writes {
            if collection.is_empty() {
                t.roots.insert(id.clone());
            } else {
                t.records.insert((collection.clone(), id.clone()));
            }
        }
        t
    }

    /// The records that patches (from applying other devices' changes) name.
    pub(crate) fn from_patches(patches: &[Patch]) -> Touched {
        let mut t = Touched {
            remote: true,
            ..Touched::default()
        };
        for patch in patches {
            let key = |p: &Prop| match p {
                Prop::Map(k) => Some(k.clone()),
                Prop::Seq(_) => None,
            };
            match patch.path.as_slice() {
                // A patch on the root itself: a collection was put, deleted or conflicted.
                [] => match action_key(&patch.action) {
                    Some(k) => {
                        t.roots.insert(k);
                    }
                    None => t.everything = true,
                },
                // A patch on a collection map: the record under the action's key.
                [(_, coll)] => match (key(coll), action_key(&patch.action)) {
                    (Some(c), Some(id)) => {
                        t.records.insert((c, id));
                    }
                    (Some(c), None) => {
                        t.roots.insert(c);
                    }
                    (None, _) => t.everything = true,
                },
                // Anything deeper belongs to the record named second on its path.
                [(_, coll), (_, id), ..] => match (key(coll), key(id)) {
                    (Some(c), Some(id)) => {
                        t.records.insert((c, id));
                    }
                    (Some(c), None) => {
                        t.roots.insert(c);
                    }
                    (None, _) => t.everything = true,
                },
            }
        }
        t
    }
}

/// The map key a patch action writes, if it writes one.
fn action_key(action: &PatchAction) -> Option<String> {
    match action {
        PatchAction::PutMap { key, .. } | PatchAction::DeleteMap { key } => Some(key.clone()),
        PatchAction::Increment {
            prop: Prop::Map(key),
            ..
        }
        | PatchAction::Conflict {
            prop: Prop::Map(key),
        } => Some(key.clone()),
        _ => None,
    }
}

impl ViewCache {
    /// Whether any list is cached (following changes costs nothing otherwise).
    pub(crate) fn is_warm(&self) -> bool {
        !self.lists.is_empty()
    }

    /// Forgets every list.
    pub(crate) fn clear(&mut self) {
        self.lists.clear();
    }

    /// Follows a change that moved the document from `before` to `after`.
    pub(crate) fn follow(&mut self, before: &[ChangeHash], after: &[ChangeHash], t: &Touched) {
        if t.everything {
            self.lists.clear();
            return;
        }
        self.lists.retain(|(collection, _, _), list| {
            // A list that missed an earlier change cannot be patched from this one.
            if list.heads != before || t.roots.contains(collection) {
                return false;
            }
            if t.remote {
                list.dirty.extend(list.multi.iter().cloned());
            }
            list.dirty.extend(
                t.records
                    .iter()
                    .filter(|(c, _)| c == collection)
                    .map(|(_, id)| id.clone()),
            );
            list.heads = after.to_vec();
            true
        });
    }

    /// The cached records of `collection` at `heads`, brought up to date by `refresh`
    /// (called with each dirty id; `None` means the record is gone), or `None` when the
    /// collection is not cached at these heads. `is_multi` tells a record that holds
    /// concurrent versions.
    pub(crate) fn get<V: Clone + Send + 'static>(
        &mut self,
        collection: &str,
        shape: Shape,
        heads: &[ChangeHash],
        mut refresh: impl FnMut(&str) -> crate::error::CoreResult<Option<V>>,
        is_multi: fn(&V) -> bool,
    ) -> crate::error::CoreResult<Option<Vec<(Id, V)>>> {
        let key = (collection.to_string(), TypeId::of::<V>(), shape);
        let Some(list) = self.lists.get_mut(&key) else {
            return Ok(None);
        };
        if list.heads != heads {
            self.lists.remove(&key);
            return Ok(None);
        }
        let Some(records) = list.records.downcast_mut::<BTreeMap<Id, V>>() else {
            self.lists.remove(&key);
            return Ok(None);
        };
        for id in std::mem::take(&mut list.dirty) {
            match refresh(&id) {
                Ok(Some(v)) => {
                    if is_multi(&v) {
                        list.multi.insert(id.clone());
                    } else {
                        list.multi.remove(&id);
                    }
                    records.insert(id, v);
                }
                Ok(None) => {
                    list.multi.remove(&id);
                    records.remove(&id);
                }
                Err(e) => {
                    // Leave nothing half-refreshed behind.
                    self.lists.remove(&key);
                    return Err(e);
                }
            }
        }
        Ok(Some(
            records
                .iter()
                .map(|(id, v)| (id.clone(), v.clone()))
                .collect(),
        ))
    }

    /// Keeps a freshly read list.
    pub(crate) fn put<V: Clone + Send + 'static>(
        &mut self,
        collection: &str,
        shape: Shape,
        heads: Vec<ChangeHash>,
        records: &[(Id, V)],
        is_multi: fn(&V) -> bool,
    ) {
        let map: BTreeMap<Id, V> = records.iter().cloned().collect();
        let multi = records
            .iter()
            .filter(|(_, v)| is_multi(v))
            .map(|(id, _)| id.clone())
            .collect();
        self.lists.insert(
            (collection.to_string(), TypeId::of::<V>(), shape),
            Cached {
                heads,
                dirty: BTreeSet::new(),
                multi,
                records: Box::new(map),
            },
        );
    }
}
