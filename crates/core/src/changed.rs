//! Which root collections changed, for readers that re-read only what a change touched.
//!
//! [`Business`](crate::Business) gathers, from each change to the document, the root keys it
//! touched: the collections an operation wrote (as its `Tx` recorded them) and, for changes
//! from other devices, the collections their patches name. A reader takes what gathered
//! since it last looked with [`Business::take_changed`](crate::Business::take_changed). When
//! core cannot attribute a change (a write around the helpers, changes applied before any
//! list was kept, a failed apply), it says "everything", never less than what changed.

use std::collections::BTreeSet;

use crate::views::Touched;

/// The root collections (and root keys such as `business` or `settings`) touched by the
/// changes since the last [`Business::take_changed`](crate::Business::take_changed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changed {
    everything: bool,
    collections: BTreeSet<String>,
}

impl Changed {
    /// Every collection may have changed.
    pub fn everything() -> Changed {
        Changed {
            everything: true,
            collections: BTreeSet::new(),
        }
    }

    /// Whether core could not say which collections changed (so all may have).
    pub fn is_everything(&self) -> bool {
        self.everything
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        !self.everything && self.collections.is_empty()
    }

    /// Whether `collection` (a root key) may have changed.
    pub fn touches(&self, collection: &str) -> bool {
        self.everything || self.collections.contains(collection)
    }

    /// The root keys known to have changed (empty when [`Changed::is_everything`]).
    pub fn collections(&self) -> impl Iterator<Item = &str> {
        self.collections.iter().map(String::as_str)
    }

    /// Adds what one change touched.
    pub(crate) fn add(&mut self, touched: &Touched) {
        if touched.touches_everything() {
            self.mark_everything();
        } else if !self.everything {
            self.collections
                .extend(touched.collections().map(str::to_string));
        }
    }

    /// Records a change core cannot attribute.
    pub(crate) fn mark_everything(&mut self) {
        self.everything = true;
        self.collections.clear();
    }
}
