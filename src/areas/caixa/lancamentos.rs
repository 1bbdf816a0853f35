//! Lançamentos: the filtered, paginated list of payables and receivables with totals, the
//! new entry form (with the boleto paste), paying or receiving, editing (amount, due date,
//! category, description), reversing a wrong payment (estorno) and cancelling.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use retaguarda_core::formats::boleto::Boleto;
use retaguarda_core::ledger::{EntryKind, EntryStatus, NewEntry, NewPayment};
use rust_decimal::Decimal;

use super::{
    account_options, bank_name, category_options, category_select_options, optional, party_options,
    today_iso, typed_amount,
};
use crate::fmt::{brl, date, parse_brl, parse_date};
use crate::scanner::{Scanner, BOLETO_CODES};
use crate::state::{today, use_app};

/// Rows shown per page.
const PAGE: usize = 50;

/// One line of the list, with what it shows.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    id: String,
    kind: EntryKind,
    description: String,
    party: Option<String>,
    category: Option<String>,
    due: NaiveDate,
    amount: Decimal,
    paid: Decimal,
    open: Decimal,
    status: EntryStatus,
    overdue: bool,
    account: Option<String>,
    charge: Option<String>,
}

/// The filtered list and its totals.
#[derive(Debug, Clone, PartialEq, Default)]
struct Listing {
    rows: Vec<Row>,
    open_in: Decimal,
    open_out: Decimal,
    paid_in: Decimal,
    paid_out: Decimal,
}

/// What a row's action panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Pay,
    Cancel,
    Edit,
    Void,
}

#[component]
pub fn Lancamentos(focus: Memo<Option<String>>) -> impl IntoView {
    let app = use_app();
    // A link (an Início tile) may open the list already filtered.
    let query = leptos_router::hooks::use_query_map().get_untracked();
    let initial = |key: &str, default: &str| query.get(key).unwrap_or_else(|| default.to_string());
    let from = RwSignal::new(initial("de", ""));
    let to = RwSignal::new(initial("ate", ""));
    let status = RwSignal::new(initial("situacao", "todos"));
    let kind = RwSignal::new(initial("tipo", "todos"));
    let category = RwSignal::new(String::new());
    let account = RwSignal::new(String::new());
    let party = RwSignal::new(String::new());
    let shown = RwSignal::new(PAGE);
    let new_form = RwSignal::new(None::<EntryKind>);
    let acting = RwSignal::new(None::<(String, Action)>);
    let notice = RwSignal::new(None::<String>);

    let accounts = Memo::new(move |_| app.read(account_options).unwrap_or_default());
    let parties = Memo::new(move |_| app.read(party_options).unwrap_or_default());
    let category_groups = Memo::new(move |_| {
        app.read(|b| {
            let mut both = category_options(b, retaguarda_core::ledger::CategoryKind::Expense);
            both.extend(category_options(
                b,
                retaguarda_core::ledger::CategoryKind::Income,
            ));
            both
        })
        .unwrap_or_default()
    });

    let listing = Memo::new(move |_| {
        let from_d = parse_date(&from.get()).ok();
        let to_d = parse_date(&to.get()).ok();
        let status_f = status.get();
        let kind_f = kind.get();
        let category_f = category.get();
        let account_f = account.get();
        let party_f = party.get();
        let only = focus.get();
        let day = today();
        app.read(|b| {
            let names: std::collections::HashMap<String, String> = b
                .parties()
                .unwrap_or_default()
                .into_iter()
                .map(|(id, p)| (id, p.name))
                .collect();
            let cats: std::collections::HashMap<String, (String, Option<String>)> = b
                .categories()
                .unwrap_or_default()
                .into_iter()
                .map(|(id, c)| (id, (c.name, c.parent)))
                .collect();
            let mut out = Listing::default();
            for (id, e) in b.entries().unwrap_or_default() {
                if let Some(one) = &only {
                    if &id != one {
                        continue;
                    }
                }
                let st = e.status();
                let overdue = e.is_overdue(day);
                let keep = match status_f.as_str() {
                    "abertos" => matches!(st, EntryStatus::Open | EntryStatus::Partial),
                    "vencidos" => overdue,
                    "parciais" => st == EntryStatus::Partial,
                    "pagos" => st == EntryStatus::Paid,
                    "cancelados" => st == EntryStatus::Cancelled,
                    _ => true,
                } && match kind_f.as_str() {
                    "pagar" => e.kind == EntryKind::Payable,
                    "receber" => e.kind == EntryKind::Receivable,
                    _ => true,
                } && from_d.is_none_or(|d| e.due_date >= d)
                    && to_d.is_none_or(|d| e.due_date <= d)
                    && (category_f.is_empty()
                        || e.category.as_deref() == Some(category_f.as_str())
                        || e.category
                            .as_ref()
                            .and_then(|c| cats.get(c))
                            .and_then(|c| c.1.as_deref())
                            == Some(category_f.as_str()))
                    && (account_f.is_empty()
                        || e.account.as_deref() == Some(account_f.as_str())
                        || e.payments.values().any(|p| p.account == account_f))
                    && (party_f.is_empty() || e.party.as_deref() == Some(party_f.as_str()));
                if !keep {
                    continue;
                }
                let paid = e.paid_amount();
                let open = e.open_amount();
                match e.kind {
                    EntryKind::Receivable => {
                        out.open_in += open;
                        out.paid_in += paid;
                    }
                    EntryKind::Payable => {
                        out.open_out += open;
                        out.paid_out += paid;
                    }
                }
                out.rows.push(Row {
                    kind: e.kind,
                    description: e.description.clone(),
                    party: e.party.as_ref().and_then(|p| names.get(p).cloned()),
                    category: e
                        .category
                        .as_ref()
                        .and_then(|c| cats.get(c))
                        .map(|c| c.0.clone()),
                    due: e.due_date,
                    amount: e.amount,
                    paid,
                    open,
                    status: st,
                    overdue,
                    account: e.account.clone(),
                    charge: e
                        .source
                        .as_deref()
                        .and_then(|s| s.strip_prefix("charge:"))
                        .map(str::to_string),
                    id,
                });
            }
            // Newest due dates first; open ones before settled ones on the same day.
            out.rows
                .sort_by(|a, b| b.due.cmp(&a.due).then(b.open.cmp(&a.open)));
            out
        })
        .unwrap_or_default()
    });

    let select_opts = move |sig: RwSignal<String>, items: Vec<(String, String)>| {
        items
            .into_iter()
            .map(|(id, name)| {
                let id2 = id.clone();
                view! { <option value=id selected=move || sig.get() == id2>{name}</option> }
            })
            .collect_view()
    };

    view! {
        <div class="row" style="flex-wrap:wrap;justify-content:flex-start">
            <button type="button" data-testid="nova-pagar"
                on:click=move |_| new_form.set(Some(EntryKind::Payable))>"+ Conta a pagar"</button>
            <button type="button" class="secondary" data-testid="nova-receber"
                on:click=move |_| new_form.set(Some(EntryKind::Receivable))>"+ Conta a receber"</button>
        </div>
        {move || new_form.get().map(|k| view! {
            <NovaConta kind=k on_done=Callback::new(move |msg: Option<String>| {
                new_form.set(None);
                if msg.is_some() { notice.set(msg); }
            })/>
        })}
        <Show when=move || notice.get().is_some()>
            <p class="alert ok" role="status" data-testid="caixa-notice">{move || notice.get().unwrap_or_default()}</p>
        </Show>
        {move || focus.get().map(|_| view! {
            <p class="alert warn">"Mostrando um lançamento. "<A href="/caixa">"Ver todos"</A></p>
        })}
        <details class="card" style="margin-top:0.75rem">
            <summary style="cursor:pointer;font-weight:600;min-height:44px;display:flex;align-items:center">"Filtros"</summary>
            <div style="display:grid;gap:0.75rem;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));margin-top:0.5rem">
                <label style="min-width:0">"Vencimento de"<input style="width:100%;min-width:0" type="date" bind:value=from data-testid="filtro-de"/></label>
                <label style="min-width:0">"até"<input style="width:100%;min-width:0" type="date" bind:value=to data-testid="filtro-ate"/></label>
                <label style="min-width:0">"Situação"
                    <select style="width:100%;min-width:0" data-testid="filtro-situacao" on:change=move |ev| status.set(event_target_value(&ev))>
                        {[("todos", "Todas"), ("abertos", "Em aberto"), ("vencidos", "Vencidas"), ("parciais", "Pagas em parte"), ("pagos", "Pagas"), ("cancelados", "Canceladas")]
                            .into_iter()
                            .map(|(v, l)| view! { <option value=v selected=move || status.get() == v>{l}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label style="min-width:0">"Tipo"
                    <select style="width:100%;min-width:0" data-testid="filtro-tipo" on:change=move |ev| kind.set(event_target_value(&ev))>
                        {[("todos", "A pagar e a receber"), ("pagar", "A pagar"), ("receber", "A receber")]
                            .into_iter()
                            .map(|(v, l)| view! { <option value=v selected=move || kind.get() == v>{l}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label style="min-width:0">"Categoria"
                    <select style="width:100%;min-width:0" data-testid="filtro-categoria" on:change=move |ev| category.set(event_target_value(&ev))>
                        <option value="">"Todas"</option>
                        {move || category_select_options(category_groups.get(), category)}
                    </select>
                </label>
                <label style="min-width:0">"Conta"
                    <select style="width:100%;min-width:0" data-testid="filtro-conta" on:change=move |ev| account.set(event_target_value(&ev))>
                        <option value="">"Todas"</option>
                        {move || select_opts(account, accounts.get().into_iter().map(|a| {
                            // An archived account is named as such, so a replaced one is not a twin.
                            let name = if a.archived { format!("{} (arquivada)", a.name) } else { a.name };
                            (a.id, name)
                        }).collect())}
                    </select>
                </label>
                <label style="min-width:0">"Cliente ou fornecedor"
                    <select style="width:100%;min-width:0" data-testid="filtro-pessoa" on:change=move |ev| party.set(event_target_value(&ev))>
                        <option value="">"Todos"</option>
                        {move || select_opts(party, parties.get())}
                    </select>
                </label>
            </div>
            <button type="button" class="secondary" style="margin-top:0.5rem" on:click=move |_| {
                from.set(String::new()); to.set(String::new()); status.set("todos".into());
                kind.set("todos".into()); category.set(String::new()); account.set(String::new());
                party.set(String::new());
            }>"Limpar filtros"</button>
        </details>
        <div class="tiles" style="margin-top:0.75rem" data-testid="caixa-totais">
            <div class="card tile"><div class="label">"A receber em aberto"</div>
                <div class="value money" data-testid="total-a-receber">{move || brl(listing.get().open_in)}</div></div>
            <div class="card tile"><div class="label">"A pagar em aberto"</div>
                <div class="value money" data-testid="total-a-pagar">{move || brl(listing.get().open_out)}</div></div>
            <div class="card tile"><div class="label">"Recebido"</div>
                <div class="value money" data-testid="total-recebido">{move || brl(listing.get().paid_in)}</div></div>
            <div class="card tile"><div class="label">"Pago"</div>
                <div class="value money" data-testid="total-pago">{move || brl(listing.get().paid_out)}</div></div>
        </div>
        <h2>{move || {
            let n = listing.get().rows.len();
            if n == 1 { "1 lançamento".to_string() } else { format!("{n} lançamentos") }
        }}</h2>
        {move || {
            let l = listing.get();
            if l.rows.is_empty() {
                return view! { <p class="empty">"Nenhum lançamento com estes filtros."</p> }.into_any();
            }
            let total = l.rows.len();
            view! {
                <ul class="list" data-testid="lancamentos">
                    {l.rows.into_iter().take(shown.get()).map(|r| view! { <EntryRow row=r acting=acting notice=notice/> }).collect_view()}
                </ul>
                {(total > shown.get()).then(|| view! {
                    <button type="button" class="secondary" style="margin-top:0.75rem;width:100%"
                        on:click=move |_| shown.update(|s| *s += PAGE)>
                        {format!("Mostrar mais ({} de {total})", shown.get_untracked().min(total))}
                    </button>
                })}
            }.into_any()
        }}
    }
}

fn status_badge(r: &Row) -> (&'static str, &'static str) {
    match r.status {
        EntryStatus::Paid => (
            "badge paid",
            if r.kind == EntryKind::Payable {
                "Paga"
            } else {
                "Recebida"
            },
        ),
        EntryStatus::Cancelled => ("badge", "Cancelada"),
        _ if r.overdue => ("badge overdue", "Vencida"),
        EntryStatus::Partial => ("badge", "Parcial"),
        EntryStatus::Open => ("badge", "Em aberto"),
    }
}

#[component]
fn EntryRow(
    row: Row,
    acting: RwSignal<Option<(String, Action)>>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let (badge_class, badge) = status_badge(&row);
    let open = matches!(row.status, EntryStatus::Open | EntryStatus::Partial);
    let id = row.id.clone();
    let id_pay = row.id.clone();
    let id_cancel = row.id.clone();
    let is_acting = {
        let id = id.clone();
        move |a: Action| acting.get().is_some_and(|(i, x)| i == id && x == a)
    };
    let is_acting2 = is_acting.clone();
    let is_acting3 = is_acting.clone();
    let is_acting4 = is_acting.clone();
    let id_edit = row.id.clone();
    let id_void = row.id.clone();
    let id_edit_form = row.id.clone();
    let id_void_form = row.id.clone();
    let editable = row.status != EntryStatus::Cancelled && row.charge.is_none();
    let voidable = row.paid > Decimal::ZERO && row.charge.is_none();
    let pay_label = if row.kind == EntryKind::Payable {
        "Pagar"
    } else {
        "Receber"
    };
    let kind_label = if row.kind == EntryKind::Payable {
        "A pagar"
    } else {
        "A receber"
    };
    let sign_class = if row.kind == EntryKind::Payable {
        "value money negative"
    } else {
        "value money"
    };
    let charge = row.charge.clone();
    let r = row.clone();
    view! {
        <li class="card" data-testid="lancamento" data-id=row.id.clone()>
            <div class="row" style="align-items:flex-start">
                <div style="min-width:0">
                    <div style="font-weight:600;overflow-wrap:anywhere">{row.description.clone()}</div>
                    <div class="empty" style="font-size:0.85rem">
                        {kind_label}" · vence "{date(row.due)}
                        {row.party.clone().map(|p| format!(" · {p}"))}
                        {row.category.clone().map(|c| format!(" · {c}"))}
                    </div>
                </div>
                <div style="text-align:right">
                    <div class=sign_class style="font-weight:700">{brl(row.amount)}</div>
                    <span class=badge_class data-testid="lancamento-situacao">{badge}</span>
                </div>
            </div>
            {(row.paid > Decimal::ZERO && row.open > Decimal::ZERO).then(|| view! {
                <div class="empty" style="font-size:0.85rem" data-testid="lancamento-aberto">
                    {format!("Pago {} · falta {}", brl(row.paid), brl(row.open))}
                </div>
            })}
            {match (open, charge) {
                (true, Some(c)) => view! {
                    <p style="margin:0.5rem 0 0"><A href=format!("/cobrancas/{c}")>"Receber pela cobrança"</A></p>
                }.into_any(),
                (true, None) => view! {
                    <div class="row" style="justify-content:flex-start;margin-top:0.5rem">
                        <button type="button" data-testid="lancamento-pagar"
                            on:click=move |_| acting.set(Some((id_pay.clone(), Action::Pay)))>{pay_label}</button>
                        <button type="button" class="secondary" data-testid="lancamento-cancelar"
                            on:click=move |_| acting.set(Some((id_cancel.clone(), Action::Cancel)))>"Cancelar"</button>
                    </div>
                }.into_any(),
                _ => ().into_any(),
            }}
            {(editable || voidable).then(|| view! {
                <div class="row" style="justify-content:flex-start;margin-top:0.5rem;flex-wrap:wrap">
                    {editable.then(|| view! {
                        <button type="button" class="secondary" data-testid="lancamento-alterar"
                            on:click=move |_| acting.set(Some((id_edit.clone(), Action::Edit)))>"Alterar"</button>
                    })}
                    {voidable.then(|| view! {
                        <button type="button" class="secondary" data-testid="lancamento-estornar"
                            on:click=move |_| acting.set(Some((id_void.clone(), Action::Void)))>"Estornar pagamento"</button>
                    })}
                </div>
            })}
            {move || is_acting(Action::Pay).then(|| view! { <PayForm row=r.clone() acting=acting notice=notice/> })}
            {move || is_acting2(Action::Cancel).then(|| view! { <CancelForm id=id.clone() acting=acting notice=notice/> })}
            {move || is_acting3(Action::Edit).then(|| view! { <EditForm id=id_edit_form.clone() acting=acting notice=notice/> })}
            {move || is_acting4(Action::Void).then(|| view! { <VoidForm id=id_void_form.clone() acting=acting notice=notice/> })}
        </li>
    }
}

#[component]
fn PayForm(
    row: Row,
    acting: RwSignal<Option<(String, Action)>>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let accounts = Memo::new(move |_| {
        app.read(account_options)
            .unwrap_or_default()
            .into_iter()
            .filter(|a| !a.archived)
            .collect::<Vec<_>>()
    });
    let amount = RwSignal::new(typed_amount(row.open));
    let when = RwSignal::new(today_iso());
    let account = RwSignal::new(
        row.account
            .clone()
            .or_else(|| accounts.get_untracked().first().map(|a| a.id.clone()))
            .unwrap_or_default(),
    );
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let payable = row.kind == EntryKind::Payable;
    let id = row.id.clone();
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
        let acc = account.get_untracked();
        if acc.is_empty() {
            return error.set(Some("Escolha a conta. Cadastre uma na aba Contas.".into()));
        }
        let input = NewPayment {
            date: day,
            amount: value,
            account: acc,
            note: optional(note.get_untracked()),
        };
        let id = id.clone();
        busy.set(true);
        spawn_local(async move {
            match app.run(move |b, ctx| b.pay_entry(ctx, &id, input)).await {
                Ok(_) => {
                    acting.set(None);
                    notice.set(Some(format!(
                        "{} de {} registrado.",
                        if payable { "Pagamento" } else { "Recebimento" },
                        brl(value)
                    )));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <form on:submit=submit data-testid="pagar-form" style="margin-top:0.75rem;border-top:1px solid var(--border);padding-top:0.75rem">
            <label>"Valor"<input inputmode="decimal" bind:value=amount data-testid="pagar-valor"/></label>
            <label>"Data"<input type="date" bind:value=when data-testid="pagar-data"/></label>
            <label>"Conta"
                <select data-testid="pagar-conta" on:change=move |ev| account.set(event_target_value(&ev))>
                    {move || accounts.get().into_iter().map(|a| {
                        let id2 = a.id.clone();
                        view! { <option value=a.id selected=move || account.get() == id2>{a.name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>"Observação"<input bind:value=note placeholder="Ex.: Pix"/></label>
            <Show when=move || error.get().is_some()>
                <p class="alert error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <div class="row" style="justify-content:flex-start">
                <button type="submit" disabled=move || busy.get() data-testid="pagar-confirmar">
                    {if payable { "Registrar pagamento" } else { "Registrar recebimento" }}
                </button>
                <button type="button" class="secondary" on:click=move |_| acting.set(None)>"Voltar"</button>
            </div>
        </form>
    }
}

#[component]
fn CancelForm(
    id: String,
    acting: RwSignal<Option<(String, Action)>>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = id.clone();
        let why = optional(reason.get_untracked());
        spawn_local(async move {
            match app
                .run(move |b, ctx| b.cancel_entry(ctx, &id, why.as_deref()))
                .await
            {
                Ok(()) => {
                    acting.set(None);
                    notice.set(Some("Lançamento cancelado.".into()));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <form on:submit=submit data-testid="cancelar-form" style="margin-top:0.75rem;border-top:1px solid var(--border);padding-top:0.75rem">
            <p class="alert warn" style="margin:0">"Cancelar este lançamento? O que já foi pago continua registrado."</p>
            <label>"Motivo (opcional)"<input bind:value=reason/></label>
            <Show when=move || error.get().is_some()>
                <p class="alert error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <div class="row" style="justify-content:flex-start">
                <button type="submit" class="danger" data-testid="cancelar-confirmar">"Confirmar cancelamento"</button>
                <button type="button" class="secondary" on:click=move |_| acting.set(None)>"Voltar"</button>
            </div>
        </form>
    }
}

/// Edits what a person may change on an entry: description, amount, due date, category.
#[component]
fn EditForm(
    id: String,
    acting: RwSignal<Option<(String, Action)>>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let current = app.read(|b| b.entry(&id).ok().flatten()).flatten();
    let Some(entry) = current else {
        return view! { <p class="empty">"Lançamento não encontrado."</p> }.into_any();
    };
    let description = RwSignal::new(entry.description.clone());
    let amount = RwSignal::new(typed_amount(entry.amount));
    let due = RwSignal::new(super::iso(entry.due_date));
    let category = RwSignal::new(entry.category.clone().unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let kind = entry.kind;
    let groups = Memo::new(move |_| {
        app.read(|b| category_options(b, kind.category_kind()))
            .unwrap_or_default()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = match parse_brl(&amount.get_untracked()) {
            Ok(v) => v,
            Err(e) => return error.set(Some(format!("Valor: {e}"))),
        };
        let day = match parse_date(&due.get_untracked()) {
            Ok(d) => d,
            Err(e) => return error.set(Some(format!("Vencimento: {e}"))),
        };
        let input = NewEntry {
            kind: entry.kind,
            description: description.get_untracked(),
            amount: value,
            due_date: day,
            competence_date: Some(entry.competence_date),
            party: entry.party.clone(),
            category: optional(category.get_untracked()),
            account: entry.account.clone(),
            document_ref: entry.document_ref.clone(),
            source: entry.source.clone(),
        };
        let id = id.clone();
        busy.set(true);
        spawn_local(async move {
            match app.run(move |b, ctx| b.update_entry(ctx, &id, input)).await {
                Ok(()) => {
                    acting.set(None);
                    notice.set(Some("Lançamento alterado.".into()));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <form on:submit=submit data-testid="alterar-form" style="margin-top:0.75rem;border-top:1px solid var(--border);padding-top:0.75rem">
            <label>"Descrição"<input bind:value=description maxlength=retaguarda_core::money::MAX_TEXT data-testid="alterar-descricao"/></label>
            <label>"Valor (R$)"<input inputmode="decimal" bind:value=amount data-testid="alterar-valor"/></label>
            <label>"Vencimento"<input type="date" bind:value=due data-testid="alterar-vencimento"/></label>
            <label>"Categoria"
                <select data-testid="alterar-categoria" on:change=move |ev| category.set(event_target_value(&ev))>
                    <option value="" selected=move || category.get().is_empty()>"Sem categoria"</option>
                    {move || category_select_options(groups.get(), category)}
                </select>
            </label>
            <Show when=move || error.get().is_some()>
                <p class="alert error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <div class="row" style="justify-content:flex-start">
                <button type="submit" disabled=move || busy.get() data-testid="alterar-salvar">"Salvar alteração"</button>
                <button type="button" class="secondary" on:click=move |_| acting.set(None)>"Voltar"</button>
            </div>
        </form>
    }
    .into_any()
}

/// Reverses (estorna) a payment recorded by mistake: the entry is open again by that amount
/// and the account's balance goes back.
#[component]
fn VoidForm(
    id: String,
    acting: RwSignal<Option<(String, Action)>>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let payments = {
        let id = id.clone();
        Memo::new(move |_| {
            app.read(|b| {
                let names: std::collections::HashMap<String, String> = b
                    .accounts()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(id, a)| (id, a.name))
                    .collect();
                b.entry(&id)
                    .ok()
                    .flatten()
                    .map(|e| {
                        e.payments
                            .into_iter()
                            .filter(|(_, p)| p.voided.is_none())
                            .map(|(pid, p)| {
                                let account = names.get(&p.account).cloned().unwrap_or_default();
                                (pid, p.date, p.amount, account)
                            })
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            })
            .unwrap_or_default()
        })
    };
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let void = move |payment: String, amount: Decimal| {
        let id = id.clone();
        let why = optional(reason.get_untracked());
        spawn_local(async move {
            match app
                .run(move |b, ctx| b.void_payment(ctx, &id, &payment, why.as_deref()))
                .await
            {
                Ok(()) => {
                    acting.set(None);
                    notice.set(Some(format!("Pagamento de {} estornado.", brl(amount))));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <div data-testid="estornar-form" style="margin-top:0.75rem;border-top:1px solid var(--border);padding-top:0.75rem;display:grid;gap:0.5rem">
            <p class="alert warn" style="margin:0">"Estornar desfaz um pagamento lançado por engano: o valor volta a ficar em aberto e sai do saldo da conta."</p>
            <label>"Motivo (opcional)"<input bind:value=reason/></label>
            <ul class="list">
                {move || {
                    let void = void.clone();
                    payments.get().into_iter().map(|(pid, d, amount, account)| {
                        let void = void.clone();
                        view! {
                            <li class="row" data-testid="pagamento">
                                <span>{format!("{} · {account}", date(d))}" "<span class="money">{brl(amount)}</span></span>
                                <button type="button" class="danger" data-testid="estornar-confirmar"
                                    on:click=move |_| void(pid.clone(), amount)>"Estornar"</button>
                            </li>
                        }
                    }).collect_view()
                }}
            </ul>
            <Show when=move || error.get().is_some()>
                <p class="alert error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <div class="row" style="justify-content:flex-start">
                <button type="button" class="secondary" on:click=move |_| acting.set(None)>"Voltar"</button>
            </div>
        </div>
    }
}

/// The digits of a pasted boleto (what the parser counts).
fn digit_count(text: &str) -> usize {
    text.chars().filter(char::is_ascii_digit).count()
}

#[component]
fn NovaConta(kind: EntryKind, #[prop(into)] on_done: Callback<Option<String>>) -> impl IntoView {
    let app = use_app();
    let kind_sig = RwSignal::new(kind);
    let boleto = RwSignal::new(String::new());
    let boleto_msg = RwSignal::new(None::<Result<String, String>>);
    let description = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let due = RwSignal::new(today_iso());
    let competence = RwSignal::new(String::new());
    let party = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let account = RwSignal::new(String::new());
    let document = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let accounts = Memo::new(move |_| {
        app.read(account_options)
            .unwrap_or_default()
            .into_iter()
            .filter(|a| !a.archived)
            .collect::<Vec<_>>()
    });
    let parties = Memo::new(move |_| app.read(party_options).unwrap_or_default());
    let groups = Memo::new(move |_| {
        let k = kind_sig.get().category_kind();
        app.read(|b| category_options(b, k)).unwrap_or_default()
    });

    let read_boleto = move || match Boleto::parse(&boleto.get_untracked(), today()) {
        Ok(b) => {
            if !b.amount.is_zero() && !b.amount_is_reference {
                amount.set(typed_amount(b.amount));
            }
            if let Some(d) = b.due_date {
                due.set(super::iso(d));
            }
            let who = match &b.bank {
                Some(code) => match bank_name(code) {
                    Some(name) => format!("Boleto {name}"),
                    None => format!("Boleto banco {code}"),
                },
                None => "Boleto de convênio".to_string(),
            };
            let current = description.get_untracked();
            if current.trim().is_empty() || current.starts_with("Boleto") {
                description.set(who.clone());
            }
            if document.get_untracked().trim().is_empty() {
                document.set(b.linha_formatada());
            }
            let due_text = b
                .due_date
                .map(|d| format!(", vencimento {}", date(d)))
                .unwrap_or_default();
            boleto_msg.set(Some(Ok(format!("{who}: {}{due_text}.", brl(b.amount)))));
        }
        Err(e) => boleto_msg.set(Some(Err(format!("Boleto inválido: {e}.")))),
    };
    let on_boleto_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        boleto.set(text.clone());
        if matches!(digit_count(&text), 44 | 47 | 48) {
            read_boleto();
        } else {
            boleto_msg.set(None);
        }
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = match parse_brl(&amount.get_untracked()) {
            Ok(v) => v,
            Err(e) => return error.set(Some(format!("Valor: {e}"))),
        };
        let due_d = match parse_date(&due.get_untracked()) {
            Ok(d) => d,
            Err(e) => return error.set(Some(format!("Vencimento: {e}"))),
        };
        let comp = competence.get_untracked();
        let comp_d = if comp.trim().is_empty() {
            None
        } else {
            match parse_date(&comp) {
                Ok(d) => Some(d),
                Err(e) => return error.set(Some(format!("Competência: {e}"))),
            }
        };
        let k = kind_sig.get_untracked();
        let mut input = NewEntry::new(k, description.get_untracked(), value, due_d);
        input.competence_date = comp_d;
        input.party = optional(party.get_untracked());
        input.category = optional(category.get_untracked());
        input.account = optional(account.get_untracked());
        input.document_ref = optional(document.get_untracked());
        busy.set(true);
        spawn_local(async move {
            match app.run(move |b, ctx| b.create_entry(ctx, input)).await {
                Ok(_) => on_done.run(Some(format!(
                    "{} de {} criada.",
                    if k == EntryKind::Payable {
                        "Conta a pagar"
                    } else {
                        "Conta a receber"
                    },
                    brl(value)
                ))),
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };

    view! {
        <form class="card" on:submit=submit data-testid="nova-conta-form" style="margin-top:0.75rem">
            <h2 style="margin:0">{move || if kind_sig.get() == EntryKind::Payable { "Nova conta a pagar" } else { "Nova conta a receber" }}</h2>
            <label>"Tipo"
                <select data-testid="conta-tipo" on:change=move |ev| {
                    kind_sig.set(if event_target_value(&ev) == "receber" { EntryKind::Receivable } else { EntryKind::Payable });
                    category.set(String::new());
                }>
                    <option value="pagar" selected=move || kind_sig.get() == EntryKind::Payable>"A pagar"</option>
                    <option value="receber" selected=move || kind_sig.get() == EntryKind::Receivable>"A receber"</option>
                </select>
            </label>
            <Show when=move || kind_sig.get() == EntryKind::Payable>
                <label>"Colar boleto"
                    <textarea rows="2" inputmode="numeric" data-testid="colar-boleto"
                        placeholder="Cole a linha digitável ou o código de barras"
                        prop:value=move || boleto.get() on:input=on_boleto_input></textarea>
                </label>
                <button type="button" class="secondary" data-testid="ler-boleto" on:click=move |_| read_boleto()>"Ler boleto"</button>
                <Scanner formats=BOLETO_CODES label="Ler boleto com a câmera" fallback=""
                    on_code=Callback::new(move |code: String| {
                        boleto.set(code);
                        read_boleto();
                    })/>
                {move || boleto_msg.get().map(|m| match m {
                    Ok(text) => view! { <p class="alert ok" role="status" data-testid="boleto-ok">{text}</p> }.into_any(),
                    Err(text) => view! { <p class="alert error" role="alert" data-testid="boleto-erro">{text}</p> }.into_any(),
                })}
            </Show>
            <label>"Descrição"<input bind:value=description required data-testid="conta-descricao" placeholder="Ex.: Aluguel de março"/></label>
            <label>"Valor (R$)"<input inputmode="decimal" bind:value=amount data-testid="conta-valor" placeholder="0,00"/></label>
            <label>"Vencimento"<input type="date" bind:value=due data-testid="conta-vencimento"/></label>
            <label>"Competência (opcional)"<input type="date" bind:value=competence data-testid="conta-competencia"/></label>
            <label>{move || if kind_sig.get() == EntryKind::Payable { "Fornecedor" } else { "Cliente" }}
                <select data-testid="conta-pessoa" on:change=move |ev| party.set(event_target_value(&ev))>
                    <option value="">"Nenhum"</option>
                    {move || parties.get().into_iter().map(|(id, name)| {
                        let id2 = id.clone();
                        view! { <option value=id selected=move || party.get() == id2>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>"Categoria"
                <select data-testid="conta-categoria" on:change=move |ev| category.set(event_target_value(&ev))>
                    <option value="">"Sem categoria"</option>
                    {move || category_select_options(groups.get(), category)}
                </select>
            </label>
            <label>"Conta prevista"
                <select data-testid="conta-conta" on:change=move |ev| account.set(event_target_value(&ev))>
                    <option value="">"Qualquer"</option>
                    {move || accounts.get().into_iter().map(|a| {
                        let id2 = a.id.clone();
                        view! { <option value=a.id selected=move || account.get() == id2>{a.name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>"Documento (nota, boleto)"<input bind:value=document data-testid="conta-documento"/></label>
            <Show when=move || error.get().is_some()>
                <p class="alert error" role="alert" data-testid="conta-erro">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <div class="row" style="justify-content:flex-start">
                <button type="submit" disabled=move || busy.get() data-testid="conta-salvar">"Salvar"</button>
                <button type="button" class="secondary" on:click=move |_| {
                    // Typed values are only dropped when the person says so.
                    let typed = !description.get_untracked().trim().is_empty()
                        || !amount.get_untracked().trim().is_empty()
                        || !boleto.get_untracked().trim().is_empty();
                    let discard = !typed
                        || web_sys::window()
                            .and_then(|w| w.confirm_with_message("Descartar o que foi digitado?").ok())
                            .unwrap_or(false);
                    if discard {
                        on_done.run(None);
                    }
                }>"Fechar"</button>
            </div>
        </form>
    }
}
