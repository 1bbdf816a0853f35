//! Resending an open charge (the phone's share sheet, or WhatsApp and e-mail links), each
//! send logged as a reminder, and the log of reminders sent.

use leptos::prelude::*;
use retaguarda_core::charges::{ChargeDetail, Reminder, ReminderChannel};

use super::url_encode;
use crate::fmt::date;
use crate::state::use_app;
use crate::ui::share::{self, Shared};
use crate::ui::{FormError, FormErrorView, Submit};

fn channel_label(channel: ReminderChannel) -> &'static str {
    match channel {
        ReminderChannel::WhatsApp => "WhatsApp",
        ReminderChannel::Email => "E-mail",
        ReminderChannel::Sms => "SMS",
        ReminderChannel::Phone => "Telefone",
        ReminderChannel::InPerson => "Pessoalmente",
    }
}

/// Share, WhatsApp and e-mail, each logged as a reminder.
#[component]
pub(super) fn ResendSection(detail: ChargeDetail) -> impl IntoView {
    let app = use_app();
    let id = detail.view.id.clone();
    let message = detail.reminder_message();
    let subject = detail.reminder_subject();
    let status = RwSignal::new(None::<String>);
    let recorded = move |channel: Option<ReminderChannel>| {
        if let Some(channel) = channel {
            status.set(Some(format!(
                "Lembrete registrado ({}).",
                channel_label(channel)
            )));
        }
    };
    // One submit per way of sending, each one core operation (`record_reminder`).
    let record = |channel: ReminderChannel| {
        let id = id.clone();
        Submit::new(
            move || {
                let id = id.clone();
                async move {
                    app.run(move |b, ctx| b.record_reminder(ctx, &id, channel, None))
                        .await?;
                    Ok::<_, FormError>(Some(channel))
                }
            },
            recorded,
        )
    };
    let by_whatsapp = record(ReminderChannel::WhatsApp);
    let by_email = record(ReminderChannel::Email);
    // Through the share sheet, recorded only when the person picked an app.
    let by_share = {
        let id = id.clone();
        let message = message.clone();
        let title = subject.clone();
        Submit::new(
            move || {
                let (id, message, title) = (id.clone(), message.clone(), title.clone());
                async move {
                    if share::share(&title, &message).await? != Shared::Sent {
                        return Ok(None);
                    }
                    let channel = ReminderChannel::WhatsApp;
                    let note = Some("Compartilhado pelo aparelho");
                    app.run(move |b, ctx| b.record_reminder(ctx, &id, channel, note))
                        .await?;
                    Ok::<_, FormError>(Some(channel))
                }
            },
            recorded,
        )
    };
    let wa_url = format!(
        "https://wa.me/{}?text={}",
        detail.whatsapp_number().unwrap_or_default(),
        url_encode(&message)
    );
    let mail_url = format!(
        "mailto:{}?subject={}&body={}",
        detail.email.clone().unwrap_or_default(),
        url_encode(&subject),
        url_encode(&message)
    );
    let can_share = share::can_share();
    let share_button = can_share.then(|| {
        view! { <button type="button" on:click=move |_| by_share.dispatch() data-testid="share-charge">"Compartilhar cobrança"</button> }
    });
    let wa_link = (!can_share).then(|| {
        view! {
            <a
                class="button"
                href=wa_url
                target="_blank"
                rel="noopener"
                data-testid="whatsapp-link"
                on:click=move |_| by_whatsapp.dispatch()
            >
                "Enviar por WhatsApp"
            </a>
        }
    });
    view! {
        <section class="card" data-testid="resend-section">
            <h2>"Reenviar cobrança"</h2>
            <div class="actions">
                {share_button}
                {wa_link}
                <a
                    class="button secondary"
                    href=mail_url
                    data-testid="email-link"
                    on:click=move |_| by_email.dispatch()
                >
                    "Enviar por e-mail"
                </a>
            </div>
            <p role="status" aria-live="polite" data-testid="resend-status">{move || status.get().unwrap_or_default()}</p>
            <FormErrorView submit=by_share/>
            <FormErrorView submit=by_whatsapp/>
            <FormErrorView submit=by_email/>
        </section>
    }
}

/// The reminders sent, newest first.
#[component]
pub(super) fn ReminderLog(reminders: Vec<Reminder>) -> impl IntoView {
    let items = if reminders.is_empty() {
        view! { <li class="empty">"Nenhum lembrete enviado."</li> }.into_any()
    } else {
        reminders
            .into_iter()
            .map(|r| {
                view! {
                    <li class="card row" data-testid="reminder">
                        <span>{channel_label(r.channel)} {r.note.map(|n| format!(" · {n}"))}</span>
                        <span>{date(r.date)}</span>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section>
            <h2>"Lembretes enviados"</h2>
            <ul class="list" data-testid="reminder-log">{items}</ul>
        </section>
    }
}
