//! Fechar período: closing a period on this device, or for the whole team.

use chrono::NaiveDate;
use leptos::prelude::*;
use retaguarda_core::{archive, backup};

use super::file_slug;
use crate::fmt;
use crate::state::{today, use_app, AppCtx};
use crate::sync::use_sync;
use crate::ui::share::download;
use crate::ui::{show, Field, FieldKind, FieldResult, FormError, FormErrorView, Submit, Topic};
use crate::worker::client::Progress;

/// Fechar período: moves what was settled before a date into an archive kept on this
/// device, so the document of every day holds the open period only (ARCHITECTURE.md,
/// decision 16). In a team the close is the team's: this device writes the mark and every
/// device moves to the new period when it syncs (docs/SYNC.md, section 8).
#[component]
pub(super) fn Period() -> impl IntoView {
    let app = use_app();
    let sync = use_sync();
    let cutoff = RwSignal::new(archive::proposed_cutoff(today()).to_string());
    let confirming = RwSignal::new(None::<NaiveDate>);
    let notice = RwSignal::new(None::<String>);
    // A memo on the closed periods' topic: read again when the period changes, not on
    // other writes.
    let start = Memo::new(move |_| app.query(&[Topic::Epochs], |b| b.period_start()));
    // The archives kept on this device, read again when the period moves (a team device's
    // close arrives through sync).
    let closed = LocalResource::new(move || {
        start.track();
        async move { app.closed_periods().await }
    });
    let in_team = move || sync.team.get().is_some();
    // Where a close alone is, as its worker reports it.
    let progress = RwSignal::new(None::<Progress>);

    let ask = Submit::new(
        move || {
            notice.set(None);
            let typed = cutoff.get_untracked();
            async move { fmt::parse_date(&typed).field("Data de corte") }
        },
        move |day| confirming.set(Some(day)),
    );
    let close = Submit::new(
        move || {
            let day = confirming.get_untracked();
            confirming.set(None);
            async move {
                let Some(day) = day else {
                    return Err(FormError::Missing("Escolha a data de corte.".into()));
                };
                progress.set(None);
                let team = sync.team.get_untracked().is_some();
                if team {
                    sync.close_period(day).await?;
                } else {
                    // The split runs in a worker: the page keeps answering meanwhile.
                    let closed = app.close_period(day, move |p| progress.set(Some(p))).await;
                    progress.set(None);
                    closed?;
                }
                Ok((day, team))
            }
        },
        move |(day, team)| {
            notice.set(Some(if team {
                format!(
                    "Fechamento registrado para a equipe. O dia a dia passa a começar em {}; cada aparelho passa ao novo período quando sincronizar.",
                    fmt::date(day)
                )
            } else {
                format!(
                    "Período fechado. O dia a dia começa em {}; o que veio antes está no arquivo abaixo.",
                    fmt::date(day)
                )
            }));
            closed.refetch();
        },
    );
    let closing = close.busy();

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
            <form on:submit=ask.on_submit()>
                <Field label="Fechar o que foi quitado antes de" value=cutoff kind=FieldKind::Date name="cutoff"/>
                <FormErrorView submit=ask/>
                <button type="submit" class="secondary" disabled=move || closing.get()>"Fechar período"</button>
            </form>
            {move || confirming.get().map(|day| view! {
                <div class="alert warn" role="alertdialog" aria-label="Confirmar fechamento">
                    <p>{format!(
                        "Fechar o período antes de {}? O que foi quitado antes dessa data sai do dia a dia e fica no arquivo do período. Com anos de dados, isto pode levar um minuto.",
                        fmt::date(day)
                    )}</p>
                    <button type="button" on:click=move |_| close.dispatch()>"Confirmar fechamento"</button>
                    <button type="button" class="secondary" on:click=move |_| confirming.set(None)>"Cancelar"</button>
                </div>
            })}
            <Show when=move || closing.get()>
                <p class="alert" role="status" data-testid="period-closing">
                    "Fechando o período… "
                    {move || progress.get().map(|p| format!("(passo {} de {}: {}) ", p.step, p.steps, p.text))}
                    "Dá para consultar enquanto isso; registros novos esperam o fim. Não feche esta aba."
                </p>
            </Show>
            <FormErrorView submit=close/>
            {move || notice.get().map(|m| view! { <p class="alert ok" role="status">{m}</p> })}
            {move || closed.get().map(|list| match list {
                Ok(list) => view! { <ClosedPeriods app=app list=list/> }.into_any(),
                Err(e) => view! {
                    <p class="alert error" role="alert">{format!("Não foi possível ler os períodos fechados: {e}")}</p>
                }.into_any(),
            })}
        </section>
    }
}

/// The periods closed on this device, each with its archive to download.
#[component]
fn ClosedPeriods(app: AppCtx, list: Vec<NaiveDate>) -> impl IntoView {
    if list.is_empty() {
        return ().into_any();
    }
    view! {
        <h3>"Períodos fechados neste aparelho"</h3>
        <ul class="list" data-testid="closed-periods">
            {list.into_iter().map(|day| view! { <ClosedPeriod app=app day=day/> }).collect_view()}
        </ul>
        <p class="muted">
            "Para consultar um arquivo, restaure-o num navegador ou aparelho vazio. Os backups deste aparelho trazem só o período aberto: guarde também os arquivos."
        </p>
    }
    .into_any()
}

/// One closed period: the archive of what came before `day`.
#[component]
fn ClosedPeriod(app: AppCtx, day: NaiveDate) -> impl IntoView {
    let fetch = Submit::new(
        move || async move {
            let bytes = app.archive_file(day).await?;
            let name = format!(
                "{}-arquivo-ate-{}.{}",
                file_slug(app),
                day,
                backup::EXTENSION
            );
            download(&name, "application/octet-stream", &bytes)?;
            Ok::<_, FormError>(())
        },
        |()| {},
    );
    let busy = fetch.busy();
    view! {
        <li>
            {format!("Até {}", fmt::date(day.pred_opt().unwrap_or(day)))}
            " "
            <button type="button" class="secondary" disabled=move || busy.get() on:click=move |_| fetch.dispatch()>
                "Baixar arquivo"
            </button>
            <FormErrorView submit=fetch/>
        </li>
    }
}
