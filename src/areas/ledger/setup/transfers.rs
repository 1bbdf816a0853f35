//! Transferências: moving money between the business's own accounts, and the list of past
//! transfers.

use leptos::prelude::*;
use retaguarda_core::ledger::NewTransfer;

use super::super::{account_choices, optional, today_iso};
use super::notice_line;
use crate::fmt::{brl, date, parse_brl, parse_date};
use crate::state::use_app;
use crate::ui::{
    show, Field, FieldKind, FieldResult, FormError, FormErrorView, SelectField, Submit, Topic,
};

/// Transfers shown per page.
const PAGE: usize = 50;

#[component]
pub fn TransfersTab() -> impl IntoView {
    let app = use_app();
    let accounts = account_choices(app, true);
    let transfers = Memo::new(move |_| {
        app.query(&[Topic::Transfers, Topic::Accounts], |b| {
            let names: std::collections::HashMap<String, String> = b
                .accounts()?
                .into_iter()
                .map(|(id, a)| (id, a.name))
                .collect();
            let name = |id: &String| names.get(id).cloned().unwrap_or_else(|| "?".into());
            let mut list: Vec<_> = b
                .transfers()?
                .into_iter()
                .map(|(id, t)| {
                    (
                        id,
                        t.date,
                        name(&t.from),
                        name(&t.to),
                        t.amount,
                        t.description,
                    )
                })
                .collect();
            list.sort_by_key(|t| std::cmp::Reverse(t.1));
            Ok(list)
        })
    });
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let when = RwSignal::new(today_iso());
    let description = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<String>);
    let shown = RwSignal::new(PAGE);
    let transfer = Submit::new(
        move || {
            let (typed, day, f, t, text) = (
                amount.get_untracked(),
                when.get_untracked(),
                from.get_untracked(),
                to.get_untracked(),
                optional(description.get_untracked()),
            );
            async move {
                let value = parse_brl(&typed).field("Valor")?;
                let day = parse_date(&day).field("Data")?;
                if f.is_empty() || t.is_empty() {
                    return Err(FormError::Missing(
                        "Escolha a conta de origem e a de destino.".into(),
                    ));
                }
                let input = NewTransfer {
                    date: day,
                    from: f,
                    to: t,
                    amount: value,
                    description: text,
                };
                app.run(move |b, ctx| b.create_transfer(ctx, input)).await?;
                Ok(value)
            }
        },
        move |value| {
            notice.set(Some(format!("Transferência de {} registrada.", brl(value))));
            amount.set(String::new());
            description.set(String::new());
        },
    );
    view! {
        {notice_line(notice)}
        <div class="card">
            <form on:submit=transfer.on_submit() data-testid="nova-transferencia">
                <h2 style="margin:0">"Nova transferência"</h2>
                <SelectField label="De" value=from options=accounts empty="Escolha a conta" testid="transf-de"/>
                <SelectField label="Para" value=to options=accounts empty="Escolha a conta" testid="transf-para"/>
                <Field label="Valor (R$)" value=amount kind=FieldKind::Money testid="transf-valor"/>
                <Field label="Data" value=when kind=FieldKind::Date testid="transf-data"/>
                <Field label="Descrição (opcional)" value=description placeholder="Ex.: Depósito do caixa"/>
                <FormErrorView submit=transfer testid="form-erro"/>
                <button type="submit" data-testid="transf-salvar" disabled=move || transfer.busy().get()>"Transferir"</button>
            </form>
        </div>
        <h2>"Transferências"</h2>
        {move || show(transfers.get(), move |list| {
            if list.is_empty() {
                return view! { <p class="empty">"Nenhuma transferência ainda."</p> }.into_any();
            }
            let total = list.len();
            view! {
                <ul class="list" data-testid="transferencias">
                    {list.into_iter().take(shown.get()).map(|(_, d, f, t, v, desc)| view! {
                        <li class="card row" data-testid="transferencia">
                            <div>
                                <div style="font-weight:600">{format!("{f} → {t}")}</div>
                                <div class="empty" style="font-size:0.85rem">{date(d)}{desc.map(|x| format!(" · {x}"))}</div>
                            </div>
                            <div class="money" style="font-weight:700">{brl(v)}</div>
                        </li>
                    }).collect_view()}
                </ul>
                {(total > shown.get()).then(|| view! {
                    <button type="button" class="secondary" style="margin-top:0.75rem;width:100%"
                        on:click=move |_| shown.update(|s| *s += PAGE)>"Mostrar mais"</button>
                })}
            }.into_any()
        })}
    }
}
