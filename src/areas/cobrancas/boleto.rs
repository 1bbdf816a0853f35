//! Boletos in Cobranças: the carteiras de cobrança (configure one per bank account, download
//! the remessa, import the retorno) and, on a boleto charge's page, the printable boleto
//! (ficha de compensação and recibo do pagador, the barcode as SVG, the Pix QR of a boleto
//! híbrido). Every figure comes from core; the screen only lays it out.

use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::carteira::{BoletoSlip, CarteiraInput};
use retaguarda_core::formats::boleto::{barcode_svg, Bank};
use retaguarda_core::ledger::AccountKind;
use retaguarda_core::Id;

use crate::fmt::{brl, date, parse_brl};
use crate::state::use_app;

/// Carteiras de cobrança: the list with remessa and retorno, and the form to add one.
#[component]
pub fn CarteirasPanel() -> impl IntoView {
    let app = use_app();
    let carteiras = Memo::new(move |_| {
        app.read(|b| b.carteiras().unwrap_or_default())
            .unwrap_or_default()
    });
    let adding = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
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
                                        "Retorno importado: {} registrado(s), {} rejeitado(s), {} pago(s), {} baixado(s). Tarifas: {}.",
                                        s.registered, s.rejected.len(), s.paid, s.written_off, brl(s.fees)
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
                    view! {
                        <li class="card stack" data-testid="carteira">
                            <strong>{title}</strong>
                            <button type="button" data-testid="download-remessa" on:click=remessa>"Baixar remessa"</button>
                            <crate::widgets::FilePick label="Importar retorno do banco" accept=".ret,.RET,.txt,.TXT" on_file=on_file/>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || message.get().map(|m| view! { <p class="alert ok" role="status" data-testid="carteira-notice">{m}</p> })}
            {move || error.get().map(|e| view! { <p class="alert error" role="alert" data-testid="carteira-error">{e}</p> })}
            <Show
                when=move || adding.get()
                fallback=move || view! {
                    <button type="button" class="secondary" data-testid="new-carteira" on:click=move |_| adding.set(true)>"+ Nova carteira"</button>
                }
            >
                <CarteiraForm on_done=move |_| adding.set(false)/>
            </Show>
        </details>
    }
}

/// The form of a new carteira; core validates it per bank.
#[component]
fn CarteiraForm(#[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let app = use_app();
    let accounts = Memo::new(move |_| {
        app.read(|b| {
            b.accounts()
                .unwrap_or_default()
                .into_iter()
                .filter(|(_, a)| a.kind == AccountKind::Bank && !a.archived)
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    });
    let account = RwSignal::new(
        accounts
            .get_untracked()
            .first()
            .map(|(id, _)| id.clone())
            .unwrap_or_default(),
    );
    let field = || RwSignal::new(String::new());
    let (bank, agencia, conta, conta_dv, convenio, carteira) = (
        RwSignal::new("341".to_string()),
        field(),
        field(),
        field(),
        field(),
        field(),
    );
    let (range_start, range_end) = (RwSignal::new("1".to_string()), field());
    let (juros, multa, instructions) = (
        RwSignal::new("1,00".to_string()),
        RwSignal::new("2,00".to_string()),
        field(),
    );
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let pct = |s: RwSignal<String>, what: &str| {
            let t = s.get_untracked();
            if t.trim().is_empty() {
                return Ok(rust_decimal::Decimal::ZERO);
            }
            parse_brl(&t).map_err(|e| format!("{what}: {e}"))
        };
        let number = |s: RwSignal<String>| s.get_untracked().trim().parse::<u64>().ok();
        let (juros_v, multa_v) = match (pct(juros, "Juros"), pct(multa, "Multa")) {
            (Ok(j), Ok(m)) => (j, m),
            (Err(e), _) | (_, Err(e)) => {
                error.set(Some(e));
                return;
            }
        };
        let opt = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.trim().is_empty());
        let input = CarteiraInput {
            account: account.get_untracked(),
            bank: bank.get_untracked(),
            agencia: agencia.get_untracked(),
            conta: conta.get_untracked(),
            conta_dv: opt(conta_dv),
            convenio: opt(convenio),
            carteira: carteira.get_untracked(),
            range_start: number(range_start).unwrap_or(0),
            range_end: number(range_end),
            juros_month_pct: juros_v,
            multa_pct: multa_v,
            instructions: instructions.get_untracked(),
            ..CarteiraInput::default()
        };
        spawn_local(async move {
            match app
                .run(move |b, ctx| b.save_carteira(ctx, None, input))
                .await
            {
                Ok(_) => on_done.run(()),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let text = move |label: &'static str, name: &'static str, s: RwSignal<String>| {
        view! {
            <label>
                {label}
                <input name=name autocomplete="off" prop:value=move || s.get() on:input=move |ev| s.set(event_target_value(&ev))/>
            </label>
        }
    };
    view! {
        <form class="stack" data-testid="carteira-form" on:submit=submit novalidate>
            <h3>"Nova carteira de cobrança"</h3>
            <label>
                "Conta bancária"
                <select name="account" prop:value=move || account.get() on:change=move |ev| account.set(event_target_value(&ev))>
                    {move || accounts.get().into_iter().map(|(id, a)| view! { <option value=id>{a.name}</option> }).collect_view()}
                </select>
            </label>
            <label>
                "Banco"
                <select name="bank" prop:value=move || bank.get() on:change=move |ev| bank.set(event_target_value(&ev))>
                    {Bank::ALL.into_iter().map(|b| view! { <option value=b.code()>{format!("{} {}", b.code(), b.name())}</option> }).collect_view()}
                </select>
            </label>
            {text("Agência", "agencia", agencia)}
            {text("Conta", "conta", conta)}
            {text("Dígito da conta", "conta_dv", conta_dv)}
            {text("Convênio / código do beneficiário", "convenio", convenio)}
            {text("Carteira", "carteira", carteira)}
            {text("Primeiro nosso número", "range_start", range_start)}
            {text("Último nosso número (vazio: o máximo do banco)", "range_end", range_end)}
            {text("Juros ao mês (%)", "juros", juros)}
            {text("Multa (%)", "multa", multa)}
            {text("Instruções no boleto", "instructions", instructions)}
            {move || error.get().map(|e| view! { <p class="alert error" role="alert" data-testid="carteira-form-error">{e}</p> })}
            <div class="actions">
                <button type="submit">"Salvar carteira"</button>
                <button type="button" class="secondary" on:click=move |_| on_done.run(())>"Cancelar"</button>
            </div>
        </form>
    }
}

/// A boleto charge's printable boleto, or why there is none.
#[component]
pub fn BoletoSection(id: Id) -> impl IntoView {
    let app = use_app();
    let slip = app
        .read(|b| b.boleto_slip(&id))
        .unwrap_or_else(|| Err(retaguarda_core::CoreError::not_allowed("")));
    let status = app
        .read(|b| {
            b.charge_view(&id, crate::state::today())
                .ok()
                .and_then(|v| v.charge.boleto)
                .map(|b| b.bank_status())
        })
        .flatten();
    match slip {
        Ok(s) => view! {
            <section class="card" data-testid="boleto-section">
                <h2>"Boleto"</h2>
                {status.map(|t| view! { <p data-testid="boleto-bank-status">{t}</p> })}
                <p>"Linha digitável"</p>
                <p class="linha" data-testid="boleto-linha">{s.issued.boleto.linha_formatada()}</p>
                <div class="actions">
                    <button type="button" data-testid="print-boleto" on:click=move |_| {
                        if let Some(w) = web_sys::window() {
                            let _ = w.print();
                        }
                    }>"Imprimir ou salvar em PDF"</button>
                    <ShareBoleto slip=s.clone()/>
                </div>
                <BoletoPrint slip=s/>
            </section>
        }
        .into_any(),
        Err(_) => view! { <p class="muted">"Cobrança por boleto: configure a carteira de cobrança em Cobranças para emitir o boleto."</p> }.into_any(),
    }
}

#[component]
fn ShareBoleto(slip: BoletoSlip) -> impl IntoView {
    let text = format!(
        "{}: boleto de {} com vencimento em {}. Linha digitável: {}",
        slip.beneficiary,
        brl(slip.amount),
        date(slip.due_date),
        slip.issued.boleto.linha_formatada()
    );
    let wa = format!("https://wa.me/?text={}", super::url_encode(&text));
    view! {
        <a class="button secondary" href=wa target="_blank" rel="noopener" data-testid="share-boleto-whatsapp">"Enviar por WhatsApp"</a>
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
