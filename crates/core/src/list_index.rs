//! The ids a windowed list keeps, in the list's order, without their records (issue 31):
//! a screen reads the index once per change or keystroke and the rows of the window on
//! screen only (Estoque's products, Clientes).

use std::ops::Range;

use crate::business::Id;

/// The ids a search keeps, in the list's order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListIndex {
    ids: Vec<Id>,
}

impl ListIndex {
    /// An index of `ids`, already in the list's order.
    pub(crate) fn new(ids: Vec<Id>) -> ListIndex {
        ListIndex { ids }
    }

    /// The kept ids in the list's order.
    pub fn ids(&self) -> &[Id] {
        &self.ids
    }

    /// The ids of the rows in `rows`, cut to the list's length (a window past the end of a
    /// list that got shorter is empty, not an error).
    pub fn window(&self, rows: Range<usize>) -> &[Id] {
        let end = rows.end.min(self.ids.len());
        &self.ids[rows.start.min(end)..end]
    }

    /// How many ids the search keeps.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the search keeps none.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}
