//! The monthly payroll: run a month, the list of runs, and a run's page with its
//! payslips (readable rates and bases, printable) and the payables of closing it.

use chrono::Datelike;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use retaguarda_core::staff::RunStatus;

use super::super::AreaHeader;
use super::sheet::{line_rows, note_rows, print_only, CreatedRows};
use super::{month_input, month_label, parse_month};
use crate::fmt::brl;
use crate::state::{today, use_app};
use crate::ui::{show, Field, FormError, FormErrorView, Submit, Topic};

/// Run a month's payroll and the list of runs.
#[component]
pub fn Payroll() -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let t = today();
    let month = RwSignal::new(month_input(t.year(), t.month()));
    let runs = move || {
        app.query(&[Topic::PayrollRuns], |b| {
            let mut list = b.payroll_runs()?;
            list.reverse();
            Ok(list)
        })
    };
    let run = Submit::new(
        move || {
            let typed = month.get_untracked();
            async move {
                let (year, m) = parse_month(&typed).ok_or_else(|| {
                    FormError::Missing("Mês da folha: escolha o mês, como 10/2026.".into())
                })?;
                Ok(app
                    .run(move |b, ctx| b.create_payroll_run(ctx, year, m))
                    .await?)
            }
        },
        move |id| navigate(&format!("/equipe/folha/{id}"), Default::default()),
    );
    view! {
        <form on:submit=run.on_submit() class="card" style="margin: 0.75rem 0;" data-testid="rodar-folha-form">
            <Field label="Mês da folha" value=month placeholder="mm/aaaa" maxlength=7 testid="folha-mes"/>
            <FormErrorView submit=run testid="folha-erro"/>
            <button type="submit" disabled=move || run.busy().get() data-testid="rodar-folha">"Rodar folha"</button>
        </form>
        {move || show(runs(), |list| {
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
        })}
    }
}

#[component]
pub fn PayslipPage() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let confirming = RwSignal::new(false);
    let run = move || {
        let id = id();
        app.query(&[Topic::PayrollRuns], move |b| b.payroll_run(&id))
    };
    let current = move || params.with_untracked(|p| p.get("id")).unwrap_or_default();
    let close = Submit::new(
        move || {
            let rid = current();
            async move {
                Ok(app
                    .run(move |b, ctx| b.close_payroll_run(ctx, &rid, None))
                    .await?)
            }
        },
        move |()| confirming.set(false),
    );
    let recalc = Submit::new(
        move || {
            let rid = current();
            async move {
                Ok(app
                    .run(move |b, ctx| b.recalculate_payroll_run(ctx, &rid))
                    .await?)
            }
        },
        |_| (),
    );
    view! {
        <AreaHeader title="Folha de pagamento"/>
        <p class="no-print"><A href="/equipe">"← Equipe"</A></p>
        {move || show(run(), move |found| match found {
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
                                <button type="button" class="secondary" disabled=move || recalc.busy().get() on:click=move |_| recalc.dispatch()>"Recalcular"</button>
                                <button type="button" data-testid="fechar-folha" on:click=move |_| confirming.set(true)>"Fechar folha"</button>
                            </div>
                        })}
                        <Show when=move || confirming.get()>
                            <div class="alert warn" role="alertdialog" aria-label="Confirmar fechamento" style="margin-top: 0.75rem;">
                                <p>{format!("Fechar a folha de {}? Serão criadas as contas a pagar de salários, INSS, FGTS e IRRF, e a folha não poderá mais ser alterada.", month_label(r.year, r.month))}</p>
                                <div class="row" style="justify-content: flex-start; gap: 0.5rem;">
                                    <button type="button" on:click=move |_| close.dispatch() disabled=move || close.busy().get() data-testid="confirmar-fechamento">"Confirmar fechamento"</button>
                                    <button type="button" class="secondary" on:click=move |_| confirming.set(false)>"Cancelar"</button>
                                </div>
                            </div>
                        </Show>
                        <FormErrorView submit=close/>
                        <FormErrorView submit=recalc/>
                    </section>
                    {closed.then(|| view! {
                        <section class="card no-print" style="margin-top: 0.75rem;" data-testid="folha-contas">
                            <h2 style="margin-top: 0;">"Contas a pagar criadas"</h2>
                            <CreatedRows ids=r.entries.clone() testid="folha-conta"/>
                        </section>
                    })}
                    <h2 class="no-print">"Holerites"</h2>
                    {r.payslips.into_iter().map(|(sid, p)| {
                        let print_id = sid.clone();
                        view! {
                            <article class="card payslip" id=format!("payslip-{sid}") data-testid="holerite" style="margin-bottom: 0.75rem;">
                                <h3 style="margin-top: 0;">{p.name.clone()}</h3>
                                <p style="margin: 0;">{format!("{} · CPF {} · {label}", p.role, super::cpf(&p.cpf))}</p>
                                <p style="margin: 0 0 0.5rem;">{format!("{} dias · {} dependente(s) · salário {}", p.days, p.dependants, brl(p.monthly_salary))}</p>
                                <div style="overflow-x: auto;">
                                <table style="font-size: 0.9rem;">
                                    <thead><tr><th>"Descrição"</th><th class="num">"Proventos"</th><th class="num">"Descontos"</th></tr></thead>
                                    <tbody>{line_rows(&p.lines)}</tbody>
                                </table>
                                </div>
                                <ul class="sheet-notes">{note_rows(&p.lines)}</ul>
                                <dl class="payslip-totals">
                                    <dt>"Bruto"</dt><dd class="money" data-testid="holerite-bruto">{brl(p.gross)}</dd>
                                    <dt>"INSS"</dt><dd class="money" data-testid="holerite-inss">{brl(p.inss)}</dd>
                                    <dt>"IRRF"</dt><dd class="money" data-testid="holerite-irrf">{brl(p.irrf)}</dd>
                                    <dt>"FGTS (depósito do empregador)"</dt><dd class="money" data-testid="holerite-fgts">{brl(p.fgts)}</dd>
                                    <dt><strong>"Líquido"</strong></dt><dd class="money" data-testid="holerite-liquido"><strong>{brl(p.net)}</strong></dd>
                                </dl>
                                <button type="button" class="secondary no-print" data-testid="imprimir-holerite"
                                    on:click=move |_| print_only(&format!("payslip-{print_id}"))>"Imprimir holerite"</button>
                            </article>
                        }
                    }).collect_view()}
                }
                .into_any()
            }
        })}
    }
}
