//! The carteiras de cobrança panel of Cobranças: each carteira with its remessa download and
//! retorno import, the form to add or edit one, and the nosso número shares of this device
//! (hand them to devices waiting for one, or take over the share of a lost device).

use leptos::prelude::*;
use retaguarda_core::carteira::{Carteira, RemessaOutput, RetornoSummary};
use retaguarda_core::formats::boleto::Bank;
use retaguarda_core::Id;

use super::form::CarteiraForm;
use crate::fmt::brl;
use crate::state::use_app;
use crate::ui::{show, Choices, FormErrorView, SelectField, Submit, Topic};

/// Carteiras de cobrança: the list with remessa and retorno, and the form to add one.
#[component]
pub fn CarteirasPanel() -> impl IntoView {
    let app = use_app();
    let carteiras = Memo::new(move |_| app.query(&[Topic::Carteiras], |b| b.carteiras()));
    let adding = RwSignal::new(false);
    let editing = RwSignal::new(None::<(Id, Carteira)>);
    let notice = RwSignal::new(None::<String>);
    let on_edit = Callback::new(move |pair: (Id, Carteira)| {
        adding.set(false);
        editing.set(Some(pair));
    });
    view! {
        <details class="card" data-testid="carteiras">
            <summary>"Boleto: carteiras de cobrança"</summary>
            {move || show(carteiras.get(), |list| view! {
                <ul class="list">
                    {list.into_iter().map(|(id, c)| view! {
                        <CarteiraRow id=id carteira=c notice=notice on_edit=on_edit/>
                    }).collect_view()}
                </ul>
            })}
            {move || notice.get().map(|m| view! { <p class="alert ok" role="status" data-testid="carteira-notice">{m}</p> })}
            <NumberShares notice=notice/>
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

/// What a retorno import did, in one sentence per kind.
fn retorno_notice(s: &RetornoSummary) -> String {
    if s.already_imported {
        return "Este retorno já foi importado: nada mudou.".into();
    }
    let mut m = format!(
        "Retorno importado: {} registrado(s), {} rejeitado(s), {} pago(s), {} baixado(s) ({} cobrança(s) encerrada(s)). Tarifas: {}.",
        s.registered,
        s.rejected.len(),
        s.paid,
        s.written_off,
        s.closed,
        brl(s.fees)
    );
    for (_, reason) in &s.rejected {
        m.push_str(&format!(" Rejeição: {reason}."));
    }
    for (_, notice) in &s.notices {
        m.push_str(&format!(" Aviso do banco: {notice}."));
    }
    m
}

/// One carteira: its name, edit, the remessa download and the retorno import.
#[component]
fn CarteiraRow(
    id: Id,
    carteira: Carteira,
    notice: RwSignal<Option<String>>,
    on_edit: Callback<(Id, Carteira)>,
) -> impl IntoView {
    let app = use_app();
    let name = Bank::from_code(&carteira.bank)
        .map(|b| b.name())
        .unwrap_or("Banco");
    let title = format!(
        "{name} · agência {} · conta {} · carteira {}",
        carteira.agencia, carteira.conta, carteira.carteira
    );
    let rid = id.clone();
    let remessa = Submit::new(
        move || {
            let id = rid.clone();
            async move {
                Ok(app
                    .run(move |b, ctx| {
                        let at = chrono::DateTime::from_timestamp_millis(ctx.now_ms)
                            .map(|d| d.naive_utc())
                            .unwrap_or_default();
                        b.generate_remessa(ctx, &id, at)
                    })
                    .await?)
            }
        },
        move |r: RemessaOutput| {
            let saved = crate::widgets::download(&r.file_name, "text/plain", r.text.as_bytes());
            notice.set(Some(match saved {
                Ok(()) => format!(
                    "Remessa {} gerada: {} boleto(s) e {} pedido(s) de baixa. Envie o arquivo no internet banking.",
                    r.sequence, r.entries, r.baixas
                ),
                Err(e) => format!(
                    "Remessa {} gerada, mas o arquivo não foi salvo ({e}): gere de novo depois de reimportar um backup.",
                    r.sequence
                ),
            }));
        },
    );
    // The retorno's text, kept between picking the file and importing it.
    let picked = RwSignal::new(String::new());
    let fid = id.clone();
    let retorno = Submit::new(
        move || {
            let id = fid.clone();
            let text = picked.get_untracked();
            async move {
                Ok(app
                    .run(move |b, ctx| b.import_retorno(ctx, &id, &text))
                    .await?)
            }
        },
        move |s: RetornoSummary| notice.set(Some(retorno_notice(&s))),
    );
    let on_file = Callback::new(move |bytes: Vec<u8>| {
        // Banks write retornos in ASCII or Latin-1: one character per byte.
        picked.set(bytes.iter().map(|&b| char::from(b)).collect());
        notice.set(None);
        retorno.dispatch();
    });
    let pair = (id, carteira);
    view! {
        <li class="card stack" data-testid="carteira">
            <strong>{title}</strong>
            <button type="button" class="secondary" data-testid="edit-carteira" on:click=move |_| on_edit.run(pair.clone())>"Editar carteira"</button>
            <button
                type="button"
                data-testid="download-remessa"
                disabled=move || remessa.busy().get()
                on:click=move |_| {
                    notice.set(None);
                    remessa.dispatch();
                }
            >
                "Baixar remessa"
            </button>
            <FormErrorView submit=remessa testid="carteira-error"/>
            <crate::widgets::FilePick label="Importar retorno do banco" accept=".ret,.RET,.txt,.TXT" on_file=on_file/>
            <FormErrorView submit=retorno testid="carteira-error"/>
        </li>
    }
}

/// This device's share of the nosso número space: hand halves to devices waiting for one, or
/// take over the share of a lost device.
#[component]
fn NumberShares(notice: RwSignal<Option<String>>) -> impl IntoView {
    let app = use_app();
    let waiting = Memo::new(move |_| {
        app.query(&[Topic::Carteiras, Topic::Devices], |b| {
            b.devices_without_number_share()
        })
    });
    let my_share = Memo::new(move |_| {
        app.query(&[Topic::Carteiras], |b| b.number_share())
            .is_ok_and(|s| s.is_some())
    });
    let holders = Memo::new(move |_| {
        app.query(&[Topic::Carteiras, Topic::Devices], |b| {
            b.number_share_holders()
        })
    });
    let lost = RwSignal::new(String::new());
    let take_over = Submit::new(
        move || {
            let device = lost.get_untracked();
            async move {
                if device.is_empty() {
                    return Err(crate::ui::FormError::Missing(
                        "Escolha o aparelho perdido.".into(),
                    ));
                }
                app.run(move |b, ctx| b.take_over_number_share(ctx, &device))
                    .await?;
                Ok(())
            }
        },
        move |()| {
            notice.set(Some(
                "Este aparelho assumiu a faixa de nosso número do aparelho perdido.".into(),
            ))
        },
    );
    let grant = Submit::new(
        move || async move { Ok(app.run(|b, ctx| b.grant_number_shares(ctx)).await?) },
        move |served: Vec<String>| {
            notice.set(Some(format!(
                "Faixa de nosso número liberada para {} aparelho(s).",
                served.len()
            )))
        },
    );
    let lost_choices = Signal::derive(move || -> Choices { holders.get() });
    view! {
        {move || show(waiting.get(), move |list| (!list.is_empty()).then(|| {
            let names = list.into_iter().map(|(_, n)| n).collect::<Vec<_>>().join(", ");
            view! {
                <div class="stack" data-testid="share-waiting">
                    <p class="muted">{format!("Aguardando faixa de nosso número para emitir boletos: {names}.")}</p>
                    {my_share.get().then(|| view! {
                        <button type="button" class="secondary" data-testid="grant-shares" disabled=move || grant.busy().get() on:click=move |_| grant.dispatch()>"Liberar faixa para outros aparelhos"</button>
                    })}
                    <FormErrorView submit=grant/>
                </div>
            }
        }))}
        {move || (!my_share.get() && holders.get().is_ok_and(|h| !h.is_empty())).then(|| view! {
            <details class="stack" data-testid="share-takeover">
                <summary>"Assumir a faixa de um aparelho perdido"</summary>
                <p class="muted">"Só faça isso se o aparelho não vai mais emitir boletos (perdido, formatado ou trocado): boletos que ele emitiu sem sincronizar podem repetir o nosso número."</p>
                <SelectField label="Aparelho perdido" value=lost options=lost_choices empty="Escolha" name="lost-device"/>
                <button type="button" class="secondary" disabled=move || take_over.busy().get() on:click=move |_| take_over.dispatch()>"Assumir a faixa"</button>
                <FormErrorView submit=take_over/>
            </details>
        })}
    }
}
