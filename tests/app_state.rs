//! Browser tests of the app's state over the real IndexedDB of headless Chromium: Início's
//! summary kept beside the document (stored when computed, read by a later start while the
//! document has not changed, computed again after a change), a restore onto an empty
//! device stored as the snapshot, closing a period, a change shown before it is stored
//! with a failed write kept for the next one, operations asked before the document is
//! loaded applied once it is, in order, and those a screen offers during the load kept in
//! IndexedDB until stored (applied once, also by the next start when the tab closed).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use chrono::NaiveDate;
use gloo_timers::future::sleep;
use leptos::prelude::*;
use retaguarda::state::AppError;
use retaguarda::state::{provide_app_with_db, today, AppCtx, KeptOp, Phase};
use retaguarda::storage::idb::Idb;
use retaguarda::storage::StorageError;
use retaguarda_core::ledger::{AccountKind, EntryKind, NewAccount, NewEntry, NewPayment};
use retaguarda_core::summary::Glance;
use retaguarda_core::{backup, Business, Device, OpCtx};
use rust_decimal::Decimal;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Starts the app's state on database `db` under its own owner and waits for it to load.
/// Each test has its own database: a state dropped here keeps its connection open, which
/// would block deleting the database.
async fn start(db: &'static str) -> (Owner, AppCtx) {
    // Mounting does this in the app; a second call only says it was done.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    let app = owner.with(|| provide_app_with_db(db));
    for _ in 0..250 {
        if matches!(app.phase.get_untracked(), Phase::Ready | Phase::Empty) {
            return (owner, app);
        }
        sleep(Duration::from_millis(20)).await;
    }
    panic!("the app never loaded: {:?}", app.phase.get_untracked());
}

/// As [`start`], on a database emptied first.
async fn start_empty(db: &'static str) -> (Owner, AppCtx) {
    if let Ok(old) = Idb::open(db).await {
        old.delete().await.unwrap();
    }
    start(db).await
}

fn glance(app: &AppCtx) -> Glance {
    app.glance(today())
        .expect("a business is loaded")
        .expect("the summary reads")
}

async fn stored_summary(db: &str) -> serde_json::Value {
    let idb = Idb::open(db).await.unwrap();
    for _ in 0..100 {
        if let Some(json) = idb.meta("summary").await.unwrap() {
            return serde_json::from_str(&json).unwrap();
        }
        sleep(Duration::from_millis(20)).await;
    }
    panic!("the summary was never stored");
}

#[wasm_bindgen_test]
async fn a_later_start_reads_inicio_from_the_stored_summary_until_the_document_changes() {
    const DB: &str = "t-summary-start";
    let (owner, app) = start_empty(DB).await;
    app.create_business("Padaria do Zé").await.unwrap();
    assert_eq!(glance(&app), Glance::default());

    // Mark the stored summary, so that a start which reads it shows the mark.
    let mut stored = stored_summary(DB).await;
    assert_eq!(stored["replenish"], 0);
    stored["replenish"] = 42.into();
    let idb = Idb::open(DB).await.unwrap();
    idb.set_meta("summary", &stored.to_string()).await.unwrap();
    drop(idb);
    drop(owner);

    let (_owner, app) = start(DB).await;
    assert_eq!(
        glance(&app).replenish,
        42,
        "the stored summary was not read"
    );

    app.run(|b, ctx| b.create_entry(ctx, rent())).await.unwrap();
    let fresh = glance(&app);
    assert_eq!(fresh.replenish, 0, "a summary of other heads was used");
    assert_eq!(fresh.payable_today, (1, Decimal::new(180_000, 2)));
}

fn heads_hex(app: &AppCtx) -> serde_json::Value {
    let mut heads: Vec<String> = app
        .read(|b| b.heads().iter().map(|h| h.to_string()).collect())
        .unwrap();
    heads.sort();
    heads.into()
}

fn rent() -> NewEntry {
    NewEntry::new(
        EntryKind::Payable,
        "Aluguel",
        Decimal::new(180_000, 2),
        today(),
    )
}

#[wasm_bindgen_test]
async fn operations_asked_while_the_document_loads_wait_for_it_and_apply_in_order() {
    const DB: &str = "t-run-while-loading";
    let (owner, app) = start_empty(DB).await;
    app.create_business("Padaria do Zé").await.unwrap();
    glance(&app);
    stored_summary(DB).await;
    app.flushed().await.unwrap();
    drop(owner);

    // A new start on the same data: three operations asked before the document is loaded.
    let owner = Owner::new();
    let app = owner.with(|| provide_app_with_db(DB));
    assert_eq!(app.phase.get_untracked(), Phase::Loading);
    let rename =
        |name: &'static str| app.run(move |b, ctx| b.update_profile(ctx, name, None, None, None));
    let (first, second, entry) = futures_util::future::join3(
        rename("Padaria Primeira"),
        rename("Padaria Segunda"),
        app.run(|b, ctx| b.create_entry(ctx, rent())),
    )
    .await;
    // Applied, not refused with "Os dados ainda estão carregando", and in the order asked.
    first.unwrap();
    second.unwrap();
    entry.unwrap();
    assert_eq!(app.phase.get_untracked(), Phase::Ready);
    let name = |app: &AppCtx| app.read(|b| b.profile().unwrap().name).unwrap();
    assert_eq!(name(&app), "Padaria Segunda");
    assert_eq!(glance(&app).payable_today.0, 1);
    app.flushed().await.unwrap();
    drop(owner);

    // And stored: the next start reads them.
    let (_owner, app) = start(DB).await;
    assert_eq!(name(&app), "Padaria Segunda");
    assert_eq!(glance(&app).payable_today.0, 1);
}

/// Makes the page say it is hidden (`true`) or shown, as the browser does when the person
/// switches to another app and back: the warm-up pauses while the page is hidden. Shown
/// again when dropped, whatever the test did.
struct Hidden;

impl Hidden {
    fn set(hidden: bool) -> Hidden {
        let document = web_sys::window().unwrap().document().unwrap();
        let descriptor = js_sys::Object::new();
        js_sys::Reflect::set(&descriptor, &"configurable".into(), &true.into()).unwrap();
        js_sys::Reflect::set(&descriptor, &"value".into(), &hidden.into()).unwrap();
        js_sys::Object::define_property(&document, &"hidden".into(), &descriptor);
        Hidden
    }
}

impl Drop for Hidden {
    fn drop(&mut self) {
        let document = web_sys::window().unwrap().document().unwrap();
        let _ = js_sys::Reflect::delete_property(&document, &"hidden".into());
    }
}

fn lists_in_memory(app: &AppCtx) -> bool {
    app.read(|b| b.summary_is_cheap()).unwrap()
}

#[wasm_bindgen_test]
async fn leaving_the_app_renews_the_summary_only_when_the_lists_are_in_memory() {
    const DB: &str = "t-summary-hidden";
    let (owner, app) = start_empty(DB).await;
    app.create_business("Salão da Lu").await.unwrap();
    glance(&app);
    app.run(|b, ctx| b.create_entry(ctx, rent())).await.unwrap();
    // Início has read the lists in this session, so they follow the change.
    app.renew_summary_if_cheap();
    sleep(Duration::from_millis(200)).await;
    assert_eq!(stored_summary(DB).await["heads"], heads_hex(&app));
    app.flushed().await.unwrap();
    drop(owner);

    // A start that shows Início from the stored summary has read no list, and a page that
    // starts hidden (opened in the background) warms none until it is shown.
    let hidden = Hidden::set(true);
    let (_owner, app) = start(DB).await;
    assert_eq!(glance(&app).payable_today.0, 1);
    let before = stored_summary(DB).await["heads"].clone();
    app.run(|b, ctx| b.create_entry(ctx, rent())).await.unwrap();
    // Time enough for the warm-up's slices, had the page been shown.
    sleep(Duration::from_millis(600)).await;
    assert!(!lists_in_memory(&app), "the warm-up ran on a hidden page");
    app.renew_summary_if_cheap();
    sleep(Duration::from_millis(200)).await;
    assert_eq!(
        stored_summary(DB).await["heads"],
        before,
        "renewing read every list"
    );

    // Shown, the warm-up brings every list Início reads into memory (the stock's too), and
    // leaving then renews the summary to the document as it is.
    drop(hidden);
    for _ in 0..250 {
        if lists_in_memory(&app) {
            break;
        }
        sleep(Duration::from_millis(20)).await;
    }
    assert!(lists_in_memory(&app), "the warm-up never finished");
    app.run(|b, ctx| b.create_entry(ctx, rent())).await.unwrap();
    app.renew_summary_if_cheap();
    sleep(Duration::from_millis(200)).await;
    assert_eq!(stored_summary(DB).await["heads"], heads_hex(&app));
    // Início itself reads both changes.
    assert_eq!(glance(&app).payable_today.0, 3);
}

#[wasm_bindgen_test]
async fn a_restore_onto_an_empty_device_is_stored_as_the_snapshot() {
    const DB: &str = "t-restore-snapshot";
    let ctx = OpCtx::new(today(), 1_796_000_000_000);
    let mut shop = Business::create(&Device::new("Outro"), "Oficina do Rui", &ctx).unwrap();
    let file = backup::write(&mut shop);
    let (owner, app) = start_empty(DB).await;
    assert_eq!(app.phase.get_untracked(), Phase::Empty);
    app.restore(&file).await.unwrap();
    let stored = Idb::open(DB).await.unwrap().read_all().await.unwrap();
    assert!(stored.snapshot.is_some());
    assert!(stored.chunks.is_empty(), "the document went into a chunk");

    app.run(|b, ctx| b.create_entry(ctx, rent())).await.unwrap();
    app.flushed().await.unwrap();
    let stored = Idb::open(DB).await.unwrap().read_all().await.unwrap();
    assert_eq!(
        stored.chunks.len(),
        1,
        "one operation, one chunk, no compaction"
    );
    let heads = heads_hex(&app);
    drop(owner);
    let (_owner, app) = start(DB).await;
    assert_eq!(heads_hex(&app), heads);
    assert_eq!(glance(&app).payable_today.0, 1);
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn balances(app: &AppCtx) -> Vec<(String, Decimal)> {
    app.read(|b| b.balances(today()).unwrap())
        .unwrap()
        .into_iter()
        .map(|b| (b.id, b.balance))
        .collect()
}

fn entry_names(app: &AppCtx) -> Vec<String> {
    app.read(|b| b.entries().unwrap())
        .unwrap()
        .into_iter()
        .map(|(_, e)| e.description)
        .collect()
}

#[wasm_bindgen_test]
async fn closing_a_period_keeps_balances_and_the_archive_and_survives_a_restart() {
    const DB: &str = "t-close-period";
    let (owner, app) = start_empty(DB).await;
    app.create_business("Padaria do Zé").await.unwrap();
    let bank = NewAccount {
        name: "Banco".into(),
        kind: AccountKind::Bank,
        opening_balance: Decimal::new(100_000, 2),
        opening_date: day("2026-01-01"),
    };
    let account = app.run(|b, ctx| b.create_account(ctx, bank)).await.unwrap();
    let flour = NewEntry::new(
        EntryKind::Payable,
        "Farinha de janeiro",
        Decimal::new(42_000, 2),
        day("2026-01-10"),
    );
    let id = app.run(|b, ctx| b.create_entry(ctx, flour)).await.unwrap();
    let payment = NewPayment {
        date: day("2026-01-10"),
        amount: Decimal::new(42_000, 2),
        account,
        note: None,
    };
    app.run(move |b, ctx| b.pay_entry(ctx, &id, payment))
        .await
        .unwrap();
    app.run(|b, ctx| b.create_entry(ctx, rent())).await.unwrap();
    let before = balances(&app);
    let old_backup = app.backup_file().await.unwrap();

    // Refused: a day after today, and while the device is in a team.
    let tomorrow = today().succ_opt().unwrap();
    assert!(matches!(
        app.close_period(tomorrow, |_| {}).await,
        Err(AppError::Core(_))
    ));
    app.set_meta("team", r#"{"secret":"x","relay":"y"}"#)
        .await
        .unwrap();
    assert_eq!(
        app.close_period(day("2026-06-01"), |_| {}).await,
        Err(AppError::InTeam)
    );
    app.set_meta("team", "").await.unwrap();
    assert_eq!(app.read(|b| b.period_start().unwrap()).unwrap(), None);

    app.close_period(day("2026-06-01"), |_| {}).await.unwrap();
    assert_eq!(entry_names(&app), vec!["Aluguel".to_string()]);
    assert_eq!(balances(&app), before);
    assert_eq!(app.closed_periods().await.unwrap(), vec![day("2026-06-01")]);
    let archive = app.archive_file(day("2026-06-01")).await.unwrap();
    let mut archived = backup::read(&archive, &Device::new("Consulta")).unwrap();
    assert_eq!(
        archived.entries().unwrap().len(),
        2,
        "the archive holds the paid entry"
    );
    assert_eq!(archived.heads(), {
        let mut old = backup::read(&old_backup, &Device::new("Consulta")).unwrap();
        old.heads()
    });

    // The backup from before the close does not merge into the live period.
    let refused = app.restore(&old_backup).await;
    assert!(matches!(refused, Err(AppError::Core(_))), "{refused:?}");
    assert_eq!(entry_names(&app), vec!["Aluguel".to_string()]);

    // The next operation and a restart go on from the live document.
    app.run(|b, ctx| b.create_entry(ctx, rent())).await.unwrap();
    let after = balances(&app);
    app.flushed().await.unwrap();
    drop(owner);
    let (_owner, app) = start(DB).await;
    assert_eq!(
        app.read(|b| b.period_start().unwrap()).unwrap(),
        Some(day("2026-06-01"))
    );
    assert_eq!(entry_names(&app).len(), 2);
    assert_eq!(balances(&app), after);
    assert_eq!(glance(&app).payable_today.0, 2);
}

/// Makes IndexedDB refuse (`true`) or take (`false`) every new record, as a full disk does:
/// `IDBObjectStore.add` throws `QuotaExceededError`.
fn refuse_writes(refuse: bool) {
    js_sys::eval(&format!(
        "if (!IDBObjectStore.prototype.__add) {{
            IDBObjectStore.prototype.__add = IDBObjectStore.prototype.add;
            IDBObjectStore.prototype.add = function (...args) {{
                if (globalThis.__refuseWrites) {{
                    throw new DOMException('disco cheio', 'QuotaExceededError');
                }}
                return this.__add(...args);
            }};
        }}
        globalThis.__refuseWrites = {refuse};"
    ))
    .unwrap();
}

#[wasm_bindgen_test]
async fn a_change_shows_before_it_is_stored_and_a_failed_write_keeps_it_for_the_next() {
    const DB: &str = "t-write-queue";
    let (owner, app) = start_empty(DB).await;
    app.create_business("Mercadinho Sol").await.unwrap();
    let stored_before = Idb::open(DB).await.unwrap().read_all().await.unwrap();

    // With every write refused, the operation still succeeds: the screens read the change
    // from the document in memory, and the failed write is said in pt-BR.
    refuse_writes(true);
    app.run(|b, ctx| b.create_entry(ctx, rent())).await.unwrap();
    assert_eq!(entry_names(&app), vec!["Aluguel".to_string()]);
    let failed = app.flushed().await;
    refuse_writes(false);
    assert_eq!(
        failed,
        Err(AppError::Storage(StorageError::QuotaExceeded)),
        "{failed:?}"
    );
    let said = app.write_error.get_untracked().map(|e| e.to_string());
    assert!(
        said.as_deref()
            .is_some_and(|s| s.contains("espaço de armazenamento do aparelho acabou")),
        "{said:?}"
    );
    let stored = Idb::open(DB).await.unwrap().read_all().await.unwrap();
    assert_eq!(
        stored.chunks.len(),
        stored_before.chunks.len(),
        "nothing was stored"
    );

    // The next change's write takes the kept one first; the error goes away.
    let mut flour = rent();
    flour.description = "Farinha".into();
    app.run(|b, ctx| b.create_entry(ctx, flour)).await.unwrap();
    app.flushed().await.unwrap();
    assert_eq!(app.write_error.get_untracked(), None);
    let heads = heads_hex(&app);
    drop(owner);

    // Nothing was lost: a restart reads both from IndexedDB.
    let (_owner, app) = start(DB).await;
    assert_eq!(heads_hex(&app), heads);
    let mut names = entry_names(&app);
    names.sort();
    assert_eq!(names, vec!["Aluguel".to_string(), "Farinha".to_string()]);
}

/// Holds the next start's read of the document on database `db`, as a slow disk would: a
/// second connection keeps a read-write transaction on the chunks open until the returned
/// function is called (the same hold as `e2e/tests/start.spec.ts`; nothing in the app knows).
async fn hold_load(db: &str) -> js_sys::Function {
    let hold = js_sys::Function::new_with_args(
        "name",
        "return new Promise((ok) => {
           const open = indexedDB.open(name);
           open.onsuccess = () => {
             const db = open.result;
             db.onversionchange = () => db.close();
             let released = false;
             const tx = db.transaction(['chunks'], 'readwrite');
             const store = tx.objectStore('chunks');
             const spin = () => { if (!released) store.count().onsuccess = spin; };
             spin();
             tx.oncomplete = () => db.close();
             ok(() => { released = true; });
           };
         });",
    );
    let promise: js_sys::Promise = hold.call1(&JsValue::UNDEFINED, &db.into()).unwrap().into();
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .unwrap()
        .into()
}

async fn kept_records(db: &str) -> Vec<(String, String)> {
    Idb::open(db).await.unwrap().pending().await.unwrap()
}

fn payables_today(app: &AppCtx) -> usize {
    glance(app).payable_today.0
}

/// A business whose Início summary is stored, so a start opens on it ([`Phase::Opening`]).
async fn business_with_summary(db: &'static str) {
    let (owner, app) = start_empty(db).await;
    app.create_business("Padaria do Zé").await.unwrap();
    glance(&app);
    stored_summary(db).await;
    app.flushed().await.unwrap();
    drop(owner);
}

#[wasm_bindgen_test]
async fn an_operation_asked_during_the_load_is_kept_on_the_device_then_applied_once() {
    const DB: &str = "t-kept-asked";
    business_with_summary(DB).await;

    let release = hold_load(DB).await;
    let owner = Owner::new();
    let app = owner.with(|| provide_app_with_db(DB));
    for _ in 0..250 {
        if app.phase.get_untracked() == Phase::Opening {
            break;
        }
        sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(app.phase.get_untracked(), Phase::Opening);
    let answer = std::rc::Rc::new(std::cell::RefCell::new(None));
    let put = answer.clone();
    leptos::task::spawn_local(async move {
        let id = app.run_kept(KeptOp::CreateEntry(rent())).await;
        *put.borrow_mut() = Some(id);
    });
    // Kept in IndexedDB while the load waits, and said ("Salvando…" reads this count).
    let mut kept = Vec::new();
    for _ in 0..100 {
        kept = kept_records(DB).await;
        if !kept.is_empty() {
            break;
        }
        sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(kept.len(), 1, "the operation was not kept");
    assert!(kept[0].1.contains("Aluguel"), "{}", kept[0].1);
    assert_eq!(app.saving.get_untracked(), 1);
    assert_eq!(app.phase.get_untracked(), Phase::Opening);
    assert!(answer.borrow().is_none(), "answered before the load");

    release.call0(&JsValue::UNDEFINED).unwrap();
    for _ in 0..250 {
        if answer.borrow().is_some() {
            break;
        }
        sleep(Duration::from_millis(20)).await;
    }
    let id = answer.borrow_mut().take().expect("never answered").unwrap();
    assert_eq!(app.phase.get_untracked(), Phase::Ready);
    assert_eq!(payables_today(&app), 1);
    assert!(app.read(|b| b.entry(&id).unwrap().is_some()).unwrap());
    // Answered once stored: the record went with the chunk.
    assert!(kept_records(DB).await.is_empty());
    assert_eq!(app.saving.get_untracked(), 0);
    drop(owner);

    // The next start reads it from the chunk and applies nothing again.
    let (_owner, app) = start(DB).await;
    sleep(Duration::from_millis(200)).await;
    assert_eq!(payables_today(&app), 1);
}

#[wasm_bindgen_test]
async fn an_operation_a_closed_tab_kept_is_applied_by_the_next_start_once() {
    const DB: &str = "t-kept-found";
    business_with_summary(DB).await;
    // What a tab closed during its load left: the record, never applied.
    let asked = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let record = serde_json::json!({
        "op": KeptOp::CreateEntry(rent()),
        "today": asked,
        "now_ms": 1_764_590_000_000_i64,
    });
    let idb = Idb::open(DB).await.unwrap();
    idb.keep_pending("0190000000000-deadbeef", &record.to_string())
        .await
        .unwrap();
    drop(idb);

    let (owner, app) = start(DB).await;
    for _ in 0..250 {
        if kept_records(DB).await.is_empty() && app.saving.get_untracked() == 0 {
            break;
        }
        sleep(Duration::from_millis(20)).await;
    }
    assert!(kept_records(DB).await.is_empty(), "the record was left");
    assert_eq!(payables_today(&app), 1);
    // Dated when it was asked, not when applied.
    let created = app
        .read(|b| {
            b.entries()
                .unwrap()
                .into_iter()
                .map(|(_, e)| e.created_on)
                .collect::<Vec<_>>()
        })
        .unwrap();
    assert_eq!(created, vec![asked]);
    app.flushed().await.unwrap();
    drop(owner);

    // Once: the next start finds no record and the entry once.
    let (_owner, app) = start(DB).await;
    sleep(Duration::from_millis(200)).await;
    assert_eq!(payables_today(&app), 1);
}
