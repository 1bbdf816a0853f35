//! WebRTC through web-sys: one `RtcPeerConnection` with one data channel per attempt
//! (peer, session), created, described and closed as the mesh asks, and reporting back
//! its local description, ICE candidates and channel events. Remote candidates that
//! arrive before the remote description wait for it.

use std::collections::BTreeMap;

use js_sys::{Array, Reflect, Uint8Array};
use retaguarda_core::sync::DeviceId;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    MessageEvent, RtcConfiguration, RtcDataChannel, RtcDataChannelEvent, RtcDataChannelType,
    RtcIceCandidateInit, RtcIceServer, RtcPeerConnection, RtcPeerConnectionIceEvent, RtcSdpType,
    RtcSessionDescriptionInit,
};

use super::with;

/// The label of the one data channel per connection.
const LABEL: &str = "retaguarda-sync";

pub(super) struct Conn {
    pc: RtcPeerConnection,
    channel: Option<RtcDataChannel>,
    remote_set: bool,
    pending: Vec<String>,
}

pub(super) type Conns = BTreeMap<(DeviceId, u64), Conn>;

fn connection(peer: DeviceId, session: u64) -> Option<RtcPeerConnection> {
    let config = RtcConfiguration::new();
    let servers = Array::new();
    for server in with(|p| p.ice.clone()).unwrap_or_default() {
        let ice = RtcIceServer::new();
        ice.set_urls(&JsValue::from_str(&server.url));
        if !server.username.is_empty() {
            ice.set_username(&server.username);
            ice.set_credential(&server.credential);
        }
        servers.push(&ice);
    }
    config.set_ice_servers(&servers);
    let pc = RtcPeerConnection::new_with_configuration(&config).ok()?;
    let on_candidate = Closure::<dyn FnMut(RtcPeerConnectionIceEvent)>::new(
        move |e: RtcPeerConnectionIceEvent| {
            let Some(candidate) = e.candidate() else {
                return;
            };
            let json = js_sys::JSON::stringify(&candidate.to_json())
                .ok()
                .and_then(|s| s.as_string());
            if let Some(json) = json {
                with(|p| {
                    if let Some(mesh) = p.mesh.as_mut() {
                        mesh.local_candidate(peer, session, json);
                    }
                });
                super::pump();
            }
        },
    );
    pc.set_onicecandidate(Some(on_candidate.as_ref().unchecked_ref()));
    on_candidate.forget();
    let on_channel =
        Closure::<dyn FnMut(RtcDataChannelEvent)>::new(move |e: RtcDataChannelEvent| {
            attach(peer, session, e.channel())
        });
    pc.set_ondatachannel(Some(on_channel.as_ref().unchecked_ref()));
    on_channel.forget();
    with(|p| {
        p.conns.insert(
            (peer, session),
            Conn {
                pc: pc.clone(),
                channel: None,
                remote_set: false,
                pending: Vec::new(),
            },
        )
    });
    Some(pc)
}

/// Wires a data channel's events to the mesh.
fn attach(peer: DeviceId, session: u64, channel: RtcDataChannel) {
    channel.set_binary_type(RtcDataChannelType::Arraybuffer);
    let on_open = Closure::<dyn FnMut()>::new(move || {
        let now = super::mono_ms();
        with(|p| p.mesh.as_mut().map(|m| m.channel_open(peer, session, now)));
        super::pump();
    });
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        if let Ok(buffer) = e.data().dyn_into::<js_sys::ArrayBuffer>() {
            super::channel_message(peer, session, &Uint8Array::new(&buffer).to_vec());
        }
    });
    let on_close = Closure::<dyn FnMut()>::new(move || {
        let now = super::mono_ms();
        with(|p| {
            p.conns.remove(&(peer, session));
            p.mesh
                .as_mut()
                .map(|m| m.channel_closed(peer, session, now))
        });
        super::pump();
    });
    channel.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    channel.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    channel.set_onerror(Some(on_close.as_ref().unchecked_ref()));
    // The handlers live as long as the channel.
    on_open.forget();
    on_message.forget();
    on_close.forget();
    with(|p| {
        if let Some(conn) = p.conns.get_mut(&(peer, session)) {
            conn.channel = Some(channel);
        }
    });
}

fn sdp_of(pc: &RtcPeerConnection) -> Option<String> {
    pc.local_description().map(|d| d.sdp())
}

fn failed(peer: DeviceId, session: u64, what: &str, error: &JsValue) {
    leptos::logging::warn!("conexão direta ({what}): {error:?}");
    let now = super::mono_ms();
    with(|p| {
        p.conns.remove(&(peer, session));
        p.mesh
            .as_mut()
            .map(|m| m.channel_closed(peer, session, now))
    });
    super::pump();
}

/// Creates the connection and its channel, and hands the offer to the mesh.
pub(super) fn offer(peer: DeviceId, session: u64) {
    let Some(pc) = connection(peer, session) else {
        return;
    };
    attach(peer, session, pc.create_data_channel(LABEL));
    spawn_local(async move {
        let result = async {
            let offer = JsFuture::from(pc.create_offer()).await?;
            let sdp = Reflect::get(&offer, &"sdp".into())?
                .as_string()
                .unwrap_or_default();
            let init = RtcSessionDescriptionInit::new(RtcSdpType::Offer);
            init.set_sdp(&sdp);
            JsFuture::from(pc.set_local_description(&init)).await?;
            Ok::<_, JsValue>(sdp_of(&pc).unwrap_or(sdp))
        }
        .await;
        match result {
            Ok(sdp) => {
                with(|p| p.mesh.as_mut().map(|m| m.local_offer(peer, session, sdp)));
                super::pump();
            }
            Err(e) => failed(peer, session, "oferta", &e),
        }
    });
}

/// Creates the connection for an offer and hands the answer to the mesh.
pub(super) fn answer(peer: DeviceId, session: u64, offer: String) {
    let Some(pc) = connection(peer, session) else {
        return;
    };
    spawn_local(async move {
        let result = async {
            let init = RtcSessionDescriptionInit::new(RtcSdpType::Offer);
            init.set_sdp(&offer);
            JsFuture::from(pc.set_remote_description(&init)).await?;
            remote_set(peer, session).await;
            let answer = JsFuture::from(pc.create_answer()).await?;
            let sdp = Reflect::get(&answer, &"sdp".into())?
                .as_string()
                .unwrap_or_default();
            let init = RtcSessionDescriptionInit::new(RtcSdpType::Answer);
            init.set_sdp(&sdp);
            JsFuture::from(pc.set_local_description(&init)).await?;
            Ok::<_, JsValue>(sdp_of(&pc).unwrap_or(sdp))
        }
        .await;
        match result {
            Ok(sdp) => {
                with(|p| p.mesh.as_mut().map(|m| m.local_answer(peer, session, sdp)));
                super::pump();
            }
            Err(e) => failed(peer, session, "resposta", &e),
        }
    });
}

/// Sets the peer's answer.
pub(super) fn accept(peer: DeviceId, session: u64, answer: String) {
    let Some(pc) = with(|p| p.conns.get(&(peer, session)).map(|c| c.pc.clone())).flatten() else {
        return;
    };
    spawn_local(async move {
        let init = RtcSessionDescriptionInit::new(RtcSdpType::Answer);
        init.set_sdp(&answer);
        match JsFuture::from(pc.set_remote_description(&init)).await {
            Ok(_) => remote_set(peer, session).await,
            Err(e) => failed(peer, session, "resposta recebida", &e),
        }
    });
}

/// The remote description is set: the candidates that waited for it go in.
async fn remote_set(peer: DeviceId, session: u64) {
    let waiting = with(|p| {
        p.conns.get_mut(&(peer, session)).map(|c| {
            c.remote_set = true;
            (c.pc.clone(), std::mem::take(&mut c.pending))
        })
    })
    .flatten();
    if let Some((pc, pending)) = waiting {
        for candidate in pending {
            add(&pc, &candidate).await;
        }
    }
}

async fn add(pc: &RtcPeerConnection, json: &str) {
    let Ok(value) = js_sys::JSON::parse(json) else {
        return;
    };
    let init: RtcIceCandidateInit = value.unchecked_into();
    let promise = pc.add_ice_candidate_with_opt_rtc_ice_candidate_init(Some(&init));
    if let Err(e) = JsFuture::from(promise).await {
        leptos::logging::warn!("candidato ICE recusado: {e:?}");
    }
}

/// A remote ICE candidate.
pub(super) fn candidate(peer: DeviceId, session: u64, candidate: String) {
    let ready = with(|p| {
        let conn = p.conns.get_mut(&(peer, session))?;
        if conn.remote_set {
            Some(conn.pc.clone())
        } else {
            conn.pending.push(candidate.clone());
            None
        }
    })
    .flatten();
    if let Some(pc) = ready {
        spawn_local(async move { add(&pc, &candidate).await });
    }
}

/// Sends bytes on the channel, if it is open.
pub(super) fn send(peer: DeviceId, session: u64, bytes: &[u8]) {
    let channel = with(|p| {
        p.conns
            .get(&(peer, session))
            .and_then(|c| c.channel.clone())
    })
    .flatten();
    if let Some(channel) = channel {
        if channel.send_with_u8_array(bytes).is_err() {
            leptos::logging::warn!("conexão direta: envio falhou");
        }
    }
}

/// Closes and forgets the connection.
pub(super) fn close(peer: DeviceId, session: u64) {
    if let Some(Some(conn)) = with(|p| p.conns.remove(&(peer, session))) {
        if let Some(channel) = conn.channel {
            channel.set_onclose(None);
            channel.set_onerror(None);
            channel.set_onmessage(None);
            channel.close();
        }
        conn.pc.set_onicecandidate(None);
        conn.pc.set_ondatachannel(None);
        conn.pc.close();
    }
}
