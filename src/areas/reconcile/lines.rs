//! The chosen account's statement lines still pending, grouped as core proposes them:
//! matched (confirm), ambiguous (pick the one) and new (create an entry or ignore). Each
//! tap is one core operation.

use leptos::prelude::*;
use retaguarda_core::ledger::CategoryKind;
use retaguarda_core::reconcile::{
    Candidate, LineOutcome, LineProposal, MatchTarget, NewFromLine, DEFAULT_WINDOW_DAYS,
};

use crate::fmt::{brl, date};
use crate::state::use_app;
use crate::ui::{show, FormError, FormErrorView, SelectField, Submit, Topic};

/// The pt-BR name of a candidate's kind, so people know what confirming settles.
fn target_label(target: &MatchTarget) -> &'static str {
    match target {
        MatchTarget::Entry(_) => "Lançamento em aberto",
        MatchTarget::Charge(_) => "Cobrança pendente",
        MatchTarget::Payment { .. } => "Pagamento já registrado",
    }
}

/// What a tap on a line asks core to do.
#[derive(Debug, Clone, PartialEq)]
enum LineAction {
    Confirm {
        key: String,
        target: MatchTarget,
    },
    Create {
        key: String,
        category: Option<String>,
    },
    Ignore {
        key: String,
    },
}

fn line_head(p: &LineProposal) -> impl IntoView {
    view! {
        <span>{date(p.line.date)} " · " {p.line.description()}</span>
        <span class="money">{brl(p.line.amount)}</span>
    }
}

#[component]
pub fn Pending(account: Memo<String>, notice: RwSignal<Option<String>>) -> impl IntoView {
    let app = use_app();
    let categories = Memo::new(move |_| {
        app.query(&[Topic::Categories], |b| {
            Ok(b.categories()?
                .into_iter()
                .filter(|(_, c)| !c.archived)
                .map(|(id, c)| (id, c.name, c.kind))
                .collect::<Vec<_>>())
        })
    });
    let proposals = Memo::new(move |_| {
        let acc = account.get();
        if acc.is_empty() {
            return Ok(Vec::new());
        }
        app.query(&[Topic::BankLines, Topic::Entries, Topic::Charges], |b| {
            b.bank_proposals(&acc, DEFAULT_WINDOW_DAYS)
        })
    });
    let next = RwSignal::new(None::<LineAction>);
    let act = Submit::new(
        move || {
            let action = next.get_untracked();
            async move {
                let action = action.ok_or_else(|| FormError::Missing("Escolha a linha.".into()))?;
                let done = match action {
                    LineAction::Confirm { key, target } => {
                        app.run(move |b, ctx| b.confirm_bank_match(ctx, &key, &target))
                            .await?;
                        "Lançamento conciliado."
                    }
                    LineAction::Create { key, category } => {
                        let input = NewFromLine {
                            category,
                            ..NewFromLine::default()
                        };
                        app.run(move |b, ctx| b.create_entry_from_line(ctx, &key, input))
                            .await?;
                        "Lançamento criado do extrato."
                    }
                    LineAction::Ignore { key } => {
                        app.run(move |b, ctx| b.ignore_bank_line(ctx, &key)).await?;
                        "Linha ignorada."
                    }
                };
                Ok(done)
            }
        },
        move |done: &'static str| notice.set(Some(done.to_string())),
    );
    let run = move |action: LineAction| {
        next.set(Some(action));
        act.dispatch();
    };

    let candidate_row = move |key: String, c: Candidate, label: &'static str| {
        let target = c.target.clone();
        view! {
            <li class="row">
                <span>
                    {c.description.clone()} " · " {target_label(&c.target)} " · " {date(c.date)}
                </span>
                <span class="money">{brl(c.amount)}</span>
                <button type="button" disabled=move || act.busy().get() on:click=move |_| {
                    run(LineAction::Confirm { key: key.clone(), target: target.clone() })
                }>{label}</button>
            </li>
        }
    };

    let new_line = move |p: LineProposal| {
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
        let suggested = suggested_category.map(|c| c.id);
        let kind = if p.line.amount.is_sign_negative() {
            CategoryKind::Expense
        } else {
            CategoryKind::Income
        };
        let category = RwSignal::new(suggested.clone().unwrap_or_default());
        let options = Signal::derive(move || {
            categories.get().map(|list| {
                list.into_iter()
                    .filter(|(_, _, k)| *k == kind)
                    .map(|(id, name, _)| (id, name))
                    .collect()
            })
        });
        let (key_create, key_ignore) = (p.key.clone(), p.key.clone());
        view! {
            <li class="card" data-testid="line-new">
                <div class="row">{line_head(&p)}</div>
                {hint}
                <SelectField label="Categoria" value=category options=options empty="Sem categoria"/>
                <div class="row">
                    <button type="button" disabled=move || act.busy().get() on:click=move |_| {
                        let cat = category.get_untracked();
                        run(LineAction::Create {
                            key: key_create.clone(),
                            category: (!cat.is_empty()).then_some(cat),
                        })
                    }>"Criar lançamento"</button>
                    <button type="button" class="secondary" disabled=move || act.busy().get()
                        on:click=move |_| run(LineAction::Ignore { key: key_ignore.clone() })>"Ignorar"</button>
                </div>
            </li>
        }
        .into_any()
    };

    let lists = move |all: Vec<LineProposal>| {
        if all.is_empty() {
            return view! {
                <p class="empty" data-testid="no-pending">"Nenhuma linha do extrato pendente nesta conta."</p>
            }
            .into_any();
        }
        let (mut matched, mut ambiguous, mut new) = (Vec::new(), Vec::new(), Vec::new());
        for p in all {
            match &p.outcome {
                LineOutcome::Matched(c) => matched.push((p.clone(), c.clone())),
                LineOutcome::Ambiguous(cands) => ambiguous.push((p.clone(), cands.clone())),
                LineOutcome::New { .. } => new.push(p),
            }
        }
        view! {
            <section data-testid="group-matched">
                <h2>"Conciliados automaticamente / Sugestões"</h2>
                <ul class="list">
                    {matched.into_iter().map(|(p, c)| view! {
                        <li class="card" data-testid="line-matched">
                            <div class="row">{line_head(&p)}</div>
                            <ul class="list">{candidate_row(p.key.clone(), c, "Confirmar")}</ul>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
            <section data-testid="group-ambiguous">
                <h2>"Ambíguos"</h2>
                <ul class="list">
                    {ambiguous.into_iter().map(|(p, cands)| view! {
                        <li class="card" data-testid="line-ambiguous">
                            <div class="row">{line_head(&p)}</div>
                            <ul class="list">
                                {cands.into_iter().map(|c| candidate_row(p.key.clone(), c, "É este")).collect_view()}
                            </ul>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
            <section data-testid="group-new">
                <h2>"Novos"</h2>
                <ul class="list">{new.into_iter().map(new_line).collect_view()}</ul>
            </section>
        }
        .into_any()
    };

    view! {
        <FormErrorView submit=act/>
        {move || show(proposals.get(), lists)}
    }
}
