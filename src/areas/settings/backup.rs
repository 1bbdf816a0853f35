//! Backup: downloading the whole document as a file, and restoring or merging one.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::backup::{self, BackupSummary};

use super::{file_slug, Outcome};
use crate::fmt;
use crate::state::{today, use_app};
use crate::widgets::{download, FilePick};

/// Whether Configurações should warn about the backup: never made, or 7 days old or more.
pub fn backup_is_stale(last: Option<NaiveDate>, today: NaiveDate) -> bool {
    match last {
        None => true,
        Some(day) => (today - day).num_days() >= 7,
    }
}

#[component]
pub(super) fn Backup() -> impl IntoView {
    let app = use_app();
    let info = app.storage;
    let result = RwSignal::new(None);
    let stale = move || backup_is_stale(info.get().last_backup, today());
    let save = move |_| {
        spawn_local(async move {
            let outcome = match app.backup_file().await {
                Ok(bytes) => download(
                    &format!("{}-{}.{}", file_slug(app), today(), backup::EXTENSION),
                    "application/octet-stream",
                    &bytes,
                )
                .map(|_| "Backup baixado.".to_string()),
                Err(e) => Err(e.to_string()),
            };
            result.set(Some(outcome));
        });
    };
    view! {
        <section class="card" aria-labelledby="bk-h">
            <h2 id="bk-h">"Backup"</h2>
            <Show when=stale>
                <p class="alert warn" role="status" data-testid="backup-warning">
                    "Você não faz backup há mais de 7 dias. Baixe um backup e guarde-o fora deste aparelho."
                </p>
            </Show>
            <button type="button" on:click=save data-testid="backup-download">"Baixar backup"</button>
            <Outcome result=result/>
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
    let result = RwSignal::new(None);
    let pending = RwSignal::new(None::<(Vec<u8>, BackupSummary)>);
    let picked = move |bytes: Vec<u8>| match backup::inspect(&bytes) {
        Ok(summary) => {
            result.set(None);
            pending.set(Some((bytes, summary)));
        }
        Err(e) => result.set(Some(Err(e.to_string()))),
    };
    if let Some(bytes) = initial {
        picked(bytes);
    }
    let confirm = move |_| {
        let Some((bytes, _)) = pending.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let outcome = app.restore(&bytes).await;
            pending.set(None);
            result.set(Some(
                outcome
                    .map(|_| "Backup restaurado neste aparelho.".to_string())
                    .map_err(|e| e.to_string()),
            ));
        });
    };
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
                    <button type="button" on:click=confirm>"Restaurar backup"</button>
                    <button type="button" class="secondary" on:click=move |_| pending.set(None)>"Cancelar"</button>
                </div>
            </div>
        })}
        <Outcome result=result/>
    }
}

#[cfg(test)]
mod tests {
    use super::backup_is_stale;
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn the_backup_warning_shows_from_the_seventh_day_and_when_there_was_none() {
        assert!(backup_is_stale(None, day(10)));
        assert!(!backup_is_stale(Some(day(10)), day(10)));
        assert!(!backup_is_stale(Some(day(4)), day(10)), "6 days");
        assert!(backup_is_stale(Some(day(3)), day(10)), "7 days");
        assert!(backup_is_stale(Some(day(1)), day(10)), "9 days");
    }
}
