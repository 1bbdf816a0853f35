//! Sharing a boleto: the system share sheet with the boleto as a printable HTML file where
//! the browser shares files (phones), its text with the linha digitável otherwise, and a
//! WhatsApp link whose text carries the linha digitável.

use leptos::prelude::*;
use retaguarda_core::carteira::BoletoSlip;
use retaguarda_core::formats::boleto::barcode_svg;
use wasm_bindgen::{JsCast, JsValue};

use crate::fmt::{brl, date};
use crate::ui::{FormError, FormErrorView, Submit};

/// The message sent with the boleto.
pub fn share_text(slip: &BoletoSlip) -> String {
    format!(
        "{}: boleto de {} com vencimento em {}. Linha digitável: {}",
        slip.beneficiary,
        brl(slip.amount),
        date(slip.due_date),
        slip.issued.boleto.linha_formatada()
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A self-contained page of the boleto (fields, linha, barcode, Pix QR) that prints as
/// the app's page does.
pub fn boleto_html(slip: &BoletoSlip) -> String {
    let svg = barcode_svg(&slip.issued.boleto.barcode).unwrap_or_default();
    let pix = slip
        .pix_payload
        .as_deref()
        .and_then(|p| retaguarda_core::formats::pix::qr_svg(p).ok())
        .map(|s| match s.find("<svg") {
            Some(i) => s[i..].to_string(),
            None => s,
        });
    let row = |label: &str, value: &str| {
        format!(
            "<div><small>{}</small><br>{}</div>",
            escape(label),
            escape(value)
        )
    };
    let mut body = String::new();
    body.push_str(&format!(
        "<h1>{} | {}</h1><p class=\"l\">{}</p>",
        escape(&slip.bank_name),
        escape(slip.issued.bank.code_with_digit()),
        escape(&slip.issued.boleto.linha_formatada())
    ));
    for (label, value) in [
        ("Beneficiário", slip.beneficiary.clone()),
        (
            "CPF/CNPJ do beneficiário",
            slip.beneficiary_tax_id.clone().unwrap_or_default(),
        ),
        (
            "Agência/Código do beneficiário",
            slip.issued.agencia_codigo.clone(),
        ),
        ("Nosso número", slip.issued.nosso_numero.clone()),
        ("Nº do documento", slip.document.clone()),
        ("Data do documento", date(slip.issued_on)),
        ("Carteira", slip.carteira.clone()),
        ("Vencimento", date(slip.due_date)),
        ("Valor do documento", brl(slip.amount)),
        ("Pagador", slip.payer.clone()),
        (
            "CPF/CNPJ do pagador",
            slip.payer_tax_id.clone().unwrap_or_default(),
        ),
        ("Endereço", slip.payer_address.clone().unwrap_or_default()),
    ] {
        body.push_str(&row(label, &value));
    }
    body.push_str("<ul>");
    for i in &slip.instructions {
        body.push_str(&format!("<li>{}</li>", escape(i)));
    }
    body.push_str("</ul>");
    body.push_str(&format!("<div class=\"b\">{svg}</div>"));
    if let Some(q) = pix {
        body.push_str(&format!(
            "<p>Pague com Pix o mesmo valor, {}</p><div class=\"q\">{q}</div>",
            escape(&brl(slip.amount))
        ));
    }
    format!(
        "<!doctype html><html lang=\"pt-BR\"><head><meta charset=\"utf-8\"><title>Boleto {}</title>\
         <style>body{{font:14px sans-serif;margin:1cm}}div{{margin:.2em 0}}small{{color:#555}}\
         .l{{font:bold 16px monospace}}.b svg{{width:103mm;height:13mm}}.q svg{{width:40mm}}</style>\
         </head><body>{body}</body></html>",
        escape(&slip.document)
    )
}

/// Shares the boleto's page as a file when the browser can, else its text.
async fn share(slip: BoletoSlip) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("sem janela"))?;
    let nav: JsValue = window.navigator().into();
    let data = js_sys::Object::new();
    js_sys::Reflect::set(&data, &"title".into(), &"Boleto".into())?;
    js_sys::Reflect::set(&data, &"text".into(), &share_text(&slip).into())?;
    let html = boleto_html(&slip);
    let parts = js_sys::Array::of1(&JsValue::from_str(&html));
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"type".into(), &"text/html".into())?;
    let name = format!("boleto-{}.html", slip.document);
    // new File([html], name, {type}) through the global constructor.
    let file = js_sys::Reflect::get(&js_sys::global(), &"File".into())?
        .dyn_into::<js_sys::Function>()
        .and_then(|ctor| {
            js_sys::Reflect::construct(
                &ctor,
                &js_sys::Array::of3(&parts, &JsValue::from_str(&name), &options),
            )
        });
    if let Ok(file) = file {
        let with_file = js_sys::Object::new();
        js_sys::Reflect::set(&with_file, &"files".into(), &js_sys::Array::of1(&file))?;
        let can = js_sys::Reflect::get(&nav, &"canShare".into())?
            .dyn_into::<js_sys::Function>()
            .ok()
            .and_then(|f| f.call1(&nav, &with_file).ok())
            .is_some_and(|v| v.is_truthy());
        if can {
            js_sys::Reflect::set(&data, &"files".into(), &js_sys::Array::of1(&file))?;
        }
    }
    let method = js_sys::Reflect::get(&nav, &"share".into())?.dyn_into::<js_sys::Function>()?;
    let promise = method.call1(&nav, &data)?.dyn_into::<js_sys::Promise>()?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
}

/// Whether the Web Share API is there.
fn can_share() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"share".into()).ok())
        .is_some_and(|f| f.is_function())
}

/// The share buttons of a boleto.
#[component]
pub fn ShareBoleto(slip: BoletoSlip) -> impl IntoView {
    let text = share_text(&slip);
    let wa = format!(
        "https://wa.me/?text={}",
        String::from(js_sys::encode_uri_component(&text))
    );
    let sharing = Submit::new(
        move || {
            let slip = slip.clone();
            async move {
                share(slip).await.map_err(|_| {
                    FormError::Missing(
                        "Não foi possível compartilhar; use o WhatsApp ou imprima em PDF.".into(),
                    )
                })
            }
        },
        |()| {},
    );
    let button = can_share().then(|| {
        view! {
            <button type="button" data-testid="share-boleto" disabled=move || sharing.busy().get() on:click=move |_| sharing.dispatch()>"Compartilhar boleto"</button>
        }
    });
    view! {
        {button}
        <a class="button secondary" href=wa target="_blank" rel="noopener" data-testid="share-boleto-whatsapp">"Enviar por WhatsApp"</a>
        <FormErrorView submit=sharing/>
    }
}
