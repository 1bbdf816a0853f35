//! Single-use invites, the browser's half (docs/SYNC.md 10.3): a second WebSocket to the
//! relay in the invite's own room (the lobby), through which a joining device posts its
//! request and shows its six-digit code, and an owner's device shows the same code for the
//! request and answers with the team secret sealed to the new device's key.
//!
//! The lobby is an ordinary room to the relay and to core's `SyncClient`; what the blobs
//! say is core's `sync::lobby`. A lobby lives as long as the screen that opened it.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::members::Role;
use retaguarda_core::sync::client::{ClientState, SyncClient, SyncEvent};
use retaguarda_core::sync::heartbeat::Tick;
use retaguarda_core::sync::invite::relay_ws_url;
use retaguarda_core::sync::keys::{DeviceId, TeamSecret};
use retaguarda_core::sync::lobby::{
    self, Grant, InviteSecret, JoinLink, JoinRequest, LobbyMessage,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{mono_ms, origin, use_sync, SyncCtx, TeamError};
use crate::state::{use_app, AppError};

/// How long an invite is accepted (a week, by the approving device's clock).
const INVITE_VALID_MS: i64 = 7 * 24 * 60 * 60 * 1000;

struct Conn {
    client: SyncClient,
    invite: InviteSecret,
    url: String,
    socket: Option<web_sys::WebSocket>,
    messages: RwSignal<Vec<LobbyMessage>>,
    timer: Option<gloo_timers::callback::Interval>,
}

impl Drop for Conn {
    fn drop(&mut self) {
        if let Some(socket) = self.socket.take() {
            close(&socket);
        }
    }
}

fn close(socket: &web_sys::WebSocket) {
    socket.set_onopen(None);
    socket.set_onmessage(None);
    socket.set_onclose(None);
    let _ = socket.close();
}

/// An open lobby: reconnects while it lives, and puts every message read into `messages`.
#[derive(Clone)]
struct Lobby(Rc<RefCell<Conn>>);

impl Lobby {
    fn open(
        invite: InviteSecret,
        relay: &str,
        device: DeviceId,
        messages: RwSignal<Vec<LobbyMessage>>,
    ) -> Result<Lobby, TeamError> {
        let relay = if relay.is_empty() {
            origin()
        } else {
            relay.to_string()
        };
        let url = relay_ws_url(&relay)?;
        let client = SyncClient::new(&invite.lobby(), device, ClientState::default());
        let lobby = Lobby(Rc::new(RefCell::new(Conn {
            client,
            invite,
            url,
            socket: None,
            messages,
            timer: None,
        })));
        lobby.connect();
        let weak = Rc::downgrade(&lobby.0);
        let timer = gloo_timers::callback::Interval::new(1000, move || {
            if let Some(conn) = weak.upgrade() {
                Lobby(conn).tick();
            }
        });
        lobby.0.borrow_mut().timer = Some(timer);
        Ok(lobby)
    }

    fn connect(&self) {
        let url = self.0.borrow().url.clone();
        let Ok(socket) = web_sys::WebSocket::new(&url) else {
            return;
        };
        socket.set_binary_type(web_sys::BinaryType::Arraybuffer);
        let weak = Rc::downgrade(&self.0);
        let on_open = {
            let weak = weak.clone();
            Closure::<dyn FnMut()>::new(move || {
                with_lobby(&weak, |lobby| {
                    lobby.0.borrow_mut().client.connected();
                    lobby.flush();
                })
            })
        };
        let on_message = {
            let weak = weak.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                if let Ok(buffer) = e.data().dyn_into::<js_sys::ArrayBuffer>() {
                    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                    with_lobby(&weak, |lobby| lobby.received(&bytes));
                }
            })
        };
        let on_close = Closure::<dyn FnMut()>::new(move || {
            with_lobby(&weak, |lobby| {
                let mut conn = lobby.0.borrow_mut();
                conn.socket = None;
                conn.client.disconnected();
            })
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        // The handlers hold only a weak reference: a closed lobby drops its connection.
        on_open.forget();
        on_message.forget();
        on_close.forget();
        self.0.borrow_mut().socket = Some(socket);
    }

    fn received(&self, bytes: &[u8]) {
        let (events, invite, messages) = {
            let mut conn = self.0.borrow_mut();
            let events = conn.client.handle_frame(bytes).unwrap_or_default();
            (events, conn.invite.clone(), conn.messages)
        };
        for event in events {
            if let SyncEvent::Apply { payload, .. } = event {
                // A message that does not read (altered, relabelled keys) is ignored.
                if let Ok(message) = lobby::read_message(&invite, &payload) {
                    messages.update(|all| {
                        if !all.contains(&message) {
                            all.push(message);
                        }
                    });
                }
            }
        }
        self.flush();
    }

    /// Once a second: reconnects a closed lobby, closes one whose relay stopped answering.
    fn tick(&self) {
        let socket = self.0.borrow().socket.clone();
        match socket {
            None => self.connect(),
            Some(socket) => {
                if self.0.borrow_mut().client.tick(mono_ms()) == Tick::Dead {
                    let _ = socket.close();
                }
            }
        }
        self.flush();
    }

    fn flush(&self) {
        let mut conn = self.0.borrow_mut();
        let Some(socket) = conn.socket.clone() else {
            return;
        };
        if socket.ready_state() != web_sys::WebSocket::OPEN {
            return;
        }
        while let Some(frame) = conn.client.poll_transmit() {
            let _ = socket.send_with_u8_array(&frame);
        }
    }

    fn post(&self, payload: &[u8]) -> Result<(), TeamError> {
        self.0.borrow_mut().client.add_changes(payload)?;
        self.flush();
        Ok(())
    }
}

fn with_lobby(weak: &Weak<RefCell<Conn>>, f: impl FnOnce(&Lobby)) {
    if let Some(conn) = weak.upgrade() {
        f(&Lobby(conn));
    }
}

/// A new invite: its secret, the link to send, and the relay it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInvite {
    pub secret: String,
    pub link: String,
    pub person: String,
}

impl SyncCtx {
    /// Makes a single-use invite for `person` with `role`, valid for a week (an owner's
    /// device), and returns the link to send.
    pub async fn create_invite(&self, role: Role, person: String) -> Result<NewInvite, TeamError> {
        let relay = self
            .cell()
            .borrow()
            .team
            .as_ref()
            .map(|t| t.relay.clone())
            .ok_or(TeamError::App(AppError::NotReady))?;
        let who = person.clone();
        let secret = self
            .app()
            .run(move |b, ctx| b.create_invite(ctx, role, &who, ctx.now_ms + INVITE_VALID_MS))
            .await?;
        let link = JoinLink {
            secret: secret.clone(),
            relay,
        }
        .link(&origin());
        Ok(NewInvite {
            secret: secret.to_text(),
            link,
            person,
        })
    }

    /// Admits the device of `request` (its code was confirmed by a person): records it in
    /// the document, which marks the invite used, and returns the approval to post.
    async fn approve(
        &self,
        invite: &InviteSecret,
        request: &JoinRequest,
    ) -> Result<Vec<u8>, TeamError> {
        let (secret, generation, epoch) = {
            let cell = self.cell();
            let inner = cell.borrow();
            let team = inner
                .team
                .as_ref()
                .ok_or(TeamError::App(AppError::NotReady))?;
            (
                TeamSecret::from_text(&team.secret)?,
                team.generation,
                team.epoch_id(),
            )
        };
        let (i, r) = (invite.clone(), request.clone());
        self.app()
            .run(move |b, ctx| b.approve_join(ctx, &i, &r))
            .await?;
        let grant = Grant {
            secret,
            generation,
            epoch,
        };
        Ok(lobby::approval_payload(request, &grant)?)
    }
}

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
        let approved: Vec<DeviceId> = all
            .iter()
            .filter_map(|m| match m {
                LobbyMessage::Approval { device, .. } => Some(*device),
                LobbyMessage::Request(_) => None,
            })
            .collect();
        all.into_iter()
            .filter_map(|m| match m {
                LobbyMessage::Request(r) if !approved.contains(&r.device) => Some(r),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let secret = StoredValue::new(parsed);
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
                (Err(e), _) => Err(e),
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
