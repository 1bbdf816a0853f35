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
//!
//! Indexes derived from a list (Caixa's order, `ledger::listing`) are kept here too
//! ([`ViewCache::take_derived`]): a list tells them which records it re-read since they
//! last looked ([`ViewCache::refreshed`]), so they patch those records instead of passing
//! over the list, and a list read again in full gets a new epoch, which makes them rebuild.
//!
//! A list can also be read a bounded number of records at a time ([`ViewCache::warm_step`]):
//! the partial list follows changes like a kept one (the records it already read and a
//! change touched are read again when it is complete) and is kept once every id is read.

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
    /// Unique to this reading of the list: an index derived from an earlier one rebuilds.
    epoch: u64,
    /// The ids re-read since a derived index last looked, while one follows this list.
    refreshed: Option<Vec<Id>>,
}

/// A list being read a few records at a time ([`ViewCache::warm_step`]).
struct Partial {
    /// The document heads the records read so far (plus `dirty`) reflect.
    heads: Vec<ChangeHash>,
    /// Every id of the collection when the reading started, sorted.
    ids: Vec<Id>,
    /// How many of `ids` are read.
    next: usize,
    /// A `Vec<(Id, V, bool)>`: the records read so far, with whether they hold concurrent
    /// versions.
    records: Box<dyn Any + Send>,
    /// Ids a change touched since the reading started: read again once it is complete.
    dirty: BTreeSet<Id>,
    /// Ids read so far that hold concurrent versions (read again after a remote change).
    multi: BTreeSet<Id>,
}

/// How far [`ViewCache::warm_step`] got with one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WarmStep {
    /// Kept whole (now or before); `read` records were read by this step.
    Done { read: usize },
    /// Still partial after reading `read` records.
    Partial { read: usize },
}

/// A derived index's view of its list: the list's epoch and the ids re-read since the
/// index last looked (possibly repeated).
pub(crate) type Refreshed = (u64, Vec<Id>);

/// More ids re-read than this since a derived index looked: it rebuilds rather than
/// patching (and the log stops growing).
const REFRESHED_LIMIT: usize = 4096;

/// Every cached collection of one document.
#[derive(Default)]
pub(crate) struct ViewCache {
    lists: HashMap<Key, Cached>,
    /// Lists being read in steps.
    partial: HashMap<Key, Partial>,
    /// Indexes derived from the lists, one per type.
    derived: HashMap<TypeId, Box<dyn Any + Send>>,
    /// The last epoch given to a list.
    epochs: u64,
    /// How many times a derived index was built from a whole list.
    builds: u64,
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
        !self.lists.is_empty() || !self.partial.is_empty()
    }

    /// Whether some list of `collection` is kept (it follows changes, so reading it again
    /// costs only the records changed since).
    pub(crate) fn holds(&self, collection: &str) -> bool {
        self.lists.keys().any(|(c, _, _)| c == collection)
    }

    /// Forgets every list.
    pub(crate) fn clear(&mut self) {
        self.lists.clear();
        self.partial.clear();
        self.derived.clear();
    }

    /// Follows a change that moved the document from `before` to `after`.
    pub(crate) fn follow(&mut self, before: &[ChangeHash], after: &[ChangeHash], t: &Touched) {
        if t.everything {
            self.clear();
            return;
        }
        // A list (whole or partial) that missed an earlier change cannot be patched from
        // this one.
        let follows = |collection: &str,
                       heads: &mut Vec<ChangeHash>,
                       dirty: &mut BTreeSet<Id>,
                       multi: &BTreeSet<Id>| {
            if heads.as_slice() != before || t.roots.contains(collection) {
                return false;
            }
            if t.remote {
                dirty.extend(multi.iter().cloned());
            }
            dirty.extend(
                t.records
                    .iter()
                    .filter(|(c, _)| c == collection)
                    .map(|(_, id)| id.clone()),
            );
            *heads = after.to_vec();
            true
        };
        self.partial.retain(|(collection, _, _), part| {
            follows(collection, &mut part.heads, &mut part.dirty, &part.multi)
        });
        self.lists.retain(|(collection, _, _), list| {
            follows(collection, &mut list.heads, &mut list.dirty, &list.multi)
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
                if let Some(log) = &mut list.refreshed {
                    if log.len() + dirty.len() > REFRESHED_LIMIT {
                        // Too many to patch: the derived index rebuilds.
                        self.epochs += 1;
                        list.epoch = self.epochs;
                        list.refreshed = None;
                    } else {
                        log.extend(dirty.iter().cloned());
                    }
                }
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
        self.keep(
            collection,
            shape,
            heads,
            BTreeSet::new(),
            multi,
            shared.clone(),
        );
        shared
    }

    fn keep<V: Clone + Send + Sync + 'static>(
        &mut self,
        collection: &str,
        shape: Shape,
        heads: Vec<ChangeHash>,
        dirty: BTreeSet<Id>,
        multi: BTreeSet<Id>,
        shared: Shared<V>,
    ) {
        self.epochs += 1;
        let key = (collection.to_string(), TypeId::of::<V>(), shape);
        self.partial.remove(&key);
        self.lists.insert(
            key,
            Cached {
                heads,
                dirty,
                multi,
                records: Box::new(shared),
                epoch: self.epochs,
                refreshed: None,
            },
        );
    }

    /// For an index derived from the kept list of `collection` (records of type `V`): the
    /// list's epoch and the ids re-read since the last call (from now on the list logs
    /// them), or `None` when the list is not kept. Call it right after reading the list,
    /// so the ids are those the answer already reflects.
    pub(crate) fn refreshed<V: 'static>(
        &mut self,
        collection: &str,
        shape: Shape,
    ) -> Option<Refreshed> {
        let list = self
            .lists
            .get_mut(&(collection.to_string(), TypeId::of::<V>(), shape))?;
        let log = list.refreshed.get_or_insert_with(Vec::new);
        Some((list.epoch, std::mem::take(log)))
    }

    /// Takes the kept index of type `D` out of the cache (put it back with
    /// [`ViewCache::put_derived`]).
    pub(crate) fn take_derived<D: Any + Send>(&mut self) -> Option<D> {
        let boxed = self.derived.remove(&TypeId::of::<D>())?;
        boxed.downcast::<D>().ok().map(|d| *d)
    }

    /// Counts a derived index built from a whole list.
    pub(crate) fn count_build(&mut self) {
        self.builds += 1;
    }

    /// How many derived indexes were built from a whole list.
    pub(crate) fn builds(&self) -> u64 {
        self.builds
    }

    /// Keeps an index derived from the lists.
    pub(crate) fn put_derived<D: Any + Send>(&mut self, index: D) {
        self.derived.insert(TypeId::of::<D>(), Box::new(index));
    }

    /// Reads up to `budget` more records of `collection` at `heads` into a partial list
    /// (`ids` lists the collection's ids when a reading starts; `one` reads a record as
    /// [`ViewCache::get`]'s `refresh` does), and keeps the list once every id is read. A
    /// list already kept at these heads costs nothing; a partial list that missed a change
    /// starts over.
    pub(crate) fn warm_step<V: Clone + Send + Sync + 'static>(
        &mut self,
        collection: &str,
        shape: Shape,
        heads: &[ChangeHash],
        budget: usize,
        ids: impl FnOnce() -> CoreResult<Vec<Id>>,
        mut one: impl FnMut(&str) -> CoreResult<Option<(V, bool)>>,
    ) -> CoreResult<WarmStep> {
        let key = (collection.to_string(), TypeId::of::<V>(), shape);
        if let Some(list) = self.lists.get(&key) {
            if list.heads == heads && list.records.is::<Shared<V>>() {
                return Ok(WarmStep::Done { read: 0 });
            }
        }
        let fresh = self
            .partial
            .get(&key)
            .is_some_and(|p| p.heads == heads && p.records.is::<Vec<(Id, V, bool)>>());
        if !fresh {
            self.partial.insert(
                key.clone(),
                Partial {
                    heads: heads.to_vec(),
                    ids: ids()?,
                    next: 0,
                    records: Box::new(Vec::<(Id, V, bool)>::new()),
                    dirty: BTreeSet::new(),
                    multi: BTreeSet::new(),
                },
            );
        }
        let Some(part) = self.partial.get_mut(&key) else {
            return Ok(WarmStep::Partial { read: 0 });
        };
        let Some(records) = part.records.downcast_mut::<Vec<(Id, V, bool)>>() else {
            self.partial.remove(&key);
            return Ok(WarmStep::Partial { read: 0 });
        };
        let end = part.ids.len().min(part.next + budget.max(1));
        let mut read = 0;
        let mut failed = None;
        for id in &part.ids[part.next..end] {
            match one(id) {
                Ok(Some((v, multi))) => {
                    if multi {
                        part.multi.insert(id.clone());
                    }
                    records.push((id.clone(), v, multi));
                }
                Ok(None) => {}
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
            read += 1;
        }
        if let Some(e) = failed {
            // Leave nothing half-read behind.
            self.partial.remove(&key);
            return Err(e);
        }
        part.next = end;
        if part.next < part.ids.len() {
            return Ok(WarmStep::Partial { read });
        }
        let Some(part) = self.partial.remove(&key) else {
            return Ok(WarmStep::Partial { read });
        };
        let Ok(records) = part.records.downcast::<Vec<(Id, V, bool)>>() else {
            return Ok(WarmStep::Partial { read });
        };
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
        // The records a change touched while the list was partial are read again by the
        // next `get`, as a kept list's are.
        self.keep(
            collection,
            shape,
            part.heads,
            part.dirty,
            multi,
            Arc::new(list),
        );
        Ok(WarmStep::Done { read })
    }
}
