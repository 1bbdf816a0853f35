//! Recorrentes: payables and receivables that repeat (rent, internet, the accountant, the
//! DAS) over core's recurrences: create, list with the next due date, edit and end one.
//!
//! Entries are created by core's materialisation up to the end of next month, when Caixa
//! opens and after each change here; a month already created is never created twice.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::ledger::recurring::{NewRecurrence, Recurrence};
use retaguarda_core::ledger::EntryKind;

use super::{category_choices, iso, optional, typed_amount, CategorySelect};
use crate::fmt::{brl, date, parse_brl, parse_date};
use crate::state::{today, use_app, AppCtx};
use crate::ui::{
    fixed, show, Field, FieldKind, FieldResult, FormError, FormErrorView, SelectField, Submit,
    Topic,
};

/// Creates the recurring entries due up to the end of next month (one core operation). A
/// failure is left for the next time: nothing a person typed is lost.
pub(crate) fn materialise(app: AppCtx) {
    spawn_local(async move {
        let _ = app
            .run(move |b, ctx| b.materialise_due_recurrences(ctx))
            .await;
    });
}

fn month_year(d: NaiveDate) -> String {
    format!("{:02}/{}", d.month(), d.year())
}

fn every_label(months: u32) -> String {
    match months {
        1 => "todo mês".to_string(),
        2 => "a cada 2 meses".to_string(),
        3 => "a cada 3 meses".to_string(),
        6 => "a cada 6 meses".to_string(),
        12 => "todo ano".to_string(),
        n => format!("a cada {n} meses"),
    }
}

/// The recurrence's kind as its select holds it.
fn entry_kind(text: &str) -> EntryKind {
    if text == "receber" {
        EntryKind::Receivable
    } else {
        EntryKind::Payable
    }
}

#[component]
pub fn RecurringTab() -> impl IntoView {
    let app = use_app();
    let list = Memo::new(move |_| {
        app.query(&[Topic::Recurrences], |b| {
            let mut list = b.recurrences()?;
            list.sort_by_key(|(_, r)| r.description.to_lowercase());
            Ok(list)
        })
    });
    let editing = RwSignal::new(None::<String>);
    let kind = RwSignal::new("pagar".to_string());
    let description = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let day = RwSignal::new("10".to_string());
    let every = RwSignal::new("1".to_string());
    let first = RwSignal::new(iso(today()));
    let category = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<String>);
    let categories = category_choices(app, move || vec![entry_kind(&kind.get()).category_kind()]);
    // A new kind has other categories: the chosen one no longer applies.
    Effect::new(move |previous: Option<String>| {
        let now = kind.get();
        if previous.is_some_and(|p| p != now) {
            category.set(String::new());
        }
        now
    });
    let clear = move || {
        editing.set(None);
        description.set(String::new());
        amount.set(String::new());
        category.set(String::new());
    };
    let edit = move |id: String, r: Recurrence| {
        kind.set(
            if r.kind == EntryKind::Receivable {
                "receber"
            } else {
                "pagar"
            }
            .into(),
        );
        description.set(r.description);
        amount.set(typed_amount(r.amount));
        day.set(r.day_of_month.to_string());
        every.set(r.every_months.to_string());
        first.set(iso(r.first_month));
        category.set(r.category.unwrap_or_default());
        editing.set(Some(id));
        notice.set(None);
    };
    let save = Submit::new(
        move || {
            let (typed, start, day_text, every_text) = (
                amount.get_untracked(),
                first.get_untracked(),
                day.get_untracked(),
                every.get_untracked(),
            );
            let id = editing.get_untracked();
            // An end already set stays when the rest is edited.
            let last_month = id.as_ref().and_then(|id| {
                list.get_untracked()
                    .ok()?
                    .into_iter()
                    .find(|(rid, _)| rid == id)
                    .and_then(|(_, r)| r.last_month)
            });
            let (k, text, cat) = (
                entry_kind(&kind.get_untracked()),
                description.get_untracked(),
                optional(category.get_untracked()),
            );
            async move {
                let value = parse_brl(&typed).field("Valor")?;
                let first_month = parse_date(&start).field("Primeiro vencimento")?;
                let Ok(day_of_month) = day_text.trim().parse::<u32>() else {
                    return Err(FormError::Missing(
                        "Dia do vencimento: escolha um dia entre 1 e 31.".into(),
                    ));
                };
                let every_months = every_text.parse::<u32>().unwrap_or(1);
                let input = NewRecurrence {
                    kind: k,
                    description: text,
                    amount: value,
                    category: cat,
                    party: None,
                    account: None,
                    day_of_month,
                    every_months,
                    first_month,
                    last_month,
                };
                let edited = id.is_some();
                match id {
                    Some(id) => {
                        app.run(move |b, ctx| b.update_recurrence(ctx, &id, input))
                            .await?
                    }
                    None => {
                        app.run(move |b, ctx| b.create_recurrence(ctx, input).map(|_| ()))
                            .await?
                    }
                }
                Ok(edited)
            }
        },
        move |edited| {
            notice.set(Some(if edited {
                "Recorrência alterada. Os lançamentos já criados ficam como estão.".into()
            } else {
                "Recorrência criada. Os lançamentos aparecem em Lançamentos até o fim do mês que vem.".into()
            }));
            clear();
            materialise(app);
        },
    );
    let ending = RwSignal::new(None::<(String, Recurrence)>);
    let end = Submit::new(
        move || {
            let chosen = ending.get_untracked();
            async move {
                let (id, r) =
                    chosen.ok_or_else(|| FormError::Missing("Escolha a recorrência.".into()))?;
                let last = today().max(r.first_month);
                app.run(move |b, ctx| b.end_recurrence(ctx, &id, last))
                    .await?;
                Ok((r.description, last))
            }
        },
        move |(description, last)| {
            notice.set(Some(format!(
                "\"{description}\" encerrada: o último lançamento é o de {}; os meses seguintes ainda em aberto foram cancelados.",
                month_year(last)
            )))
        },
    );
    let busy = save.busy();
    view! {
        <Show when=move || notice.get().is_some()>
            <p class="alert ok" role="status" data-testid="caixa-notice">{move || notice.get().unwrap_or_default()}</p>
        </Show>
        <form class="card" on:submit=save.on_submit() data-testid="recorrente-form">
            <h2 style="margin:0">{move || if editing.get().is_some() { "Alterar recorrência" } else { "Nova recorrência" }}</h2>
            <p class="empty" style="margin:0">"Aluguel, internet, contador, DAS: lançados sozinhos todo mês."</p>
            <SelectField label="Tipo" value=kind testid="recorrente-tipo" options=fixed(&[("pagar", "A pagar"), ("receber", "A receber")])/>
            <Field label="Descrição" value=description placeholder="Ex.: Aluguel da loja" testid="recorrente-descricao"/>
            <Field label="Valor de cada lançamento (R$)" value=amount kind=FieldKind::Money testid="recorrente-valor"/>
            <Field label="Dia do vencimento" value=day kind=FieldKind::Number maxlength=2 testid="recorrente-dia"/>
            <SelectField label="Repetir" value=every testid="recorrente-repetir" options=fixed(&[
                ("1", "Todo mês"), ("2", "A cada 2 meses"), ("3", "A cada 3 meses"), ("6", "A cada 6 meses"), ("12", "Todo ano"),
            ])/>
            <Field label="A partir do mês de" value=first kind=FieldKind::Date testid="recorrente-inicio"/>
            <CategorySelect label="Categoria (opcional)" value=category groups=categories empty="Sem categoria" testid="recorrente-categoria"/>
            <FormErrorView submit=save testid="form-erro"/>
            <div class="row form-actions">
                <button type="submit" disabled=move || busy.get() data-testid="recorrente-salvar">
                    {move || if editing.get().is_some() { "Salvar alteração" } else { "Criar recorrência" }}
                </button>
                <Show when=move || editing.get().is_some()>
                    <button type="button" class="secondary" on:click=move |_| clear()>"Cancelar"</button>
                </Show>
            </div>
        </form>
        <FormErrorView submit=end testid="form-erro"/>
        <h2>"Recorrências"</h2>
        {move || show(list.get(), move |items| {
            if items.is_empty() {
                return view! { <p class="empty">"Nenhuma recorrência ainda."</p> }.into_any();
            }
            let day = today();
            view! {
                <ul class="list" data-testid="recorrentes">
                    {items.into_iter().map(|(id, r)| {
                        let next = r.next_due(day);
                        let ended = r.last_month.is_some();
                        let status = match (r.last_month, next) {
                            (Some(l), Some(n)) => format!("Encerrada: o último mês é {} (vence em {})", month_year(l), date(n)),
                            (Some(l), None) => format!("Encerrada: o último mês foi {}", month_year(l)),
                            (None, Some(n)) => format!("Próximo vencimento: {}", date(n)),
                            (None, None) => "Sem vencimentos futuros".to_string(),
                        };
                        let kind_label = if r.kind == EntryKind::Receivable { "A receber" } else { "A pagar" };
                        let (eid, er) = (id.clone(), r.clone());
                        let (nid, nr) = (id.clone(), r.clone());
                        view! {
                            <li class="card" data-testid="recorrente">
                                <div class="row">
                                    <strong>{r.description.clone()}</strong>
                                    <span class="money" style="font-weight:700">{brl(r.amount)}</span>
                                </div>
                                <div class="empty" style="font-size:0.85rem">
                                    {format!("{kind_label} · dia {} · {}", r.day_of_month, every_label(r.every_months))}
                                </div>
                                <div data-testid="recorrente-situacao">{status}</div>
                                <div class="row" style="justify-content:flex-start; flex-wrap:wrap; margin-top:0.5rem">
                                    <button type="button" class="secondary" data-testid="recorrente-alterar"
                                        on:click=move |_| edit(eid.clone(), er.clone())>"Alterar"</button>
                                    {(!ended).then(|| view! {
                                        <button type="button" class="secondary" data-testid="recorrente-encerrar"
                                            on:click=move |_| {
                                                ending.set(Some((nid.clone(), nr.clone())));
                                                end.dispatch();
                                            }>"Encerrar"</button>
                                    })}
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        })}
    }
}
