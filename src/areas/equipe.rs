//! Equipe: people (create, edit), their vacation (balance per acquisition period, limit
//! date, warnings, scheduling) and the payroll (run a month, review and print payslips,
//! close the run into payables).

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use retaguarda_core::staff::{
    AcquisitionPeriod, Contract, NewStaff, NewVacation, PayslipLineKind, RunStatus, StaffMember,
};
use retaguarda_core::Id;

use super::estoque::ui::TextField;
use super::AreaHeader;
use crate::fmt::{brl, date, parse_brl, parse_date, quantity};
use crate::state::{today, use_app};

/// A period is flagged this many days before its limit date.
const WARN_DAYS: i64 = 60;

/// The print layout: only the chosen payslip, no navigation or buttons.
const PRINT_CSS: &str = "@media print {
  .bottom-nav, .side-nav, .no-print, .area-header { display: none !important; }
  .content { padding: 0 !important; }
  .payslip { border: none !important; break-inside: avoid; }
  body.printing-one .payslip:not(.print-target) { display: none !important; }
}";

/// A vacation warning for one acquisition period, if it needs attention.
fn period_warning(p: &AcquisitionPeriod, today: NaiveDate) -> Option<String> {
    if p.balance_days == 0 || !p.acquired {
        return None;
    }
    if p.overdue || p.limit_to_grant < today {
        return Some(format!(
            "Férias vencidas: {} dias do período {} deviam ter sido gozados até {}.",
            p.balance_days,
            p.number,
            date(p.limit_to_grant)
        ));
    }
    let left = (p.limit_to_grant - today).num_days();
    (left <= WARN_DAYS).then(|| {
        format!(
            "Atenção: {} dias do período {} precisam ser gozados até {} (faltam {left} dias).",
            p.balance_days,
            p.number,
            date(p.limit_to_grant)
        )
    })
}

/// The warnings of a person, computed from core's acquisition periods.
fn warnings_of(b: &retaguarda_core::Business, id: &str, today: NaiveDate) -> Vec<String> {
    b.vacation_periods(id, today)
        .unwrap_or_default()
        .iter()
        .filter_map(|p| period_warning(p, today))
        .collect()
}

fn contract_label(c: Contract) -> &'static str {
    match c {
        Contract::Clt => "CLT",
        Contract::Other => "Outro",
    }
}

fn month_label(year: i32, month: u32) -> String {
    format!("{month:02}/{year}")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Pessoas,
    Folha,
}

#[component]
pub fn Equipe() -> impl IntoView {
    let tab = RwSignal::new(Tab::Pessoas);
    view! {
        <AreaHeader title="Equipe"/>
        <div class="tabs" role="tablist" aria-label="Equipe">
            <button type="button" role="tab" aria-selected=move || (tab.get() == Tab::Pessoas).to_string()
                on:click=move |_| tab.set(Tab::Pessoas)>"Pessoas"</button>
            <button type="button" role="tab" aria-selected=move || (tab.get() == Tab::Folha).to_string()
                data-testid="tab-folha" on:click=move |_| tab.set(Tab::Folha)>"Folha de pagamento"</button>
        </div>
        {move || match tab.get() {
            Tab::Pessoas => view! { <People/> }.into_any(),
            Tab::Folha => view! { <Payroll/> }.into_any(),
        }}
    }
}

/// The people list, with the vacation warnings, and the form for a new person.
#[component]
fn People() -> impl IntoView {
    let app = use_app();
    let creating = RwSignal::new(false);
    let shown = RwSignal::new(50usize);
    let people = move || {
        app.read(|b| {
            let day = today();
            let mut list: Vec<(Id, StaffMember, usize)> = b
                .staff_members()
                .unwrap_or_default()
                .into_iter()
                .map(|(id, m)| {
                    let warnings = if m.contract == Contract::Clt {
                        warnings_of(b, &id, day).len()
                    } else {
                        0
                    };
                    (id, m, warnings)
                })
                .collect();
            list.sort_by_key(|a| a.1.name.to_lowercase());
            list
        })
        .unwrap_or_default()
    };
    view! {
        <div style="margin: 0.75rem 0;">
            <button type="button" class="secondary" data-testid="nova-pessoa" on:click=move |_| creating.update(|c| *c = !*c)>
                {move || if creating.get() { "Fechar formulário" } else { "Nova pessoa" }}
            </button>
        </div>
        <Show when=move || creating.get()>
            <section class="card" style="margin-bottom: 0.75rem;">
                <h2 style="margin-top: 0;">"Nova pessoa"</h2>
                <PessoaForm existing=None on_done=Callback::new(move |_| creating.set(false))/>
            </section>
        </Show>
        {move || {
            let list = people();
            if list.is_empty() {
                return view! { <p class="empty">"Ninguém cadastrado ainda."</p> }.into_any();
            }
            let total = list.len();
            let rows = list.into_iter().take(shown.get()).map(|(id, m, warnings)| {
                let gone = m.terminated_on.is_some();
                view! {
                    <li class="card" data-testid="pessoa-row">
                        <A href=format!("/equipe/pessoas/{id}") attr:class="row" attr:style="text-decoration: none; color: inherit;">
                            <span>
                                <strong>{m.name.clone()}</strong><br/>
                                <small class="empty">{format!("{} · {}", m.role, contract_label(m.contract))}</small>
                                {gone.then(|| view! { " " <span class="badge">"Desligado(a)"</span> })}
                            </span>
                            <span style="text-align: right;">
                                <span class="money">{brl(m.monthly_salary)}</span><br/>
                                {(warnings > 0).then(|| view! { <span class="badge overdue">"Férias a vencer"</span> })}
                            </span>
                        </A>
                    </li>
                }
            }).collect_view();
            view! {
                <ul class="list">{rows}</ul>
                <Show when=move || { shown.get() < total }>
                    <button type="button" class="secondary" style="margin-top: 0.5rem;" on:click=move |_| shown.update(|s| *s += 50)>"Mostrar mais"</button>
                </Show>
            }.into_any()
        }}
    }
}

/// Create or edit a person; what was typed stays when the core refuses it.
#[component]
fn PessoaForm(
    existing: Option<(Id, StaffMember)>,
    #[prop(into)] on_done: Callback<Id>,
) -> impl IntoView {
    let app = use_app();
    let m = existing.as_ref().map(|(_, m)| m.clone());
    let editing = existing.as_ref().map(|(id, _)| id.clone());
    let name = RwSignal::new(m.as_ref().map(|m| m.name.clone()).unwrap_or_default());
    let cpf = RwSignal::new(m.as_ref().map(|m| m.cpf.clone()).unwrap_or_default());
    let role = RwSignal::new(m.as_ref().map(|m| m.role.clone()).unwrap_or_default());
    let hire = RwSignal::new(
        m.as_ref()
            .map(|m| m.hire_date.to_string())
            .unwrap_or_default(),
    );
    let salary = RwSignal::new(
        m.as_ref()
            .map(|m| quantity(m.monthly_salary))
            .unwrap_or_default(),
    );
    let contract = RwSignal::new(m.as_ref().map(|m| m.contract).unwrap_or(Contract::Clt));
    let dependants = RwSignal::new(
        m.as_ref()
            .map(|m| m.dependants.to_string())
            .unwrap_or_else(|| "0".into()),
    );
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = (|| -> Result<NewStaff, String> {
            Ok(NewStaff {
                name: name.get_untracked(),
                cpf: cpf.get_untracked(),
                role: role.get_untracked(),
                hire_date: parse_date(&hire.get_untracked())
                    .map_err(|e| format!("Admissão: {e}"))?,
                monthly_salary: parse_brl(&salary.get_untracked())
                    .map_err(|e| format!("Salário: {e}"))?,
                contract: contract.get_untracked(),
                dependants: dependants.get_untracked().trim().parse().map_err(|_| {
                    "Dependentes: informe um número inteiro, como 0 ou 2.".to_string()
                })?,
            })
        })();
        let input = match input {
            Ok(i) => i,
            Err(e) => return error.set(Some(e)),
        };
        let editing = editing.clone();
        busy.set(true);
        spawn_local(async move {
            let result = match editing {
                Some(id) => {
                    let again = id.clone();
                    app.run(move |b, ctx| b.update_staff(ctx, &again, input))
                        .await
                        .map(|_| id)
                }
                None => app.run(move |b, ctx| b.create_staff(ctx, input)).await,
            };
            busy.set(false);
            match result {
                Ok(id) => {
                    error.set(None);
                    on_done.run(id);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <form on:submit=submit data-testid="pessoa-form">
            <TextField label="Nome completo" value=name required=true testid="pessoa-nome"/>
            <TextField label="CPF" value=cpf inputmode="numeric" required=true testid="pessoa-cpf" placeholder="000.000.000-00"/>
            <TextField label="Função" value=role testid="pessoa-funcao" placeholder="Ex.: Padeiro"/>
            <TextField label="Data de admissão" value=hire kind="date" required=true testid="pessoa-admissao"/>
            <TextField label="Salário mensal (R$)" value=salary inputmode="decimal" required=true testid="pessoa-salario"/>
            <fieldset style="border: none; padding: 0; margin: 0;">
                <legend style="font-weight: 600; font-size: 0.9rem;">"Vínculo"</legend>
                {[Contract::Clt, Contract::Other].into_iter().map(|c| view! {
                    <label style="display: flex; gap: 0.5rem; align-items: center; font-weight: 400;">
                        <input type="radio" name="vinculo" prop:checked=move || contract.get() == c on:change=move |_| contract.set(c)/>
                        {match c { Contract::Clt => "CLT (folha, férias, INSS, FGTS)", Contract::Other => "Outro (sócio, autônomo, estagiário)" }}
                    </label>
                }).collect_view()}
            </fieldset>
            <TextField label="Dependentes (IRRF)" value=dependants inputmode="numeric" testid="pessoa-dependentes"/>
            {move || error.get().map(|e| view! { <p class="alert error" role="alert" data-testid="pessoa-erro">{e}</p> })}
            <button type="submit" disabled=move || busy.get() data-testid="salvar-pessoa">"Salvar"</button>
        </form>
    }
}

/// Run a month's payroll and the list of runs.
#[component]
fn Payroll() -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let t = today();
    let month = RwSignal::new(format!("{:04}-{:02}", t.year(), t.month()));
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let runs = move || {
        let mut list = app
            .read(|b| b.payroll_runs().unwrap_or_default())
            .unwrap_or_default();
        list.reverse();
        list
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = month.get_untracked();
        let parsed = text
            .split_once('-')
            .and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<u32>().ok()?)));
        let Some((year, m)) = parsed else {
            return error.set(Some("Escolha o mês da folha.".into()));
        };
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = app
                .run(move |b, ctx| b.create_payroll_run(ctx, year, m))
                .await;
            busy.set(false);
            match result {
                Ok(id) => navigate(&format!("/equipe/folha/{id}"), Default::default()),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <form on:submit=submit class="card" style="margin: 0.75rem 0;" data-testid="rodar-folha-form">
            <TextField label="Mês da folha" value=month kind="month" testid="folha-mes"/>
            {move || error.get().map(|e| view! { <p class="alert error" role="alert" data-testid="folha-erro">{e}</p> })}
            <button type="submit" disabled=move || busy.get() data-testid="rodar-folha">"Rodar folha"</button>
        </form>
        {move || {
            let list = runs();
            if list.is_empty() {
                return view! { <p class="empty">"Nenhuma folha ainda."</p> }.into_any();
            }
            view! { <ul class="list">{list.into_iter().map(|(id, r)| view! {
                <li class="card">
                    <A href=format!("/equipe/folha/{id}") attr:class="row" attr:style="text-decoration: none; color: inherit;">
                        <span><strong>{format!("Folha de {}", month_label(r.year, r.month))}</strong><br/>
                            <small>{format!("{} pessoa(s)", r.payslips.len())}</small></span>
                        <span style="text-align: right;">
                            <span class="money">{brl(r.total_net())}</span><br/>
                            {match r.status {
                                RunStatus::Draft => view! { <span class="badge">"Rascunho"</span> }.into_any(),
                                RunStatus::Closed => view! { <span class="badge paid">"Fechada"</span> }.into_any(),
                            }}
                        </span>
                    </A>
                </li>
            }).collect_view()}</ul> }.into_any()
        }}
    }
}

#[component]
pub fn PessoaDetalhe() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let editing = RwSignal::new(false);
    let member = move || {
        let id = id();
        app.read(move |b| b.staff_member(&id).ok().flatten().map(|m| (id, m)))
            .flatten()
    };
    // Forms are rebuilt only when the person changes, so messages and typing survive
    // other changes to the document.
    let editable = Memo::new(move |_| member());
    let vacation_key =
        Memo::new(move |_| member().map(|(pid, m)| (pid, m.contract == Contract::Clt)));
    view! {
        <AreaHeader title="Pessoa"/>
        <p><A href="/equipe">"← Equipe"</A></p>
        {move || match member() {
            None => view! { <p class="empty">"Pessoa não encontrada."</p> }.into_any(),
            Some((_, m)) => {
                view! {
                    <section class="card" data-testid="pessoa-detalhe">
                        <h2 style="margin-top: 0;">{m.name.clone()}</h2>
                        <p>{format!("{} · {}", m.role, contract_label(m.contract))}</p>
                        <p>{format!("CPF {} · Admissão {} · {} dependente(s)", m.cpf, date(m.hire_date), m.dependants)}</p>
                        <p>"Salário mensal: "<strong class="money">{brl(m.monthly_salary)}</strong></p>
                        {m.terminated_on.map(|d| view! { <p class="badge">{format!("Desligado(a) em {}", date(d))}</p> })}
                        <button type="button" class="secondary" on:click=move |_| editing.update(|e| *e = !*e)>
                            {move || if editing.get() { "Fechar edição" } else { "Editar" }}
                        </button>
                    </section>
                }
                .into_any()
            }
        }}
        {move || editing.get().then(|| editable.get()).flatten().map(|existing| view! {
            <section class="card" style="margin-top: 0.75rem;">
                <PessoaForm existing=Some(existing) on_done=Callback::new(move |_| editing.set(false))/>
            </section>
        })}
        {move || vacation_key.get().map(|(pid, clt)| if clt {
            view! { <Vacations id=pid/> }.into_any()
        } else {
            view! { <p class="empty">"Férias e folha só se aplicam a empregados CLT."</p> }.into_any()
        })}
    }
}

/// Acquisition periods with balance and limit date, the warnings, the parts and the form.
#[component]
fn Vacations(id: Id) -> impl IntoView {
    let app = use_app();
    let start = RwSignal::new(String::new());
    let days = RwSignal::new("30".to_string());
    let error = RwSignal::new(None::<String>);
    let ok = RwSignal::new(None::<String>);
    let data_id = id.clone();
    let data = move || {
        let id = data_id.clone();
        app.read(move |b| {
            let day = today();
            (
                b.vacation_periods(&id, day).unwrap_or_default(),
                b.vacations_of(&id).unwrap_or_default(),
            )
        })
        .unwrap_or_default()
    };
    let staff = id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let start_date = match parse_date(&start.get_untracked()) {
            Ok(d) => d,
            Err(e) => return error.set(Some(format!("Início: {e}"))),
        };
        let Ok(n) = days.get_untracked().trim().parse::<u32>() else {
            return error.set(Some(
                "Dias: informe um número inteiro, como 30 ou 15.".into(),
            ));
        };
        let input = NewVacation {
            staff: staff.clone(),
            period: None,
            start: start_date,
            days: n,
        };
        spawn_local(async move {
            match app.run(move |b, ctx| b.schedule_vacation(ctx, input)).await {
                Ok(_) => {
                    error.set(None);
                    ok.set(Some(format!(
                        "Férias de {n} dias marcadas a partir de {}.",
                        date(start_date)
                    )));
                    start.set(String::new());
                }
                Err(e) => {
                    ok.set(None);
                    error.set(Some(e.to_string()));
                }
            }
        });
    };
    view! {
        <h2>"Férias"</h2>
        {move || {
            let (periods, parts) = data();
            let day = today();
            let warnings: Vec<String> = periods.iter().filter_map(|p| period_warning(p, day)).collect();
            view! {
                {warnings.into_iter().map(|w| view! { <p class="alert warn" data-testid="ferias-aviso">{w}</p> }).collect_view()}
                <table data-testid="periodos">
                    <thead><tr><th>"Período"</th><th>"Limite"</th><th class="num">"Saldo"</th><th class="num">"Gozados / marcados"</th></tr></thead>
                    <tbody>
                        {periods.into_iter().map(|p| view! {
                            <tr>
                                <td>{format!("{}º: {} a {}", p.number, date(p.start), date(p.end))}
                                    {(!p.acquired).then(|| view! { <br/><small>"Em aquisição"</small> })}</td>
                                <td>{date(p.limit_to_grant)}</td>
                                <td class="num">{format!("{} dias", p.balance_days)}</td>
                                <td class="num">{format!("{} / {}", p.taken_days, p.scheduled_days)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {(!parts.is_empty()).then(|| view! {
                    <h3>"Férias marcadas"</h3>
                    <ul class="list">
                        {parts.into_iter().map(|(vid, v)| view! {
                            <li class="card row">
                                <span>{format!("{} dias a partir de {} (período {})", v.days, date(v.start), v.period)}</span>
                                <CancelVacation id=vid started=v.start <= day/>
                            </li>
                        }).collect_view()}
                    </ul>
                })}
            }
        }}
        <form on:submit=submit class="card" style="margin-top: 0.75rem;" data-testid="ferias-form">
            <h3 style="margin: 0;">"Marcar férias"</h3>
            <TextField label="Início" value=start kind="date" testid="ferias-inicio"/>
            <TextField label="Dias" value=days inputmode="numeric" testid="ferias-dias"/>
            {move || error.get().map(|e| view! { <p class="alert error" role="alert" data-testid="ferias-erro">{e}</p> })}
            {move || ok.get().map(|m| view! { <p class="alert ok" role="status">{m}</p> })}
            <button type="submit">"Marcar férias"</button>
        </form>
    }
}

#[component]
fn CancelVacation(id: Id, started: bool) -> impl IntoView {
    let app = use_app();
    let error = RwSignal::new(None::<String>);
    let click = move |_| {
        let id = id.clone();
        spawn_local(async move {
            if let Err(e) = app.run(move |b, ctx| b.cancel_vacation(ctx, &id)).await {
                error.set(Some(e.to_string()));
            }
        });
    };
    view! {
        {(!started).then(|| view! { <button type="button" class="secondary" on:click=click.clone()>"Cancelar"</button> })}
        {move || error.get().map(|e| view! { <p class="alert error" role="alert">{e}</p> })}
    }
}

/// Prints one payslip: marks it, prints, then clears the marks.
fn print_payslip(staff: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let target = format!("payslip-{staff}");
    if let Some(body) = document.body() {
        let _ = body.class_list().add_1("printing-one");
    }
    if let Some(el) = document.get_element_by_id(&target) {
        let _ = el.class_list().add_1("print-target");
    }
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
    // window.print() blocks until the dialog closes; put the page back as it was.
    if let Some(body) = document.body() {
        let _ = body.class_list().remove_1("printing-one");
    }
    if let Some(el) = document.get_element_by_id(&target) {
        let _ = el.class_list().remove_1("print-target");
    }
}

#[component]
pub fn FolhaDetalhe() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let run = move || {
        let id = id();
        app.read(move |b| b.payroll_run(&id).ok().flatten())
            .flatten()
    };
    let entries = move || {
        let Some(r) = run() else { return Vec::new() };
        app.read(|b| {
            r.entries
                .iter()
                .filter_map(|e| b.entry(e).ok().flatten())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    };
    let close = move |_| {
        let rid = id();
        busy.set(true);
        spawn_local(async move {
            let result = app
                .run(move |b, ctx| b.close_payroll_run(ctx, &rid, None))
                .await;
            busy.set(false);
            match result {
                Ok(()) => {
                    error.set(None);
                    confirming.set(false);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let recalc = move |_| {
        let rid = id();
        spawn_local(async move {
            if let Err(e) = app
                .run(move |b, ctx| b.recalculate_payroll_run(ctx, &rid))
                .await
            {
                error.set(Some(e.to_string()));
            }
        });
    };
    view! {
        <style>{PRINT_CSS}</style>
        <AreaHeader title="Folha de pagamento"/>
        <p class="no-print"><A href="/equipe">"← Equipe"</A></p>
        {move || match run() {
            None => view! { <p class="empty">"Folha não encontrada."</p> }.into_any(),
            Some(r) => {
                let closed = r.status == RunStatus::Closed;
                let label = month_label(r.year, r.month);
                view! {
                    <section class="card no-print" data-testid="folha-resumo">
                        <h2 style="margin-top: 0;">{format!("Folha de {label}")}
                            " "
                            {if closed {
                                view! { <span class="badge paid" data-testid="folha-status">"Fechada"</span> }.into_any()
                            } else {
                                view! { <span class="badge" data-testid="folha-status">"Rascunho"</span> }.into_any()
                            }}
                        </h2>
                        <table>
                            <tbody>
                                <tr><th>"Bruto"</th><td class="num money">{brl(r.total_gross())}</td></tr>
                                <tr><th>"INSS retido"</th><td class="num money">{brl(r.total_inss())}</td></tr>
                                <tr><th>"IRRF retido"</th><td class="num money">{brl(r.total_irrf())}</td></tr>
                                <tr><th>"FGTS"</th><td class="num money">{brl(r.total_fgts())}</td></tr>
                                <tr><th>"Líquido a pagar"</th><td class="num money"><strong>{brl(r.total_net())}</strong></td></tr>
                            </tbody>
                        </table>
                        {(!closed).then(|| view! {
                            <div class="row" style="justify-content: flex-start; gap: 0.5rem; margin-top: 0.75rem; flex-wrap: wrap;">
                                <button type="button" class="secondary" on:click=recalc>"Recalcular"</button>
                                <button type="button" data-testid="fechar-folha" on:click=move |_| confirming.set(true)>"Fechar folha"</button>
                            </div>
                        })}
                        <Show when=move || confirming.get()>
                            <div class="alert warn" role="alertdialog" aria-label="Confirmar fechamento" style="margin-top: 0.75rem;">
                                <p>{format!("Fechar a folha de {}? Serão criadas as contas a pagar de salários, INSS, FGTS e IRRF, e a folha não poderá mais ser alterada.", month_label(r.year, r.month))}</p>
                                <div class="row" style="justify-content: flex-start; gap: 0.5rem;">
                                    <button type="button" on:click=close disabled=move || busy.get() data-testid="confirmar-fechamento">"Confirmar fechamento"</button>
                                    <button type="button" class="secondary" on:click=move |_| confirming.set(false)>"Cancelar"</button>
                                </div>
                            </div>
                        </Show>
                        {move || error.get().map(|e| view! { <p class="alert error" role="alert">{e}</p> })}
                    </section>
                    {closed.then(|| view! {
                        <section class="card no-print" style="margin-top: 0.75rem;" data-testid="folha-contas">
                            <h2 style="margin-top: 0;">"Contas a pagar criadas"</h2>
                            <ul class="list">
                                {move || entries().into_iter().map(|e| view! {
                                    <li class="row" data-testid="folha-conta">
                                        <span>{e.description.clone()}<br/><small>{format!("Vence em {}", date(e.due_date))}</small></span>
                                        <span class="money">{brl(e.amount)}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    })}
                    <h2 class="no-print">"Holerites"</h2>
                    {r.payslips.into_iter().map(|(sid, p)| {
                        let print_id = sid.clone();
                        view! {
                            <article class="card payslip" id=format!("payslip-{sid}") data-testid="holerite" style="margin-bottom: 0.75rem;">
                                <h3 style="margin-top: 0;">{p.name.clone()}</h3>
                                <p style="margin: 0;">{format!("{} · CPF {} · {label}", p.role, p.cpf)}</p>
                                <p style="margin: 0 0 0.5rem;">{format!("{} dias · {} dependente(s) · salário {}", p.days, p.dependants, brl(p.monthly_salary))}</p>
                                <div style="overflow-x: auto;">
                                <table style="font-size: 0.9rem;">
                                    <thead><tr><th>"Descrição"</th><th class="num">"Proventos"</th><th class="num">"Descontos"</th></tr></thead>
                                    <tbody>
                                        {p.lines.iter().map(|l| {
                                            let (earn, ded) = match l.kind {
                                                PayslipLineKind::Earning => (brl(l.amount), String::new()),
                                                PayslipLineKind::Deduction => (String::new(), brl(l.amount)),
                                                PayslipLineKind::Employer => (String::new(), String::new()),
                                            };
                                            let employer = l.kind == PayslipLineKind::Employer;
                                            view! {
                                                <tr>
                                                    <td>{l.description.clone()}{l.reference.map(|r| format!(" ({})", quantity(r)))}{employer.then(|| format!(" (empregador): {}", brl(l.amount)))}</td>
                                                    <td class="num money">{earn}</td>
                                                    <td class="num money">{ded}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                </div>
                                <dl class="payslip-totals" style="display: grid; grid-template-columns: 1fr auto; gap: 0.25rem; margin: 0.5rem 0;">
                                    <dt>"Bruto"</dt><dd class="money" data-testid="holerite-bruto" style="margin: 0;">{brl(p.gross)}</dd>
                                    <dt>"INSS"</dt><dd class="money" data-testid="holerite-inss" style="margin: 0;">{brl(p.inss)}</dd>
                                    <dt>"IRRF"</dt><dd class="money" data-testid="holerite-irrf" style="margin: 0;">{brl(p.irrf)}</dd>
                                    <dt>"FGTS (depósito do empregador)"</dt><dd class="money" data-testid="holerite-fgts" style="margin: 0;">{brl(p.fgts)}</dd>
                                    <dt><strong>"Líquido"</strong></dt><dd class="money" data-testid="holerite-liquido" style="margin: 0;"><strong>{brl(p.net)}</strong></dd>
                                </dl>
                                <button type="button" class="secondary no-print" data-testid="imprimir-holerite"
                                    on:click=move |_| print_payslip(&print_id)>"Imprimir holerite"</button>
                            </article>
                        }
                    }).collect_view()}
                }
                .into_any()
            }
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(limit: NaiveDate, balance: u32, acquired: bool, overdue: bool) -> AcquisitionPeriod {
        AcquisitionPeriod {
            number: 1,
            start: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default(),
            end: NaiveDate::from_ymd_opt(2024, 12, 31).unwrap_or_default(),
            limit_to_grant: limit,
            entitled_days: 30,
            taken_days: 30 - balance,
            scheduled_days: 0,
            balance_days: balance,
            over_scheduled_days: 0,
            acquired,
            overdue,
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn warns_within_sixty_days_and_when_overdue() {
        let today = d(2025, 11, 1);
        assert_eq!(
            period_warning(&period(d(2026, 3, 1), 30, true, false), today),
            None
        );
        let near = period_warning(&period(d(2025, 12, 30), 20, true, false), today);
        assert_eq!(
            near.as_deref(),
            Some("Atenção: 20 dias do período 1 precisam ser gozados até 30/12/2025 (faltam 59 dias).")
        );
        let late = period_warning(&period(d(2025, 10, 1), 10, true, true), today);
        assert!(late.is_some_and(|w| w.starts_with("Férias vencidas: 10 dias")));
        assert_eq!(
            period_warning(&period(d(2025, 12, 1), 0, true, false), today),
            None
        );
        assert_eq!(
            period_warning(&period(d(2025, 12, 1), 30, false, false), today),
            None
        );
    }
}
