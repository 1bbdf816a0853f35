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

mod view;

pub use view::{JoinStep, LobbyWatch};

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
        let expires_ms = super::now_ms() + INVITE_VALID_MS;
        let secret = self
            .app()
            .run(move |b, ctx| b.create_invite(ctx, role, &who, expires_ms))
            .await?;
        let link = JoinLink {
            secret: secret.clone(),
            relay,
            expires_ms: Some(expires_ms),
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
