//! Closing a period in a team (docs/SYNC.md, section 8): the epoch mark one device writes
//! into the old document, and the step every device of the team takes on reading it.
//!
//! The live document of the new period is made the same way on every device: the split of
//! the old document at the mark's heads, written by an actor derived from those heads with
//! the mark's time and staff. So each device computes it byte for byte, its one change has
//! the same hash on all of them (the mark names it, and a device checks it), and no device
//! has to wait for another's upload. What a device wrote in the old document after those
//! heads is then carried over into the live one as its own change.

use automerge::{ChangeHash, ReadDoc};
use autosurgeon::{Hydrate, Reconcile};
use chrono::NaiveDate;

use crate::business::{root_maps, Business, ChangeMessage, Device, OpCtx};
use crate::error::{CoreError, CoreResult};

/// The root collection of epoch marks, keyed by the hash of the new live document's change.
pub const EPOCHS: &str = "epochs";

/// The operation name of the change that writes a mark.
pub const EPOCH_OP: &str = "business.epoch";

/// A team's decision to close the period before `cutoff`, as recorded in the old document.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct EpochMark {
    /// The first day of the new period (ISO date).
    pub cutoff: String,
    /// The heads of the old document the period was split at (hex).
    pub heads: Vec<String>,
    /// The hash of the one change of the new live document (hex); also the epoch's id.
    pub live_head: String,
    /// When the period was closed (the split change's time, milliseconds).
    pub at_ms: i64,
    /// The staff member who closed it, if any.
    pub staff: Option<String>,
}

impl EpochMark {
    /// The first day of the new period.
    pub fn cutoff_date(&self) -> CoreResult<NaiveDate> {
        self.cutoff
            .parse()
            .map_err(|_| CoreError::Document(format!("{EPOCHS}: data {}", self.cutoff)))
    }

    /// The heads the period was split at.
    pub fn split_heads(&self) -> CoreResult<Vec<ChangeHash>> {
        self.heads
            .iter()
            .map(|h| {
                h.parse()
                    .map_err(|_| CoreError::Document(format!("{EPOCHS}: hash {h}")))
            })
            .collect()
    }

    /// The hash of the live document's one change.
    fn live_hash(&self) -> CoreResult<ChangeHash> {
        self.live_head
            .parse()
            .map_err(|_| CoreError::Document(format!("{EPOCHS}: hash {}", self.live_head)))
    }

    /// The epoch's id as 32 bytes (the hash of the live document's change), from which
    /// the team's room for the new period is derived.
    pub fn epoch_id(&self) -> CoreResult<[u8; 32]> {
        Ok(self.live_hash()?.0)
    }
}

/// The actor that writes the split for `heads`: the same on every device, and not any
/// device's own (a device's actor writes its own changes in the live document after).
fn epoch_device(heads: &[ChangeHash]) -> Device {
    let mut hasher = blake3::Hasher::new_derive_key("retaguarda 2026 epoch split actor");
    for head in heads {
        hasher.update(&head.0);
    }
    let mut actor = [0u8; 16];
    actor.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
    Device {
        actor,
        name: "Fechamento de período".to_string(),
    }
}

/// Heads in the order the mark keeps them, so every device writes the same mark.
fn sorted(mut heads: Vec<ChangeHash>) -> Vec<ChangeHash> {
    heads.sort();
    heads
}

impl Business {
    /// The epoch marks in this document (two when devices closed concurrently).
    pub fn epoch_marks(&self) -> CoreResult<Vec<EpochMark>> {
        Ok(self
            .list::<EpochMark>(EPOCHS)?
            .into_iter()
            .map(|(_, mark)| mark)
            .collect())
    }

    /// Whether this device wrote the mark `id` (so it uploads the new period's snapshot,
    /// even after a restart lost the live document it computed then).
    pub fn wrote_mark(&self, id: &str) -> CoreResult<bool> {
        let mine = self.actor();
        for map in root_maps(self.doc(), EPOCHS)? {
            for (_, op) in self.doc().get_all(&map, id)? {
                if let automerge::ObjId::Id(_, actor, _) = op {
                    if actor == mine {
                        return Ok(true);
                    }
                }
            }
        }
        Ok(false)
    }

    /// The live document of the period the mark closes, as every device computes it:
    /// this document at `heads` split at `cutoff` by the epoch's actor.
    fn epoch_split(
        &mut self,
        heads: &[ChangeHash],
        cutoff: NaiveDate,
        at_ms: i64,
        staff: Option<String>,
    ) -> CoreResult<Business> {
        let writer = epoch_device(heads);
        let ctx = OpCtx {
            today: cutoff,
            now_ms: at_ms,
            staff,
        };
        if sorted(self.heads()) == heads {
            return self.split_at(cutoff, &writer, &ctx);
        }
        let past = self.doc_mut_for_history().fork_at(heads).map_err(|_| {
            CoreError::Conflict(
                "este aparelho ainda não recebeu tudo o que havia quando o período foi \
                 fechado; aguarde a sincronização."
                    .into(),
            )
        })?;
        Business::from_doc(past, &writer).split_at(cutoff, &writer, &ctx)
    }

    /// Closes the period before `cutoff` for the whole team: computes the live document,
    /// writes the mark into this one (one change, [`EPOCH_OP`]) and returns both. The live
    /// document is written by the epoch's actor; [`Business::follow_epoch`] takes it over.
    ///
    /// Refused when this document already holds a mark (the period was closed by another
    /// device and this one has not moved yet), and for the reasons `split_at` refuses.
    pub fn mark_epoch(
        &mut self,
        cutoff: NaiveDate,
        ctx: &OpCtx,
    ) -> CoreResult<(EpochMark, Business)> {
        if !self.epoch_marks()?.is_empty() {
            return Err(CoreError::Conflict(
                "o período já foi fechado por outro aparelho da equipe; aguarde a \
                 sincronização."
                    .into(),
            ));
        }
        let heads = sorted(self.heads());
        let mut live = self.epoch_split(&heads, cutoff, ctx.now_ms, ctx.staff.clone())?;
        let live_head = match live.heads().as_slice() {
            [one] => *one,
            _ => {
                return Err(CoreError::Document(
                    "a divisão do período não é uma só mudança".into(),
                ))
            }
        };
        let mark = EpochMark {
            cutoff: cutoff.to_string(),
            heads: heads.iter().map(|h| h.to_string()).collect(),
            live_head: live_head.to_string(),
            at_ms: ctx.now_ms,
            staff: ctx.staff.clone(),
        };
        self.apply(ctx, EPOCH_OP, |tx| tx.put(EPOCHS, &mark.live_head, &mark))?;
        Ok((mark, live))
    }

    /// Moves this device to the period `mark` opened: returns the live document, written
    /// by `device` from now on, with what this document holds after the mark's heads
    /// carried over as one change, and that change's bytes for the new period's room
    /// (empty when nothing but marks came after the heads).
    ///
    /// `ready` is the live document [`Business::mark_epoch`] returned, which spares the
    /// device that closed the period a second split. The live document must be the one
    /// the mark names; a device that computes another (a different version of Retaguarda)
    /// is refused rather than joining a period of its own.
    pub fn follow_epoch(
        &mut self,
        mark: &EpochMark,
        ready: Option<Business>,
        device: &Device,
        ctx: &OpCtx,
    ) -> CoreResult<(Business, Vec<u8>)> {
        let heads = mark.split_heads()?;
        let split = [mark.live_hash()?];
        let cutoff = mark.cutoff_date()?;
        let mut live = match ready {
            Some(live) => live,
            None => self.epoch_split(&heads, cutoff, mark.at_ms, mark.staff.clone())?,
        };
        if live.heads() != split {
            return Err(CoreError::Conflict(
                "este aparelho calculou um período diferente do da equipe; atualize o \
                 Retaguarda em todos os aparelhos e tente de novo."
                    .into(),
            ));
        }
        let mut live = live.with_device(device);
        // The staff document has no periods: it goes on beside the new live document.
        live.staff = self.staff.take();
        let after: Vec<automerge::Change> = self.doc_mut_for_history().get_changes(&heads);
        let only_marks = after.iter().all(|c| {
            c.message()
                .and_then(ChangeMessage::decode)
                .is_some_and(|m| m.op == EPOCH_OP)
        });
        if only_marks {
            return Ok((live, Vec::new()));
        }
        self.carry_over(&heads, cutoff, &mut live, ctx)?;
        let carried = live.changes_since(&split).concat();
        Ok((live, carried))
    }
}
