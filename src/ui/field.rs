//! One labelled input for every form, and its select twin.
//!
//! `<Field label="Valor (R$)" value=amount kind=FieldKind::Money testid="conta-valor"/>`
//! binds a `RwSignal<String>` to an input whose kind decides `type`, `inputmode`, the
//! `maxlength` (always set; pass `maxlength` to narrow it) and a placeholder. Parse what was
//! typed with `crate::fmt` (`parse_brl`, `parse_date`, `parse_number`) when submitting.
//! `error` shows a pt-BR message under the input and marks it `aria-invalid`; `hint` is a
//! short line under the label, tied to the input with `aria-describedby`.
//!
//! Dates: the browser's date control follows the browser's language, not the page's. In a
//! Portuguese browser the field is that control (it shows dd/mm/aaaa and holds ISO
//! `2026-03-09`); in any other, it is the app's own text control typed as `dd/mm/aaaa`
//! (slashes appear as digits are typed; an ISO date put in the signal, from a link or a
//! default, is shown as `09/03/2026`). Keep ISO in the signal and read it back with
//! `parse_date`, which takes both forms.
//!
//! `<CheckField label="Aplicar a redução" checked=on/>` is a checkbox bound to a
//! `RwSignal<bool>`; `<RadioGroup legend="Vínculo" name="vinculo" value=contract
//! options=vec![(Contract::Clt, "CLT".into()), ..]/>` one choice among a few.
//!
//! `<SelectField label="Conta" value=account options=accounts/>` takes a signal of
//! [`Choices`] (`(value, label)` pairs as read with `app.query`); `fixed(&[..])` makes
//! choices written in the code. `groups` adds choices under `<optgroup>` labels
//! ([`ChoiceGroups`], a category plan).

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;

use crate::fmt::date_as_typed;
use crate::ui::read::{ReadError, ReadErrorView};

/// What a field holds: decides the keyboard a phone shows and how long the text may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FieldKind {
    /// Free text, up to the core's text limit.
    #[default]
    Text,
    /// An amount in reais, `1.234,56`.
    Money,
    /// A day, `dd/mm/aaaa`.
    Date,
    /// CPF or CNPJ, with or without punctuation.
    Document,
    /// CPF or CNPJ where the CNPJ may be alphanumeric (from July 2026): a text keyboard,
    /// letters in capitals, no spelling check.
    TaxId,
    Phone,
    Email,
    /// A whole number (a day of the month, a count).
    Number,
    /// A quantity with decimals (`1,5` kg).
    Quantity,
    /// A code typed or pasted, such as a boleto's digitable line.
    Code,
}

impl FieldKind {
    /// The input's `type`.
    pub fn input_type(self) -> &'static str {
        match self {
            FieldKind::Phone => "tel",
            FieldKind::Email => "email",
            _ => "text",
        }
    }

    /// The keyboard a phone shows.
    pub fn inputmode(self) -> Option<&'static str> {
        match self {
            FieldKind::Text | FieldKind::Code => None,
            // Said outright: some phones open digits for a field named like a document.
            FieldKind::TaxId => Some("text"),
            FieldKind::Money | FieldKind::Quantity => Some("decimal"),
            FieldKind::Date | FieldKind::Document | FieldKind::Number => Some("numeric"),
            FieldKind::Phone => Some("tel"),
            FieldKind::Email => Some("email"),
        }
    }

    /// The most characters the field takes. Money allows `R$ 999.999.999.999,99`.
    pub fn maxlength(self) -> usize {
        match self {
            FieldKind::Text => retaguarda_core::money::MAX_TEXT,
            FieldKind::Money => 21,
            FieldKind::Date => 10,
            // `00.000.000/0000-00`
            FieldKind::Document | FieldKind::TaxId => 18,
            FieldKind::Phone => 20,
            FieldKind::Email => 254,
            FieldKind::Number => 9,
            FieldKind::Quantity => 16,
            // A boleto's digitable line with its dots and spaces, or a Pix copia e cola.
            FieldKind::Code => 512,
        }
    }

    /// The example shown in an empty field, when the kind has one.
    pub fn placeholder(self) -> Option<&'static str> {
        match self {
            FieldKind::Money => Some("0,00"),
            FieldKind::Date => Some("dd/mm/aaaa"),
            _ => None,
        }
    }
}

/// Whether the browser's own controls speak Portuguese (its date control then shows
/// dd/mm/aaaa).
fn browser_speaks_portuguese() -> bool {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .is_some_and(|lang| lang.to_ascii_lowercase().starts_with("pt"))
}

/// A fresh id for tying a hint or an error to its input.
fn next_id(prefix: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// A labelled input bound to `value`. See the module docs.
#[component]
pub fn Field(
    /// Made with `format!` for a field of a repeated group ("Quantidade de Leite (un)").
    #[prop(into)]
    label: String,
    value: RwSignal<String>,
    #[prop(optional)] kind: FieldKind,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    #[prop(optional)] hint: Option<&'static str>,
    /// The test id; made with `format!` for a field of a repeated group.
    #[prop(optional, into)]
    testid: Option<String>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] required: bool,
    /// Narrower than the kind's own limit (the core refuses more, with a message).
    #[prop(optional)]
    maxlength: Option<usize>,
    #[prop(optional)] name: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] disabled: Option<Signal<bool>>,
    /// Called when the input loses focus (e.g. to check a CPF once typed).
    #[prop(optional, into)]
    on_blur: Option<Callback<()>>,
    /// A text of several lines (notes, a pasted boleto): a `textarea` of this many rows.
    #[prop(optional)]
    rows: Option<u32>,
    /// The test id of the error under the field.
    #[prop(optional)]
    error_testid: Option<&'static str>,
    /// A field in a row with other things (a cart line): it takes the room left and no
    /// more.
    #[prop(optional)]
    compact: bool,
) -> impl IntoView {
    let hint_id = hint.map(|_| next_id("hint"));
    let error_id = next_id("error");
    let failing = move || error.and_then(|e| e.get()).is_some();
    let described = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        move || {
            let mut ids: Vec<String> = hint_id.iter().cloned().collect();
            if failing() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let native_date = kind == FieldKind::Date && browser_speaks_portuguese();
    let masked = kind == FieldKind::Date && !native_date;
    let shown = move || {
        let text = value.get();
        if masked {
            date_as_typed(&text)
        } else {
            text
        }
    };
    let on_input = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        value.set(if masked { date_as_typed(&typed) } else { typed });
    };
    let (input_type, inputmode, kind_placeholder) = if native_date {
        ("date", None, None)
    } else {
        (kind.input_type(), kind.inputmode(), kind.placeholder())
    };
    // A text of several lines may be longer than one line's limit (a party's notes).
    let maxlength = match (rows, maxlength) {
        (Some(_), Some(longer)) => longer,
        _ => maxlength.unwrap_or(kind.maxlength()).min(kind.maxlength()),
    };
    let placeholder = placeholder.or(kind_placeholder);
    let tax_id = kind == FieldKind::TaxId;
    let blurred = move |_| {
        if let Some(cb) = on_blur {
            cb.run(());
        }
    };
    let control = match rows {
        Some(rows) => view! {
            <textarea
                rows=rows
                inputmode=inputmode
                maxlength=maxlength
                placeholder=placeholder
                required=required
                name=name
                autocomplete=autocomplete
                data-testid=testid
                aria-invalid=move || failing().then_some("true")
                aria-describedby=described
                disabled=move || disabled.is_some_and(|d| d.get())
                prop:value=shown
                on:input=on_input
                on:blur=blurred
            ></textarea>
        }
        .into_any(),
        None => view! {
            <input
                type=input_type
                inputmode=inputmode
                maxlength=maxlength
                placeholder=placeholder
                required=required
                name=name
                autocomplete=autocomplete
                autocapitalize=tax_id.then_some("characters")
                spellcheck=tax_id.then_some("false")
                data-testid=testid
                aria-invalid=move || failing().then_some("true")
                aria-describedby=described
                disabled=move || disabled.is_some_and(|d| d.get())
                prop:value=shown
                on:input=on_input
                on:blur=blurred
            />
        }
        .into_any(),
    };
    view! {
        <label class=compact.then_some("compact")>
            {label}
            {hint.map(|text| view! { <span class="field-hint" id=hint_id.clone()>{text}</span> })}
            {control}
            {move || {
                error.and_then(|e| e.get()).map(|msg| {
                    view! {
                        <span class="field-error" id=error_id.clone() role="alert" data-testid=error_testid>{msg}</span>
                    }
                })
            }}
        </label>
    }
}

/// A labelled checkbox bound to `checked`, the label after the box.
#[component]
pub fn CheckField(
    label: &'static str,
    checked: RwSignal<bool>,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional)] name: Option<&'static str>,
) -> impl IntoView {
    view! {
        <label class="check">
            <input
                type="checkbox"
                name=name
                data-testid=testid
                prop:checked=move || checked.get()
                on:change=move |ev| checked.set(event_target_checked(&ev))
            />
            {label}
        </label>
    }
}

/// One choice among a few, as radio buttons under a legend: `value` holds the chosen one.
/// `options` pairs each value with its label; `name` groups the buttons in the page.
#[component]
pub fn RadioGroup<T>(
    legend: &'static str,
    name: &'static str,
    value: RwSignal<T>,
    options: Vec<(T, String)>,
    /// Extra classes on the fieldset (`checks` draws a frame and lays the choices in a row).
    #[prop(optional)]
    class: Option<&'static str>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let class = match class {
        Some(extra) => format!("choices {extra}"),
        None => "choices".to_string(),
    };
    view! {
        <fieldset class=class>
            <legend>{legend}</legend>
            {options
                .into_iter()
                .map(|(option, label)| {
                    view! {
                        <label class="check">
                            <input
                                type="radio"
                                name=name
                                prop:checked=move || value.get() == option
                                on:change=move |_| value.set(option)
                            />
                            {label}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// The choices of a select as `(value, label)` pairs, or why they could not be read.
pub type Choices = Result<Vec<(String, String)>, ReadError>;

/// Choices known when the code is written (a filter's states), for [`SelectField`].
pub fn fixed(pairs: &'static [(&'static str, &'static str)]) -> Signal<Choices> {
    Signal::derive(move || {
        Ok(pairs
            .iter()
            .map(|(v, l)| (v.to_string(), l.to_string()))
            .collect())
    })
}

/// Choices in labelled groups, each shown as an `<optgroup>`: `(group label, choices)`.
pub type ChoiceGroups = Result<Vec<(String, Vec<(String, String)>)>, ReadError>;

/// The `<option>`s of `choices`, the one equal to `value` selected.
fn option_views(choices: Vec<(String, String)>, value: RwSignal<String>) -> impl IntoView {
    choices
        .into_iter()
        .map(|(id, text)| {
            let key = id.clone();
            view! { <option value=id selected=move || value.get() == key>{text}</option> }
        })
        .collect_view()
}

/// A labelled select bound to `value`; `options` are `(value, label)` pairs read from the
/// document (a failed read shows [`ReadErrorView`] under the select, never an empty list
/// that looks like "nothing registered"). `groups` adds choices in `<optgroup>`s after
/// them (a category plan). With `empty`, a first option with no value carries that label
/// (e.g. "Todas").
#[component]
pub fn SelectField(
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional, into)] options: Option<Signal<Choices>>,
    #[prop(optional, into)] groups: Option<Signal<ChoiceGroups>>,
    #[prop(optional)] empty: Option<&'static str>,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] name: Option<&'static str>,
) -> impl IntoView {
    let failed = move || {
        let flat = options.and_then(|o| o.get().err());
        flat.or_else(|| groups.and_then(|g| g.get().err()))
    };
    // The choice also follows `value` once the person has picked by hand, when the
    // options' `selected` marks no longer move it; with nothing chosen and no empty
    // option, the browser's first choice stays shown.
    let select = NodeRef::<leptos::html::Select>::new();
    Effect::new(move || {
        let chosen = value.get();
        if let Some(el) = select.get() {
            if empty.is_some() || !chosen.is_empty() {
                el.set_value(&chosen);
            }
        }
    });
    view! {
        <label>
            {label}
            <select
                node_ref=select
                data-testid=testid
                name=name
                required=required
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {empty.map(|text| {
                    view! { <option value="" selected=move || value.get().is_empty()>{text}</option> }
                })}
                // A failed read lists nothing here and says why below.
                {move || options.and_then(|o| o.get().ok()).map(|choices| option_views(choices, value))}
                {move || {
                    groups.and_then(|g| g.get().ok()).map(|groups| {
                        groups
                            .into_iter()
                            .map(|(group, choices)| {
                                view! { <optgroup label=group>{option_views(choices, value)}</optgroup> }
                            })
                            .collect_view()
                    })
                }}
            </select>
            {move || failed().map(|error| view! { <ReadErrorView error=error/> })}
        </label>
    }
}
