//! What a boleto charges besides its amount, set per charge: juros and multa after the due
//! date, a desconto until a date, and the days after which the bank protests or writes the
//! title off. The carteira holds the defaults ([`Carteira::default_terms`]); a charge keeps
//! its own once issued ([`crate::charges::ChargeBoleto::terms`]), so editing the carteira
//! later does not change boletos already in the customer's hands. The remessa carries them in
//! segments P (juros, desconto, protesto, baixa) and R (multa).

use autosurgeon::{Hydrate, Reconcile};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{check_pct, Carteira};
use crate::error::{CoreError, CoreResult};
use crate::money;

/// The highest juros a carteira or a charge may ask, % ao mês.
pub const MAX_JUROS_MONTH_PCT: u32 = 10;

/// The highest multa, % (Código de Defesa do Consumidor, art. 52 §1º).
pub const MAX_MULTA_PCT: u32 = 2;

/// A boleto's juros, multa, desconto, protest and baixa.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct BoletoTerms {
    /// Juros de mora, % ao mês, from the day after the due date.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub juros_month_pct: Decimal,
    /// Multa, %, from the day after the due date.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub multa_pct: Decimal,
    /// A fixed desconto for paying early.
    pub discount: Option<BoletoDiscount>,
    /// Protest after these days past due; none when `None`.
    pub protest_days: Option<u64>,
    /// Baixa (the bank stops collecting) after these days past due; none when `None`.
    pub baixa_days: Option<u64>,
}

/// A desconto: `amount` off when paid until `until`.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct BoletoDiscount {
    /// In reais.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub amount: Decimal,
    /// The last day it applies; the due date when `None`.
    #[autosurgeon(with = "crate::codec::opt_date")]
    pub until: Option<NaiveDate>,
}

impl Carteira {
    /// The terms a new boleto of this carteira starts from: its juros, multa, desconto until
    /// the due date, protest and baixa days.
    pub fn default_terms(&self) -> BoletoTerms {
        BoletoTerms {
            juros_month_pct: self.juros_month_pct,
            multa_pct: self.multa_pct,
            discount: (self.discount > Decimal::ZERO).then_some(BoletoDiscount {
                amount: self.discount,
                until: None,
            }),
            protest_days: self.protest_days,
            baixa_days: self.baixa_days,
        }
    }
}

impl BoletoTerms {
    /// The desconto's last day for a boleto due on `due`.
    pub fn discount_until(&self, due: NaiveDate) -> Option<(NaiveDate, Decimal)> {
        self.discount
            .as_ref()
            .map(|d| (d.until.unwrap_or(due), d.amount))
    }

    /// The terms of an installment due on `due` when the first is due on `first_due`: a
    /// desconto date moves with each installment, the same days before its due date.
    pub(crate) fn for_installment(&self, first_due: NaiveDate, due: NaiveDate) -> BoletoTerms {
        let mut terms = self.clone();
        if let Some(d) = terms.discount.as_mut() {
            d.until = d.until.map(|until| due - (first_due - until));
        }
        terms
    }

    /// Checks the terms of a boleto of `amount` due on `due`, issued on `issued_on`, with the
    /// limits the banks accept (FEBRABAN's 2-digit protest and 3-digit baixa days).
    pub(crate) fn check(
        &self,
        amount: Decimal,
        due: NaiveDate,
        issued_on: NaiveDate,
    ) -> CoreResult<()> {
        check_pct(
            "Juros",
            self.juros_month_pct,
            Decimal::from(MAX_JUROS_MONTH_PCT),
        )?;
        check_pct("Multa", self.multa_pct, Decimal::from(MAX_MULTA_PCT))?;
        if let Some(d) = &self.discount {
            if d.amount <= Decimal::ZERO || d.amount >= amount {
                return Err(CoreError::invalid(
                    "Desconto",
                    format!(
                        "informe um valor acima de zero e abaixo do valor do boleto ({}).",
                        money::brl(amount)
                    ),
                ));
            }
            if let Some(until) = d.until {
                if until > due || until < issued_on {
                    return Err(CoreError::invalid(
                        "Desconto até",
                        "a data limite do desconto fica entre hoje e o vencimento.",
                    ));
                }
            }
        }
        check_days(self.protest_days, self.baixa_days)
    }
}

/// Protest (1 to 99 days, 2 digits in the remessa) and baixa (1 to 999, 3 digits).
pub(crate) fn check_days(protest: Option<u64>, baixa: Option<u64>) -> CoreResult<()> {
    if protest.is_some_and(|d| !(1..=99).contains(&d)) {
        return Err(CoreError::invalid("Protesto", "informe de 1 a 99 dias."));
    }
    if baixa.is_some_and(|d| !(1..=999).contains(&d)) {
        return Err(CoreError::invalid("Baixa", "informe de 1 a 999 dias."));
    }
    if let (Some(p), Some(b)) = (protest, baixa) {
        if b <= p {
            return Err(CoreError::invalid(
                "Baixa",
                "a baixa vem depois do protesto: informe mais dias que os do protesto.",
            ));
        }
    }
    Ok(())
}
