//! The lobby's two views: an owner's device watching an invite, and a joining device
//! showing its code until it is admitted.

use super::*;

/// An owner's device watching an invite's lobby: each device asking to join, with the code
/// it shows, and a button to admit it once the person checked the codes match.
#[component]
pub fn LobbyWatch(invite: NewInvite) -> impl IntoView {
    let sync = use_sync();
    let app = use_app();
    let messages = RwSignal::new(Vec::<LobbyMessage>::new());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let parsed = InviteSecret::from_text(&invite.secret).ok();
    let relay = sync
        .team
        .get_untracked()
        .map(|t| t.relay)
        .unwrap_or_default();
    let lobby = match (&parsed, app.device()) {
        (Some(secret), Some(device)) => {
            Lobby::open(secret.clone(), &relay, DeviceId(device.actor), messages)
                .map_err(|e| error.set(Some(e.to_string())))
                .ok()
        }
        _ => None,
    };
    let lobby = StoredValue::new_local(lobby);
    on_cleanup(move || lobby.update_value(|l| *l = None));
    let requests = move || {
        let all = messages.get();
        let answered: Vec<DeviceId> =
            all.iter()
                .filter_map(|m| match m {
                    LobbyMessage::Approval { device, .. }
                    | LobbyMessage::Refusal { device, .. } => Some(*device),
                    LobbyMessage::Request(_) => None,
                })
                .collect();
        all.into_iter()
            .filter_map(|m| match m {
                LobbyMessage::Request(r) if !answered.contains(&r.device) => Some(r),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let secret = StoredValue::new(parsed);
    // A request for an invite that can no longer admit anyone (used, expired) is answered
    // at once, so the joining device stops waiting and says why.
    Effect::new(move |_| {
        let pending = requests();
        let Some(invite) = secret.get_value() else {
            return;
        };
        let now = super::super::now_ms();
        let Some(Err(e)) = untrack(|| app.read(|b| b.check_invite(&invite, now))) else {
            return;
        };
        let Some(open) = lobby.with_value(Clone::clone) else {
            return;
        };
        let reason = e.to_string();
        for request in pending {
            if open
                .post(&lobby::refusal_payload(request.device, &reason))
                .is_ok()
            {
                error.set(Some(format!(
                    "{} pediu para entrar e foi recusado: {reason}",
                    request.name
                )));
                // Answered: the list drops it (the relay does not echo this device's own).
                messages.update(|all| {
                    all.push(LobbyMessage::Refusal {
                        device: request.device,
                        reason: reason.clone(),
                    })
                });
            }
        }
    });
    let approve = move |request: JoinRequest| {
        let Some(secret) = secret.get_value() else {
            return;
        };
        error.set(None);
        // Held here: admitting the device changes the members, and the screen may redraw
        // before the approval is posted.
        let open = lobby.with_value(Clone::clone);
        spawn_local(async move {
            let name = request.name.clone();
            let posted = match (sync.approve(&secret, &request).await, open) {
                (Ok(payload), Some(open)) => open.post(&payload),
                (Ok(_), None) => Err(TeamError::App(AppError::NotReady)),
                (Err(e), open) => {
                    // The joining device is told too, instead of waiting.
                    if let Some(open) = open {
                        let _ = open.post(&lobby::refusal_payload(request.device, &e.to_string()));
                    }
                    Err(e)
                }
            };
            match posted {
                Ok(()) => done.try_set(Some(format!("{name} entrou na equipe."))),
                Err(e) => error.try_set(Some(e.to_string())),
            };
        });
    };
    let code_of = move |r: &JoinRequest| {
        secret
            .with_value(|s| s.as_ref().map(|s| r.short_code(s)))
            .unwrap_or_default()
    };
    view! {
        <div class="lobby" data-testid="lobby">
            {move || match done.get() {
                Some(message) => view! { <p class="alert ok" role="status">{message}</p> }.into_any(),
                None => {
                    let list = requests();
                    if list.is_empty() {
                        view! { <p class="muted" data-testid="lobby-waiting">"Aguardando o aparelho convidado abrir o convite…"</p> }.into_any()
                    } else {
                        list.into_iter().map(|r| {
                            let code = code_of(&r);
                            let name = r.name.clone();
                            let request = r.clone();
                            view! {
                                <div class="lobby-request" data-testid="lobby-request">
                                    <p>{format!("{name} pede para entrar. Confira se o celular dele mostra este código:")}</p>
                                    <p class="short-code" data-testid="approve-code">{code}</p>
                                    <button type="button" data-testid="approve-join"
                                        on:click=move |_| approve(request.clone())>"O código confere: admitir"</button>
                                </div>
                            }
                        }).collect_view().into_any()
                    }
                }
            }}
            {move || error.get().map(|e| view! { <p class="alert error" role="alert">{e}</p> })}
        </div>
    }
}

/// What a device opened with an expired invite says (the link's expiry, local date).
fn expired_message(expires_ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(expires_ms as f64));
    format!(
        "Este convite venceu em {:02}/{:02}/{}. Peça um novo convite a quem cuida da equipe.",
        d.get_date(),
        d.get_month() + 1,
        d.get_full_year()
    )
}

/// Where a device joining by invite is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Joining {
    Ready,
    /// The request is posted: the code to show to whoever approves.
    Waiting(String),
    /// Approved: entering the team.
    Entering,
    Joined,
    Failed(String),
}

/// A device opened with a single-use invite (`#invite=`): asks to join, shows its code,
/// and enters the team once an owner's device admits it.
#[component]
pub fn JoinStep(link: String, on_done: Callback<()>) -> impl IntoView {
    let sync = use_sync();
    let app = use_app();
    let messages = RwSignal::new(Vec::<LobbyMessage>::new());
    let state = RwSignal::new(Joining::Ready);
    let lobby = StoredValue::new_local(None::<Lobby>);
    on_cleanup(move || lobby.update_value(|l| *l = None));
    let parsed = JoinLink::parse(&link);
    let parsed = StoredValue::new(parsed.map_err(|e| e.to_string()));
    let ask = move |_| {
        let link = match parsed.get_value() {
            Ok(link) => link,
            Err(e) => {
                state.set(Joining::Failed(e));
                return;
            }
        };
        if app.read(|_| ()).is_some() {
            state.set(Joining::Failed(TeamError::HasData.to_string()));
            return;
        }
        if let Some(expires) = link
            .expires_ms
            .filter(|_| link.expired_at(super::super::now_ms()))
        {
            state.set(Joining::Failed(expired_message(expires)));
            return;
        }
        spawn_local(async move {
            let asked = async {
                let keys = sync.device_keys().await?;
                let device = app.device().ok_or(AppError::NotReady)?;
                let me = DeviceId(device.actor);
                let payload = lobby::request_payload(&link.secret, me, &device.name, &keys)?;
                let code = lobby::JoinRequest {
                    device: me,
                    name: device.name.trim().to_string(),
                    public: keys.public(),
                }
                .short_code(&link.secret);
                let open = Lobby::open(link.secret.clone(), &link.relay, me, messages)?;
                open.post(&payload)?;
                lobby.set_value(Some(open));
                Ok::<String, TeamError>(code)
            }
            .await;
            state.set(match asked {
                Ok(code) => Joining::Waiting(code),
                Err(e) => Joining::Failed(e.to_string()),
            });
        });
    };
    // The approval for this device: open it and enter the team. An approval for another
    // device means the invite was used already.
    Effect::new(move |_| {
        let all = messages.get();
        if !matches!(state.get(), Joining::Waiting(_)) {
            return;
        }
        let Some(device) = app.device() else { return };
        let me = DeviceId(device.actor);
        let mine = all.iter().find_map(|m| match m {
            LobbyMessage::Approval { device, sealed } if *device == me => Some(sealed.clone()),
            _ => None,
        });
        let used = all
            .iter()
            .any(|m| matches!(m, LobbyMessage::Approval { device, .. } if *device != me));
        let refused = all.iter().find_map(|m| match m {
            LobbyMessage::Refusal { device, reason } if *device == me => Some(reason.clone()),
            _ => None,
        });
        if let (None, Some(reason)) = (&mine, refused) {
            lobby.set_value(None);
            state.set(Joining::Failed(format!(
                "A equipe não pôde admitir este aparelho: {reason} Peça um novo convite a quem cuida da equipe."
            )));
            return;
        }
        match (mine, used) {
            (Some(sealed), _) => {
                let Ok(link) = parsed.get_value() else { return };
                // Once: later lobby messages must not start a second join.
                state.set(Joining::Entering);
                spawn_local(async move {
                    let joined = async {
                        let keys = sync.device_keys().await?;
                        let grant = lobby::open_approval(&keys, &sealed)?;
                        sync.join_granted(grant, link.relay.clone()).await
                    }
                    .await;
                    lobby.set_value(None);
                    state.set(match joined {
                        Ok(()) => Joining::Joined,
                        Err(e) => Joining::Failed(e.to_string()),
                    });
                });
            }
            (None, true) => {
                lobby.set_value(None);
                state.set(Joining::Failed(
                    "Este convite já foi usado por outro aparelho. Peça um novo convite a quem cuida da equipe."
                        .into(),
                ));
            }
            (None, false) => {}
        }
    });
    view! {
        <div class="join-prompt card" role="dialog" aria-labelledby="invite-h" data-testid="invite-prompt">
            <h2 id="invite-h">"Entrar na equipe por convite"</h2>
            {move || match state.get() {
                Joining::Ready => view! {
                    <p>"Este aparelho vai pedir para entrar na equipe do convite. Quem convidou confirma um código de seis números que vai aparecer aqui."</p>
                    <div class="row">
                        <button type="button" data-testid="invite-ask" on:click=ask>"Pedir para entrar"</button>
                        <button type="button" class="secondary" on:click=move |_| on_done.run(())>"Agora não"</button>
                    </div>
                }.into_any(),
                Joining::Waiting(code) => view! {
                    <p>"Mostre este código a quem convidou. Quando ele confirmar, este aparelho entra na equipe."</p>
                    <p class="short-code" data-testid="join-code">{code}</p>
                    <p class="muted" role="status">"Aguardando a aprovação…"</p>
                }.into_any(),
                Joining::Entering => view! {
                    <p class="muted" role="status">"Aprovado. Entrando na equipe…"</p>
                }.into_any(),
                Joining::Joined => view! {
                    <p class="alert ok" role="status" data-testid="invite-joined">"Este aparelho entrou na equipe. Os dados estão chegando."</p>
                    <button type="button" on:click=move |_| on_done.run(())>"Continuar"</button>
                }.into_any(),
                Joining::Failed(message) => view! {
                    <p class="alert error" role="alert" data-testid="invite-error">{message}</p>
                    <button type="button" class="secondary" on:click=move |_| on_done.run(())>"Fechar"</button>
                }.into_any(),
            }}
        </div>
    }
}
