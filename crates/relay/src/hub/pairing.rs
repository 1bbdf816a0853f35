//! The LAN hub's identity and pairing: its fixed DTLS certificate (kept in
//! the data folder so the fingerprint a device paired with stays valid), the
//! ICE credentials derived from that fingerprint, and the one-line payload a
//! device scans or pastes (docs/SYNC.md section 11).

use std::path::Path;

use sha2::{Digest, Sha256};
use str0m::crypto::dtls::DtlsCert;

use crate::error::RelayError;

pub use retaguarda_core::sync::hub::{
    ice_pwd, HubPairing as Pairing, PairingError, HUB_UFRAG, PAIRING_PREFIX,
};

/// The certificate's file in the data folder (DER).
const CERT_FILE: &str = "hub-cert.der";
/// The private key's file in the data folder (DER, readable only by the owner).
const KEY_FILE: &str = "hub-key.der";

/// The hub's DTLS identity.
#[derive(Clone)]
pub struct Identity {
    pub cert: DtlsCert,
    /// SHA-256 of the certificate (DER), as in the SDP `a=fingerprint`.
    pub fingerprint: [u8; 32],
}

impl Identity {
    /// The hub's ICE password: derived from the fingerprint, so a device
    /// that holds the pairing can build the whole answer with nothing else.
    /// It is no secret (the DTLS fingerprint is what authenticates the hub).
    pub fn ice_pwd(&self) -> String {
        ice_pwd(&self.fingerprint)
    }
}

/// Reads the hub's certificate from `dir`, or makes one and keeps it there.
pub fn load_or_create(dir: &Path) -> Result<Identity, RelayError> {
    let cert_path = dir.join(CERT_FILE);
    let key_path = dir.join(KEY_FILE);
    let io_error = |path: &Path, source: std::io::Error| RelayError::DataDir {
        path: path.to_path_buf(),
        source,
    };
    let cert = if cert_path.exists() && key_path.exists() {
        DtlsCert {
            certificate: std::fs::read(&cert_path).map_err(|e| io_error(&cert_path, e))?,
            private_key: std::fs::read(&key_path).map_err(|e| io_error(&key_path, e))?,
        }
    } else {
        std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
        let provider = str0m::crypto::from_feature_flags();
        let cert = provider
            .dtls_provider
            .generate_certificate()
            .ok_or(RelayError::HubCertificate)?;
        write_private(&key_path, &cert.private_key).map_err(|e| io_error(&key_path, e))?;
        std::fs::write(&cert_path, &cert.certificate).map_err(|e| io_error(&cert_path, e))?;
        tracing::info!(path = %cert_path.display(), "certificado novo do hub gravado");
        cert
    };
    let fingerprint: [u8; 32] = Sha256::digest(&cert.certificate).into();
    Ok(Identity { cert, fingerprint })
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(path)?;
        file.write_all(bytes)
    }
    #[cfg(not(unix))]
    {
        std::fs::write(path, bytes)
    }
}

/// The pairing as a QR code drawn with Unicode half blocks, for the terminal.
pub fn terminal_qr(pairing: &Pairing) -> Option<String> {
    let code = qrcode::QrCode::new(pairing.to_string().as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::unicode::Dense1x2>()
            .dark_color(qrcode::render::unicode::Dense1x2::Light)
            .light_color(qrcode::render::unicode::Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
    )
}

/// The local page that shows the pairing: the text and its QR code (SVG),
/// with no script, so the relay's Content-Security-Policy holds.
pub fn page(pairing: &Pairing) -> String {
    let text = pairing.to_string();
    let svg = qrcode::QrCode::new(text.as_bytes())
        .map(|code| {
            code.render::<qrcode::render::svg::Color>()
                .min_dimensions(256, 256)
                .build()
        })
        .unwrap_or_default();
    // Inline in HTML: without the XML declaration the renderer writes first.
    let svg = svg.find("<svg").map_or("", |at| &svg[at..]);
    format!(
        "<!doctype html><html lang=\"pt-BR\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Parear com o hub da loja</title></head><body><main>\
         <h1>Parear com o hub da loja</h1>\
         <p>No aparelho, abra Configurações, Rede da loja, e leia este código ou cole o texto abaixo.</p>\
         {svg}<p><code>{text}</code></p></main></body></html>"
    )
}
