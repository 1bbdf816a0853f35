//! Sync between this business's devices: create a sync team, invite a device by link and
//! QR code, join one, the devices seen, leave. (The staff is Equipe, `areas::equipe`; here
//! "team" is the devices that sync.)

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::scanner::{Scanner, QR_CODES};
use crate::state::use_app;
use crate::sync::use_sync;

/// Asked before this device, with its records, joins a team by a pasted or scanned invite.
const JOIN_QUESTION: &str = "Os dados que já estão neste aparelho serão juntados aos da equipe \
do convite, e todos da equipe passarão a vê-los. Entrar na equipe?";

/// Team and sync: create a team, invite by link and QR code, join, devices seen, leave.
#[component]
pub(super) fn SyncDevices() -> impl IntoView {
    let app = use_app();
    let sync = use_sync();
    let relay = RwSignal::new(String::new());
    let link = RwSignal::new(String::new());
    let result = RwSignal::new(None);
    let create = move |_| {
        let address = relay.get_untracked();
        spawn_local(async move {
            result.set(Some(Ok(
                "Criando a equipe no servidor de sincronização…".to_string()
            )));
            let outcome = sync.create_team(&address).await;
            result.set(Some(outcome.map(|answered| {
                if answered {
                    "Equipe criada. Convide os outros aparelhos.".to_string()
                } else {
                    "Equipe criada neste aparelho, mas o servidor de sincronização ainda não respondeu; os dados vão para a equipe assim que ele responder.".to_string()
                }
            }).map_err(|e| e.to_string())));
        });
    };
    let join = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = link.get_untracked();
        // This screen only exists once the device holds a business, and its records will go
        // to the team: that is the person's call.
        let confirmed = web_sys::window()
            .and_then(|w| w.confirm_with_message(JOIN_QUESTION).ok())
            .unwrap_or(false);
        if !confirmed {
            return;
        }
        spawn_local(async move {
            let outcome = sync.join(&text).await;
            result.set(Some(
                outcome
                    .map(|_| "Este aparelho entrou na equipe.".to_string())
                    .map_err(|e| e.to_string()),
            ));
        });
    };
    let leave = move |_| {
        spawn_local(async move {
            sync.leave().await;
            result.set(Some(Ok(
                "Este aparelho saiu da equipe. Os dados continuam aqui.".to_string(),
            )));
        });
    };
    let invite = move || {
        sync.team.get()?;
        sync.invite_link()
    };
    let copy = move |_| {
        if let Some(text) = invite() {
            crate::widgets::copy_text(&text);
            result.set(Some(Ok("Convite copiado.".to_string())));
        }
    };
    let devices = move || {
        let peers = sync.peers.get();
        app.read(|b| b.devices().unwrap_or_default())
            .unwrap_or_default()
            .into_iter()
            .map(|(hex, d)| {
                let seen = peers.get(&hex).copied();
                (hex, d.name, seen)
            })
            .collect::<Vec<_>>()
    };
    view! {
        <section class="card" id="sincronizacao" aria-labelledby="sync-h">
            <h2 id="sync-h">"Sincronização entre aparelhos"</h2>
            {move || match invite() {
                None => view! {
                    <p>"Os dados estão só neste aparelho. Crie uma equipe para sincronizar com os aparelhos da sua equipe, com criptografia de ponta a ponta."</p>
                    <label>"Endereço do servidor de sincronização (vazio = este servidor)"
                        <input inputmode="url" placeholder="https://…" prop:value=move || relay.get() on:input=move |ev| relay.set(event_target_value(&ev))/>
                    </label>
                    <button type="button" on:click=create data-testid="team-create">"Criar equipe"</button>
                    <form on:submit=join data-unguarded="">
                        <label>"Ou cole um convite"
                            <input name="invite" autocomplete="off" prop:value=move || link.get() on:input=move |ev| link.set(event_target_value(&ev))/>
                        </label>
                        <Scanner formats=QR_CODES label="Ler o QR code do convite" fallback=""
                            on_code=Callback::new(move |code: String| link.set(code))/>
                        <button type="submit" class="secondary">"Entrar na equipe"</button>
                    </form>
                }.into_any(),
                Some(url) => {
                    let svg = retaguarda_core::formats::pix::qr_svg(&url).unwrap_or_default();
                    view! {
                        <p>"Para colocar outro aparelho na equipe, abra este convite nele (ou leia o QR code com a câmera). Quem tem o convite vê todos os dados: envie só para quem é da equipe."</p>
                        <div class="qr" inner_html=svg aria-label="QR code do convite" role="img"></div>
                        <p class="invite-link" data-testid="invite-link">{url.clone()}</p>
                        <p class="muted" data-testid="team-status">{move || crate::sync::explain(&sync.view.get())}</p>
                        <div class="row">
                            <button type="button" on:click=copy>"Copiar convite"</button>
                            <button type="button" class="danger" on:click=leave>"Sair da equipe"</button>
                        </div>
                    }.into_any()
                }
            }}
            <h3>"Aparelhos"</h3>
            <ul class="list" data-testid="team-devices">
                <For each=devices key=|(hex, _, seen)| format!("{hex}{seen:?}") let:item>
                    <li class="row">
                        <span>{item.1.clone()}</span>
                        <span class="muted">{item.2.map(|ms| {
                            let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
                            format!("sincronizou {:02}/{:02} {:02}:{:02}", d.get_date(), d.get_month() + 1, d.get_hours(), d.get_minutes())
                        }).unwrap_or_default()}</span>
                    </li>
                </For>
            </ul>
            {move || result.get().map(|r| match r {
                Ok(m) => view! { <p class="alert ok" role="status">{m}</p> }.into_any(),
                Err(e) => view! { <p class="alert error" role="alert">{e}</p> }.into_any(),
            })}
        </section>
    }
}
