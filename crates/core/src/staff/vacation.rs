//! Vacation (férias) arithmetic for CLT employees: acquisition periods,
//! days taken and scheduled, balance, the limit date to grant each period,
//! the rules for splitting a period, and vacation pay plus one third.
//!
//! Legal basis: every 12 months of work from the hire date (período
//! aquisitivo) give 30 days of vacation (CLT art. 130; reductions for
//! unjustified absences are not modelled); the employer must grant them within
//! the 12 months after the period ends (período concessivo, CLT art. 134),
//! otherwise they are paid in double (art. 137); a period may be split into at
//! most three parts, one of at least 14 days and none shorter than 5 days
//! (art. 134 §1); vacation is paid with one third more (Constituição art. 7º,
//! XVII).
//!
//! Whether days are taken or only scheduled is derived from `today`, never
//! stored: a part counts as taken once it has started.

use chrono::{Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::payroll::{cents, COMMERCIAL_MONTH_DAYS};
use super::StaffError;

/// Days of vacation given by one complete acquisition period.
pub const DAYS_PER_PERIOD: u32 = 30;
/// Shortest part a period can be split into.
pub const MIN_PART_DAYS: u32 = 5;
/// One part of every period must be at least this long.
pub const LONG_PART_DAYS: u32 = 14;
/// Most parts a period can be split into.
pub const MAX_PARTS: usize = 3;

/// One part of vacation, charged to an acquisition period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VacationPart {
    /// Number of the acquisition period (1 for the first year of work).
    pub period: u32,
    /// First day of vacation.
    pub start: NaiveDate,
    /// Calendar days of vacation.
    pub days: u32,
    /// Days of the period sold back as abono pecuniário (CLT art. 143): they
    /// use the period's balance but are worked, not enjoyed.
    #[serde(default)]
    pub abono_days: u32,
}

impl VacationPart {
    /// Days this part uses of its period: enjoyed plus sold.
    pub fn charged_days(&self) -> u32 {
        self.days + self.abono_days
    }

    /// Last day of vacation.
    pub fn end(&self) -> NaiveDate {
        let extra = u64::from(self.days.saturating_sub(1));
        self.start
            .checked_add_days(Days::new(extra))
            .unwrap_or(NaiveDate::MAX)
    }

    /// True once the part has started on `today`.
    pub fn started(&self, today: NaiveDate) -> bool {
        self.start <= today
    }
}

/// One acquisition period and where its 30 days stand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcquisitionPeriod {
    /// 1 for the first year of work, 2 for the second, …
    pub number: u32,
    /// First day of the period.
    pub start: NaiveDate,
    /// Last day of the period.
    pub end: NaiveDate,
    /// Last day of the período concessivo: by then every day of this period
    /// should have been enjoyed.
    pub limit_to_grant: NaiveDate,
    /// Days the period gives (30).
    pub entitled_days: u32,
    /// Days of parts that have started.
    pub taken_days: u32,
    /// Days of parts still in the future.
    pub scheduled_days: u32,
    /// Days neither taken nor scheduled.
    pub balance_days: u32,
    /// Days charged beyond the 30 the period gives. Only a merge of parts
    /// scheduled offline on two devices can cause it; a person must cancel
    /// one of them.
    pub over_scheduled_days: u32,
    /// The period is complete on `today`, so its vacation may be granted.
    pub acquired: bool,
    /// The limit date has passed and days are still not taken.
    pub overdue: bool,
}

/// Start and end of acquisition period `number` (1-based) for `hire`.
pub fn period_bounds(hire: NaiveDate, number: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = number.checked_sub(1)?;
    let start = hire.checked_add_months(Months::new(first.checked_mul(12)?))?;
    let next = hire.checked_add_months(Months::new(number.checked_mul(12)?))?;
    let end = next.pred_opt()?;
    Some((start, end))
}

/// Number of the acquisition period that contains `date`, if it is not before
/// the hire date.
pub fn period_containing(hire: NaiveDate, date: NaiveDate) -> Option<u32> {
    if date < hire {
        return None;
    }
    let mut n: u32 = 1;
    loop {
        let (start, end) = period_bounds(hire, n)?;
        if start <= date && date <= end {
            return Some(n);
        }
        n = n.checked_add(1)?;
    }
}

/// Days of `parts` charged to `period`.
fn used_days(parts: &[VacationPart], period: u32) -> u32 {
    parts
        .iter()
        .filter(|p| p.period == period)
        .map(VacationPart::charged_days)
        .sum()
}

/// Every acquisition period from hire up to the one containing `today` (and
/// any later one a part is already charged to), with its balance.
pub fn acquisition_periods(
    hire: NaiveDate,
    parts: &[VacationPart],
    today: NaiveDate,
) -> Vec<AcquisitionPeriod> {
    let current = period_containing(hire, today).unwrap_or(0);
    let last_with_parts = parts.iter().map(|p| p.period).max().unwrap_or(0);
    let count = current.max(last_with_parts);
    let mut periods = Vec::new();
    for number in 1..=count {
        let Some((start, end)) = period_bounds(hire, number) else {
            break;
        };
        let limit_to_grant = end.checked_add_months(Months::new(12)).unwrap_or(end);
        let (mut taken, mut scheduled) = (0u32, 0u32);
        for part in parts.iter().filter(|p| p.period == number) {
            if part.started(today) {
                taken += part.charged_days();
            } else {
                scheduled += part.charged_days();
            }
        }
        let balance = DAYS_PER_PERIOD.saturating_sub(taken + scheduled);
        let over = (taken + scheduled).saturating_sub(DAYS_PER_PERIOD);
        periods.push(AcquisitionPeriod {
            number,
            start,
            end,
            limit_to_grant,
            entitled_days: DAYS_PER_PERIOD,
            taken_days: taken,
            scheduled_days: scheduled,
            balance_days: balance,
            over_scheduled_days: over,
            acquired: end < today,
            overdue: today > limit_to_grant && DAYS_PER_PERIOD > taken,
        });
    }
    periods
}

/// Checks a new vacation part against the CLT rules and the parts already
/// recorded, and returns it with its period filled in. With `period` `None`
/// the oldest complete period that still has days is used.
pub fn check_new_part(
    hire: NaiveDate,
    existing: &[VacationPart],
    period: Option<u32>,
    start: NaiveDate,
    days: u32,
) -> Result<VacationPart, StaffError> {
    check_new_part_with_abono(hire, existing, period, start, days, 0)
}

/// Most days of a period that can be sold as abono pecuniário: one third of
/// the 30 (CLT art. 143).
pub const MAX_ABONO_DAYS: u32 = 10;

/// [`check_new_part`] for a part that also sells `abono_days` of the period
/// (CLT art. 143: at most one third, so 10 days).
pub fn check_new_part_with_abono(
    hire: NaiveDate,
    existing: &[VacationPart],
    period: Option<u32>,
    start: NaiveDate,
    days: u32,
    abono_days: u32,
) -> Result<VacationPart, StaffError> {
    if abono_days > MAX_ABONO_DAYS {
        return Err(StaffError::AbonoTooLong {
            days: abono_days,
            max: MAX_ABONO_DAYS,
        });
    }
    if days < MIN_PART_DAYS {
        return Err(StaffError::VacationTooShort {
            days,
            min: MIN_PART_DAYS,
        });
    }
    let period = match period {
        Some(number) => {
            let (_, end) = period_bounds(hire, number).ok_or(StaffError::NoSuchPeriod(number))?;
            if start <= end {
                return Err(StaffError::PeriodNotAcquired {
                    period: number,
                    period_end: end,
                });
            }
            number
        }
        None => {
            let mut chosen = None;
            let mut n = 1u32;
            while let Some((_, end)) = period_bounds(hire, n) {
                if end >= start {
                    break;
                }
                if used_days(existing, n) < DAYS_PER_PERIOD {
                    chosen = Some(n);
                    break;
                }
                n += 1;
            }
            chosen.ok_or(StaffError::NoPeriodWithBalance)?
        }
    };

    let in_period: Vec<&VacationPart> = existing.iter().filter(|p| p.period == period).collect();
    let balance = DAYS_PER_PERIOD.saturating_sub(used_days(existing, period));
    if in_period.len() >= MAX_PARTS {
        return Err(StaffError::TooManyPortions);
    }
    if days + abono_days > balance {
        return Err(StaffError::VacationExceedsBalance {
            period,
            balance,
            days: days + abono_days,
        });
    }
    let remaining = balance - days - abono_days;
    let parts_left = MAX_PARTS - in_period.len() - 1;
    let has_long = days >= LONG_PART_DAYS || in_period.iter().any(|p| p.days >= LONG_PART_DAYS);
    if !has_long && (remaining < LONG_PART_DAYS || parts_left == 0) {
        return Err(StaffError::NeedsLongPortion { days });
    }
    if remaining > 0 && (remaining < MIN_PART_DAYS || parts_left == 0) {
        return Err(StaffError::LeftoverDays { remaining });
    }

    let part = VacationPart {
        period,
        start,
        days,
        abono_days,
    };
    let end = part.end();
    if let Some(other) = existing
        .iter()
        .filter(|p| p.start <= end && start <= p.end())
        .min_by_key(|p| p.start)
    {
        return Err(StaffError::VacationOverlap(other.start));
    }
    Ok(part)
}

/// Pay of a vacation part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VacationPay {
    /// Days of vacation paid.
    pub days: u32,
    /// Salary for those days: monthly salary × days ÷ 30, in centavos.
    pub base: Decimal,
    /// The constitutional third, computed on the rounded base.
    pub one_third: Decimal,
    /// Base plus one third.
    pub total: Decimal,
}

/// Vacation pay for `days` days of a `monthly_salary`, plus one third.
pub fn vacation_pay(monthly_salary: Decimal, days: u32) -> VacationPay {
    let base = cents(
        monthly_salary.max(Decimal::ZERO) * Decimal::from(days)
            / Decimal::from(COMMERCIAL_MONTH_DAYS),
    );
    let one_third = cents(base / Decimal::from(3));
    VacationPay {
        days,
        base,
        one_third,
        total: base + one_third,
    }
}
