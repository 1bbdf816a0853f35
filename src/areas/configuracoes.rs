//! Configurações: the business profile and Pix key, charge settings, this device and its
//! storage, backup and restore, and closing a period.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::backup::{self, BackupSummary};
use retaguarda_core::settings::ReminderPlan;

use super::AreaHeader;
use crate::fmt;
use crate::scanner::{Scanner, QR_CODES};
use crate::state::{today, use_app, AppCtx};
use crate::sync::use_sync;
use crate::widgets::{download, FilePick};

#[component]
pub fn Configuracoes() -> impl IntoView {
    view! {
        <AreaHeader title="Configurações"/>
        <div class="settings">
            <Perfil/>
            <CobrancaSettings/>
            <super::tabelas::TabelasDaFolha/>
            <Equipe/>
            <super::members::TeamMembers/>
            <Aparelho/>
            <Backup/>
            <Periodo/>
        </div>
    }
}

/// A status line under a form: an error in red or a confirmation.
#[component]
fn Outcome(result: RwSignal<Option<Result<String, String>>>) -> impl IntoView {
    move || match result.get() {
        Some(Ok(msg)) => view! { <p class="alert ok" role="status">{msg}</p> }.into_any(),
        Some(Err(msg)) => view! { <p class="alert error" role="alert">{msg}</p> }.into_any(),
        None => ().into_any(),
    }
}

#[component]
fn Perfil() -> impl IntoView {
    let app = use_app();
    let profile = app.read(|b| b.profile().ok()).flatten();
    let name = RwSignal::new(profile.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let tax_id = RwSignal::new(
        profile
            .as_ref()
            .and_then(|p| p.tax_id.clone())
            .map(|t| {
                retaguarda_core::formats::doc::TaxId::parse(&t)
                    .map(|id| id.formatted())
                    .unwrap_or(t)
            })
            .unwrap_or_default(),
    );
    let city = RwSignal::new(
        profile
            .as_ref()
            .and_then(|p| p.city.clone())
            .unwrap_or_default(),
    );
    let pix = RwSignal::new(profile.and_then(|p| p.pix_key).unwrap_or_default());
    let result = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (n, t, c, k) = (
            name.get_untracked(),
            tax_id.get_untracked(),
            city.get_untracked(),
            pix.get_untracked(),
        );
        spawn_local(async move {
            let outcome = app
                .run(move |b, ctx| b.update_profile(ctx, &n, Some(&t), Some(&c), Some(&k)))
                .await;
            result.set(Some(
                outcome
                    .map(|_| "Dados da empresa salvos.".to_string())
                    .map_err(|e| e.to_string()),
            ));
        });
    };
    view! {
        <section class="card" aria-labelledby="perfil-h">
            <h2 id="perfil-h">"Empresa"</h2>
            <form on:submit=submit data-testid="profile-form">
                <label>"Nome do negócio"
                    <input required prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
                <label>"CPF ou CNPJ"
                    <input inputmode="text" autocomplete="off" prop:value=move || tax_id.get() on:input=move |ev| tax_id.set(event_target_value(&ev))/>
                </label>
                <label>"Cidade"
                    <input autocomplete="address-level2" prop:value=move || city.get() on:input=move |ev| city.set(event_target_value(&ev))/>
                </label>
                <label>"Chave Pix (CPF, CNPJ, celular +55…, e-mail ou chave aleatória)"
                    <input autocomplete="off" prop:value=move || pix.get() on:input=move |ev| pix.set(event_target_value(&ev))/>
                </label>
                <button type="submit">"Salvar empresa"</button>
                <Outcome result=result/>
            </form>
        </section>
    }
}

#[component]
fn CobrancaSettings() -> impl IntoView {
    let app = use_app();
    let settings = app
        .read(|b| b.settings().ok())
        .flatten()
        .unwrap_or_default();
    let minimum = RwSignal::new(fmt::money_input(settings.charge_minimum));
    let offsets = RwSignal::new(
        settings
            .reminder_plan
            .offsets
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    );
    let every = RwSignal::new(settings.reminder_plan.repeat_every_days.to_string());
    let result = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let min = match fmt::parse_brl(&minimum.get_untracked()) {
            Ok(v) => v,
            Err(e) => return result.set(Some(Err(format!("Valor mínimo: {e}")))),
        };
        let parsed: Result<Vec<i64>, _> = offsets
            .get_untracked()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::parse::<i64>)
            .collect();
        let Ok(parsed) = parsed else {
            return result.set(Some(Err(
                "Dias de lembrete: use números separados por vírgula, como -3, 0, 1.".into(),
            )));
        };
        let Ok(repeat) = every.get_untracked().trim().parse::<u32>() else {
            return result.set(Some(Err(
                "Repetir a cada: informe um número de dias.".into()
            )));
        };
        let plan = ReminderPlan {
            offsets: parsed,
            repeat_every_days: repeat,
        };
        spawn_local(async move {
            let outcome = app
                .run(move |b, ctx| {
                    b.set_charge_minimum(ctx, min)?;
                    b.set_reminder_plan(ctx, plan)
                })
                .await;
            result.set(Some(
                outcome
                    .map(|_| "Configurações de cobrança salvas.".to_string())
                    .map_err(|e| e.to_string()),
            ));
        });
    };
    view! {
        <section class="card" aria-labelledby="cob-h">
            <h2 id="cob-h">"Cobranças"</h2>
            <form on:submit=submit>
                <label>"Valor mínimo de uma cobrança (R$)"
                    <input inputmode="decimal" prop:value=move || minimum.get() on:input=move |ev| minimum.set(event_target_value(&ev))/>
                </label>
                <label>"Dias de lembrete em relação ao vencimento (negativo = antes)"
                    <input prop:value=move || offsets.get() on:input=move |ev| offsets.set(event_target_value(&ev))/>
                </label>
                <label>"Depois, repetir a cada (dias)"
                    <input inputmode="numeric" prop:value=move || every.get() on:input=move |ev| every.set(event_target_value(&ev))/>
                </label>
                <button type="submit">"Salvar cobranças"</button>
                <Outcome result=result/>
            </form>
        </section>
    }
}

fn megabytes(bytes: f64) -> String {
    crate::fmt::bytes(bytes)
}

#[component]
fn Aparelho() -> impl IntoView {
    let app = use_app();
    app.refresh_storage_info();
    let device_name = RwSignal::new(app.device().map(|d| d.name).unwrap_or_default());
    let result = RwSignal::new(None);
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = device_name.get_untracked();
        spawn_local(async move {
            let outcome = app.rename_device(&name).await;
            result.set(Some(
                outcome
                    .map(|_| "Nome do aparelho salvo.".to_string())
                    .map_err(|e| e.to_string()),
            ));
        });
    };
    let devices = move || {
        app.read(|b| b.devices().unwrap_or_default())
            .unwrap_or_default()
    };
    let info = app.storage;
    view! {
        <section class="card" aria-labelledby="ap-h">
            <h2 id="ap-h">"Este aparelho e o armazenamento"</h2>
            <form on:submit=rename>
                <label>"Nome deste aparelho"
                    <input prop:value=move || device_name.get() on:input=move |ev| device_name.set(event_target_value(&ev))/>
                </label>
                <button type="submit" class="secondary">"Salvar nome"</button>
                <Outcome result=result/>
            </form>
            <dl class="facts" data-testid="storage-info">
                <dt>"Armazenamento persistente"</dt>
                <dd data-testid="storage-persistent">{move || match info.get().persistent {
                    Some(true) => "Sim: o navegador não apagará os dados sozinho.",
                    Some(false) => "Não: o navegador pode apagar os dados se faltar espaço. Faça backups.",
                    None => "Desconhecido",
                }}</dd>
                <dt>"Espaço usado"</dt>
                <dd>{move || {
                    let s = info.get();
                    match (s.usage_bytes, s.quota_bytes) {
                        (Some(u), Some(q)) => format!("{} de {}", megabytes(u), megabytes(q)),
                        _ => "Desconhecido".to_string(),
                    }
                }}</dd>
                <dt>"Último backup"</dt>
                <dd data-testid="last-backup">{move || info.get().last_backup.map(fmt::date).unwrap_or_else(|| "Nunca".into())}</dd>
            </dl>
            <Show when=move || { info.get().quarantined > 0 }>
                <p class="alert warn" role="status">{move || format!(
                    "{} bloco(s) de dados danificados foram separados ao abrir. O restante foi carregado; se algo faltar, restaure um backup.",
                    info.get().quarantined
                )}</p>
            </Show>
            <h3>"Aparelhos que já gravaram dados"</h3>
            <ul class="list" data-testid="devices">
                <For each=devices key=|(k, _)| k.clone() let:item>
                    <li>{item.1.name.clone()}</li>
                </For>
            </ul>
        </section>
    }
}

/// Whether Configurações should warn about the backup: never made, or 7 days old or more.
/// The business's name as the start of a file name ("padaria-pao-quente").
fn file_slug(app: AppCtx) -> String {
    let name = app
        .read(|b| b.profile().map(|p| p.name).unwrap_or_default())
        .unwrap_or_default();
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    slug.trim_matches('-').to_string()
}

/// The first day of `day`'s month: the cutoff Fechar período proposes.
pub fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// Fechar período: moves what was settled before a date into an archive kept on this
/// device, so the document of every day holds the open period only (ARCHITECTURE.md,
/// decision 16). In a team the close is the team's: this device writes the mark and every
/// device moves to the new period when it syncs (docs/SYNC.md, section 8).
#[component]
fn Periodo() -> impl IntoView {
    let app = use_app();
    let sync = use_sync();
    let cutoff = RwSignal::new(month_start(today()).to_string());
    let confirming = RwSignal::new(None::<NaiveDate>);
    let busy = RwSignal::new(false);
    let result = RwSignal::new(None);
    let closed = RwSignal::new(Vec::<NaiveDate>::new());
    let refresh = move || {
        spawn_local(async move {
            closed.set(app.closed_periods().await.unwrap_or_default());
        })
    };
    // A memo, so the list below is read again when the period changes, not on every write.
    let start = Memo::new(move |_| app.read(|b| b.period_start().ok().flatten()).flatten());
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
            <p data-testid="period-start">{move || match start.get() {
                Some(day) => format!("Período aberto desde {}.", fmt::date(day)),
                None => "Nenhum período fechado: todo o histórico está aberto.".to_string(),
            }}</p>
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

pub fn backup_is_stale(last: Option<NaiveDate>, today: NaiveDate) -> bool {
    match last {
        None => true,
        Some(day) => (today - day).num_days() >= 7,
    }
}

#[component]
fn Backup() -> impl IntoView {
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

/// Asked before this device, with its records, joins a team by a pasted or scanned invite.
const JOIN_QUESTION: &str = "Os dados que já estão neste aparelho serão juntados aos da equipe \
do convite, e todos da equipe passarão a vê-los. Entrar na equipe?";

/// Team and sync: create a team, invite by link and QR code, join, devices seen, leave.
#[component]
fn Equipe() -> impl IntoView {
    let app = use_app();
    let sync = use_sync();
    let relay = RwSignal::new(String::new());
    let link = RwSignal::new(String::new());
    let result = RwSignal::new(None);
    let create = move |_| {
        let address = relay.get_untracked();
        spawn_local(async move {
            result.set(Some(Ok(
                "Criando a equipe no servidor de sincronização…".to_string()
            )));
            let outcome = sync.create_team(&address).await;
            result.set(Some(outcome.map(|answered| {
                if answered {
                    "Equipe criada. Convide os outros aparelhos.".to_string()
                } else {
                    "Equipe criada neste aparelho, mas o servidor de sincronização ainda não respondeu; os dados vão para a equipe assim que ele responder.".to_string()
                }
            })));
        });
    };
    let join = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = link.get_untracked();
        // This screen only exists once the device holds a business, and its records will go
        // to the team: that is the person's call.
        let confirmed = web_sys::window()
            .and_then(|w| w.confirm_with_message(JOIN_QUESTION).ok())
            .unwrap_or(false);
        if !confirmed {
            return;
        }
        spawn_local(async move {
            let outcome = sync.join(&text).await;
            result.set(Some(
                outcome.map(|_| "Este aparelho entrou na equipe.".to_string()),
            ));
        });
    };
    let leave = move |_| {
        spawn_local(async move {
            sync.leave().await;
            result.set(Some(Ok(
                "Este aparelho saiu da equipe. Os dados continuam aqui.".to_string(),
            )));
        });
    };
    let invite = move || {
        sync.team.get()?;
        sync.invite_link()
    };
    let copy = move |_| {
        if let Some(text) = invite() {
            crate::widgets::copy_text(&text);
            result.set(Some(Ok("Convite copiado.".to_string())));
        }
    };
    let devices = move || {
        let peers = sync.peers.get();
        app.read(|b| b.devices().unwrap_or_default())
            .unwrap_or_default()
            .into_iter()
            .map(|(hex, d)| {
                let seen = peers.get(&hex).copied();
                (hex, d.name, seen)
            })
            .collect::<Vec<_>>()
    };
    view! {
        <section class="card" id="equipe" aria-labelledby="eq-h">
            <h2 id="eq-h">"Equipe e sincronização"</h2>
            {move || match invite() {
                None => view! {
                    <p>"Os dados estão só neste aparelho. Crie uma equipe para sincronizar com os aparelhos da sua equipe, com criptografia de ponta a ponta."</p>
                    <label>"Endereço do servidor de sincronização (vazio = este servidor)"
                        <input inputmode="url" placeholder="https://…" prop:value=move || relay.get() on:input=move |ev| relay.set(event_target_value(&ev))/>
                    </label>
                    <button type="button" on:click=create data-testid="team-create">"Criar equipe"</button>
                    <form on:submit=join data-unguarded="">
                        <label>"Ou cole um convite"
                            <input name="invite" autocomplete="off" prop:value=move || link.get() on:input=move |ev| link.set(event_target_value(&ev))/>
                        </label>
                        <Scanner formats=QR_CODES label="Ler o QR code do convite" fallback=""
                            on_code=Callback::new(move |code: String| link.set(code))/>
                        <button type="submit" class="secondary">"Entrar na equipe"</button>
                    </form>
                }.into_any(),
                Some(url) => {
                    let svg = retaguarda_core::formats::pix::qr_svg(&url).unwrap_or_default();
                    view! {
                        <p>"Para colocar outro aparelho na equipe, abra este convite nele (ou leia o QR code com a câmera). Quem tem o convite vê todos os dados: envie só para quem é da equipe."</p>
                        <div class="qr" inner_html=svg aria-label="QR code do convite" role="img"></div>
                        <p class="invite-link" data-testid="invite-link">{url.clone()}</p>
                        <p class="muted" data-testid="team-status">{move || crate::sync::explain(&sync.view.get())}</p>
                        <div class="row">
                            <button type="button" on:click=copy>"Copiar convite"</button>
                            <button type="button" class="danger" on:click=leave>"Sair da equipe"</button>
                        </div>
                    }.into_any()
                }
            }}
            <h3>"Aparelhos"</h3>
            <ul class="list" data-testid="team-devices">
                <For each=devices key=|(hex, _, seen)| format!("{hex}{seen:?}") let:item>
                    <li class="row">
                        <span>{item.1.clone()}</span>
                        <span class="muted">{item.2.map(|ms| {
                            let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
                            format!("sincronizou {:02}/{:02} {:02}:{:02}", d.get_date(), d.get_month() + 1, d.get_hours(), d.get_minutes())
                        }).unwrap_or_default()}</span>
                    </li>
                </For>
            </ul>
            {move || result.get().map(|r| match r {
                Ok(m) => view! { <p class="alert ok" role="status">{m}</p> }.into_any(),
                Err(e) => view! { <p class="alert error" role="alert">{e}</p> }.into_any(),
            })}
        </section>
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
