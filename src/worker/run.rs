//! The worker's side: answers one close request (a device's own or its team's), reading IndexedDB itself (read-only, one
//! transaction, as the start reads it) so the page never serialises its document for it.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::{compute, msg, CloseRequest, STEPS};
use crate::storage::idb::Idb;

/// Starts the worker: listens for the page's request, then says it is ready. Called by the
/// worker's `main`.
pub fn start() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let request = Reflect::get(&event.data(), &msg::REQUEST.into())
            .ok()
            .and_then(|v| v.as_string())
            .and_then(|json| serde_json::from_str::<CloseRequest>(&json).ok());
        wasm_bindgen_futures::spawn_local(async move {
            match request {
                Some(request) => answer(&request).await,
                None => {
                    post_error("O pedido de fechamento não pôde ser lido. Recarregue a página.")
                }
            }
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page keeps it; so does its listener.
    on_message.forget();
    post(&message(msg::READY, &[]), None);
}

async fn answer(request: &CloseRequest) {
    progress(0);
    let persisted = match read(&request.db).await {
        Ok(p) => p,
        Err(text) => return post_error(&text),
    };
    match compute::close(persisted, request, progress) {
        Ok(closed) => {
            let live = Uint8Array::from(closed.live.as_slice());
            drop(closed.live);
            let archive = Uint8Array::from(closed.archive.as_slice());
            drop(closed.archive);
            let carried = Uint8Array::from(closed.carried.as_slice());
            let transfer = Array::of3(&live.buffer(), &archive.buffer(), &carried.buffer());
            post(
                &message(
                    msg::DONE,
                    &[
                        (msg::LIVE, live.into()),
                        (msg::ARCHIVE, archive.into()),
                        (msg::CARRIED, carried.into()),
                        (msg::AUTHOR, JsValue::from_bool(closed.author)),
                    ],
                ),
                Some(&transfer),
            );
        }
        Err(text) => post_error(&text),
    }
}

/// The stored document, read in one transaction; the connection is closed at once, so it
/// never blocks a later upgrade or the deletion of the database.
async fn read(db: &str) -> Result<crate::storage::Persisted, String> {
    let idb = Idb::open(db).await.map_err(|e| e.to_string())?;
    let persisted = idb.read_all().await.map_err(|e| e.to_string());
    idb.close();
    persisted
}

fn progress(step: usize) {
    let text = STEPS.get(step).copied().unwrap_or_default();
    post(
        &message(
            msg::PROGRESS,
            &[
                (msg::STEP, JsValue::from(step as u32 + 1)),
                (msg::STEPS, JsValue::from(STEPS.len() as u32)),
                (msg::TEXT, JsValue::from_str(text)),
            ],
        ),
        None,
    );
}

fn post_error(text: &str) {
    post(
        &message(msg::ERROR, &[(msg::TEXT, JsValue::from_str(text))]),
        None,
    );
}

fn message(kind: &str, fields: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    let _ = Reflect::set(&object, &msg::KIND.into(), &kind.into());
    for (key, value) in fields {
        let _ = Reflect::set(&object, &(*key).into(), value);
    }
    object
}

fn post(object: &Object, transfer: Option<&Array>) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let sent = match transfer {
        Some(list) => scope.post_message_with_transfer(object, list),
        None => scope.post_message(object),
    };
    if sent.is_err() {
        // The page must not wait for ever: it hears of the failure instead.
        let failed = message(
            msg::ERROR,
            &[(
                msg::TEXT,
                JsValue::from_str(super::client::WorkerError::Stopped.to_string().as_str()),
            )],
        );
        let _ = scope.post_message(&failed);
    }
}
