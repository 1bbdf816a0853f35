//! The carteira de cobrança form: a new carteira or an existing one edited (bank, agência,
//! conta, convênio, carteira, the bank's own codes, the nosso número range, juros, multa,
//! desconto, protest and baixa days, instructions). Core validates it per bank and answers
//! in pt-BR; the form keeps what was typed when it refuses.

use leptos::prelude::*;
use retaguarda_core::carteira::{Carteira, CarteiraInput};
use retaguarda_core::formats::boleto::Bank;
use retaguarda_core::ledger::AccountKind;
use retaguarda_core::Id;
use rust_decimal::Decimal;

use crate::fmt::parse_number;
use crate::state::use_app;
use crate::ui::{
    Choices, Field, FieldKind, FieldResult, Form, FormError, SelectField, Submit, Topic,
};

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// A percentage or an amount as typed back in the form (`1,5`).
pub(super) fn pct(d: Decimal) -> String {
    crate::fmt::quantity(d)
}

/// Days as typed back in the form; empty for none.
pub(super) fn days(d: Option<u64>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// A decimal typed in a field; empty is zero.
pub(super) fn decimal(typed: &str, field: &'static str) -> Result<Decimal, FormError> {
    if typed.trim().is_empty() {
        return Ok(Decimal::ZERO);
    }
    parse_number(typed).field(field)
}

/// Whole days typed in a field; empty is none.
pub(super) fn whole(typed: &str, field: &'static str) -> Result<Option<u64>, FormError> {
    let t = typed.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<u64>()
        .map(Some)
        .map_err(|_| FormError::Missing(format!("{field}: informe um número inteiro, sem pontos.")))
}

/// What each bank calls its fields, shown under them.
fn bank_hint(code: &str) -> &'static str {
    match code {
        "001" => "Banco do Brasil: convênio de 6 ou 7 dígitos, carteira de 2 (ex.: 17) e a variação de 3 (ex.: 019).",
        "033" => "Santander: código do beneficiário (7 dígitos) como convênio, carteira de 3 (ex.: 101) e o código de transmissão de 15 dígitos da remessa.",
        "104" => "Caixa: código do beneficiário (6 dígitos) como convênio e carteira 14.",
        "237" => "Bradesco: agência de 4 dígitos, conta de 7 e carteira de 2 (ex.: 09); o código da empresa como convênio.",
        "341" => "Itaú: agência de 4 dígitos, conta de 5 com o dígito, carteira de 3 (ex.: 109).",
        "756" => "Sicoob: cooperativa como agência, código do cliente (7 dígitos) como convênio e a modalidade (1) como carteira.",
        _ => "",
    }
}

/// The form; `existing` edits that carteira, `None` creates one.
#[component]
pub fn CarteiraForm(
    existing: Option<(Id, Carteira)>,
    #[prop(into)] on_done: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let accounts = Memo::new(move |_| {
        app.query(&[Topic::Accounts], |b| {
            b.accounts().map(|list| {
                list.into_iter()
                    .filter(|(_, a)| a.kind == AccountKind::Bank && !a.archived)
                    .map(|(id, a)| (id, a.name))
                    .collect::<Vec<_>>()
            })
        })
    });
    let editing = existing.as_ref().map(|(id, _)| id.clone());
    let old = existing.map(|(_, c)| c);
    let text = |f: fn(&Carteira) -> String, default: &str| {
        RwSignal::new(old.as_ref().map_or_else(|| default.to_string(), f))
    };
    let first_account = accounts
        .with_untracked(|a| {
            a.as_ref()
                .ok()
                .and_then(|l| l.first().map(|(id, _)| id.clone()))
        })
        .unwrap_or_default();
    let f = Fields {
        account: RwSignal::new(old.as_ref().map_or(first_account, |c| c.account.clone())),
        bank: text(|c| c.bank.clone(), "341"),
        agencia: text(|c| c.agencia.clone(), ""),
        agencia_dv: text(|c| opt(&c.agencia_dv), ""),
        conta: text(|c| c.conta.clone(), ""),
        conta_dv: text(|c| opt(&c.conta_dv), ""),
        convenio: text(|c| opt(&c.convenio), ""),
        carteira: text(|c| c.carteira.clone(), ""),
        variacao: text(|c| opt(&c.variacao), ""),
        transmission: text(|c| opt(&c.transmission_code), ""),
        range_start: text(|c| c.range_start.to_string(), "1"),
        range_end: text(|c| c.range_end.to_string(), ""),
        juros: text(|c| pct(c.juros_month_pct), "1,00"),
        multa: text(|c| pct(c.multa_pct), "2,00"),
        discount: text(|c| pct(c.discount), ""),
        protest: text(|c| days(c.protest_days), ""),
        baixa: text(|c| days(c.baixa_days), ""),
        instructions: text(|c| c.instructions.clone(), ""),
    };
    let save = Submit::new(
        move || {
            let input = read_input(&f);
            let id = editing.clone();
            async move {
                let input = input?;
                app.run(move |b, ctx| b.save_carteira(ctx, id.as_deref(), input))
                    .await?;
                Ok(())
            }
        },
        move |()| on_done.run(()),
    );
    let bank_choices = Signal::derive(|| -> Choices {
        Ok(Bank::ALL
            .into_iter()
            .map(|b| (b.code().to_string(), format!("{} {}", b.code(), b.name())))
            .collect())
    });
    let bank = f.bank;
    let title = if old.is_some() {
        "Editar carteira de cobrança"
    } else {
        "Nova carteira de cobrança"
    };
    view! {
        <Form
            submit=save
            label="Salvar carteira"
            testid="carteira-form"
            error_testid="carteira-form-error"
            cancel_label="Cancelar"
            on_cancel=on_done
            class="stack"
        >
            <h3>{title}</h3>
            <SelectField label="Conta bancária" value=f.account options=accounts name="account"/>
            <SelectField label="Banco" value=f.bank options=bank_choices name="bank"/>
            <p class="muted" data-testid="carteira-bank-hint">{move || bank_hint(&bank.get())}</p>
            <Field label="Agência" value=f.agencia kind=FieldKind::Number name="agencia" maxlength=5 autocomplete="off"/>
            <Field label="Dígito da agência" value=f.agencia_dv kind=FieldKind::Code name="agencia_dv" maxlength=1 autocomplete="off"/>
            <Field label="Conta" value=f.conta kind=FieldKind::Number name="conta" maxlength=12 autocomplete="off"/>
            <Field label="Dígito da conta" value=f.conta_dv kind=FieldKind::Code name="conta_dv" maxlength=1 autocomplete="off"/>
            <Field label="Convênio / código do beneficiário" value=f.convenio kind=FieldKind::Code name="convenio" maxlength=20 autocomplete="off"/>
            <Field label="Carteira" value=f.carteira kind=FieldKind::Number name="carteira" maxlength=3 autocomplete="off"/>
            <Show when=move || bank.get() == "001">
                <Field label="Variação da carteira" value=f.variacao kind=FieldKind::Number name="variacao" maxlength=3 autocomplete="off"/>
            </Show>
            <Show when=move || bank.get() == "033">
                <Field label="Código de transmissão" value=f.transmission kind=FieldKind::Code name="transmission_code" maxlength=15 autocomplete="off"/>
            </Show>
            <Field label="Primeiro nosso número" value=f.range_start kind=FieldKind::Code name="range_start" maxlength=17 autocomplete="off"/>
            <Field label="Último nosso número (vazio: o máximo do banco)" value=f.range_end kind=FieldKind::Code name="range_end" maxlength=17 autocomplete="off"/>
            <Field label="Juros ao mês (%)" value=f.juros kind=FieldKind::Quantity name="juros" maxlength=6 autocomplete="off"/>
            <Field label="Multa (%)" value=f.multa kind=FieldKind::Quantity name="multa" maxlength=6 autocomplete="off"/>
            <Field label="Desconto até o vencimento (R$)" value=f.discount kind=FieldKind::Money name="discount" maxlength=12 autocomplete="off"/>
            <Field label="Protestar após (dias; vazio: não protestar)" value=f.protest kind=FieldKind::Number name="protest_days" maxlength=2 autocomplete="off"/>
            <Field label="Baixar após (dias do vencimento; vazio: não baixar)" value=f.baixa kind=FieldKind::Number name="baixa_days" maxlength=3 autocomplete="off"/>
            <Field label="Instruções no boleto" value=f.instructions name="instructions" maxlength=160 autocomplete="off"/>
        </Form>
    }
}

/// The form's signals.
#[derive(Clone, Copy)]
struct Fields {
    account: RwSignal<String>,
    bank: RwSignal<String>,
    agencia: RwSignal<String>,
    agencia_dv: RwSignal<String>,
    conta: RwSignal<String>,
    conta_dv: RwSignal<String>,
    convenio: RwSignal<String>,
    carteira: RwSignal<String>,
    variacao: RwSignal<String>,
    transmission: RwSignal<String>,
    range_start: RwSignal<String>,
    range_end: RwSignal<String>,
    juros: RwSignal<String>,
    multa: RwSignal<String>,
    discount: RwSignal<String>,
    protest: RwSignal<String>,
    baixa: RwSignal<String>,
    instructions: RwSignal<String>,
}

/// What was typed, as core takes it; a number that does not parse is named in pt-BR.
fn read_input(f: &Fields) -> Result<CarteiraInput, FormError> {
    let text = |s: RwSignal<String>| s.get_untracked().trim().to_string();
    let opt = |s: RwSignal<String>| Some(text(s)).filter(|v| !v.is_empty());
    Ok(CarteiraInput {
        account: f.account.get_untracked(),
        bank: f.bank.get_untracked(),
        agencia: text(f.agencia),
        agencia_dv: opt(f.agencia_dv),
        conta: text(f.conta),
        conta_dv: opt(f.conta_dv),
        convenio: opt(f.convenio),
        carteira: text(f.carteira),
        variacao: opt(f.variacao),
        transmission_code: opt(f.transmission),
        range_start: whole(&text(f.range_start), "Primeiro nosso número")?.unwrap_or(0),
        range_end: whole(&text(f.range_end), "Último nosso número")?,
        juros_month_pct: decimal(&text(f.juros), "Juros")?,
        multa_pct: decimal(&text(f.multa), "Multa")?,
        discount: decimal(&text(f.discount), "Desconto")?,
        protest_days: whole(&text(f.protest), "Protesto")?,
        baixa_days: whole(&text(f.baixa), "Baixa")?,
        instructions: text(f.instructions),
    })
}
