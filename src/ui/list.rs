//! The containers screens show data in: a card, a list with its empty message, a table.
//!
//! - `<Card title="Saldos" testid="saldos">...</Card>`: a `section.card` with a heading.
//! - `<ItemList items=rows row=|r| view! { <li>..</li> } empty="Nenhum lançamento."/>`: a
//!   `ul.list` of the rows `row` draws (each an `<li>`), or the empty message when there
//!   are none. Give it data read with `app.query` and matched on: an empty list here means
//!   "there is nothing", never "the read failed".
//! - `<Table caption="DRE" columns=vec![Column::text("Conta"), Column::num("Valor")]>` with
//!   `<tr>` children: a table that scrolls sideways inside its own focusable region on a
//!   phone instead of widening the page; `Column::num` right-aligns figures.
//! - `<VirtualItems items=rows key=|r| (r.id.clone(), fingerprint(r)) row=.. empty=".."/>`:
//!   a long list of which only the rows on screen (and a few above and below) exist in the
//!   DOM. The page scrolls as if every row were there (the rows not drawn are padding of
//!   the estimated height). Rows are keyed: when the data changes, a new row is inserted,
//!   a changed row (its key moves with its content, see [`fingerprint`]) is drawn again,
//!   and every other row stays as it is, so a change never rebuilds the list.
//! - [`VirtualList`]: the same when the caller reads only the rows of the drawn window
//!   (core's windowed queries, for lists of 100,000 entries): it gives the list's length
//!   and the rows of `window`, which the list moves as the page scrolls.

use std::fmt::{self, Debug, Write as _};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::ReadError;

/// A titled card.
#[component]
pub fn Card(
    #[prop(optional)] title: Option<&'static str>,
    #[prop(optional)] testid: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <section class="card" data-testid=testid>
            {title.map(|t| view! { <h2 class="card-title">{t}</h2> })}
            {children()}
        </section>
    }
}

/// A list of rows, or its empty message.
#[component]
pub fn ItemList<T, V, F>(
    #[prop(into)] items: Signal<Vec<T>>,
    row: F,
    empty: &'static str,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    move || {
        let rows = items.get();
        if rows.is_empty() {
            view! { <p class="empty" data-testid=testid>{empty}</p> }.into_any()
        } else {
            let row = row.clone();
            view! { <ul class="list" data-testid=testid>{rows.into_iter().map(row).collect_view()}</ul> }
                .into_any()
        }
    }
}

/// A table column's heading and alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub label: &'static str,
    pub numeric: bool,
}

impl Column {
    /// A column of text, left-aligned.
    pub fn text(label: &'static str) -> Column {
        Column {
            label,
            numeric: false,
        }
    }

    /// A column of figures, right-aligned with even digits.
    pub fn num(label: &'static str) -> Column {
        Column {
            label,
            numeric: true,
        }
    }
}

/// A table whose body is the children (`<tr>` rows).
#[component]
pub fn Table(
    /// Names the table for screen readers and its scroll region.
    caption: &'static str,
    columns: Vec<Column>,
    children: Children,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="table-wrap" role="region" aria-label=caption tabindex="0">
            <table data-testid=testid>
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        {columns
                            .into_iter()
                            .map(|c| view! { <th scope="col" class=c.numeric.then_some("num")>{c.label}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// Rows drawn above and below the ones on screen, so a quick scroll does not show a gap.
const OVERSCAN: usize = 10;

/// Rows drawn at least (when the list has them): a short list is drawn whole.
const MIN_DRAWN: usize = 30;

/// A hash of what a row shows, for its key: a changed row gets a new key and is drawn
/// again, while an unchanged row keeps its DOM.
pub fn fingerprint<T: Debug>(value: &T) -> u64 {
    /// Feeds the hasher without building the string.
    struct HashWriter(DefaultHasher);
    impl fmt::Write for HashWriter {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            s.hash(&mut self.0);
            Ok(())
        }
    }
    let mut writer = HashWriter(DefaultHasher::new());
    // Writing to a hasher cannot fail.
    let _ = write!(writer, "{value:?}");
    writer.0.finish()
}

/// The rows of a window of `all`, cloned.
fn slice<T: Clone>(all: &[T], window: &Range<usize>) -> Vec<T> {
    let end = window.end.min(all.len());
    all[window.start.min(end)..end].to_vec()
}

/// A long list held in memory, drawn a window at a time (see [`VirtualList`]).
#[component]
pub fn VirtualItems<T, K, KF, V, F>(
    #[prop(into)] items: Signal<Vec<T>>,
    /// Identifies a row and what it shows: `(id, fingerprint(&row))`.
    key: KF,
    row: F,
    empty: &'static str,
    #[prop(optional)] testid: Option<&'static str>,
    /// A row's height in pixels until the drawn rows are measured.
    #[prop(default = 72.0)]
    row_height: f64,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    K: Eq + Hash + 'static,
    KF: Fn(&T) -> K + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    let window = RwSignal::new(0..MIN_DRAWN);
    let total = Signal::derive(move || items.with(Vec::len));
    let drawn = Signal::derive(move || {
        let w = window.get();
        items.with(|all| slice(all, &w))
    });
    view! {
        <VirtualList total=total window=window items=drawn key=key row=row empty=empty
            testid=testid.unwrap_or_default() row_height=row_height/>
    }
}

/// What a windowed list reads: the rows of the drawn `window` of a kept index, the list's
/// length, and the first failed read (of the index or of the rows), for the read-error
/// view above the list. A failed read draws no rows, never an empty list that says "there
/// is nothing".
pub struct Windowed<T: Send + Sync + 'static> {
    pub window: RwSignal<Range<usize>>,
    pub total: Signal<usize>,
    pub drawn: Signal<Vec<T>>,
    pub error: Signal<Option<ReadError>>,
}

/// Reads a [`VirtualList`]'s rows from a kept `index` (core's `product_index`,
/// `party_index`, `entry_index`): `len` is the index's length and `rows` reads the rows of
/// a window of it (core's `product_rows` and the like, through `app.query`). The rows are
/// read again when the window moves or the index or their topics change, and only then.
pub fn windowed<I, T>(
    index: Memo<Result<I, ReadError>>,
    len: fn(&I) -> usize,
    rows: impl Fn(&I, Range<usize>) -> Result<Vec<T>, ReadError> + Send + Sync + 'static,
) -> Windowed<T>
where
    I: PartialEq + Send + Sync + 'static,
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let window = RwSignal::new(0..MIN_DRAWN);
    let read = Memo::new(move |_| {
        let w = window.get();
        index.with(|index| match index {
            Ok(index) => rows(index, w),
            Err(e) => Err(e.clone()),
        })
    });
    Windowed {
        window,
        total: Signal::derive(move || index.with(|i| i.as_ref().map_or(0, len))),
        drawn: Signal::derive(move || read.with(|r| r.clone().unwrap_or_default())),
        error: Signal::derive(move || {
            index
                .with(|i| i.as_ref().err().cloned())
                .or_else(|| read.with(|r| r.as_ref().err().cloned()))
        }),
    }
}

/// A long list of which only the window on screen is drawn. `total` is the list's length,
/// `window` the rows to draw (the list moves it as the page scrolls; start it at
/// `0..30`), and `items` the rows of `window` in order, read by the caller for it.
#[component]
pub fn VirtualList<T, K, KF, V, F>(
    #[prop(into)] total: Signal<usize>,
    window: RwSignal<Range<usize>>,
    #[prop(into)] items: Signal<Vec<T>>,
    key: KF,
    row: F,
    empty: &'static str,
    #[prop(optional)] testid: &'static str,
    #[prop(default = 72.0)] row_height: f64,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    K: Eq + Hash + 'static,
    KF: Fn(&T) -> K + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    let list = NodeRef::<leptos::html::Ul>::new();
    // The measured height of a row (with the gap between rows), shared by the padding that
    // stands for the rows not drawn and by the window's arithmetic.
    let height = RwSignal::new(row_height);
    let testid = (!testid.is_empty()).then_some(testid);

    let place = move || {
        // A frame requested before the list left the screen (a save that opens another page)
        // runs after its signals and node are gone: nothing to place then.
        let Some(el) = list.try_get_untracked().flatten() else {
            return;
        };
        let Some(page) = web_sys::window() else {
            return;
        };
        let (Some(n), Some(drawn), Some(mut h)) = (
            total.try_get_untracked(),
            window.try_get_untracked(),
            height.try_get_untracked(),
        ) else {
            return;
        };
        let drawn_rows = drawn.end.min(n).saturating_sub(drawn.start);
        if let Some(measured) = measure(&el, drawn_rows) {
            // Only a real difference moves it, so measuring does not chase its own tail.
            if (measured - h).abs() > h * 0.2 {
                h = measured;
                height.set(h);
            }
        }
        let y = page.scroll_y().unwrap_or(0.0) - page_top(&el);
        let screen = page
            .inner_height()
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(800.0);
        let wanted = visible(n, h, y, screen);
        if wanted != drawn {
            window.set(wanted);
        }
    };
    let on_scroll = window_event_listener(leptos::ev::scroll, move |_| place());
    let on_resize = window_event_listener(leptos::ev::resize, move |_| place());
    on_cleanup(move || {
        on_scroll.remove();
        on_resize.remove();
    });
    // After the rows are drawn (first, and after every change of the data), measure them
    // and fit the window to the screen.
    Effect::new(move |_| {
        total.track();
        items.track();
        request_animation_frame(place);
    });

    let padding = move || {
        let n = total.get();
        let w = window.get();
        let h = height.get();
        let before = w.start.min(n) as f64 * h;
        let after = n.saturating_sub(w.end) as f64 * h;
        format!("padding-top:{before:.0}px;padding-bottom:{after:.0}px")
    };
    // Show keeps the rows while the list has some: only an empty list swaps them out.
    view! {
        <Show
            when=move || { total.get() > 0 }
            fallback=move || view! { <p class="empty" data-testid=testid>{empty}</p> }
        >
            <ul class="list" data-testid=testid node_ref=list style=padding>
                <For each=move || items.get() key=key.clone() children=row.clone()/>
            </ul>
        </Show>
    }
}

/// The rows to draw for a screen of `screen` pixels whose top is `y` pixels below the
/// list's top, with rows `h` pixels high: those on screen, [`OVERSCAN`] more on each side,
/// at least [`MIN_DRAWN`].
fn visible(n: usize, h: f64, y: f64, screen: f64) -> Range<usize> {
    let h = h.max(1.0);
    let first = ((y / h).floor().max(0.0) as usize).saturating_sub(OVERSCAN);
    let last = ((((y + screen) / h).ceil().max(0.0)) as usize).saturating_add(OVERSCAN);
    let last = last.max(first + MIN_DRAWN).min(n);
    let first = first.min(last.saturating_sub(MIN_DRAWN));
    first..last
}

/// The list's top, in pixels from the top of the page.
fn page_top(el: &web_sys::HtmlElement) -> f64 {
    let mut top = 0.0;
    let mut node = Some(el.clone());
    while let Some(n) = node {
        top += f64::from(n.offset_top());
        node = n
            .offset_parent()
            .and_then(|p| p.dyn_into::<web_sys::HtmlElement>().ok());
    }
    top
}

/// The height of one drawn row with its gap, from the first and last drawn rows.
fn measure(el: &web_sys::HtmlElement, rows: usize) -> Option<f64> {
    if rows < 2 {
        return None;
    }
    let first = el
        .first_element_child()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()?;
    let last = el
        .last_element_child()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()?;
    let span = f64::from(last.offset_top() - first.offset_top());
    let h = span / (rows - 1) as f64;
    (h > 4.0).then_some(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_covers_the_screen_and_some_rows_around_it() {
        // 100,000 rows of 100 px, the screen 800 px high, scrolled 50,000 px into the list.
        let w = visible(100_000, 100.0, 50_000.0, 800.0);
        assert_eq!(w, 490..520);
        // At the top: the first rows, at least MIN_DRAWN.
        assert_eq!(visible(100_000, 100.0, 0.0, 800.0), 0..30);
        // Above the list (the page's top still on screen): the first rows.
        assert_eq!(visible(100_000, 100.0, -400.0, 800.0), 0..30);
        // At the end: the last rows, at least MIN_DRAWN of them.
        assert_eq!(visible(100_000, 100.0, 9_999_900.0, 800.0), 99_970..100_000);
        // A short list is drawn whole.
        assert_eq!(visible(12, 100.0, 0.0, 800.0), 0..12);
        assert_eq!(visible(0, 100.0, 0.0, 800.0), 0..0);
    }

    #[test]
    fn a_row_changes_its_fingerprint_when_what_it_shows_changes() {
        let a = ("id-1", "Aluguel", 1500);
        assert_eq!(fingerprint(&a), fingerprint(&("id-1", "Aluguel", 1500)));
        assert_ne!(fingerprint(&a), fingerprint(&("id-1", "Aluguel", 1600)));
    }

    #[test]
    fn a_window_of_a_list_in_memory() {
        let all: Vec<u32> = (0..100).collect();
        assert_eq!(slice(&all, &(10..13)), vec![10, 11, 12]);
        assert_eq!(slice(&all, &(95..130)), vec![95, 96, 97, 98, 99]);
        assert_eq!(slice(&all, &(130..140)), Vec::<u32>::new());
    }
}
