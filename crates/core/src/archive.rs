//! The archive split in core (docs/ARCHITECTURE.md, decision 12): a business's state
//! written into a new document with no history ([`Business::rebased`]), the live document
//! of an open period, which leaves out what was settled before it and carries it as
//! openings ([`Business::split_at`]), and the step that brings into a live document what
//! an offline device wrote in the old one after the split ([`Business::carry_over`]).
//!
//! Loading a document costs Automerge one rebuild and one SHA-256 per change it holds, and
//! the first read hydrates every record, so a business with years of history pays for all
//! of it on each start. This module owns the copies; moving a team to a new live document
//! is [`crate::epoch`].

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use automerge::{
    transaction::{CommitOptions, Transactable},
    AutoCommit, ChangeHash, ObjId, ObjType, Prop, ReadDoc, ScalarValue, Value, ROOT,
};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::business::{root_maps, Business, ChangeMessage, Device, Id, OpCtx};
use crate::charges::{Charge, CHARGES};
use crate::error::{CoreError, CoreResult};
use crate::inventory::records::{
    Movement, Product, Purchase, Sale, MOVEMENTS, PRODUCTS, PURCHASES, SALES,
};
use crate::inventory::stock::{stock_position, CostEntry, MovementKind};
use crate::ledger::{Account, Entry, Transfer, ACCOUNTS, ENTRIES, RECURRENCES, TRANSFERS};
use crate::parties::PARTIES;
use crate::reconcile::{BankLine, LineState, BANK_LINES};
use crate::views::action_key;

/// The root key of a live document that holds the first day of its period (ISO date). A
/// document without it holds the business's whole history.
pub const PERIOD_START: &str = "period_start";

/// Writes `records` into `collection` of `doc`, creating the collection if it is missing.
fn write_records<T: autosurgeon::Reconcile>(
    doc: &mut AutoCommit,
    collection: &str,
    records: &[(Id, T)],
) -> CoreResult<()> {
    if records.is_empty() {
        return Ok(());
    }
    let target = match root_maps(doc, collection)?.into_iter().next() {
        Some(target) => target,
        None => doc.put_object(ROOT, collection, ObjType::Map)?,
    };
    for (id, record) in records {
        autosurgeon::reconcile_prop(&mut *doc, &target, id.as_str(), record)?;
    }
    Ok(())
}

/// One object to fill: its sources (the winner first), the target, and the keys to leave
/// out of it.
type Job<'a> = (Vec<ObjId>, ObjId, Option<&'a BTreeSet<Id>>);

/// Copies objects from `src` into `dst`, breadth first: each object's values are written
/// together, and the objects they create are filled after, in the order they were created.
/// Automerge keeps ops sorted by object and objects by creation, so every op lands at the
/// end of its columns; filling depth first inserted each record's key before all the
/// records already written, and copying a full-scale shop took 81 s instead of seconds.
///
/// Each job is the objects to copy into one target, the winner first (a record's id that
/// a later source also holds is skipped), and the keys to leave out of it. Where devices wrote concurrently, the value
/// Automerge shows (the winner) is copied; callers that must not lose a conflict check
/// for them first.
fn copy_tree(src: &AutoCommit, dst: &mut AutoCommit, jobs: Vec<Job<'_>>) -> CoreResult<()> {
    let mut queue: VecDeque<Job<'_>> = jobs.into();
    while let Some((sources, to, skip)) = queue.pop_front() {
        for (n, from) in sources.iter().enumerate() {
            match src.object_type(from)? {
                ObjType::Map | ObjType::Table => {
                    let items: Vec<(String, Value<'static>, ObjId)> = src
                        .map_range(from, ..)
                        .map(|item| {
                            let id = item.id();
                            (item.key.to_string(), Value::from(item.value), id)
                        })
                        .collect();
                    for (key, value, id) in items {
                        if skip.is_some_and(|skip| skip.contains(&key))
                            || (n > 0 && dst.get(&to, key.as_str())?.is_some())
                        {
                            continue;
                        }
                        match value {
                            Value::Object(kind) => {
                                let child = dst.put_object(&to, key.as_str(), kind)?;
                                queue.push_back((vec![id], child, None));
                            }
                            Value::Scalar(scalar) => {
                                put_scalar_in_map(dst, &to, &key, scalar.into_owned())?
                            }
                        }
                    }
                }
                ObjType::List => {
                    let items: Vec<(Value<'static>, ObjId)> = src
                        .list_range(from, ..)
                        .map(|item| {
                            let id = item.id();
                            (Value::from(item.value), id)
                        })
                        .collect();
                    for (index, (value, id)) in items.into_iter().enumerate() {
                        match value {
                            Value::Object(kind) => {
                                let child = dst.insert_object(&to, index, kind)?;
                                queue.push_back((vec![id], child, None));
                            }
                            Value::Scalar(scalar) => dst.insert(&to, index, scalar.into_owned())?,
                        }
                    }
                }
                ObjType::Text => {
                    let text = src.text(from)?;
                    dst.splice_text(&to, 0, 0, &text)?;
                }
            }
        }
    }
    Ok(())
}

/// A counter keeps its type (its value is the sum of every increment so far); any other
/// scalar is copied as it is.
fn put_scalar_in_map(
    dst: &mut AutoCommit,
    to: &ObjId,
    key: &str,
    scalar: ScalarValue,
) -> CoreResult<()> {
    match scalar {
        ScalarValue::Counter(counter) => {
            dst.put(to, key, ScalarValue::counter(i64::from(&counter)))?
        }
        other => dst.put(to, key, other)?,
    }
    Ok(())
}

/// Makes `dst_obj[key]` what `src_obj[key]` is: a scalar is put when it differs, a map
/// present on both sides is brought up to date field by field (so a field another device
/// changed in `dst` meanwhile stays), anything else is written anew, and a key `src` lacks
/// is deleted.
fn sync_key(
    src: &AutoCommit,
    src_obj: &ObjId,
    dst: &mut AutoCommit,
    dst_obj: &ObjId,
    key: &str,
) -> CoreResult<()> {
    let theirs = src.get(src_obj, key)?;
    let ours = dst.get(dst_obj, key)?;
    match (theirs, ours) {
        (None, None) => {}
        (None, Some(_)) => dst.delete(dst_obj, key)?,
        (Some((Value::Scalar(s), _)), ours) => {
            let same = matches!(&ours, Some((Value::Scalar(o), _)) if o == &s);
            if !same {
                put_scalar_in_map(dst, dst_obj, key, s.into_owned())?;
            }
        }
        (Some((Value::Object(ObjType::Map), from)), Some((Value::Object(ObjType::Map), to))) => {
            let keys: BTreeSet<String> = src.keys(&from).chain(dst.keys(&to)).collect();
            for k in keys {
                sync_key(src, &from, dst, &to, &k)?;
            }
        }
        (Some((Value::Object(kind), from)), _) => {
            let to = dst.put_object(dst_obj, key, kind)?;
            copy_tree(src, dst, vec![(vec![from], to, None)])?;
        }
    }
    Ok(())
}

/// Notes that a change wrote `field` of record `id` (`None`: the whole record).
fn note_field(
    wrote: &mut BTreeMap<(String, Id), Option<BTreeSet<String>>>,
    collection: &str,
    id: &str,
    field: Option<&str>,
) {
    let slot = wrote
        .entry((collection.to_string(), id.to_string()))
        .or_insert_with(|| Some(BTreeSet::new()));
    match (slot.as_mut(), field) {
        (Some(fields), Some(field)) => {
            fields.insert(field.to_string());
        }
        (Some(_), None) => *slot = None,
        (None, _) => {}
    }
}

/// The ids of the records for which `pred` holds.
fn ids_where<T>(records: &[(Id, T)], pred: impl Fn(&T) -> bool) -> BTreeSet<Id> {
    records
        .iter()
        .filter(|(_, r)| pred(r))
        .map(|(id, _)| id.clone())
        .collect()
}

/// The records a copy leaves out, by collection.
type Dropped = BTreeMap<&'static str, BTreeSet<Id>>;

/// The cutoff Fechar período proposes on `today`: the first day of its month, so the
/// months before it leave the day to day.
pub fn proposed_cutoff(today: NaiveDate) -> NaiveDate {
    today.with_day(1).unwrap_or(today)
}

impl Business {
    /// The first day of the period this document holds, if it is the live document of a
    /// closed period ([`Business::split_at`]); `None` for a document with the whole history.
    pub fn period_start(&self) -> CoreResult<Option<NaiveDate>> {
        let Some(text) = self.get_root::<String>(PERIOD_START)? else {
            return Ok(None);
        };
        text.parse()
            .map(Some)
            .map_err(|_| CoreError::Document(format!("{PERIOD_START} = {text}")))
    }

    /// Refuses to join two documents of different periods: an archive and the live
    /// document split from it share no change, so their union would count what the
    /// openings already carry a second time.
    pub(crate) fn check_same_period(&self, other: &Business) -> CoreResult<()> {
        let (mine, theirs) = (self.period_start()?, other.period_start()?);
        if mine == theirs {
            return Ok(());
        }
        let describe = |start: Option<NaiveDate>| match start {
            Some(day) => format!("o período aberto em {}", day.format("%d/%m/%Y")),
            None => "o histórico de antes do fechamento".to_string(),
        };
        Err(CoreError::Conflict(format!(
            "este aparelho tem {} e o arquivo tem {}. Dados de períodos diferentes não se \
             juntam; para consultá-lo, restaure-o num aparelho (ou navegador) vazio.",
            describe(mine),
            describe(theirs)
        )))
    }

    /// This business's current state in a new document with no history, written by
    /// `device` in one change dated by `ctx`. The copy cannot merge with this document
    /// (they share no change), which is why moving a team to it is a team-wide step.
    pub fn rebased(&self, device: &Device, ctx: &OpCtx) -> CoreResult<Business> {
        self.copy_state(device, ctx, "business.rebase", &Dropped::new(), |_| Ok(()))
    }

    /// The live document of the period that starts on `cutoff`: a copy without history
    /// that leaves out what was settled before it. This document, unchanged, is the
    /// archive of what came before.
    ///
    /// Left out: entries due, competent and settled (paid in full or cancelled, every
    /// payment dated) before `cutoff`, with their settled charges; sales, purchases,
    /// transfers and stock movements dated before it. Kept: everything else, including
    /// every master record, any entry a kept charge, sale, purchase or bank line points at,
    /// and what an operation would recreate if it were missing: the entries of recurrences
    /// (made again for any period without one) and imported bank lines (a re-imported
    /// statement would bring them back as new).
    ///
    /// What was left out is carried as openings dated the day before `cutoff`: each
    /// account's opening balance becomes its balance that day less the earlier payments
    /// of the entries kept, and each product with stock gets one adjustment of its
    /// quantity at its average cost (id `opening.<product>.<cutoff>`). So balances and
    /// stock from that day on read exactly as in this document.
    pub fn split_at(
        &self,
        cutoff: NaiveDate,
        device: &Device,
        ctx: &OpCtx,
    ) -> CoreResult<Business> {
        let Some(day_before) = cutoff.pred_opt() else {
            return Err(CoreError::invalid("Data de corte", "data inválida."));
        };
        if let Some(start) = self.period_start()? {
            if cutoff <= start {
                return Err(CoreError::invalid(
                    "Data de corte",
                    format!(
                        "o período aberto começa em {}; escolha uma data depois dela.",
                        start.format("%d/%m/%Y")
                    ),
                ));
            }
        }
        let entries = self.entries_shared()?;
        let settled = |e: &Entry| {
            e.due_date < cutoff
                && e.competence_date < cutoff
                && match &e.cancelled {
                    Some(c) => c.date < cutoff,
                    None => e.open_amount() == Decimal::ZERO,
                }
                && e.payments.values().all(|p| p.date < cutoff)
        };
        // A recurring entry is recreated when its id is missing, so those stay.
        let recurrences: Vec<Id> = self.ids(RECURRENCES)?;
        let recurring = |id: &str| {
            recurrences.iter().any(|r| {
                id.strip_prefix(r.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
            })
        };
        let mut kept_entries: BTreeSet<Id> = entries
            .iter()
            .filter(|(id, e)| !settled(e) || recurring(id))
            .map(|(id, _)| id.clone())
            .collect();
        // A bank line that was reconciled points at its entry.
        for (_, line) in self.list::<BankLine>(BANK_LINES)?.iter() {
            if let LineState::Reconciled { entry, .. } = &line.state {
                kept_entries.insert(entry.clone());
            }
        }
        let mut dropped = Dropped::new();
        // A charge, sale or purchase leaves with its entry, or stays and keeps it.
        // A card sale has several entries: it leaves only when all of them do.
        let mut settle = |collection: &'static str, records: Vec<(Id, bool, Vec<Id>)>| {
            for (id, settled_before, own) in records {
                if settled_before && own.iter().all(|e| !kept_entries.contains(e)) {
                    dropped.entry(collection).or_default().insert(id);
                } else {
                    kept_entries.extend(own);
                }
            }
        };
        let charges: Vec<(Id, Charge)> = self.list(CHARGES)?;
        settle(
            CHARGES,
            charges
                .into_iter()
                .map(|(id, c)| {
                    let settled_before = c.due_date < cutoff
                        && (c.paid.as_ref().is_some_and(|p| p.date < cutoff)
                            || c.cancelled.as_ref().is_some_and(|x| x.date < cutoff));
                    (id, settled_before, vec![c.entry])
                })
                .collect(),
        );
        let sales: Vec<(Id, Sale)> = self.list(SALES)?;
        settle(
            SALES,
            sales
                .into_iter()
                .map(|(id, s)| (id, s.date < cutoff, s.entries()))
                .collect(),
        );
        let purchases: Vec<(Id, Purchase)> = self.list(PURCHASES)?;
        settle(
            PURCHASES,
            purchases
                .into_iter()
                .map(|(id, p)| (id, p.date < cutoff, vec![p.entry]))
                .collect(),
        );
        dropped.insert(
            ENTRIES,
            entries
                .iter()
                .filter(|(id, _)| !kept_entries.contains(id))
                .map(|(id, _)| id.clone())
                .collect(),
        );
        let transfers: Vec<(Id, Transfer)> = self.list(TRANSFERS)?;
        dropped.insert(TRANSFERS, ids_where(&transfers, |t| t.date < cutoff));
        let movements = self.stock_movements()?;
        dropped.insert(MOVEMENTS, ids_where(&movements, |m| m.date < cutoff));

        // Openings: what each account held the day before, less what the kept entries
        // already say about the days before.
        let balances = self.balances(day_before)?;
        let mut earlier_kept: BTreeMap<Id, Decimal> = BTreeMap::new();
        for (_, e) in entries.iter().filter(|(id, _)| kept_entries.contains(id)) {
            for p in e
                .payments
                .values()
                .filter(|p| p.voided.is_none() && p.date < cutoff)
            {
                *earlier_kept.entry(p.account.clone()).or_default() += e.kind.sign() * p.amount;
            }
        }
        let accounts: Vec<(Id, Account)> = self.list(ACCOUNTS)?;
        let mut openings: Vec<(Id, Account)> = Vec::new();
        for (id, mut account) in accounts {
            if account.opening_date > day_before {
                continue;
            }
            let held = balances
                .iter()
                .find(|b| b.id == id)
                .map(|b| b.balance)
                .unwrap_or(account.opening_balance);
            account.opening_balance =
                held - earlier_kept.get(&id).copied().unwrap_or(Decimal::ZERO);
            openings.push((id, account));
        }
        // Stock: each product's position the day before, replayed from its movements.
        let products: Vec<(Id, Product)> = self.list(PRODUCTS)?;
        let mut earlier: BTreeMap<&str, Vec<CostEntry>> = BTreeMap::new();
        for (id, m) in movements.iter().filter(|(_, m)| m.date < cutoff) {
            earlier
                .entry(m.product.as_str())
                .or_default()
                .push(CostEntry {
                    id: id.clone(),
                    date: m.date,
                    kind: m.kind,
                    quantity: m.quantity,
                    unit_cost: m.unit_cost,
                });
        }
        let mut stock_openings: Vec<(Id, Movement)> = Vec::new();
        for (id, product) in &products {
            let Some(moves) = earlier.remove(id.as_str()) else {
                continue;
            };
            let position = stock_position(moves, product.cost);
            if position.quantity.is_zero() {
                continue;
            }
            stock_openings.push((
                format!("opening.{id}.{cutoff}"),
                Movement {
                    product: id.clone(),
                    date: day_before,
                    kind: MovementKind::Adjustment,
                    quantity: position.quantity,
                    unit_cost: position.average_cost,
                    reason: Some(format!(
                        "Saldo de abertura do período ({})",
                        day_before.format("%d/%m/%Y")
                    )),
                    source: None,
                },
            ));
        }
        self.copy_state(device, ctx, "business.split", &dropped, |doc| {
            doc.put(ROOT, PERIOD_START, cutoff.to_string())?;
            write_records(doc, ACCOUNTS, &openings)?;
            write_records(doc, MOVEMENTS, &stock_openings)
        })
    }

    /// Carries into `live`, the live document this one was split into at `heads` (with
    /// `split_at(cutoff)`), what was written here after `heads`: the changes of a device
    /// that was offline when the period was closed, merged here since.
    ///
    /// The period is split again from this document as it is now, and `live` is brought
    /// up to date with it where those changes wrote: a record they created or that is now
    /// settled before the cutoff is written whole or removed (it lands in the openings),
    /// and a record they edited gets the fields they wrote, so a field another device
    /// changed in `live` meanwhile stays. Every account's opening balance and every
    /// opening movement are brought up to date too. All of it is one change; the number
    /// of records and fields written is returned. Like `split_at`, it is refused while a
    /// conflict the merge brought waits for a person.
    pub fn carry_over(
        &mut self,
        heads: &[ChangeHash],
        cutoff: NaiveDate,
        live: &mut Business,
        ctx: &OpCtx,
    ) -> CoreResult<usize> {
        let now = self.heads();
        let patches = self.doc_mut_for_history().diff(heads, &now);
        // What the changes wrote, by record: `None` for the whole record, or its fields.
        let mut wrote: BTreeMap<(String, Id), Option<BTreeSet<String>>> = BTreeMap::new();
        for patch in &patches {
            let mut path: Vec<String> = Vec::new();
            for (_, prop) in &patch.path {
                match prop {
                    Prop::Map(k) => path.push(k.clone()),
                    Prop::Seq(_) => break,
                }
            }
            let action = action_key(&patch.action);
            if path.first().is_some_and(|c| c == crate::epoch::EPOCHS)
                || (path.is_empty() && action.as_deref() == Some(crate::epoch::EPOCHS))
            {
                // Epoch marks belong to the old period only.
                continue;
            }
            if patch.path.len() > path.len() {
                // Inside a list: the map keys above it say which field.
                if let [coll, id, field, ..] = path.as_slice() {
                    note_field(&mut wrote, coll, id, Some(field));
                }
                continue;
            }
            match (path.as_slice(), action) {
                ([coll], Some(id)) => note_field(&mut wrote, coll, &id, None),
                ([coll, id], Some(field)) => note_field(&mut wrote, coll, id, Some(&field)),
                ([coll, id, field, ..], _) => note_field(&mut wrote, coll, id, Some(field)),
                _ => {}
            }
        }
        let device = live.device().clone();
        let wanted = self.split_at(cutoff, &device, ctx)?;
        for id in wanted.ids(ACCOUNTS)? {
            note_field(&mut wrote, ACCOUNTS, &id, Some("opening_balance"));
        }
        for doc in [&wanted, &*live] {
            for id in doc.ids(MOVEMENTS)? {
                if id.starts_with("opening.") {
                    note_field(&mut wrote, MOVEMENTS, &id, None);
                }
            }
        }
        let src = wanted.doc();
        live.apply(ctx, "business.carry_over", |tx| {
            let dst = tx.doc_mut();
            let mut written = 0;
            for ((collection, key), fields) in &wrote {
                let from = root_maps(src, collection)?.into_iter().next();
                let to = match root_maps(dst, collection)?.into_iter().next() {
                    Some(to) => to,
                    None if from.is_some() => {
                        dst.put_object(ROOT, collection.as_str(), ObjType::Map)?
                    }
                    None => continue,
                };
                let Some(from) = from else {
                    if dst.get(&to, key.as_str())?.is_some() {
                        dst.delete(&to, key.as_str())?;
                        written += 1;
                    }
                    continue;
                };
                let record_from = match src.get(&from, key.as_str())? {
                    Some((Value::Object(ObjType::Map), id)) => Some(id),
                    _ => None,
                };
                let record_to = match dst.get(&to, key.as_str())? {
                    Some((Value::Object(ObjType::Map), id)) => Some(id),
                    _ => None,
                };
                match (fields, record_from, record_to) {
                    (Some(fields), Some(record_from), Some(record_to)) => {
                        for field in fields {
                            sync_key(src, &record_from, dst, &record_to, field)?;
                            written += 1;
                        }
                    }
                    _ => {
                        sync_key(src, &from, dst, &to, key)?;
                        written += 1;
                    }
                }
            }
            Ok(written)
        })
    }

    /// Copies the state into a new document without the `dropped` records, lets `finish`
    /// write into it, and commits it all as one change named `op`.
    ///
    /// A collection that two devices created concurrently exists as two maps under one
    /// root key; the copy joins them into one, the winner's record first where both hold
    /// an id, as reads do.
    ///
    /// Two kinds of concurrent writes are not simply the winner. An entry that two devices
    /// created under one fixed id (a recurring or payroll entry) is read as its versions
    /// merged, so the copy holds that merge. A charge or a party whose fields devices
    /// changed concurrently shows the person a conflict to resolve; a copy would resolve it
    /// silently, so it is refused until the person has.
    fn copy_state(
        &self,
        device: &Device,
        ctx: &OpCtx,
        op: &str,
        dropped: &Dropped,
        finish: impl FnOnce(&mut AutoCommit) -> CoreResult<()>,
    ) -> CoreResult<Business> {
        for collection in [CHARGES, PARTIES] {
            for id in self.ids(collection)? {
                if !self.field_conflicts(collection, &id)?.is_empty() {
                    return Err(CoreError::Conflict(format!(
                        "há registros com valores conflitantes ({collection}, {id}); \
                         resolva-os antes de fechar o período."
                    )));
                }
            }
        }
        let src = self.doc();
        let mut doc = AutoCommit::new().with_actor(device.actor_id());
        let keys: Vec<String> = src.keys(ROOT).collect();
        let mut jobs = Vec::new();
        for key in keys {
            let maps = root_maps(src, &key)?;
            if !maps.is_empty() {
                let target = doc.put_object(ROOT, key.as_str(), ObjType::Map)?;
                jobs.push((maps, target, dropped.get(key.as_str())));
                continue;
            }
            match src.get(ROOT, key.as_str())? {
                Some((Value::Scalar(scalar), _)) => {
                    put_scalar_in_map(&mut doc, &ROOT, &key, scalar.into_owned())?
                }
                Some((Value::Object(kind), id)) => {
                    let child = doc.put_object(ROOT, key.as_str(), kind)?;
                    jobs.push((vec![id], child, None));
                }
                None => {}
            }
        }
        copy_tree(src, &mut doc, jobs)?;
        if let Some(target) = root_maps(&doc, ENTRIES)?.into_iter().next() {
            // An id is held twice when its map has concurrent values, or when two devices
            // created the collection itself and each put the id in its own.
            let mut seen: BTreeMap<String, usize> = BTreeMap::new();
            for map in root_maps(src, ENTRIES)? {
                for key in src.keys(&map) {
                    let n = src.get_all(&map, key.as_str())?.len();
                    *seen.entry(key).or_default() += n;
                }
            }
            let gone = dropped.get(ENTRIES);
            let created_twice = seen
                .into_iter()
                .filter(|(id, n)| *n > 1 && !gone.is_some_and(|g| g.contains(id)))
                .map(|(id, _)| id);
            for id in created_twice {
                if let Some(entry) = Entry::merge_versions(self.versions(ENTRIES, &id)?) {
                    autosurgeon::reconcile_prop(&mut doc, &target, id.as_str(), &entry)?;
                }
            }
        }
        finish(&mut doc)?;
        let message = ChangeMessage {
            op: op.to_string(),
            record: None,
            staff: ctx.staff.clone(),
            at: None,
        };
        doc.commit_with(
            CommitOptions::default()
                .with_message(message.encode())
                .with_time(ctx.now_ms.div_euclid(1000)),
        );
        Ok(Business::from_doc(doc, device))
    }
}
