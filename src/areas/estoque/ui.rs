//! Form pieces and browser helpers shared by the Estoque and Equipe screens: labelled
//! fields, number parsing for quantities and costs, and sharing text with another app.

use leptos::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;
use wasm_bindgen::{JsCast, JsValue};

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

/// Reads a number as people type it: `1,5`, `1.234,5`, `10.25` (a lone dot is a decimal
/// point). No limit on decimals: the caller or the core checks them.
pub fn parse_number(input: &str) -> Result<Decimal, String> {
    let cleaned: String = input
        .trim()
        .trim_start_matches("R$")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if cleaned.is_empty() {
        return Err("Informe um número.".to_string());
    }
    let normalised = if cleaned.contains(',') {
        cleaned.replace('.', "").replace(',', ".")
    } else {
        cleaned.clone()
    };
    Decimal::from_str(&normalised)
        .map_err(|_| format!("Número inválido: \"{}\". Use o formato 1,5.", input.trim()))
}

/// An optional number: blank gives `None`.
pub fn parse_optional_number(input: &str) -> Result<Option<Decimal>, String> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        parse_number(input).map(Some)
    }
}

/// Shares `text` through the Web Share API where the browser has it, else copies it to the
/// clipboard. Returns what happened, in pt-BR, for a status line.
pub async fn share_or_copy(title: &str, text: &str) -> Result<&'static str, String> {
    let window = web_sys::window().ok_or("Sem janela do navegador.")?;
    let navigator = window.navigator();
    let share = js_sys::Reflect::get(&navigator, &JsValue::from_str("share")).unwrap_or_default();
    if let Some(share) = share.dyn_ref::<js_sys::Function>() {
        let data = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&data, &"title".into(), &title.into());
        let _ = js_sys::Reflect::set(&data, &"text".into(), &text.into());
        if let Ok(promise) = share.call1(&navigator, &data) {
            if let Ok(promise) = promise.dyn_into::<js_sys::Promise>() {
                return match wasm_bindgen_futures::JsFuture::from(promise).await {
                    Ok(_) => Ok("Lista compartilhada."),
                    // The person closed the share sheet: nothing to report as an error.
                    Err(_) => Ok("Compartilhamento cancelado."),
                };
            }
        }
    }
    let clipboard = navigator.clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .map_err(|_| {
            "Não foi possível copiar. Selecione o texto e copie manualmente.".to_string()
        })?;
    Ok("Lista copiada. Cole na conversa com o fornecedor.")
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
        assert_eq!(parse_optional_number("  "), Ok(None));
    }
}
