//! The ledger brought into memory in idle moments once the document is ready (issue 31).
//!
//! Right after a start nothing is in memory (Início draws its stored summary), so the
//! first read of the ledger (a sale's account balance, Caixa's list, Início when its
//! summary is out of date) would hydrate a whole shop inside one click: seconds at three
//! years of a shop. Core's `Business::warm` reads those lists a bounded number of records
//! per call; here it runs in slices the browser schedules when idle (`requestIdleCallback`,
//! with a timeout so a busy page still gets there; `setTimeout` where there is none),
//! each slice sized from the time the previous one took so that it stays near
//! [`SLICE_MS`]. A tap or a key waits at most one such slice, and no slice starts within
//! [`QUIET_MS`] of the person's last input (a tap, a key, typing): the click that follows a
//! pointerdown, the screen's re-reads after an input and their paint come first. Core keeps
//! every call to its budget, the step that completes a long list included. It pauses while
//! the tab is hidden and stops once everything is in memory; a change made meanwhile is
//! followed by core.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{AppCtx, Phase};

/// Records read by the first slice (about 60 µs each in the browser at full scale).
const FIRST_BUDGET: usize = 100;
/// How long a slice should take, in milliseconds: what a tap landing on one waits for at
/// most (about half a frame at 60 Hz).
const SLICE_MS: f64 = 8.0;
/// No slice starts this long after the person's last pointerdown, keydown or input.
const QUIET_MS: f64 = 300.0;
/// The input events that hold the warm-up back.
const INPUTS: [&str; 3] = ["pointerdown", "keydown", "input"];
/// The fewest and the most records one slice reads.
const MIN_BUDGET: usize = 20;
const MAX_BUDGET: usize = 20_000;
/// An idle callback runs at the latest this long after it is asked for.
const IDLE_TIMEOUT_MS: i32 = 300;
/// While the tab is hidden, how often to look whether it is back.
const HIDDEN_POLL_MS: i32 = 1_000;

thread_local! {
    /// When the person last tapped, pressed a key or typed (`performance.now()`).
    static LAST_INPUT: Cell<f64> = const { Cell::new(f64::NEG_INFINITY) };
}

/// Warms the ledger each time the document becomes ready (a start, a restore).
pub(super) fn when_ready(app: AppCtx) {
    listen_for_input();
    let running = Rc::new(Cell::new(false));
    Effect::new(move |_| {
        if app.phase.get() == Phase::Ready && !running.get() {
            running.set(true);
            let running = running.clone();
            later(IdleOrTimer::Idle, move || slice(app, FIRST_BUDGET, running));
        }
    });
}

/// One slice: warm `budget` records, then schedule the next with a budget fitted to the
/// time this one took.
fn slice(app: AppCtx, budget: usize, running: Rc<Cell<bool>>) {
    if hidden() {
        later(IdleOrTimer::Timer(HIDDEN_POLL_MS), move || {
            slice(app, budget, running)
        });
        return;
    }
    let quiet_for = QUIET_MS - (now_ms() - LAST_INPUT.with(Cell::get));
    if quiet_for > 0.0 {
        // The person is acting: come back once they have been still for a moment.
        later(IdleOrTimer::Timer(quiet_for.ceil() as i32), move || {
            later(IdleOrTimer::Idle, move || slice(app, budget, running))
        });
        return;
    }
    // The page's callbacks may outlive a state made for a test.
    let Some(cell) = app.inner.try_get_value() else {
        running.set(false);
        return;
    };
    let started = now_ms();
    let progress = match cell.try_borrow() {
        Ok(inner) => inner.business.as_ref().map(|b| b.warm(budget)),
        // Someone is using the document right now: try again in the next idle moment.
        Err(_) => {
            later(IdleOrTimer::Idle, move || slice(app, budget, running));
            return;
        }
    };
    let took = now_ms() - started;
    match progress {
        Some(Ok(p)) if !p.done => {
            let next = fitted(budget, p.read, took);
            later(IdleOrTimer::Idle, move || slice(app, next, running));
        }
        Some(Err(e)) => {
            // A read that fails here fails on the screen too, which says so in pt-BR.
            leptos::logging::error!("aquecimento do caixa parou: {e}");
            running.set(false);
        }
        // Done, or no business (the welcome screen): nothing left to warm.
        _ => running.set(false),
    }
}

/// The next slice's budget: as many records as fit in [`SLICE_MS`] at the pace of the
/// slice that read `read` records in `took` milliseconds.
fn fitted(budget: usize, read: usize, took: f64) -> usize {
    if read == 0 || took <= 0.5 {
        return (budget * 2).clamp(MIN_BUDGET, MAX_BUDGET);
    }
    let pace = read as f64 / took;
    let want = (pace * SLICE_MS) as usize;
    // Grow at most twofold per slice: one fast slice may have read small records.
    want.min(budget * 2).clamp(MIN_BUDGET, MAX_BUDGET)
}

enum IdleOrTimer {
    Idle,
    Timer(i32),
}

/// Runs `f` when the browser is idle (or after `Timer`'s delay).
fn later(when: IdleOrTimer, f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = Closure::once_into_js(f);
    let idle = js_sys::Reflect::get(&window, &JsValue::from_str("requestIdleCallback"))
        .ok()
        .and_then(|v| v.dyn_into::<js_sys::Function>().ok());
    match (when, idle) {
        (IdleOrTimer::Idle, Some(idle)) => {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(
                &options,
                &JsValue::from_str("timeout"),
                &JsValue::from(IDLE_TIMEOUT_MS),
            );
            let _ = idle.call2(&window, &callback, &options);
        }
        (IdleOrTimer::Idle, None) => {
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 0);
        }
        (IdleOrTimer::Timer(ms), _) => {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.unchecked_ref(),
                ms,
            );
        }
    }
}

/// Notes the time of each pointerdown, keydown and input anywhere on the page: passive,
/// in the capture phase (a handler that stops the event does not hide it), once per page.
fn listen_for_input() {
    thread_local! {
        static LISTENING: Cell<bool> = const { Cell::new(false) };
    }
    if LISTENING.with(|l| l.replace(true)) {
        return;
    }
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(add) = js_sys::Reflect::get(&document, &JsValue::from_str("addEventListener"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return;
    };
    let options = js_sys::Object::new();
    for (key, value) in [("passive", true), ("capture", true)] {
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str(key), &JsValue::from(value));
    }
    // Lives as long as the page: one listener per event type, never removed.
    let noted = Closure::<dyn Fn()>::new(|| LAST_INPUT.with(|t| t.set(now_ms()))).into_js_value();
    for event in INPUTS {
        let _ = add.call3(&document, &JsValue::from_str(event), &noted, &options);
    }
}

fn hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
