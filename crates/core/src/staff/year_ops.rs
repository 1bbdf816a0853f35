//! Operations and queries for the year's other payments: vacation paid when
//! scheduled, the 13º installments, ending a contract with its TRCT, and the
//! partners' pró-labore. Each operation is one Automerge change that stores
//! the sheet and writes its payables; each has a preview query so screens
//! show the figures before confirming without computing money.
//!
//! Payables get fixed ids, so two devices doing the same payment offline
//! make one set after the merge, as the monthly run does
//! (`thirteenth.<year>.<n>.*`, `termination.<staff>.*`,
//! `pro_labore.<YYYY-MM>.<staff>.*`; a vacation's are
//! `vacation.<vacation id>.*`, written in the change that creates the
//! vacation).
//!
//! Due dates (bank holidays are not modelled; a due day on a weekend moves
//! back to the Friday):
//! - vacation pay: 2 days before the start (CLT art. 145);
//! - 13º advance: 30 November (Lei 4.749/1965, art. 2º); 2nd installment:
//!   20 December (art. 1º);
//! - INSS of the 13º: 20 December (Decreto 3.048/1999, art. 216 §1º); INSS of
//!   other pay: the 20th of the month after the competence (Lei 8.212/1991,
//!   art. 30, I, "b");
//! - IRRF: the 20th of the month after the payment (Lei 11.196/2005, art. 70,
//!   I, "d");
//! - FGTS: the 20th of the month after the payment (Lei 8.036/1990, art. 15,
//!   as amended by Lei 14.438/2022, FGTS Digital), so the advance's FGTS is
//!   due on 20 December and the 2nd installment's on 20 January;
//! - TRCT and its FGTS with the fine: 10 days after the end (CLT art. 477
//!   §6º; Lei 8.036/1990, art. 18).

use std::collections::BTreeMap;

use autosurgeon::Hydrate;
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

use super::document::{LedgerWrites, Payable};
use super::ops::day_or_previous_weekday;
use super::payroll::{PayslipLine, PayslipLineKind};
use super::pro_labore::pro_labore;
use super::records::*;
use super::sheet::PaySheet;
use super::tables::PayrollTables;
use super::termination::{termination, TerminationCalc, TerminationInput};
use super::thirteenth::{thirteenth_first, thirteenth_months, thirteenth_second, ThirteenthInput};
use super::vacation::{check_new_part_with_abono, period_bounds, VacationPart};
use super::vacation_pay::{late_days, vacation_payment, VacationPayInput, VacationPayment};
use super::StaffError;
use crate::business::{new_id, Business, Id, OpCtx, Tx};
use crate::error::CoreResult;
use crate::ledger::{categories, EntryKind, NewEntry};
use crate::money::{brl, date_br};

/// Category of the partners' pró-labore in the default plan.
pub const PRO_LABORE_CATEGORY: &str = "cat.despesas.pro-labore";

/// Reading records from the document or from inside an operation.
pub trait StaffRead {
    /// One record.
    fn rec<T: Hydrate>(&self, collection: &str, id: &str) -> CoreResult<Option<T>>;
    /// Every record of a collection.
    fn recs<T: Hydrate + Clone + Send + Sync + 'static>(
        &self,
        collection: &str,
    ) -> CoreResult<Vec<(Id, T)>>;
}

impl StaffRead for Business {
    fn rec<T: Hydrate>(&self, collection: &str, id: &str) -> CoreResult<Option<T>> {
        self.get(collection, id)
    }
    fn recs<T: Hydrate + Clone + Send + Sync + 'static>(
        &self,
        collection: &str,
    ) -> CoreResult<Vec<(Id, T)>> {
        self.list(collection)
    }
}

impl StaffRead for Tx<'_> {
    fn rec<T: Hydrate>(&self, collection: &str, id: &str) -> CoreResult<Option<T>> {
        self.get(collection, id)
    }
    fn recs<T: Hydrate + Clone + Send + Sync + 'static>(
        &self,
        collection: &str,
    ) -> CoreResult<Vec<(Id, T)>> {
        self.list(collection)
    }
}

fn tables_for(r: &impl StaffRead, year: i32) -> CoreResult<PayrollTables> {
    let tables = match r.rec::<PayrollTables>(PAYROLL_TABLES, &year.to_string())? {
        Some(t) => t,
        None => PayrollTables::builtin(year).ok_or(StaffError::NoTablesForYear(year))?,
    };
    tables.validate()?;
    Ok(tables)
}

fn member_of(r: &impl StaffRead, id: &str) -> CoreResult<StaffMember> {
    Ok(r.rec::<StaffMember>(STAFF, id)?
        .ok_or(StaffError::StaffNotFound)?)
}

fn clt_member(r: &impl StaffRead, id: &str) -> CoreResult<StaffMember> {
    let m = member_of(r, id)?;
    if m.contract != Contract::Clt {
        return Err(StaffError::NotClt.into());
    }
    Ok(m)
}

/// A person's vacation parts that were not cancelled.
fn live_parts(r: &impl StaffRead, staff: &str) -> CoreResult<Vec<(Id, Vacation)>> {
    Ok(r.recs::<Vacation>(VACATIONS)?
        .into_iter()
        .filter(|(_, v)| v.staff == staff && v.cancelled_on.is_none())
        .collect())
}

/// The 20th of the month after `date`, moved back to a weekday.
pub fn twentieth_after(date: NaiveDate) -> NaiveDate {
    let next = date
        .with_day(1)
        .and_then(|d| d.checked_add_months(Months::new(1)))
        .unwrap_or(date);
    day_or_previous_weekday(next.year(), next.month(), 20).unwrap_or(next)
}

/// 13º advance already paid to `staff` in `year` (first installment or with
/// a vacation).
fn advance_paid(r: &impl StaffRead, staff: &str, year: i32) -> CoreResult<Decimal> {
    let mut total = Decimal::ZERO;
    if let Some(run) = r.rec::<ThirteenthRun>(THIRTEENTH, &thirteenth_id(year, 1))? {
        if let Some(s) = run.sheets.get(staff) {
            total += s.sheet.line("decimo_1").unwrap_or_default();
        }
    }
    for (_, v) in live_parts(r, staff)? {
        if let Some(p) = v.payment.filter(|p| p.due.year() == year) {
            total += p.sheet.line("decimo_1").unwrap_or_default();
        }
    }
    Ok(total)
}

/// Writes payables of one payment under fixed ids (unnamed ones when the staff records
/// live in their own document, see `document`).
struct Payables {
    source: String,
    /// The payment without names ("Férias 12/2026").
    label: String,
    competence: NaiveDate,
    account: Option<Id>,
    entries: Vec<Id>,
}

impl Payables {
    fn new(source: String, label: String, competence: NaiveDate, account: Option<Id>) -> Self {
        Payables {
            source,
            label,
            competence,
            account,
            entries: Vec::new(),
        }
    }

    fn add(
        &mut self,
        ledger: &mut LedgerWrites,
        id: String,
        description: String,
        amount: Decimal,
        due: NaiveDate,
        category: &str,
    ) -> CoreResult<()> {
        if amount <= Decimal::ZERO {
            return Ok(());
        }
        let mut e = NewEntry::new(EntryKind::Payable, String::new(), amount, due);
        e.competence_date = Some(self.competence);
        e.category = Some(category.to_string());
        e.account = self.account.clone();
        e.source = Some(self.source.clone());
        let id = ledger.payable(Payable {
            id,
            description,
            label: self.label.clone(),
            entry: e,
        });
        if !self.entries.contains(&id) {
            self.entries.push(id);
        }
        Ok(())
    }
}

// ----- vacation -----

/// A vacation's pay before it is scheduled, with the late-payment warning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VacationPreview {
    /// The acquisition period the part is charged to.
    pub period: u32,
    /// The limit date to grant that period (end of the período concessivo).
    pub limit: NaiveDate,
    /// Days after the limit, paid in double.
    pub late_days: u32,
    /// The payment.
    pub payment: VacationPayment,
    /// A pt-BR warning when some days are paid in double.
    pub warning: Option<String>,
}

/// Checks a new vacation part of a CLT employee against the CLT rules, the parts
/// already scheduled and the end of the contract; both ways of scheduling share it.
pub(super) fn check_vacation_part(
    r: &impl StaffRead,
    input: &NewVacation,
    abono_days: u32,
) -> CoreResult<(StaffMember, VacationPart)> {
    let member = clt_member(r, &input.staff)?;
    let existing: Vec<VacationPart> = live_parts(r, &input.staff)?
        .iter()
        .map(|(_, v)| v.part())
        .collect();
    let part = check_new_part_with_abono(
        member.hire_date,
        &existing,
        input.period,
        input.start,
        input.days,
        abono_days,
    )?;
    if member.terminated_on.is_some_and(|t| part.end() > t) {
        return Err(StaffError::VacationAfterTermination.into());
    }
    Ok((member, part))
}

fn vacation_calc(
    r: &impl StaffRead,
    input: &NewVacation,
    options: &VacationOptions,
) -> CoreResult<(StaffMember, VacationPart, VacationPreview)> {
    let (member, part) = check_vacation_part(r, input, options.abono_days)?;
    let (_, period_end) = period_bounds(member.hire_date, part.period)
        .ok_or(StaffError::NoSuchPeriod(part.period))?;
    let limit = period_end
        .checked_add_months(Months::new(12))
        .unwrap_or(period_end);
    let late = late_days(part.start, part.days, limit);
    let year = part.start.year();
    let advance = if options.advance_13th && advance_paid(r, &input.staff, year)?.is_zero() {
        let months = thirteenth_months(member.hire_date, None, year, part.start.month());
        let i = ThirteenthInput {
            monthly_salary: member.monthly_salary,
            variable_pay: Decimal::ZERO,
            months,
            whole_year: member.hire_date.year() < year,
            dependants: member.dependants,
        };
        thirteenth_first(&tables_for(r, year)?, &i)?
            .line("decimo_1")
            .unwrap_or_default()
    } else {
        Decimal::ZERO
    };
    let payment = vacation_payment(
        &tables_for(r, year)?,
        &VacationPayInput {
            monthly_salary: member.monthly_salary,
            start: part.start,
            days: part.days,
            abono_days: part.abono_days,
            late_days: late,
            advance_13th: advance,
            dependants: member.dependants,
        },
    )?;
    let warning = (late > 0).then(|| {
        format!(
            "Atenção: o prazo para conceder estas férias termina em {}; {late} dias ficam depois dele e serão pagos em dobro (art. 137 da CLT).",
            date_br(limit)
        )
    });
    let preview = VacationPreview {
        period: part.period,
        limit,
        late_days: late,
        payment,
        warning,
    };
    Ok((member, part, preview))
}

/// The staff member's payslip info for a month: vacation days paid in
/// advance and the informative lines, and whether a TRCT already paid it.
pub(crate) fn month_adjustments(
    tx: &Tx<'_>,
    staff: &str,
    year: i32,
    month: u32,
) -> CoreResult<(u32, Vec<PayslipLine>, bool)> {
    let ended = tx
        .rec::<Termination>(TERMINATIONS, staff)?
        .is_some_and(|t| (t.last_day.year(), t.last_day.month()) <= (year, month));
    let mut days = 0;
    let mut lines = Vec::new();
    for (_, v) in live_parts(tx, staff)? {
        let Some(p) = v.payment else { continue };
        let in_month: u32 = super::vacation_pay::days_by_month(v.start, v.days)
            .iter()
            .filter(|(y, m, _)| *y == year && *m == month)
            .map(|(_, _, d)| d)
            .sum();
        if in_month == 0 {
            continue;
        }
        days += in_month;
        lines.push(PayslipLine::plain(
            "ferias_pagas",
            format!(
                "Férias: {in_month} dias deste mês já pagos no recibo de férias de {} (líquido {})",
                date_br(p.due),
                brl(p.sheet.net)
            ),
            PayslipLineKind::Information,
            p.sheet.net,
        ));
    }
    Ok((days, lines, ended))
}

// ----- 13º -----

/// The id of a 13º installment record: `<year>-<installment>`.
pub fn thirteenth_id(year: i32, installment: u32) -> Id {
    format!("{year:04}-{installment}")
}

fn thirteenth_calc(
    r: &impl StaffRead,
    year: i32,
    installment: u32,
) -> CoreResult<BTreeMap<Id, StaffSheet>> {
    if !(1..=2).contains(&installment) {
        return Err(StaffError::InvalidInstallment(installment).into());
    }
    let tables = tables_for(r, year)?;
    let up_to = if installment == 1 { 11 } else { 12 };
    let cutoff = NaiveDate::from_ymd_opt(year, up_to, if up_to == 11 { 30 } else { 31 })
        .ok_or(StaffError::InvalidMonth(up_to))?;
    let mut out = BTreeMap::new();
    for (id, m) in r.recs::<StaffMember>(STAFF)? {
        if m.contract != Contract::Clt
            || m.hire_date > cutoff
            || m.terminated_on.is_some_and(|t| t < cutoff)
            || r.rec::<Termination>(TERMINATIONS, &id)?.is_some()
        {
            continue;
        }
        let months = thirteenth_months(m.hire_date, None, year, up_to);
        if months == 0 {
            continue;
        }
        let input = ThirteenthInput {
            monthly_salary: m.monthly_salary,
            variable_pay: Decimal::ZERO,
            months,
            whole_year: m.hire_date.year() < year,
            dependants: m.dependants,
        };
        let advance = advance_paid(r, &id, year)?;
        let sheet: PaySheet = if installment == 1 {
            if advance > Decimal::ZERO {
                continue;
            }
            thirteenth_first(&tables, &input)?
        } else {
            thirteenth_second(&tables, &input, advance)?
        };
        out.insert(
            id,
            StaffSheet {
                name: m.name,
                cpf: m.cpf,
                role: m.role,
                monthly_salary: m.monthly_salary,
                months,
                sheet,
            },
        );
    }
    if out.is_empty() {
        return Err(StaffError::NobodyOwedThirteenth(year).into());
    }
    Ok(out)
}

// ----- termination -----

/// FGTS deposits recorded in the app for `staff`: closed payroll runs,
/// vacation pay and 13º installments.
pub fn recorded_fgts(r: &impl StaffRead, staff: &str) -> CoreResult<Decimal> {
    let mut total = Decimal::ZERO;
    for (_, run) in r.recs::<PayrollRun>(PAYROLL_RUNS)? {
        if run.status == RunStatus::Closed {
            total += run.payslips.get(staff).map(|p| p.fgts).unwrap_or_default();
        }
    }
    for (_, v) in live_parts(r, staff)? {
        total += v.payment.map(|p| p.sheet.fgts).unwrap_or_default();
    }
    for (_, run) in r.recs::<ThirteenthRun>(THIRTEENTH)? {
        total += run
            .sheets
            .get(staff)
            .map(|s| s.sheet.fgts)
            .unwrap_or_default();
    }
    Ok(total)
}

fn termination_calc(
    r: &impl StaffRead,
    input: &NewTermination,
) -> CoreResult<(StaffMember, TerminationCalc)> {
    let member = clt_member(r, &input.staff)?;
    if r.rec::<Termination>(TERMINATIONS, &input.staff)?.is_some() {
        return Err(StaffError::ContractEnded.into());
    }
    if member.terminated_on.is_some_and(|t| t != input.last_day) {
        return Err(StaffError::AlreadyTerminated.into());
    }
    let parts: Vec<VacationPart> = live_parts(r, &input.staff)?
        .iter()
        .map(|(_, v)| v.part())
        .collect();
    if parts.iter().any(|p| p.end() > input.last_day) {
        return Err(StaffError::VacationAfterTermination.into());
    }
    let year = input.last_day.year();
    let settled = r
        .rec::<ThirteenthRun>(THIRTEENTH, &thirteenth_id(year, 2))?
        .is_some_and(|run| run.sheets.contains_key(&input.staff));
    let advance = if settled {
        Decimal::ZERO
    } else {
        advance_paid(r, &input.staff, year)?
    };
    let fgts_balance = match input.fgts_balance {
        Some(b) => b,
        None => recorded_fgts(r, &input.staff)?,
    };
    let calc = termination(
        &tables_for(r, year)?,
        &TerminationInput {
            hire: member.hire_date,
            last_day: input.last_day,
            monthly_salary: member.monthly_salary,
            dependants: member.dependants,
            kind: input.kind,
            notice: input.notice,
            vacation_parts: parts,
            advance_13th_paid: advance,
            fgts_balance,
        },
    )?;
    Ok((member, calc))
}

// ----- pró-labore -----

/// The id of a pró-labore record: `<YYYY-MM>.<staff id>`.
pub fn pro_labore_id(year: i32, month: u32, staff: &str) -> Id {
    format!("{year:04}-{month:02}.{staff}")
}

fn pro_labore_calc(
    r: &impl StaffRead,
    input: &NewProLabore,
) -> CoreResult<(StaffMember, PaySheet)> {
    let member = member_of(r, &input.staff)?;
    if member.contract != Contract::Partner {
        return Err(StaffError::NotPartner.into());
    }
    if !(1..=12).contains(&input.month) {
        return Err(StaffError::InvalidMonth(input.month).into());
    }
    let sheet = pro_labore(&tables_for(r, input.year)?, input.amount, member.dependants)?;
    Ok((member, sheet))
}

impl Business {
    // ----- vacation -----

    /// The pay of a vacation part before scheduling it: lines, due date,
    /// days paid in double and the warning.
    pub fn vacation_preview(
        &self,
        input: &NewVacation,
        options: &VacationOptions,
    ) -> CoreResult<VacationPreview> {
        Ok(vacation_calc(self.staff_read()?, input, options)?.2)
    }

    /// Schedules a vacation part and pays it: stores the vacation with its
    /// pay and writes the payables (net to the person, INSS, IRRF, FGTS).
    pub fn schedule_paid_vacation(
        &mut self,
        ctx: &OpCtx,
        input: NewVacation,
        options: VacationOptions,
    ) -> CoreResult<Id> {
        self.staff_apply(ctx, "staff.vacation.schedule", |tx, ledger| {
            let (member, part, preview) = vacation_calc(&*tx, &input, &options)?;
            let id = new_id();
            let p = &preview.payment;
            let who = format!("{} (a partir de {})", member.name, date_br(part.start));
            let public = format!("Férias {:02}/{}", part.start.month(), part.start.year());
            let mut out = Payables::new(format!("vacation:{id}"), public, part.start, None);
            let pay_day = p.due;
            out.add(
                ledger,
                format!("vacation.{id}.net"),
                format!("Férias de {who}"),
                p.sheet.net,
                pay_day,
                categories::VACATION_13TH,
            )?;
            out.add(
                ledger,
                format!("vacation.{id}.inss"),
                format!("INSS das férias de {who}"),
                p.sheet.inss,
                twentieth_after(part.start),
                categories::INSS,
            )?;
            out.add(
                ledger,
                format!("vacation.{id}.irrf"),
                format!("IRRF das férias de {who}"),
                p.sheet.irrf,
                twentieth_after(pay_day),
                categories::IRRF,
            )?;
            out.add(
                ledger,
                format!("vacation.{id}.fgts"),
                format!("FGTS das férias de {who}"),
                p.sheet.fgts,
                twentieth_after(pay_day),
                categories::FGTS,
            )?;
            tx.put(
                VACATIONS,
                &id,
                &Vacation {
                    staff: input.staff.clone(),
                    period: part.period,
                    start: part.start,
                    days: part.days,
                    cancelled_on: None,
                    abono_days: (part.abono_days > 0).then_some(part.abono_days),
                    payment: Some(StoredPayment {
                        sheet: preview.payment.sheet.clone(),
                        due: pay_day,
                        entries: out.entries,
                    }),
                },
            )?;
            tx.set_record(&id);
            Ok(id)
        })
    }

    /// One vacation part.
    pub fn vacation(&self, id: &str) -> CoreResult<Option<Vacation>> {
        self.staff_read()?.get(VACATIONS, id)
    }

    // ----- 13º -----

    /// The sheets a 13º installment would pay, before paying it.
    pub fn thirteenth_preview(
        &self,
        year: i32,
        installment: u32,
    ) -> CoreResult<BTreeMap<Id, StaffSheet>> {
        thirteenth_calc(self.staff_read()?, year, installment)
    }

    /// Calculates a 13º installment for everyone it is due to and writes its
    /// payables; returns its id (`<year>-<installment>`).
    pub fn pay_thirteenth(
        &mut self,
        ctx: &OpCtx,
        year: i32,
        installment: u32,
        account: Option<Id>,
    ) -> CoreResult<Id> {
        self.staff_apply(ctx, "staff.thirteenth.pay", |tx, ledger| {
            let id = thirteenth_id(year, installment);
            if tx.exists(THIRTEENTH, &id)? {
                return Err(StaffError::ThirteenthExists { year, installment }.into());
            }
            let sheets = thirteenth_calc(&*tx, year, installment)?;
            let (net_day, competence) = if installment == 1 {
                (
                    day_or_previous_weekday(year, 11, 30),
                    NaiveDate::from_ymd_opt(year, 11, 30),
                )
            } else {
                (
                    day_or_previous_weekday(year, 12, 20),
                    NaiveDate::from_ymd_opt(year, 12, 31),
                )
            };
            let (Some(net_day), Some(competence)) = (net_day, competence) else {
                return Err(StaffError::InvalidMonth(12).into());
            };
            let dec20 = day_or_previous_weekday(year, 12, 20).unwrap_or(net_day);
            let jan20 = day_or_previous_weekday(year + 1, 1, 20).unwrap_or(net_day);
            let label = format!("13º salário {year} — {installment}ª parcela");
            let mut out = Payables::new(
                format!("thirteenth:{id}"),
                label.clone(),
                competence,
                account,
            );
            for (staff, s) in &sheets {
                out.add(
                    ledger,
                    format!("thirteenth.{year}.{installment}.net.{staff}"),
                    format!("{label} — {}", s.name),
                    s.sheet.net,
                    net_day,
                    categories::VACATION_13TH,
                )?;
            }
            let total = |f: fn(&PaySheet) -> Decimal| -> Decimal {
                sheets.values().map(|s| f(&s.sheet)).sum()
            };
            let (fgts_day, taxes) = if installment == 1 {
                (dec20, None)
            } else {
                (jan20, Some((dec20, jan20)))
            };
            if let Some((inss_day, irrf_day)) = taxes {
                out.add(
                    ledger,
                    format!("thirteenth.{year}.{installment}.inss"),
                    format!("INSS do 13º salário {year} (retido dos empregados)"),
                    total(|s| s.inss),
                    inss_day,
                    categories::INSS,
                )?;
                out.add(
                    ledger,
                    format!("thirteenth.{year}.{installment}.irrf"),
                    format!("IRRF do 13º salário {year} (retido dos empregados)"),
                    total(|s| s.irrf),
                    irrf_day,
                    categories::IRRF,
                )?;
            }
            out.add(
                ledger,
                format!("thirteenth.{year}.{installment}.fgts"),
                format!("FGTS do {label}"),
                total(|s| s.fgts),
                fgts_day,
                categories::FGTS,
            )?;
            tx.put(
                THIRTEENTH,
                &id,
                &ThirteenthRun {
                    year,
                    installment,
                    sheets,
                    calculated_on: tx.today(),
                    entries: out.entries,
                },
            )?;
            tx.set_record(&id);
            Ok(id)
        })
    }

    /// Every 13º installment paid, by id.
    pub fn thirteenth_runs(&self) -> CoreResult<Vec<(Id, ThirteenthRun)>> {
        self.staff_read()?.list(THIRTEENTH)
    }

    // ----- termination -----

    /// The TRCT of ending a contract, before ending it.
    pub fn termination_preview(&self, input: &NewTermination) -> CoreResult<TerminationCalc> {
        Ok(termination_calc(self.staff_read()?, input)?.1)
    }

    /// FGTS deposits recorded in the app for a person (the default base of
    /// the fine).
    pub fn recorded_fgts(&self, staff: &str) -> CoreResult<Decimal> {
        recorded_fgts(self.staff_read()?, staff)
    }

    /// Ends a CLT contract: records the last day, stores the TRCT and writes
    /// its payables (net, FGTS with the fine, INSS, IRRF).
    pub fn end_contract(&mut self, ctx: &OpCtx, input: NewTermination) -> CoreResult<()> {
        self.staff_apply(ctx, "staff.contract.end", |tx, ledger| {
            let (mut member, calc) = termination_calc(&*tx, &input)?;
            let staff = input.staff.clone();
            let public = format!(
                "Rescisão {:02}/{}",
                input.last_day.month(),
                input.last_day.year()
            );
            let mut out =
                Payables::new(format!("termination:{staff}"), public, input.last_day, None);
            let who = member.name.clone();
            out.add(
                ledger,
                format!("termination.{staff}.net"),
                format!("Rescisão de {who} (TRCT)"),
                calc.sheet.net,
                calc.due,
                categories::SALARIES,
            )?;
            out.add(
                ledger,
                format!("termination.{staff}.fgts"),
                format!("FGTS e multa da rescisão de {who}"),
                calc.sheet.fgts + calc.sheet.fgts_fine,
                calc.due,
                categories::FGTS,
            )?;
            let tax_day = twentieth_after(input.last_day);
            out.add(
                ledger,
                format!("termination.{staff}.inss"),
                format!("INSS da rescisão de {who}"),
                calc.sheet.inss,
                tax_day,
                categories::INSS,
            )?;
            out.add(
                ledger,
                format!("termination.{staff}.irrf"),
                format!("IRRF da rescisão de {who}"),
                calc.sheet.irrf,
                tax_day,
                categories::IRRF,
            )?;
            member.terminated_on = Some(input.last_day);
            tx.put(STAFF, &staff, &member)?;
            tx.put(
                TERMINATIONS,
                &staff,
                &Termination {
                    kind: input.kind,
                    notice: input.notice,
                    last_day: input.last_day,
                    notice_days: calc.notice_days,
                    projected_end: calc.projected_end,
                    payment: StoredPayment {
                        sheet: calc.sheet,
                        due: calc.due,
                        entries: out.entries,
                    },
                },
            )?;
            tx.set_record(&staff);
            Ok(())
        })
    }

    /// The TRCT of a person whose contract was ended in the app.
    pub fn termination_of(&self, staff: &str) -> CoreResult<Option<Termination>> {
        self.staff_read()?.get(TERMINATIONS, staff)
    }

    // ----- pró-labore -----

    /// A pró-labore's lines before paying it.
    pub fn pro_labore_preview(&self, input: &NewProLabore) -> CoreResult<PaySheet> {
        Ok(pro_labore_calc(self.staff_read()?, input)?.1)
    }

    /// Records a month's pró-labore of a partner and writes its payables
    /// (net on the pay day, INSS and IRRF on the 20th of the next month).
    pub fn pay_pro_labore(&mut self, ctx: &OpCtx, input: NewProLabore) -> CoreResult<Id> {
        self.staff_apply(ctx, "staff.pro_labore.pay", |tx, ledger| {
            let id = pro_labore_id(input.year, input.month, &input.staff);
            if tx.exists(PRO_LABORE, &id)? {
                return Err(StaffError::ProLaboreExists {
                    year: input.year,
                    month: input.month,
                }
                .into());
            }
            let (member, sheet) = pro_labore_calc(&*tx, &input)?;
            let competence = NaiveDate::from_ymd_opt(input.year, input.month, 1)
                .ok_or(StaffError::InvalidMonth(input.month))?;
            let label = format!("{:02}/{} — {}", input.month, input.year, member.name);
            let public = format!("Pró-labore {:02}/{}", input.month, input.year);
            let mut out = Payables::new(format!("pro_labore:{id}"), public, competence, None);
            let tax_day = twentieth_after(competence);
            out.add(
                ledger,
                format!("pro_labore.{id}.net"),
                format!("Pró-labore {label}"),
                sheet.net,
                input.pay_day,
                PRO_LABORE_CATEGORY,
            )?;
            out.add(
                ledger,
                format!("pro_labore.{id}.inss"),
                format!("INSS do pró-labore {label}"),
                sheet.inss,
                tax_day,
                categories::INSS,
            )?;
            out.add(
                ledger,
                format!("pro_labore.{id}.irrf"),
                format!("IRRF do pró-labore {label}"),
                sheet.irrf,
                tax_day,
                categories::IRRF,
            )?;
            tx.put(
                PRO_LABORE,
                &id,
                &ProLabore {
                    staff: input.staff.clone(),
                    name: member.name,
                    year: input.year,
                    month: input.month,
                    payment: StoredPayment {
                        sheet,
                        due: input.pay_day,
                        entries: out.entries,
                    },
                },
            )?;
            tx.set_record(&id);
            Ok(id)
        })
    }

    /// Every pró-labore recorded, by id.
    pub fn pro_labores(&self) -> CoreResult<Vec<(Id, ProLabore)>> {
        self.staff_read()?.list(PRO_LABORE)
    }
}
