//! Reading the document for a view: `app.query(&[Topic::Entries, Topic::Parties], |b| ..)`.
//!
//! The closure reads through core (`b.entries()?`, `b.dre(from, to)?`) and returns
//! `Result<R, CoreError>`; `query` gives `Result<R, ReadError>` and re-runs in a view or a
//! `Memo` when one of the named collections changes. Today every change re-runs every query
//! (the topics are not yet told apart); naming them now lets the state track them one by
//! one without touching the screens. A failed read is logged to the console and should be
//! shown with [`ReadErrorView`] (or [`show`]): never turned into an empty list with
//! `unwrap_or_default()`, which would tell the person a damaged record does not exist.
//!
//! ```ignore
//! let rows = Memo::new(move |_| app.query(&[Topic::Entries], |b| b.entries()));
//! view! { {move || show(rows.get(), |rows| view! { <p>{rows.len()}</p> })} }
//! ```

use leptos::prelude::*;
use retaguarda_core::{Business, CoreError};

use crate::state::AppCtx;

/// A collection of the document a view reads. One per document collection (plus the
/// business's own profile and settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    /// The business's profile and settings.
    Business,
    Accounts,
    Categories,
    Entries,
    Transfers,
    Recurrences,
    Charges,
    Carteiras,
    Parties,
    Products,
    Movements,
    Sales,
    Purchases,
    Staff,
    Vacations,
    PayrollTables,
    PayrollRuns,
    Thirteenth,
    Terminations,
    ProLabore,
    BankLines,
    BankBalances,
    Devices,
    Epochs,
}

impl Topic {
    /// The document's key for the collection.
    pub fn key(self) -> &'static str {
        match self {
            Topic::Business => "business",
            Topic::Accounts => "accounts",
            Topic::Categories => "categories",
            Topic::Entries => "entries",
            Topic::Transfers => "transfers",
            Topic::Recurrences => "recurrences",
            Topic::Charges => "charges",
            Topic::Carteiras => "carteiras",
            Topic::Parties => "parties",
            Topic::Products => "products",
            Topic::Movements => "movements",
            Topic::Sales => "sales",
            Topic::Purchases => "purchases",
            Topic::Staff => "staff",
            Topic::Vacations => "vacations",
            Topic::PayrollTables => "payroll_tables",
            Topic::PayrollRuns => "payroll_runs",
            Topic::Thirteenth => "thirteenth",
            Topic::Terminations => "terminations",
            Topic::ProLabore => "pro_labore",
            Topic::BankLines => "bank_lines",
            Topic::BankBalances => "bank_balances",
            Topic::Devices => "devices",
            Topic::Epochs => "epochs",
        }
    }

    /// The pt-BR name people read.
    pub fn label(self) -> &'static str {
        match self {
            Topic::Business => "Dados da empresa",
            Topic::Carteiras => "Carteiras de boleto",
            Topic::Thirteenth => "13º salário",
            Topic::Terminations => "Rescisões",
            Topic::ProLabore => "Pró-labore",
            Topic::Epochs => "Períodos fechados",
            other => crate::fmt::collection_label(other.key()),
        }
    }
}

/// Why a view could not read what it shows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("Os dados ainda estão carregando.")]
    NotReady,
    #[error("Não foi possível ler {what}: {source}")]
    Damaged { what: String, source: CoreError },
}

impl ReadError {
    /// What the person can do about it.
    pub fn advice(&self) -> &'static str {
        match self {
            ReadError::NotReady => "Aguarde um instante; a tela se atualiza sozinha.",
            ReadError::Damaged { .. } => {
                "Recarregue a página. Se o erro continuar, restaure o último backup em \
                 Configurações → Backup, ou sincronize com outro aparelho da equipe."
            }
        }
    }
}

impl AppCtx {
    /// Reads `topics` from the document with `f`; re-runs in views when they change. A
    /// failed read is logged and returned, for [`ReadErrorView`].
    pub fn query<R>(
        &self,
        topics: &[Topic],
        f: impl FnOnce(&mut Business) -> Result<R, CoreError>,
    ) -> Result<R, ReadError> {
        match self.read(f) {
            None => Err(ReadError::NotReady),
            Some(Ok(value)) => Ok(value),
            Some(Err(source)) => {
                let what = topics
                    .iter()
                    .map(|t| t.label())
                    .collect::<Vec<_>>()
                    .join(", ");
                let error = ReadError::Damaged { what, source };
                leptos::logging::error!("leitura falhou: {error}");
                Err(error)
            }
        }
    }
}

/// A failed read, said in pt-BR with what to do.
#[component]
pub fn ReadErrorView(error: ReadError) -> impl IntoView {
    let class = match error {
        ReadError::NotReady => "alert warn read-error",
        ReadError::Damaged { .. } => "alert error read-error",
    };
    view! {
        <div class=class role="alert" data-testid="erro-leitura">
            <p>{error.to_string()}</p>
            <p>{error.advice()}</p>
        </div>
    }
}

/// The view of a read: `ok` draws the value; a failure draws [`ReadErrorView`].
pub fn show<R, V>(result: Result<R, ReadError>, ok: impl FnOnce(R) -> V) -> AnyView
where
    V: IntoView + 'static,
{
    match result {
        Ok(value) => ok(value).into_any(),
        Err(error) => view! { <ReadErrorView error=error/> }.into_any(),
    }
}
