//! Ending a CLT contract: the form (type, aviso prévio, last day, FGTS balance), core's
//! TRCT preview, the confirmation that records it and creates its payables, and the
//! TRCT of a contract already ended.

use leptos::prelude::*;
use retaguarda_core::staff::{NewTermination, Notice, TerminationKind};
use retaguarda_core::Id;

use super::sheet::{CreatedPayables, SheetView};
use crate::fmt::{brl, date, parse_brl, parse_date};
use crate::state::use_app;
use crate::ui::{show, FieldResult, FormError, FormErrorView, Submit, Topic};
use crate::ui::{Field, FieldKind, RadioGroup};

const KINDS: [TerminationKind; 4] = [
    TerminationKind::WithoutCause,
    TerminationKind::Resignation,
    TerminationKind::Agreement,
    TerminationKind::ExperienceEnd,
];

fn notice_label(n: Notice) -> &'static str {
    match n {
        Notice::Worked => "Trabalhado",
        Notice::Indemnified => "Indenizado (pago sem trabalhar)",
        Notice::NotWorked => "Não cumprido pelo empregado (descontado)",
    }
}

/// The TRCT of an ended contract, or the form to end it.
#[component]
pub fn TerminationSection(id: Id) -> impl IntoView {
    let app = use_app();
    let data_id = id.clone();
    let ended = move || {
        let id = data_id.clone();
        app.query(&[Topic::Terminations, Topic::Staff], move |b| {
            let Some(t) = b.termination_of(&id)? else {
                return Ok(None);
            };
            Ok(b.staff_member(&id)?.map(|m| (t, m)))
        })
    };
    let form_id = id.clone();
    view! {
        <h2>"Rescisão"</h2>
        {move || show(ended(), |found| match found {
            Some((t, m)) => {
                let entries = t.payment.entries.clone();
                view! {
                    <SheetView id=format!("trct-{}", m.cpf) title=format!("TRCT — {}", m.name)
                        subtitle=vec![
                            format!("CPF {} · admissão {} · último dia {}", super::cpf(&m.cpf), date(m.hire_date), date(t.last_day)),
                            format!("{} · aviso prévio: {} ({} dias) · fim projetado {}", t.kind.label(), notice_label(t.notice), t.notice_days, date(t.projected_end)),
                            format!("Pagamento até {} (art. 477 §6º da CLT)", date(t.payment.due)),
                        ]
                        sheet=t.payment.sheet testid="trct"/>
                    <CreatedPayables ids=entries/>
                }.into_any()
            }
            None => view! { <EndContract id=form_id.clone()/> }.into_any(),
        })}
    }
}

#[component]
fn EndContract(id: Id) -> impl IntoView {
    let app = use_app();
    let kind = RwSignal::new(TerminationKind::WithoutCause);
    let notice = RwSignal::new(Notice::Indemnified);
    let last_day = RwSignal::new(String::new());
    let balance = RwSignal::new(String::new());
    let recorded_id = id.clone();
    let recorded = move || {
        let id = recorded_id.clone();
        app.query(
            &[Topic::PayrollRuns, Topic::Thirteenth, Topic::Vacations],
            move |b| b.recorded_fgts(&id),
        )
    };
    let read = {
        let id = id.clone();
        move |tracked: bool| -> Result<NewTermination, FormError> {
            let get = |s: RwSignal<String>| if tracked { s.get() } else { s.get_untracked() };
            let last = parse_date(&get(last_day)).field("Último dia")?;
            let text = get(balance);
            let fgts_balance = if text.trim().is_empty() {
                None
            } else {
                Some(parse_brl(&text).field("Saldo do FGTS")?)
            };
            Ok(NewTermination {
                staff: id.clone(),
                kind: if tracked {
                    kind.get()
                } else {
                    kind.get_untracked()
                },
                notice: if tracked {
                    notice.get()
                } else {
                    notice.get_untracked()
                },
                last_day: last,
                fgts_balance,
            })
        }
    };
    let read_preview = read.clone();
    let preview = move || {
        let input = read_preview(true).ok()?;
        app.read_topics(&Topic::PAYROLL, move |b| b.termination_preview(&input))
    };
    let confirm = Submit::new(
        move || {
            let input = read(false);
            async move {
                let input = input?;
                Ok(app.run(move |b, ctx| b.end_contract(ctx, input)).await?)
            }
        },
        |_| (),
    );
    view! {
        <section class="card no-print" data-testid="rescisao-form">
            <h3 style="margin-top: 0;">"Encerrar contrato"</h3>
            <RadioGroup legend="Tipo" name="rescisao-tipo" value=kind
                options=KINDS.into_iter().map(|k| (k, k.label().to_string())).collect()/>
            <RadioGroup legend="Aviso prévio" name="rescisao-aviso" value=notice
                options=[Notice::Indemnified, Notice::Worked, Notice::NotWorked]
                    .into_iter()
                    .map(|n| (n, notice_label(n).to_string()))
                    .collect()/>
            <Field label="Último dia de trabalho" value=last_day kind=FieldKind::Date testid="rescisao-ultimo-dia"/>
            <Field label="Saldo do FGTS para a multa (R$, do extrato da Caixa)" value=balance kind=FieldKind::Money testid="rescisao-fgts"/>
            {move || show(recorded(), |fgts| view! {
                <p><small>{format!("Em branco, usa os depósitos lançados no app: {}.", brl(fgts))}</small></p>
            })}
        </section>
        {move || preview().map(|p| match p {
            Ok(calc) => view! {
                <div data-testid="rescisao-previa">
                    <p>{format!("Aviso prévio de {} dias; pagamento até {}.", calc.notice_days, date(calc.due))}</p>
                    <SheetView id="previa-trct".to_string() title="Prévia do TRCT".to_string() sheet=calc.sheet testid="trct-previa"/>
                    <button type="button" data-testid="confirmar-rescisao" disabled=move || confirm.busy().get() on:click=move |_| confirm.dispatch()>
                        "Confirmar rescisão e lançar contas a pagar"
                    </button>
                </div>
            }.into_any(),
            Err(e) => view! { <p class="alert warn" data-testid="rescisao-erro">{e.to_string()}</p> }.into_any(),
        })}
        <FormErrorView submit=confirm/>
    }
}
