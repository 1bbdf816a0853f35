//! Backup: downloading the whole document as a file, and restoring or merging one.

use leptos::prelude::*;
use retaguarda_core::backup::{self, BackupSummary};

use super::file_slug;
use crate::fmt;
use crate::state::{today, use_app};
use crate::ui::share::download;
use crate::ui::{FormError, FormErrorView, Submit};
use crate::widgets::FilePick;

#[component]
pub(super) fn Backup() -> impl IntoView {
    let app = use_app();
    let info = app.storage;
    let notice = RwSignal::new(None::<String>);
    let stale = move || backup::is_stale(info.get().last_backup, today());
    let save = Submit::new(
        move || {
            notice.set(None);
            async move {
                let bytes = app.backup_file().await?;
                let name = format!("{}-{}.{}", file_slug(app), today(), backup::EXTENSION);
                download(&name, "application/octet-stream", &bytes)?;
                Ok::<_, FormError>(())
            }
        },
        move |()| notice.set(Some("Backup baixado.".into())),
    );
    let busy = save.busy();
    view! {
        <section class="card" aria-labelledby="bk-h">
            <h2 id="bk-h">"Backup"</h2>
            <Show when=stale>
                <p class="alert warn" role="status" data-testid="backup-warning">
                    "Você não faz backup há mais de 7 dias. Baixe um backup e guarde-o fora deste aparelho."
                </p>
            </Show>
            <button type="button" disabled=move || busy.get() on:click=move |_| save.dispatch() data-testid="backup-download">
                "Baixar backup"
            </button>
            <FormErrorView submit=save/>
            {move || notice.get().map(|m| view! { <p class="alert ok" role="status">{m}</p> })}
            <RestoreBackup label="Restaurar ou juntar um backup (.retaguarda)"/>
        </section>
    }
}

/// Picks a backup file, shows what it holds, and restores or merges it only after the
/// person confirms. Used here and on the welcome screen, which may hand it a file the person
/// already picked (`initial`).
#[component]
pub fn RestoreBackup(
    label: &'static str,
    #[prop(optional_no_strip)] initial: Option<Vec<u8>>,
) -> impl IntoView {
    let app = use_app();
    let notice = RwSignal::new(None::<String>);
    // A file that is not a backup: said under the picker.
    let unreadable = RwSignal::new(None::<String>);
    let pending = RwSignal::new(None::<(Vec<u8>, BackupSummary)>);
    let picked = move |bytes: Vec<u8>| match backup::inspect(&bytes) {
        Ok(summary) => {
            unreadable.set(None);
            notice.set(None);
            pending.set(Some((bytes, summary)));
        }
        Err(e) => unreadable.set(Some(e.to_string())),
    };
    if let Some(bytes) = initial {
        picked(bytes);
    }
    let restore = Submit::new(
        move || {
            let file = pending.get_untracked();
            async move {
                let Some((bytes, _)) = file else {
                    return Err(FormError::Missing("Escolha o arquivo do backup.".into()));
                };
                app.restore(&bytes).await?;
                Ok(())
            }
        },
        move |()| {
            pending.set(None);
            notice.set(Some("Backup restaurado neste aparelho.".into()));
        },
    );
    let busy = restore.busy();
    view! {
        <FilePick label=label accept=".retaguarda" on_file=picked/>
        {move || pending.get().map(|(_, s)| view! {
            <div class="card preview" data-testid="restore-preview">
                <h3>"Conteúdo do backup"</h3>
                <p><strong>{s.business.clone()}</strong></p>
                <ul>
                    {s.counts.iter().map(|(k, v)| view! {
                        <li>{format!("{}: {v}", fmt::collection_label(k))}</li>
                    }).collect_view()}
                    <li>{format!("{} operações, {} aparelho(s)", s.changes, s.devices.len())}</li>
                </ul>
                <p>"Os registros do backup serão juntados aos deste aparelho. Nada daqui será apagado."</p>
                <div class="row">
                    <button type="button" disabled=move || busy.get() on:click=move |_| restore.dispatch()>"Restaurar backup"</button>
                    <button type="button" class="secondary" on:click=move |_| pending.set(None)>"Cancelar"</button>
                </div>
            </div>
        })}
        <FormErrorView submit=restore/>
        {move || unreadable.get().map(|e| view! { <p class="alert error" role="alert">{e}</p> })}
        {move || notice.get().map(|m| view! { <p class="alert ok" role="status">{m}</p> })}
    }
}
