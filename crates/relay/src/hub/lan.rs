//! The LAN hub: one UDP port where the shop's devices reach the relay over
//! WebRTC with no internet, no certificate authority and no DNS (issue 30,
//! docs/SYNC.md section 11).
//!
//! The hub is ICE-lite with a fixed DTLS certificate ([`super::pairing`]):
//! a browser that holds the pairing builds the hub's answer locally (address,
//! port, fingerprint, and the ICE credentials derived from the fingerprint),
//! so nothing but the browser's own connectivity checks is needed. The hub
//! learns each browser's ICE username fragment from the first STUN request's
//! USERNAME (`hub:browser`) and opens one `str0m` session for it; the browser
//! is the DTLS client and opens the data channel.
//!
//! A data channel carries exactly the relay's frames (`ClientFrame` /
//! `RelayFrame`). Rather than a second implementation of the rooms, each
//! channel is bridged to the relay's own `/v1/sync` over loopback, so the
//! hub stores and forwards sealed blobs with the same rules, limits and
//! store as the WebSocket relay (every device it serves counts as one
//! loopback address for the per-address limits).

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use str0m::channel::ChannelId;
use str0m::crypto::CryptoProvider;
use str0m::net::{DatagramRecv, Protocol, Receive};
use str0m::{Candidate, Event, IceConnectionState, IceCreds, Input, Output, Rtc};
use tokio::net::UdpSocket;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

use super::pairing::{Identity, Pairing, HUB_UFRAG};
use crate::error::RelayError;

/// Sessions kept at once; past it the oldest is closed (a shop has a handful
/// of devices, a stranger on the Wi-Fi must not exhaust the hub).
const MAX_SESSIONS: usize = 64;
/// Frames queued towards one bridge before the session counts as too slow.
const BRIDGE_QUEUE: usize = 1024;
/// Largest UDP datagram read.
const DATAGRAM_BYTES: usize = 2048;

/// How the hub listens.
#[derive(Debug, Clone)]
pub struct HubOptions {
    /// UDP address to bind (`0.0.0.0:7450`).
    pub udp: String,
    /// The address devices reach the hub at, when `udp` binds every interface
    /// (otherwise the bound address); found from the routing table if absent.
    pub advertise: Option<IpAddr>,
}

/// A running hub.
pub struct LanHub {
    /// What devices pair with.
    pub pairing: Pairing,
    /// The hub's task.
    pub task: tokio::task::JoinHandle<()>,
}

/// Binds the hub's UDP port and serves it, bridging each data channel to
/// `relay_ws` (the relay's `/v1/sync` on loopback).
pub async fn start(
    options: &HubOptions,
    identity: Identity,
    relay_ws: String,
) -> Result<LanHub, RelayError> {
    let socket = UdpSocket::bind(&options.udp)
        .await
        .map_err(|source| RelayError::HubListen {
            addr: options.udp.clone(),
            source,
        })?;
    let local = socket
        .local_addr()
        .map_err(|source| RelayError::HubListen {
            addr: options.udp.clone(),
            source,
        })?;
    let ip = match options.advertise {
        Some(ip) => ip,
        None if local.ip().is_unspecified() => lan_ip().unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        None => local.ip(),
    };
    let pairing = Pairing {
        addr: SocketAddr::new(ip, local.port()),
        fingerprint: identity.fingerprint,
    };
    let endpoint = Endpoint {
        socket,
        advertised: pairing.addr,
        identity,
        provider: Arc::new(str0m::crypto::from_feature_flags()),
        relay_ws,
        sessions: HashMap::new(),
        next_id: 0,
    };
    let task = tokio::spawn(endpoint.run());
    Ok(LanHub { pairing, task })
}

/// The address of the interface that routes to the LAN, without sending
/// anything (a UDP "connect" only picks the route).
fn lan_ip() -> Option<IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.168.0.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified()).then_some(ip)
}

/// One browser (or native client) connected to the hub.
struct Session {
    rtc: Rtc,
    channel: Option<ChannelId>,
    /// Frames from the device to its bridge.
    bridge: Option<mpsc::Sender<Vec<u8>>>,
}

/// What a bridge tells the endpoint: a relay frame for a session, or `None`
/// when the relay closed the connection.
type FromRelay = (u64, Option<Vec<u8>>);

struct Endpoint {
    socket: UdpSocket,
    advertised: SocketAddr,
    identity: Identity,
    provider: Arc<CryptoProvider>,
    relay_ws: String,
    sessions: HashMap<u64, Session>,
    next_id: u64,
}

impl Endpoint {
    async fn run(mut self) {
        tracing::info!(addr = %self.advertised, "hub da loja escutando (WebRTC)");
        let (to_endpoint, mut from_relay) = mpsc::channel::<FromRelay>(BRIDGE_QUEUE);
        let mut buf = vec![0u8; DATAGRAM_BYTES];
        loop {
            let next = self.drive(&to_endpoint);
            tokio::select! {
                received = self.socket.recv_from(&mut buf) => match received {
                    Ok((n, source)) => self.receive(&buf[..n], source),
                    Err(err) => tracing::debug!(error = %err, "falha ao ler do UDP"),
                },
                Some((id, frame)) = from_relay.recv() => self.relay_frame(id, frame),
                () = tokio::time::sleep_until(tokio::time::Instant::from_std(next)) => {
                    let now = Instant::now();
                    for session in self.sessions.values_mut() {
                        let _ = session.rtc.handle_input(Input::Timeout(now));
                    }
                }
            }
        }
    }

    /// Hands a datagram to the session it belongs to, or opens a session for
    /// a STUN request addressed to the hub's username fragment.
    fn receive(&mut self, datagram: &[u8], source: SocketAddr) {
        let Ok(contents) = DatagramRecv::try_from(datagram) else {
            return;
        };
        let input = Input::Receive(
            Instant::now(),
            Receive {
                proto: Protocol::Udp,
                source,
                destination: self.advertised,
                contents,
            },
        );
        if let Some(session) = self.sessions.values_mut().find(|s| s.rtc.accepts(&input)) {
            if let Err(err) = session.rtc.handle_input(input) {
                tracing::debug!(error = %err, "pacote recusado pela sessão");
            }
            return;
        }
        let Some(remote_ufrag) = stun_remote_ufrag(datagram) else {
            return;
        };
        let Some(mut rtc) = self.new_rtc(remote_ufrag) else {
            return;
        };
        if !rtc.accepts(&input) || rtc.handle_input(input).is_err() {
            // Not signed with the hub's password: not a device that paired.
            return;
        }
        if self.sessions.len() >= MAX_SESSIONS {
            if let Some(oldest) = self.sessions.keys().min().copied() {
                self.sessions.remove(&oldest);
            }
        }
        tracing::debug!(%source, "nova sessão no hub da loja");
        self.next_id += 1;
        self.sessions.insert(
            self.next_id,
            Session {
                rtc,
                channel: None,
                bridge: None,
            },
        );
    }

    /// A session for a device whose ICE username fragment is `remote_ufrag`:
    /// ICE-lite and controlled, DTLS server, SCTP server.
    fn new_rtc(&self, remote_ufrag: String) -> Option<Rtc> {
        let mut rtc = Rtc::builder()
            .set_crypto_provider(self.provider.clone())
            .set_ice_lite(true)
            .set_dtls_cert(self.identity.cert.clone())
            // The device proves nothing with its certificate: writes are
            // authorised by the room's token, exactly as on the relay.
            .set_fingerprint_verification(false)
            .set_local_ice_credentials(IceCreds {
                ufrag: HUB_UFRAG.to_string(),
                pass: self.identity.ice_pwd(),
            })
            .build(Instant::now());
        let candidate = Candidate::host(self.advertised, "udp").ok()?;
        rtc.add_local_candidate(candidate);
        let mut api = rtc.direct_api();
        api.set_ice_controlling(false);
        // A lite agent never sends checks, so the device's password is never
        // used; only its username fragment is checked.
        api.set_remote_ice_credentials(IceCreds {
            ufrag: remote_ufrag,
            pass: "naoutilizadonoicelite0".to_string(),
        });
        // str0m wants some expected fingerprint before DTLS even with the
        // verification off; the device's certificate is not checked (above).
        api.set_remote_fingerprint(str0m::crypto::Fingerprint {
            hash_func: "sha-256".to_string(),
            bytes: vec![0; 32],
        });
        api.start_dtls(false).ok()?;
        api.start_sctp(false);
        Some(rtc)
    }

    /// Sends what every session has to send and handles its events; returns
    /// the earliest time one needs a timeout.
    fn drive(&mut self, to_endpoint: &mpsc::Sender<FromRelay>) -> Instant {
        let mut next = Instant::now() + Duration::from_secs(1);
        for (&id, session) in self.sessions.iter_mut() {
            loop {
                let output = match session.rtc.poll_output() {
                    Ok(output) => output,
                    Err(err) => {
                        tracing::debug!(error = %err, "sessão encerrada com erro");
                        session.rtc.disconnect();
                        break;
                    }
                };
                match output {
                    Output::Timeout(at) => {
                        next = next.min(at);
                        break;
                    }
                    Output::Transmit(transmit) => {
                        let _ = self
                            .socket
                            .try_send_to(&transmit.contents, transmit.destination);
                    }
                    Output::Event(event) => {
                        session.event(id, event, &self.relay_ws, to_endpoint);
                    }
                }
            }
        }
        self.sessions.retain(|_, s| s.rtc.is_alive());
        next
    }

    fn relay_frame(&mut self, id: u64, frame: Option<Vec<u8>>) {
        let Some(session) = self.sessions.get_mut(&id) else {
            return;
        };
        let written = match (frame, session.channel) {
            (Some(frame), Some(channel)) => session
                .rtc
                .channel(channel)
                .map(|mut c| c.write(true, &frame).is_ok())
                .unwrap_or(false),
            _ => false,
        };
        if !written {
            session.rtc.disconnect();
        }
    }
}

impl Session {
    fn event(
        &mut self,
        id: u64,
        event: Event,
        relay_ws: &str,
        to_endpoint: &mpsc::Sender<FromRelay>,
    ) {
        match event {
            Event::IceConnectionStateChange(IceConnectionState::Disconnected) => {
                self.rtc.disconnect();
            }
            Event::ChannelOpen(channel, _) if self.channel.is_none() => {
                self.channel = Some(channel);
                let (tx, rx) = mpsc::channel(BRIDGE_QUEUE);
                self.bridge = Some(tx);
                tokio::spawn(bridge(id, relay_ws.to_string(), rx, to_endpoint.clone()));
            }
            Event::ChannelData(data) if Some(data.id) == self.channel => {
                let sent = self
                    .bridge
                    .as_ref()
                    .is_some_and(|bridge| bridge.try_send(data.data).is_ok());
                if !sent {
                    self.rtc.disconnect();
                }
            }
            Event::ChannelClose(channel) if Some(channel) == self.channel => {
                self.bridge = None;
                self.rtc.disconnect();
            }
            _ => {}
        }
    }
}

/// Carries one data channel's frames to the relay's WebSocket and back.
async fn bridge(
    id: u64,
    url: String,
    mut from_device: mpsc::Receiver<Vec<u8>>,
    to_endpoint: mpsc::Sender<FromRelay>,
) {
    let Ok((mut ws, _)) = tokio_tungstenite::connect_async(url.as_str()).await else {
        tracing::warn!("o hub da loja não alcançou o relay local");
        let _ = to_endpoint.send((id, None)).await;
        return;
    };
    loop {
        tokio::select! {
            frame = from_device.recv() => match frame {
                Some(frame) => {
                    if ws.send(Message::binary(frame)).await.is_err() {
                        break;
                    }
                }
                None => break,
            },
            message = ws.next() => match message {
                Some(Ok(Message::Binary(bytes))) => {
                    if to_endpoint.send((id, Some(bytes.to_vec()))).await.is_err() {
                        break;
                    }
                }
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(_)) => {}
            },
        }
    }
    let _ = ws.close(None).await;
    let _ = to_endpoint.send((id, None)).await;
}

/// The device's ICE username fragment, from a STUN binding request whose
/// USERNAME is `HUB_UFRAG:device` (RFC 8445 section 7.2.2).
pub fn stun_remote_ufrag(datagram: &[u8]) -> Option<String> {
    const MAGIC: [u8; 4] = [0x21, 0x12, 0xA4, 0x42];
    const USERNAME: u16 = 0x0006;
    if datagram.len() < 20 || datagram[0..2] != [0x00, 0x01] || datagram[4..8] != MAGIC {
        return None;
    }
    let mut at = 20;
    while at + 4 <= datagram.len() {
        let kind = u16::from_be_bytes([datagram[at], datagram[at + 1]]);
        let len = usize::from(u16::from_be_bytes([datagram[at + 2], datagram[at + 3]]));
        let value = datagram.get(at + 4..at + 4 + len)?;
        if kind == USERNAME {
            let text = std::str::from_utf8(value).ok()?;
            let (local, remote) = text.split_once(':')?;
            return (local == HUB_UFRAG && !remote.is_empty()).then(|| remote.to_string());
        }
        at += 4 + len.div_ceil(4) * 4;
    }
    None
}
