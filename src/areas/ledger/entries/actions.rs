//! The panels under a row: pay or receive, cancel, edit, and reverse a payment (estorno).
//! Each submits one core operation through the kit's [`Submit`].

use leptos::prelude::*;
use retaguarda_core::ledger::listing::EntryRow;
use retaguarda_core::ledger::{EntryKind, NewEntry, NewPayment};
use rust_decimal::Decimal;

use super::super::{
    account_choices, category_choices, iso, optional, today_iso, typed_amount, CategorySelect,
};
use super::Acting;
use crate::fmt::{brl, date, parse_brl, parse_date};
use crate::state::use_app;
use crate::ui::{
    show, Field, FieldKind, FieldResult, Form, FormError, FormErrorView, SelectField, Submit, Topic,
};

#[component]
pub fn PayForm(row: EntryRow, acting: Acting, notice: RwSignal<Option<String>>) -> impl IntoView {
    let app = use_app();
    let accounts = account_choices(app, true);
    let amount = RwSignal::new(typed_amount(row.open));
    let when = RwSignal::new(today_iso());
    let first_account = accounts
        .get_untracked()
        .ok()
        .and_then(|list| list.first().map(|(id, _)| id.clone()));
    let account = RwSignal::new(row.account.clone().or(first_account).unwrap_or_default());
    let note = RwSignal::new(String::new());
    let payable = row.kind == EntryKind::Payable;
    let id = row.id.clone();
    let pay = Submit::new(
        move || {
            let (typed, day, acc, note) = (
                amount.get_untracked(),
                when.get_untracked(),
                account.get_untracked(),
                optional(note.get_untracked()),
            );
            let id = id.clone();
            async move {
                let value = parse_brl(&typed).field("Valor")?;
                let date = parse_date(&day).field("Data")?;
                if acc.is_empty() {
                    return Err(FormError::Missing(
                        "Escolha a conta. Cadastre uma na aba Contas.".into(),
                    ));
                }
                let input = NewPayment {
                    date,
                    amount: value,
                    account: acc,
                    note,
                };
                app.run(move |b, ctx| b.pay_entry(ctx, &id, input)).await?;
                Ok(value)
            }
        },
        move |value| {
            acting.set(None);
            notice.set(Some(format!(
                "{} de {} registrado.",
                if payable { "Pagamento" } else { "Recebimento" },
                brl(value)
            )));
        },
    );
    view! {
        <Form submit=pay class="inline" testid="pagar-form" button_testid="pagar-confirmar"
            label=if payable { "Registrar pagamento" } else { "Registrar recebimento" }
            on_cancel=move |_| acting.set(None)>
            <Field label="Valor" value=amount kind=FieldKind::Money testid="pagar-valor"/>
            <Field label="Data" value=when kind=FieldKind::Date testid="pagar-data"/>
            <SelectField label="Conta" value=account options=accounts testid="pagar-conta"/>
            <Field label="Observação" value=note placeholder="Ex.: Pix"/>
        </Form>
    }
}

#[component]
pub fn CancelForm(id: String, acting: Acting, notice: RwSignal<Option<String>>) -> impl IntoView {
    let app = use_app();
    let reason = RwSignal::new(String::new());
    let cancel = Submit::new(
        move || {
            let id = id.clone();
            let why = optional(reason.get_untracked());
            async move {
                app.run(move |b, ctx| b.cancel_entry(ctx, &id, why.as_deref()))
                    .await?;
                Ok(())
            }
        },
        move |()| {
            acting.set(None);
            notice.set(Some("Lançamento cancelado.".into()));
        },
    );
    view! {
        <Form submit=cancel class="inline" testid="cancelar-form" button_testid="cancelar-confirmar"
            label="Confirmar cancelamento" danger=true on_cancel=move |_| acting.set(None)>
            <p class="alert warn" style="margin:0">"Cancelar este lançamento? O que já foi pago continua registrado."</p>
            <Field label="Motivo (opcional)" value=reason/>
        </Form>
    }
}

/// Edits what a person may change on an entry: description, amount, due date, category.
#[component]
pub fn EditForm(id: String, acting: Acting, notice: RwSignal<Option<String>>) -> impl IntoView {
    let app = use_app();
    let current = {
        let id = id.clone();
        app.query(&[Topic::Entries], move |b| b.entry(&id))
    };
    show(current, move |entry| {
        let Some(entry) = entry else {
            return view! { <p class="empty">"Lançamento não encontrado."</p> }.into_any();
        };
        let description = RwSignal::new(entry.description.clone());
        let amount = RwSignal::new(typed_amount(entry.amount));
        let due = RwSignal::new(iso(entry.due_date));
        let category = RwSignal::new(entry.category.clone().unwrap_or_default());
        let kind = entry.kind;
        let groups = category_choices(app, move || vec![kind.category_kind()]);
        let save = Submit::new(
            move || {
                let (typed, day, text, cat) = (
                    amount.get_untracked(),
                    due.get_untracked(),
                    description.get_untracked(),
                    optional(category.get_untracked()),
                );
                let (id, entry) = (id.clone(), entry.clone());
                async move {
                    let value = parse_brl(&typed).field("Valor")?;
                    let due_date = parse_date(&day).field("Vencimento")?;
                    let input = NewEntry {
                        kind: entry.kind,
                        description: text,
                        amount: value,
                        due_date,
                        competence_date: Some(entry.competence_date),
                        party: entry.party,
                        category: cat,
                        account: entry.account,
                        document_ref: entry.document_ref,
                        source: entry.source,
                    };
                    app.run(move |b, ctx| b.update_entry(ctx, &id, input))
                        .await?;
                    Ok(())
                }
            },
            move |()| {
                acting.set(None);
                notice.set(Some("Lançamento alterado.".into()));
            },
        );
        view! {
            <Form submit=save class="inline" testid="alterar-form" button_testid="alterar-salvar"
                label="Salvar alteração" on_cancel=move |_| acting.set(None)>
                <Field label="Descrição" value=description testid="alterar-descricao"/>
                <Field label="Valor (R$)" value=amount kind=FieldKind::Money testid="alterar-valor"/>
                <Field label="Vencimento" value=due kind=FieldKind::Date testid="alterar-vencimento"/>
                <CategorySelect label="Categoria" value=category groups=groups empty="Sem categoria" testid="alterar-categoria"/>
            </Form>
        }
        .into_any()
    })
}

/// Reverses (estorna) a payment recorded by mistake: the entry is open again by that amount
/// and the account's balance goes back.
#[component]
pub fn VoidForm(id: String, acting: Acting, notice: RwSignal<Option<String>>) -> impl IntoView {
    let app = use_app();
    let payments = {
        let id = id.clone();
        Memo::new(move |_| {
            app.query(&[Topic::Entries, Topic::Accounts], |b| {
                let names: std::collections::HashMap<String, String> = b
                    .accounts()?
                    .into_iter()
                    .map(|(id, a)| (id, a.name))
                    .collect();
                let Some(entry) = b.entry(&id)? else {
                    return Ok(Vec::new());
                };
                Ok(entry
                    .payments
                    .into_iter()
                    .filter(|(_, p)| p.voided.is_none())
                    .map(|(pid, p)| {
                        let account = names.get(&p.account).cloned().unwrap_or(p.account);
                        (pid, p.date, p.amount, account)
                    })
                    .collect::<Vec<_>>())
            })
        })
    };
    let reason = RwSignal::new(String::new());
    let chosen = RwSignal::new(None::<(String, Decimal)>);
    let void = Submit::new(
        move || {
            let id = id.clone();
            let why = optional(reason.get_untracked());
            let choice = chosen.get_untracked();
            async move {
                let (payment, amount) =
                    choice.ok_or_else(|| FormError::Missing("Escolha o pagamento.".into()))?;
                app.run(move |b, ctx| b.void_payment(ctx, &id, &payment, why.as_deref()))
                    .await?;
                Ok(amount)
            }
        },
        move |amount| {
            acting.set(None);
            notice.set(Some(format!("Pagamento de {} estornado.", brl(amount))));
        },
    );
    view! {
        <div class="inline-panel" data-testid="estornar-form">
            <p class="alert warn" style="margin:0">"Estornar desfaz um pagamento lançado por engano: o valor volta a ficar em aberto e sai do saldo da conta."</p>
            <Field label="Motivo (opcional)" value=reason/>
            {move || show(payments.get(), move |list| view! {
                <ul class="list">
                    {list.into_iter().map(|(pid, d, amount, account)| view! {
                        <li class="row" data-testid="pagamento">
                            <span>{format!("{} · {account}", date(d))}" "<span class="money">{brl(amount)}</span></span>
                            <button type="button" class="danger" data-testid="estornar-confirmar"
                                disabled=move || void.busy().get()
                                on:click=move |_| {
                                    chosen.set(Some((pid.clone(), amount)));
                                    void.dispatch();
                                }>"Estornar"</button>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <FormErrorView submit=void/>
            <div class="row" style="justify-content:flex-start">
                <button type="button" class="secondary" on:click=move |_| acting.set(None)>"Voltar"</button>
            </div>
        </div>
    }
}
