//! The Tabelas da folha form's model: one signal per field, holding the figures as typed
//! (amounts `1.621,00`, rates in percent `7,5`), made from `PayrollTables` and read back
//! into them, naming the field that could not be read.

use leptos::prelude::*;
use retaguarda_core::staff::{InssBand, IrrfBand, IrrfReduction, PayrollTables};
use rust_decimal::Decimal;

use crate::fmt::{
    decimal_input, money_input, parse_brl, parse_number, parse_percent, percent_input,
};
use crate::ui::{FieldResult, FormError};

fn text(value: String) -> RwSignal<String> {
    RwSignal::new(value)
}

fn read(field: RwSignal<String>) -> String {
    field.get_untracked()
}

fn amount(label: impl Into<String>, field: RwSignal<String>) -> Result<Decimal, FormError> {
    parse_brl(&read(field)).field_at(label)
}

fn percent(label: impl Into<String>, field: RwSignal<String>) -> Result<Decimal, FormError> {
    parse_percent(&read(field)).field_at(label)
}

/// One INSS band as typed.
#[derive(Clone, Copy, PartialEq)]
pub struct InssRow {
    pub up_to: RwSignal<String>,
    pub rate: RwSignal<String>,
}

impl InssRow {
    pub fn empty() -> InssRow {
        InssRow {
            up_to: text(String::new()),
            rate: text(String::new()),
        }
    }
}

/// One IRRF band as typed; the last band's `up_to` is never read (it is open).
#[derive(Clone, Copy, PartialEq)]
pub struct IrrfRow {
    pub up_to: RwSignal<String>,
    pub rate: RwSignal<String>,
    pub deduction: RwSignal<String>,
}

impl IrrfRow {
    pub fn empty() -> IrrfRow {
        IrrfRow {
            up_to: text(String::new()),
            rate: text(String::new()),
            deduction: text(String::new()),
        }
    }
}

/// What the fields hold, as typed; it becomes `PayrollTables` only when saved. The bands
/// are lists of signals, so adding or removing one keeps what the others hold.
#[derive(Clone, Copy, PartialEq)]
pub struct TablesForm {
    pub inss: RwSignal<Vec<InssRow>>,
    pub irrf: RwSignal<Vec<IrrfRow>>,
    pub dependant: RwSignal<String>,
    pub simplified: RwSignal<String>,
    pub reduction: RwSignal<bool>,
    pub full_up_to: RwSignal<String>,
    pub full_max: RwSignal<String>,
    pub partial_up_to: RwSignal<String>,
    pub partial_constant: RwSignal<String>,
    pub partial_factor: RwSignal<String>,
    pub fgts: RwSignal<String>,
}

impl TablesForm {
    /// A form with no figures, for a year that has none.
    pub fn empty() -> TablesForm {
        TablesForm {
            inss: RwSignal::new(Vec::new()),
            irrf: RwSignal::new(Vec::new()),
            dependant: text(String::new()),
            simplified: text(String::new()),
            reduction: RwSignal::new(false),
            full_up_to: text(String::new()),
            full_max: text(String::new()),
            partial_up_to: text(String::new()),
            partial_constant: text(String::new()),
            partial_factor: text(String::new()),
            fgts: text(String::new()),
        }
    }

    /// Puts `t`'s figures in the fields.
    pub fn fill(self, t: &PayrollTables) {
        let r = t.irrf_reduction.as_ref();
        let reduction = |f: fn(&IrrfReduction) -> Decimal, shown: fn(Decimal) -> String| {
            r.map(|r| shown(f(r))).unwrap_or_default()
        };
        self.inss.set(
            t.inss
                .iter()
                .map(|b| InssRow {
                    up_to: text(money_input(b.up_to)),
                    rate: text(percent_input(b.rate)),
                })
                .collect(),
        );
        self.irrf.set(
            t.irrf
                .iter()
                .map(|b| IrrfRow {
                    up_to: text(b.up_to.map(money_input).unwrap_or_default()),
                    rate: text(percent_input(b.rate)),
                    deduction: text(money_input(b.deduction)),
                })
                .collect(),
        );
        self.dependant.set(money_input(t.irrf_dependant_deduction));
        self.simplified
            .set(money_input(t.irrf_simplified_deduction));
        self.reduction.set(r.is_some());
        self.full_up_to
            .set(reduction(|r| r.full_up_to, money_input));
        self.full_max.set(reduction(|r| r.full_max, money_input));
        self.partial_up_to
            .set(reduction(|r| r.partial_up_to, money_input));
        self.partial_constant
            .set(reduction(|r| r.partial_constant, money_input));
        self.partial_factor
            .set(reduction(|r| r.partial_factor, decimal_input));
        self.fgts.set(percent_input(t.fgts_rate));
    }

    /// A form holding `t`'s figures.
    #[cfg(test)]
    pub fn from_tables(t: &PayrollTables) -> TablesForm {
        let form = TablesForm::empty();
        form.fill(t);
        form
    }

    /// The tables the fields describe, or which field could not be read. The last IRRF
    /// band is the open one, so it never gets a limit.
    pub fn to_tables(self, year: i32) -> Result<PayrollTables, FormError> {
        let mut inss = Vec::new();
        for (i, row) in self.inss.get_untracked().iter().enumerate() {
            let n = i + 1;
            inss.push(InssBand {
                up_to: amount(format!("INSS, faixa {n}, até"), row.up_to)?,
                rate: percent(format!("INSS, faixa {n}, alíquota"), row.rate)?,
            });
        }
        let rows = self.irrf.get_untracked();
        let last = rows.len().saturating_sub(1);
        let mut irrf = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let n = i + 1;
            irrf.push(IrrfBand {
                up_to: if i == last {
                    None
                } else {
                    Some(amount(format!("IRRF, faixa {n}, até"), row.up_to)?)
                },
                rate: percent(format!("IRRF, faixa {n}, alíquota"), row.rate)?,
                deduction: amount(format!("IRRF, faixa {n}, parcela a deduzir"), row.deduction)?,
            });
        }
        let irrf_reduction = if self.reduction.get_untracked() {
            Some(IrrfReduction {
                full_up_to: amount("Redução total, renda até", self.full_up_to)?,
                full_max: amount("Redução máxima", self.full_max)?,
                partial_up_to: amount("Redução parcial, renda até", self.partial_up_to)?,
                partial_constant: amount("Redução parcial, valor fixo", self.partial_constant)?,
                partial_factor: parse_number(&read(self.partial_factor))
                    .field("Redução parcial, fator")?,
            })
        } else {
            None
        };
        Ok(PayrollTables {
            year,
            inss,
            irrf,
            irrf_dependant_deduction: amount("Dedução por dependente", self.dependant)?,
            irrf_simplified_deduction: amount("Desconto simplificado", self.simplified)?,
            irrf_reduction,
            fgts_rate: percent("FGTS", self.fgts)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_2026_tables_round_trip_through_the_fields() {
        let t = PayrollTables::brazil_2026();
        let form = TablesForm::from_tables(&t);
        let inss = form.inss.get_untracked();
        let irrf = form.irrf.get_untracked();
        assert_eq!(inss[0].up_to.get_untracked(), "1.621,00");
        assert_eq!(inss[0].rate.get_untracked(), "7,5");
        assert_eq!(irrf[4].up_to.get_untracked(), "");
        assert_eq!(form.partial_factor.get_untracked(), "0,133145");
        assert_eq!(form.fgts.get_untracked(), "8");
        assert_eq!(form.to_tables(2026), Ok(t));
    }

    #[test]
    fn an_unreadable_field_is_named() {
        let form = TablesForm::from_tables(&PayrollTables::brazil_2026());
        form.inss.get_untracked()[1].rate.set("nove".into());
        let err = form.to_tables(2026).unwrap_err().to_string();
        assert!(err.starts_with("INSS, faixa 2, alíquota:"), "{err}");
    }
}
