//! Closing a period (docs/ARCHITECTURE.md, decision 16): what was settled before a cutoff
//! goes to an archive kept beside the document, and the app goes on with the live document
//! of the period.
//!
//! Alone, [`AppCtx::close_period`] does it all, the split computed off the page by the
//! close's worker (`crate::worker`). In a team the sync client drives the move
//! (docs/SYNC.md, section 8) and calls in here, one way, for the document and storage
//! halves: [`AppCtx::mark_epoch`] writes the mark and [`AppCtx::store_mark`] stores it once
//! the client has sealed its change; [`AppCtx::split_for_mark`] computes the live document
//! the team moves to (in the same worker, unless this device wrote the mark and holds it
//! already), and [`AppCtx::install_period`] stores it with the new room's sync state in one
//! transaction.

use chrono::NaiveDate;
use js_sys::Uint8Array;
use leptos::prelude::{GetValue, Set};
use retaguarda_core::epoch::EpochMark;
use retaguarda_core::{backup, Business, CoreError, Device, OpCtx};

use super::{op_ctx, today, AppCtx, AppError};
use crate::storage::idb::Idb;
use crate::storage::{frame, meta, unframe, StorageError};
use crate::worker::client::{close_in_worker, Progress, WorkerError};
use crate::worker::{CloseRequest, Split};

/// A period's split computed and not stored yet.
pub struct PeriodMove {
    cutoff: NaiveDate,
    framed: Framed,
    live: Business,
    /// The chunks the archive covers, deleted when the live document is stored.
    covered: Vec<u32>,
    /// What this device wrote after the mark's heads, carried into the live document.
    carried: Vec<u8>,
    /// Whether this device wrote the mark.
    author: bool,
    /// Writes stay refused until the move is stored (a split made off the page).
    _closing: Option<ClosingGuard>,
}

/// Where a move's stored bytes are.
enum Framed {
    /// Computed on the page: the document as it was, framed (the archive); the live
    /// document is framed when stored.
    Page { archive: Vec<u8> },
    /// Sent by the worker, in JS memory: stored without a copy through the page's wasm.
    Worker {
        archive: Uint8Array,
        live: Uint8Array,
    },
}

impl PeriodMove {
    /// The live document of the new period.
    pub fn live_mut(&mut self) -> &mut Business {
        &mut self.live
    }

    /// The change carrying over what this device wrote after the mark.
    pub fn carried(&self) -> &[u8] {
        &self.carried
    }

    /// Whether this device wrote the mark it follows (it then gives the new room its
    /// first snapshot).
    pub fn wrote_mark(&self) -> bool {
        self.author
    }
}

/// An epoch mark written into the document in memory, and not stored yet.
pub struct EpochMarked {
    pub mark: EpochMark,
    /// The mark's change, for the sync client to seal as its next blob.
    pub change: Vec<u8>,
    unsaved: Vec<u8>,
}

/// Whether two lists of heads (hex) are the same, in any order.
fn same_heads(ours: &[String], theirs: &[String]) -> bool {
    let mut ours = ours.to_vec();
    let mut theirs = theirs.to_vec();
    ours.sort();
    theirs.sort();
    ours == theirs
}

/// Refuses a cutoff after today: a period still running cannot be closed.
fn check_cutoff(cutoff: NaiveDate) -> Result<(), AppError> {
    if cutoff > today() {
        return Err(
            CoreError::invalid("Data de corte", "o período só pode ser fechado até hoje.").into(),
        );
    }
    Ok(())
}

/// Marks the app as closing a period until dropped, so writes are refused meanwhile.
struct ClosingGuard(AppCtx);

impl ClosingGuard {
    fn begin(app: AppCtx) -> Result<ClosingGuard, AppError> {
        let cell = app.cell();
        let mut inner = cell.borrow_mut();
        if std::mem::replace(&mut inner.closing, true) {
            return Err(AppError::Closing);
        }
        Ok(ClosingGuard(app))
    }
}

impl Drop for ClosingGuard {
    fn drop(&mut self) {
        // A state made for a test may be gone by now.
        if let Some(cell) = self.0.inner.try_get_value() {
            cell.borrow_mut().closing = false;
        }
    }
}

impl AppCtx {
    /// Closes the period before `cutoff` on this device: what was settled before it stays
    /// in an archive kept beside the document, and the app goes on with the live document
    /// of the period, which carries it as openings. Refused in a team, whose devices close
    /// together (the sync client's close), for a day after today, and on any core refusal;
    /// a refusal or a failed write leaves everything as it was.
    ///
    /// The split runs in the close's worker (`crate::worker`), which reads the stored
    /// document itself; the page stays responsive, tells `on_progress` each step, and
    /// refuses writes until the close ends ([`AppError::Closing`]): a write made after the
    /// worker read the document would be in neither the archive nor the live document.
    /// Nothing is stored before the worker's result, so a tab closed meanwhile changes
    /// nothing. Where no worker can start, the page computes the same split itself.
    pub async fn close_period(
        &self,
        cutoff: NaiveDate,
        on_progress: impl Fn(Progress),
    ) -> Result<(), AppError> {
        let idb = self.idb()?;
        let team = idb.meta(meta::TEAM).await?;
        if team.is_some_and(|t| !t.is_empty()) {
            return Err(AppError::InTeam);
        }
        check_cutoff(cutoff)?;
        let closing = ClosingGuard::begin(*self)?;
        // The chunks the close replaces must all be on disk, with their keys known: the
        // worker reads them there.
        self.flushed().await?;
        let ctx = op_ctx();
        let (request, device, covered) = self.close_request(&idb, Split::Cutoff(cutoff), &ctx)?;
        let period = match close_in_worker(&request, on_progress).await {
            Ok(result) => self.worker_move(cutoff, result, &device, covered)?,
            // No worker in this browser (or its files could not be had): the page computes
            // the same split itself, as before the worker, frozen meanwhile.
            Err(WorkerError::Unavailable) => {
                let cell = self.cell();
                let mut inner = cell.borrow_mut();
                let business = inner.business.as_mut().ok_or(AppError::NotReady)?;
                let live = business.split_at(cutoff, &device, &ctx)?;
                PeriodMove {
                    cutoff,
                    framed: Framed::Page {
                        archive: frame(&business.save()),
                    },
                    live,
                    covered,
                    carried: Vec::new(),
                    author: false,
                    _closing: None,
                }
            }
            Err(e) => return Err(e.into()),
        };
        let stored = self.store_period(&idb, period, &[]).await;
        drop(closing);
        stored
    }

    /// What the close's worker needs besides IndexedDB, with this device and the chunks
    /// the stored document is made of.
    fn close_request(
        &self,
        idb: &Idb,
        split: Split,
        ctx: &OpCtx,
    ) -> Result<(CloseRequest, Device, Vec<u32>), AppError> {
        let cell = self.cell();
        let mut inner = cell.borrow_mut();
        let device = inner.device.clone().ok_or(AppError::NotReady)?;
        let covered: Vec<u32> = inner.chunks.iter().map(|(k, _)| *k).collect();
        let business = inner.business.as_mut().ok_or(AppError::NotReady)?;
        let request = CloseRequest {
            db: idb.name(),
            actor: device.actor,
            device_name: device.name.clone(),
            split,
            today: ctx.today,
            now_ms: ctx.now_ms,
            heads: business.heads().iter().map(|h| h.to_string()).collect(),
        };
        Ok((request, device, covered))
    }

    /// The move the worker computed. The live document is the period's, small: the page's
    /// copy of it comes from the worker's bytes, loaded as a start loads its snapshot.
    fn worker_move(
        &self,
        cutoff: NaiveDate,
        result: crate::worker::client::Result,
        device: &Device,
        covered: Vec<u32>,
    ) -> Result<PeriodMove, AppError> {
        let framed_live = result.live.to_vec();
        let bytes = unframe(&framed_live)
            .ok_or_else(|| StorageError::Corrupt("o documento do período não confere".into()))?;
        let live = Business::load(bytes, device)?;
        Ok(PeriodMove {
            cutoff,
            framed: Framed::Worker {
                archive: result.archive,
                live: result.live,
            },
            live,
            covered,
            carried: result.carried,
            author: result.author,
            _closing: None,
        })
    }

    /// Writes the mark that closes the team's period before `cutoff` into the document, in
    /// memory, and keeps the live document it computed for when the device follows its own
    /// mark. The caller seals the mark's change before anything else can run, then stores
    /// it with [`AppCtx::store_mark`].
    pub fn mark_epoch(&self, cutoff: NaiveDate) -> Result<EpochMarked, AppError> {
        check_cutoff(cutoff)?;
        let ctx = op_ctx();
        let cell = self.cell();
        let mut inner = cell.borrow_mut();
        let business = inner.business.as_mut().ok_or(AppError::NotReady)?;
        let heads = business.heads();
        let (mark, live) = business.mark_epoch(cutoff, &ctx)?;
        let change = business.changes_since(&heads).concat();
        let unsaved = business.save_incremental();
        inner.ready_epoch = Some((mark.live_head.clone(), live));
        Ok(EpochMarked {
            mark,
            change,
            unsaved,
        })
    }

    /// Stores a mark written by [`AppCtx::mark_epoch`] (not told to the sync client: it
    /// sealed the change already).
    pub async fn store_mark(&self, marked: EpochMarked) -> Result<EpochMark, AppError> {
        let written = match self.idb() {
            Ok(_) => self.persist_local(marked.unsaved, false).await,
            Err(e) => Err(e),
        };
        self.changed();
        written?;
        Ok(marked.mark)
    }

    /// Computes the move to the period `mark` opened: the live document as the team
    /// computes it, with what this device wrote after the mark's heads carried over.
    ///
    /// The device that wrote the mark holds the live document already and moves on the
    /// page. Any other runs the split in the close's worker as [`AppCtx::close_period`]
    /// does, telling `on_progress` each step, with writes refused until the move is stored
    /// ([`AppError::Closing`]); the sync client holds what the relay sends meanwhile. Where
    /// no worker starts, the page splits itself. A document changed on the page while the
    /// worker ran (another tab, a direct link) is refused as [`StorageError::Concurrent`],
    /// nothing done, to be tried again.
    pub async fn split_for_mark(
        &self,
        mark: &EpochMark,
        on_progress: impl Fn(Progress),
    ) -> Result<PeriodMove, AppError> {
        let ready = self
            .cell()
            .borrow_mut()
            .ready_epoch
            .take()
            .filter(|(id, _)| *id == mark.live_head)
            .map(|(_, live)| live);
        if ready.is_some() {
            return self.split_on_page(mark, ready);
        }
        let idb = self.idb()?;
        let closing = ClosingGuard::begin(*self)?;
        self.flushed().await?;
        let ctx = op_ctx();
        let (request, device, covered) =
            self.close_request(&idb, Split::Mark(mark.live_head.clone()), &ctx)?;
        let result = match close_in_worker(&request, on_progress).await {
            Ok(result) => result,
            Err(WorkerError::Unavailable) => {
                let mut period = self.split_on_page(mark, None)?;
                period._closing = Some(closing);
                return Ok(period);
            }
            Err(e) => return Err(e.into()),
        };
        let mut period = self.worker_move(mark.cutoff_date()?, result, &device, covered)?;
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let business = inner.business.as_mut().ok_or(AppError::NotReady)?;
            let heads: Vec<String> = business.heads().iter().map(|h| h.to_string()).collect();
            if !same_heads(&heads, &request.heads) {
                return Err(StorageError::Concurrent.into());
            }
            // The staff document has no periods: it goes on beside the live document, as
            // `follow_epoch` carries it on the page.
            if let Some(staff) = business.staff_document_mut() {
                let save = staff.save();
                period.live.attach_staff_document(&save)?;
            }
        }
        period._closing = Some(closing);
        Ok(period)
    }

    /// The move computed on the page: the split of the mark's heads (or `ready`, the live
    /// document this device computed when it wrote the mark) and the archive's save.
    fn split_on_page(
        &self,
        mark: &EpochMark,
        ready: Option<Business>,
    ) -> Result<PeriodMove, AppError> {
        let cutoff = mark.cutoff_date()?;
        let ctx = op_ctx();
        let cell = self.cell();
        let mut inner = cell.borrow_mut();
        let device = inner.device.clone().ok_or(AppError::NotReady)?;
        let covered: Vec<u32> = inner.chunks.iter().map(|(k, _)| *k).collect();
        let business = inner.business.as_mut().ok_or(AppError::NotReady)?;
        let author = ready.is_some() || business.wrote_mark(&mark.live_head)?;
        let (live, carried) = business.follow_epoch(mark, ready, &device, &ctx)?;
        Ok(PeriodMove {
            cutoff,
            framed: Framed::Page {
                archive: frame(&business.save()),
            },
            live,
            covered,
            carried,
            author,
            _closing: None,
        })
    }

    /// Stores a period's move (the archive, the live document and `meta`: the team's new
    /// room and sync state) in one transaction, then goes on with the live document and
    /// tells the other tabs to start again.
    pub async fn install_period(
        &self,
        period: PeriodMove,
        meta: &[(&'static str, String)],
    ) -> Result<(), AppError> {
        let idb = self.idb()?;
        self.store_period(&idb, period, meta).await
    }

    async fn store_period(
        &self,
        idb: &Idb,
        period: PeriodMove,
        meta: &[(&'static str, String)],
    ) -> Result<(), AppError> {
        let PeriodMove {
            cutoff,
            framed,
            mut live,
            covered,
            _closing,
            ..
        } = period;
        let covered = self.covered_now(covered).await;
        let cutoff = cutoff.to_string();
        let snapshot_len = match framed {
            Framed::Page { archive } => {
                let framed_live = frame(&live.save());
                idb.close_period(&cutoff, &archive, &framed_live, &covered, meta)
                    .await?;
                framed_live.len()
            }
            Framed::Worker {
                archive,
                live: framed_live,
            } => {
                idb.close_period_from(&cutoff, &archive, &framed_live, &covered, meta)
                    .await?;
                framed_live.length() as usize
            }
        };
        // Writes are taken again once the live document is in place.
        self.install_live(idb, live, snapshot_len).await
    }

    /// The chunks a close replaces: those the move was made of, and any write still queued
    /// then, which lands now, before the move is stored (its changes are in the document
    /// the move was made of). A failed one is dropped with what it held, as before.
    async fn covered_now(&self, mut covered: Vec<u32>) -> Vec<u32> {
        let _ = self.flushed().await;
        for (key, _) in self.cell().borrow().chunks.iter() {
            if !covered.contains(key) {
                covered.push(*key);
            }
        }
        covered
    }

    /// Goes on with the live document just stored (`snapshot_len` framed bytes) and tells
    /// the other tabs to start again.
    async fn install_live(
        &self,
        idb: &Idb,
        mut live: Business,
        snapshot_len: usize,
    ) -> Result<(), AppError> {
        live.mark_saved();
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner.business = Some(live);
            inner.snapshot_len = snapshot_len;
            inner.chunks.clear();
            // What a failed write left in memory is in both documents now.
            inner.unsaved.clear();
            inner.summary = None;
        }
        self.write_error.set(None);
        // A close outside a team (`split_at`) leaves the staff document behind: the live
        // document takes the stored one, as a start would.
        let detached = self
            .cell()
            .borrow()
            .business
            .as_ref()
            .is_some_and(|b| b.staff_document().is_none());
        if detached {
            self.attach_stored_staff(idb.staff_document().await?);
        }
        self.broadcast_period_closed();
        self.changed();
        self.refresh_storage_info();
        Ok(())
    }

    /// The cutoffs of the periods closed on this device, oldest first.
    pub async fn closed_periods(&self) -> Result<Vec<NaiveDate>, AppError> {
        let idb = self.idb()?;
        Ok(idb
            .archives()
            .await?
            .iter()
            .filter_map(|c| c.parse().ok())
            .collect())
    }

    /// The archive of the period closed at `cutoff` as a `.retaguarda` file, which restores
    /// on an empty device to read it.
    pub async fn archive_file(&self, cutoff: NaiveDate) -> Result<Vec<u8>, AppError> {
        let idb = self.idb()?;
        let framed = idb.archive(&cutoff.to_string()).await?.ok_or_else(|| {
            StorageError::Corrupt("o arquivo do período não foi encontrado".into())
        })?;
        let bytes = crate::storage::unframe(&framed)
            .ok_or_else(|| StorageError::Corrupt("o arquivo do período não confere".into()))?;
        Ok(backup::wrap(bytes))
    }
}
