//! Sync between this business's devices: create a sync team, invite a device by link and
//! QR code, join one, the devices seen, leave. (The staff is Equipe, `areas::staff`; here
//! "team" is the devices that sync.)

use leptos::prelude::*;

use crate::scanner::{Scanner, QR_CODES};
use crate::state::use_app;
use crate::sync::use_sync;
use crate::ui::{show, Field, FieldKind, FormError, FormErrorView, Submit, Topic};

/// Asked before this device, with its records, joins a team by a pasted or scanned invite.
const JOIN_QUESTION: &str = "Os dados que já estão neste aparelho serão juntados aos da equipe \
do convite, e todos da equipe passarão a vê-los. Entrar na equipe?";

/// When a device was last heard from, on this device's clock ("sincronizou 07/12 14:05").
fn last_seen(ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!(
        "sincronizou {:02}/{:02} {:02}:{:02}",
        d.get_date(),
        d.get_month() + 1,
        d.get_hours(),
        d.get_minutes()
    )
}

/// Team and sync: create a team, invite by link and QR code, join, devices seen, leave.
#[component]
pub(super) fn SyncDevices() -> impl IntoView {
    let app = use_app();
    let sync = use_sync();
    let relay = RwSignal::new(String::new());
    let link = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<String>);
    let create = Submit::new(
        move || {
            notice.set(Some(
                "Criando a equipe no servidor de sincronização…".to_string(),
            ));
            let address = relay.get_untracked();
            async move {
                let created = sync.create_team(&address).await;
                if created.is_err() {
                    notice.set(None);
                }
                created.map_err(|e| FormError::Missing(e.to_string()))
            }
        },
        move |answered| {
            notice.set(Some(if answered {
                "Equipe criada. Convide os outros aparelhos.".to_string()
            } else {
                "Equipe criada neste aparelho, mas o servidor de sincronização ainda não respondeu; os dados vão para a equipe assim que ele responder.".to_string()
            }))
        },
    );
    let join = Submit::new(
        move || {
            notice.set(None);
            let text = link.get_untracked();
            async move {
                sync.join(&text)
                    .await
                    .map_err(|e| FormError::Missing(e.to_string()))
            }
        },
        move |()| notice.set(Some("Este aparelho entrou na equipe.".to_string())),
    );
    let ask_join = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // This screen only exists once the device holds a business, and its records will go
        // to the team: that is the person's call.
        let confirmed = web_sys::window()
            .and_then(|w| w.confirm_with_message(JOIN_QUESTION).ok())
            .unwrap_or(false);
        if confirmed {
            join.dispatch();
        }
    };
    let leave = Submit::new(
        move || async move {
            sync.leave().await;
            Ok(())
        },
        move |()| {
            notice.set(Some(
                "Este aparelho saiu da equipe. Os dados continuam aqui.".to_string(),
            ))
        },
    );
    // `Some(None)`: in a team that records its members, which invites by single-use
    // links only (Membros da equipe).
    let invite = move || {
        sync.team.get()?;
        let _ = app.query(&[Topic::Devices], |_| {
            Ok::<(), retaguarda_core::CoreError>(())
        });
        Some(sync.invite_link())
    };
    let copy = move |_| {
        if let Some(Some(text)) = invite() {
            crate::widgets::copy_text(&text);
            notice.set(Some("Convite copiado.".to_string()));
        }
    };
    let devices = move || {
        let peers = sync.peers.get();
        app.query(&[Topic::Devices], |b| b.devices()).map(|list| {
            list.into_iter()
                .map(|(hex, d)| {
                    let seen = peers.get(&hex).copied();
                    (hex, d.name, seen)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="card" id="sincronizacao" aria-labelledby="sync-h">
            <h2 id="sync-h">"Sincronização entre aparelhos"</h2>
            {move || match invite() {
                None => view! {
                    <p>"Os dados estão só neste aparelho. Crie uma equipe para sincronizar com os aparelhos da sua equipe, com criptografia de ponta a ponta."</p>
                    <Field label="Endereço do servidor de sincronização (vazio = este servidor)" value=relay
                        placeholder="https://…" maxlength=200 autocomplete="url"/>
                    <button type="button" disabled=move || create.busy().get() on:click=move |_| create.dispatch()
                        data-testid="team-create">"Criar equipe"</button>
                    <FormErrorView submit=create/>
                    <form on:submit=ask_join data-unguarded="">
                        <Field label="Ou cole um convite" value=link kind=FieldKind::Code name="invite"
                            autocomplete="off" maxlength=400/>
                        <Scanner formats=QR_CODES label="Ler o QR code do convite" fallback=""
                            on_code=Callback::new(move |code: String| link.set(code))/>
                        <FormErrorView submit=join/>
                        <button type="submit" class="secondary" disabled=move || join.busy().get()>"Entrar na equipe"</button>
                    </form>
                }.into_any(),
                Some(None) => view! {
                    <p>"Para colocar outro aparelho na equipe, crie um convite de uso único em Membros da equipe."</p>
                    <p class="muted" data-testid="team-status">{move || crate::sync::explain(&sync.view.get())}</p>
                    <div class="row">
                        <button type="button" class="danger" disabled=move || leave.busy().get() on:click=move |_| leave.dispatch()>"Sair da equipe"</button>
                    </div>
                }.into_any(),
                Some(Some(url)) => {
                    let svg = retaguarda_core::formats::pix::qr_svg(&url).unwrap_or_default();
                    view! {
                        <p>"Para colocar outro aparelho na equipe, abra este convite nele (ou leia o QR code com a câmera). Quem tem o convite vê todos os dados: envie só para quem é da equipe."</p>
                        <div class="qr" inner_html=svg aria-label="QR code do convite" role="img"></div>
                        <p class="invite-link" data-testid="invite-link">{url.clone()}</p>
                        <p class="muted" data-testid="team-status">{move || crate::sync::explain(&sync.view.get())}</p>
                        <div class="row">
                            <button type="button" on:click=copy>"Copiar convite"</button>
                            <button type="button" class="danger" disabled=move || leave.busy().get() on:click=move |_| leave.dispatch()>"Sair da equipe"</button>
                        </div>
                    }.into_any()
                }
            }}
            <h3>"Aparelhos"</h3>
            {move || show(devices(), |list| view! {
                <ul class="list" data-testid="team-devices">
                    {list.into_iter().map(|(_, name, seen)| view! {
                        <li class="row">
                            <span>{name}</span>
                            <span class="muted">{seen.map(last_seen).unwrap_or_default()}</span>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <crate::peer::DeviceLinks/>
            {move || notice.get().map(|m| view! { <p class="alert ok" role="status">{m}</p> })}
        </section>
    }
}
