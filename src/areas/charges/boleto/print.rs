//! The printable boleto: the recibo do pagador and the ficha de compensação with every
//! mandatory field, the Interleaved 2 of 5 barcode as SVG at FEBRABAN's size and, for a
//! boleto híbrido, the Pix QR for the same amount. The print stylesheet shows only this.

use leptos::prelude::*;
use retaguarda_core::carteira::BoletoSlip;
use retaguarda_core::formats::boleto::barcode_svg;

use crate::fmt::{brl, date};

/// The ficha de compensação and the recibo do pagador, laid out for print.
#[component]
pub(super) fn BoletoPrint(slip: BoletoSlip) -> impl IntoView {
    let barcode = match barcode_svg(&slip.issued.boleto.barcode) {
        Some(svg) => view! {
            <div class="barcode" role="img" aria-label="Código de barras do boleto" data-testid="boleto-barcode" inner_html=svg></div>
        }
        .into_any(),
        None => view! {
            <p class="alert error" role="alert">"Não foi possível desenhar o código de barras: use a linha digitável."</p>
        }
        .into_any(),
    };
    let pix_svg = slip.pix_payload.as_deref().and_then(|p| {
        retaguarda_core::formats::pix::qr_svg(p)
            .ok()
            .map(|s| match s.find("<svg") {
                Some(i) => s[i..].to_string(),
                None => s,
            })
    });
    let head = format!(
        "{} | {}",
        slip.bank_name,
        slip.issued.bank.code_with_digit()
    );
    let linha = slip.issued.boleto.linha_formatada();
    let doc = |v: &Option<String>| v.clone().map(|d| format!(" · {d}")).unwrap_or_default();
    let payer = format!("{}{}", slip.payer, doc(&slip.payer_tax_id));
    let beneficiary = format!("{}{}", slip.beneficiary, doc(&slip.beneficiary_tax_id));
    let cell = |label: &'static str, value: String| view! { <div class="bf"><small>{label}</small><span>{value}</span></div> };
    view! {
        <div class="boleto-print" data-testid="boleto-print" role="region" aria-label="Boleto para imprimir" tabindex="0">
            <div class="recibo">
                <p class="bh"><strong>{head.clone()}</strong> " Recibo do pagador"</p>
                <div class="bgrid">
                    {cell("Beneficiário", beneficiary.clone())}
                    {cell("Agência/Código do beneficiário", slip.issued.agencia_codigo.clone())}
                    {cell("Nosso número", slip.issued.nosso_numero.clone())}
                    {cell("Vencimento", date(slip.due_date))}
                    {cell("Valor do documento", brl(slip.amount))}
                    {cell("Pagador", payer.clone())}
                </div>
            </div>
            <div class="ficha">
                <p class="bh"><strong>{head}</strong> " " <span class="linha">{linha}</span></p>
                <div class="bgrid">
                    {cell("Local de pagamento", "Pagável em qualquer banco ou lotérica até o vencimento".to_string())}
                    {cell("Vencimento", date(slip.due_date))}
                    {cell("Beneficiário", beneficiary)}
                    {cell("Agência/Código do beneficiário", slip.issued.agencia_codigo.clone())}
                    {cell("Data do documento", date(slip.issued_on))}
                    {cell("Nº do documento", slip.document.clone())}
                    {cell("Espécie doc.", "DM".to_string())}
                    {cell("Aceite", "N".to_string())}
                    {cell("Data do processamento", date(slip.issued_on))}
                    {cell("Nosso número", slip.issued.nosso_numero.clone())}
                    {cell("Carteira", slip.carteira.clone())}
                    {cell("Espécie", "R$".to_string())}
                    {cell("(=) Valor do documento", brl(slip.amount))}
                    {cell("(−) Desconto/Abatimento", String::new())}
                    {cell("(+) Mora/Multa", String::new())}
                    {cell("(=) Valor cobrado", String::new())}
                </div>
                <div class="bf instr">
                    <small>"Instruções (texto de responsabilidade do beneficiário)"</small>
                    <ul data-testid="boleto-instructions">{slip.instructions.iter().map(|i| view! { <li>{i.clone()}</li> }).collect_view()}</ul>
                </div>
                <div class="bf"><small>"Pagador"</small><span>{payer}</span><span>{slip.payer_address.clone().unwrap_or_default()}</span></div>
                {barcode}
                <p class="muted">"Autenticação mecânica — Ficha de compensação"</p>
            </div>
            {pix_svg.map(|q| view! {
                <div class="boleto-pix" data-testid="boleto-pix">
                    <p><strong>"Pague com Pix"</strong> " o mesmo valor, " {brl(slip.amount)}</p>
                    <div class="qr" role="img" aria-label="QR Code Pix do boleto" inner_html=q></div>
                </div>
            })}
        </div>
    }
}
