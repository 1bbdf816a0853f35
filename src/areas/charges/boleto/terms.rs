//! A boleto's own terms on the new charge form: juros, multa, a desconto until a date, and
//! the protest and baixa days, filled with the chosen carteira's defaults and changeable for
//! this charge. Core checks them ([`retaguarda_core::carteira::BoletoTerms`]) and the remessa
//! carries them.

use leptos::prelude::*;
use retaguarda_core::carteira::{BoletoDiscount, BoletoTerms};

use super::form::{days, decimal, pct, whole};
use crate::fmt::{parse_brl, parse_date};
use crate::state::use_app;
use crate::ui::{Field, FieldKind, FieldResult, FormError, Topic};

/// What the terms' fields hold, as typed.
#[derive(Clone, Copy)]
pub struct TermsFields {
    juros: RwSignal<String>,
    multa: RwSignal<String>,
    discount: RwSignal<String>,
    discount_until: RwSignal<String>,
    protest: RwSignal<String>,
    baixa: RwSignal<String>,
}

impl Default for TermsFields {
    /// Empty fields, filled once a carteira is chosen.
    fn default() -> TermsFields {
        let empty = || RwSignal::new(String::new());
        TermsFields {
            juros: empty(),
            multa: empty(),
            discount: empty(),
            discount_until: empty(),
            protest: empty(),
            baixa: empty(),
        }
    }
}

impl TermsFields {
    /// Writes `t` in the fields.
    fn fill(&self, t: &BoletoTerms) {
        self.juros.set(pct(t.juros_month_pct));
        self.multa.set(pct(t.multa_pct));
        self.discount.set(
            t.discount
                .as_ref()
                .map(|d| pct(d.amount))
                .unwrap_or_default(),
        );
        self.discount_until.set(
            t.discount
                .as_ref()
                .and_then(|d| d.until)
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        );
        self.protest.set(days(t.protest_days));
        self.baixa.set(days(t.baixa_days));
    }

    /// What was typed, as core takes it.
    pub fn read(&self) -> Result<BoletoTerms, FormError> {
        let typed = |s: RwSignal<String>| s.get_untracked().trim().to_string();
        let amount = typed(self.discount);
        let discount = if amount.is_empty() {
            None
        } else {
            let until = typed(self.discount_until);
            Some(BoletoDiscount {
                amount: parse_brl(&amount).field("Desconto")?,
                until: if until.is_empty() {
                    None
                } else {
                    Some(parse_date(&until).field("Data limite do desconto")?)
                },
            })
        };
        Ok(BoletoTerms {
            juros_month_pct: decimal(&typed(self.juros), "Juros")?,
            multa_pct: decimal(&typed(self.multa), "Multa")?,
            discount,
            protest_days: whole(&typed(self.protest), "Protesto")?,
            baixa_days: whole(&typed(self.baixa), "Baixa")?,
        })
    }
}

/// The terms' fields; choosing another `carteira` fills them with its defaults.
#[component]
pub fn BoletoTermsFields(fields: TermsFields, carteira: RwSignal<String>) -> impl IntoView {
    let app = use_app();
    Effect::new(move |_| {
        let id = carteira.get();
        // Only the carteira chosen refills them: a sync does not overwrite what was typed.
        let terms = untrack(|| {
            app.query(&[Topic::Carteiras], |b| {
                b.carteira(&id).map(|c| c.default_terms())
            })
        });
        if let Ok(t) = terms {
            fields.fill(&t);
        }
    });
    view! {
        <details class="stack" data-testid="boleto-terms">
            <summary>"Juros, multa, desconto e protesto deste boleto"</summary>
            <Field label="Juros ao mês (%)" value=fields.juros kind=FieldKind::Quantity name="boleto_juros" maxlength=6 autocomplete="off"/>
            <Field label="Multa (%)" value=fields.multa kind=FieldKind::Quantity name="boleto_multa" maxlength=6 autocomplete="off"/>
            <Field label="Desconto (R$)" value=fields.discount kind=FieldKind::Money name="boleto_discount" maxlength=12 autocomplete="off" hint="Vazio: sem desconto."/>
            <Field label="Data limite do desconto" value=fields.discount_until kind=FieldKind::Date name="boleto_discount_until" hint="Vazia: o desconto vale até a data de pagamento da cobrança."/>
            <Field label="Protestar após (dias de atraso)" value=fields.protest kind=FieldKind::Number name="boleto_protest_days" maxlength=2 autocomplete="off" hint="Vazio: não protestar."/>
            <Field label="Baixar após (dias de atraso)" value=fields.baixa kind=FieldKind::Number name="boleto_baixa_days" maxlength=3 autocomplete="off" hint="Vazio: o banco não baixa sozinho."/>
        </details>
    }
}
