//! The new payable or receivable form, with the boleto paste (or the camera) filling in the
//! amount, due date, description and document. Caixa and Início open it; on Início it
//! works while the data still load, the entry kept on the device until it is entered.

use leptos::prelude::*;
use retaguarda_core::formats::boleto::{Boleto, BoletoError};
use retaguarda_core::ledger::{EntryKind, NewEntry};

use super::super::{
    account_choices, bank_name, category_choices, iso, optional, party_choices, today_iso,
    typed_amount, CategorySelect,
};
use crate::fmt::{brl, date, parse_brl, parse_date};
use crate::scanner::{Scanner, BOLETO_CODES};
use crate::state::{today, use_app, KeptOp, Phase};
use crate::ui::{
    fixed, Choices, Field, FieldKind, FieldResult, Form, ReadError, SelectField, Submit,
};

/// The digits of a pasted boleto (what the parser counts).
fn digit_count(text: &str) -> usize {
    text.chars().filter(char::is_ascii_digit).count()
}

/// "+ Conta a pagar" and "+ Conta a receber", and the form the one tapped opens. Once an
/// entry is saved the form closes and `notice` gets its message. `testid_prefix` tells the
/// buttons of Início from Caixa's.
#[component]
pub fn NewEntryButtons(
    testid_prefix: &'static str,
    notice: RwSignal<Option<String>>,
    #[prop(optional)] style: &'static str,
) -> impl IntoView {
    let form = RwSignal::new(None::<EntryKind>);
    view! {
        <div class="row" style=format!("flex-wrap:wrap;justify-content:flex-start;{style}")>
            <button type="button" data-testid=format!("{testid_prefix}nova-pagar")
                on:click=move |_| form.set(Some(EntryKind::Payable))>"+ Conta a pagar"</button>
            <button type="button" class="secondary" data-testid=format!("{testid_prefix}nova-receber")
                on:click=move |_| form.set(Some(EntryKind::Receivable))>"+ Conta a receber"</button>
        </div>
        {move || form.get().map(|k| view! {
            <NewEntryForm kind=k on_done=Callback::new(move |msg: Option<String>| {
                form.set(None);
                if msg.is_some() { notice.set(msg); }
            })/>
        })}
    }
}

#[component]
pub fn NewEntryForm(
    kind: EntryKind,
    #[prop(into)] on_done: Callback<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let kind_text = RwSignal::new(
        if kind == EntryKind::Payable {
            "pagar"
        } else {
            "receber"
        }
        .to_string(),
    );
    let kind_sig = Memo::new(move |_| {
        if kind_text.get() == "receber" {
            EntryKind::Receivable
        } else {
            EntryKind::Payable
        }
    });
    let boleto = RwSignal::new(String::new());
    let boleto_msg = RwSignal::new(None::<Result<String, BoletoError>>);
    let description = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let due = RwSignal::new(today_iso());
    let competence = RwSignal::new(String::new());
    let party = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let account = RwSignal::new(String::new());
    let document = RwSignal::new(String::new());

    // While the data load (Início) the lists are not known yet: an empty choice, said once
    // below, instead of a "still loading" alert under each select.
    let loading = Memo::new(move |_| app.phase.get() == Phase::Opening);
    let known = |choices: Signal<Choices>| {
        Signal::derive(move || match choices.get() {
            Err(ReadError::NotReady) => Ok(Vec::new()),
            other => other,
        })
    };
    let accounts = known(account_choices(app, true));
    let parties = known(party_choices(app));
    let all_groups = category_choices(app, move || vec![kind_sig.get().category_kind()]);
    let groups = Signal::derive(move || match all_groups.get() {
        Err(ReadError::NotReady) => Ok(Vec::new()),
        other => other,
    });
    // A new kind has other categories: the chosen one no longer applies.
    Effect::new(move |previous: Option<EntryKind>| {
        let now = kind_sig.get();
        if previous.is_some_and(|p| p != now) {
            category.set(String::new());
        }
        now
    });

    let read_boleto = move || match Boleto::parse(&boleto.get_untracked(), today()) {
        Ok(b) => {
            if !b.amount.is_zero() && !b.amount_is_reference {
                amount.set(typed_amount(b.amount));
            }
            if let Some(d) = b.due_date {
                due.set(iso(d));
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
        Err(e) => boleto_msg.set(Some(Err(e))),
    };
    // A whole line pasted or typed is read at once; anything shorter clears the message.
    Effect::new(move |_| {
        if matches!(digit_count(&boleto.get()), 44 | 47 | 48) {
            read_boleto();
        } else {
            boleto_msg.set(None);
        }
    });

    let save = Submit::new(
        move || {
            let k = kind_sig.get_untracked();
            let (typed, day, comp) = (
                amount.get_untracked(),
                due.get_untracked(),
                competence.get_untracked(),
            );
            let text = description.get_untracked();
            let (p, c, a, d) = (
                optional(party.get_untracked()),
                optional(category.get_untracked()),
                optional(account.get_untracked()),
                optional(document.get_untracked()),
            );
            async move {
                let value = parse_brl(&typed).field("Valor")?;
                let due_date = parse_date(&day).field("Vencimento")?;
                let competence_date = match optional(comp) {
                    None => None,
                    Some(text) => Some(parse_date(&text).field("Competência")?),
                };
                let mut input = NewEntry::new(k, text, value, due_date);
                input.competence_date = competence_date;
                input.party = p;
                input.category = c;
                input.account = a;
                input.document_ref = d;
                // Kept on the device when asked while the data load (Início offers this form then).
                app.run_kept(KeptOp::CreateEntry(input)).await?;
                Ok(format!(
                    "{} de {} criada.",
                    if k == EntryKind::Payable {
                        "Conta a pagar"
                    } else {
                        "Conta a receber"
                    },
                    brl(value)
                ))
            }
        },
        move |message| on_done.run(Some(message)),
    );
    // Typed values are only dropped when the person says so.
    let close = move |_| {
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
    };

    view! {
        <div class="card" style="margin-top:0.75rem">
            <Form submit=save testid="nova-conta-form" button_testid="conta-salvar" error_testid="conta-erro"
                label="Salvar" cancel_label="Fechar" on_cancel=close>
                <h2 style="margin:0">{move || if kind_sig.get() == EntryKind::Payable { "Nova conta a pagar" } else { "Nova conta a receber" }}</h2>
                <SelectField label="Tipo" value=kind_text testid="conta-tipo" options=fixed(&[("pagar", "A pagar"), ("receber", "A receber")])/>
                <Show when=move || kind_sig.get() == EntryKind::Payable>
                    <Field label="Colar boleto" value=boleto kind=FieldKind::Code rows=2 testid="colar-boleto"
                        placeholder="Cole a linha digitável ou o código de barras"/>
                    <button type="button" class="secondary" data-testid="ler-boleto" on:click=move |_| read_boleto()>"Ler boleto"</button>
                    <Scanner formats=BOLETO_CODES label="Ler boleto com a câmera" fallback=""
                        on_code=Callback::new(move |code: String| {
                            boleto.set(code);
                            read_boleto();
                        })/>
                    {move || boleto_msg.get().map(|m| match m {
                        Ok(text) => view! { <p class="alert ok" role="status" data-testid="boleto-ok">{text}</p> }.into_any(),
                        Err(e) => view! { <p class="alert error" role="alert" data-testid="boleto-erro">{format!("Boleto inválido: {e}.")}</p> }.into_any(),
                    })}
                </Show>
                <Show when=move || loading.get()>
                    <p class="muted" data-testid="conta-sem-listas">"Os dados ainda estão carregando: fornecedor, cliente, categoria e conta podem ser escolhidos depois, em Caixa."</p>
                </Show>
                <Field label="Descrição" value=description required=true testid="conta-descricao" placeholder="Ex.: Aluguel de março"/>
                <Field label="Valor (R$)" value=amount kind=FieldKind::Money testid="conta-valor"/>
                <Field label="Vencimento" value=due kind=FieldKind::Date testid="conta-vencimento"/>
                <Field label="Competência (opcional)" value=competence kind=FieldKind::Date testid="conta-competencia"/>
                {move || {
                    let label = if kind_sig.get() == EntryKind::Payable { "Fornecedor" } else { "Cliente" };
                    view! { <SelectField label=label value=party options=parties empty="Nenhum" testid="conta-pessoa"/> }
                }}
                <CategorySelect label="Categoria" value=category groups=groups empty="Sem categoria" testid="conta-categoria"/>
                <SelectField label="Conta prevista" value=account options=accounts empty="Qualquer" testid="conta-conta"/>
                <Field label="Documento (nota, boleto)" value=document kind=FieldKind::Code testid="conta-documento"/>
            </Form>
        </div>
    }
}
