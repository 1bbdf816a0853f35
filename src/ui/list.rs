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

use leptos::prelude::*;

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
