//! Syncing with more than one place: the cloud relay and the shop's hub
//! (docs/SYNC.md section 11). Each place numbers the blobs it stores in its
//! own sequence, so a device keeps one cursor per place; and the same sealed
//! blob can reach it from both (the hub forwards to the cloud and back), so
//! blobs are identified by their content and applied once.
//!
//! Pure bookkeeping: the caller persists [`Places`] with the rest of the
//! client's state and asks [`Places::arrived`] before applying a blob.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};

/// Blob ids remembered, at most: far more than arrive between two snapshots
/// (a room is compacted every 200 blobs, `client::SNAPSHOT_AFTER_BLOBS`), so
/// a duplicate is recognised in practice, while the state the app stores
/// stays around 230 KB.
pub const MAX_REMEMBERED: usize = 5_000;

/// A sealed blob's identity: BLAKE3 of its sealed bytes. The bytes are what
/// every place stores and forwards unchanged, so the id is the same whichever
/// place a blob came from, and no place can reuse one for other content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ContentId(#[serde(with = "id_text")] pub [u8; 32]);

/// A content id as base64url text (43 characters), so the stored state stays small.
mod id_text {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(id: &[u8; 32], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&URL_SAFE_NO_PAD.encode(id))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<[u8; 32], D::Error> {
        let text = String::deserialize(deserializer)?;
        let bytes = URL_SAFE_NO_PAD
            .decode(text)
            .map_err(serde::de::Error::custom)?;
        <[u8; 32]>::try_from(bytes)
            .map_err(|_| serde::de::Error::custom("um identificador de pacote tem 32 bytes"))
    }
}

impl ContentId {
    pub fn of(sealed: &[u8]) -> Self {
        ContentId(*blake3::hash(sealed).as_bytes())
    }
}

/// Whether an arriving blob should be applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrival {
    /// Not seen from any place: apply it.
    New,
    /// Already seen (from this place or another): the cursor moved, nothing
    /// to apply.
    Duplicate,
}

/// One cursor per place, and the blobs already seen from any place.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Places {
    /// Place (the relay's URL, or the hub's pairing address) → every blob up
    /// to this sequence number there has been received.
    cursors: BTreeMap<String, u64>,
    /// Ids seen, oldest first, to forget the oldest past [`MAX_REMEMBERED`].
    order: VecDeque<ContentId>,
    seen: BTreeSet<ContentId>,
}

impl Places {
    /// Where to ask `place` to resume from (`Sync { since }`).
    pub fn cursor(&self, place: &str) -> u64 {
        self.cursors.get(place).copied().unwrap_or(0)
    }

    /// Sets `place`'s cursor to what the client reached there (it moves on acks and
    /// catch-ups as well as on blobs); called before the client turns to another place.
    pub fn note_cursor(&mut self, place: &str, cursor: u64) {
        self.cursors.insert(place.to_string(), cursor);
    }

    /// Records that `place` delivered `sealed` as its blob `seq`; says
    /// whether to apply it. Cursors only move forward.
    pub fn arrived(&mut self, place: &str, seq: u64, sealed: &[u8]) -> Arrival {
        let cursor = self.cursors.entry(place.to_string()).or_insert(0);
        *cursor = (*cursor).max(seq);
        self.remember(ContentId::of(sealed))
    }

    /// Records a blob this device sealed itself (already applied locally),
    /// so its copy coming back from a place is not applied again.
    pub fn sent(&mut self, sealed: &[u8]) {
        self.remember(ContentId::of(sealed));
    }

    /// Whether a blob with these bytes was already seen.
    pub fn has_seen(&self, sealed: &[u8]) -> bool {
        self.seen.contains(&ContentId::of(sealed))
    }

    /// Forgets a place's cursor (a hub paired again, a room re-keyed): the
    /// next sync from it starts over, and the ids keep duplicates out.
    pub fn forget_place(&mut self, place: &str) {
        self.cursors.remove(place);
    }

    fn remember(&mut self, id: ContentId) -> Arrival {
        if !self.seen.insert(id) {
            return Arrival::Duplicate;
        }
        self.order.push_back(id);
        while self.order.len() > MAX_REMEMBERED {
            if let Some(old) = self.order.pop_front() {
                self.seen.remove(&old);
            }
        }
        Arrival::New
    }
}
