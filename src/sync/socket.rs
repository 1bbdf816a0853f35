//! The connection to the relay: opening the WebSocket, the heartbeat that finds a dead
//! one, reconnecting after the backoff delay, and sending what the client has ready. The
//! link may also be the shop's hub (its data channel, opened by [`super::hub`]).

use leptos::prelude::*;
use retaguarda_core::sync::heartbeat::Tick;
use retaguarda_core::sync::invite::relay_ws_url;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{mono_ms, now_ms, online, origin, SyncCtx, SyncView};

/// What the client talks through: the relay's WebSocket, or the shop's hub.
#[derive(Clone)]
pub(super) enum Link {
    Relay(web_sys::WebSocket),
    Hub(crate::hub::Channel),
}

impl SyncCtx {
    pub(super) fn leave_socket(&self) {
        let socket = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner.generation += 1;
            inner.opening_since = None;
            inner.socket.take()
        };
        match socket {
            Some(Link::Relay(socket)) => {
                socket.set_onopen(None);
                socket.set_onmessage(None);
                socket.set_onclose(None);
                let _ = socket.close();
            }
            Some(Link::Hub(channel)) => channel.close(),
            None => {}
        }
        if let Some(client) = self.cell().borrow_mut().client.as_mut() {
            client.disconnected();
        }
    }

    /// Closes a socket found dead (no answer within the deadline) and tries again after
    /// the backoff delay.
    fn drop_dead_socket(&self) {
        leptos::logging::warn!("sincronização: o servidor não respondeu a tempo; reconectando");
        if self.on_hub() {
            self.hub_failed();
        }
        self.leave_socket();
        self.refresh_view();
        let generation = self.cell().borrow().generation;
        self.schedule_reconnect(generation);
    }

    /// The heartbeat: closes a socket that does not open or whose relay missed a
    /// deadline, and sends the pings the client asks for.
    pub(super) fn tick(&self) {
        let now = mono_ms();
        let dead = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let opening = inner.opening_since;
            let Some(client) = inner.client.as_mut() else {
                return;
            };
            let (_, timeout) = client.heartbeat_ms();
            match opening {
                Some(since) => now_ms() - since > timeout as i64,
                None => client.tick(now) == Tick::Dead,
            }
        };
        if dead {
            self.drop_dead_socket();
            return;
        }
        crate::peer::tick();
        // Through the relay, the hub is tried again now and then: it is preferred.
        if !self.on_hub() && self.cell().borrow().socket.is_some() && self.hub_due() {
            self.connect_hub();
        }
        self.flush();
        self.staff_tick();
        self.refresh_view();
    }

    /// The page came back, the window got focus or the browser went online: connect
    /// now if not connected, else check the connection at once (it may have died while
    /// the page slept).
    pub(super) fn wake(&self) {
        let connected = self.cell().borrow().socket.is_some();
        if connected {
            if let Some(client) = self.cell().borrow_mut().client.as_mut() {
                client.probe();
            }
            crate::peer::announce();
            self.tick();
        } else {
            {
                let cell = self.cell();
                let mut inner = cell.borrow_mut();
                // A pending retry timer becomes stale; this attempt replaces it.
                inner.generation += 1;
                inner.backoff.reset();
            }
            self.connect();
        }
    }

    /// Opens the socket if this device is in a team, online, and not connected.
    pub fn connect(&self) {
        let (url, generation) = {
            let cell = self.cell();
            let inner = cell.borrow();
            let Some(team) = inner.team.as_ref() else {
                return;
            };
            if inner.socket.is_some() || inner.client.is_none() || !online() {
                return;
            }
            let relay = if team.relay.is_empty() {
                origin()
            } else {
                team.relay.clone()
            };
            (relay_ws_url(&relay), inner.generation)
        };
        if self.hub_due() {
            self.connect_hub();
            return;
        }
        self.use_relay_place();
        let url = match url {
            Ok(u) => u,
            Err(e) => {
                self.view.set(SyncView::Error(e.to_string()));
                return;
            }
        };
        let Ok(socket) = web_sys::WebSocket::new(&url) else {
            self.schedule_reconnect(generation);
            return;
        };
        socket.set_binary_type(web_sys::BinaryType::Arraybuffer);
        let this = *self;
        let on_open = Closure::<dyn FnMut()>::new(move || {
            let now = mono_ms();
            {
                let cell = this.cell();
                let mut inner = cell.borrow_mut();
                inner.opening_since = None;
                if let Some(client) = inner.client.as_mut() {
                    client.connected();
                    client.tick(now);
                }
            }
            this.flush();
            this.refresh_view();
        });
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                if let Ok(buffer) = e.data().dyn_into::<js_sys::ArrayBuffer>() {
                    this.cell()
                        .borrow_mut()
                        .inbox
                        .push_back(js_sys::Uint8Array::new(&buffer).to_vec());
                    this.drain();
                }
            });
        let on_close = Closure::<dyn FnMut()>::new(move || {
            let generation = {
                let cell = this.cell();
                let mut inner = cell.borrow_mut();
                inner.socket = None;
                inner.opening_since = None;
                if let Some(client) = inner.client.as_mut() {
                    client.disconnected();
                }
                inner.generation
            };
            this.refresh_view();
            this.schedule_reconnect(generation);
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        // The handlers live as long as the socket; a closed socket drops its references.
        on_open.forget();
        on_message.forget();
        on_close.forget();
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner.socket = Some(Link::Relay(socket));
            inner.opening_since = Some(now_ms());
        }
        self.refresh_view();
    }

    pub(super) fn schedule_reconnect(&self, generation: u64) {
        let failed = matches!(self.view.get_untracked(), SyncView::Error(_));
        if failed || !online() {
            return;
        }
        let delay = {
            let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
            self.cell().borrow_mut().backoff.next_delay_ms(random)
        };
        let this = *self;
        gloo_timers::callback::Timeout::new(delay, move || {
            if this.cell().borrow().generation == generation {
                this.connect();
            }
        })
        .forget();
    }

    /// Sends every frame the client has ready. A frame too large for the hub's channel
    /// (a big snapshot) sends the client back to the relay for a while.
    pub(super) fn flush(&self) {
        let too_big = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let inner = &mut *inner;
            let Some(link) = inner.socket.clone() else {
                return;
            };
            if let Link::Relay(socket) = &link {
                if socket.ready_state() != web_sys::WebSocket::OPEN {
                    return;
                }
            }
            let Some(client) = inner.client.as_mut() else {
                return;
            };
            let mut frames = Vec::new();
            while let Some(frame) = client.poll_transmit() {
                frames.push(frame);
            }
            let mut too_big = false;
            for frame in frames {
                super::hub::note_sent(inner, &frame);
                match &link {
                    Link::Relay(socket) => {
                        let _ = socket.send_with_u8_array(&frame);
                    }
                    Link::Hub(channel) if crate::hub::Channel::fits(&frame) => {
                        channel.send(&frame);
                    }
                    Link::Hub(_) => too_big = true,
                }
            }
            too_big
        };
        if too_big {
            leptos::logging::warn!("hub da loja: um pacote grande demais vai pela nuvem");
            self.hub_failed();
            self.leave_socket();
            self.connect();
        }
    }
}
