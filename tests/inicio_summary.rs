//! Browser tests of Início's summary kept beside the document: the app stores the summary it
//! computes, a later start reads Início from it while the document has not changed, and a
//! change makes it compute a new one from the lists.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use gloo_timers::future::sleep;
use leptos::prelude::*;
use retaguarda::state::{provide_app_with_db, today, AppCtx, Phase};
use retaguarda::storage::idb::Idb;
use retaguarda_core::ledger::{EntryKind, NewEntry};
use retaguarda_core::summary::Glance;
use rust_decimal::Decimal;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DB: &str = "t-inicio-summary";

/// Starts the app's state on `DB` under its own owner and waits for it to load.
async fn start() -> (Owner, AppCtx) {
    // Mounting does this in the app; a second call only says it was done.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    let app = owner.with(|| provide_app_with_db(DB));
    for _ in 0..250 {
        if matches!(app.phase.get_untracked(), Phase::Ready | Phase::Empty) {
            return (owner, app);
        }
        sleep(Duration::from_millis(20)).await;
    }
    panic!("the app never loaded: {:?}", app.phase.get_untracked());
}

fn glance(app: &AppCtx) -> Glance {
    app.glance(today())
        .expect("a business is loaded")
        .expect("the summary reads")
}

async fn stored_summary() -> serde_json::Value {
    let idb = Idb::open(DB).await.unwrap();
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
    if let Ok(old) = Idb::open(DB).await {
        old.delete().await.unwrap();
    }
    let (owner, app) = start().await;
    app.create_business("Padaria do Zé").await.unwrap();
    assert_eq!(glance(&app), Glance::default());

    // Mark the stored summary, so that a start which reads it shows the mark.
    let mut stored = stored_summary().await;
    assert_eq!(stored["replenish"], 0);
    stored["replenish"] = 42.into();
    let idb = Idb::open(DB).await.unwrap();
    idb.set_meta("summary", &stored.to_string()).await.unwrap();
    drop(idb);
    drop(owner);

    let (_owner, app) = start().await;
    assert_eq!(
        glance(&app).replenish,
        42,
        "the stored summary was not read"
    );

    let rent = NewEntry::new(
        EntryKind::Payable,
        "Aluguel",
        Decimal::new(180_000, 2),
        today(),
    );
    app.run(|b, ctx| b.create_entry(ctx, rent)).await.unwrap();
    let fresh = glance(&app);
    assert_eq!(fresh.replenish, 0, "a summary of other heads was used");
    assert_eq!(fresh.payable_today, (1, Decimal::new(180_000, 2)));
}
