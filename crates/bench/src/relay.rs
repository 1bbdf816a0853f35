//! The relay in process for the load generator and the convergence measurement: start it
//! on a loopback port, and a device's socket that counts the bytes it sends and receives.

use std::net::SocketAddr;
use std::path::Path;

use futures_util::{SinkExt, StreamExt};
use retaguarda_core::sync::{SyncClient, SyncEvent};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// A client socket to the relay.
pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Starts the relay on 127.0.0.1 with a free port, serving a one-file app from
/// `dir/dist` and keeping its data in `dir/data`.
pub async fn start(
    dir: &Path,
    limits: retaguarda_relay::Limits,
) -> anyhow::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let app = dir.join("dist");
    std::fs::create_dir_all(&app)?;
    std::fs::write(
        app.join("index.html"),
        "<!DOCTYPE html><title>Retaguarda</title>",
    )?;
    let mut config = retaguarda_relay::Config::new(app, dir.join("data"));
    config.limits = limits;
    let router = retaguarda_relay::app(config)?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Ok((addr, task))
}

/// The sync endpoint of a relay.
pub fn url(addr: SocketAddr) -> String {
    format!("ws://{addr}/v1/sync")
}

/// One device's connection: the core sync state machine and its socket, with byte counts.
#[derive(Debug)]
pub struct Conn {
    /// The state machine.
    pub client: SyncClient,
    /// The socket.
    pub ws: Ws,
    /// WebSocket payload bytes sent.
    pub sent: u64,
    /// WebSocket payload bytes received.
    pub received: u64,
}

impl Conn {
    /// Opens the socket and queues `Hello`.
    pub async fn open(url: &str, mut client: SyncClient) -> anyhow::Result<Conn> {
        let (ws, _) = tokio_tungstenite::connect_async(url).await?;
        client.connected();
        let mut conn = Conn {
            client,
            ws,
            sent: 0,
            received: 0,
        };
        conn.flush().await?;
        Ok(conn)
    }

    /// Sends every frame the state machine has queued.
    pub async fn flush(&mut self) -> anyhow::Result<()> {
        while let Some(frame) = self.client.poll_transmit() {
            self.sent += frame.len() as u64;
            self.ws.feed(Message::binary(frame)).await?;
        }
        self.ws.flush().await?;
        Ok(())
    }

    /// Waits for one relay frame, handles it and answers; `None` when the socket closed.
    pub async fn next_events(&mut self) -> anyhow::Result<Option<Vec<SyncEvent>>> {
        loop {
            let Some(msg) = self.ws.next().await else {
                return Ok(None);
            };
            match msg? {
                Message::Binary(bytes) => {
                    self.received += bytes.len() as u64;
                    let events = self.client.handle_frame(&bytes)?;
                    self.flush().await?;
                    return Ok(Some(events));
                }
                Message::Close(_) => return Ok(None),
                _ => continue,
            }
        }
    }
}
