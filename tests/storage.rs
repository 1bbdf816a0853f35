//! Browser tests of the storage module against the real IndexedDB of headless Chromium.
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDate;
use retaguarda::storage::idb::Idb;
use retaguarda::storage::{assemble, frame, Persisted};
use retaguarda_core::{Business, Device, OpCtx};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn ctx() -> OpCtx {
    OpCtx::new(
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        1_763_800_000_000,
    )
}

/// A database of its own per test, so tests do not see each other's data.
async fn fresh(name: &str) -> Idb {
    if let Ok(old) = Idb::open(name).await {
        old.delete().await.unwrap();
    }
    Idb::open(name).await.unwrap()
}

async fn write_ops(idb: &Idb, business: &mut Business, n: usize) {
    for i in 0..n {
        business
            .apply(&ctx(), "test.note", |tx| {
                tx.put_root("note", &format!("nota {i}"))?;
                Ok(())
            })
            .unwrap();
        idb.append_chunk(&frame(&business.save_incremental()))
            .await
            .unwrap();
    }
}

#[wasm_bindgen_test]
async fn operations_survive_dropping_the_document() {
    let idb = fresh("t-roundtrip").await;
    let device = Device::new("Teste");
    let mut business = Business::create(&device, "Padaria", &ctx()).unwrap();
    idb.append_chunk(&frame(&business.save_incremental()))
        .await
        .unwrap();
    write_ops(&idb, &mut business, 20).await;
    let heads = business.heads();
    drop(business);

    let persisted = idb.read_all().await.unwrap();
    assert_eq!(persisted.chunks.len(), 21);
    let mut assembled = assemble(&persisted, &device).unwrap();
    assert!(assembled.bad_chunks.is_empty());
    assert_eq!(assembled.business.as_mut().unwrap().heads(), heads);
}

#[wasm_bindgen_test]
async fn compaction_keeps_content_and_removes_chunks() {
    let idb = fresh("t-compact").await;
    let device = Device::new("Teste");
    let mut business = Business::create(&device, "Padaria", &ctx()).unwrap();
    idb.append_chunk(&frame(&business.save_incremental()))
        .await
        .unwrap();
    write_ops(&idb, &mut business, 10).await;
    let before = idb.read_all().await.unwrap();
    let keys: Vec<u32> = before.chunks.iter().map(|(k, _)| *k).collect();
    idb.compact(&frame(&business.save()), &keys).await.unwrap();

    let after = idb.read_all().await.unwrap();
    assert!(after.chunks.is_empty());
    assert!(after.snapshot.is_some());
    let mut assembled = assemble(&after, &device).unwrap();
    assert_eq!(
        assembled.business.as_mut().unwrap().heads(),
        business.heads()
    );
}

#[wasm_bindgen_test]
async fn an_aborted_compaction_leaves_all_data() {
    let idb = fresh("t-abort").await;
    let device = Device::new("Teste");
    let mut business = Business::create(&device, "Padaria", &ctx()).unwrap();
    idb.append_chunk(&frame(&business.save_incremental()))
        .await
        .unwrap();
    write_ops(&idb, &mut business, 5).await;
    let before = idb.read_all().await.unwrap();
    let keys: Vec<u32> = before.chunks.iter().map(|(k, _)| *k).collect();
    let _ = idb.compact_and_abort(&frame(&business.save()), &keys).await;

    let after = idb.read_all().await.unwrap();
    assert_eq!(after.chunks.len(), before.chunks.len());
    assert!(after.snapshot.is_none());
    let mut assembled = assemble(&after, &device).unwrap();
    assert_eq!(
        assembled.business.as_mut().unwrap().heads(),
        business.heads()
    );
}

#[wasm_bindgen_test]
async fn a_corrupt_chunk_is_set_aside_and_the_rest_loads() {
    let idb = fresh("t-corrupt").await;
    let device = Device::new("Teste");
    let mut business = Business::create(&device, "Padaria", &ctx()).unwrap();
    idb.append_chunk(&frame(&business.save_incremental()))
        .await
        .unwrap();
    let bad_key = idb.append_chunk(b"RG1\0\0\0\0garbage").await.unwrap();
    write_ops(&idb, &mut business, 3).await;

    let persisted = idb.read_all().await.unwrap();
    let assembled = assemble(&persisted, &device).unwrap();
    assert_eq!(assembled.bad_chunks, vec![bad_key]);
    idb.quarantine(&assembled.bad_chunks, &persisted)
        .await
        .unwrap();
    assert_eq!(idb.quarantined().await.unwrap(), 1);
    let again = idb.read_all().await.unwrap();
    assert_eq!(again.chunks.len(), 4);
    assert!(assemble(&again, &device).unwrap().bad_chunks.is_empty());
}

#[wasm_bindgen_test]
async fn metadata_round_trips() {
    let idb = fresh("t-meta").await;
    assert_eq!(idb.meta("device").await.unwrap(), None);
    idb.set_meta("device", "{\"name\":\"Caixa\"}")
        .await
        .unwrap();
    assert_eq!(
        idb.meta("device").await.unwrap().as_deref(),
        Some("{\"name\":\"Caixa\"}")
    );
    let _unused = Persisted::default();
}

/// Opens `name` at version 1 from plain JavaScript and keeps the connection, the way a tab
/// of an older Retaguarda would, ignoring requests to close it.
async fn hold_old_connection(name: &str) {
    let open = js_sys::Function::new_with_args(
        "name",
        "return new Promise((ok, fail) => { \
           const r = indexedDB.open(name, 1); \
           r.onsuccess = () => { (window.__held = window.__held || []).push(r.result); ok(true); }; \
           r.onerror = () => fail(r.error); })",
    );
    let promise: js_sys::Promise = open
        .call1(&wasm_bindgen::JsValue::NULL, &name.into())
        .unwrap()
        .into();
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_blocked_upgrade_says_to_close_the_other_tabs() {
    let name = "t-blocked";
    if let Ok(old) = Idb::open(name).await {
        old.delete().await.unwrap();
    }
    hold_old_connection(name).await;
    let Err(error) = Idb::open_at(name, 2).await else {
        panic!("an upgrade blocked by another tab must not hang");
    };
    assert_eq!(error, retaguarda::storage::StorageError::Blocked);
    assert!(
        error.to_string().contains("Feche as outras abas"),
        "{error}"
    );
}

#[wasm_bindgen_test]
async fn closing_a_period_keeps_the_archive_and_starts_from_the_live_document() {
    let idb = fresh("t-close").await;
    let device = Device::new("Teste");
    let mut business = Business::create(&device, "Padaria", &ctx()).unwrap();
    idb.append_chunk(&frame(&business.save_incremental()))
        .await
        .unwrap();
    write_ops(&idb, &mut business, 3).await;
    let keys: Vec<u32> = idb
        .read_all()
        .await
        .unwrap()
        .chunks
        .iter()
        .map(|c| c.0)
        .collect();
    let cutoff = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let mut live = business.split_at(cutoff, &device, &ctx()).unwrap();
    let archive = frame(&business.save());

    // A chunk another tab wrote meanwhile stops the close, and nothing changes.
    let other = idb.append_chunk(&frame(b"outra aba")).await.unwrap();
    let before = idb.read_all().await.unwrap();
    let refused = idb
        .close_period(
            "2026-11-01",
            &archive,
            &frame(&live.save()),
            &keys,
            &[("team", "{}".to_string())],
        )
        .await;
    assert_eq!(refused, Err(retaguarda::storage::StorageError::Concurrent));
    assert_eq!(idb.meta("team").await.unwrap(), None, "no metadata either");
    let after = idb.read_all().await.unwrap();
    assert_eq!(after.chunks, before.chunks);
    assert_eq!(after.snapshot, before.snapshot);
    assert!(idb.archives().await.unwrap().is_empty());

    let mut covered = keys.clone();
    covered.push(other);
    idb.close_period(
        "2026-11-01",
        &archive,
        &frame(&live.save()),
        &covered,
        &[("team", "{}".to_string())],
    )
    .await
    .unwrap();
    let persisted = idb.read_all().await.unwrap();
    assert!(persisted.chunks.is_empty());
    assert_eq!(idb.meta("team").await.unwrap().as_deref(), Some("{}"));
    let mut loaded = assemble(&persisted, &device).unwrap().business.unwrap();
    assert_eq!(loaded.heads(), live.heads());
    assert_eq!(loaded.period_start().unwrap(), Some(cutoff));
    assert_eq!(
        idb.archives().await.unwrap(),
        vec!["2026-11-01".to_string()]
    );
    assert_eq!(idb.archive("2026-11-01").await.unwrap(), Some(archive));
    assert_eq!(idb.archive("2025-01-01").await.unwrap(), None);
}

#[wasm_bindgen_test]
async fn a_kept_operation_goes_with_the_chunk_that_stores_its_change() {
    let idb = fresh("t-pending").await;
    idb.set_meta("summary", "{}").await.unwrap();
    idb.keep_pending("0001-a", r#"{"first":true}"#)
        .await
        .unwrap();
    idb.keep_pending("0002-b", r#"{"second":true}"#)
        .await
        .unwrap();
    // Every record, in the order asked; other metadata is not one.
    assert_eq!(
        idb.pending().await.unwrap(),
        vec![
            ("0001-a".to_string(), r#"{"first":true}"#.to_string()),
            ("0002-b".to_string(), r#"{"second":true}"#.to_string()),
        ]
    );
    assert_eq!(
        idb.pending_one("0002-b").await.unwrap().as_deref(),
        Some(r#"{"second":true}"#)
    );

    // The chunk holding the first one's change is stored and its record deleted together.
    let mut business = Business::create(&Device::new("Caixa"), "Padaria", &ctx()).unwrap();
    let key = idb
        .append_chunk_forgetting(
            &frame(&business.save_incremental()),
            &["0001-a".to_string()],
        )
        .await
        .unwrap();
    let persisted = idb.read_all().await.unwrap();
    assert_eq!(
        persisted.chunks.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        vec![key]
    );
    assert_eq!(idb.pending().await.unwrap().len(), 1);
    assert_eq!(idb.pending_one("0001-a").await.unwrap(), None);

    // A write that fails stores neither: the record stays for the next start.
    refuse_adds(true);
    let failed = idb
        .append_chunk_forgetting(&frame(b"nada"), &["0002-b".to_string()])
        .await;
    refuse_adds(false);
    assert!(failed.is_err());
    assert_eq!(idb.read_all().await.unwrap().chunks.len(), 1);
    assert!(idb.pending_one("0002-b").await.unwrap().is_some());

    // One whose change stored nothing is deleted alone.
    idb.forget_pending(&["0002-b".to_string()]).await.unwrap();
    assert!(idb.pending().await.unwrap().is_empty());
    assert_eq!(idb.meta("summary").await.unwrap().as_deref(), Some("{}"));
}

/// Makes `IDBObjectStore.add` throw as a full disk does (or lets it work again).
fn refuse_adds(refuse: bool) {
    let script = if refuse {
        "if (!IDBObjectStore.prototype.__add) { IDBObjectStore.prototype.__add = IDBObjectStore.prototype.add; } \
         IDBObjectStore.prototype.add = function () { throw new DOMException('cheio', 'QuotaExceededError'); };"
    } else {
        "if (IDBObjectStore.prototype.__add) { IDBObjectStore.prototype.add = IDBObjectStore.prototype.__add; }"
    };
    js_sys::Function::new_no_args(script)
        .call0(&wasm_bindgen::JsValue::UNDEFINED)
        .unwrap();
}
