//! The Caixa's registers: accounts (with today's balance), the two-level category plan and
//! transfers between accounts.

use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::ledger::{AccountKind, CategoryKind, NewAccount, NewCategory, NewTransfer};

use super::{account_kind_label, account_options, category_options, optional, today_iso};
use crate::fmt::{brl, date, parse_brl, parse_date};
use crate::state::{today, use_app};

/// A pt-BR error line under a form.
fn error_line(error: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || error.get().is_some()>
            <p class="alert error" role="alert" data-testid="form-erro">{move || error.get().unwrap_or_default()}</p>
        </Show>
    }
}

/// A confirmation line after a save.
fn notice_line(notice: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || notice.get().is_some()>
            <p class="alert ok" role="status" data-testid="caixa-notice">{move || notice.get().unwrap_or_default()}</p>
        </Show>
    }
}

#[component]
pub fn Contas() -> impl IntoView {
    let app = use_app();
    let balances = Memo::new(move |_| {
        let mut list = app
            .read(|b| b.balances(today()).unwrap_or_default())
            .unwrap_or_default();
        list.sort_by(|a, b| {
            (a.archived, a.name.to_lowercase()).cmp(&(b.archived, b.name.to_lowercase()))
        });
        list
    });
    let notice = RwSignal::new(None::<String>);
    let editing = RwSignal::new(None::<(String, bool)>);
    let correcting = RwSignal::new(None::<String>);

    let name = RwSignal::new(String::new());
    let kind = RwSignal::new("Bank".to_string());
    let opening = RwSignal::new("0,00".to_string());
    let opening_date = RwSignal::new(today_iso());
    let error = RwSignal::new(None::<String>);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = match parse_brl(&opening.get_untracked()) {
            Ok(v) => v,
            Err(e) => return error.set(Some(format!("Saldo inicial: {e}"))),
        };
        let day = match parse_date(&opening_date.get_untracked()) {
            Ok(d) => d,
            Err(e) => return error.set(Some(format!("Data do saldo: {e}"))),
        };
        let k = match kind.get_untracked().as_str() {
            "Cash" => AccountKind::Cash,
            "Other" => AccountKind::Other,
            _ => AccountKind::Bank,
        };
        let input = NewAccount {
            name: name.get_untracked(),
            kind: k,
            opening_balance: value,
            opening_date: day,
        };
        spawn_local(async move {
            match app.run(move |b, ctx| b.create_account(ctx, input)).await {
                Ok(_) => {
                    notice.set(Some(format!(
                        "Conta \"{}\" criada.",
                        name.get_untracked().trim()
                    )));
                    name.set(String::new());
                    opening.set("0,00".into());
                    error.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };

    view! {
        {notice_line(notice)}
        <h2>"Saldos hoje"</h2>
        {move || {
            let list = balances.get();
            if list.is_empty() {
                return view! { <p class="empty">"Nenhuma conta ainda. Crie a primeira abaixo."</p> }.into_any();
            }
            let total: rust_decimal::Decimal = list.iter().filter(|a| !a.archived).map(|a| a.balance).sum();
            view! {
                <ul class="list" data-testid="contas">
                    {list.into_iter().map(|a| {
                        let id_r = a.id.clone();
                        let id_a = a.id.clone();
                        let id_is = a.id.clone();
                        let id_o = a.id.clone();
                        let id_os = a.id.clone();
                        let archived = a.archived;
                        let current = a.name.clone();
                        let negative = a.balance.is_sign_negative() && !a.balance.is_zero();
                        view! {
                            <li class="card" data-testid="conta" data-nome=a.name.clone()>
                                <div class="row">
                                    <div>
                                        <div style="font-weight:600">{a.name.clone()}</div>
                                        <div class="empty" style="font-size:0.85rem">
                                            {account_kind_label(a.kind)}{archived.then_some(" · arquivada")}
                                        </div>
                                    </div>
                                    <div class=if negative { "money negative" } else { "money" } style="font-weight:700" data-testid="conta-saldo">
                                        {brl(a.balance)}
                                    </div>
                                </div>
                                {(!archived).then(|| view! {
                                    <div class="row" style="justify-content:flex-start;margin-top:0.5rem">
                                        <button type="button" class="secondary" on:click=move |_| editing.set(Some((id_r.clone(), false)))>"Renomear"</button>
                                        <button type="button" class="secondary" on:click=move |_| editing.set(Some((id_a.clone(), true)))>"Arquivar"</button>
                                        <button type="button" class="secondary" data-testid="conta-corrigir"
                                            on:click=move |_| { editing.set(None); correcting.set(Some(id_o.clone())); }>"Corrigir saldo inicial"</button>
                                    </div>
                                })}
                                {move || (correcting.get().as_deref() == Some(id_os.as_str())).then(|| view! {
                                    <OpeningForm id=id_os.clone() correcting=correcting notice=notice/>
                                })}
                                {move || editing.get().filter(|(i, _)| *i == id_is).map(|(i, archive)| if archive {
                                    view! { <ArchiveAccount id=i editing=editing notice=notice/> }.into_any()
                                } else {
                                    view! { <RenameAccount id=i current=current.clone() editing=editing notice=notice/> }.into_any()
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <p style="text-align:right">"Total das contas ativas: "<strong class="money" data-testid="contas-total">{brl(total)}</strong></p>
            }.into_any()
        }}
        <form class="card" on:submit=create data-testid="nova-conta-bancaria" style="margin-top:1rem">
            <h2 style="margin:0">"Nova conta"</h2>
            <label>"Nome"<input bind:value=name required placeholder="Ex.: Banco do Brasil" data-testid="conta-nome"/></label>
            <label>"Tipo"
                <select on:change=move |ev| kind.set(event_target_value(&ev)) data-testid="conta-tipo-conta">
                    {[AccountKind::Bank, AccountKind::Cash, AccountKind::Other].into_iter().map(|k| {
                        let v = format!("{k:?}");
                        let v2 = v.clone();
                        view! { <option value=v selected=move || kind.get() == v2>{account_kind_label(k)}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>"Saldo inicial (R$)"<input inputmode="decimal" bind:value=opening data-testid="conta-saldo-inicial"/></label>
            <label>"Data do saldo inicial"<input type="date" bind:value=opening_date data-testid="conta-data-saldo"/></label>
            {error_line(error)}
            <button type="submit" data-testid="conta-criar">"Criar conta"</button>
        </form>
    }
}

#[component]
fn RenameAccount(
    id: String,
    current: String,
    editing: RwSignal<Option<(String, bool)>>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let name = RwSignal::new(current);
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = id.clone();
        let n = name.get_untracked();
        spawn_local(async move {
            match app.run(move |b, ctx| b.rename_account(ctx, &id, &n)).await {
                Ok(()) => {
                    editing.set(None);
                    notice.set(Some("Conta renomeada.".into()));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <form on:submit=submit style="margin-top:0.5rem">
            <label>"Novo nome"<input bind:value=name required/></label>
            {error_line(error)}
            <div class="row" style="justify-content:flex-start">
                <button type="submit">"Salvar nome"</button>
                <button type="button" class="secondary" on:click=move |_| editing.set(None)>"Voltar"</button>
            </div>
        </form>
    }
}

/// Corrects an account's opening balance and its date; every balance from then follows.
#[component]
fn OpeningForm(
    id: String,
    correcting: RwSignal<Option<String>>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let current = app.read(|b| b.account(&id).ok().flatten()).flatten();
    let amount = RwSignal::new(
        current
            .as_ref()
            .map(|a| super::typed_amount(a.opening_balance))
            .unwrap_or_default(),
    );
    let when = RwSignal::new(
        current
            .as_ref()
            .map(|a| super::iso(a.opening_date))
            .unwrap_or_else(today_iso),
    );
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = match parse_brl(&amount.get_untracked()) {
            Ok(v) => v,
            Err(e) => return error.set(Some(format!("Saldo inicial: {e}"))),
        };
        let day = match parse_date(&when.get_untracked()) {
            Ok(d) => d,
            Err(e) => return error.set(Some(format!("Data do saldo: {e}"))),
        };
        let id = id.clone();
        spawn_local(async move {
            match app
                .run(move |b, ctx| b.correct_opening_balance(ctx, &id, value, day))
                .await
            {
                Ok(()) => {
                    correcting.set(None);
                    notice.set(Some(format!(
                        "Saldo inicial corrigido para {} em {}.",
                        brl(value),
                        date(day)
                    )));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <form on:submit=submit style="margin-top:0.5rem" data-testid="saldo-inicial-form">
            <label>"Saldo inicial correto (R$)"<input inputmode="decimal" bind:value=amount data-testid="saldo-inicial-valor"/></label>
            <label>"Data do saldo inicial"<input type="date" bind:value=when/></label>
            {error_line(error)}
            <div class="row" style="justify-content:flex-start">
                <button type="submit" data-testid="saldo-inicial-salvar">"Salvar saldo inicial"</button>
                <button type="button" class="secondary" on:click=move |_| correcting.set(None)>"Voltar"</button>
            </div>
        </form>
    }
}

#[component]
fn ArchiveAccount(
    id: String,
    editing: RwSignal<Option<(String, bool)>>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let error = RwSignal::new(None::<String>);
    let confirm = move |_| {
        let id = id.clone();
        spawn_local(async move {
            match app.run(move |b, ctx| b.archive_account(ctx, &id)).await {
                Ok(()) => {
                    editing.set(None);
                    notice.set(Some(
                        "Conta arquivada. O histórico dela continua nos relatórios.".into(),
                    ));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <div style="margin-top:0.5rem;display:grid;gap:0.5rem">
            <p class="alert warn" style="margin:0">"Arquivar esta conta? Ela não recebe mais movimentos, mas o histórico fica."</p>
            {error_line(error)}
            <div class="row" style="justify-content:flex-start">
                <button type="button" class="danger" on:click=confirm>"Confirmar arquivamento"</button>
                <button type="button" class="secondary" on:click=move |_| editing.set(None)>"Voltar"</button>
            </div>
        </div>
    }
}

#[component]
pub fn Categorias() -> impl IntoView {
    let app = use_app();
    let kind = RwSignal::new(CategoryKind::Expense);
    let tree = Memo::new(move |_| {
        let k = kind.get();
        app.read(|b| category_options(b, k)).unwrap_or_default()
    });
    let notice = RwSignal::new(None::<String>);
    let editing = RwSignal::new(None::<(String, bool)>);
    let name = RwSignal::new(String::new());
    let parent = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = NewCategory {
            name: name.get_untracked(),
            kind: kind.get_untracked(),
            parent: optional(parent.get_untracked()),
        };
        spawn_local(async move {
            match app.run(move |b, ctx| b.create_category(ctx, input)).await {
                Ok(_) => {
                    notice.set(Some(format!(
                        "Categoria \"{}\" criada.",
                        name.get_untracked().trim()
                    )));
                    name.set(String::new());
                    error.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let item = move |id: String, label: String, sub: bool| {
        let id_r = id.clone();
        let id_a = id.clone();
        let id_is = id.clone();
        let current = label.clone();
        view! {
            <li style=if sub { "padding:0.5rem 0 0.5rem 1rem;border-top:1px solid var(--border)" } else { "padding:0.5rem 0" }>
                // The buttons go under a long name rather than push the card past a phone's width.
                <div class="row" style="flex-wrap:wrap">
                    <span style=if sub { "" } else { "font-weight:700" }>{label}</span>
                    <span style="display:flex;gap:0.25rem">
                        <button type="button" class="secondary" aria-label=format!("Renomear {current}")
                            on:click=move |_| editing.set(Some((id_r.clone(), false)))>"Renomear"</button>
                        <button type="button" class="secondary" aria-label=format!("Arquivar {current}")
                            on:click=move |_| editing.set(Some((id_a.clone(), true)))>"Arquivar"</button>
                    </span>
                </div>
                {move || editing.get().filter(|(i, _)| *i == id_is).map(|(i, archive)| view! {
                    <CategoryEdit id=i archive=archive editing=editing notice=notice/>
                })}
            </li>
        }
    };
    view! {
        {notice_line(notice)}
        <div class="tabs" role="tablist" aria-label="Tipo de categoria">
            <button type="button" role="tab" aria-selected=move || (kind.get() == CategoryKind::Expense).to_string()
                on:click=move |_| { kind.set(CategoryKind::Expense); parent.set(String::new()); }>"Despesas"</button>
            <button type="button" role="tab" aria-selected=move || (kind.get() == CategoryKind::Income).to_string()
                data-testid="categorias-receitas"
                on:click=move |_| { kind.set(CategoryKind::Income); parent.set(String::new()); }>"Receitas"</button>
        </div>
        <ul class="list" style="margin-top:0.75rem" data-testid="categorias">
            {move || tree.get().into_iter().map(|((gid, gname), children)| view! {
                <li class="card">
                    <ul class="list" style="gap:0">
                        {item(gid, gname, false)}
                        {children.into_iter().map(|(id, n)| item(id, n, true)).collect_view()}
                    </ul>
                </li>
            }).collect_view()}
        </ul>
        <form class="card" on:submit=create style="margin-top:1rem" data-testid="nova-categoria">
            <h2 style="margin:0">{move || if kind.get() == CategoryKind::Expense { "Nova categoria de despesa" } else { "Nova categoria de receita" }}</h2>
            <label>"Nome"<input bind:value=name required/></label>
            <label>"Dentro de"
                <select on:change=move |ev| parent.set(event_target_value(&ev))>
                    <option value="">"Nenhuma (novo grupo)"</option>
                    {move || tree.get().into_iter().map(|((gid, gname), _)| {
                        let g2 = gid.clone();
                        view! { <option value=gid selected=move || parent.get() == g2>{gname}</option> }
                    }).collect_view()}
                </select>
            </label>
            {error_line(error)}
            <button type="submit">"Criar categoria"</button>
        </form>
    }
}

#[component]
fn CategoryEdit(
    id: String,
    archive: bool,
    editing: RwSignal<Option<(String, bool)>>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = id.clone();
        let n = name.get_untracked();
        spawn_local(async move {
            let result = if archive {
                app.run(move |b, ctx| b.archive_category(ctx, &id)).await
            } else {
                app.run(move |b, ctx| b.rename_category(ctx, &id, &n)).await
            };
            match result {
                Ok(()) => {
                    editing.set(None);
                    notice.set(Some(
                        if archive {
                            "Categoria arquivada."
                        } else {
                            "Categoria renomeada."
                        }
                        .into(),
                    ));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <form on:submit=submit style="margin-top:0.5rem">
            {if archive {
                view! { <p class="alert warn" style="margin:0">"Arquivar esta categoria? Ela deixa de ser oferecida; os lançamentos antigos continuam com ela."</p> }.into_any()
            } else {
                view! { <label>"Novo nome"<input bind:value=name required/></label> }.into_any()
            }}
            {error_line(error)}
            <div class="row" style="justify-content:flex-start">
                <button type="submit" class=if archive { "danger" } else { "" }>{if archive { "Confirmar arquivamento" } else { "Salvar nome" }}</button>
                <button type="button" class="secondary" on:click=move |_| editing.set(None)>"Voltar"</button>
            </div>
        </form>
    }
}

#[component]
pub fn Transferencias() -> impl IntoView {
    let app = use_app();
    let accounts = Memo::new(move |_| app.read(account_options).unwrap_or_default());
    let transfers = Memo::new(move |_| {
        app.read(|b| {
            let names: std::collections::HashMap<String, String> = b
                .accounts()
                .unwrap_or_default()
                .into_iter()
                .map(|(id, a)| (id, a.name))
                .collect();
            let mut list: Vec<_> = b
                .transfers()
                .unwrap_or_default()
                .into_iter()
                .map(|(id, t)| {
                    let from = names.get(&t.from).cloned().unwrap_or_else(|| "?".into());
                    let to = names.get(&t.to).cloned().unwrap_or_else(|| "?".into());
                    (id, t.date, from, to, t.amount, t.description)
                })
                .collect();
            list.sort_by_key(|t| std::cmp::Reverse(t.1));
            list
        })
        .unwrap_or_default()
    });
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let when = RwSignal::new(today_iso());
    let description = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let shown = RwSignal::new(50usize);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = match parse_brl(&amount.get_untracked()) {
            Ok(v) => v,
            Err(e) => return error.set(Some(format!("Valor: {e}"))),
        };
        let day = match parse_date(&when.get_untracked()) {
            Ok(d) => d,
            Err(e) => return error.set(Some(format!("Data: {e}"))),
        };
        let (f, t) = (from.get_untracked(), to.get_untracked());
        if f.is_empty() || t.is_empty() {
            return error.set(Some("Escolha a conta de origem e a de destino.".into()));
        }
        let input = NewTransfer {
            date: day,
            from: f,
            to: t,
            amount: value,
            description: optional(description.get_untracked()),
        };
        spawn_local(async move {
            match app.run(move |b, ctx| b.create_transfer(ctx, input)).await {
                Ok(_) => {
                    notice.set(Some(format!("Transferência de {} registrada.", brl(value))));
                    amount.set(String::new());
                    description.set(String::new());
                    error.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let picker = move |sig: RwSignal<String>| {
        move || {
            accounts
                .get()
                .into_iter()
                .filter(|a| !a.archived)
                .map(|a| {
                    let id2 = a.id.clone();
                    view! { <option value=a.id selected=move || sig.get() == id2>{a.name}</option> }
                })
                .collect_view()
        }
    };
    view! {
        {notice_line(notice)}
        <form class="card" on:submit=submit data-testid="nova-transferencia">
            <h2 style="margin:0">"Nova transferência"</h2>
            <label>"De"
                <select on:change=move |ev| from.set(event_target_value(&ev)) data-testid="transf-de">
                    <option value="">"Escolha a conta"</option>
                    {picker(from)}
                </select>
            </label>
            <label>"Para"
                <select on:change=move |ev| to.set(event_target_value(&ev)) data-testid="transf-para">
                    <option value="">"Escolha a conta"</option>
                    {picker(to)}
                </select>
            </label>
            <label>"Valor (R$)"<input inputmode="decimal" bind:value=amount data-testid="transf-valor"/></label>
            <label>"Data"<input type="date" bind:value=when data-testid="transf-data"/></label>
            <label>"Descrição (opcional)"<input bind:value=description placeholder="Ex.: Depósito do caixa"/></label>
            {error_line(error)}
            <button type="submit" data-testid="transf-salvar">"Transferir"</button>
        </form>
        <h2>"Transferências"</h2>
        {move || {
            let list = transfers.get();
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
                        on:click=move |_| shown.update(|s| *s += 50)>"Mostrar mais"</button>
                })}
            }.into_any()
        }}
    }
}
