//! Clientes' list read a window at a time (issue 31): the ids a search keeps in the list's
//! order ([`Business::party_index`]) and the records of the window on screen
//! ([`Business::party_rows`]). Together they say what [`Business::find_parties`] says,
//! without copying 3,000 records per keystroke or change: each record's sort key and folded
//! name are kept beside it by the view cache, patched per change.

use std::sync::Arc;

use super::{Party, PARTIES};
use crate::business::{read_get, read_list, Business, Id};
use crate::error::CoreResult;
use crate::text;
use crate::views::Shape;

/// The customers and suppliers a search keeps, in the list's order (name, case ignored,
/// then id), without their records.
pub type PartyIndex = crate::list_index::ListIndex;

/// One record with what the list sorts and searches it by.
#[derive(Debug, Clone)]
struct Listed {
    party: Party,
    /// The name in lower case, as `parties` sorts.
    sort_key: String,
    /// The name folded (accents and case), as the search compares.
    folded: String,
}

impl Listed {
    fn of(party: Party) -> Listed {
        Listed {
            sort_key: party.name.to_lowercase(),
            folded: text::fold(&party.name),
            party,
        }
    }
}

impl Business {
    /// Every record with its keys, sorted by id, kept and patched per change.
    fn parties_listed(&self) -> CoreResult<Arc<Vec<(Id, Listed)>>> {
        self.cached(
            PARTIES,
            Shape::Winner,
            |doc, id| Ok(read_get::<Party>(doc, PARTIES, id)?.map(|p| (Listed::of(p), false))),
            |doc| {
                Ok(read_list::<Party>(doc, PARTIES)?
                    .into_iter()
                    .map(|(id, p)| (id, Listed::of(p), false))
                    .collect())
            },
        )
    }

    /// The ids of the active customers and suppliers that match `search` (see
    /// [`Party::matches`]), sorted by name: [`Business::find_parties`] without the records.
    pub fn party_index(&self, search: &str) -> CoreResult<PartyIndex> {
        let listed = self.parties_listed()?;
        let q = text::fold(search.trim());
        let mut kept: Vec<&(Id, Listed)> = listed
            .iter()
            .filter(|(_, l)| !l.party.archived && l.party.matches_folded(&l.folded, &q))
            .collect();
        // By name then id, as `parties` sorts (a stable sort of a list sorted by id).
        kept.sort_by(|a, b| (&a.1.sort_key, &a.0).cmp(&(&b.1.sort_key, &b.0)));
        Ok(PartyIndex::new(
            kept.into_iter().map(|(id, _)| id.clone()).collect(),
        ))
    }

    /// The records of `ids` (from [`Business::party_index`]) in that order; an id that is
    /// no record is left out.
    pub fn party_rows(&self, ids: &[Id]) -> CoreResult<Vec<(Id, Party)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let listed = self.parties_listed()?;
        Ok(ids
            .iter()
            .filter_map(|id| {
                // Sorted by id; a linear search should the order ever differ, as a row
                // must not go missing.
                let at = listed
                    .binary_search_by(|(other, _)| other.as_str().cmp(id))
                    .ok()
                    .or_else(|| listed.iter().position(|(other, _)| other == id))?;
                let (id, l) = &listed[at];
                Some((id.clone(), l.party.clone()))
            })
            .collect())
    }
}
