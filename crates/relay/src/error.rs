//! The relay's error type: failures to start (configuration, storage) with
//! messages in pt-BR that the person running the relay understands.

use std::path::PathBuf;

/// Everything that can stop the relay from starting or serving.
#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    /// The data folder could not be created or opened.
    #[error("não foi possível usar a pasta de dados {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The database in the data folder could not be opened.
    #[error("não foi possível abrir o banco de dados do relay: {0}")]
    Store(crate::store::StoreError),
    /// The listen address could not be bound.
    #[error("não foi possível escutar em {addr}: {source}")]
    Listen {
        addr: String,
        source: std::io::Error,
    },
    /// The server stopped with an I/O error.
    #[error("o servidor parou com erro: {0}")]
    Serve(std::io::Error),
    /// The LAN hub could not make its DTLS certificate.
    #[error("não foi possível gerar o certificado do hub da loja")]
    HubCertificate,
    /// The LAN hub's UDP port could not be bound.
    #[error("não foi possível escutar em UDP {addr} para o hub da loja: {source}")]
    HubListen {
        addr: String,
        source: std::io::Error,
    },
    /// `--upstream` is not a WebSocket address (or the relay was built without
    /// a runtime to forward in).
    #[error(
        "endereço do relay na nuvem inválido: {0} (use ws://HOST/v1/sync ou wss://HOST/v1/sync)"
    )]
    Upstream(String),
}
