//! Caixa: payables and receivables with their payments, accounts with their balances,
//! the category plan and transfers between accounts.
//!
//! The tabs (Lançamentos, Contas, Categorias, Transferências, Recorrentes) are a query parameter
//! (`?aba=contas`) so a link can open one; `?lancamento=<id>` shows one entry (links from
//! the Histórico).

mod entries;
mod recurring;
mod setup;

pub(crate) use entries::new_entry::NewEntryButtons;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use retaguarda_core::ledger::{AccountKind, CategoryKind};
use retaguarda_core::{Business, CoreResult};
use rust_decimal::Decimal;

use super::AreaHeader;
use crate::state::{today, AppCtx};
use crate::ui::read::ReadError;
use crate::ui::{Choices, SelectField, Topic};

/// The tabs of the Caixa screen: query value and label.
const TABS: &[(&str, &str)] = &[
    ("lancamentos", "Lançamentos"),
    ("contas", "Contas"),
    ("categorias", "Categorias"),
    ("transferencias", "Transferências"),
    ("recorrentes", "Recorrentes"),
];

#[component]
pub fn LedgerPage() -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    let tab = Memo::new(move |_| {
        query
            .read()
            .get("aba")
            .filter(|t| TABS.iter().any(|(k, _)| k == t))
            .unwrap_or_else(|| "lancamentos".to_string())
    });
    let focus = Memo::new(move |_| query.read().get("lancamento"));
    // Recurring entries due up to the end of next month are created as Caixa opens.
    recurring::materialise(crate::state::use_app());
    view! {
        <AreaHeader title="Caixa"/>
        <div class="tabs tabs-wrap" role="tablist" aria-label="Seções do caixa">
            {TABS
                .iter()
                .map(|(key, label)| {
                    let navigate = navigate.clone();
                    let key = *key;
                    view! {
                        <button
                            type="button"
                            role="tab"
                            id=format!("tab-{key}")
                            aria-controls="caixa-panel"
                            aria-selected=move || (tab.get() == key).to_string()
                            data-testid=format!("caixa-tab-{key}")
                            on:click=move |_| navigate(&format!("/caixa?aba={key}"), Default::default())
                        >
                            {*label}
                        </button>
                    }
                })
                .collect_view()}
        </div>
        <section
            id="caixa-panel"
            role="tabpanel"
            aria-labelledby=move || format!("tab-{}", tab.get())
            style="padding-top:0.75rem"
        >
            {move || match tab.get().as_str() {
                "contas" => view! { <setup::AccountsTab/> }.into_any(),
                "categorias" => view! { <setup::CategoriesTab/> }.into_any(),
                "transferencias" => view! { <setup::TransfersTab/> }.into_any(),
                "recorrentes" => view! { <recurring::RecurringTab/> }.into_any(),
                _ => view! { <entries::EntriesTab focus=focus/> }.into_any(),
            }}
        </section>
    }
}

/// An account as the pickers show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AccountOption {
    pub id: String,
    pub name: String,
    pub archived: bool,
}

/// Every account, active ones first, by name.
pub(crate) fn account_options(b: &mut Business) -> CoreResult<Vec<AccountOption>> {
    let mut out: Vec<AccountOption> = b
        .accounts()?
        .into_iter()
        .map(|(id, a)| AccountOption {
            id,
            name: a.name,
            archived: a.archived,
        })
        .collect();
    out.sort_by(|a, b| {
        (a.archived, a.name.to_lowercase()).cmp(&(b.archived, b.name.to_lowercase()))
    });
    Ok(out)
}

/// The accounts as a select's choices: only active ones, or all with archived ones named
/// as such (so a replaced account is not a twin of its successor).
pub(crate) fn account_choices(app: AppCtx, active_only: bool) -> Signal<Choices> {
    Memo::new(move |_| {
        app.query(&[Topic::Accounts], account_options).map(|list| {
            list.into_iter()
                .filter(|a| !(active_only && a.archived))
                .map(|a| {
                    let name = if a.archived {
                        format!("{} (arquivada)", a.name)
                    } else {
                        a.name
                    };
                    (a.id, name)
                })
                .collect()
        })
    })
    .into()
}

/// A category group and its subcategories as `(id, name)`, for a `<select>`.
pub(crate) type CategoryOptions = Vec<((String, String), Vec<(String, String)>)>;

/// The active category tree of one kind.
pub(crate) fn category_options(
    b: &mut Business,
    kind: CategoryKind,
) -> CoreResult<CategoryOptions> {
    Ok(b.category_tree(kind)?
        .into_iter()
        .map(|g| {
            (
                (g.id, g.category.name),
                g.children.into_iter().map(|(id, c)| (id, c.name)).collect(),
            )
        })
        .collect())
}

/// The category tree of `kinds`, read for a [`CategorySelect`].
pub(crate) fn category_choices(
    app: AppCtx,
    kinds: impl Fn() -> Vec<CategoryKind> + Send + Sync + 'static,
) -> Signal<Result<CategoryOptions, ReadError>> {
    Memo::new(move |_| {
        let kinds = kinds();
        app.query(&[Topic::Categories], |b| {
            let mut all = Vec::new();
            for kind in kinds {
                all.extend(category_options(b, kind)?);
            }
            Ok(all)
        })
    })
    .into()
}

/// A labelled category picker: each group is selectable, its subcategories follow it inside
/// an `<optgroup>`; `empty` labels the choice of none.
#[component]
pub(crate) fn CategorySelect(
    label: &'static str,
    value: RwSignal<String>,
    groups: Signal<Result<CategoryOptions, ReadError>>,
    empty: &'static str,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    let grouped = Signal::derive(move || groups.get().map(category_groups));
    match testid {
        Some(testid) => view! { <SelectField label=label value=value groups=grouped empty=empty testid=testid/> }.into_any(),
        None => view! { <SelectField label=label value=value groups=grouped empty=empty/> }.into_any(),
    }
}

/// A category plan as a select's groups: the group itself first, as "(geral)".
fn category_groups(groups: CategoryOptions) -> Vec<(String, Vec<(String, String)>)> {
    groups
        .into_iter()
        .map(|((gid, gname), children)| {
            let mut choices = vec![(gid, format!("{gname} (geral)"))];
            choices.extend(children);
            (gname, choices)
        })
        .collect()
}

/// Every active customer and supplier as a select's choices, by name.
pub(crate) fn party_choices(app: AppCtx) -> Signal<Choices> {
    Memo::new(move |_| {
        app.query(&[Topic::Parties], |b| {
            let mut out: Vec<(String, String)> = b
                .parties()?
                .into_iter()
                .filter(|(_, p)| !p.archived)
                .map(|(id, p)| (id, p.name))
                .collect();
            out.sort_by_key(|(_, n)| n.to_lowercase());
            Ok(out)
        })
    })
    .into()
}

/// The value an `<input type="date">` takes for `d`.
pub(crate) fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Today's date for an `<input type="date">`.
pub(crate) fn today_iso() -> String {
    iso(today())
}

/// An amount as typed in a money field (`1.234,56`, without `R$`).
pub(crate) fn typed_amount(value: Decimal) -> String {
    crate::fmt::money_input(value)
}

/// Trimmed text, or `None` when blank.
pub(crate) fn optional(text: String) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The pt-BR name of an account kind.
pub(crate) fn account_kind_label(kind: AccountKind) -> &'static str {
    match kind {
        AccountKind::Cash => "Dinheiro (caixa)",
        AccountKind::Bank => "Banco",
        AccountKind::Other => "Outra",
    }
}

/// The common name of a bank from its FEBRABAN code, for boleto descriptions.
pub(crate) fn bank_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "001" => "Banco do Brasil",
        "004" => "Banco do Nordeste",
        "033" => "Santander",
        "037" => "Banpará",
        "041" => "Banrisul",
        "047" => "Banese",
        "070" => "BRB",
        "077" => "Banco Inter",
        "085" => "Ailos",
        "104" => "Caixa Econômica Federal",
        "136" => "Unicred",
        "208" => "BTG Pactual",
        "212" => "Banco Original",
        "237" => "Bradesco",
        "260" => "Nubank",
        "290" => "PagBank",
        "323" => "Mercado Pago",
        "336" => "C6 Bank",
        "341" => "Itaú",
        "389" => "Banco Mercantil",
        "422" => "Safra",
        "633" => "Rendimento",
        "655" => "Votorantim",
        "707" => "Daycoval",
        "745" => "Citibank",
        "748" => "Sicredi",
        "756" => "Sicoob",
        _ => return None,
    })
}
