//! Reading the document for a view: `app.query(&[Topic::Entries, Topic::Parties], |b| ..)`.
//!
//! The closure reads through core (`b.entries()?`, `b.dre(from, to)?`) and returns
//! `Result<R, CoreError>`; `query` gives `Result<R, ReadError>` and re-runs in a view or a
//! `Memo` when a change touched one of the named collections, and only then (the state keeps
//! one signal per [`Topic`]; see `crate::state`). A failed read is logged to the console and should be
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
pub use crate::state::Topic;

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
    /// Reads `topics` from the document with `f`; re-runs in views when a change touched one
    /// of them, and not for other changes. `f` must read only what `topics` name. A failed
    /// read is logged and returned, for [`ReadErrorView`].
    pub fn query<R>(
        &self,
        topics: &[Topic],
        f: impl FnOnce(&mut Business) -> Result<R, CoreError>,
    ) -> Result<R, ReadError> {
        match self.read_topics(topics, f) {
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

/// This device's changes not stored yet, said in pt-BR on every screen: "Salvando…" while
/// operations asked during the load wait for it (kept on the device meanwhile), and a
/// failed IndexedDB write until a write succeeds (the changes are on screen and in memory,
/// and go into the next write).
#[component]
pub fn WriteErrorView() -> impl IntoView {
    let app = crate::state::use_app();
    view! {
        // Operations asked for while the data load, kept on the device until stored.
        <Show when=move || { app.saving.get() > 0 }>
            <p class="card muted" role="status" data-testid="salvando">
                "Salvando… O que você registrou está guardado neste aparelho e entra nos dados assim que eles terminarem de carregar."
            </p>
        </Show>
        {move || {
            app.write_error.get().map(|error| {
                view! {
                    <div class="alert error" role="alert" data-testid="erro-gravacao">
                        <p>{format!("As últimas alterações ainda não foram salvas neste aparelho: {error}")}</p>
                        <p>"Elas continuam na tela e serão salvas com a próxima alteração. Não feche a Retaguarda antes disso; se o erro continuar, faça um backup em Configurações → Backup."</p>
                    </div>
                }
            })
        }}
    }
}
