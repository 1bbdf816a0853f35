//! Categorias: the two-level plan of income and expense categories; creating a group or a
//! subcategory, renaming and archiving one.

use leptos::prelude::*;
use retaguarda_core::ledger::{CategoryKind, NewCategory};

use super::super::{category_choices, optional};
use super::notice_line;
use crate::state::use_app;
use crate::ui::{show, Field, Form, FormErrorView, SelectField, Submit};

#[component]
pub fn CategoriesTab() -> impl IntoView {
    let app = use_app();
    let kind = RwSignal::new(CategoryKind::Expense);
    let tree = category_choices(app, move || vec![kind.get()]);
    let notice = RwSignal::new(None::<String>);
    let editing = RwSignal::new(None::<(String, bool)>);
    let name = RwSignal::new(String::new());
    let parent = RwSignal::new(String::new());
    let create = Submit::new(
        move || {
            let input = NewCategory {
                name: name.get_untracked(),
                kind: kind.get_untracked(),
                parent: optional(parent.get_untracked()),
            };
            async move {
                let text = input.name.clone();
                app.run(move |b, ctx| b.create_category(ctx, input)).await?;
                Ok(text)
            }
        },
        move |text: String| {
            notice.set(Some(format!("Categoria \"{}\" criada.", text.trim())));
            name.set(String::new());
        },
    );
    let groups = Signal::derive(move || {
        tree.get().map(|groups| {
            groups
                .into_iter()
                .map(|((gid, gname), _)| (gid, gname))
                .collect()
        })
    });
    let item = move |id: String, label: String, sub: bool| {
        let id_r = id.clone();
        let id_a = id.clone();
        let id_is = id.clone();
        let current = label.clone();
        view! {
            <li class=if sub { "category-item sub" } else { "category-item" }>
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
        {move || show(tree.get(), move |groups| view! {
            <ul class="list" style="margin-top:0.75rem" data-testid="categorias">
                {groups.into_iter().map(|((gid, gname), children)| view! {
                    <li class="card">
                        <ul class="list" style="gap:0">
                            {item(gid, gname, false)}
                            {children.into_iter().map(|(id, n)| item(id, n, true)).collect_view()}
                        </ul>
                    </li>
                }).collect_view()}
            </ul>
        })}
        <div class="card" style="margin-top:1rem">
            <form on:submit=create.on_submit() data-testid="nova-categoria">
                <h2 style="margin:0">{move || if kind.get() == CategoryKind::Expense { "Nova categoria de despesa" } else { "Nova categoria de receita" }}</h2>
                <Field label="Nome" value=name required=true/>
                <SelectField label="Dentro de" value=parent options=groups empty="Nenhuma (novo grupo)"/>
                <FormErrorView submit=create testid="form-erro"/>
                <button type="submit" disabled=move || create.busy().get()>"Criar categoria"</button>
            </form>
        </div>
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
    let save = Submit::new(
        move || {
            let (id, text) = (id.clone(), name.get_untracked());
            async move {
                if archive {
                    app.run(move |b, ctx| b.archive_category(ctx, &id)).await?;
                } else {
                    app.run(move |b, ctx| b.rename_category(ctx, &id, &text))
                        .await?;
                }
                Ok(())
            }
        },
        move |()| {
            editing.set(None);
            notice.set(Some(
                if archive {
                    "Categoria arquivada."
                } else {
                    "Categoria renomeada."
                }
                .into(),
            ));
        },
    );
    view! {
        <Form submit=save class="inline" error_testid="form-erro" danger=archive
            label=if archive { "Confirmar arquivamento" } else { "Salvar nome" }
            on_cancel=move |_| editing.set(None)>
            {if archive {
                view! { <p class="alert warn" style="margin:0">"Arquivar esta categoria? Ela deixa de ser oferecida; os lançamentos antigos continuam com ela."</p> }.into_any()
            } else {
                view! { <Field label="Novo nome" value=name required=true/> }.into_any()
            }}
        </Form>
    }
}
