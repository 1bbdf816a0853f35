//! What the screens not yet on the UI kit (`crate::ui`) still use from here: the labelled
//! text field of Equipe and Compra and a text-error form of the one number parser in
//! `crate::fmt`. Estoque's other screens use the kit; this module goes when Equipe (t21c's
//! conversion), Tabelas and Compra move to it.

use leptos::prelude::*;
use rust_decimal::Decimal;

/// A labelled text input bound to `value`; `error` is shown under it.
#[component]
pub fn TextField(
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    /// Most characters the field takes (the core refuses more, with a message).
    #[prop(optional)]
    maxlength: Option<usize>,
) -> impl IntoView {
    view! {
        <label>
            {label}
            <input
                type=kind.unwrap_or("text")
                inputmode=inputmode
                placeholder=placeholder
                required=required
                maxlength=maxlength
                data-testid=testid
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {move || {
                error
                    .and_then(|e| e.get())
                    .map(|msg| view! { <span class="field-error" role="alert">{msg}</span> })
            }}
        </label>
    }
}

/// A number as people type it, for the screens not yet on the UI kit (Equipe, Tabelas,
/// Compra): the one parser, `crate::fmt::parse_number`, with its message as text.
pub fn parse_number(input: &str) -> Result<Decimal, String> {
    crate::fmt::parse_number(input).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_typed() {
        assert_eq!(parse_number("1,5"), Ok(Decimal::new(15, 1)));
        assert_eq!(parse_number("1.234,5"), Ok(Decimal::new(12345, 1)));
        assert_eq!(parse_number("10.25"), Ok(Decimal::new(1025, 2)));
        assert!(parse_number("dez").is_err());
    }
}
