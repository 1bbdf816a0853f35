//! The browser's side of peer-to-peer sync (docs/SYNC.md, section 9): core's sans-IO
//! [`Mesh`] driven by the relay's signals and by WebRTC data channels ([`rtc`]), and the
//! small views that show who is connected directly ([`view`]).
//!
//! One mesh per page, kept in a thread-local (the page has one thread): `crate::sync`
//! calls the free functions below at a few points (team entered or left, a signal or the
//! ICE servers from the relay, caught up, the document changed, the heartbeat tick, the
//! page hidden or offline) and this module sends its own signals back through the sender
//! sync hands it in [`provide`]. It never names the sync module, so the two make no circle.

mod rtc;
mod view;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::sync::{
    DeviceId, IceServer, LinkState, Mesh, PeerAction, PeerEvent, TeamSecret,
};

use crate::state::AppCtx;

pub use view::{DeviceLinks, DirectBadge};

/// What the views read: each known device (hex) and how it is linked.
#[derive(Clone, Copy)]
pub struct PeerView {
    pub links: RwSignal<BTreeMap<String, LinkState>>,
}

struct Peer {
    app: AppCtx,
    send_signal: SignalSender,
    view: PeerView,
    mesh: Option<Mesh>,
    ice: Vec<IceServer>,
    conns: rtc::Conns,
}

thread_local! {
    static PEER: RefCell<Option<Peer>> = const { RefCell::new(None) };
}

fn with<R>(f: impl FnOnce(&mut Peer) -> R) -> Option<R> {
    PEER.with(|p| p.try_borrow_mut().ok()?.as_mut().map(f))
}

fn mono_ms() -> u64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now() as u64)
        .unwrap_or_default()
}

/// Sends a sealed signal to the room through the relay (sync's socket).
pub type SignalSender = Rc<dyn Fn(Vec<u8>)>;

/// Sets the module up beside the sync context (from `provide_sync`), which hands in how
/// signals reach the relay.
pub fn provide(app: AppCtx, send_signal: SignalSender) {
    let view = PeerView {
        links: RwSignal::new(BTreeMap::new()),
    };
    provide_context(view);
    PEER.with(|p| {
        *p.borrow_mut() = Some(Peer {
            app,
            send_signal,
            view,
            mesh: None,
            ice: Vec::new(),
            conns: rtc::Conns::default(),
        })
    });
}

/// The device is in a team (entered or resumed): a mesh for its current room.
pub fn team(secret: &TeamSecret, epoch: Option<&[u8; 32]>, device: DeviceId) {
    team_left();
    with(|p| p.mesh = Some(Mesh::new(secret, epoch, device)));
}

/// The device left its team: every channel closes.
pub fn team_left() {
    leave();
    with(|p| p.mesh = None);
    refresh();
}

/// The page went to the background or offline: say goodbye and close every channel.
pub fn leave() {
    with(|p| {
        if let Some(mesh) = p.mesh.as_mut() {
            mesh.leave();
        }
    });
    pump();
}

/// The relay connection caught up: tell the room this device is here.
pub fn announce() {
    with(|p| p.mesh.as_mut().map(Mesh::announce));
    pump();
}

/// A sealed signal from the relay.
pub fn signal(blob: &[u8]) {
    let now = mono_ms();
    let result = with(|p| p.mesh.as_mut().map(|m| m.handle_signal(blob, now)));
    if let Some(Some(Err(e))) = result {
        leptos::logging::warn!("sinal de outro aparelho recusado: {e}");
    }
    pump();
}

/// The STUN/TURN servers the relay offers.
pub fn ice_servers(servers: Vec<IceServer>) {
    with(|p| p.ice = servers);
}

/// The document changed (a local operation or changes from the relay): send the
/// connected peers what they lack.
pub fn doc_changed() {
    // Later, not now: the caller may still be inside the operation that changed it.
    spawn_local(async {
        with(|p| {
            let app = p.app;
            if let Some(mesh) = p.mesh.as_mut() {
                untrack(|| app.read(|b| mesh.sync_all(b)));
            }
        });
        pump();
    });
}

/// The heartbeat (twice a second).
pub fn tick() {
    let now = mono_ms();
    with(|p| {
        let app = p.app;
        if let Some(mesh) = p.mesh.as_mut() {
            if let Some(Err(e)) = untrack(|| app.read(|b| mesh.tick(now, b))) {
                leptos::logging::warn!("sincronização direta: {e}");
            }
        }
    });
    pump();
}

/// A message on a data channel.
fn channel_message(peer: DeviceId, session: u64, bytes: &[u8]) {
    let now = mono_ms();
    with(|p| {
        let app = p.app;
        if let Some(mesh) = p.mesh.as_mut() {
            untrack(|| app.read(|b| mesh.channel_message(peer, session, bytes, b, now)));
        }
    });
    pump();
}

/// Carries out what the mesh asks and handles what it reports, until it is quiet.
fn pump() {
    loop {
        let next = with(|p| {
            let mesh = p.mesh.as_mut()?;
            match mesh.poll_action() {
                Some(action) => Some(Ok(action)),
                None => mesh.poll_event().map(Err),
            }
        })
        .flatten();
        match next {
            Some(Ok(action)) => act(action),
            Some(Err(event)) => on_event(event),
            None => break,
        }
    }
    refresh();
}

fn act(action: PeerAction) {
    match action {
        PeerAction::Signal(blob) => {
            if let Some(send) = with(|p| p.send_signal.clone()) {
                send(blob);
            }
        }
        PeerAction::CreateOffer { peer, session } => rtc::offer(peer, session),
        PeerAction::AcceptOffer { peer, session, sdp } => rtc::answer(peer, session, sdp),
        PeerAction::AcceptAnswer { peer, session, sdp } => rtc::accept(peer, session, sdp),
        PeerAction::AddCandidate {
            peer,
            session,
            candidate,
        } => rtc::candidate(peer, session, candidate),
        PeerAction::Send {
            peer,
            session,
            bytes,
        } => rtc::send(peer, session, &bytes),
        PeerAction::Close { peer, session } => rtc::close(peer, session),
    }
}

fn on_event(event: PeerEvent) {
    match event {
        PeerEvent::Changed(_) => {
            // What the peer sent is in the document: store it and refresh the screens
            // (an empty payload adds nothing and saves what changed).
            if let Some(app) = with(|p| p.app) {
                spawn_local(async move {
                    if let Err(e) = app.apply_remote(&[]).await {
                        leptos::logging::warn!("sincronização direta: {e}");
                    }
                });
            }
        }
        PeerEvent::Refused { peer, error } => {
            leptos::logging::warn!("aparelho {} recusado: {error}", peer.to_hex());
        }
        PeerEvent::Connected(_) | PeerEvent::Disconnected(_) => {}
    }
}

fn refresh() {
    with(|p| {
        let links: BTreeMap<String, LinkState> = p
            .mesh
            .as_ref()
            .map(|m| {
                m.peers()
                    .into_iter()
                    .map(|(d, s)| (d.to_hex(), s))
                    .collect()
            })
            .unwrap_or_default();
        if p.view.links.with_untracked(|l| *l != links) {
            p.view.links.set(links);
        }
    });
}
