//! Fechar período: closing a period on this device, or for the whole team.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::backup;

use super::{file_slug, Outcome};
use crate::fmt;
use crate::state::{today, use_app};
use crate::sync::use_sync;
use crate::ui::{show, Topic};
use crate::widgets::download;

/// The first day of `day`'s month: the cutoff Fechar período proposes.
pub fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// Fechar período: moves what was settled before a date into an archive kept on this
/// device, so the document of every day holds the open period only (ARCHITECTURE.md,
/// decision 16). In a team the close is the team's: this device writes the mark and every
/// device moves to the new period when it syncs (docs/SYNC.md, section 8).
#[component]
pub(super) fn Period() -> impl IntoView {
    let app = use_app();
    let sync = use_sync();
    let cutoff = RwSignal::new(month_start(today()).to_string());
    let confirming = RwSignal::new(None::<NaiveDate>);
    let busy = RwSignal::new(false);
    let result = RwSignal::new(None);
    let closed = RwSignal::new(Vec::<NaiveDate>::new());
    let refresh = move || {
        spawn_local(async move {
            match app.closed_periods().await {
                Ok(list) => closed.set(list),
                Err(e) => result.set(Some(Err(format!(
                    "Não foi possível ler os períodos fechados: {e}"
                )))),
            }
        })
    };
    // A memo on the closed periods' topic: read again when the period changes, not on
    // other writes.
    let start = Memo::new(move |_| app.query(&[Topic::Epochs], |b| b.period_start()));
    // A period a team device moved to arrives through sync: the list follows it.
    Effect::new(move |_| {
        start.track();
        refresh();
    });
    let in_team = move || sync.team.get().is_some();
    let ask = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        result.set(None);
        match fmt::parse_date(&cutoff.get_untracked()) {
            Ok(day) => confirming.set(Some(day)),
            Err(e) => result.set(Some(Err(format!("Data de corte: {e}")))),
        }
    };
    let close = move |_| {
        let Some(day) = confirming.get_untracked() else {
            return;
        };
        confirming.set(None);
        busy.set(true);
        spawn_local(async move {
            // Let the "Fechando…" line paint before the copy takes the thread.
            gloo_timers::future::TimeoutFuture::new(50).await;
            let outcome = if sync.team.get_untracked().is_some() {
                sync.close_period(day).await.map(|_| {
                    format!(
                        "Fechamento registrado para a equipe. O dia a dia passa a começar em {}; cada aparelho passa ao novo período quando sincronizar.",
                        fmt::date(day)
                    )
                })
                .map_err(|e| e.to_string())
            } else {
                app.close_period(day).await.map(|_| {
                    format!(
                        "Período fechado. O dia a dia começa em {}; o que veio antes está no arquivo abaixo.",
                        fmt::date(day)
                    )
                })
                .map_err(|e| e.to_string())
            };
            busy.set(false);
            result.set(Some(outcome));
            refresh();
        });
    };
    let fetch = move |day: NaiveDate| {
        spawn_local(async move {
            let outcome = match app.archive_file(day).await {
                Ok(bytes) => download(
                    &format!(
                        "{}-arquivo-ate-{}.{}",
                        file_slug(app),
                        day,
                        backup::EXTENSION
                    ),
                    "application/octet-stream",
                    &bytes,
                )
                .map(|_| "Arquivo do período baixado.".to_string()),
                Err(e) => Err(e.to_string()),
            };
            result.set(Some(outcome));
        });
    };
    view! {
        <section class="card" id="periodo" aria-labelledby="pe-h">
            <h2 id="pe-h">"Fechar período"</h2>
            <p class="muted">
                "Fechar o período guarda neste aparelho um arquivo com o que foi quitado antes da data e deixa no dia a dia só o período aberto, que abre mais rápido. Saldos, estoque, contas em aberto e cadastros continuam iguais."
            </p>
            {move || show(start.get(), |start| view! {
                <p data-testid="period-start">{match start {
                    Some(day) => format!("Período aberto desde {}.", fmt::date(day)),
                    None => "Nenhum período fechado: todo o histórico está aberto.".to_string(),
                }}</p>
            })}
            <Show when=in_team>
                <p class="muted" data-testid="period-team">
                    "Este aparelho está numa equipe: o período se fecha para todos os aparelhos. Para fechar, ele precisa estar conectado e em dia; os outros passam ao novo período quando sincronizarem, levando junto o que registraram sem conexão."
                </p>
            </Show>
                <form on:submit=ask>
                    <label>
                        "Fechar o que foi quitado antes de"
                        <input
                            name="cutoff"
                            type="date"
                            prop:value=move || cutoff.get()
                            on:input=move |ev| cutoff.set(event_target_value(&ev))
                        />
                    </label>
                    <button type="submit" class="secondary" disabled=move || busy.get()>"Fechar período"</button>
                </form>
            {move || confirming.get().map(|day| view! {
                <div class="alert warn" role="alertdialog" aria-label="Confirmar fechamento">
                    <p>{format!(
                        "Fechar o período antes de {}? O que foi quitado antes dessa data sai do dia a dia e fica no arquivo do período. Com anos de dados, isto pode levar um minuto.",
                        fmt::date(day)
                    )}</p>
                    <button type="button" on:click=close>"Confirmar fechamento"</button>
                    <button type="button" class="secondary" on:click=move |_| confirming.set(None)>"Cancelar"</button>
                </div>
            })}
            <Show when=move || busy.get()>
                <p class="alert" role="status">"Fechando o período… não feche esta aba."</p>
            </Show>
            <Outcome result=result/>
            <Show when=move || !closed.get().is_empty()>
                <h3>"Períodos fechados neste aparelho"</h3>
                <ul class="list" data-testid="closed-periods">
                    <For each=move || closed.get() key=|d| *d let:day>
                        <li>
                            {format!("Até {}", fmt::date(day.pred_opt().unwrap_or(day)))}
                            " "
                            <button type="button" class="secondary" on:click=move |_| fetch(day)>"Baixar arquivo"</button>
                        </li>
                    </For>
                </ul>
                <p class="muted">
                    "Para consultar um arquivo, restaure-o num navegador ou aparelho vazio. Os backups deste aparelho trazem só o período aberto: guarde também os arquivos."
                </p>
            </Show>
        </section>
    }
}
