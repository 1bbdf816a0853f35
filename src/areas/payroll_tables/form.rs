//! The Tabelas da folha form's model: the figures as typed (amounts `1.621,00`, rates in
//! percent `7,5`), made from `PayrollTables` and read back into them, naming the field that
//! could not be read.

use retaguarda_core::staff::{InssBand, IrrfBand, IrrfReduction, PayrollTables};
use rust_decimal::Decimal;

use crate::fmt::{parse_brl, parse_number};

/// An amount as its field shows it (`1.621,00`); the label carries the currency.
fn amount_text(value: Decimal) -> String {
    crate::fmt::money_input(value)
}

/// A fraction as a percentage with a decimal comma: 0,075 becomes `7,5`.
fn percent_text(rate: Decimal) -> String {
    (rate * Decimal::ONE_HUNDRED)
        .normalize()
        .to_string()
        .replace('.', ",")
}

/// A plain number with a decimal comma, with every digit it has.
fn number_text(value: Decimal) -> String {
    value.normalize().to_string().replace('.', ",")
}

fn parse_amount(label: &str, text: &str) -> Result<Decimal, String> {
    parse_brl(text).map_err(|e| format!("{label}: {e}"))
}

fn parse_percent(label: &str, text: &str) -> Result<Decimal, String> {
    parse_number(text)
        .map(|p| p / Decimal::ONE_HUNDRED)
        .map_err(|e| format!("{label}: {e}"))
}

#[derive(Clone, Default, PartialEq)]
pub struct InssRow {
    pub up_to: String,
    pub rate: String,
}

#[derive(Clone, Default, PartialEq)]
pub struct IrrfRow {
    pub up_to: String,
    pub rate: String,
    pub deduction: String,
}

/// What the fields hold, as typed; it becomes `PayrollTables` only when saved.
#[derive(Clone, Default, PartialEq)]
pub struct Form {
    pub inss: Vec<InssRow>,
    pub irrf: Vec<IrrfRow>,
    pub dependant: String,
    pub simplified: String,
    pub reduction: bool,
    pub full_up_to: String,
    pub full_max: String,
    pub partial_up_to: String,
    pub partial_constant: String,
    pub partial_factor: String,
    pub fgts: String,
}

impl Form {
    pub fn from_tables(t: &PayrollTables) -> Form {
        let r = t.irrf_reduction.clone();
        let field = |f: fn(&IrrfReduction) -> Decimal, text: fn(Decimal) -> String| {
            r.as_ref().map(|r| text(f(r))).unwrap_or_default()
        };
        Form {
            inss: t
                .inss
                .iter()
                .map(|b| InssRow {
                    up_to: amount_text(b.up_to),
                    rate: percent_text(b.rate),
                })
                .collect(),
            irrf: t
                .irrf
                .iter()
                .map(|b| IrrfRow {
                    up_to: b.up_to.map(amount_text).unwrap_or_default(),
                    rate: percent_text(b.rate),
                    deduction: amount_text(b.deduction),
                })
                .collect(),
            dependant: amount_text(t.irrf_dependant_deduction),
            simplified: amount_text(t.irrf_simplified_deduction),
            reduction: r.is_some(),
            full_up_to: field(|r| r.full_up_to, amount_text),
            full_max: field(|r| r.full_max, amount_text),
            partial_up_to: field(|r| r.partial_up_to, amount_text),
            partial_constant: field(|r| r.partial_constant, amount_text),
            partial_factor: field(|r| r.partial_factor, number_text),
            fgts: percent_text(t.fgts_rate),
        }
    }

    /// The tables the fields describe, or which field could not be read. The last IRRF
    /// band is the open one, so it never gets a limit.
    pub fn to_tables(&self, year: i32) -> Result<PayrollTables, String> {
        let mut inss = Vec::new();
        for (i, row) in self.inss.iter().enumerate() {
            let n = i + 1;
            inss.push(InssBand {
                up_to: parse_amount(&format!("INSS, faixa {n}, até"), &row.up_to)?,
                rate: parse_percent(&format!("INSS, faixa {n}, alíquota"), &row.rate)?,
            });
        }
        let last = self.irrf.len().saturating_sub(1);
        let mut irrf = Vec::new();
        for (i, row) in self.irrf.iter().enumerate() {
            let n = i + 1;
            irrf.push(IrrfBand {
                up_to: if i == last {
                    None
                } else {
                    Some(parse_amount(&format!("IRRF, faixa {n}, até"), &row.up_to)?)
                },
                rate: parse_percent(&format!("IRRF, faixa {n}, alíquota"), &row.rate)?,
                deduction: parse_amount(
                    &format!("IRRF, faixa {n}, parcela a deduzir"),
                    &row.deduction,
                )?,
            });
        }
        let irrf_reduction = if self.reduction {
            Some(IrrfReduction {
                full_up_to: parse_amount("Redução total, renda até", &self.full_up_to)?,
                full_max: parse_amount("Redução máxima", &self.full_max)?,
                partial_up_to: parse_amount("Redução parcial, renda até", &self.partial_up_to)?,
                partial_constant: parse_amount(
                    "Redução parcial, valor fixo",
                    &self.partial_constant,
                )?,
                partial_factor: parse_number(&self.partial_factor)
                    .map_err(|e| format!("Redução parcial, fator: {e}"))?,
            })
        } else {
            None
        };
        Ok(PayrollTables {
            year,
            inss,
            irrf,
            irrf_dependant_deduction: parse_amount("Dedução por dependente", &self.dependant)?,
            irrf_simplified_deduction: parse_amount("Desconto simplificado", &self.simplified)?,
            irrf_reduction,
            fgts_rate: parse_percent("FGTS", &self.fgts)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_2026_tables_round_trip_through_the_fields() {
        let t = PayrollTables::brazil_2026();
        let form = Form::from_tables(&t);
        assert_eq!(form.inss[0].up_to, "1.621,00");
        assert_eq!(form.inss[0].rate, "7,5");
        assert_eq!(form.irrf[4].up_to, "");
        assert_eq!(form.partial_factor, "0,133145");
        assert_eq!(form.fgts, "8");
        assert_eq!(form.to_tables(2026), Ok(t));
    }

    #[test]
    fn an_unreadable_field_is_named() {
        let mut form = Form::from_tables(&PayrollTables::brazil_2026());
        form.inss[1].rate = "nove".into();
        let err = form.to_tables(2026).unwrap_err();
        assert!(err.starts_with("INSS, faixa 2, alíquota:"), "{err}");
    }
}
