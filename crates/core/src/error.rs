//! The one error type of the core: every rejected operation and every document problem.
//!
//! Messages are in Portuguese (pt-BR) and written for a shop owner: they say what is wrong
//! and, where it helps, what to do about it. A rejected operation never changes the document.

use thiserror::Error;

/// Why an operation or a query of the core failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CoreError {
    /// A field of the input is invalid; `field` is the field's pt-BR label ("Valor", "Nome").
    #[error("{field}: {reason}")]
    Invalid {
        /// The pt-BR label of the field, as the form shows it.
        field: &'static str,
        /// What is wrong, as a full pt-BR sentence.
        reason: String,
    },

    /// A record the operation refers to does not exist.
    #[error("{what} não encontrado(a) (código {id}).")]
    NotFound {
        /// What was looked for, in pt-BR ("Conta", "Lançamento").
        what: &'static str,
        /// The id that was not found.
        id: String,
    },

    /// The record is in a state that does not allow this operation (e.g. paying a cancelled entry).
    #[error("{0}")]
    NotAllowed(String),

    /// Two devices recorded incompatible facts and a person must decide.
    #[error("Conflito: {0}")]
    Conflict(String),

    /// A record with the same identifying data already exists.
    #[error("{0}")]
    Duplicate(String),

    /// The document was written by a newer version of the app.
    #[error(
        "Estes dados foram gravados por uma versão mais nova do Retaguarda (esquema {found}; \
         esta versão entende até o {supported}). Atualize o aplicativo para continuar."
    )]
    NewerSchema {
        /// The schema version found in the document.
        found: u64,
        /// The newest schema version this build understands.
        supported: u64,
    },

    /// The bytes are not a valid document or change.
    #[error("Os dados recebidos estão corrompidos ou não são do Retaguarda: {0}")]
    Corrupt(String),

    /// The document holds a record this version cannot read.
    #[error("Um registro do documento não pôde ser lido ({0}). Os dados podem estar danificados.")]
    Document(String),

    /// An inventory rule was broken (see [`crate::inventory::InventoryError`]).
    #[error(transparent)]
    Inventory(#[from] crate::inventory::InventoryError),

    /// A staff, vacation or payroll rule was broken (see [`crate::staff::StaffError`]).
    #[error(transparent)]
    Staff(#[from] crate::staff::StaffError),
}

impl CoreError {
    /// Shorthand for [`CoreError::Invalid`].
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> CoreError {
        CoreError::Invalid {
            field,
            reason: reason.into(),
        }
    }

    /// Shorthand for [`CoreError::NotFound`].
    pub fn not_found(what: &'static str, id: impl Into<String>) -> CoreError {
        CoreError::NotFound {
            what,
            id: id.into(),
        }
    }

    /// Shorthand for [`CoreError::NotAllowed`].
    pub fn not_allowed(reason: impl Into<String>) -> CoreError {
        CoreError::NotAllowed(reason.into())
    }
}

impl From<automerge::AutomergeError> for CoreError {
    fn from(e: automerge::AutomergeError) -> Self {
        CoreError::Document(e.to_string())
    }
}

impl From<autosurgeon::HydrateError> for CoreError {
    fn from(e: autosurgeon::HydrateError) -> Self {
        CoreError::Document(e.to_string())
    }
}

impl From<autosurgeon::ReconcileError> for CoreError {
    fn from(e: autosurgeon::ReconcileError) -> Self {
        CoreError::Document(e.to_string())
    }
}

/// Result type of the core.
pub type CoreResult<T> = Result<T, CoreError>;
