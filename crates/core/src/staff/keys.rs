//! The staff document's key (docs/SYNC.md, section 10.5): a secret of its own, distinct
//! from the team secret, sealed only to the devices whose role reads the staff records
//! (owner, manager), and rotated whenever the team removes a device.
//!
//! | key (business document) | record |
//! |---|---|
//! | `staff_keys/<id>` | [`StaffKey`]: generation, the staff secret sealed to each reading device, by, at |
//!
//! The staff document syncs exactly as the business document does, with a second
//! `SyncClient` built on [`StaffSecret::room_secret`]: its own room, write token and blob
//! key, which a cashier's device cannot derive, so it never connects to that room and
//! never receives a staff blob. The current key is the one of the highest generation (the
//! smallest id among concurrent ones), so every device picks the same one once it holds
//! the same records; when it changes, each reading device moves its staff client to the
//! new room and queues its whole staff document there as a snapshot.

use autosurgeon::{Hydrate, Reconcile};

use crate::business::{Business, OpCtx};
use crate::error::{CoreError, CoreResult};
use crate::members::{Member, Role, SealedShare};
use crate::sync::device::{decode, encode, DeviceKeys};
use crate::sync::{DeviceId, TeamSecret};

/// The collection of staff keys, in the business document.
pub const STAFF_KEYS: &str = "staff_keys";
/// What a staff key's sealed boxes are for (bound into each).
pub const STAFF_KEY_BOX: &str = "retaguarda/staff/v1 key";
/// The operation that writes a staff key (an owner's device only).
pub const STAFF_KEY_OP: &str = "members.staff_key";
/// Derives the staff room's team-style secret from the staff secret, so that no value of
/// the staff room can equal one of the team's even if the two secrets were equal.
const CONTEXT_ROOM_SECRET: &str = "retaguarda 2026 staff document room secret";

/// 32 random bytes that open the staff document's room.
#[derive(Clone, PartialEq, Eq)]
pub struct StaffSecret([u8; 32]);

impl std::fmt::Debug for StaffSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StaffSecret(..)")
    }
}

fn key_error(what: &str) -> CoreError {
    CoreError::Document(format!("{STAFF_KEYS}: {what}"))
}

impl StaffSecret {
    /// A new secret from the system's random generator.
    pub fn generate() -> CoreResult<Self> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|_| CoreError::NotAllowed(crate::sync::SyncError::Random.to_string()))?;
        Ok(Self(bytes))
    }

    /// The secret from its 32 bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The raw bytes, for the device's own storage only.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The secret as text for the device's storage (as [`TeamSecret::to_text`]).
    pub fn to_text(&self) -> String {
        TeamSecret::from_bytes(self.0).to_text()
    }

    /// Reads [`StaffSecret::to_text`].
    pub fn from_text(text: &str) -> CoreResult<Self> {
        TeamSecret::from_text(text)
            .map(|s| Self(*s.as_bytes()))
            .map_err(|_| CoreError::NotAllowed("a chave da equipe guardada está corrompida".into()))
    }

    /// The secret the staff document's `SyncClient` and peer mesh are built on: section
    /// 1's room id, write token and blob key come from it as from a team secret.
    pub fn room_secret(&self) -> TeamSecret {
        TeamSecret::from_bytes(blake3::derive_key(CONTEXT_ROOM_SECRET, &self.0))
    }
}

/// One generation of the staff secret, sealed to each device that may read the staff
/// records.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct StaffKey {
    /// 1 for the first key, one more at each rotation.
    pub generation: u64,
    /// The secret for each reading device.
    pub shares: Vec<SealedShare>,
    /// The device that wrote it (hex).
    pub by: String,
    /// When (that device's clock, milliseconds).
    pub at_ms: i64,
}

/// The active members whose role reads the staff records, minus `without`.
fn readers<'a>(members: &'a [(String, Member)], without: &[String]) -> Vec<&'a (String, Member)> {
    members
        .iter()
        .filter(|(id, m)| {
            m.active() && !without.contains(id) && m.role().is_some_and(Role::reads_staff)
        })
        .collect()
}

fn seal_to(secret: &StaffSecret, members: &[&(String, Member)]) -> CoreResult<Vec<SealedShare>> {
    let mut shares = Vec::new();
    for (id, member) in members {
        let sealed = member
            .public()?
            .seal_box(STAFF_KEY_BOX, secret.as_bytes())
            .map_err(|e| CoreError::NotAllowed(e.to_string()))?;
        shares.push(SealedShare {
            device: id.clone(),
            sealed: encode(&sealed),
        });
    }
    Ok(shares)
}

fn random_id() -> CoreResult<String> {
    DeviceId::random()
        .map(|d| d.to_hex())
        .map_err(|e| CoreError::NotAllowed(e.to_string()))
}

/// Opens `me`'s share of `key`, or `None` when it holds none for that device.
pub fn open_staff_key(
    key: &StaffKey,
    me: &str,
    keys: &DeviceKeys,
) -> CoreResult<Option<StaffSecret>> {
    let Some(share) = key.shares.iter().find(|s| s.device == me) else {
        return Ok(None);
    };
    let sealed = decode(&share.sealed).ok_or_else(|| key_error(me))?;
    let bytes = keys
        .open_box(STAFF_KEY_BOX, &sealed)
        .map_err(|e| CoreError::NotAllowed(e.to_string()))?;
    let secret: [u8; 32] = bytes.try_into().map_err(|_| key_error(me))?;
    Ok(Some(StaffSecret(secret)))
}

impl Business {
    /// The current staff key: the highest generation, the smallest id among concurrent
    /// ones. `None` while the team has none.
    pub fn staff_key(&self) -> CoreResult<Option<(String, StaffKey)>> {
        Ok(self
            .list::<StaffKey>(STAFF_KEYS)?
            .into_iter()
            .max_by(|(a_id, a), (b_id, b)| a.generation.cmp(&b.generation).then(b_id.cmp(a_id))))
    }

    /// This device's share of the current staff key: the staff secret, or `None` when the
    /// team has no staff key or this device holds no share (a cashier's, a removed one).
    pub fn staff_secret(&self, keys: &DeviceKeys) -> CoreResult<Option<StaffSecret>> {
        match self.staff_key()? {
            Some((_, key)) => open_staff_key(&key, &self.device().actor_hex(), keys),
            None => Ok(None),
        }
    }

    /// Gives every device that may read the staff records a share of the staff secret and
    /// returns it: the first key when the team has none; more shares of the current one
    /// for readers without one (a manager just admitted); a new generation when a holder
    /// may no longer read (removed, or no longer a manager). Writes nothing when every
    /// reader already holds a share. Only an owner's device may; `keys` are its own.
    pub fn share_staff_key(&mut self, ctx: &OpCtx, keys: &DeviceKeys) -> CoreResult<StaffSecret> {
        if self.own_role()? != Some(Role::Owner) {
            return Err(CoreError::NotAllowed(
                "Só quem é dono da equipe entrega a chave dos dados da equipe.".into(),
            ));
        }
        let members = self.members()?;
        let readers = readers(&members, &[]);
        let me = self.device().actor_hex();
        let current = self.staff_key()?;
        let (id, key, secret) = match current {
            Some((id, mut key))
                if key
                    .shares
                    .iter()
                    .all(|s| readers.iter().any(|(r, _)| *r == s.device)) =>
            {
                let secret = open_staff_key(&key, &me, keys)?.ok_or_else(|| {
                    CoreError::NotAllowed(
                        "Este aparelho ainda não recebeu a chave dos dados da equipe.".into(),
                    )
                })?;
                let missing: Vec<&(String, Member)> = readers
                    .iter()
                    .copied()
                    .filter(|(r, _)| !key.shares.iter().any(|s| s.device == *r))
                    .collect();
                if missing.is_empty() {
                    return Ok(secret);
                }
                key.shares.extend(seal_to(&secret, &missing)?);
                key.by = me;
                key.at_ms = ctx.now_ms;
                (id, key, secret)
            }
            current => {
                let generation = current.map_or(0, |(_, k)| k.generation) + 1;
                let secret = StaffSecret::generate()?;
                let key = StaffKey {
                    generation,
                    shares: seal_to(&secret, &readers)?,
                    by: me,
                    at_ms: ctx.now_ms,
                };
                (random_id()?, key, secret)
            }
        };
        self.apply(ctx, STAFF_KEY_OP, |tx| {
            tx.set_record(&id);
            tx.put(STAFF_KEYS, &id, &key)
        })?;
        Ok(secret)
    }

    /// Checks a blob that arrived in the staff room before it is applied to the staff
    /// document: the rules of [`Business::vet_changes`] (the sender's own changes, an
    /// operation its role may make, snapshots only from owners and managers), and a sender
    /// whose role reads the staff records. A team that records no members takes
    /// everything, as [`Business::vet_changes`] does.
    pub fn vet_staff_changes(
        &self,
        device: &str,
        snapshot: bool,
        payload: &[u8],
    ) -> Result<(), String> {
        self.vet_changes(device, snapshot, payload)?;
        let members = self.members().map_err(|e| e.to_string())?;
        if members.is_empty() {
            return Ok(());
        }
        match members.iter().find(|(id, _)| id == device) {
            Some((_, m)) if m.role().is_some_and(Role::reads_staff) => Ok(()),
            Some((_, m)) => Err(format!(
                "{} ({}) não lê os dados da equipe e enviou uma alteração deles",
                m.person, m.name
            )),
            None => Err("enviado por um aparelho que não faz parte da equipe".into()),
        }
    }

    /// The next staff key when the team removes `removed` (hex): a fresh secret sealed to
    /// the remaining readers, written in the removal's own change. `None` while the team
    /// has no staff key.
    pub(crate) fn rotated_staff_key(
        &self,
        members: &[(String, Member)],
        removed: &[String],
        ctx: &OpCtx,
    ) -> CoreResult<Option<(String, StaffKey)>> {
        let Some((_, current)) = self.staff_key()? else {
            return Ok(None);
        };
        let secret = StaffSecret::generate()?;
        let key = StaffKey {
            generation: current.generation + 1,
            shares: seal_to(&secret, &readers(members, removed))?,
            by: self.device().actor_hex(),
            at_ms: ctx.now_ms,
        };
        Ok(Some((random_id()?, key)))
    }
}
