//! Staff operations and queries on the [`Business`] document: people,
//! vacation scheduling, the payroll tables of each year, and payroll runs.
//!
//! Closing a run writes its payables to the ledger: net pay per person, and the
//! month's INSS, FGTS and IRRF, in the same change while the staff records live in
//! the business document; once they live in the staff document, the business
//! document gets one unnamed payable per kind ("Folha 11/2026 — salários
//! líquidos", see `document`). Those entries get fixed ids
//! (`payroll.<YYYY-MM>.net.<staff id>`, `payroll.<YYYY-MM>.inss`, …) so that
//! two devices closing the same run offline produce one set of payables after
//! the merge, not two. The INSS payable is what was withheld from the
//! employees; the employer's own contribution is not computed (small
//! businesses in the Simples Nacional pay it inside the DAS).
//!
//! Due dates (bank holidays are not modelled, so check them on holiday
//! months): net pay on the 5th business day of the next month, counting Monday
//! to Saturday (CLT art. 459 §1, Saturday counts as in IN SRT/MTE 1/1989);
//! INSS, IRRF and FGTS on the 20th of the next month, moved back to the Friday
//! before when it falls on a weekend.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rust_decimal::Decimal;

use super::document::{LedgerWrites, Payable};
use super::payroll::{payslip, PayInput, COMMERCIAL_MONTH_DAYS};
use super::records::*;
use super::tables::PayrollTables;
use super::vacation::{acquisition_periods, vacation_pay, AcquisitionPeriod};
use super::vacation::{VacationPart, VacationPay};
use super::year_ops::{check_vacation_part, month_adjustments};
use super::StaffError;
use crate::business::{new_id, Business, Id, OpCtx, Tx};
use crate::error::{CoreError, CoreResult};
use crate::formats::doc::{DocKind, TaxId};
use crate::ledger::{categories, EntryKind, NewEntry};
use crate::money;

/// The staff operations (change message `op`) and their pt-BR labels for the
/// audit log.
pub const OP_LABELS: &[(&str, &str)] = &[
    ("staff.create", "Pessoa da equipe cadastrada"),
    ("staff.update", "Cadastro da equipe alterado"),
    ("staff.terminate", "Desligamento registrado"),
    ("staff.vacation.schedule", "Férias marcadas"),
    ("staff.vacation.cancel", "Férias canceladas"),
    (
        "staff.payroll_tables.set",
        "Tabelas de INSS e IRRF alteradas",
    ),
    ("staff.payroll.create", "Folha de pagamento calculada"),
    (
        "staff.payroll.recalculate",
        "Folha de pagamento recalculada",
    ),
    ("staff.payroll.close", "Folha de pagamento fechada"),
    ("staff.thirteenth.pay", "13º salário calculado"),
    ("staff.contract.end", "Contrato encerrado (rescisão)"),
    ("staff.pro_labore.pay", "Pró-labore lançado"),
    (
        "staff.migrate",
        "Dados da equipe movidos para um documento só de donos e gerentes",
    ),
    (
        "staff.document.create",
        "Documento dos dados da equipe criado",
    ),
];

/// The pt-BR label of a staff operation, for the audit log.
pub fn op_label(op: &str) -> Option<&'static str> {
    OP_LABELS
        .iter()
        .find(|(name, _)| *name == op)
        .map(|(_, l)| *l)
}

/// Validates a staff form; `own_id` is the person being edited, if any.
fn build_staff(tx: &Tx<'_>, input: NewStaff, own_id: Option<&str>) -> CoreResult<StaffMember> {
    let name = input.name.trim().to_string();
    if name.is_empty() {
        return Err(StaffError::NameRequired.into());
    }
    let tax_id = TaxId::parse(&input.cpf).map_err(|e| StaffError::InvalidCpf(e.to_string()))?;
    if tax_id.kind() != DocKind::Cpf {
        return Err(StaffError::CpfRequired.into());
    }
    if input.monthly_salary <= Decimal::ZERO {
        return Err(StaffError::SalaryNotPositive.into());
    }
    let monthly_salary = money::any("Salário", input.monthly_salary)?;
    if monthly_salary > Decimal::from(10_000_000) {
        return Err(CoreError::invalid("Salário", "o valor é grande demais."));
    }
    if input.dependants > 50 {
        return Err(CoreError::invalid(
            "Dependentes",
            "confira o número de dependentes.",
        ));
    }
    let cpf = tax_id.digits().to_string();
    for (id, other) in tx.list::<StaffMember>(STAFF)? {
        if Some(id.as_str()) != own_id && other.cpf == cpf && other.terminated_on.is_none() {
            return Err(StaffError::DuplicateCpf(tax_id.formatted()).into());
        }
    }
    Ok(StaffMember {
        name,
        cpf,
        role: input.role.trim().to_string(),
        hire_date: input.hire_date,
        monthly_salary,
        contract: input.contract,
        dependants: input.dependants,
        terminated_on: None,
    })
}

fn require_staff(tx: &Tx<'_>, id: &str) -> CoreResult<StaffMember> {
    tx.get::<StaffMember>(STAFF, id)?
        .ok_or_else(|| StaffError::StaffNotFound.into())
}

/// The vacation parts of one person that were not cancelled.
fn live_vacations(list: Vec<(Id, Vacation)>, staff: &str) -> Vec<(Id, Vacation)> {
    list.into_iter()
        .filter(|(_, v)| v.staff == staff && v.cancelled_on.is_none())
        .collect()
}

/// The tables for `year`: the ones stored in the document, else the built-in
/// ones, else an error asking for them.
pub fn tx_payroll_tables(tx: &Tx<'_>, year: i32) -> CoreResult<PayrollTables> {
    if let Some(t) = tx.get::<PayrollTables>(PAYROLL_TABLES, &year.to_string())? {
        return Ok(t);
    }
    PayrollTables::builtin(year).ok_or_else(|| StaffError::NoTablesForYear(year).into())
}

/// First and last day of a month.
fn month_bounds(year: i32, month: u32) -> CoreResult<(NaiveDate, NaiveDate)> {
    if !(1..=12).contains(&month) {
        return Err(StaffError::InvalidMonth(month).into());
    }
    let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or(StaffError::InvalidMonth(month))?;
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .ok_or(StaffError::InvalidMonth(month))?;
    let last = next.pred_opt().ok_or(StaffError::InvalidMonth(month))?;
    Ok((first, last))
}

/// Days of the commercial month (30) a CLT employee is paid for, or `None`
/// when not employed in that month. A partial month counts from the hire day
/// or up to the last day of work, with day 31 treated as day 30.
pub fn days_paid(member: &StaffMember, year: i32, month: u32) -> Option<u32> {
    let (first, last) = month_bounds(year, month).ok()?;
    if member.contract != Contract::Clt || member.hire_date > last {
        return None;
    }
    if member.terminated_on.is_some_and(|t| t < first) {
        return None;
    }
    let from = if member.hire_date > first {
        member.hire_date.day().min(COMMERCIAL_MONTH_DAYS)
    } else {
        1
    };
    let to = match member.terminated_on {
        Some(t) if t < last => t.day().min(COMMERCIAL_MONTH_DAYS),
        _ => COMMERCIAL_MONTH_DAYS,
    };
    Some(to.saturating_sub(from) + 1)
}

/// The `n`th day of `year`/`month` that is not a Sunday.
pub fn nth_business_day_mon_sat(year: i32, month: u32, n: u32) -> Option<NaiveDate> {
    let mut day = NaiveDate::from_ymd_opt(year, month, 1)?;
    let mut count = 0;
    loop {
        if day.weekday() != Weekday::Sun {
            count += 1;
            if count == n {
                return Some(day);
            }
        }
        day = day.succ_opt()?;
    }
}

/// `day` of `year`/`month`, moved back to the Friday before on a weekend.
pub fn day_or_previous_weekday(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    let d = NaiveDate::from_ymd_opt(year, month, day)?;
    let back = match d.weekday() {
        Weekday::Sat => 1,
        Weekday::Sun => 2,
        _ => 0,
    };
    d.checked_sub_days(Days::new(back))
}

fn next_month(year: i32, month: u32) -> (i32, u32) {
    if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    }
}

/// The run id of a month: `YYYY-MM`.
pub fn run_id(year: i32, month: u32) -> Id {
    format!("{year:04}-{month:02}")
}

/// Calculates the payslips of every CLT employee working in the month.
fn calculate(
    tx: &Tx<'_>,
    year: i32,
    month: u32,
) -> CoreResult<std::collections::BTreeMap<String, Payslip>> {
    let tables = tx_payroll_tables(tx, year)?;
    tables.validate()?;
    let mut out = std::collections::BTreeMap::new();
    for (id, member) in tx.list::<StaffMember>(STAFF)? {
        let Some(days) = days_paid(&member, year, month) else {
            continue;
        };
        // Vacation days were paid in advance and a TRCT pays the last month.
        let (vacation_days, info, ended) = month_adjustments(tx, &id, year, month)?;
        if ended {
            continue;
        }
        let days = days.saturating_sub(vacation_days);
        let mut calc = payslip(
            &tables,
            &PayInput {
                monthly_salary: member.monthly_salary,
                days,
                dependants: member.dependants,
            },
        )?;
        calc.lines.extend(info);
        out.insert(
            id,
            Payslip {
                name: member.name,
                cpf: member.cpf,
                role: member.role,
                monthly_salary: member.monthly_salary,
                days,
                dependants: member.dependants,
                gross: calc.gross,
                inss: calc.inss.total,
                irrf: calc.irrf.tax,
                fgts: calc.fgts,
                net: calc.net,
                lines: calc.lines,
            },
        );
    }
    if out.is_empty() {
        return Err(StaffError::NobodyToPay { year, month }.into());
    }
    Ok(out)
}

/// Creates the payroll run of a month as a draft.
pub fn tx_create_payroll_run(tx: &mut Tx<'_>, year: i32, month: u32) -> CoreResult<Id> {
    month_bounds(year, month)?;
    let id = run_id(year, month);
    if tx.exists(PAYROLL_RUNS, &id)? {
        return Err(StaffError::RunExists { year, month }.into());
    }
    let payslips = calculate(tx, year, month)?;
    tx.put(
        PAYROLL_RUNS,
        &id,
        &PayrollRun {
            year,
            month,
            status: RunStatus::Draft,
            payslips,
            calculated_on: tx.today(),
            closed_on: None,
            entries: Vec::new(),
        },
    )?;
    Ok(id)
}

fn require_draft(tx: &Tx<'_>, id: &str) -> CoreResult<PayrollRun> {
    let run: PayrollRun = tx.get(PAYROLL_RUNS, id)?.ok_or(StaffError::RunNotFound)?;
    if run.status == RunStatus::Closed {
        return Err(StaffError::RunClosed.into());
    }
    Ok(run)
}

/// Closes a draft run: queues its payables for the ledger and marks it closed.
pub(crate) fn tx_close_payroll_run(
    tx: &mut Tx<'_>,
    ledger: &mut LedgerWrites,
    id: &str,
    account: Option<Id>,
) -> CoreResult<()> {
    let mut run = require_draft(tx, id)?;
    let (_, last) = month_bounds(run.year, run.month)?;
    let (ny, nm) = next_month(run.year, run.month);
    let pay_day = nth_business_day_mon_sat(ny, nm, 5).unwrap_or(last);
    let tax_day = day_or_previous_weekday(ny, nm, 20).unwrap_or(last);
    let label = format!("{:02}/{}", run.month, run.year);
    let public = format!("Folha {label}");
    let source = format!("payroll:{id}");
    let mut entries: Vec<Id> = Vec::new();
    let mut write =
        |entry_id: String, description: String, amount: Decimal, due: NaiveDate, category: &str| {
            if amount <= Decimal::ZERO {
                return;
            }
            let mut e = NewEntry::new(EntryKind::Payable, String::new(), amount, due);
            e.competence_date = Some(last);
            e.category = Some(category.to_string());
            e.account = account.clone();
            e.source = Some(source.clone());
            let id = ledger.payable(Payable {
                id: entry_id,
                description,
                label: public.clone(),
                entry: e,
            });
            if !entries.contains(&id) {
                entries.push(id);
            }
        };
    for (staff_id, slip) in &run.payslips {
        write(
            format!("payroll.{id}.net.{staff_id}"),
            format!("Salário {label} — {}", slip.name),
            slip.net,
            pay_day,
            categories::SALARIES,
        );
    }
    write(
        format!("payroll.{id}.inss"),
        format!("INSS {label} (retido dos empregados)"),
        run.total_inss(),
        tax_day,
        categories::INSS,
    );
    write(
        format!("payroll.{id}.fgts"),
        format!("FGTS {label}"),
        run.total_fgts(),
        tax_day,
        categories::FGTS,
    );
    write(
        format!("payroll.{id}.irrf"),
        format!("IRRF {label} (retido dos empregados)"),
        run.total_irrf(),
        tax_day,
        categories::IRRF,
    );
    run.status = RunStatus::Closed;
    run.closed_on = Some(tx.today());
    run.entries = entries;
    tx.put(PAYROLL_RUNS, id, &run)?;
    tx.set_record(id);
    Ok(())
}

impl Business {
    // ----- people -----

    /// Registers a staff member.
    pub fn create_staff(&mut self, ctx: &OpCtx, input: NewStaff) -> CoreResult<Id> {
        self.staff_apply(ctx, "staff.create", |tx, _ledger| {
            let member = build_staff(tx, input, None)?;
            let id = new_id();
            tx.put(STAFF, &id, &member)?;
            Ok(id)
        })
    }

    /// Edits a staff member (only changed fields are written).
    pub fn update_staff(&mut self, ctx: &OpCtx, id: &str, input: NewStaff) -> CoreResult<()> {
        self.staff_apply(ctx, "staff.update", |tx, _ledger| {
            let current = require_staff(tx, id)?;
            let mut member = build_staff(tx, input, Some(id))?;
            member.terminated_on = current.terminated_on;
            tx.put(STAFF, id, &member)
        })
    }

    /// Records the last day of work of a staff member.
    pub fn terminate_staff(
        &mut self,
        ctx: &OpCtx,
        id: &str,
        last_day: NaiveDate,
    ) -> CoreResult<()> {
        self.staff_apply(ctx, "staff.terminate", |tx, _ledger| {
            let mut member = require_staff(tx, id)?;
            if member.terminated_on.is_some() {
                return Err(StaffError::AlreadyTerminated.into());
            }
            if last_day < member.hire_date {
                return Err(StaffError::TerminationBeforeHire.into());
            }
            member.terminated_on = Some(last_day);
            tx.put(STAFF, id, &member)
        })
    }

    /// Every staff member, sorted by id.
    pub fn staff_members(&self) -> CoreResult<Vec<(Id, StaffMember)>> {
        self.staff_read()?.list(STAFF)
    }

    /// One staff member.
    pub fn staff_member(&self, id: &str) -> CoreResult<Option<StaffMember>> {
        self.staff_read()?.get(STAFF, id)
    }

    // ----- vacation -----

    /// Schedules (or records) a vacation part, checking the CLT rules.
    pub fn schedule_vacation(&mut self, ctx: &OpCtx, input: NewVacation) -> CoreResult<Id> {
        self.staff_apply(ctx, "staff.vacation.schedule", |tx, _ledger| {
            let (_, part) = check_vacation_part(tx, &input, 0)?;
            let id = new_id();
            tx.put(
                VACATIONS,
                &id,
                &Vacation {
                    staff: input.staff.clone(),
                    period: part.period,
                    start: part.start,
                    days: part.days,
                    cancelled_on: None,
                    abono_days: None,
                    payment: None,
                },
            )?;
            Ok(id)
        })
    }

    /// Cancels a vacation part that has not started yet.
    pub fn cancel_vacation(&mut self, ctx: &OpCtx, id: &str) -> CoreResult<()> {
        self.staff_apply(ctx, "staff.vacation.cancel", |tx, ledger| {
            let mut v: Vacation = tx.get(VACATIONS, id)?.ok_or(StaffError::VacationNotFound)?;
            if v.cancelled_on.is_some() {
                return Err(StaffError::VacationAlreadyCancelled.into());
            }
            if v.start <= tx.today() {
                return Err(StaffError::VacationStarted(v.start).into());
            }
            v.cancelled_on = Some(tx.today());
            // Its payables go with it (an already paid one must be reversed first).
            if let Some(p) = &v.payment {
                for entry in &p.entries {
                    ledger.cancel(entry, "Férias canceladas");
                }
            }
            tx.put(VACATIONS, id, &v)
        })
    }

    /// A person's vacation parts that were not cancelled, by start date.
    pub fn vacations_of(&self, staff: &str) -> CoreResult<Vec<(Id, Vacation)>> {
        let mut list = live_vacations(self.staff_read()?.list(VACATIONS)?, staff);
        list.sort_by(|a, b| a.1.start.cmp(&b.1.start).then_with(|| a.0.cmp(&b.0)));
        Ok(list)
    }

    /// A person's acquisition periods with taken, scheduled and remaining
    /// days and the limit date to grant each one.
    pub fn vacation_periods(
        &self,
        staff: &str,
        today: NaiveDate,
    ) -> CoreResult<Vec<AcquisitionPeriod>> {
        let member = self.staff_member(staff)?.ok_or(StaffError::StaffNotFound)?;
        if member.contract != Contract::Clt {
            return Err(StaffError::NotClt.into());
        }
        let parts: Vec<VacationPart> = self
            .vacations_of(staff)?
            .iter()
            .map(|(_, v)| v.part())
            .collect();
        Ok(acquisition_periods(member.hire_date, &parts, today))
    }

    /// Pay of a vacation part at the person's current salary, plus one third.
    pub fn vacation_pay(&self, vacation: &str) -> CoreResult<VacationPay> {
        let v: Vacation = self
            .staff_read()?
            .get(VACATIONS, vacation)?
            .ok_or(StaffError::VacationNotFound)?;
        let member = self
            .staff_member(&v.staff)?
            .ok_or(StaffError::StaffNotFound)?;
        Ok(vacation_pay(member.monthly_salary, v.days))
    }

    // ----- payroll tables -----

    /// The tables used for `year`: the stored ones, else the built-in ones.
    pub fn payroll_tables(&self, year: i32) -> CoreResult<PayrollTables> {
        let staff = self.staff_read()?;
        if let Some(t) = staff.get::<PayrollTables>(PAYROLL_TABLES, &year.to_string())? {
            return Ok(t);
        }
        PayrollTables::builtin(year).ok_or_else(|| StaffError::NoTablesForYear(year).into())
    }

    /// The years whose tables are stored in the document.
    pub fn stored_payroll_years(&self) -> CoreResult<Vec<i32>> {
        Ok(self
            .staff_read()?
            .ids(PAYROLL_TABLES)?
            .iter()
            .filter_map(|y| y.parse().ok())
            .collect())
    }

    /// Stores (or replaces) the tables of `tables.year` after validating them.
    pub fn set_payroll_tables(&mut self, ctx: &OpCtx, tables: PayrollTables) -> CoreResult<()> {
        tables.validate()?;
        self.staff_apply(ctx, "staff.payroll_tables.set", |tx, _ledger| {
            tx.put(PAYROLL_TABLES, &tables.year.to_string(), &tables)
        })
    }

    // ----- payroll runs -----

    /// Calculates the payroll of a month as a draft run; returns its id
    /// (`YYYY-MM`).
    pub fn create_payroll_run(&mut self, ctx: &OpCtx, year: i32, month: u32) -> CoreResult<Id> {
        self.staff_apply(ctx, "staff.payroll.create", |tx, _ledger| {
            tx_create_payroll_run(tx, year, month)
        })
    }

    /// Recalculates a draft run from the current staff and tables.
    pub fn recalculate_payroll_run(&mut self, ctx: &OpCtx, id: &str) -> CoreResult<()> {
        self.staff_apply(ctx, "staff.payroll.recalculate", |tx, _ledger| {
            let mut run = require_draft(tx, id)?;
            run.payslips = calculate(tx, run.year, run.month)?;
            run.calculated_on = tx.today();
            tx.put(PAYROLL_RUNS, id, &run)
        })
    }

    /// Closes a draft run and creates its payables in the ledger, expected to
    /// be paid through `account` if given.
    pub fn close_payroll_run(
        &mut self,
        ctx: &OpCtx,
        id: &str,
        account: Option<Id>,
    ) -> CoreResult<()> {
        self.staff_apply(ctx, "staff.payroll.close", |tx, ledger| {
            tx_close_payroll_run(tx, ledger, id, account)
        })
    }

    /// Every payroll run, by month.
    pub fn payroll_runs(&self) -> CoreResult<Vec<(Id, PayrollRun)>> {
        self.staff_read()?.list(PAYROLL_RUNS)
    }

    /// One payroll run.
    pub fn payroll_run(&self, id: &str) -> CoreResult<Option<PayrollRun>> {
        self.staff_read()?.get(PAYROLL_RUNS, id)
    }
}
