//! The team's members as the document records them (docs/SYNC.md, section 10): each device
//! with its public keys, the person using it and that person's role; the invites not yet
//! used; and the re-keyings that removed devices.
//!
//! | key | content |
//! |---|---|
//! | `members/<device hex>` | [`Member`]: name, person, role, public keys, who added it, whether removed |
//! | `invites/<invite id>` | [`InviteRecord`]: role and person it admits, expiry, who used it |
//! | `rekeys/<id>` | [`Rekey`]: the devices removed and the new team secret sealed to each remaining one |
//!
//! Writes are refused here for a device whose role may not make them, and on arrival by
//! every other device ([`Business::vet_changes`]), so a role holds on devices that run
//! another build as long as the team's own devices check what they receive.

use automerge::Change;
use autosurgeon::{Hydrate, Reconcile};

use crate::business::{Business, ChangeMessage, OpCtx};
use crate::error::{CoreError, CoreResult};
use crate::sync::device::{DeviceKeys, DevicePublic};
use crate::sync::lobby::{InviteSecret, JoinRequest};
use crate::sync::{DeviceId, Roster, TeamSecret};

/// The collection of member devices, keyed by device id (hex).
pub const MEMBERS: &str = "members";
/// The collection of invites, keyed by [`InviteSecret::id`].
pub const INVITES: &str = "invites";
/// The collection of re-keyings, keyed by a random id.
pub const REKEYS: &str = "rekeys";
/// What a re-keying's sealed boxes are for (bound into each).
pub const REKEY_BOX: &str = "retaguarda/members/v1 rekey";
/// The operation that removes devices and moves the team to new keys.
pub const REKEY_OP: &str = "members.rekey";

/// What a person may do in the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Everything, and manages the team.
    Owner,
    /// Everything but the team.
    Manager,
    /// Sales, charges, stock and the cash drawer; no payroll, salaries, bank balances
    /// or reports.
    Cashier,
}

/// Operations a cashier's device may write (exact names or prefixes ending in `.`).
const CASHIER_OPS: &[&str] = &[
    "inventory.",
    "charge.",
    "party.create",
    "party.update",
    "ledger.entry.create",
    "ledger.entry.pay",
    "ledger.transfer.create",
    // Every device moves to a new period and brings its document up to date.
    "business.carry_over",
    "schema.migrate",
];

impl Role {
    /// The role's name in the document.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "dono",
            Role::Manager => "gerente",
            Role::Cashier => "caixa",
        }
    }

    /// The role's name for people (pt-BR).
    pub fn label(self) -> &'static str {
        match self {
            Role::Owner => "Dono",
            Role::Manager => "Gerente",
            Role::Cashier => "Caixa",
        }
    }

    /// Reads [`Role::as_str`].
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "dono" => Some(Role::Owner),
            "gerente" => Some(Role::Manager),
            "caixa" => Some(Role::Cashier),
            _ => None,
        }
    }

    /// Whether a device with this role may write the operation `op`.
    pub fn may(self, op: &str) -> bool {
        match self {
            Role::Owner => true,
            Role::Manager => !op.starts_with("members."),
            Role::Cashier => CASHIER_OPS.iter().any(|allowed| {
                if allowed.ends_with('.') {
                    op.starts_with(allowed)
                } else {
                    op == *allowed
                }
            }),
        }
    }

    /// Whether this role manages the team (invites, removals).
    pub fn manages_team(self) -> bool {
        self == Role::Owner
    }

    /// Whether this role reads payroll, salaries and the staff's personal data (the
    /// documents of section 10.5 of docs/SYNC.md).
    pub fn reads_staff(self) -> bool {
        self != Role::Cashier
    }
}

/// One device of the team.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Member {
    /// The device's name ("Celular da Bia").
    pub name: String,
    /// The person using it, as the audit log names them.
    pub person: String,
    /// [`Role::as_str`].
    pub role: String,
    /// [`DevicePublic::to_text`].
    pub keys: String,
    /// When it was added (the adding device's clock, milliseconds).
    pub added_ms: i64,
    /// The device that added it (hex); `None` for the team's founder.
    pub added_by: Option<String>,
    /// When it was removed, if it was.
    pub removed_ms: Option<i64>,
    /// The device that removed it (hex).
    pub removed_by: Option<String>,
}

impl Member {
    /// The role, `None` when a newer version wrote one this build does not know (such a
    /// device is treated as having no rights).
    pub fn role(&self) -> Option<Role> {
        Role::parse(&self.role)
    }

    /// Whether the device is still in the team.
    pub fn active(&self) -> bool {
        self.removed_ms.is_none()
    }

    /// The device's public keys.
    pub fn public(&self) -> CoreResult<DevicePublic> {
        DevicePublic::from_text(&self.keys)
            .map_err(|_| CoreError::Document(format!("{MEMBERS}: chaves de {}", self.name)))
    }
}

/// An invite not yet used (or used, with who used it).
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct InviteRecord {
    /// [`InviteSecret::to_text`]: any owner's device can watch the lobby and approve.
    pub secret: String,
    /// The role the new device gets.
    pub role: String,
    /// The person it is for.
    pub person: String,
    /// Who made it (hex).
    pub created_by: String,
    /// When it stops being accepted (milliseconds).
    pub expires_ms: i64,
    /// The device admitted with it (hex); an invite admits one device only.
    pub used_by: Option<String>,
}

/// The team secret sealed to one remaining device.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct SealedShare {
    /// The device (hex).
    pub device: String,
    /// The sealed box (base64url).
    pub sealed: String,
}

/// A removal: the team moves to a new secret that the removed devices never see.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Rekey {
    /// The team's key generation this one starts (the previous one plus 1).
    pub generation: u64,
    /// The devices removed (hex).
    pub removed: Vec<String>,
    /// The new secret for each remaining device.
    pub shares: Vec<SealedShare>,
    /// The device that removed them (hex).
    pub by: String,
    /// When (the removing device's clock, milliseconds).
    pub at_ms: i64,
}

/// Where this device stands in the team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// The document records no members: a team made before roles, or no team.
    Unrecorded,
    /// An active member with this role (`None`: a role this build does not know).
    Active(Option<Role>),
    /// Removed by `by` (a person's name when known) at `at_ms`.
    Removed { by: String, at_ms: i64 },
    /// The team records members and this device is not one of them.
    Stranger,
}

impl Standing {
    /// What to tell the person on a device that was removed (pt-BR), else `None`.
    pub fn message(&self) -> Option<String> {
        match self {
            Standing::Removed { by, .. } => Some(format!(
                "Este aparelho foi removido da equipe por {by}. Ele não recebe mais o que a \
                 equipe registra, e o que for registrado nele não chega aos outros. Para \
                 voltar, peça um novo convite."
            )),
            Standing::Stranger => Some(
                "Este aparelho não faz parte da equipe. Peça um convite a quem cuida da equipe."
                    .into(),
            ),
            _ => None,
        }
    }
}

fn not_allowed(what: &str) -> CoreError {
    CoreError::NotAllowed(what.to_string())
}

impl Business {
    /// Every device the document records, active or removed, keyed by device id (hex).
    pub fn members(&self) -> CoreResult<Vec<(String, Member)>> {
        self.list(MEMBERS)
    }

    /// The member record of this document's own device.
    fn own_member(&self) -> CoreResult<Option<Member>> {
        self.get(MEMBERS, &self.device().actor_hex())
    }

    /// The role of this document's device, if it is an active member.
    pub fn own_role(&self) -> CoreResult<Option<Role>> {
        Ok(self
            .own_member()?
            .filter(Member::active)
            .and_then(|m| m.role()))
    }

    /// The role the screens follow on this device: its own while it is an active member,
    /// and the most restricted (a cashier's) when the team records members but not this
    /// device as active (removed, or its record not received yet), so that such a device
    /// never shows what a cashier does not see. `None` when the team records no members.
    pub fn role_shown(&self) -> CoreResult<Option<Role>> {
        if let Some(role) = self.own_role()? {
            return Ok(Some(role));
        }
        if self.members()?.is_empty() {
            return Ok(None);
        }
        Ok(Some(Role::Cashier))
    }

    fn require_team_manager(&self) -> CoreResult<()> {
        match self.own_role()? {
            Some(role) if role.manages_team() => Ok(()),
            _ => Err(not_allowed(
                "Só quem é dono da equipe pode convidar ou remover aparelhos.",
            )),
        }
    }

    /// Where `device` (hex) stands in the team.
    pub fn standing(&self, device: &str) -> CoreResult<Standing> {
        let members = self.members()?;
        if members.is_empty() {
            return Ok(Standing::Unrecorded);
        }
        let Some((_, member)) = members.iter().find(|(id, _)| id == device) else {
            return Ok(Standing::Stranger);
        };
        match (member.removed_ms, &member.removed_by) {
            (Some(at_ms), by) => {
                let by = by
                    .as_deref()
                    .and_then(|b| members.iter().find(|(id, _)| id == b))
                    .map_or_else(
                        || "um dono da equipe".to_string(),
                        |(_, m)| m.person.clone(),
                    );
                Ok(Standing::Removed { by, at_ms })
            }
            (None, _) => Ok(Standing::Active(member.role())),
        }
    }

    /// The devices whose signed blobs this device applies: the active members.
    pub fn roster(&self) -> CoreResult<Roster> {
        let mut roster = Roster::new();
        for (id, member) in self.members()? {
            if !member.active() {
                continue;
            }
            let Some(device) = device_id(&id) else {
                continue;
            };
            roster.insert(device, member.public()?);
        }
        Ok(roster)
    }

    /// Records this device as the team's first member, its owner (creating a team, or
    /// giving keys to a team made before roles). Refused when the team already records
    /// members.
    pub fn found_team(
        &mut self,
        ctx: &OpCtx,
        public: &DevicePublic,
        person: &str,
    ) -> CoreResult<()> {
        let person = person_name(person)?;
        if !self.members()?.is_empty() {
            return Err(not_allowed(
                "Esta equipe já tem membros: este aparelho precisa ser convidado.",
            ));
        }
        let id = self.device().actor_hex();
        let member = Member {
            name: self.device().name.clone(),
            person,
            role: Role::Owner.as_str().into(),
            keys: public.to_text(),
            added_ms: ctx.now_ms,
            added_by: None,
            removed_ms: None,
            removed_by: None,
        };
        self.apply(ctx, "members.found", |tx| {
            tx.set_record(&id);
            tx.put(MEMBERS, &id, &member)
        })
    }

    /// Makes a single-use invite for `person` with `role`, accepted until `expires_ms`.
    /// Only an owner's device may. The app puts the secret in the link
    /// ([`crate::sync::lobby::JoinLink`]) and watches the lobby for the request.
    pub fn create_invite(
        &mut self,
        ctx: &OpCtx,
        role: Role,
        person: &str,
        expires_ms: i64,
    ) -> CoreResult<InviteSecret> {
        self.require_team_manager()?;
        let person = person_name(person)?;
        if expires_ms <= ctx.now_ms {
            return Err(CoreError::Invalid {
                field: "Validade",
                reason: "O convite precisa valer por algum tempo.".into(),
            });
        }
        let secret = InviteSecret::generate().map_err(|e| CoreError::NotAllowed(e.to_string()))?;
        let id = secret.id();
        let record = InviteRecord {
            secret: secret.to_text(),
            role: role.as_str().into(),
            person,
            created_by: self.device().actor_hex(),
            expires_ms,
            used_by: None,
        };
        self.apply(ctx, "members.invite", |tx| {
            tx.set_record(&id);
            tx.put(INVITES, &id, &record)
        })?;
        Ok(secret)
    }

    /// The invites of the team, keyed by id.
    pub fn invites(&self) -> CoreResult<Vec<(String, InviteRecord)>> {
        self.list(INVITES)
    }

    /// Whether `invite` can still admit a device at `now_ms`: `Err` says why not in pt-BR
    /// (used, expired, or not this team's), which an owner's device posts in the lobby so
    /// the joining device stops waiting (`sync::lobby::refusal_payload`).
    pub fn check_invite(&self, invite: &InviteSecret, now_ms: i64) -> CoreResult<()> {
        self.usable_invite(invite, now_ms).map(|_| ())
    }

    fn usable_invite(&self, invite: &InviteSecret, now_ms: i64) -> CoreResult<InviteRecord> {
        let Some(record) = self.get::<InviteRecord>(INVITES, &invite.id())? else {
            return Err(not_allowed("Este convite não é desta equipe."));
        };
        if record.used_by.is_some() {
            return Err(not_allowed(
                "Este convite já foi usado. Faça um novo convite para outro aparelho.",
            ));
        }
        if now_ms > record.expires_ms {
            return Err(not_allowed("Este convite venceu. Faça um novo convite."));
        }
        Ok(record)
    }

    /// Admits the device of `request`, which came through the lobby of `invite` and whose
    /// short code a person confirmed: records it with the invite's person and role, and
    /// marks the invite used. Refused for an invite already used, expired (by `ctx`'s
    /// clock) or unknown, and on a device that is not an owner's.
    pub fn approve_join(
        &mut self,
        ctx: &OpCtx,
        invite: &InviteSecret,
        request: &JoinRequest,
    ) -> CoreResult<Role> {
        self.require_team_manager()?;
        let id = invite.id();
        let mut record = self.usable_invite(invite, ctx.now_ms)?;
        let role = Role::parse(&record.role)
            .ok_or_else(|| CoreError::Document(format!("{INVITES}: papel {}", record.role)))?;
        let device = request.device.to_hex();
        if self.get::<Member>(MEMBERS, &device)?.is_some() {
            return Err(not_allowed(
                "Este aparelho já passou pela equipe; ele precisa ser reinstalado para entrar de novo.",
            ));
        }
        let member = Member {
            name: request.name.clone(),
            person: record.person.clone(),
            role: record.role.clone(),
            keys: request.public.to_text(),
            added_ms: ctx.now_ms,
            added_by: Some(self.device().actor_hex()),
            removed_ms: None,
            removed_by: None,
        };
        record.used_by = Some(device.clone());
        self.apply(ctx, "members.admit", |tx| {
            tx.put(INVITES, &id, &record)?;
            tx.set_record(&device);
            tx.put(MEMBERS, &device, &member)
        })?;
        Ok(role)
    }

    /// Removes `devices` (hex) from the team: marks them removed, and writes a re-keying
    /// to `generation` + 1 whose new secret is sealed to every other active device. One
    /// change, [`REKEY_OP`]; the app hands it to `SyncClient::add_mark` (the relay's order
    /// picks between concurrent removals, as between period closes) and returns the id and
    /// the new secret. Only an owner's device may, and not to remove itself.
    pub fn remove_devices(
        &mut self,
        ctx: &OpCtx,
        devices: &[String],
        generation: u64,
    ) -> CoreResult<(String, TeamSecret)> {
        self.require_team_manager()?;
        let me = self.device().actor_hex();
        if devices.is_empty() {
            return Err(CoreError::Invalid {
                field: "Aparelhos",
                reason: "Escolha ao menos um aparelho para remover.".into(),
            });
        }
        if devices.contains(&me) {
            return Err(not_allowed(
                "Um aparelho não remove a si mesmo; use \"Sair da equipe\" nele ou remova-o de outro aparelho de dono.",
            ));
        }
        let members = self.members()?;
        // A device already marked removed may be named again: a concurrent removal the
        // team did not follow still left it a share of the current secret.
        for device in devices {
            if !members.iter().any(|(id, _)| id == device) {
                return Err(CoreError::NotFound {
                    what: "Aparelho da equipe",
                    id: device.clone(),
                });
            }
        }
        let secret = TeamSecret::generate().map_err(|e| CoreError::NotAllowed(e.to_string()))?;
        let mut shares = Vec::new();
        for (id, member) in &members {
            if !member.active() || devices.contains(id) {
                continue;
            }
            let sealed = member
                .public()?
                .seal_box(REKEY_BOX, secret.as_bytes())
                .map_err(|e| CoreError::NotAllowed(e.to_string()))?;
            shares.push(SealedShare {
                device: id.clone(),
                sealed: crate::sync::device::encode(&sealed),
            });
        }
        let mut rekey_id = [0u8; 16];
        getrandom::fill(&mut rekey_id)
            .map_err(|_| CoreError::NotAllowed(crate::sync::SyncError::Random.to_string()))?;
        let rekey_id = DeviceId(rekey_id).to_hex();
        let rekey = Rekey {
            generation: generation + 1,
            removed: devices.to_vec(),
            shares,
            by: me.clone(),
            at_ms: ctx.now_ms,
        };
        // The staff document moves to a new key in the same change (docs/SYNC.md 10.5).
        let staff_key = self.rotated_staff_key(&members, devices, ctx)?;
        let removed: Vec<(String, Member)> = members
            .into_iter()
            .filter(|(id, m)| devices.contains(id) && m.active())
            .map(|(id, m)| {
                let m = Member {
                    removed_ms: Some(ctx.now_ms),
                    removed_by: Some(me.clone()),
                    ..m
                };
                (id, m)
            })
            .collect();
        self.apply(ctx, REKEY_OP, |tx| {
            for (id, member) in &removed {
                tx.put(MEMBERS, id, member)?;
            }
            if let Some((id, key)) = &staff_key {
                tx.put(crate::staff::keys::STAFF_KEYS, id, key)?;
            }
            tx.set_record(&rekey_id);
            tx.put(REKEYS, &rekey_id, &rekey)
        })?;
        Ok((rekey_id, secret))
    }

    /// Gives the device `device` (hex) the role `role`. Only an owner's device may, not on
    /// itself (a team keeps the owner who manages it), and not on a removed device.
    pub fn set_role(&mut self, ctx: &OpCtx, device: &str, role: Role) -> CoreResult<()> {
        self.require_team_manager()?;
        if device == self.device().actor_hex() {
            return Err(not_allowed(
                "Um aparelho não muda o próprio papel; peça a outro dono da equipe.",
            ));
        }
        let Some(member) = self.get::<Member>(MEMBERS, device)? else {
            return Err(CoreError::NotFound {
                what: "Aparelho da equipe",
                id: device.to_string(),
            });
        };
        if !member.active() {
            return Err(not_allowed("Este aparelho já foi removido da equipe."));
        }
        let member = Member {
            role: role.as_str().into(),
            ..member
        };
        let id = device.to_string();
        self.apply(ctx, "members.role", |tx| {
            tx.set_record(&id);
            tx.put(MEMBERS, &id, &member)
        })
    }

    /// The re-keyings that start `generation`, keyed by id (more than one when owners
    /// removed devices concurrently; the team follows the one the relay stored first).
    pub fn rekeys_to(&self, generation: u64) -> CoreResult<Vec<(String, Rekey)>> {
        Ok(self
            .list::<Rekey>(REKEYS)?
            .into_iter()
            .filter(|(_, r)| r.generation == generation)
            .collect())
    }

    /// Devices marked removed (by any re-keying, including one the team did not follow)
    /// that still hold a share of `followed`: an owner's device removes them again, to
    /// the next generation. Empty when nothing is left to do.
    pub fn removals_pending(&self, followed: &Rekey) -> CoreResult<Vec<String>> {
        Ok(self
            .members()?
            .into_iter()
            .filter(|(id, m)| !m.active() && followed.shares.iter().any(|s| &s.device == id))
            .map(|(id, _)| id)
            .collect())
    }

    /// What an owner's device `me` (hex) removes again after following a re-keying into
    /// `generation`, whose secret it holds (`secret`): the devices a concurrent removal
    /// marked removed that the followed re-keying still gave a share (two owners removing
    /// different devices at once, docs/SYNC.md 10.6). Empty when there is nothing to do,
    /// when this device is not an owner's, or when a re-keying to the next generation is
    /// already written (the next removal is on its way).
    pub fn removals_to_redo(
        &self,
        generation: u64,
        me: &str,
        keys: &DeviceKeys,
        secret: &TeamSecret,
    ) -> CoreResult<Vec<String>> {
        if generation == 0
            || !matches!(self.standing(me)?, Standing::Active(Some(Role::Owner)))
            || !self.rekeys_to(generation + 1)?.is_empty()
        {
            return Ok(Vec::new());
        }
        for (_, rekey) in self.rekeys_to(generation)? {
            // The followed one is the re-keying whose share for this device is its secret.
            if open_rekey(&rekey, me, keys)?.as_ref() == Some(secret) {
                return self.removals_pending(&rekey);
            }
        }
        Ok(Vec::new())
    }

    /// The change bytes this device carries from the room it leaves into the new one
    /// after the re-keying `rekey_id`: what it wrote that the re-keying's change does not
    /// already include (concurrent with it, or written offline after it). Each device
    /// carries its own; the device that removed sends a snapshot for the rest.
    pub fn carry_over_rekey(&mut self, rekey_id: &str) -> CoreResult<Vec<u8>> {
        let hash = self.rekey_change(rekey_id)?;
        let mine = self.actor();
        Ok(self
            .doc_mut_for_history()
            .get_changes(&[hash])
            .iter()
            .filter(|c| c.actor_id() == &mine)
            .map(|c| c.raw_bytes().to_vec())
            .collect::<Vec<_>>()
            .concat())
    }

    /// The hash of the change that wrote re-keying `rekey_id`.
    fn rekey_change(&mut self, rekey_id: &str) -> CoreResult<automerge::ChangeHash> {
        self.doc_mut_for_history()
            .get_changes_meta(&[])
            .into_iter()
            .find(|m| {
                m.message
                    .as_deref()
                    .and_then(ChangeMessage::decode)
                    .is_some_and(|msg| {
                        msg.op == REKEY_OP && msg.record.as_deref() == Some(rekey_id)
                    })
            })
            .map(|m| m.hash)
            .ok_or_else(|| CoreError::NotFound {
                what: "Troca de chaves da equipe",
                id: rekey_id.to_string(),
            })
    }

    /// Checks blob contents from `device` (hex) before they are applied: every change in
    /// a changes blob must be the sender's own (its signature covers the blob, so no one
    /// writes in another's name), and an operation its role may make; a snapshot is taken
    /// only from an owner's or manager's device. `Err` says why in pt-BR; the app then
    /// quarantines the blob (`SyncClient::quarantine`). A team that records no members
    /// takes everything, as before roles.
    pub fn vet_changes(&self, device: &str, snapshot: bool, payload: &[u8]) -> Result<(), String> {
        let members = self.members().map_err(|e| e.to_string())?;
        if members.is_empty() {
            return Ok(());
        }
        let Some(member) = members
            .iter()
            .find(|(id, m)| id == device && m.active())
            .map(|(_, m)| m)
        else {
            return Err(
                "enviado por um aparelho que não faz parte da equipe (ou foi removido)".into(),
            );
        };
        let Some(role) = member.role() else {
            return Err(format!(
                "o papel \"{}\" não é conhecido nesta versão",
                member.role
            ));
        };
        if snapshot {
            return if role == Role::Cashier {
                Err("um aparelho de caixa não envia cópias completas dos dados".into())
            } else {
                Ok(())
            };
        }
        let actor = automerge::ActorId::from(
            device_id(device)
                .ok_or_else(|| "aparelho com identificação inválida".to_string())?
                .0,
        );
        for chunk in change_chunks(payload)? {
            let change = Change::from_bytes(chunk.to_vec())
                .map_err(|_| "uma alteração recebida está corrompida".to_string())?;
            if change.actor_id() != &actor {
                return Err(format!(
                    "{} ({}) enviou uma alteração em nome de outro aparelho",
                    member.person, member.name
                ));
            }
            let op = change
                .message()
                .and_then(ChangeMessage::decode)
                .map(|m| m.op)
                .unwrap_or_default();
            if !role.may(&op) {
                return Err(format!(
                    "{} ({}) é {} e não pode fazer \"{}\"",
                    member.person,
                    member.name,
                    role.label().to_lowercase(),
                    crate::audit::op_label(&op)
                ));
            }
        }
        Ok(())
    }

    /// The person using the device `actor` (hex), for the audit log.
    pub fn person_of(&self, actor: &str) -> Option<String> {
        self.get::<Member>(MEMBERS, actor)
            .ok()
            .flatten()
            .map(|m| m.person)
    }
}

/// Opens this device's share of `rekey`: the team's new secret, or `None` when the
/// re-keying holds none for `me` (hex), that is, this device was removed.
pub fn open_rekey(rekey: &Rekey, me: &str, keys: &DeviceKeys) -> CoreResult<Option<TeamSecret>> {
    let Some(share) = rekey.shares.iter().find(|s| s.device == me) else {
        return Ok(None);
    };
    let sealed = crate::sync::device::decode(&share.sealed)
        .ok_or_else(|| CoreError::Document(format!("{REKEYS}: chave de {me}")))?;
    let bytes = keys
        .open_box(REKEY_BOX, &sealed)
        .map_err(|e| CoreError::NotAllowed(e.to_string()))?;
    let secret: [u8; 32] = bytes
        .try_into()
        .map_err(|_| CoreError::Document(format!("{REKEYS}: chave de {me}")))?;
    Ok(Some(TeamSecret::from_bytes(secret)))
}

/// A device id from its hex text.
fn device_id(hex: &str) -> Option<DeviceId> {
    if hex.len() != 32 || !hex.is_ascii() {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(DeviceId(out))
}

fn person_name(person: &str) -> CoreResult<String> {
    let person = person.trim();
    if person.is_empty() || person.chars().count() > 80 {
        return Err(CoreError::Invalid {
            field: "Pessoa",
            reason: "Informe o nome da pessoa (até 80 letras).".into(),
        });
    }
    Ok(person.to_string())
}

/// Splits concatenated Automerge change chunks (a changes blob, the output of
/// `Business::save_incremental`): each is `magic (4) | checksum (4) | type (1) | length
/// (unsigned LEB128) | contents`. The app applies a long blob a part at a time with them.
pub fn change_chunks(mut bytes: &[u8]) -> Result<Vec<&[u8]>, String> {
    let corrupt = || "uma alteração recebida está corrompida".to_string();
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let mut at = 9;
        let mut len: u64 = 0;
        let mut shift = 0;
        loop {
            let byte = *bytes.get(at).ok_or_else(corrupt)?;
            at += 1;
            len |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                break;
            }
            shift += 7;
            if shift > 56 {
                return Err(corrupt());
            }
        }
        let end = usize::try_from(len)
            .ok()
            .and_then(|l| at.checked_add(l))
            .filter(|&e| e <= bytes.len())
            .ok_or_else(corrupt)?;
        out.push(&bytes[..end]);
        bytes = &bytes[end..];
    }
    Ok(out)
}
