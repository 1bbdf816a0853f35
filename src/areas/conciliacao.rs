//! Conciliação bancária (OFX import and matching) and Exportar (files for the accountant).
//!
//! The OFX file is read by `formats` (a file cut short is refused there, with its pt-BR
//! message, and nothing is imported); every statement of the file is previewed with its
//! own choice of account, and each is imported by one core operation, which refuses a
//! credit-card statement into a bank account.

use leptos::prelude::*;
use retaguarda_core::export::{self, CsvDialect};
use retaguarda_core::formats::ofx::{self, Statement};
use retaguarda_core::ledger::{AccountKind, CategoryKind};
use retaguarda_core::reconcile::{
    BalanceCheck, Candidate, LineOutcome, LineProposal, MatchTarget, NewFromLine,
    DEFAULT_WINDOW_DAYS,
};

use super::AreaHeader;

/// One core operation on a statement line, run when the person taps its button.
type LineOp = Box<
    dyn FnOnce(
        &mut retaguarda_core::Business,
        &retaguarda_core::OpCtx,
    ) -> retaguarda_core::CoreResult<()>,
>;
use crate::fmt::{brl, date};
use crate::state::{today, use_app};

/// The pt-BR name of a candidate's kind, so people know what confirming settles.
fn target_label(target: &MatchTarget) -> &'static str {
    match target {
        MatchTarget::Entry(_) => "Lançamento em aberto",
        MatchTarget::Charge(_) => "Cobrança pendente",
        MatchTarget::Payment { .. } => "Pagamento já registrado",
    }
}

#[component]
pub fn Conciliacao() -> impl IntoView {
    let app = use_app();
    let chosen = RwSignal::new(String::new());
    // Every statement of the chosen file, numbered from 1 as in the file; one leaves the
    // list once imported.
    let previews: RwSignal<Vec<(usize, Statement)>> = RwSignal::new(Vec::new());
    // How many statements the file had: the previews keep their numbers as some leave.
    let in_file = RwSignal::new(0_usize);
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let notice: RwSignal<Option<String>> = RwSignal::new(None);

    // Bank accounts first, since statements come from banks; archived ones take no movements.
    let accounts = Memo::new(move |_| {
        let mut list: Vec<(String, String, bool)> = app
            .read(|b| b.accounts())
            .and_then(|r| r.ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, a)| !a.archived)
            .map(|(id, a)| (id, a.name, a.kind == AccountKind::Bank))
            .collect();
        list.sort_by_key(|(_, _, bank)| !*bank);
        list
    });
    let account = Memo::new(move |_| {
        let c = chosen.get();
        if c.is_empty() {
            accounts
                .get()
                .first()
                .map(|(id, _, _)| id.clone())
                .unwrap_or_default()
        } else {
            c
        }
    });
    let categories = Memo::new(move |_| {
        app.read(|b| b.categories())
            .and_then(|r| r.ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, c)| !c.archived)
            .map(|(id, c)| (id, c.name, c.kind))
            .collect::<Vec<_>>()
    });
    let proposals = Memo::new(move |_| -> Result<Vec<LineProposal>, String> {
        let acc = account.get();
        if acc.is_empty() {
            return Ok(Vec::new());
        }
        app.read(|b| b.bank_proposals(&acc, DEFAULT_WINDOW_DAYS))
            .unwrap_or(Ok(Vec::new()))
            .map_err(|e| e.to_string())
    });
    // Percentage of the chosen statement read so far, while it is being read.
    let reading = RwSignal::new(None::<u32>);
    let balance = Memo::new(move |_| -> Option<BalanceCheck> {
        let acc = account.get();
        if acc.is_empty() {
            return None;
        }
        app.read(|b| b.bank_balance_check(&acc))
            .and_then(|r| r.ok())
            .flatten()
    });

    let on_progress = Callback::new(move |percent: u32| reading.set(Some(percent)));
    let on_file = Callback::new(move |bytes: Vec<u8>| {
        notice.set(None);
        reading.set(None);
        match ofx::parse_all(&bytes) {
            Ok(all) => {
                error.set(None);
                in_file.set(all.len());
                previews.set((1..).zip(all).collect());
            }
            Err(e) => {
                previews.set(Vec::new());
                error.set(Some(format!("{e}. Nada foi importado.")));
            }
        }
    });

    // Imports statement `number` into `acc`: one core operation.
    let import = move |number: usize, acc: String| {
        let Some(st) = previews
            .get_untracked()
            .into_iter()
            .find(|(n, _)| *n == number)
            .map(|(_, st)| st)
        else {
            return;
        };
        if acc.is_empty() {
            error.set(Some(if accounts.get_untracked().is_empty() {
                "Cadastre uma conta bancária no Caixa antes de importar.".into()
            } else {
                format!("Escolha a conta do extrato {number}.")
            }));
            return;
        }
        leptos::task::spawn_local(async move {
            let target = acc.clone();
            match app
                .run(move |b, ctx| b.import_statement(ctx, &target, &st))
                .await
            {
                Ok(r) => {
                    error.set(None);
                    previews.update(|list| list.retain(|(n, _)| *n != number));
                    chosen.set(acc);
                    notice.set(Some(format!(
                        "Extrato importado: {} linhas novas, {} já importadas. \
                         Conciliados: {}, ambíguos: {}, novos: {}.",
                        r.imported,
                        r.duplicates,
                        r.matched(),
                        r.ambiguous(),
                        r.new_lines()
                    )));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };

    // Runs a core operation on a line and reports the outcome in the page's alerts.
    let act = move |done: &'static str, op: LineOp| {
        leptos::task::spawn_local(async move {
            match app.run(op).await {
                Ok(()) => {
                    error.set(None);
                    notice.set(Some(done.to_string()));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };

    let preview_view = move || {
        let list = previews.get();
        let several = in_file.get() > 1;
        let heading = (several && !list.is_empty()).then(|| {
            view! {
                <p class="alert" role="status" data-testid="ofx-several">
                    {format!(
                        "Este arquivo tem {} extratos. Escolha a conta de cada um.",
                        in_file.get()
                    )}
                </p>
            }
        });
        let cards = list
            .into_iter()
            .map(|(number, st)| {
                let period = match (st.start, st.end) {
                    (Some(s), Some(e)) => format!("{} a {}", date(s), date(e)),
                    (Some(s), None) => format!("desde {}", date(s)),
                    (None, Some(e)) => format!("até {}", date(e)),
                    (None, None) => "não informado".to_string(),
                };
                let bank = st
                    .account
                    .bank_id
                    .clone()
                    .filter(|b| !b.is_empty())
                    .unwrap_or_else(|| "não informado".into());
                let ledger = st
                    .ledger_balance
                    .as_ref()
                    .map(|b| brl(b.amount))
                    .unwrap_or_else(|| "não informado".into());
                let kind = match st.kind {
                    ofx::StatementKind::Bank => "Conta bancária",
                    ofx::StatementKind::CreditCard => "Cartão de crédito",
                };
                // One statement follows the account chosen above; several must each be
                // given one.
                let picked: RwSignal<Option<String>> = RwSignal::new(None);
                let target = move || {
                    picked.get().unwrap_or_else(|| {
                        if several {
                            String::new()
                        } else {
                            account.get()
                        }
                    })
                };
                let select_id = format!("ofx-conta-{number}");
                let title = if several {
                    format!("Extrato {number}")
                } else {
                    "Prévia do extrato".to_string()
                };
                view! {
                    <form
                        class="card"
                        data-testid="ofx-preview"
                        on:submit=move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            import(number, target());
                        }
                    >
                        <h2>{title}</h2>
                        <dl>
                            <dt>"Tipo"</dt><dd data-testid="preview-kind">{kind}</dd>
                            <dt>"Banco"</dt><dd data-testid="preview-bank">{bank}</dd>
                            <dt>"Conta"</dt><dd data-testid="preview-account">{st.account.account_id.clone()}</dd>
                            <dt>"Período"</dt><dd data-testid="preview-period">{period}</dd>
                            <dt>"Linhas"</dt><dd data-testid="preview-lines">{st.transactions.len()}</dd>
                            <dt>"Saldo do extrato (LEDGERBAL)"</dt><dd class="money" data-testid="preview-ledgerbal">{ledger}</dd>
                        </dl>
                        <label for=select_id.clone()>"Importar na conta"</label>
                        <select
                            id=select_id
                            prop:value=target
                            on:change=move |ev| picked.set(Some(event_target_value(&ev)))
                        >
                            <option value="">"Escolha a conta"</option>
                            {move || {
                                accounts
                                    .get()
                                    .into_iter()
                                    .map(|(id, name, _)| view! { <option value=id>{name}</option> })
                                    .collect_view()
                            }}
                        </select>
                        <button type="submit">"Importar extrato"</button>
                    </form>
                }
            })
            .collect_view();
        view! { {heading} {cards} }
    };

    let candidate_row = move |key: String, c: Candidate, label: &'static str| {
        let target = c.target.clone();
        view! {
            <li class="row">
                <span>
                    {c.description.clone()} " · " {target_label(&c.target)} " · " {date(c.date)}
                </span>
                <span class="money">{brl(c.amount)}</span>
                <button type="button" on:click=move |_| {
                    let key = key.clone();
                    let target = target.clone();
                    act(
                        "Lançamento conciliado.",
                        Box::new(move |b, ctx| b.confirm_bank_match(ctx, &key, &target)),
                    );
                }>{label}</button>
            </li>
        }
    };

    let line_head = |p: &LineProposal| {
        view! {
            <span>{date(p.line.date)} " · " {p.line.description()}</span>
            <span class="money">{brl(p.line.amount)}</span>
        }
    };

    let lists = move || {
        match proposals.get() {
        Err(e) => view! { <p class="alert error" role="alert">{e}</p> }.into_any(),
        Ok(all) if all.is_empty() => view! {
            <p class="empty" data-testid="no-pending">"Nenhuma linha do extrato pendente nesta conta."</p>
        }
        .into_any(),
        Ok(all) => {
            let mut matched = Vec::new();
            let mut ambiguous = Vec::new();
            let mut new = Vec::new();
            for p in all {
                match &p.outcome {
                    LineOutcome::Matched(_) => matched.push(p),
                    LineOutcome::Ambiguous(_) => ambiguous.push(p),
                    LineOutcome::New { .. } => new.push(p),
                }
            }
            let matched_view = matched
                .into_iter()
                .map(|p| {
                    let head = line_head(&p);
                    let LineOutcome::Matched(c) = p.outcome.clone() else {
                        return ().into_any();
                    };
                    view! {
                        <li class="card" data-testid="line-matched">
                            <div class="row">{head}</div>
                            <ul class="list">{candidate_row(p.key.clone(), c, "Confirmar")}</ul>
                        </li>
                    }
                    .into_any()
                })
                .collect_view();
            let ambiguous_view = ambiguous
                .into_iter()
                .map(|p| {
                    let head = line_head(&p);
                    let LineOutcome::Ambiguous(cands) = p.outcome.clone() else {
                        return ().into_any();
                    };
                    let key = p.key.clone();
                    view! {
                        <li class="card" data-testid="line-ambiguous">
                            <div class="row">{head}</div>
                            <ul class="list">
                                {cands
                                    .into_iter()
                                    .map(|c| candidate_row(key.clone(), c, "É este"))
                                    .collect_view()}
                            </ul>
                        </li>
                    }
                    .into_any()
                })
                .collect_view();
            let new_view = new
                .into_iter()
                .map(|p| {
                    let head = line_head(&p);
                    let LineOutcome::New { suggested_category } = p.outcome.clone() else {
                        return ().into_any();
                    };
                    let hint = suggested_category.as_ref().map(|c| {
                        view! {
                            <p class="muted" data-testid="suggested-category">
                                {format!("Sugestão: {}, como em lançamentos parecidos.", c.name)}
                            </p>
                        }
                    });
                    let suggested_category = suggested_category.map(|c| c.id);
                    let kind = if p.line.amount.is_sign_negative() {
                        CategoryKind::Expense
                    } else {
                        CategoryKind::Income
                    };
                    let category = RwSignal::new(suggested_category.clone().unwrap_or_default());
                    let options = categories
                        .get_untracked()
                        .into_iter()
                        .filter(|(_, _, k)| *k == kind)
                        .map(|(id, name, _)| {
                            // Marked on the option too: the select's value may be set before
                            // its options exist.
                            let selected = Some(&id) == suggested_category.as_ref();
                            view! { <option value=id selected=selected>{name}</option> }
                        })
                        .collect_view();
                    let key_create = p.key.clone();
                    let key_ignore = p.key.clone();
                    let select_id = format!("cat-{}", p.key);
                    view! {
                        <li class="card" data-testid="line-new">
                            <div class="row">{head}</div>
                            {hint}
                            <label for=select_id.clone()>"Categoria"</label>
                            <select
                                id=select_id
                                prop:value=move || category.get()
                                on:change=move |ev| category.set(event_target_value(&ev))
                            >
                                <option value="">"Sem categoria"</option>
                                {options}
                            </select>
                            <div class="row">
                                <button type="button" on:click=move |_| {
                                    let key = key_create.clone();
                                    let cat = category.get_untracked();
                                    let input = NewFromLine {
                                        category: (!cat.is_empty()).then_some(cat),
                                        ..NewFromLine::default()
                                    };
                                    act(
                                        "Lançamento criado do extrato.",
                                        Box::new(move |b, ctx| {
                                            b.create_entry_from_line(ctx, &key, input).map(|_| ())
                                        }),
                                    );
                                }>"Criar lançamento"</button>
                                <button type="button" class="secondary" on:click=move |_| {
                                    let key = key_ignore.clone();
                                    act(
                                        "Linha ignorada.",
                                        Box::new(move |b, ctx| b.ignore_bank_line(ctx, &key)),
                                    );
                                }>"Ignorar"</button>
                            </div>
                        </li>
                    }
                    .into_any()
                })
                .collect_view();
            view! {
                <section data-testid="group-matched">
                    <h2>"Conciliados automaticamente / Sugestões"</h2>
                    <ul class="list">{matched_view}</ul>
                </section>
                <section data-testid="group-ambiguous">
                    <h2>"Ambíguos"</h2>
                    <ul class="list">{ambiguous_view}</ul>
                </section>
                <section data-testid="group-new">
                    <h2>"Novos"</h2>
                    <ul class="list">{new_view}</ul>
                </section>
            }
            .into_any()
        }
    }
    };

    let balance_view = move || {
        balance.get().map(|b| {
            view! {
                <section class="card" data-testid="balance-check">
                    <h2>"Saldo em " {date(b.as_of)}</h2>
                    <dl>
                        <dt>"Extrato"</dt><dd class="money">{brl(b.statement)}</dd>
                        <dt>"Livros"</dt><dd class="money">{brl(b.book)}</dd>
                        <dt>"Diferença"</dt><dd class="money" data-testid="balance-difference">{brl(b.difference)}</dd>
                    </dl>
                </section>
            }
        })
    };

    view! {
        <AreaHeader title="Conciliação"/>
        <section class="card">
            <label for="conc-account">"Conta bancária"</label>
            <select
                id="conc-account"
                prop:value=move || account.get()
                on:change=move |ev| chosen.set(event_target_value(&ev))
            >
                {move || {
                    accounts
                        .get()
                        .into_iter()
                        .map(|(id, name, _)| view! { <option value=id>{name}</option> })
                        .collect_view()
                }}
            </select>
            <crate::widgets::FilePick label="Arquivo OFX do banco" accept=".ofx,.OFX" on_file=on_file on_progress=on_progress/>
            {move || reading.get().map(|p| view! {
                <p role="status" data-testid="ofx-progresso">
                    <progress max="100" value=p aria-label="Leitura do extrato"></progress>
                    {format!(" Lendo o extrato: {p}%")}
                </p>
            })}
        </section>
        {move || error.get().map(|e| view! { <p class="alert error" role="alert">{e}</p> })}
        {move || notice.get().map(|m| view! { <p class="alert" role="status" data-testid="conc-notice">{m}</p> })}
        {preview_view}
        {balance_view}
        {lists}
    }
}

/// The date part of exported file names.
fn stamp() -> String {
    today().format("%Y-%m-%d").to_string()
}

#[component]
pub fn Exportar() -> impl IntoView {
    let app = use_app();
    let result: RwSignal<Option<Result<String, String>>> = RwSignal::new(None);

    let export_file = move |ext: &'static str, mime: &'static str, which: u8| {
        let text = app.read(|b| match which {
            0 => export::hledger(b),
            1 => export::beancount(b),
            2 => export::entries_csv(b, CsvDialect::Br),
            _ => export::entries_csv(b, CsvDialect::Iso),
        });
        let outcome = match text {
            None => Err("Os dados ainda estão carregando.".to_string()),
            Some(Err(e)) => Err(e.to_string()),
            Some(Ok(text)) => {
                let name = format!("retaguarda-{}{}", stamp(), ext);
                crate::widgets::download(&name, mime, text.as_bytes())
                    .map(|_| format!("Arquivo {name} baixado."))
            }
        };
        result.set(Some(outcome));
    };

    view! {
        <AreaHeader title="Exportar"/>
        <p class="empty">"Arquivos para o contador: hledger, beancount e CSV."</p>
        <section class="card">
            <ul class="list">
                <li class="row">
                    <button type="button" data-testid="export-hledger"
                        on:click=move |_| export_file(".journal", "text/plain", 0)>
                        "Baixar diário hledger"
                    </button>
                </li>
                <li class="row">
                    <button type="button" data-testid="export-beancount"
                        on:click=move |_| export_file(".beancount", "text/plain", 1)>
                        "Baixar arquivo beancount"
                    </button>
                </li>
                <li class="row">
                    <button type="button" data-testid="export-csv-br"
                        on:click=move |_| export_file("-br.csv", "text/csv", 2)>
                        "Baixar CSV (pt-BR: ; e vírgula)"
                    </button>
                </li>
                <li class="row">
                    <button type="button" data-testid="export-csv-iso"
                        on:click=move |_| export_file("-iso.csv", "text/csv", 3)>
                        "Baixar CSV (ISO: , e ponto)"
                    </button>
                </li>
            </ul>
        </section>
        {move || result.get().map(|r| match r {
            Ok(m) => view! { <p class="alert" role="status">{m}</p> }.into_any(),
            Err(e) => view! { <p class="alert error" role="alert">{e}</p> }.into_any(),
        })}
    }
}
