//! Boletos in Cobranças: the carteiras de cobrança (configure one per bank account, download
//! the remessa, import the retorno) and, on a boleto charge's page, the printable boleto
//! (ficha de compensação and recibo do pagador, the barcode as SVG, the Pix QR of a boleto
//! híbrido). Every figure comes from core; the screen only lays it out.

use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::carteira::{BoletoSlip, Carteira};
use retaguarda_core::formats::boleto::{barcode_svg, Bank};
use retaguarda_core::Id;

use crate::fmt::{brl, date};
use crate::state::use_app;

mod form;
mod share;
use form::CarteiraForm;

/// Carteiras de cobrança: the list with remessa and retorno, and the form to add one.
#[component]
pub fn CarteirasPanel() -> impl IntoView {
    let app = use_app();
    let carteiras = Memo::new(move |_| {
        app.read(|b| b.carteiras().unwrap_or_default())
            .unwrap_or_default()
    });
    let adding = RwSignal::new(false);
    let editing = RwSignal::new(None::<(Id, Carteira)>);
    let message = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    // Devices that cannot issue boletos until a device holding a share hands them one.
    let waiting = Memo::new(move |_| {
        app.read(|b| b.devices_without_number_share())
            .and_then(Result::ok)
            .unwrap_or_default()
    });
    let my_share = Memo::new(move |_| {
        app.read(|b| b.number_share())
            .and_then(Result::ok)
            .flatten()
            .is_some()
    });
    let holders = Memo::new(move |_| {
        app.read(|b| b.number_share_holders())
            .and_then(Result::ok)
            .unwrap_or_default()
    });
    let lost = RwSignal::new(String::new());
    let take_over = move |_| {
        let device = lost.get_untracked();
        if device.is_empty() {
            error.set(Some("Escolha o aparelho perdido.".into()));
            return;
        }
        error.set(None);
        spawn_local(async move {
            match app
                .run(move |b, ctx| b.take_over_number_share(ctx, &device))
                .await
            {
                Ok(()) => message.set(Some(
                    "Este aparelho assumiu a faixa de nosso número do aparelho perdido.".into(),
                )),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let grant = move |_| {
        error.set(None);
        spawn_local(async move {
            match app.run(|b, ctx| b.grant_number_shares(ctx)).await {
                Ok(served) => message.set(Some(format!(
                    "Faixa de nosso número liberada para {} aparelho(s).",
                    served.len()
                ))),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <details class="card" data-testid="carteiras">
            <summary>"Boleto: carteiras de cobrança"</summary>
            <ul class="list">
                {move || carteiras.get().into_iter().map(|(id, c)| {
                    let name = Bank::from_code(&c.bank).map(|b| b.name()).unwrap_or("Banco");
                    let title = format!("{name} · agência {} · conta {} · carteira {}", c.agencia, c.conta, c.carteira);
                    let rid = id.clone();
                    let remessa = move |_| {
                        let id = rid.clone();
                        error.set(None);
                        spawn_local(async move {
                            let result = app.run(move |b, ctx| {
                                let at = chrono::DateTime::from_timestamp_millis(ctx.now_ms)
                                    .map(|d| d.naive_utc())
                                    .unwrap_or_default();
                                b.generate_remessa(ctx, &id, at)
                            }).await;
                            match result {
                                Ok(r) => {
                                    let _ = crate::widgets::download(&r.file_name, "text/plain", r.text.as_bytes());
                                    message.set(Some(format!(
                                        "Remessa {} gerada: {} boleto(s) e {} pedido(s) de baixa. Envie o arquivo no internet banking.",
                                        r.sequence, r.entries, r.baixas
                                    )));
                                }
                                Err(e) => error.set(Some(e.to_string())),
                            }
                        });
                    };
                    let fid = id.clone();
                    let on_file = Callback::new(move |bytes: Vec<u8>| {
                        let id = fid.clone();
                        error.set(None);
                        // Banks write retornos in ASCII or Latin-1: one character per byte.
                        let text: String = bytes.iter().map(|&b| char::from(b)).collect();
                        spawn_local(async move {
                            match app.run(move |b, ctx| b.import_retorno(ctx, &id, &text)).await {
                                Ok(s) if s.already_imported => message.set(Some("Este retorno já foi importado: nada mudou.".into())),
                                Ok(s) => {
                                    let mut m = format!(
                                        "Retorno importado: {} registrado(s), {} rejeitado(s), {} pago(s), {} baixado(s) ({} cobrança(s) encerrada(s)). Tarifas: {}.",
                                        s.registered, s.rejected.len(), s.paid, s.written_off, s.closed, brl(s.fees)
                                    );
                                    for (_, reason) in &s.rejected {
                                        m.push_str(&format!(" Rejeição: {reason}."));
                                    }
                                    message.set(Some(m));
                                }
                                Err(e) => error.set(Some(e.to_string())),
                            }
                        });
                    });
                    let edit_pair = (id.clone(), c.clone());
                    view! {
                        <li class="card stack" data-testid="carteira">
                            <strong>{title}</strong>
                            <button type="button" class="secondary" data-testid="edit-carteira" on:click=move |_| {
                                adding.set(false);
                                editing.set(Some(edit_pair.clone()));
                            }>"Editar carteira"</button>
                            <button type="button" data-testid="download-remessa" on:click=remessa>"Baixar remessa"</button>
                            <crate::widgets::FilePick label="Importar retorno do banco" accept=".ret,.RET,.txt,.TXT" on_file=on_file/>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || message.get().map(|m| view! { <p class="alert ok" role="status" data-testid="carteira-notice">{m}</p> })}
            {move || error.get().map(|e| view! { <p class="alert error" role="alert" data-testid="carteira-error">{e}</p> })}
            {move || (!waiting.get().is_empty()).then(|| {
                let names = waiting.get().into_iter().map(|(_, n)| n).collect::<Vec<_>>().join(", ");
                view! {
                    <div class="stack" data-testid="share-waiting">
                        <p class="muted">{format!("Aguardando faixa de nosso número para emitir boletos: {names}.")}</p>
                        {my_share.get().then(|| view! {
                            <button type="button" class="secondary" data-testid="grant-shares" on:click=grant>"Liberar faixa para outros aparelhos"</button>
                        })}
                    </div>
                }
            })}
            {move || (!my_share.get() && !holders.get().is_empty()).then(|| view! {
                <details class="stack" data-testid="share-takeover">
                    <summary>"Assumir a faixa de um aparelho perdido"</summary>
                    <p class="muted">"Só faça isso se o aparelho não vai mais emitir boletos (perdido, formatado ou trocado): boletos que ele emitiu sem sincronizar podem repetir o nosso número."</p>
                    <label>
                        "Aparelho perdido"
                        <select name="lost-device" prop:value=move || lost.get() on:change=move |ev| lost.set(event_target_value(&ev))>
                            <option value="">"Escolha"</option>
                            {move || holders.get().into_iter().map(|(a, n)| view! { <option value=a>{n}</option> }).collect_view()}
                        </select>
                    </label>
                    <button type="button" class="secondary" on:click=take_over>"Assumir a faixa"</button>
                </details>
            })}
            {move || match editing.get() {
                Some(pair) => view! { <CarteiraForm existing=Some(pair) on_done=move |_| editing.set(None)/> }.into_any(),
                None => view! {
                    <Show
                        when=move || adding.get()
                        fallback=move || view! {
                            <button type="button" class="secondary" data-testid="new-carteira" on:click=move |_| adding.set(true)>"+ Nova carteira"</button>
                        }
                    >
                        <CarteiraForm existing=None on_done=move |_| adding.set(false)/>
                    </Show>
                }.into_any(),
            }}
        </details>
    }
}

/// A boleto charge's printable boleto, or why there is none.
#[component]
pub fn BoletoSection(id: Id) -> impl IntoView {
    let app = use_app();
    let slip = app
        .read(|b| b.boleto_slip(&id))
        .unwrap_or_else(|| Err(retaguarda_core::CoreError::not_allowed("")));
    // Read reactively: the bank status changes when a retorno is imported or on re-send.
    let bid = id.clone();
    let boleto = Memo::new(move |_| {
        app.read(|b| {
            b.charge_view(&bid, crate::state::today())
                .map(|v| v.charge.boleto)
        })
        .and_then(Result::ok)
        .flatten()
    });
    let status = move || boleto.get().map(|b| b.bank_status());
    let earlier = move || {
        boleto
            .get()
            .map(|b| b.earlier_rejections)
            .unwrap_or_default()
    };
    let rejected = move || boleto.get().is_some_and(|b| b.rejected.is_some());
    let resend_error = RwSignal::new(None::<String>);
    let rid = id.clone();
    let resend = move |_| {
        let id = rid.clone();
        resend_error.set(None);
        spawn_local(async move {
            if let Err(e) = app.run(move |b, ctx| b.resend_boleto(ctx, &id)).await {
                resend_error.set(Some(e.to_string()));
            }
        });
    };
    match slip {
        Ok(s) => view! {
            <section class="card" data-testid="boleto-section">
                <h2>"Boleto"</h2>
                {move || status().map(|t| view! { <p data-testid="boleto-bank-status">{t}</p> })}
                {move || (!earlier().is_empty()).then(|| view! {
                    <p class="muted" data-testid="boleto-earlier-rejections">{format!("Rejeições anteriores: {}.", earlier().join("; "))}</p>
                })}
                {move || rejected().then(|| view! {
                    <div class="stack">
                        <p class="muted">"Corrija o que o banco recusou (o cadastro do cliente ou o vencimento) e reenvie: o boleto vai na próxima remessa com o mesmo nosso número."</p>
                        <button type="button" data-testid="resend-boleto" on:click=resend.clone()>"Corrigido: reenviar na próxima remessa"</button>
                    </div>
                })}
                {move || resend_error.get().map(|e| view! { <p class="alert error" role="alert">{e}</p> })}
                <p>"Linha digitável"</p>
                <p class="linha" data-testid="boleto-linha">{s.issued.boleto.linha_formatada()}</p>
                <div class="actions">
                    <button type="button" data-testid="print-boleto" on:click=move |_| {
                        if let Some(w) = web_sys::window() {
                            let _ = w.print();
                        }
                    }>"Imprimir ou salvar em PDF"</button>
                    <share::ShareBoleto slip=s.clone()/>
                </div>
                <BoletoPrint slip=s/>
            </section>
        }
        .into_any(),
        Err(_) => view! { <p class="muted">"Cobrança por boleto: configure a carteira de cobrança em Cobranças para emitir o boleto."</p> }.into_any(),
    }
}

/// The ficha de compensação and the recibo do pagador, laid out for print.
#[component]
fn BoletoPrint(slip: BoletoSlip) -> impl IntoView {
    let svg = barcode_svg(&slip.issued.boleto.barcode).unwrap_or_default();
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
                <div class="barcode" role="img" aria-label="Código de barras do boleto" data-testid="boleto-barcode" inner_html=svg></div>
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
