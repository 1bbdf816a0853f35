//! The year's payroll tables as data: INSS bands, IRRF bands, IRRF
//! deductions, the Lei 15.270/2025 IRRF reduction and the FGTS rate.
//!
//! Tables change every year by law, so they are plain data, one set per year,
//! serialisable and editable by the user; the built-in defaults only seed a
//! year the document does not have yet.

use autosurgeon::{Hydrate, Reconcile};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::StaffError;

/// One band of the employee's INSS contribution: the band's rate applies to the
/// slice of pay from the previous band's upper limit up to `up_to`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct InssBand {
    /// Upper limit of the band (inclusive), in reais.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub up_to: Decimal,
    /// Rate as a fraction (0.075 means 7,5%).
    #[autosurgeon(with = "crate::codec::decimal")]
    pub rate: Decimal,
}

/// One band of the monthly IRRF table: tax = base × rate − deduction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct IrrfBand {
    /// Upper limit of the band (inclusive); `None` for the last, open band.
    #[autosurgeon(with = "crate::codec::opt_decimal")]
    pub up_to: Option<Decimal>,
    /// Rate as a fraction (0.275 means 27,5%).
    #[autosurgeon(with = "crate::codec::decimal")]
    pub rate: Decimal,
    /// Amount subtracted after applying the rate ("parcela a deduzir").
    #[autosurgeon(with = "crate::codec::decimal")]
    pub deduction: Decimal,
}

/// The monthly IRRF reduction created by Lei 15.270/2025, computed on the
/// gross monthly taxable income (rendimentos tributáveis), not on the base
/// after deductions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct IrrfReduction {
    /// Taxable income up to this amount has its tax reduced by up to
    /// `full_max`, which leaves it at zero.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub full_up_to: Decimal,
    /// Largest reduction for incomes up to `full_up_to`.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub full_max: Decimal,
    /// Taxable income above `full_up_to` and up to this amount gets
    /// `constant − factor × income`.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub partial_up_to: Decimal,
    /// The constant of the partial reduction formula.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub partial_constant: Decimal,
    /// The factor of the partial reduction formula.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub partial_factor: Decimal,
}

/// Every figure a payroll run of one year needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct PayrollTables {
    /// Calendar year these tables apply to.
    pub year: i32,
    /// INSS bands in ascending order; the last `up_to` is the ceiling (teto).
    pub inss: Vec<InssBand>,
    /// IRRF bands in ascending order; only the last band is open.
    pub irrf: Vec<IrrfBand>,
    /// Monthly deduction per dependant.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub irrf_dependant_deduction: Decimal,
    /// Monthly simplified discount, used instead of the legal deductions
    /// when it is larger.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub irrf_simplified_deduction: Decimal,
    /// The reduction of Lei 15.270/2025, when the year has it.
    pub irrf_reduction: Option<IrrfReduction>,
    /// FGTS deposit paid by the employer, as a fraction of pay.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub fgts_rate: Decimal,
}

/// Builds an amount from centavos.
fn reais(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

/// Builds a rate from per-mille-of-percent style digits: `rate(75, 3)` is 0,075.
fn rate(num: i64, scale: u32) -> Decimal {
    Decimal::new(num, scale)
}

impl PayrollTables {
    /// The 2026 tables.
    ///
    /// Sources:
    /// - INSS: employee contribution bands and ceiling (teto) of 2026 as set by
    ///   the Portaria Interministerial MPS/MF of January 2026 that adjusts the
    ///   social security figures for the year (7,5% up to the minimum wage of
    ///   R$ 1.621,00; 9%, 12% and 14% up to the ceiling of R$ 8.475,55).
    /// - IRRF monthly table (exempt up to R$ 2.428,80, then 7,5%, 15%, 22,5%
    ///   and 27,5% with their "parcelas a deduzir") and the simplified monthly
    ///   discount of R$ 607,20: Lei 15.191/2025 (conversion of MP 1.294/2025),
    ///   in force since May 2025 and kept for 2026, as published by the Receita
    ///   Federal (RFB) in its "tabelas do IRPF" page.
    /// - Deduction per dependant of R$ 189,59: Lei 9.250/1995, art. 4º, III, as
    ///   amended by Lei 13.149/2015.
    /// - Reduction: Lei 15.270/2025 (art. 3º-A of Lei 9.250/1995), in force
    ///   from January 2026: taxable income up to R$ 5.000,00 has the tax reduced
    ///   by up to R$ 312,89 (so it is zero); from R$ 5.000,01 to R$ 7.350,00 the
    ///   reduction is R$ 978,62 − 0,133145 × income.
    /// - FGTS 8%: Lei 8.036/1990, art. 15.
    pub fn brazil_2026() -> PayrollTables {
        PayrollTables {
            year: 2026,
            inss: vec![
                InssBand {
                    up_to: reais(162_100),
                    rate: rate(75, 3),
                },
                InssBand {
                    up_to: reais(290_284),
                    rate: rate(9, 2),
                },
                InssBand {
                    up_to: reais(435_427),
                    rate: rate(12, 2),
                },
                InssBand {
                    up_to: reais(847_555),
                    rate: rate(14, 2),
                },
            ],
            irrf: vec![
                IrrfBand {
                    up_to: Some(reais(242_880)),
                    rate: Decimal::ZERO,
                    deduction: Decimal::ZERO,
                },
                IrrfBand {
                    up_to: Some(reais(282_665)),
                    rate: rate(75, 3),
                    deduction: reais(18_216),
                },
                IrrfBand {
                    up_to: Some(reais(375_105)),
                    rate: rate(15, 2),
                    deduction: reais(39_416),
                },
                IrrfBand {
                    up_to: Some(reais(466_468)),
                    rate: rate(225, 3),
                    deduction: reais(67_549),
                },
                IrrfBand {
                    up_to: None,
                    rate: rate(275, 3),
                    deduction: reais(90_873),
                },
            ],
            irrf_dependant_deduction: reais(18_959),
            irrf_simplified_deduction: reais(60_720),
            irrf_reduction: Some(IrrfReduction {
                full_up_to: reais(500_000),
                full_max: reais(31_289),
                partial_up_to: reais(735_000),
                partial_constant: reais(97_862),
                partial_factor: rate(133_145, 6),
            }),
            fgts_rate: rate(8, 2),
        }
    }

    /// The built-in tables for `year`, if the program knows them.
    pub fn builtin(year: i32) -> Option<PayrollTables> {
        match year {
            2026 => Some(PayrollTables::brazil_2026()),
            _ => None,
        }
    }

    /// The INSS ceiling (the last band's upper limit); pay above it is not
    /// charged.
    pub fn inss_ceiling(&self) -> Decimal {
        self.inss.last().map(|b| b.up_to).unwrap_or(Decimal::ZERO)
    }

    /// Checks that the tables make sense before they are used or stored.
    pub fn validate(&self) -> Result<(), StaffError> {
        let bad = |reason: &str| StaffError::InvalidTables {
            year: self.year,
            reason: reason.to_string(),
        };
        if !(1900..=9999).contains(&self.year) {
            return Err(bad("o ano precisa ter quatro dígitos."));
        }
        let is_rate = |r: Decimal| r >= Decimal::ZERO && r <= Decimal::ONE;
        if self.inss.is_empty() {
            return Err(bad("o INSS precisa de pelo menos uma faixa."));
        }
        let mut previous = Decimal::ZERO;
        for band in &self.inss {
            if band.up_to <= previous {
                return Err(bad(
                    "os limites das faixas do INSS precisam ser positivos e crescentes.",
                ));
            }
            if !is_rate(band.rate) {
                return Err(bad("as alíquotas do INSS precisam estar entre 0% e 100%."));
            }
            previous = band.up_to;
        }
        if self.irrf.is_empty() {
            return Err(bad("o IRRF precisa de pelo menos uma faixa."));
        }
        let last = self.irrf.len() - 1;
        let mut previous = Decimal::ZERO;
        for (i, band) in self.irrf.iter().enumerate() {
            match (band.up_to, i == last) {
                (None, true) => {}
                (Some(_), true) => {
                    return Err(bad("a última faixa do IRRF não pode ter limite."));
                }
                (None, false) => {
                    return Err(bad("só a última faixa do IRRF pode ficar sem limite."));
                }
                (Some(up_to), false) => {
                    if up_to <= previous {
                        return Err(bad(
                            "os limites das faixas do IRRF precisam ser positivos e crescentes.",
                        ));
                    }
                    previous = up_to;
                }
            }
            if !is_rate(band.rate) {
                return Err(bad("as alíquotas do IRRF precisam estar entre 0% e 100%."));
            }
            if band.deduction < Decimal::ZERO {
                return Err(bad("a parcela a deduzir do IRRF não pode ser negativa."));
            }
        }
        if self.irrf_dependant_deduction < Decimal::ZERO {
            return Err(bad("a dedução por dependente não pode ser negativa."));
        }
        if self.irrf_simplified_deduction < Decimal::ZERO {
            return Err(bad("o desconto simplificado não pode ser negativo."));
        }
        if let Some(r) = &self.irrf_reduction {
            if r.full_up_to < Decimal::ZERO
                || r.full_max < Decimal::ZERO
                || r.partial_constant < Decimal::ZERO
                || r.partial_factor < Decimal::ZERO
            {
                return Err(bad(
                    "os valores da redução do IRRF não podem ser negativos.",
                ));
            }
            if r.partial_up_to < r.full_up_to {
                return Err(bad(
                    "o limite da redução parcial do IRRF precisa ser maior que o da redução total.",
                ));
            }
        }
        if !is_rate(self.fgts_rate) {
            return Err(bad("a alíquota do FGTS precisa estar entre 0% e 100%."));
        }
        Ok(())
    }
}
