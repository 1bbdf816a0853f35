//! Tabelas da folha (Configurações): the INSS, IRRF and FGTS figures of a year in fields a
//! person can correct when the law changes. Core gives the starting figures
//! (`payroll_tables_to_edit`), validates and stores them; the payroll reads them from there.
//! The form's model is in [`form`].

mod form;

use chrono::Datelike;
use leptos::prelude::*;
use retaguarda_core::staff::tables_edit::TablesOrigin as Origin;

use crate::state::{today, use_app};
use crate::ui::{CheckField, Field, FieldKind, Form, FormError, ReadErrorView, Submit, Topic};
use form::{InssRow, IrrfRow, TablesForm};

const BAND_STYLE: &str = "border: 1px solid var(--border); border-radius: 8px; padding: 0.5rem 0.75rem; margin: 0; display: grid; gap: 0.5rem; grid-template-columns: repeat(auto-fit, minmax(min(8.5rem, 100%), 1fr)); min-width: 0;";
const GROUP_STYLE: &str =
    "border: none; padding: 0; margin: 0; display: grid; gap: 0.5rem; min-width: 0;";
const LEGEND_STYLE: &str = "font-weight: 700; padding: 0; margin-bottom: 0.25rem;";

/// The "Tabelas da folha" section: pick a year, correct its figures, save through core.
#[component]
pub fn PayrollTablesPage() -> impl IntoView {
    let app = use_app();
    let year_text = RwSignal::new(today().year().to_string());
    let year = RwSignal::new(today().year());
    let form = TablesForm::empty();
    let origin = RwSignal::new(None::<Origin>);
    // A year whose tables could not be read: said instead of empty fields.
    let failed = RwSignal::new(None);
    let saved = RwSignal::new(None::<String>);

    // Loading reads the document once, untracked, so changes arriving from other devices
    // never overwrite what is being typed.
    let load = move |y: i32| {
        let loaded =
            untrack(|| app.query(&[Topic::PayrollTables], |b| b.payroll_tables_to_edit(y)));
        year.set(y);
        saved.set(None);
        match loaded {
            Ok(Some(t)) => {
                form.fill(&t.tables);
                origin.set(Some(t.origin));
                failed.set(None);
            }
            Ok(None) => {
                origin.set(None);
                failed.set(None);
            }
            Err(e) => {
                origin.set(None);
                failed.set(Some(e));
            }
        }
    };
    load(today().year());
    // A year typed in full loads its tables. The bands' signals belong to the section, not
    // to this effect, which would drop them when it runs again.
    let owner = Owner::current();
    Effect::new(move |_| {
        let text = year_text.get();
        if let Ok(y) = text.trim().parse::<i32>() {
            if (1900..=9999).contains(&y) && y != year.get_untracked() {
                match &owner {
                    Some(owner) => owner.with(|| load(y)),
                    None => load(y),
                }
            }
        }
    });

    let save = Submit::new(
        move || {
            saved.set(None);
            let y = year.get_untracked();
            let tables = form.to_tables(y);
            async move {
                let tables = tables?;
                app.run(move |b, ctx| b.set_payroll_tables(ctx, tables))
                    .await?;
                Ok::<_, FormError>(y)
            }
        },
        move |y| {
            origin.set(Some(Origin::Stored));
            saved.set(Some(format!(
                "Tabelas da folha de {y} salvas. Folhas em rascunho usam os novos valores ao recalcular."
            )));
        },
    );

    let inss_count = Memo::new(move |_| form.inss.with(|rows| rows.len()));
    let irrf_count = Memo::new(move |_| form.irrf.with(|rows| rows.len()));

    let inss_rows = move || {
        form.inss
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, row)| {
                let n = i + 1;
                view! {
                    <fieldset class="band" style=BAND_STYLE data-testid="inss-faixa">
                        <legend style=LEGEND_STYLE>{format!("Faixa {n}")}</legend>
                        <Field label="Até (R$)" value=row.up_to kind=FieldKind::Money testid=format!("inss-ate-{n}") autocomplete="off"/>
                        <Field label="Alíquota (%)" value=row.rate kind=FieldKind::Quantity testid=format!("inss-aliquota-{n}") autocomplete="off"/>
                    </fieldset>
                }
            })
            .collect_view()
    };

    let irrf_rows = move || {
        let rows = form.irrf.get();
        let count = rows.len();
        rows.into_iter()
            .enumerate()
            .map(|(i, row)| {
                let n = i + 1;
                let open = i + 1 == count;
                view! {
                    <fieldset class="band" style=BAND_STYLE data-testid="irrf-faixa">
                        <legend style=LEGEND_STYLE>{format!("Faixa {n}")}</legend>
                        {if open {
                            view! { <p class="empty" style="margin: 0; align-self: center;">"Sem limite: o que passar da faixa anterior."</p> }.into_any()
                        } else {
                            view! { <Field label="Até (R$)" value=row.up_to kind=FieldKind::Money testid=format!("irrf-ate-{n}") autocomplete="off"/> }.into_any()
                        }}
                        <Field label="Alíquota (%)" value=row.rate kind=FieldKind::Quantity testid=format!("irrf-aliquota-{n}") autocomplete="off"/>
                        <Field label="Parcela a deduzir (R$)" value=row.deduction kind=FieldKind::Money testid=format!("irrf-deducao-{n}") autocomplete="off"/>
                    </fieldset>
                }
            })
            .collect_view()
    };

    let origin_note = move || {
        let y = year.get();
        origin.get().map(|o| match o {
            Origin::Stored => format!("Tabelas de {y} gravadas nos dados da empresa."),
            Origin::Builtin => format!("Valores de {y} que vêm com o programa, ainda não alterados."),
            Origin::CopiedFrom(base) => format!(
                "Ainda não há tabelas de {y}. Os valores abaixo são os de {base}: revise-os e salve."
            ),
        })
    };

    view! {
        <section class="card" aria-labelledby="tabelas-h" data-testid="tabelas-folha">
            <h2 id="tabelas-h">"Tabelas da folha"</h2>
            <p class="empty">"Faixas do INSS e do IRRF, deduções e FGTS usadas no cálculo da folha de pagamento. Corrija quando a lei mudar."</p>
            <Field label="Ano das tabelas" value=year_text kind=FieldKind::Number maxlength=4 testid="tabelas-ano" autocomplete="off"/>
            <p role="status" data-testid="tabelas-origem">{origin_note}</p>
            {move || failed.get().map(|e| view! { <ReadErrorView error=e/> })}
            <Show when=move || origin.get().is_some()>
                <Form submit=save label="Salvar tabelas" testid="tabelas-form" button_testid="salvar-tabelas"
                    error_testid="tabelas-erro" style="margin-top: 0.75rem;">
                    <fieldset style=GROUP_STYLE>
                        <legend style=LEGEND_STYLE>"INSS do empregado"</legend>
                        {inss_rows}
                        <div class="row" style="justify-content: flex-start; flex-wrap: wrap;">
                            <button type="button" class="secondary" on:click=move |_| form.inss.update(|rows| rows.push(InssRow::empty()))>
                                "Adicionar faixa do INSS"
                            </button>
                            <button type="button" class="secondary" disabled=move || { inss_count.get() <= 1 }
                                on:click=move |_| form.inss.update(|rows| { rows.pop(); })>
                                "Remover a última faixa do INSS"
                            </button>
                        </div>
                    </fieldset>
                    <fieldset style=GROUP_STYLE>
                        <legend style=LEGEND_STYLE>"IRRF (imposto de renda retido)"</legend>
                        {irrf_rows}
                        <div class="row" style="justify-content: flex-start; flex-wrap: wrap;">
                            // A new band goes before the open one, which stays last.
                            <button type="button" class="secondary" on:click=move |_| form.irrf.update(|rows| {
                                let at = rows.len().saturating_sub(1);
                                rows.insert(at, IrrfRow::empty());
                            })>
                                "Adicionar faixa do IRRF"
                            </button>
                            <button type="button" class="secondary" disabled=move || { irrf_count.get() <= 1 }
                                on:click=move |_| form.irrf.update(|rows| {
                                    if rows.len() > 1 {
                                        rows.remove(rows.len() - 2);
                                    }
                                })>
                                "Remover a faixa antes da última do IRRF"
                            </button>
                        </div>
                        <Field label="Dedução por dependente (R$)" value=form.dependant kind=FieldKind::Money testid="deducao-dependente" autocomplete="off"/>
                        <Field label="Desconto simplificado mensal (R$)" value=form.simplified kind=FieldKind::Money testid="desconto-simplificado" autocomplete="off"/>
                    </fieldset>
                    <fieldset style=GROUP_STYLE>
                        <legend style=LEGEND_STYLE>"Redução do IRRF (Lei 15.270/2025)"</legend>
                        <CheckField label="Aplicar a redução neste ano" checked=form.reduction testid="reducao-ativa"/>
                        <Show when=move || form.reduction.get()>
                            <Field label="Redução total: renda tributável até (R$)" value=form.full_up_to kind=FieldKind::Money testid="reducao-total-ate" autocomplete="off"/>
                            <Field label="Redução total: valor máximo (R$)" value=form.full_max kind=FieldKind::Money testid="reducao-total-maximo" autocomplete="off"/>
                            <Field label="Redução parcial: renda tributável até (R$)" value=form.partial_up_to kind=FieldKind::Money testid="reducao-parcial-ate" autocomplete="off"/>
                            <p class="empty" style="margin: 0;">"Redução parcial = valor fixo − fator × renda tributável."</p>
                            <Field label="Redução parcial: valor fixo (R$)" value=form.partial_constant kind=FieldKind::Money testid="reducao-parcial-fixo" autocomplete="off"/>
                            <Field label="Redução parcial: fator (ex.: 0,133145)" value=form.partial_factor kind=FieldKind::Quantity testid="reducao-parcial-fator" autocomplete="off"/>
                        </Show>
                    </fieldset>
                    <Field label="FGTS depositado pelo empregador (% do salário)" value=form.fgts kind=FieldKind::Quantity testid="fgts" autocomplete="off"/>
                    {move || saved.get().map(|m| view! { <p class="alert ok" role="status" data-testid="tabelas-ok">{m}</p> })}
                </Form>
            </Show>
        </section>
    }
}
