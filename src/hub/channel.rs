//! One `RTCPeerConnection` to the paired hub: no STUN or TURN server (the hub's address is
//! in the pairing), the browser's own offer left untouched, and the hub's answer built
//! locally by core (`HubPairing::answer_sdp`). DTLS then checks the hub's certificate
//! against the paired fingerprint: another machine at the hub's address gets no channel.

use js_sys::{Array, Reflect, Uint8Array};
use retaguarda_core::sync::hub::{HubPairing, HUB_MAX_MESSAGE_BYTES};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    MessageEvent, RtcConfiguration, RtcDataChannel, RtcDataChannelType, RtcPeerConnection,
    RtcSdpType, RtcSessionDescriptionInit,
};

use super::HubError;

/// The data channel's label (the hub bridges any label to its relay; this one tells it from
/// a direct link between devices, `crate::peer`).
const LABEL: &str = "retaguarda-hub";

/// How often the opening checks the connection, and how long it waits at most.
const POLL_MS: u32 = 50;

/// An open data channel to the hub.
#[derive(Clone)]
pub struct Channel {
    pc: RtcPeerConnection,
    dc: RtcDataChannel,
}

fn browser(e: JsValue) -> HubError {
    HubError::Browser(
        e.as_string()
            .or_else(|| {
                Reflect::get(&e, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string())
            })
            .unwrap_or_else(|| "erro desconhecido".into()),
    )
}

fn text_of(target: &JsValue, name: &str) -> String {
    Reflect::get(target, &name.into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

fn description(kind: RtcSdpType, sdp: &str) -> RtcSessionDescriptionInit {
    let init = RtcSessionDescriptionInit::new(kind);
    init.set_sdp(sdp);
    init
}

impl Channel {
    /// Connects to the hub of `pairing`; fails after `timeout_ms` without an open channel.
    pub async fn open(pairing: &HubPairing, timeout_ms: u32) -> Result<Channel, HubError> {
        let config = RtcConfiguration::new();
        config.set_ice_servers(&Array::new());
        let pc = RtcPeerConnection::new_with_configuration(&config).map_err(browser)?;
        let dc = pc.create_data_channel(LABEL);
        dc.set_binary_type(RtcDataChannelType::Arraybuffer);
        let channel = Channel { pc, dc };
        match channel.negotiate(pairing, timeout_ms).await {
            Ok(()) => Ok(channel),
            Err(e) => {
                channel.close();
                Err(e)
            }
        }
    }

    async fn negotiate(&self, pairing: &HubPairing, timeout_ms: u32) -> Result<(), HubError> {
        let offer = JsFuture::from(self.pc.create_offer())
            .await
            .map_err(browser)?;
        let offer = text_of(&offer, "sdp");
        JsFuture::from(
            self.pc
                .set_local_description(&description(RtcSdpType::Offer, &offer)),
        )
        .await
        .map_err(browser)?;
        let answer = pairing.answer_sdp(&offer);
        JsFuture::from(
            self.pc
                .set_remote_description(&description(RtcSdpType::Answer, &answer)),
        )
        .await
        .map_err(browser)?;
        let mut waited = 0;
        while waited < timeout_ms {
            if self.is_open() {
                return Ok(());
            }
            // A certificate that is not the paired one fails DTLS: no use waiting.
            if matches!(
                text_of(&self.pc, "connectionState").as_str(),
                "failed" | "closed"
            ) {
                break;
            }
            gloo_timers::future::TimeoutFuture::new(POLL_MS).await;
            waited += POLL_MS;
        }
        Err(HubError::Unreachable)
    }

    /// Whether frames can be sent.
    pub fn is_open(&self) -> bool {
        text_of(&self.dc, "readyState") == "open"
    }

    /// Whether a frame fits in one message of the channel (the hub announces 256 KiB).
    pub fn fits(frame: &[u8]) -> bool {
        frame.len() <= HUB_MAX_MESSAGE_BYTES
    }

    /// Sends one frame as one message; false when the channel refused it.
    pub fn send(&self, frame: &[u8]) -> bool {
        self.is_open() && self.dc.send_with_u8_array(frame).is_ok()
    }

    /// Hands each message to `on_message`, and calls `on_close` once the channel or the
    /// connection ends. The handlers live as long as the channel.
    pub fn listen(&self, on_message: impl Fn(Vec<u8>) + 'static, on_close: impl Fn() + 'static) {
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let Ok(buffer) = e.data().dyn_into::<js_sys::ArrayBuffer>() {
                on_message(Uint8Array::new(&buffer).to_vec());
            }
        });
        let on_close = Closure::<dyn FnMut()>::new(on_close);
        self.dc
            .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        self.dc.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        self.dc.set_onerror(Some(on_close.as_ref().unchecked_ref()));
        on_message.forget();
        on_close.forget();
    }

    /// Closes the channel and the connection, without calling the close handler.
    pub fn close(&self) {
        self.dc.set_onmessage(None);
        self.dc.set_onclose(None);
        self.dc.set_onerror(None);
        self.dc.close();
        self.pc.close();
    }
}
