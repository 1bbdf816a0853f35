//! The shop's LAN hub as this device uses it (docs/SYNC.md section 11): the pairing kept
//! with the business ([`load`], [`pair`], [`forget`]), and the WebRTC data channel to the
//! hub ([`Channel`]) that carries the same frames as the relay's WebSocket. Which link the
//! sync client uses, and when it tries the hub again, is `crate::sync`'s hook (its `hub`
//! module); this module knows nothing of the sync client.

mod channel;

use retaguarda_core::sync::hub::{HubPairing, PairingError};

use crate::state::{AppCtx, AppError};
use crate::storage::meta;

pub use channel::Channel;

/// Why pairing with the hub, or reaching it, did not work (pt-BR).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HubError {
    #[error(
        "Texto de pareamento inválido: {0}. Copie a linha inteira que começa com \
         \"retaguarda-hub:1\", na tela do hub ou na página /hub dele."
    )]
    Pairing(#[from] PairingError),
    #[error("{0}")]
    App(#[from] AppError),
    /// The browser refused to set up the connection (no WebRTC, or an answer it rejects).
    #[error("o navegador não abriu a conexão com o hub: {0}")]
    Browser(String),
    /// The hub did not answer in time, or its certificate was not the paired one.
    #[error("o hub não respondeu (fora da rede da loja, desligado ou com outro certificado)")]
    Unreachable,
}

/// The place name of a hub for the per-place cursors (`sync::places`): its address, so a
/// hub paired again at another address starts its own sequence.
pub fn place(pairing: &HubPairing) -> String {
    format!("hub {}", pairing.addr)
}

/// The hub this business's device is paired with, if any. A stored line that no longer
/// reads is treated as no pairing (the person pairs again).
pub async fn load(app: AppCtx) -> Option<HubPairing> {
    let text = app.meta(meta::HUB).await.ok().flatten()?;
    text.parse().ok()
}

/// Reads a pasted or scanned pairing line and keeps it with the business, replacing any
/// earlier one.
pub async fn pair(app: AppCtx, text: &str) -> Result<HubPairing, HubError> {
    let pairing: HubPairing = text.trim().parse()?;
    app.set_meta(meta::HUB, &pairing.to_string()).await?;
    Ok(pairing)
}

/// Forgets the hub: this device syncs through the cloud relay only.
pub async fn forget(app: AppCtx) -> Result<(), HubError> {
    app.set_meta(meta::HUB, "").await?;
    Ok(())
}
