//! The staff document (docs/SYNC.md, section 10.5): payroll, salaries, vacations,
//! terminations, pró-labore and the staff's personal data in an Automerge document of
//! their own, beside the business document, so that a device whose role may not read them
//! (a cashier's) never holds them.
//!
//! [`Business`] owns both documents and keeps the screens' API: every staff operation and
//! query goes through [`Business::staff_read`] / [`Business::staff_apply`], which pick
//! where the staff records live ([`StaffAccess`]):
//!
//! - **in the business document**, as before this module, while the team has not moved
//!   them (no `staff_document` mark at the business document's root);
//! - **in the staff document**, when this device holds it
//!   ([`Business::attach_staff_document`], [`Business::move_staff_out`]);
//! - **nowhere** on a device whose business document says they moved and that holds no
//!   staff document: queries and operations fail with [`StaffError::NoAccess`] ("Sem
//!   acesso…").
//!
//! What the business document may carry from payroll once the records moved: the ledger
//! payables a staff operation creates, **without names, CPFs or per-person lines**. One
//! operation's payables are summed per category and due date ("Folha 11/2026 — salários
//! líquidos", "13º salário 2026, 1ª parcela — INSS retido"), under ids derived by hashing
//! the operation's own ids, so two devices doing the same payment offline still make one
//! set. An operation about one person (vacation pay, a TRCT, a pró-labore) still shows
//! that person's amount, unnamed: the cashier's ledger shows what leaves the till, not who
//! it is for.
//!
//! Each document is saved, loaded and synced on its own: the app keeps the staff
//! document's bytes apart from the business document's (`staff_document_mut` gives the
//! Automerge-level calls: `save`, `save_incremental`, `load_incremental`, heads, changes,
//! direct sync) and runs a second `SyncClient` in the staff room (`staff::keys`).

use std::collections::BTreeSet;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, Value, ROOT};
use autosurgeon::{Hydrate, Reconcile};
use rust_decimal::Decimal;

use super::records::{
    PAYROLL_RUNS, PAYROLL_TABLES, PRO_LABORE, STAFF, TERMINATIONS, THIRTEENTH, VACATIONS,
};
use super::StaffError;
use crate::business::{root_maps, Business, Id, OpCtx, Tx};
use crate::error::{CoreError, CoreResult};
use crate::ledger::{self, categories, NewEntry};

/// The collections that belong to the staff document.
pub const STAFF_COLLECTIONS: &[&str] = &[
    STAFF,
    VACATIONS,
    PAYROLL_TABLES,
    PAYROLL_RUNS,
    THIRTEENTH,
    TERMINATIONS,
    PRO_LABORE,
];

/// Root key of the business document recording that the staff records moved out
/// ([`StaffMoved`]); root key of the staff document naming what it is ([`STAFF_KIND`]).
pub const STAFF_DOCUMENT: &str = "staff_document";

/// The value at [`STAFF_DOCUMENT`] in a staff document.
pub const STAFF_KIND: &str = "equipe";

/// The operation that moves staff records out of the business document.
pub const MIGRATE_OP: &str = "staff.migrate";

/// The mark, in the business document, that staff records live in their own document.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct StaffMoved {
    /// The device that moved them (hex).
    pub by: String,
    /// When (that device's clock, milliseconds).
    pub at_ms: i64,
}

/// Where this device finds the staff records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffAccess {
    /// In the business document: the team has not moved them (or there is no team).
    InBusiness,
    /// In the staff document this device holds.
    Separate,
    /// They moved and this device does not hold them: staff queries and operations are
    /// refused with [`StaffError::NoAccess`].
    None,
}

/// The ledger writes of one staff operation, made in the business document: in the same
/// change when the staff records live there, else in a change of the same name right
/// after the staff document's, without names ([`LedgerWrites::anonymous`]).
#[derive(Debug)]
pub(crate) struct LedgerWrites {
    anonymous: bool,
    effects: Vec<Effect>,
}

#[derive(Debug)]
enum Effect {
    Create { id: Id, entry: NewEntry },
    Cancel { id: Id, reason: String },
}

/// One payable a staff operation creates, with what a reader of the business document
/// may see of it.
#[derive(Debug)]
pub(crate) struct Payable {
    /// The id the entry gets in a business document that holds the staff records.
    pub id: Id,
    /// The description there (it names the person).
    pub description: String,
    /// The operation's label without names ("Folha 11/2026"), used when anonymous.
    pub label: String,
    /// The entry itself (amount, due date, category, account, source).
    pub entry: NewEntry,
}

/// What a category's payable is, for an unnamed description.
fn part_label(category: Option<&str>) -> &'static str {
    match category {
        Some(categories::SALARIES) => "salários líquidos",
        Some(categories::INSS) => "INSS",
        Some(categories::FGTS) => "FGTS",
        Some(categories::IRRF) => "IRRF",
        Some(categories::VACATION_13TH) => "líquido",
        Some(super::year_ops::PRO_LABORE_CATEGORY) => "líquido",
        _ => "valor",
    }
}

/// A short hex digest of `parts`, for ids and sources that must not carry staff ids.
fn digest(parts: &[&str]) -> String {
    let mut hasher = blake3::Hasher::new_derive_key("retaguarda 2026 staff payable id");
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update(&[0]);
    }
    crate::sync::keys::to_hex(&hasher.finalize().as_bytes()[..10])
}

impl LedgerWrites {
    fn new(anonymous: bool) -> Self {
        LedgerWrites {
            anonymous,
            effects: Vec::new(),
        }
    }

    /// Queues a payable and returns the id its entry gets. Anonymous payables of one
    /// operation with the same source, category and due date become one entry.
    pub(crate) fn payable(&mut self, p: Payable) -> Id {
        let Payable {
            id,
            description,
            label,
            mut entry,
        } = p;
        if !self.anonymous {
            entry.description = description;
            self.effects.push(Effect::Create {
                id: id.clone(),
                entry,
            });
            return id;
        }
        let source = entry.source.clone().unwrap_or_default();
        let due = entry.due_date.to_string();
        let category = entry.category.clone().unwrap_or_default();
        let id = format!("staff.{}", digest(&[&source, &category, &due]));
        for effect in &mut self.effects {
            if let Effect::Create {
                id: other,
                entry: e,
            } = effect
            {
                if *other == id {
                    e.amount += entry.amount;
                    return id;
                }
            }
        }
        entry.description = format!("{label} — {}", part_label(entry.category.as_deref()));
        entry.source = Some(format!("staff:{}", digest(&[&source])));
        entry.party = None;
        entry.document_ref = None;
        self.effects.push(Effect::Create {
            id: id.clone(),
            entry,
        });
        id
    }

    /// Queues the cancellation of an entry the staff operation created earlier.
    pub(crate) fn cancel(&mut self, id: &str, reason: &str) {
        self.effects.push(Effect::Cancel {
            id: id.to_string(),
            reason: reason.to_string(),
        });
    }

    fn write(self, tx: &mut Tx<'_>) -> CoreResult<()> {
        for effect in self.effects {
            match effect {
                Effect::Create { id, entry } if entry.amount > Decimal::ZERO => {
                    ledger::tx_create_entry_with_id(tx, &id, entry)?
                }
                Effect::Create { .. } => {}
                Effect::Cancel { id, reason } => ledger::tx_cancel_entry(tx, &id, Some(&reason))?,
            }
        }
        Ok(())
    }
}

/// A new, empty staff document written by `business`'s device.
fn new_staff_document(business: &Business, ctx: &OpCtx) -> CoreResult<Business> {
    let mut staff = Business::from_doc(AutoCommit::new(), business.device());
    staff.apply(ctx, "staff.document.create", |tx| {
        tx.put_root(STAFF_DOCUMENT, &STAFF_KIND.to_string())
    })?;
    Ok(staff)
}

/// Copies `src[from][key]` (a scalar or a whole object) to `dst[to][key]`.
fn copy_prop(
    src: &AutoCommit,
    from: &ObjId,
    key: &str,
    dst: &mut AutoCommit,
    to: &ObjId,
) -> CoreResult<()> {
    match src.get(from, key)? {
        None => Ok(()),
        Some((Value::Scalar(s), _)) => {
            dst.put(to, key, s.into_owned())?;
            Ok(())
        }
        Some((Value::Object(kind), obj)) => {
            let new = dst.put_object(to, key, kind)?;
            copy_object(src, &obj, kind, dst, &new)
        }
    }
}

fn copy_object(
    src: &AutoCommit,
    obj: &ObjId,
    kind: ObjType,
    dst: &mut AutoCommit,
    new: &ObjId,
) -> CoreResult<()> {
    match kind {
        ObjType::Map | ObjType::Table => {
            for key in src.keys(obj).collect::<Vec<_>>() {
                copy_prop(src, obj, &key, dst, new)?;
            }
        }
        ObjType::List => {
            for index in 0..src.length(obj) {
                match src.get(obj, index)? {
                    Some((Value::Scalar(s), _)) => dst.insert(new, index, s.into_owned())?,
                    Some((Value::Object(k), child)) => {
                        let made = dst.insert_object(new, index, k)?;
                        copy_object(src, &child, k, dst, &made)?;
                    }
                    None => {}
                }
            }
        }
        ObjType::Text => {
            let text = src.text(obj)?;
            dst.splice_text(new, 0, 0, &text)?;
        }
    }
    Ok(())
}

impl Business {
    /// Where this device finds the staff records.
    pub fn staff_access(&self) -> CoreResult<StaffAccess> {
        Ok(if self.staff.is_some() {
            StaffAccess::Separate
        } else if self.staff_moved()? {
            StaffAccess::None
        } else {
            StaffAccess::InBusiness
        })
    }

    /// Whether the business document records that the staff records moved out.
    fn staff_moved(&self) -> CoreResult<bool> {
        Ok(self.doc().get(ROOT, STAFF_DOCUMENT)?.is_some())
    }

    /// The document staff queries read: the staff document, this one while the records
    /// have not moved, or [`StaffError::NoAccess`].
    pub(crate) fn staff_read(&self) -> CoreResult<&Business> {
        match &self.staff {
            Some(staff) => Ok(staff),
            None if self.staff_moved()? => Err(StaffError::NoAccess.into()),
            None => Ok(self),
        }
    }

    /// Runs a staff operation: `f` writes the staff records through its `Tx` and queues
    /// its ledger writes. Where the records live in this document, everything is one
    /// change (as [`Business::apply`]); with the staff document, one change there and one
    /// change named `op` here with the payables, unnamed, made inside the staff change so
    /// that a refused ledger write leaves the staff document unchanged too. Refused with
    /// [`StaffError::NoAccess`] on a device without the staff document.
    pub(crate) fn staff_apply<T>(
        &mut self,
        ctx: &OpCtx,
        op: &str,
        f: impl FnOnce(&mut Tx<'_>, &mut LedgerWrites) -> CoreResult<T>,
    ) -> CoreResult<T> {
        let Some(mut staff) = self.staff.take() else {
            if self.staff_moved()? {
                return Err(StaffError::NoAccess.into());
            }
            return self.apply(ctx, op, |tx| {
                let mut writes = LedgerWrites::new(false);
                let value = f(tx, &mut writes)?;
                writes.write(tx)?;
                Ok(value)
            });
        };
        let result = self.check_role(op).and_then(|()| {
            staff.apply(ctx, op, |stx| {
                let mut writes = LedgerWrites::new(true);
                let value = f(stx, &mut writes)?;
                if !writes.effects.is_empty() {
                    self.apply(ctx, op, |tx| writes.write(tx))?;
                }
                Ok(value)
            })
        });
        self.staff = Some(staff);
        result
    }

    /// Loads the staff document (its saved bytes, or the snapshot its room starts with)
    /// beside this business document, written by this device from now on.
    pub fn attach_staff_document(&mut self, bytes: &[u8]) -> CoreResult<()> {
        let doc = AutoCommit::load(bytes).map_err(|e| CoreError::Corrupt(e.to_string()))?;
        let mut staff = Business::from_doc(doc, self.device());
        let kind: Option<String> = staff.get_root(STAFF_DOCUMENT).unwrap_or(None);
        if kind.as_deref() != Some(STAFF_KIND) {
            return Err(StaffError::NotStaffDocument.into());
        }
        staff.mark_saved();
        self.staff = Some(Box::new(staff));
        Ok(())
    }

    /// Drops the staff document from this device (its role stopped reading it); returns
    /// whether it held one. The app deletes its stored bytes too.
    pub fn detach_staff_document(&mut self) -> bool {
        self.staff.take().is_some()
    }

    /// The staff document, for the sync machinery and storage only (`save`,
    /// `save_incremental`, `load_incremental`, `heads`, `changes_since`, direct sync):
    /// operations and queries go through this business's own methods.
    pub fn staff_document_mut(&mut self) -> Option<&mut Business> {
        self.staff.as_deref_mut()
    }

    /// The staff document, read-only.
    pub fn staff_document(&self) -> Option<&Business> {
        self.staff.as_deref()
    }

    /// The staff document's audit log (who hired, changed a salary, closed a payroll…),
    /// oldest first, with each change's person as the team's members record it. Refused
    /// with [`StaffError::NoAccess`] on a device without the staff document; empty while
    /// the records live in the business document (its own log has them).
    pub fn staff_audit_log(&mut self) -> CoreResult<Vec<crate::audit::AuditEntry>> {
        if self.staff.is_none() {
            return match self.staff_moved()? {
                true => Err(StaffError::NoAccess.into()),
                false => Ok(Vec::new()),
            };
        }
        let mut log = match self.staff.as_deref_mut() {
            Some(staff) => staff.audit_log()?,
            None => Vec::new(),
        };
        for entry in &mut log {
            if entry.person.is_none() {
                entry.person = self.person_of(&entry.actor);
            }
        }
        Ok(log)
    }

    /// How many staff records the business document still holds (records a device of an
    /// older version wrote after they moved, or all of them before the move).
    pub fn staff_strays(&self) -> CoreResult<usize> {
        let mut count = 0;
        for collection in STAFF_COLLECTIONS {
            for map in root_maps(self.doc(), collection)? {
                count += self.doc().keys(&map).count();
            }
        }
        Ok(count)
    }

    /// Moves the staff records out of the business document into the staff document
    /// (created when this device holds none): one change in each document, the business
    /// document's deleting them and marking that they moved. Idempotent: run again, it
    /// moves only what a device still writing the old way added since, and writes nothing
    /// when there is nothing to move. A record the staff document already has is not
    /// copied over it. Returns how many records were copied. Refused on a device whose
    /// role may not (`staff.migrate`: owner or manager) and on a device without the staff
    /// document once the records moved.
    pub fn move_staff_out(&mut self, ctx: &OpCtx) -> CoreResult<usize> {
        self.check_role(MIGRATE_OP)?;
        let (mut staff, created) = match self.staff.take() {
            Some(staff) => (staff, false),
            None if self.staff_moved()? => return Err(StaffError::NoAccess.into()),
            None => (Box::new(new_staff_document(self, ctx)?), true),
        };
        let result = self.move_into(&mut staff, ctx);
        // A staff document made for a move that failed is dropped: the records stay where
        // they were, and this device keeps reading them there.
        if result.is_ok() || !created {
            self.staff = Some(staff);
        }
        result
    }

    fn move_into(&mut self, staff: &mut Business, ctx: &OpCtx) -> CoreResult<usize> {
        let mut strays: Vec<(&str, ObjId, String)> = Vec::new();
        for collection in STAFF_COLLECTIONS {
            for map in root_maps(self.doc(), collection)? {
                for key in self.doc().keys(&map) {
                    strays.push((collection, map.clone(), key));
                }
            }
        }
        let marked = self.staff_moved()?;
        if strays.is_empty() && marked {
            return Ok(0);
        }
        let mut present: BTreeSet<(&str, String)> = BTreeSet::new();
        for collection in STAFF_COLLECTIONS {
            for map in root_maps(staff.doc(), collection)? {
                present.extend(staff.doc().keys(&map).map(|k| (*collection, k)));
            }
        }
        let copies: Vec<&(&str, ObjId, String)> = strays
            .iter()
            .filter(|(c, _, k)| present.insert((c, k.clone())))
            .collect();
        if !copies.is_empty() {
            let src = self.doc();
            staff.apply(ctx, MIGRATE_OP, |tx| {
                for (collection, map, key) in &copies {
                    let dst = match root_maps(tx.doc(), collection)?.into_iter().next() {
                        Some(dst) => dst,
                        None => tx.doc_mut().put_object(ROOT, *collection, ObjType::Map)?,
                    };
                    copy_prop(src, map, key, tx.doc_mut(), &dst)?;
                }
                Ok(())
            })?;
        }
        let moved = StaffMoved {
            by: self.device().actor_hex(),
            at_ms: ctx.now_ms,
        };
        self.apply(ctx, MIGRATE_OP, |tx| {
            for (_, map, key) in &strays {
                tx.doc_mut().delete(map, key.as_str())?;
            }
            if !marked {
                tx.put_root(STAFF_DOCUMENT, &moved)?;
            }
            Ok(())
        })?;
        Ok(copies.len())
    }
}
