//! The 13º salário of a year: core's preview of each installment, paying it (one
//! operation that stores the sheets and creates the payables), and the installments paid.

use chrono::Datelike;
use leptos::prelude::*;

use super::sheet::{CreatedPayables, SheetView};
use crate::state::{today, use_app};
use crate::ui::{show, FormError, FormErrorView, Submit, Topic};
use crate::ui::{Field, FieldKind};

/// Preview, pay and list the 13º installments of a year.
#[component]
pub fn Thirteenth() -> impl IntoView {
    let app = use_app();
    let year = RwSignal::new(today().year().to_string());
    let installment = RwSignal::new(None::<u32>);
    let parsed_year = move || year.get().trim().parse::<i32>().ok();
    let preview = move || {
        let (y, n) = (parsed_year()?, installment.get()?);
        app.read_topics(&Topic::PAYROLL, move |b| b.thirteenth_preview(y, n))
    };
    let paid = move || {
        let y = parsed_year();
        app.query(&[Topic::Thirteenth], move |b| {
            Ok(b.thirteenth_runs()?
                .into_iter()
                .filter(|(_, r)| Some(r.year) == y)
                .collect::<Vec<_>>())
        })
    };
    let pay = Submit::new(
        move || {
            let chosen = (
                year.get_untracked().trim().parse::<i32>().ok(),
                installment.get_untracked(),
            );
            async move {
                let (Some(y), Some(n)) = chosen else {
                    return Err(FormError::Missing(
                        "Ano: informe o ano, como 2026, e escolha a parcela.".into(),
                    ));
                };
                Ok(app
                    .run(move |b, ctx| b.pay_thirteenth(ctx, y, n, None))
                    .await?)
            }
        },
        move |_| installment.set(None),
    );
    let choose = move |n: u32, label: &'static str, testid: &'static str| {
        view! {
            <button type="button" class="secondary" data-testid=testid
                on:click=move |_| installment.set(Some(n))>{label}</button>
        }
    };
    view! {
        <section class="card no-print" style="margin: 0.75rem 0;" data-testid="decimo-form">
            <Field label="Ano" value=year kind=FieldKind::Number testid="decimo-ano"/>
            <p><small>"1ª parcela: metade do salário, sem descontos, até 30/11. 2ª parcela: o restante até 20/12, com INSS e IRRF sobre o 13º inteiro."</small></p>
            <div class="row" style="justify-content: flex-start; gap: 0.5rem; flex-wrap: wrap;">
                {choose(1, "Calcular 1ª parcela", "decimo-1")}
                {choose(2, "Calcular 2ª parcela", "decimo-2")}
            </div>
        </section>
        {move || preview().map(|p| match p {
            Ok(sheets) => {
                let n = installment.get().unwrap_or(1);
                view! {
                    <section data-testid="decimo-previa">
                        <h2>{format!("Prévia da {n}ª parcela")}</h2>
                        {sheets.into_iter().map(|(sid, s)| view! {
                            <SheetView id=format!("previa-13-{sid}") title=format!("13º salário — {}", s.name)
                                subtitle=vec![format!("{} · CPF {} · {}/12 avos", s.role, super::cpf(&s.cpf), s.months)]
                                sheet=s.sheet testid="decimo-previa-folha"/>
                        }).collect_view()}
                        <button type="button" data-testid="decimo-pagar" disabled=move || pay.busy().get() on:click=move |_| pay.dispatch()>
                            {format!("Lançar a {n}ª parcela em contas a pagar")}
                        </button>
                    </section>
                }.into_any()
            }
            Err(e) => view! { <p class="alert warn" role="alert" data-testid="decimo-erro">{e.to_string()}</p> }.into_any(),
        })}
        <FormErrorView submit=pay testid="decimo-erro"/>
        {move || show(paid(), |runs| runs.into_iter().map(|(id, r)| {
            let entries = r.entries.clone();
            view! {
                <section data-testid="decimo-parcela">
                    <h2>{format!("13º salário {} — {}ª parcela", r.year, r.installment)}</h2>
                    {r.sheets.into_iter().map(|(sid, s)| view! {
                        <SheetView id=format!("decimo-{id}-{sid}") title=format!("13º salário {} — {}ª parcela — {}", r.year, r.installment, s.name)
                            subtitle=vec![format!("{} · CPF {} · {}/12 avos", s.role, super::cpf(&s.cpf), s.months)]
                            sheet=s.sheet testid="decimo-folha"/>
                    }).collect_view()}
                    <CreatedPayables ids=entries/>
                </section>
            }
        }).collect_view())}
    }
}
