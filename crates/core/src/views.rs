//! Hydrated collections kept between reads and patched per change.
//!
//! Hydrating a record costs tens of microseconds, and a screen such as Início reads every
//! entry, charge and movement: at three years of a shop that is seconds per read, and the
//! app reads again after every change. [`ViewCache`] keeps each collection it has listed,
//! with the heads it reflects, and follows every change to the document
//! ([`ViewCache::follow`]) by the records it touched: the ids an operation wrote
//! ([`Touched::from_writes`]) or, for changes from other devices, the records the change's
//! patches name ([`Touched::from_patches`]). The next read re-hydrates only those records.
//!
//! The cache decides nothing: a list whose heads are not the document's is read again in
//! full, a collection that two devices created concurrently (two maps at one root key) is
//! never cached, and a write the cache cannot follow drops the lists it might concern.

use std::any::{Any, TypeId};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use automerge::{ChangeHash, Patch, PatchAction, Prop};

use crate::business::Id;
use crate::error::CoreResult;

/// How a list holds its records: the winning value of each id, every concurrent version,
/// or the versions merged into one value by the collection's own rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Shape {
    Winner,
    Versions,
    Merged,
}

type Key = (String, TypeId, Shape);

/// A kept list: records sorted by id, shared with whoever read it last.
pub(crate) type Shared<V> = Arc<Vec<(Id, V)>>;

/// One cached collection.
struct Cached {
    /// The document heads the records (plus `dirty`) reflect.
    heads: Vec<ChangeHash>,
    /// Ids changed since the records were hydrated; read again before the next answer.
    dirty: BTreeSet<Id>,
    /// Ids with concurrent versions: a change inside a losing version yields no patch, so
    /// these are read again after every change from another device.
    multi: BTreeSet<Id>,
    /// An `Arc<Vec<(Id, V)>>` sorted by id, `V` by [`Shape`]: `T`, `Vec<T>` or the merge.
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
    /// Whether the change could not be attributed to records (every list is dropped).
    pub(crate) fn touches_everything(&self) -> bool {
        self.everything
    }

    /// The root keys the change touched: the collections of its records and the root keys
    /// it replaced.
    pub(crate) fn collections(&self) -> impl Iterator<Item = &str> {
        self.records
            .iter()
            .map(|(c, _)| c.as_str())
            .chain(self.roots.iter().map(String::as_str))
    }

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
pub(crate) fn action_key(action: &PatchAction) -> Option<String> {
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

    /// Whether some list of `collection` is kept (it follows changes, so reading it again
    /// costs only the records changed since).
    pub(crate) fn holds(&self, collection: &str) -> bool {
        self.lists.keys().any(|(c, _, _)| c == collection)
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
    /// (called with each dirty id: the record and whether it holds concurrent versions, or
    /// `None` when it is gone), or `None` when the collection is not cached at these heads.
    /// The list is shared: patching it copies it only while an earlier answer is still held.
    pub(crate) fn get<V: Clone + Send + Sync + 'static>(
        &mut self,
        collection: &str,
        shape: Shape,
        heads: &[ChangeHash],
        mut refresh: impl FnMut(&str) -> CoreResult<Option<(V, bool)>>,
    ) -> CoreResult<Option<Shared<V>>> {
        let key = (collection.to_string(), TypeId::of::<V>(), shape);
        let Some(list) = self.lists.get_mut(&key) else {
            return Ok(None);
        };
        let fits = list.heads == heads && list.records.is::<Shared<V>>();
        if !fits {
            self.lists.remove(&key);
            return Ok(None);
        }
        let dirty = std::mem::take(&mut list.dirty);
        let mut failed = None;
        if let Some(shared) = list.records.downcast_mut::<Shared<V>>() {
            if !dirty.is_empty() {
                let records = Arc::make_mut(shared);
                for id in dirty {
                    let at = records.binary_search_by(|(k, _)| k.as_str().cmp(id.as_str()));
                    match (refresh(&id), at) {
                        (Ok(Some((v, multi))), at) => {
                            if multi {
                                list.multi.insert(id.clone());
                            } else {
                                list.multi.remove(&id);
                            }
                            match at {
                                Ok(i) => records[i].1 = v,
                                Err(i) => records.insert(i, (id, v)),
                            }
                        }
                        (Ok(None), at) => {
                            list.multi.remove(&id);
                            if let Ok(i) = at {
                                records.remove(i);
                            }
                        }
                        (Err(e), _) => {
                            failed = Some(e);
                            break;
                        }
                    }
                }
            }
            if failed.is_none() {
                return Ok(Some(shared.clone()));
            }
        }
        // Leave nothing half-refreshed behind.
        self.lists.remove(&key);
        match failed {
            Some(e) => Err(e),
            None => Ok(None),
        }
    }

    /// Keeps a freshly read list (sorted by id), each record with whether it holds
    /// concurrent versions, and returns it shared.
    pub(crate) fn put<V: Clone + Send + Sync + 'static>(
        &mut self,
        collection: &str,
        shape: Shape,
        heads: Vec<ChangeHash>,
        records: Vec<(Id, V, bool)>,
    ) -> Shared<V> {
        let mut multi = BTreeSet::new();
        let list: Vec<(Id, V)> = records
            .into_iter()
            .map(|(id, v, m)| {
                if m {
                    multi.insert(id.clone());
                }
                (id, v)
            })
            .collect();
        let shared = Arc::new(list);
        self.lists.insert(
            (collection.to_string(), TypeId::of::<V>(), shape),
            Cached {
                heads,
                dirty: BTreeSet::new(),
                multi,
                records: Box::new(shared.clone()),
            },
        );
        shared
    }
}
