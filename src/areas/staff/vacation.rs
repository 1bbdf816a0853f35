//! A person's vacation: acquisition periods with balance and limit date, the warnings,
//! the parts, and scheduling a part with its pay (core's preview, then one operation that
//! stores it and creates the payables).

use leptos::prelude::*;
use retaguarda_core::staff::{NewVacation, VacationOptions};
use retaguarda_core::Id;

use super::period_warning;
use super::sheet::{CreatedPayables, SheetView};
use crate::fmt::{date, parse_date};
use crate::state::{today, use_app};
use crate::ui::{show, FieldResult, FormError, FormErrorView, Submit, Topic};
use crate::ui::{CheckField, Field, FieldKind};

/// What the form says, read into core's input.
fn read_form(
    staff: &Id,
    start: &str,
    days: &str,
    abono: &str,
    advance: bool,
) -> Result<(NewVacation, VacationOptions), FormError> {
    let start = parse_date(start).field("Início")?;
    let days = days.trim().parse::<u32>().map_err(|_| {
        FormError::Missing("Dias: informe um número inteiro, como 30 ou 15.".into())
    })?;
    let abono_days = match abono.trim() {
        "" => 0,
        t => t.parse::<u32>().map_err(|_| {
            FormError::Missing("Abono: informe os dias vendidos, de 0 a 10.".into())
        })?,
    };
    Ok((
        NewVacation {
            staff: staff.clone(),
            period: None,
            start,
            days,
        },
        VacationOptions {
            abono_days,
            advance_13th: advance,
        },
    ))
}

/// Acquisition periods with balance and limit date, the warnings, the parts with their
/// receipts, and the form with core's preview of the pay.
#[component]
pub fn Vacations(id: Id) -> impl IntoView {
    let app = use_app();
    let start = RwSignal::new(String::new());
    let days = RwSignal::new("30".to_string());
    let abono = RwSignal::new("0".to_string());
    let advance = RwSignal::new(false);
    let ok = RwSignal::new(None::<String>);
    let data_id = id.clone();
    let data = move || {
        let id = data_id.clone();
        app.query(
            &[Topic::Staff, Topic::Vacations, Topic::Terminations],
            move |b| {
                let day = today();
                let name = b.staff_member(&id)?.map(|m| m.name).unwrap_or_default();
                Ok((b.vacation_periods(&id, day)?, b.vacations_of(&id)?, name))
            },
        )
    };
    let preview_id = id.clone();
    let preview = move || {
        let (input, options) = read_form(
            &preview_id,
            &start.get(),
            &days.get(),
            &abono.get(),
            advance.get(),
        )
        .ok()?;
        app.read_topics(&Topic::PAYROLL, move |b| {
            b.vacation_preview(&input, &options)
        })
    };
    let staff = id.clone();
    let save = Submit::new(
        move || {
            ok.set(None);
            let form = read_form(
                &staff,
                &start.get_untracked(),
                &days.get_untracked(),
                &abono.get_untracked(),
                advance.get_untracked(),
            );
            async move {
                let (input, options) = form?;
                let (n, start_date) = (input.days, input.start);
                app.run(move |b, ctx| b.schedule_paid_vacation(ctx, input, options))
                    .await?;
                Ok((n, start_date))
            }
        },
        move |(n, start_date)| {
            ok.set(Some(format!(
                "Férias de {n} dias marcadas a partir de {}; o pagamento foi lançado em contas a pagar.",
                date(start_date)
            )));
            start.set(String::new());
        },
    );
    view! {
        <h2>"Férias"</h2>
        {move || show(data(), |(periods, parts, name)| {
            let day = today();
            let warnings: Vec<String> = periods.iter().filter_map(|p| period_warning(p, day)).collect();
            view! {
                {warnings.into_iter().map(|w| view! { <p class="alert warn" data-testid="ferias-aviso">{w}</p> }).collect_view()}
                <table data-testid="periodos">
                    <thead><tr><th>"Período"</th><th>"Limite"</th><th class="num">"Saldo"</th><th class="num">"Gozados / marcados"</th></tr></thead>
                    <tbody>
                        {periods.into_iter().map(|p| view! {
                            <tr>
                                <td>{format!("{}º: {} a {}", p.number, date(p.start), date(p.end))}
                                    {(!p.acquired).then(|| view! { <br/><small>"Em aquisição"</small> })}</td>
                                <td>{date(p.limit_to_grant)}</td>
                                <td class="num">{format!("{} dias", p.balance_days)}</td>
                                <td class="num">{format!("{} / {}", p.taken_days, p.scheduled_days)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {(!parts.is_empty()).then(|| view! {
                    <h3>"Férias marcadas"</h3>
                    <ul class="list">
                        {parts.into_iter().map(|(vid, v)| {
                            let abono = v.abono_days.filter(|d| *d > 0)
                                .map(|d| format!(" + {d} dias de abono")).unwrap_or_default();
                            let receipt = v.payment.clone().map(|p| {
                                let entries = p.entries.clone();
                                view! {
                                    <SheetView id=format!("recibo-ferias-{vid}")
                                        title=format!("Recibo de férias — {name}")
                                        subtitle=vec![format!("{} dias a partir de {} · pagamento até {}", v.days, date(v.start), date(p.due))]
                                        sheet=p.sheet testid="recibo-ferias"/>
                                    <CreatedPayables ids=entries/>
                                }
                            });
                            view! {
                                <li>
                                    <div class="card row">
                                        <span>{format!("{} dias a partir de {} (período {}){abono}", v.days, date(v.start), v.period)}</span>
                                        <CancelVacation id=vid.clone() started=v.start <= day/>
                                    </div>
                                    {receipt}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })}
            }
        })}
        <form on:submit=save.on_submit() class="card" style="margin-top: 0.75rem;" data-testid="ferias-form">
            <h3 style="margin: 0;">"Marcar férias"</h3>
            <Field label="Início" value=start kind=FieldKind::Date testid="ferias-inicio"/>
            <Field label="Dias" value=days kind=FieldKind::Number testid="ferias-dias"/>
            <Field label="Dias vendidos (abono pecuniário, até 10)" value=abono kind=FieldKind::Number testid="ferias-abono"/>
            <CheckField label="Pagar junto a 1ª parcela do 13º" checked=advance testid="ferias-adiantar-13"/>
            {move || preview().map(|p| match p {
                Ok(p) => view! {
                    <div data-testid="ferias-previa">
                        {p.warning.map(|w| view! { <p class="alert warn" role="alert" data-testid="ferias-dobra">{w}</p> })}
                        <p>{format!("Pagamento até {} (2 dias antes do início, art. 145 da CLT).", date(p.payment.due))}</p>
                        <SheetView id="previa-ferias".to_string() title="Prévia do recibo de férias".to_string()
                            sheet=p.payment.sheet testid="ferias-previa-recibo"/>
                    </div>
                }.into_any(),
                Err(e) => view! { <p class="alert warn" data-testid="ferias-previa-erro">{e.to_string()}</p> }.into_any(),
            })}
            <FormErrorView submit=save testid="ferias-erro"/>
            {move || ok.get().map(|m| view! { <p class="alert ok" role="status">{m}</p> })}
            <button type="submit" disabled=move || save.busy().get()>"Marcar férias"</button>
        </form>
    }
}

#[component]
fn CancelVacation(id: Id, started: bool) -> impl IntoView {
    let app = use_app();
    let cancel = Submit::new(
        move || {
            let id = id.clone();
            async move { Ok(app.run(move |b, ctx| b.cancel_vacation(ctx, &id)).await?) }
        },
        |()| (),
    );
    view! {
        {(!started).then(|| view! {
            <button type="button" class="secondary" disabled=move || cancel.busy().get()
                on:click=move |_| cancel.dispatch()>"Cancelar"</button>
        })}
        <FormErrorView submit=cancel/>
    }
}
