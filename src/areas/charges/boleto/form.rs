//! The carteira de cobrança form: a new carteira or an existing one edited (bank, agência,
//! conta, convênio, carteira, the bank's own codes, the nosso número range, juros, multa,
//! desconto, protest and baixa days, instructions). Core validates it per bank and answers
//! in pt-BR; the form keeps what was typed when it refuses.

use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::carteira::{Carteira, CarteiraInput};
use retaguarda_core::formats::boleto::Bank;
use retaguarda_core::ledger::AccountKind;
use retaguarda_core::Id;

use crate::fmt::parse_brl;
use crate::state::use_app;

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn pct(d: rust_decimal::Decimal) -> String {
    crate::fmt::quantity(d)
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
        app.read(|b| {
            b.accounts().map(|list| {
                list.into_iter()
                    .filter(|(_, a)| a.kind == AccountKind::Bank && !a.archived)
                    .collect::<Vec<_>>()
            })
        })
        .and_then(Result::ok)
        .unwrap_or_default()
    });
    let editing = existing.as_ref().map(|(id, _)| id.clone());
    let old = existing.map(|(_, c)| c);
    let text = |f: fn(&Carteira) -> String, default: &str| {
        RwSignal::new(old.as_ref().map_or_else(|| default.to_string(), f))
    };
    let first_account = accounts
        .get_untracked()
        .first()
        .map(|(id, _)| id.clone())
        .unwrap_or_default();
    let account = RwSignal::new(old.as_ref().map_or(first_account, |c| c.account.clone()));
    let bank = text(|c| c.bank.clone(), "341");
    let agencia = text(|c| c.agencia.clone(), "");
    let agencia_dv = text(|c| opt(&c.agencia_dv), "");
    let conta = text(|c| c.conta.clone(), "");
    let conta_dv = text(|c| opt(&c.conta_dv), "");
    let convenio = text(|c| opt(&c.convenio), "");
    let carteira = text(|c| c.carteira.clone(), "");
    let variacao = text(|c| opt(&c.variacao), "");
    let transmission = text(|c| opt(&c.transmission_code), "");
    let range_start = text(|c| c.range_start.to_string(), "1");
    let range_end = text(|c| c.range_end.to_string(), "");
    let juros = text(|c| pct(c.juros_month_pct), "1,00");
    let multa = text(|c| pct(c.multa_pct), "2,00");
    let discount = text(|c| pct(c.discount), "");
    let protest = text(
        |c| c.protest_days.map(|d| d.to_string()).unwrap_or_default(),
        "",
    );
    let baixa = text(
        |c| c.baixa_days.map(|d| d.to_string()).unwrap_or_default(),
        "",
    );
    let instructions = text(|c| c.instructions.clone(), "");
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let input = match read_input(Fields {
            account,
            bank,
            agencia,
            agencia_dv,
            conta,
            conta_dv,
            convenio,
            carteira,
            variacao,
            transmission,
            range_start,
            range_end,
            juros,
            multa,
            discount,
            protest,
            baixa,
            instructions,
        }) {
            Ok(i) => i,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        let id = editing.clone();
        busy.set(true);
        spawn_local(async move {
            let result = app
                .run(move |b, ctx| b.save_carteira(ctx, id.as_deref(), input))
                .await;
            busy.set(false);
            match result {
                Ok(_) => on_done.run(()),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let field = move |label: &'static str,
                      name: &'static str,
                      s: RwSignal<String>,
                      max: u32,
                      mode: &'static str| {
        view! {
            <label>
                {label}
                <input name=name autocomplete="off" inputmode=mode maxlength=max
                    prop:value=move || s.get() on:input=move |ev| s.set(event_target_value(&ev))/>
            </label>
        }
    };
    let title = if old.is_some() {
        "Editar carteira de cobrança"
    } else {
        "Nova carteira de cobrança"
    };
    view! {
        <form class="stack" data-testid="carteira-form" on:submit=submit novalidate>
            <h3>{title}</h3>
            <label>
                "Conta bancária"
                <select name="account" prop:value=move || account.get() on:change=move |ev| account.set(event_target_value(&ev))>
                    {move || accounts.get().into_iter().map(|(id, a)| view! { <option value=id>{a.name}</option> }).collect_view()}
                </select>
            </label>
            <label>
                "Banco"
                <select name="bank" prop:value=move || bank.get() on:change=move |ev| bank.set(event_target_value(&ev))>
                    {Bank::ALL.into_iter().map(|b| view! { <option value=b.code()>{format!("{} {}", b.code(), b.name())}</option> }).collect_view()}
                </select>
            </label>
            <p class="muted" data-testid="carteira-bank-hint">{move || bank_hint(&bank.get())}</p>
            {field("Agência", "agencia", agencia, 5, "numeric")}
            {field("Dígito da agência", "agencia_dv", agencia_dv, 1, "text")}
            {field("Conta", "conta", conta, 12, "numeric")}
            {field("Dígito da conta", "conta_dv", conta_dv, 1, "text")}
            {field("Convênio / código do beneficiário", "convenio", convenio, 20, "numeric")}
            {field("Carteira", "carteira", carteira, 3, "numeric")}
            <Show when=move || bank.get() == "001">
                {field("Variação da carteira", "variacao", variacao, 3, "numeric")}
            </Show>
            <Show when=move || bank.get() == "033">
                {field("Código de transmissão", "transmission_code", transmission, 15, "numeric")}
            </Show>
            {field("Primeiro nosso número", "range_start", range_start, 17, "numeric")}
            {field("Último nosso número (vazio: o máximo do banco)", "range_end", range_end, 17, "numeric")}
            {field("Juros ao mês (%)", "juros", juros, 6, "decimal")}
            {field("Multa (%)", "multa", multa, 6, "decimal")}
            {field("Desconto até o vencimento (R$)", "discount", discount, 12, "decimal")}
            {field("Protestar após (dias; vazio: não protestar)", "protest_days", protest, 2, "numeric")}
            {field("Baixar após (dias do vencimento; vazio: não baixar)", "baixa_days", baixa, 3, "numeric")}
            {field("Instruções no boleto", "instructions", instructions, 160, "text")}
            {move || error.get().map(|e| view! { <p class="alert error" role="alert" data-testid="carteira-form-error">{e}</p> })}
            <div class="actions">
                <button type="submit" prop:disabled=move || busy.get()>"Salvar carteira"</button>
                <button type="button" class="secondary" on:click=move |_| on_done.run(())>"Cancelar"</button>
            </div>
        </form>
    }
}

/// The form's signals.
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
fn read_input(f: Fields) -> Result<CarteiraInput, String> {
    let text = |s: RwSignal<String>| s.get_untracked().trim().to_string();
    let opt = |s: RwSignal<String>| Some(text(s)).filter(|v| !v.is_empty());
    let decimal = |s: RwSignal<String>, what: &str| {
        let t = text(s);
        if t.is_empty() {
            return Ok(rust_decimal::Decimal::ZERO);
        }
        parse_brl(&t).map_err(|e| format!("{what}: {e}"))
    };
    let whole = |s: RwSignal<String>, what: &str| -> Result<Option<u64>, String> {
        let t = text(s);
        if t.is_empty() {
            return Ok(None);
        }
        t.parse::<u64>()
            .map(Some)
            .map_err(|_| format!("{what}: informe um número inteiro, sem pontos."))
    };
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
        range_start: whole(f.range_start, "Primeiro nosso número")?.unwrap_or(0),
        range_end: whole(f.range_end, "Último nosso número")?,
        juros_month_pct: decimal(f.juros, "Juros")?,
        multa_pct: decimal(f.multa, "Multa")?,
        discount: decimal(f.discount, "Desconto")?,
        protest_days: whole(f.protest, "Protesto")?,
        baixa_days: whole(f.baixa, "Baixa")?,
        instructions: text(f.instructions),
    })
}
