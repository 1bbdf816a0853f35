//! Tabelas da folha (Configurações): the INSS, IRRF and FGTS figures of a year in fields a
//! person can correct when the law changes. Core gives the starting figures
//! (`payroll_tables_to_edit`), validates and stores them; the payroll reads them from there.
//! The form's model is in [`form`].

mod form;

use chrono::Datelike;
use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::staff::tables_edit::TablesOrigin as Origin;

use crate::state::{today, use_app};
use crate::ui::{ReadErrorView, Topic};
use form::{Form, InssRow, IrrfRow};

/// One labelled input bound to a piece of the form.
fn field(
    form: RwSignal<Form>,
    label: &'static str,
    inputmode: &'static str,
    testid: String,
    get: impl Fn(&Form) -> String + Send + Sync + 'static,
    set: impl Fn(&mut Form, String) + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <label style="min-width: 0;">
            {label}
            // Without a zero minimum width the input keeps its intrinsic size and pushes
            // the band wider than a phone's screen.
            <input
                style="width: 100%; min-width: 0;"
                inputmode=inputmode
                autocomplete="off"
                data-testid=testid
                prop:value=move || form.with(|f| get(f))
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    form.update(|f| set(f, text));
                }
            />
        </label>
    }
}

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
    let form = RwSignal::new(Form::default());
    let origin = RwSignal::new(None::<Origin>);
    // A year whose tables could not be read: said instead of empty fields.
    let failed = RwSignal::new(None);
    let result = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);

    // Loading reads the document once, untracked, so changes arriving from other devices
    // never overwrite what is being typed.
    let load = move |y: i32| {
        let loaded =
            untrack(|| app.query(&[Topic::PayrollTables], |b| b.payroll_tables_to_edit(y)));
        year.set(y);
        result.set(None);
        match loaded {
            Ok(Some(t)) => {
                form.set(Form::from_tables(&t.tables));
                origin.set(Some(t.origin));
                failed.set(None);
            }
            Ok(None) => {
                form.set(Form::default());
                origin.set(None);
                failed.set(None);
            }
            Err(e) => {
                form.set(Form::default());
                origin.set(None);
                failed.set(Some(e));
            }
        }
    };
    load(today().year());

    let pick_year = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        year_text.set(text.clone());
        if let Ok(y) = text.trim().parse::<i32>() {
            if (1900..=9999).contains(&y) && y != year.get_untracked() {
                load(y);
            }
        }
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let y = year.get_untracked();
        let tables = match form.with_untracked(|f| f.to_tables(y)) {
            Ok(t) => t,
            Err(e) => return result.set(Some(Err(e))),
        };
        busy.set(true);
        spawn_local(async move {
            let outcome = app
                .run(move |b, ctx| b.set_payroll_tables(ctx, tables))
                .await;
            busy.set(false);
            match outcome {
                Ok(()) => {
                    origin.set(Some(Origin::Stored));
                    result.set(Some(Ok(format!(
                        "Tabelas da folha de {y} salvas. Folhas em rascunho usam os novos valores ao recalcular."
                    ))));
                }
                Err(e) => result.set(Some(Err(e.to_string()))),
            }
        });
    };

    let inss_count = Memo::new(move |_| form.with(|f| f.inss.len()));
    let irrf_count = Memo::new(move |_| form.with(|f| f.irrf.len()));

    let inss_rows = move || {
        (0..inss_count.get())
            .map(|i| {
                let n = i + 1;
                view! {
                    <fieldset style=BAND_STYLE data-testid="inss-faixa">
                        <legend style=LEGEND_STYLE>{format!("Faixa {n}")}</legend>
                        {field(form, "Até (R$)", "decimal", format!("inss-ate-{n}"),
                            move |f| f.inss.get(i).map(|r| r.up_to.clone()).unwrap_or_default(),
                            move |f, v| if let Some(r) = f.inss.get_mut(i) { r.up_to = v })}
                        {field(form, "Alíquota (%)", "decimal", format!("inss-aliquota-{n}"),
                            move |f| f.inss.get(i).map(|r| r.rate.clone()).unwrap_or_default(),
                            move |f, v| if let Some(r) = f.inss.get_mut(i) { r.rate = v })}
                    </fieldset>
                }
            })
            .collect_view()
    };

    let irrf_rows = move || {
        let count = irrf_count.get();
        (0..count)
            .map(|i| {
                let n = i + 1;
                let open = i + 1 == count;
                view! {
                    <fieldset style=BAND_STYLE data-testid="irrf-faixa">
                        <legend style=LEGEND_STYLE>{format!("Faixa {n}")}</legend>
                        {if open {
                            view! { <p class="empty" style="margin: 0; align-self: center;">"Sem limite: o que passar da faixa anterior."</p> }.into_any()
                        } else {
                            field(form, "Até (R$)", "decimal", format!("irrf-ate-{n}"),
                                move |f| f.irrf.get(i).map(|r| r.up_to.clone()).unwrap_or_default(),
                                move |f, v| if let Some(r) = f.irrf.get_mut(i) { r.up_to = v }).into_any()
                        }}
                        {field(form, "Alíquota (%)", "decimal", format!("irrf-aliquota-{n}"),
                            move |f| f.irrf.get(i).map(|r| r.rate.clone()).unwrap_or_default(),
                            move |f, v| if let Some(r) = f.irrf.get_mut(i) { r.rate = v })}
                        {field(form, "Parcela a deduzir (R$)", "decimal", format!("irrf-deducao-{n}"),
                            move |f| f.irrf.get(i).map(|r| r.deduction.clone()).unwrap_or_default(),
                            move |f, v| if let Some(r) = f.irrf.get_mut(i) { r.deduction = v })}
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
            <label>"Ano das tabelas"
                <input type="number" inputmode="numeric" min="1900" max="9999" data-testid="tabelas-ano"
                    prop:value=move || year_text.get() on:input=pick_year/>
            </label>
            <p role="status" data-testid="tabelas-origem">{origin_note}</p>
            {move || failed.get().map(|e| view! { <ReadErrorView error=e/> })}
            <Show when=move || origin.get().is_some()>
                <form on:submit=submit data-testid="tabelas-form" style="margin-top: 0.75rem;">
                    <fieldset style=GROUP_STYLE>
                        <legend style=LEGEND_STYLE>"INSS do empregado"</legend>
                        {inss_rows}
                        <div class="row" style="justify-content: flex-start; flex-wrap: wrap;">
                            <button type="button" class="secondary" on:click=move |_| form.update(|f| f.inss.push(InssRow::default()))>
                                "Adicionar faixa do INSS"
                            </button>
                            <button type="button" class="secondary" disabled=move || { inss_count.get() <= 1 }
                                on:click=move |_| form.update(|f| { f.inss.pop(); })>
                                "Remover a última faixa do INSS"
                            </button>
                        </div>
                    </fieldset>
                    <fieldset style=GROUP_STYLE>
                        <legend style=LEGEND_STYLE>"IRRF (imposto de renda retido)"</legend>
                        {irrf_rows}
                        <div class="row" style="justify-content: flex-start; flex-wrap: wrap;">
                            // A new band goes before the open one, which stays last.
                            <button type="button" class="secondary" on:click=move |_| form.update(|f| {
                                let at = f.irrf.len().saturating_sub(1);
                                f.irrf.insert(at, IrrfRow::default());
                            })>
                                "Adicionar faixa do IRRF"
                            </button>
                            <button type="button" class="secondary" disabled=move || { irrf_count.get() <= 1 }
                                on:click=move |_| form.update(|f| {
                                    if f.irrf.len() > 1 {
                                        f.irrf.remove(f.irrf.len() - 2);
                                    }
                                })>
                                "Remover a faixa antes da última do IRRF"
                            </button>
                        </div>
                        {field(form, "Dedução por dependente (R$)", "decimal", "deducao-dependente".into(),
                            |f| f.dependant.clone(), |f, v| f.dependant = v)}
                        {field(form, "Desconto simplificado mensal (R$)", "decimal", "desconto-simplificado".into(),
                            |f| f.simplified.clone(), |f, v| f.simplified = v)}
                    </fieldset>
                    <fieldset style=GROUP_STYLE>
                        <legend style=LEGEND_STYLE>"Redução do IRRF (Lei 15.270/2025)"</legend>
                        <label style="display: flex; gap: 0.5rem; align-items: center; font-weight: 400;">
                            <input type="checkbox" data-testid="reducao-ativa"
                                prop:checked=move || form.with(|f| f.reduction)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    form.update(|f| f.reduction = on);
                                }/>
                            "Aplicar a redução neste ano"
                        </label>
                        <Show when=move || form.with(|f| f.reduction)>
                            {field(form, "Redução total: renda tributável até (R$)", "decimal", "reducao-total-ate".into(),
                                |f| f.full_up_to.clone(), |f, v| f.full_up_to = v)}
                            {field(form, "Redução total: valor máximo (R$)", "decimal", "reducao-total-maximo".into(),
                                |f| f.full_max.clone(), |f, v| f.full_max = v)}
                            {field(form, "Redução parcial: renda tributável até (R$)", "decimal", "reducao-parcial-ate".into(),
                                |f| f.partial_up_to.clone(), |f, v| f.partial_up_to = v)}
                            <p class="empty" style="margin: 0;">"Redução parcial = valor fixo − fator × renda tributável."</p>
                            {field(form, "Redução parcial: valor fixo (R$)", "decimal", "reducao-parcial-fixo".into(),
                                |f| f.partial_constant.clone(), |f, v| f.partial_constant = v)}
                            {field(form, "Redução parcial: fator (ex.: 0,133145)", "decimal", "reducao-parcial-fator".into(),
                                |f| f.partial_factor.clone(), |f, v| f.partial_factor = v)}
                        </Show>
                    </fieldset>
                    {field(form, "FGTS depositado pelo empregador (% do salário)", "decimal", "fgts".into(),
                        |f| f.fgts.clone(), |f, v| f.fgts = v)}
                    <button type="submit" disabled=move || busy.get() data-testid="salvar-tabelas">"Salvar tabelas"</button>
                    {move || result.get().map(|r| match r {
                        Ok(m) => view! { <p class="alert ok" role="status" data-testid="tabelas-ok">{m}</p> }.into_any(),
                        Err(e) => view! { <p class="alert error" role="alert" data-testid="tabelas-erro">{e}</p> }.into_any(),
                    })}
                </form>
            </Show>
        </section>
    }
}
