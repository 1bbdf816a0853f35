//! The close's computation: from what IndexedDB holds to the framed live document of the new
//! period and the framed archive. Pure, so it runs in the worker and in native tests alike.

use retaguarda_core::{Business, Device, OpCtx};

use super::CloseRequest;
use crate::storage::{assemble, frame, Persisted, StorageError};

/// The framed bytes a close stores: the live document as the new snapshot, and the document
/// as it was as the archive.
#[derive(Debug)]
pub struct Closed {
    pub live: Vec<u8>,
    pub archive: Vec<u8>,
}

/// Rebuilds the document from `persisted` as the start does, checks it is the page's
/// (`request.heads`), and splits it at the cutoff with core's `split_at`. `step` is told
/// before each step after the read (1, 2 and 3 of [`super::STEPS`]). The stored bytes and
/// the whole document are dropped as soon as they are no longer needed, so at most one copy
/// of the document is held here besides the result.
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
    let live = business
        .split_at(request.cutoff, &device, &ctx)
        .map_err(|e| e.to_string())?;
    step(3);
    let archive = frame(&business.save());
    drop(business);
    let mut live = live;
    Ok(Closed {
        live: frame(&live.save()),
        archive,
    })
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
            cutoff,
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
