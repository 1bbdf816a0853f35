//! The proof of work that pays for a new room (docs/SYNC.md, section 5): the relay
//! answers `Hello` for a room it does not know with a [`Challenge`], and the device
//! finds a nonce whose BLAKE3 hash, over the challenge's salt and the room id, starts
//! with `bits` zero bits. A person creating a team pays a fraction of a second once;
//! someone creating thousands of rooms pays for each, more per room the more that
//! address created lately, on top of the relay's per-address creation rate.
//!
//! Pure arithmetic: the relay draws the salt, the device spends the CPU.

use super::keys::RoomId;

/// The hardest challenge a device accepts (about 64 million hashes on average):
/// a relay asking for more is refused instead of freezing the phone.
pub const MAX_BITS: u8 = 26;

const CONTEXT: &str = "retaguarda 2026 sync v2 room admission";

/// What the relay asks before it creates a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Challenge {
    /// Leading zero bits the hash must have.
    pub bits: u8,
    /// Random bytes drawn by the relay for this connection, so no work can be done
    /// ahead of time.
    pub salt: [u8; 16],
}

impl Challenge {
    /// Whether `nonce` answers this challenge for `room`.
    pub fn verify(&self, room: &RoomId, nonce: u64) -> bool {
        leading_zero_bits(&self.hash(room, nonce)) >= u32::from(self.bits)
    }

    /// The first nonce that answers the challenge, searching `[from, from + count)`;
    /// `None` when none in that range does (call again from `from + count`).
    pub fn solve_range(&self, room: &RoomId, from: u64, count: u64) -> Option<u64> {
        (from..from.saturating_add(count)).find(|&nonce| self.verify(room, nonce))
    }

    /// The first nonce that answers the challenge (at most `2^bits` hashes on average
    /// per expected solution, so a bound by [`MAX_BITS`] keeps it finite).
    pub fn solve(&self, room: &RoomId) -> Option<u64> {
        if self.bits > MAX_BITS {
            return None;
        }
        self.solve_range(room, 0, u64::MAX)
    }

    fn hash(&self, room: &RoomId, nonce: u64) -> [u8; 32] {
        let mut hasher = blake3::Hasher::new_derive_key(CONTEXT);
        hasher.update(&self.salt);
        hasher.update(&room.0);
        hasher.update(&nonce.to_be_bytes());
        *hasher.finalize().as_bytes()
    }
}

fn leading_zero_bits(hash: &[u8; 32]) -> u32 {
    let mut bits = 0;
    for byte in hash {
        if *byte == 0 {
            bits += 8;
        } else {
            return bits + byte.leading_zeros();
        }
    }
    bits
}
