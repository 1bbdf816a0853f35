//! The people list (with vacation warnings), the form to create or edit a person, and a
//! person's page: details, vacation, ending the contract, pró-labore.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use retaguarda_core::staff::{Contract, NewStaff, StaffMember};
use retaguarda_core::Id;

use super::super::AreaHeader;
use super::pro_labore::ProLaboreSection;
use super::termination::TerminationSection;
use super::vacation::Vacations;
use super::{contract_label, warnings_of};
use crate::fmt::{brl, date, parse_brl, parse_date, quantity};
use crate::state::{today, use_app};
use crate::ui::{show, FieldResult, FormError, FormErrorView, Submit, Topic};
use crate::ui::{Field, FieldKind, RadioGroup};

/// The people list, with the vacation warnings, and the form for a new person.
#[component]
pub fn People() -> impl IntoView {
    let app = use_app();
    let creating = RwSignal::new(false);
    let shown = RwSignal::new(50usize);
    let people = move || {
        app.query(&[Topic::Staff, Topic::Vacations], |b| {
            let day = today();
            let mut list: Vec<(Id, StaffMember, usize)> = Vec::new();
            for (id, m) in b.staff_members()? {
                let warnings = if m.contract == Contract::Clt {
                    warnings_of(b, &id, day)?.len()
                } else {
                    0
                };
                list.push((id, m, warnings));
            }
            list.sort_by_key(|a| a.1.name.to_lowercase());
            Ok(list)
        })
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
                <PersonForm existing=None on_done=Callback::new(move |_| creating.set(false))/>
            </section>
        </Show>
        {move || show(people(), move |list| {
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
        })}
    }
}

/// Create or edit a person; what was typed stays when the core refuses it.
#[component]
fn PersonForm(
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
    let save = Submit::new(
        move || {
            let editing = editing.clone();
            let typed = (
                name.get_untracked(),
                cpf.get_untracked(),
                role.get_untracked(),
                hire.get_untracked(),
                salary.get_untracked(),
                contract.get_untracked(),
                dependants.get_untracked(),
            );
            async move {
                let (name, cpf, role, hire, salary, contract, dependants) = typed;
                let input = NewStaff {
                    name,
                    cpf,
                    role,
                    hire_date: parse_date(&hire).field("Admissão")?,
                    monthly_salary: parse_brl(&salary).field("Salário")?,
                    contract,
                    dependants: dependants.trim().parse().map_err(|_| {
                        FormError::Missing(
                            "Dependentes: informe um número inteiro, como 0 ou 2.".into(),
                        )
                    })?,
                };
                Ok(match editing {
                    Some(id) => {
                        let again = id.clone();
                        app.run(move |b, ctx| b.update_staff(ctx, &again, input))
                            .await?;
                        id
                    }
                    None => app.run(move |b, ctx| b.create_staff(ctx, input)).await?,
                })
            }
        },
        move |id| on_done.run(id),
    );
    view! {
        <form on:submit=save.on_submit() data-testid="pessoa-form">
            <Field label="Nome completo" value=name required=true testid="pessoa-nome"/>
            <Field label="CPF" value=cpf kind=FieldKind::Document required=true testid="pessoa-cpf"/>
            <Field label="Função" value=role testid="pessoa-funcao" placeholder="Ex.: Padeiro"/>
            <Field label="Data de admissão" value=hire kind=FieldKind::Date required=true testid="pessoa-admissao"/>
            <Field label="Salário mensal (R$)" value=salary kind=FieldKind::Money required=true testid="pessoa-salario"/>
            <RadioGroup legend="Vínculo" name="vinculo" value=contract options=vec![
                (Contract::Clt, "CLT (folha, férias, INSS, FGTS)".to_string()),
                (Contract::Partner, "Sócio(a) com pró-labore".to_string()),
                (Contract::Other, "Outro (autônomo, estagiário)".to_string()),
            ]/>
            <Field label="Dependentes (IRRF)" value=dependants kind=FieldKind::Number testid="pessoa-dependentes"/>
            <FormErrorView submit=save testid="pessoa-erro"/>
            <button type="submit" disabled=move || save.busy().get() data-testid="salvar-pessoa">"Salvar"</button>
        </form>
    }
}

#[component]
pub fn PersonPage() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let editing = RwSignal::new(false);
    let member = move || {
        let id = id();
        app.query(&[Topic::Staff], move |b| {
            Ok(b.staff_member(&id)?.map(|m| (id, m)))
        })
    };
    // Forms are rebuilt only when the person changes, so messages and typing survive
    // other changes to the document.
    let editable = Memo::new(move |_| member().ok().flatten());
    let vacation_key =
        Memo::new(move |_| member().ok().flatten().map(|(pid, m)| (pid, m.contract)));
    view! {
        <AreaHeader title="Pessoa"/>
        <p><A href="/equipe">"← Equipe"</A></p>
        {move || show(member(), move |found| match found {
            None => view! { <p class="empty">"Pessoa não encontrada."</p> }.into_any(),
            Some((_, m)) => {
                view! {
                    <section class="card" data-testid="pessoa-detalhe">
                        <h2 style="margin-top: 0;">{m.name.clone()}</h2>
                        <p>{format!("{} · {}", m.role, contract_label(m.contract))}</p>
                        <p>{format!("CPF {} · Admissão {} · {} dependente(s)", super::cpf(&m.cpf), date(m.hire_date), m.dependants)}</p>
                        <p>"Salário mensal: "<strong class="money">{brl(m.monthly_salary)}</strong></p>
                        {m.terminated_on.map(|d| view! { <p class="badge">{format!("Desligado(a) em {}", date(d))}</p> })}
                        <button type="button" class="secondary" on:click=move |_| editing.update(|e| *e = !*e)>
                            {move || if editing.get() { "Fechar edição" } else { "Editar" }}
                        </button>
                    </section>
                }
                .into_any()
            }
        })}
        {move || editing.get().then(|| editable.get()).flatten().map(|existing| view! {
            <section class="card" style="margin-top: 0.75rem;">
                <PersonForm existing=Some(existing) on_done=Callback::new(move |_| editing.set(false))/>
            </section>
        })}
        {move || vacation_key.get().map(|(pid, contract)| match contract {
            Contract::Clt => view! {
                <Vacations id=pid.clone()/>
                <TerminationSection id=pid/>
            }.into_any(),
            Contract::Partner => view! { <ProLaboreSection id=pid/> }.into_any(),
            Contract::Other => view! { <p class="empty">"Férias e folha só se aplicam a empregados CLT; pró-labore, a sócios."</p> }.into_any(),
        })}
    }
}
