//! The staff room's socket: connecting, retrying, the heartbeat, sending what waits and
//! applying what arrives, each blob checked first.

use super::*;

impl SyncCtx {
    pub(super) fn staff_connect(&self) {
        let (url, id) = {
            let cell = self.cell();
            let inner = cell.borrow();
            let (Some(team), Some(link)) = (inner.team.as_ref(), inner.staff.link.as_ref()) else {
                return;
            };
            if link.socket.is_some() || !online() {
                return;
            }
            let relay = if team.relay.is_empty() {
                origin()
            } else {
                team.relay.clone()
            };
            (relay_ws_url(&relay), link.id)
        };
        let Ok(url) = url else { return };
        let Ok(socket) = web_sys::WebSocket::new(&url) else {
            self.staff_retry(id);
            return;
        };
        socket.set_binary_type(web_sys::BinaryType::Arraybuffer);
        let this = *self;
        let on_open = Closure::<dyn FnMut()>::new(move || {
            if let Some(link) = this.cell().borrow_mut().staff.link.as_mut() {
                if link.id == id {
                    link.client.connected();
                    link.client.tick(mono_ms());
                }
            }
            this.staff_flush();
        });
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let Ok(buffer) = e.data().dyn_into::<js_sys::ArrayBuffer>() else {
                    return;
                };
                if let Some(link) = this.cell().borrow_mut().staff.link.as_mut() {
                    if link.id == id {
                        link.inbox
                            .push_back(js_sys::Uint8Array::new(&buffer).to_vec());
                    }
                }
                this.staff_drain();
            });
        let on_close = Closure::<dyn FnMut()>::new(move || {
            if let Some(link) = this.cell().borrow_mut().staff.link.as_mut() {
                if link.id == id {
                    link.socket = None;
                    link.client.disconnected();
                }
            }
            this.staff_retry(id);
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        // The handlers live as long as the socket.
        on_open.forget();
        on_message.forget();
        on_close.forget();
        if let Some(link) = self.cell().borrow_mut().staff.link.as_mut() {
            link.socket = Some(socket);
        }
    }

    /// Opens the staff room's socket again a little later, if its link is still current.
    pub(super) fn staff_retry(&self, id: u64) {
        let this = *self;
        gloo_timers::callback::Timeout::new(2_000, move || {
            let current = this
                .cell()
                .borrow()
                .staff
                .link
                .as_ref()
                .is_some_and(|l| l.id == id);
            if current {
                this.staff_connect();
            }
        })
        .forget();
    }

    /// The heartbeat of the staff room (from the main one): pings when due, a dead socket
    /// closed and opened again.
    pub(in crate::sync) fn staff_tick(&self) {
        let dead = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let Some(link) = inner.staff.link.as_mut() else {
                return;
            };
            if link.socket.is_none() {
                false
            } else {
                link.client.tick(mono_ms()) == Tick::Dead
            }
        };
        if dead {
            let socket = {
                let cell = self.cell();
                let mut inner = cell.borrow_mut();
                inner.staff.link.as_mut().and_then(|l| {
                    l.client.disconnected();
                    l.socket.take()
                })
            };
            if let Some(socket) = socket {
                socket.set_onclose(None);
                let _ = socket.close();
            }
            self.staff_connect();
            return;
        }
        self.staff_flush();
    }

    pub(super) fn staff_flush(&self) {
        let cell = self.cell();
        let mut inner = cell.borrow_mut();
        let Some(link) = inner.staff.link.as_mut() else {
            return;
        };
        let Some(socket) = link.socket.clone() else {
            return;
        };
        if socket.ready_state() != web_sys::WebSocket::OPEN {
            return;
        }
        while let Some(frame) = link.client.poll_transmit() {
            let _ = socket.send_with_u8_array(&frame);
        }
    }

    pub(super) fn staff_drain(&self) {
        {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let Some(link) = inner.staff.link.as_mut() else {
                return;
            };
            if link.draining {
                return;
            }
            link.draining = true;
        }
        let this = *self;
        spawn_local(async move {
            loop {
                let events = {
                    let cell = this.cell();
                    let mut inner = cell.borrow_mut();
                    let Some(link) = inner.staff.link.as_mut() else {
                        break;
                    };
                    let Some(frame) = link.inbox.pop_front() else {
                        link.draining = false;
                        break;
                    };
                    match link.client.handle_frame(&frame) {
                        Ok(events) => events,
                        Err(e) => {
                            leptos::logging::warn!("sala dos dados da equipe: {e}");
                            Vec::new()
                        }
                    }
                };
                this.staff_events(events.into()).await;
            }
            this.staff_flush();
            // The cursor after what was applied (stored before it, so a crash only
            // re-delivers).
            this.save_staff_state().await;
        });
    }

    /// Applies what the staff room delivered, each blob checked first.
    pub(super) async fn staff_events(&self, mut events: VecDeque<SyncEvent>) {
        let app = self.app();
        while let Some(event) = events.pop_front() {
            match event {
                SyncEvent::Apply {
                    seq,
                    kind,
                    device,
                    payload,
                } => {
                    let snapshot = kind == BlobKind::Snapshot;
                    let vetted = untrack(|| {
                        app.read(|b| b.vet_staff_changes(&device.to_hex(), snapshot, &payload))
                    });
                    if let Some(Err(reason)) = vetted {
                        leptos::logging::warn!("dados da equipe postos de lado: {reason}");
                        if let Some(link) = self.cell().borrow_mut().staff.link.as_mut() {
                            link.client.quarantine(seq, device, reason);
                        }
                        continue;
                    }
                    if let Err(e) = app.apply_staff_remote(&payload).await {
                        leptos::logging::warn!("dados da equipe não aplicados: {e}");
                    }
                }
                SyncEvent::RelayReset => self.staff_snapshot(app),
                SyncEvent::Quarantined { reason, .. } => {
                    leptos::logging::warn!("dados da equipe postos de lado: {reason}");
                }
                _ => {}
            }
        }
        // Compaction, as in the shop's room.
        let wants = self
            .cell()
            .borrow()
            .staff
            .link
            .as_ref()
            .is_some_and(|l| l.client.wants_snapshot() && l.client.is_up_to_date());
        if wants {
            self.staff_snapshot(app);
        }
    }

    pub(super) fn staff_snapshot(&self, app: AppCtx) {
        let Some(save) = app.staff_save() else { return };
        if let Some(link) = self.cell().borrow_mut().staff.link.as_mut() {
            if let Err(e) = link.client.add_snapshot(&save) {
                leptos::logging::warn!("dados da equipe não enviados: {e}");
            }
        }
    }
}
