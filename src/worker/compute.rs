//! The close's computation: from what IndexedDB holds to the framed live document of the new
//! period and the framed archive. Pure, so it runs in the worker and in native tests alike.

use retaguarda_core::{Business, CoreError, Device, OpCtx};

use super::{CloseRequest, Split};
use crate::storage::{assemble, frame, Persisted, StorageError};

/// The bytes a close stores: the live document as the new snapshot, and the document as it
/// was as the archive (both framed); for a team's close, also what the device carries over.
#[derive(Debug)]
pub struct Closed {
    pub live: Vec<u8>,
    pub archive: Vec<u8>,
    /// The change carrying over what this document holds after the mark's heads, for the
    /// new period's room (empty for a device alone, or when only marks came after them).
    pub carried: Vec<u8>,
    /// Whether this device wrote the mark it follows (it then gives the new room its first
    /// snapshot).
    pub author: bool,
}

/// Rebuilds the document from `persisted` as the start does, checks it is the page's
/// (`request.heads`), and splits it: at the cutoff with core's `split_at`, or where the
/// team's mark says with `follow_epoch`, as the page did. `step` is told before each step
/// after the read (1, 2 and 3 of [`super::STEPS`]). The stored bytes and the whole document
/// are dropped as soon as they are no longer needed, so at most one copy of the document is
/// held here besides the result.
pub fn close(
    persisted: Persisted,
    request: &CloseRequest,
    mut step: impl FnMut(usize),
) -> Result<Closed, String> {
    let device = Device::with_actor(request.actor, request.device_name.clone());
    step(1);
    let assembled = assemble(&persisted, &device).map_err(|e| e.to_string())?;
    drop(persisted);
    let mut business = assembled
        .business
        .ok_or_else(|| StorageError::Corrupt("não há documento guardado".into()).to_string())?;
    if !assembled.bad_chunks.is_empty() || !same_heads(&mut business, &request.heads) {
        // Another tab wrote, or the disk does not hold what the page shows: nothing is done.
        return Err(StorageError::Concurrent.to_string());
    }
    step(2);
    let ctx = OpCtx::new(request.today, request.now_ms);
    let (mut live, carried, author) = match &request.split {
        Split::Cutoff(cutoff) => (
            business
                .split_at(*cutoff, &device, &ctx)
                .map_err(|e| e.to_string())?,
            Vec::new(),
            false,
        ),
        Split::Mark(id) => follow(&mut business, id, &device, &ctx).map_err(|e| e.to_string())?,
    };
    step(3);
    let archive = frame(&business.save());
    drop(business);
    Ok(Closed {
        live: frame(&live.save()),
        archive,
        carried,
        author,
    })
}

/// The team's move to the period of mark `id`, as `AppCtx::split_for_mark` computes it on
/// the page when it has no live document at hand: the live document, what is carried over,
/// and whether this device wrote the mark.
fn follow(
    business: &mut Business,
    id: &str,
    device: &Device,
    ctx: &OpCtx,
) -> Result<(Business, Vec<u8>, bool), CoreError> {
    let mark = business
        .epoch_marks()?
        .into_iter()
        .find(|m| m.live_head == id)
        .ok_or_else(|| {
            CoreError::Conflict(
                "o fechamento da equipe ainda não está guardado neste aparelho; aguarde a \
                 sincronização."
                    .into(),
            )
        })?;
    let author = business.wrote_mark(id)?;
    let (live, carried) = business.follow_epoch(&mark, None, device, ctx)?;
    Ok((live, carried, author))
}

/// Whether the document's heads are `heads` (hex, in any order).
fn same_heads(business: &mut Business, heads: &[String]) -> bool {
    let mut ours: Vec<String> = business.heads().iter().map(|h| h.to_string()).collect();
    let mut theirs = heads.to_vec();
    ours.sort();
    theirs.sort();
    ours == theirs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::unframe;
    use chrono::NaiveDate;
    use retaguarda_core::epoch::EpochMark;
    use retaguarda_core::ledger::{AccountKind, EntryKind, NewAccount, NewEntry, NewPayment};
    use rust_decimal::Decimal;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn ctx() -> OpCtx {
        OpCtx::new(day(2026, 11, 22), 1_763_800_000_000)
    }

    /// A business stored as a snapshot and a chunk per operation, with a bank account, the
    /// flour of January paid then and the rent of November open: what the page holds.
    fn stored() -> (Device, Persisted, Business) {
        let device = Device::new("Teste");
        let mut business = Business::create(&device, "Padaria Pão Quente", &ctx()).unwrap();
        let snapshot = frame(&business.save());
        let mut chunks = Vec::new();
        let mut stored = |b: &mut Business| {
            let key = chunks.len() as u32 + 1;
            chunks.push((key, frame(&b.save_incremental())));
        };
        let bank = NewAccount {
            name: "Banco".into(),
            kind: AccountKind::Bank,
            opening_balance: Decimal::new(100_000, 2),
            opening_date: day(2026, 1, 1),
        };
        let account = business.create_account(&ctx(), bank).unwrap();
        stored(&mut business);
        let flour = NewEntry::new(
            EntryKind::Payable,
            "Farinha de janeiro",
            Decimal::new(42_000, 2),
            day(2026, 1, 10),
        );
        let id = business.create_entry(&ctx(), flour).unwrap();
        stored(&mut business);
        let payment = NewPayment {
            date: day(2026, 1, 10),
            amount: Decimal::new(42_000, 2),
            account,
            note: None,
        };
        business.pay_entry(&ctx(), &id, payment).unwrap();
        stored(&mut business);
        let rent = NewEntry::new(
            EntryKind::Payable,
            "Aluguel",
            Decimal::new(180_000, 2),
            day(2026, 11, 10),
        );
        business.create_entry(&ctx(), rent).unwrap();
        stored(&mut business);
        (
            device,
            Persisted {
                snapshot: Some(snapshot),
                chunks,
            },
            business,
        )
    }

    fn request(device: &Device, business: &mut Business, cutoff: NaiveDate) -> CloseRequest {
        CloseRequest {
            db: "teste".into(),
            actor: device.actor,
            device_name: device.name.clone(),
            split: Split::Cutoff(cutoff),
            today: ctx().today,
            now_ms: ctx().now_ms,
            heads: business.heads().iter().map(|h| h.to_string()).collect(),
        }
    }

    #[test]
    fn the_worker_computes_what_the_page_computed() {
        let (device, persisted, mut page) = stored();
        let cutoff = day(2026, 6, 1);
        let req = request(&device, &mut page, cutoff);
        let mut steps = Vec::new();
        let closed = close(persisted, &req, |s| steps.push(s)).unwrap();
        assert_eq!(steps, vec![1, 2, 3]);

        // The page's own computation, as `close_period` did it before the worker.
        let mut live_here = page.split_at(cutoff, &device, &ctx()).unwrap();
        let archive_here = page.save();

        let archive = unframe(&closed.archive).unwrap();
        assert_eq!(archive, archive_here.as_slice());
        let mut live = Business::load(unframe(&closed.live).unwrap(), &device).unwrap();
        // The split is deterministic: the same change, so the same heads.
        assert_eq!(live.heads(), live_here.heads());
        assert_eq!(live.period_start().unwrap(), Some(cutoff));
        // The flour left the day to day; the rent and the balance stayed.
        let names: Vec<String> = live
            .entries()
            .unwrap()
            .into_iter()
            .map(|(_, e)| e.description)
            .collect();
        assert_eq!(names, vec!["Aluguel".to_string()]);
        let today = ctx().today;
        assert_eq!(live.balances(today).unwrap(), page.balances(today).unwrap());
        assert_eq!(page.entries().unwrap().len(), 2, "the archive keeps both");
    }

    /// Bia's device as the page holds it after the team's close reached it: the shop of
    /// [`stored`] forked, an offline payment of the rent stored as her chunk, then Ana's
    /// mark (closing before June) merged in and stored. Returns her device, what her
    /// IndexedDB holds, her page's document and the mark.
    fn follower() -> (Device, Persisted, Business, EpochMark) {
        let (_, persisted, mut ana) = stored();
        let bia = Device::new("Notebook da Bia");
        let mut page = ana.fork(&bia);
        let mut persisted = persisted;
        let rent = page
            .entries()
            .unwrap()
            .into_iter()
            .find(|(_, e)| e.description == "Aluguel")
            .map(|(id, _)| id)
            .unwrap();
        let account = page.accounts().unwrap()[0].0.clone();
        page.mark_saved();
        let paid = NewPayment {
            date: day(2026, 11, 10),
            amount: Decimal::new(180_000, 2),
            account,
            note: None,
        };
        page.pay_entry(&ctx(), &rent, paid).unwrap();
        let key = persisted.chunks.len() as u32 + 1;
        persisted
            .chunks
            .push((key, frame(&page.save_incremental())));
        let (mark, _) = ana.mark_epoch(day(2026, 6, 1), &ctx()).unwrap();
        page.merge(&mut ana).unwrap();
        persisted
            .chunks
            .push((key + 1, frame(&page.save_incremental())));
        (bia, persisted, page, mark)
    }

    #[test]
    fn a_followers_move_is_the_one_the_page_computed() {
        let (bia, persisted, mut page, mark) = follower();
        let mut req = request(&bia, &mut page, day(2026, 6, 1));
        req.split = Split::Mark(mark.live_head.clone());
        let closed = close(persisted, &req, |_| {}).unwrap();

        // The page's own computation, as `split_for_mark` does it without the worker.
        assert!(!page.wrote_mark(&mark.live_head).unwrap());
        let (mut live_here, carried_here) = page.follow_epoch(&mark, None, &bia, &ctx()).unwrap();
        let archive_here = page.save();

        assert!(!closed.author, "Ana wrote the mark, not Bia");
        assert_eq!(unframe(&closed.archive).unwrap(), archive_here.as_slice());
        assert!(
            !carried_here.is_empty(),
            "Bia paid the rent after the mark's heads"
        );
        assert_eq!(closed.carried, carried_here);
        let mut live = Business::load(unframe(&closed.live).unwrap(), &bia).unwrap();
        assert_eq!(live.heads(), live_here.heads());
        // The split is the team's: its first change is the one the mark names.
        let split = live.changes_since(&[]);
        assert_eq!(split.len(), 2, "the split and Bia's carried payment");
        assert_eq!(split[1], closed.carried);
        assert_eq!(live.period_start().unwrap(), Some(day(2026, 6, 1)));
        let open: Vec<_> = live
            .entries()
            .unwrap()
            .into_iter()
            .map(|(_, e)| (e.open_amount(), e.description))
            .collect();
        assert_eq!(open, vec![(Decimal::ZERO, "Aluguel".to_string())]);
        let today = ctx().today;
        assert_eq!(live.balances(today).unwrap(), page.balances(today).unwrap());
    }

    #[test]
    fn the_device_that_wrote_the_mark_is_told_so() {
        let (device, persisted, mut page) = stored();
        let (mark, _) = page.mark_epoch(day(2026, 6, 1), &ctx()).unwrap();
        let mut persisted = persisted;
        let key = persisted.chunks.len() as u32 + 1;
        persisted
            .chunks
            .push((key, frame(&page.save_incremental())));
        let mut req = request(&device, &mut page, day(2026, 6, 1));
        req.split = Split::Mark(mark.live_head.clone());
        let closed = close(persisted, &req, |_| {}).unwrap();
        assert!(closed.author);
        assert!(
            closed.carried.is_empty(),
            "only the mark came after its heads"
        );
        let mut live = Business::load(unframe(&closed.live).unwrap(), &device).unwrap();
        assert_eq!(
            live.heads()
                .iter()
                .map(|h| h.to_string())
                .collect::<Vec<_>>(),
            vec![mark.live_head]
        );
    }

    #[test]
    fn a_mark_the_stored_document_does_not_hold_is_refused() {
        let (device, persisted, mut page) = stored();
        let mut req = request(&device, &mut page, day(2026, 6, 1));
        req.split = Split::Mark("00".repeat(32));
        let err = close(persisted, &req, |_| {}).unwrap_err();
        assert!(err.contains("aguarde a sincronização"), "{err}");
    }

    #[test]
    fn a_stored_document_other_than_the_pages_is_refused() {
        let (device, persisted, mut page) = stored();
        let mut req = request(&device, &mut page, day(2026, 6, 1));
        req.heads = vec!["00".repeat(32)];
        let err = close(persisted, &req, |_| {}).unwrap_err();
        assert_eq!(err, StorageError::Concurrent.to_string());
    }

    #[test]
    fn core_refusals_come_back_in_portuguese() {
        let (device, persisted, mut page) = stored();
        // A cutoff with no day before it.
        let req = request(&device, &mut page, NaiveDate::MIN);
        let err = close(persisted, &req, |_| {}).unwrap_err();
        assert!(err.contains("data inválida"), "{err}");
    }
}
