//! The page's side: starts the close's worker, sends it the request once it is ready,
//! reports its progress and hands back its result. The worker is ended when this returns
//! (done, failed or dropped), which frees its copy of the document at once.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::task::{Poll, Waker};

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use super::{msg, CloseRequest, WORKER_URL};

/// Why the worker did not give a result, in pt-BR.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkerError {
    #[error(
        "Não foi possível iniciar o fechamento do período neste navegador. Recarregue a \
         página e tente de novo; nada foi alterado."
    )]
    Unavailable,
    #[error(
        "O fechamento do período parou no meio. Nada foi alterado: recarregue a página e \
         tente de novo."
    )]
    Stopped,
    /// The worker's own message (core's and storage's errors are pt-BR).
    #[error("{0}")]
    Refused(String),
}

/// Where a close is, as the worker reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub step: u32,
    pub steps: u32,
    pub text: String,
}

/// The framed live document and archive, as the worker sent them (in JS memory: the page
/// stores them without copying them into its own), and for a team's close what is carried
/// over and whether this device wrote the mark (see [`super::compute::Closed`]).
#[derive(Debug)]
pub struct Result {
    pub live: Uint8Array,
    pub archive: Uint8Array,
    pub carried: Vec<u8>,
    pub author: bool,
}

enum Event {
    Message(JsValue),
    Failed,
    /// The worker did not say it was ready in [`READY_WITHIN_MS`].
    Late,
}

/// How long the worker may take to load before the page computes the close itself: a
/// module whose wasm cannot be had may fail without an `error` event on the page.
const READY_WITHIN_MS: u32 = 60_000;

/// The worker's events in order, and the close waiting for the next one.
#[derive(Default)]
struct Inbox {
    events: VecDeque<Event>,
    waiting: Option<Waker>,
}

impl Inbox {
    fn push(inbox: &Rc<RefCell<Inbox>>, event: Event) {
        let mut inbox = inbox.borrow_mut();
        inbox.events.push_back(event);
        if let Some(waker) = inbox.waiting.take() {
            waker.wake();
        }
    }

    async fn next(inbox: &Rc<RefCell<Inbox>>) -> Event {
        futures_util::future::poll_fn(|cx| {
            let mut inbox = inbox.borrow_mut();
            match inbox.events.pop_front() {
                Some(event) => Poll::Ready(event),
                None => {
                    inbox.waiting = Some(cx.waker().clone());
                    Poll::Pending
                }
            }
        })
        .await
    }
}

/// Ends the worker when the close is over, however it ends.
struct Running {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
    _late: gloo_timers::callback::Timeout,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// Runs `request` in a new worker, telling `on_progress` each step.
pub async fn close_in_worker(
    request: &CloseRequest,
    on_progress: impl Fn(Progress),
) -> std::result::Result<Result, WorkerError> {
    let json = serde_json::to_string(request).map_err(|_| WorkerError::Unavailable)?;
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker =
        Worker::new_with_options(WORKER_URL, &options).map_err(|_| WorkerError::Unavailable)?;
    let inbox = Rc::new(RefCell::new(Inbox::default()));
    let messages = inbox.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        Inbox::push(&messages, Event::Message(e.data()));
    });
    let errors = inbox.clone();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        e.prevent_default();
        Inbox::push(&errors, Event::Failed);
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let late = inbox.clone();
    let running = Running {
        worker,
        _on_message: on_message,
        _on_error: on_error,
        _late: gloo_timers::callback::Timeout::new(READY_WITHIN_MS, move || {
            Inbox::push(&late, Event::Late)
        }),
    };
    let mut ready = false;
    loop {
        let data = match Inbox::next(&inbox).await {
            Event::Message(data) => data,
            // A worker that fails before it is ready never started (no file, no module
            // workers); after that, it stopped.
            Event::Failed | Event::Late if !ready => return Err(WorkerError::Unavailable),
            Event::Failed => return Err(WorkerError::Stopped),
            Event::Late => continue,
        };
        let text = |key: &str| {
            Reflect::get(&data, &key.into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        let number = |key: &str| {
            Reflect::get(&data, &key.into())
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or_default() as u32
        };
        match text(msg::KIND).as_str() {
            msg::READY => {
                ready = true;
                let message = Object::new();
                let _ = Reflect::set(&message, &msg::REQUEST.into(), &json.as_str().into());
                running
                    .worker
                    .post_message(&message)
                    .map_err(|_| WorkerError::Unavailable)?;
            }
            msg::PROGRESS => on_progress(Progress {
                step: number(msg::STEP),
                steps: number(msg::STEPS),
                text: text(msg::TEXT),
            }),
            msg::DONE => {
                let bytes = |key: &str| {
                    Reflect::get(&data, &key.into())
                        .ok()
                        .and_then(|v| v.dyn_into::<Uint8Array>().ok())
                        .ok_or(WorkerError::Stopped)
                };
                return Ok(Result {
                    live: bytes(msg::LIVE)?,
                    archive: bytes(msg::ARCHIVE)?,
                    carried: bytes(msg::CARRIED)?.to_vec(),
                    author: Reflect::get(&data, &msg::AUTHOR.into())
                        .ok()
                        .and_then(|v| v.as_bool())
                        .unwrap_or_default(),
                });
            }
            msg::ERROR => return Err(WorkerError::Refused(text(msg::TEXT))),
            _ => {}
        }
    }
}
