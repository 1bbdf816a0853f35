//! The roster: the devices whose blobs a device accepts, each with the public keys the
//! team's document recorded when it joined (docs/SYNC.md, section 10). The app reads it from
//! the document (`Business::roster`) and hands it to the [`super::SyncClient`], which then
//! applies only blobs signed by a device on it; anything else is kept aside as
//! [`Quarantined`], shown, and not applied.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::device::DevicePublic;
use super::keys::DeviceId;

/// The devices of the team that may write, with their public keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    devices: BTreeMap<DeviceId, DevicePublic>,
}

impl Roster {
    /// An empty roster (accepts nothing).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a device.
    pub fn insert(&mut self, device: DeviceId, public: DevicePublic) {
        self.devices.insert(device, public);
    }

    /// The keys of `device`, if it is on the roster.
    pub fn get(&self, device: &DeviceId) -> Option<&DevicePublic> {
        self.devices.get(device)
    }

    /// How many devices are on it.
    pub fn len(&self) -> usize {
        self.devices.len()
    }

    /// Whether no device is on it.
    pub fn is_empty(&self) -> bool {
        self.devices.is_empty()
    }
}

/// The most quarantined blobs a device keeps; older ones are dropped first.
pub const MAX_QUARANTINED: usize = 200;

/// A blob that opened with the team's key but was not applied: unsigned, signed by a key
/// that is not its sender's, from a device that is not (or no longer) on the roster, or
/// carrying changes its author's role may not make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quarantined {
    /// The relay's sequence number of the blob.
    pub seq: u64,
    /// The device id the blob names as its sender (hex).
    pub device: String,
    /// Why it was not applied (pt-BR).
    pub reason: String,
    /// The sealed bytes, kept so the blob can be applied if the roster later vouches for
    /// it (the change that adds a device can arrive after its first blob).
    #[serde(with = "super::client::base64_bytes")]
    pub blob: Vec<u8>,
}
