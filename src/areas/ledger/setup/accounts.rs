//! Contas: every account with today's balance and the total of the active ones (core's
//! `account_balances`), creating, renaming and archiving an account, and correcting its
//! opening balance.

use leptos::prelude::*;
use retaguarda_core::ledger::{AccountKind, NewAccount};

use super::super::{account_kind_label, iso, today_iso, typed_amount};
use super::notice_line;
use crate::areas::members::{own_role, sees_bank_balances};
use crate::fmt::{brl, date, parse_brl, parse_date};
use crate::state::{today, use_app};
use crate::ui::{
    fixed, show, Field, FieldKind, FieldResult, Form, FormErrorView, SelectField, Submit, Topic,
};

/// Which account has which panel open.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Panel {
    Rename(String),
    Archive(String),
    Opening(String),
}

#[component]
pub fn AccountsTab() -> impl IntoView {
    let app = use_app();
    let balances = Memo::new(move |_| {
        let day = today();
        app.query(&[Topic::Accounts, Topic::Entries, Topic::Transfers], |b| {
            b.account_balances(day)
        })
    });
    // A cashier sees the cash drawer's balance, not the bank's (docs/SYNC.md 10.5).
    let banks_shown = Memo::new(move |_| sees_bank_balances(own_role(app)));
    let notice = RwSignal::new(None::<String>);
    let panel = RwSignal::new(None::<Panel>);

    let name = RwSignal::new(String::new());
    let kind = RwSignal::new("Bank".to_string());
    let opening = RwSignal::new("0,00".to_string());
    let opening_date = RwSignal::new(today_iso());
    let create = Submit::new(
        move || {
            let (text, kind_text, typed, day) = (
                name.get_untracked(),
                kind.get_untracked(),
                opening.get_untracked(),
                opening_date.get_untracked(),
            );
            async move {
                let value = parse_brl(&typed).field("Saldo inicial")?;
                let day = parse_date(&day).field("Data do saldo")?;
                let kind = match kind_text.as_str() {
                    "Cash" => AccountKind::Cash,
                    "Other" => AccountKind::Other,
                    _ => AccountKind::Bank,
                };
                let input = NewAccount {
                    name: text.clone(),
                    kind,
                    opening_balance: value,
                    opening_date: day,
                };
                app.run(move |b, ctx| b.create_account(ctx, input)).await?;
                Ok(text)
            }
        },
        move |text: String| {
            notice.set(Some(format!("Conta \"{}\" criada.", text.trim())));
            name.set(String::new());
            opening.set("0,00".into());
        },
    );

    view! {
        {notice_line(notice)}
        <h2>"Saldos hoje"</h2>
        {move || show(balances.get(), move |all| {
            if all.accounts.is_empty() {
                return view! { <p class="empty">"Nenhuma conta ainda. Crie a primeira abaixo."</p> }.into_any();
            }
            view! {
                <ul class="list" data-testid="contas">
                    {all.accounts.into_iter().map(|a| {
                        let archived = a.archived;
                        let negative = a.balance.is_sign_negative() && !a.balance.is_zero();
                        let (id, current) = (a.id.clone(), a.name.clone());
                        let open = move |p: fn(String) -> Panel| {
                            let id = id.clone();
                            move |_| panel.set(Some(p(id.clone())))
                        };
                        let id = a.id.clone();
                        view! {
                            <li class="card" data-testid="conta" data-nome=a.name.clone()>
                                <div class="row">
                                    <div>
                                        <div style="font-weight:600">{a.name.clone()}</div>
                                        <div class="empty" style="font-size:0.85rem">
                                            {account_kind_label(a.kind)}{archived.then_some(" · arquivada")}
                                        </div>
                                    </div>
                                    {(a.kind == AccountKind::Cash || banks_shown.get()).then(|| view! {
                                        <div class=if negative { "money negative" } else { "money" } style="font-weight:700" data-testid="conta-saldo">
                                            {brl(a.balance)}
                                        </div>
                                    })}
                                </div>
                                {(!archived).then(|| view! {
                                    <div class="row" style="justify-content:flex-start;margin-top:0.5rem;flex-wrap:wrap">
                                        <button type="button" class="secondary" on:click=open(Panel::Rename)>"Renomear"</button>
                                        <button type="button" class="secondary" on:click=open(Panel::Archive)>"Arquivar"</button>
                                        <button type="button" class="secondary" data-testid="conta-corrigir"
                                            on:click=open(Panel::Opening)>"Corrigir saldo inicial"</button>
                                    </div>
                                })}
                                {move || match panel.get() {
                                    Some(Panel::Rename(i)) if i == id => Some(view! {
                                        <RenameAccount id=i current=current.clone() panel=panel notice=notice/>
                                    }.into_any()),
                                    Some(Panel::Archive(i)) if i == id => Some(view! {
                                        <ArchiveAccount id=i panel=panel notice=notice/>
                                    }.into_any()),
                                    Some(Panel::Opening(i)) if i == id => Some(view! {
                                        <OpeningForm id=i panel=panel notice=notice/>
                                    }.into_any()),
                                    _ => None,
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {banks_shown.get().then(|| view! {
                    <p style="text-align:right">"Total das contas ativas: "<strong class="money" data-testid="contas-total">{brl(all.total)}</strong></p>
                })}
            }.into_any()
        })}
        <div class="card" style="margin-top:1rem">
            <form on:submit=create.on_submit() data-testid="nova-conta-bancaria">
                <h2 style="margin:0">"Nova conta"</h2>
                <Field label="Nome" value=name required=true placeholder="Ex.: Banco do Brasil" testid="conta-nome"/>
                <SelectField label="Tipo" value=kind testid="conta-tipo-conta" options=fixed(&[
                    ("Bank", "Banco"), ("Cash", "Dinheiro (caixa)"), ("Other", "Outra"),
                ])/>
                <Field label="Saldo inicial (R$)" value=opening kind=FieldKind::Money testid="conta-saldo-inicial"/>
                <Field label="Data do saldo inicial" value=opening_date kind=FieldKind::Date testid="conta-data-saldo"/>
                <FormErrorView submit=create testid="form-erro"/>
                <button type="submit" data-testid="conta-criar" disabled=move || create.busy().get()>"Criar conta"</button>
            </form>
        </div>
    }
}

#[component]
fn RenameAccount(
    id: String,
    current: String,
    panel: RwSignal<Option<Panel>>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let name = RwSignal::new(current);
    let rename = Submit::new(
        move || {
            let (id, text) = (id.clone(), name.get_untracked());
            async move {
                app.run(move |b, ctx| b.rename_account(ctx, &id, &text))
                    .await?;
                Ok(())
            }
        },
        move |()| {
            panel.set(None);
            notice.set(Some("Conta renomeada.".into()));
        },
    );
    view! {
        <Form submit=rename class="inline" label="Salvar nome" error_testid="form-erro" on_cancel=move |_| panel.set(None)>
            <Field label="Novo nome" value=name required=true/>
        </Form>
    }
}

/// Corrects an account's opening balance and its date; every balance from then follows.
#[component]
fn OpeningForm(
    id: String,
    panel: RwSignal<Option<Panel>>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let current = {
        let id = id.clone();
        app.query(&[Topic::Accounts], move |b| b.account(&id))
    };
    show(current, move |account| {
        let amount = RwSignal::new(
            account
                .as_ref()
                .map(|a| typed_amount(a.opening_balance))
                .unwrap_or_default(),
        );
        let when = RwSignal::new(
            account
                .as_ref()
                .map(|a| iso(a.opening_date))
                .unwrap_or_else(today_iso),
        );
        let id = id.clone();
        let correct = Submit::new(
            move || {
                let (id, typed, day) = (id.clone(), amount.get_untracked(), when.get_untracked());
                async move {
                    let value = parse_brl(&typed).field("Saldo inicial")?;
                    let day = parse_date(&day).field("Data do saldo")?;
                    app.run(move |b, ctx| b.correct_opening_balance(ctx, &id, value, day))
                        .await?;
                    Ok((value, day))
                }
            },
            move |(value, day)| {
                panel.set(None);
                notice.set(Some(format!(
                    "Saldo inicial corrigido para {} em {}.",
                    brl(value),
                    date(day)
                )));
            },
        );
        view! {
            <Form submit=correct class="inline" testid="saldo-inicial-form" button_testid="saldo-inicial-salvar"
                label="Salvar saldo inicial" error_testid="form-erro" on_cancel=move |_| panel.set(None)>
                <Field label="Saldo inicial correto (R$)" value=amount kind=FieldKind::Money testid="saldo-inicial-valor"/>
                <Field label="Data do saldo inicial" value=when kind=FieldKind::Date/>
            </Form>
        }
    })
}

#[component]
fn ArchiveAccount(
    id: String,
    panel: RwSignal<Option<Panel>>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let archive = Submit::new(
        move || {
            let id = id.clone();
            async move {
                app.run(move |b, ctx| b.archive_account(ctx, &id)).await?;
                Ok(())
            }
        },
        move |()| {
            panel.set(None);
            notice.set(Some(
                "Conta arquivada. O histórico dela continua nos relatórios.".into(),
            ));
        },
    );
    view! {
        <Form submit=archive class="inline" label="Confirmar arquivamento" danger=true error_testid="form-erro"
            on_cancel=move |_| panel.set(None)>
            <p class="alert warn" style="margin:0">"Arquivar esta conta? Ela não recebe mais movimentos, mas o histórico fica."</p>
        </Form>
    }
}
