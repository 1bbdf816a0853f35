//! The LAN hub (issue 30): a native WebRTC client (str0m, like a browser
//! with the pairing text) reaches the hub's ICE-lite endpoint on loopback,
//! checks the hub's DTLS fingerprint, and a sealed blob that one device
//! posts through the hub is fetched by another device through it; the
//! certificate is kept in the data folder, and a client expecting another
//! fingerprint never gets a data channel.

use crate::common;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use retaguarda_core::sync::{
    open, seal, BlobKind, ClientFrame, DeviceId, RelayFrame, TeamSecret, PROTOCOL_VERSION,
};
use retaguarda_relay::hub::lan::{self, HubOptions};
use retaguarda_relay::hub::pairing::{self, Pairing, HUB_UFRAG};
use str0m::channel::{ChannelConfig, ChannelId};
use str0m::crypto::Fingerprint;
use str0m::net::{DatagramRecv, Protocol, Receive};
use str0m::{Candidate, Event, IceCreds, Input, Output, Rtc};
use tokio::net::UdpSocket;

/// A device that paired with the hub: a str0m client built only from the
/// pairing text, as the browser builds its answer.
struct HubClient {
    socket: UdpSocket,
    local: SocketAddr,
    rtc: Rtc,
    channel: ChannelId,
    open: bool,
    inbox: Vec<Vec<u8>>,
}

impl HubClient {
    async fn connect(pairing: &Pairing) -> Self {
        let socket = UdpSocket::bind("127.0.0.1:0").await.expect("bind");
        let local = socket.local_addr().expect("addr");
        let mut rtc = Rtc::builder()
            .set_crypto_provider(Arc::new(str0m::crypto::from_feature_flags()))
            .build(Instant::now());
        rtc.add_local_candidate(Candidate::host(local, "udp").expect("candidate"));
        rtc.add_remote_candidate(Candidate::host(pairing.addr, "udp").expect("candidate"));
        let mut api = rtc.direct_api();
        api.set_ice_controlling(true);
        api.set_remote_ice_credentials(IceCreds {
            ufrag: HUB_UFRAG.to_string(),
            pass: pairing::ice_pwd(&pairing.fingerprint),
        });
        api.set_remote_fingerprint(Fingerprint {
            hash_func: "sha-256".to_string(),
            bytes: pairing.fingerprint.to_vec(),
        });
        api.start_dtls(true).expect("dtls");
        api.start_sctp(true);
        let channel = api.create_data_channel(ChannelConfig {
            label: "retaguarda".to_string(),
            ..ChannelConfig::default()
        });
        Self {
            socket,
            local,
            rtc,
            channel,
            open: false,
            inbox: Vec::new(),
        }
    }

    /// Runs the connection until `done` holds or `limit` passes.
    async fn pump_until(&mut self, limit: Duration, done: impl Fn(&Self) -> bool) -> bool {
        let deadline = Instant::now() + limit;
        let mut buf = vec![0u8; 2048];
        while Instant::now() < deadline {
            let next = loop {
                match self.rtc.poll_output().expect("poll") {
                    Output::Timeout(at) => break at,
                    Output::Transmit(t) => {
                        self.socket
                            .send_to(&t.contents, t.destination)
                            .await
                            .expect("send");
                    }
                    Output::Event(Event::ChannelOpen(id, _)) if id == self.channel => {
                        self.open = true
                    }
                    Output::Event(Event::ChannelData(data)) => self.inbox.push(data.data),
                    Output::Event(_) => {}
                }
            };
            if done(self) {
                return true;
            }
            let wait = next
                .min(deadline)
                .saturating_duration_since(Instant::now())
                .max(Duration::from_millis(1));
            match tokio::time::timeout(wait, self.socket.recv_from(&mut buf)).await {
                Ok(Ok((n, source))) => {
                    let contents = DatagramRecv::try_from(&buf[..n]).expect("datagram");
                    let input = Input::Receive(
                        Instant::now(),
                        Receive {
                            proto: Protocol::Udp,
                            source,
                            destination: self.local,
                            contents,
                        },
                    );
                    self.rtc.handle_input(input).expect("input");
                }
                _ => self
                    .rtc
                    .handle_input(Input::Timeout(Instant::now()))
                    .expect("timeout"),
            }
        }
        done(self)
    }

    async fn send(&mut self, frame: ClientFrame) {
        let bytes = frame.encode();
        let mut channel = self.rtc.channel(self.channel).expect("channel");
        channel.write(true, &bytes).expect("write");
        self.pump_until(Duration::from_millis(20), |_| false).await;
    }

    /// The next relay frame through the hub.
    async fn recv(&mut self) -> RelayFrame {
        let got = self
            .pump_until(Duration::from_secs(10), |c| !c.inbox.is_empty())
            .await;
        assert!(got, "no frame from the hub");
        RelayFrame::decode(&self.inbox.remove(0)).expect("relay frame")
    }

    async fn hello(&mut self, secret: &TeamSecret) -> RelayFrame {
        let keys = secret.derive();
        self.send(ClientFrame::Hello {
            protocol: PROTOCOL_VERSION,
            room: keys.room,
            token: keys.token,
        })
        .await;
        match self.recv().await {
            RelayFrame::Challenge(challenge) => {
                let nonce = challenge.solve(&keys.room).expect("proof of work");
                self.send(ClientFrame::Proof { nonce }).await;
                self.recv().await
            }
            other => other,
        }
    }
}

async fn hub_beside_relay(dist: &common::Dist) -> (Pairing, tokio::task::JoinHandle<()>) {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_test_writer()
        .try_init();
    let (addr, server) = common::sim::start_relay(dist.config()).await;
    let identity = pairing::load_or_create(&dist.data_dir()).expect("hub certificate");
    let options = HubOptions {
        udp: "127.0.0.1:0".to_string(),
        advertise: None,
    };
    let hub = lan::start(&options, identity, common::sim::ws_url(addr))
        .await
        .expect("hub");
    (hub.pairing, server)
}

#[tokio::test]
async fn a_sealed_blob_posted_through_the_hub_is_fetched_through_it() {
    let dist = common::Dist::new();
    let (hub_pairing, _server) = hub_beside_relay(&dist).await;
    // The device pairs with the text the hub prints.
    let text = hub_pairing.to_string();
    assert!(text.starts_with("retaguarda-hub:1 127.0.0.1:"), "{text}");
    let pairing: Pairing = text.parse().expect("pairing text");
    assert_eq!(pairing, hub_pairing);

    let secret = TeamSecret::generate().expect("secret");
    let keys = secret.derive();
    let payload = b"venda de 3 paes pela rede da loja".to_vec();
    let blob = seal(&keys, &DeviceId([1; 16]), BlobKind::Changes, &payload).expect("seal");

    let mut a = HubClient::connect(&pairing).await;
    assert!(
        a.pump_until(Duration::from_secs(10), |c| c.open).await,
        "the data channel to the hub did not open"
    );
    let welcome = a.hello(&secret).await;
    assert!(
        matches!(welcome, RelayFrame::Welcome { head: 0, .. }),
        "{welcome:?}"
    );
    a.send(ClientFrame::Append {
        client_ref: 7,
        blob: blob.clone(),
    })
    .await;
    let ack = a.recv().await;
    assert_eq!(
        ack,
        RelayFrame::Ack {
            client_ref: 7,
            seq: 1
        }
    );

    let mut b = HubClient::connect(&pairing).await;
    assert!(b.pump_until(Duration::from_secs(10), |c| c.open).await);
    let welcome = b.hello(&secret).await;
    assert!(
        matches!(welcome, RelayFrame::Welcome { head: 1, .. }),
        "{welcome:?}"
    );
    b.send(ClientFrame::Sync { since: 0 }).await;
    let RelayFrame::Blob { seq, blob: fetched } = b.recv().await else {
        panic!("expected the stored blob");
    };
    assert_eq!(seq, 1);
    assert_eq!(fetched, blob, "the hub forwards the sealed bytes unchanged");
    assert_eq!(open(&keys, &fetched).expect("open").payload, payload);
    assert_eq!(b.recv().await, RelayFrame::CaughtUp { head: 1 });

    // What the hub stored is ciphertext only.
    for (_, bytes) in dist.stored_bytes() {
        assert!(!common::sim::contains(&bytes, &payload));
    }
}

#[tokio::test]
async fn the_certificate_is_kept_and_a_wrong_fingerprint_gets_no_channel() {
    let dist = common::Dist::new();
    let (hub_pairing, _server) = hub_beside_relay(&dist).await;
    // The same data folder gives the same certificate: pairing survives restarts.
    let again = pairing::load_or_create(&dist.data_dir()).expect("certificate");
    assert_eq!(again.fingerprint, hub_pairing.fingerprint);

    let mut forged = hub_pairing.clone();
    forged.fingerprint[0] ^= 0xff;
    let mut client = HubClient::connect(&forged).await;
    let opened = client.pump_until(Duration::from_secs(3), |c| c.open).await;
    assert!(
        !opened,
        "a client expecting another certificate must not connect"
    );
}
