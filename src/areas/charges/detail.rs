//! A charge's page: the summary (amount, status, due date, installment, overdue days and
//! next reminder, paid or cancelled facts), then what can be done while it is open.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use retaguarda_core::charges::{ChargeDetail, ChargeMethod, ChargeStatus};

use super::pix::PixSection;
use super::resend::{ReminderLog, ResendSection};
use super::settle::{CancelSection, ConflictBanner, PaySection};
use super::{boleto, days_text, reminder_text, status_class};
use crate::areas::AreaHeader;
use crate::fmt::{brl, date};
use crate::state::{today, use_app};
use crate::ui::{show, Topic};

/// One charge, by the id in the address.
#[component]
pub fn ChargePage() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let detail = Memo::new(move |_| {
        let id = id.get();
        app.query(
            &[
                Topic::Charges,
                Topic::Parties,
                Topic::Entries,
                Topic::Accounts,
                Topic::Business,
            ],
            |b| b.charge_detail(&id, today()),
        )
    });
    view! {
        <AreaHeader title="Cobrança"/>
        <p><A href="/cobrancas">"‹ Cobranças"</A></p>
        {move || show(detail.get(), |found| match found {
            Some(d) => view! { <ChargeSections detail=d/> }.into_any(),
            None => view! { <p class="empty">"Cobrança não encontrada."</p> }.into_any(),
        })}
    }
}

/// The sections of a charge's page.
#[component]
fn ChargeSections(detail: ChargeDetail) -> impl IntoView {
    let v = &detail.view;
    let id = v.id.clone();
    let open = v.is_open();
    let boleto = v.charge.method == ChargeMethod::Boleto && v.charge.boleto.is_some();
    view! {
        <Summary detail=detail.clone()/>
        {(v.status == ChargeStatus::Conflict).then(|| view! { <ConflictBanner id=id.clone()/> })}
        {open.then(|| if boleto {
            view! { <boleto::BoletoSection id=id.clone()/> }.into_any()
        } else {
            view! { <PixSection detail=detail.clone()/> }.into_any()
        })}
        {open.then(|| view! { <ResendSection detail=detail.clone()/> })}
        <ReminderLog reminders=detail.reminders.clone()/>
        {open.then(|| view! { <PaySection detail=detail.clone()/> })}
        {open.then(|| view! { <CancelSection id=id.clone()/> })}
    }
}

/// Amount, status and dates. The installment is part of the description already
/// ("Bolo (parcela 1/3)"), so it is not repeated.
#[component]
fn Summary(detail: ChargeDetail) -> impl IntoView {
    let today = today();
    let v = detail.view;
    let c = v.charge.clone();
    let overdue_line = (v.status == ChargeStatus::Overdue).then(|| {
        view! {
            <p class="alert warn" data-testid="days-overdue">
                {days_text(v.days_overdue(today))}
                {v.next_reminder.map(|d| format!(". {}", reminder_text(d, today)))}
            </p>
        }
    });
    let next_line = (v.status == ChargeStatus::Pending)
        .then_some(v.next_reminder)
        .flatten()
        .map(|d| view! { <p class="muted" data-testid="next-reminder">{reminder_text(d, today)}</p> });
    let paid_line = c.paid.clone().map(|p| {
        let account = detail.paid_account.clone().unwrap_or_default();
        view! {
            <p class="alert ok" data-testid="paid-info">
                "Paga em " {date(p.date)} " · " {brl(p.amount)} " · " {account}
            </p>
        }
    });
    let cancelled_line = c.cancelled.clone().map(|x| {
        let reason = x.reason.map(|r| format!(" · Motivo: {r}")).unwrap_or_default();
        view! { <p class="muted" data-testid="cancelled-info">"Cancelada em " {date(x.date)} {reason}</p> }
    });
    let method = match c.method {
        ChargeMethod::Pix => "Pix",
        ChargeMethod::Boleto => "Boleto",
    };
    view! {
        <section class="card charge-summary" data-testid="charge-summary">
            <p class="muted">{detail.party_name}</p>
            <p class="big-money money" data-testid="charge-amount">{brl(c.amount)}</p>
            <p>
                <span class=status_class(v.status) data-testid="charge-status">{v.status.label()}</span>
                " · Vence " <span data-testid="charge-due">{date(c.due_date)}</span>
                " · " {method}
            </p>
            <p data-testid="charge-description">{c.description.clone()}</p>
            {overdue_line}
            {next_line}
            {paid_line}
            {cancelled_line}
        </section>
    }
}
