//! A reader that hydrates a record with one pass over each of its maps.
//!
//! Autosurgeon's derived `Hydrate` reads a struct field by field, and every field read is a
//! seek in Automerge's compressed op columns (`OpSet::seek_ops_by_map_key`): a few tens of
//! microseconds each, so 0.2–1 ms per record. [`RecordReader`] answers those reads from one
//! `map_range` per map object instead, which yields every key's winning value in a single
//! sequential scan. Values are exactly what `get` returns (the deterministic winner and its
//! object id), so records hydrate to the same values.
//!
//! A reader is meant for one record: it keeps every map of the record it has read, and is
//! dropped afterwards. It must not outlive a write to the document.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::RangeBounds;
use std::rc::Rc;

use automerge::{AutoCommit, AutomergeError, ObjId, ObjType, Prop, Value};
use autosurgeon::{Hydrate, HydrateError, ReadDoc};

/// The keys of one map with their winning values, sorted by key as `map_range` yields them.
type Fields = Rc<Vec<(String, Value<'static>, ObjId)>>;

/// An [`autosurgeon::ReadDoc`] over an [`AutoCommit`] that reads each map once.
pub struct RecordReader<'a> {
    doc: &'a AutoCommit,
    maps: RefCell<HashMap<ObjId, Fields>>,
}

impl std::fmt::Debug for RecordReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordReader")
            .field("maps", &self.maps.borrow().len())
            .finish()
    }
}

impl<'a> RecordReader<'a> {
    /// A reader with nothing read yet.
    pub fn new(doc: &'a AutoCommit) -> RecordReader<'a> {
        RecordReader {
            doc,
            maps: RefCell::new(HashMap::new()),
        }
    }

    fn fields(&self, obj: &ObjId) -> Fields {
        if let Some(fields) = self.maps.borrow().get(obj) {
            return fields.clone();
        }
        // `map_range` of a list or text is empty; those objects are only ever read by index,
        // so asking for their type first (a lookup of its own) is not needed.
        let mut all: Vec<_> = automerge::ReadDoc::map_range(self.doc, obj, ..)
            .map(|item| {
                let id = item.id();
                (item.key.into_owned(), Value::from(item.value), id)
            })
            .collect();
        // Already sorted by Automerge; sorting again keeps the binary search below correct
        // whatever order a future version yields.
        all.sort_by(|a, b| a.0.cmp(&b.0));
        let fields = Rc::new(all);
        self.maps.borrow_mut().insert(obj.clone(), fields.clone());
        fields
    }
}

/// Hydrates the map object `obj` (a record) with a [`RecordReader`].
pub fn hydrate_record<T: Hydrate>(doc: &AutoCommit, obj: &ObjId) -> Result<T, HydrateError> {
    T::hydrate_map(&RecordReader::new(doc), obj)
}

/// Hydrates `obj[key]`: a map through [`hydrate_record`], anything else as autosurgeon does.
pub fn hydrate_at<T: Hydrate>(doc: &AutoCommit, obj: &ObjId, key: &str) -> Result<T, HydrateError> {
    match automerge::ReadDoc::get(doc, obj, key)? {
        Some((Value::Object(ObjType::Map), rec)) => hydrate_record(doc, &rec),
        _ => autosurgeon::hydrate_prop(doc, obj, key),
    }
}

impl ReadDoc for RecordReader<'_> {
    type Parents<'b>
        = automerge::Parents<'b>
    where
        Self: 'b;

    fn get_heads(&self) -> Vec<automerge::ChangeHash> {
        ReadDoc::get_heads(self.doc)
    }

    fn get<P: Into<Prop>>(
        &self,
        obj: &ObjId,
        prop: P,
    ) -> Result<Option<(Value<'_>, ObjId)>, AutomergeError> {
        match prop.into() {
            Prop::Map(key) => {
                let fields = self.fields(obj);
                Ok(fields
                    .binary_search_by(|(k, _, _)| k.as_str().cmp(key.as_str()))
                    .ok()
                    .map(|i| (fields[i].1.clone(), fields[i].2.clone())))
            }
            // List elements go to the document.
            prop => automerge::ReadDoc::get(self.doc, obj, prop),
        }
    }

    fn object_type<O: AsRef<ObjId>>(&self, obj: O) -> Option<ObjType> {
        ReadDoc::object_type(self.doc, obj)
    }

    fn map_range<'b, O, R>(&'b self, obj: O, range: R) -> automerge::iter::MapRange<'b>
    where
        R: RangeBounds<String> + 'b,
        O: AsRef<ObjId>,
    {
        ReadDoc::map_range(self.doc, obj, range)
    }

    fn list_range<O: AsRef<ObjId>, R: RangeBounds<usize>>(
        &self,
        obj: O,
        range: R,
    ) -> automerge::iter::ListRange<'_> {
        ReadDoc::list_range(self.doc, obj, range)
    }

    fn length<O: AsRef<ObjId>>(&self, obj: O) -> usize {
        ReadDoc::length(self.doc, obj)
    }

    fn text<O: AsRef<ObjId>>(&self, obj: O) -> Result<String, AutomergeError> {
        ReadDoc::text(self.doc, obj)
    }

    fn parents<O: AsRef<ObjId>>(&self, obj: O) -> Result<Self::Parents<'_>, AutomergeError> {
        ReadDoc::parents(self.doc, obj)
    }

    fn is_empty(&self) -> bool {
        ReadDoc::is_empty(self.doc)
    }
}
