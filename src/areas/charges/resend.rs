//! Resending an open charge (the phone's share sheet, or WhatsApp and e-mail links), each
//! send logged as a reminder, and the log of reminders sent.

use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::charges::{ChargeDetail, Reminder, ReminderChannel};

use super::url_encode;
use crate::fmt::date;
use crate::state::use_app;
use crate::ui::share::{self, Shared};

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
    let record = move |channel: ReminderChannel, note: Option<&'static str>| {
        let id = id.clone();
        spawn_local(async move {
            let result = app
                .run(move |b, ctx| b.record_reminder(ctx, &id, channel, note))
                .await;
            status.set(Some(match result {
                Ok(_) => format!("Lembrete registrado ({}).", channel_label(channel)),
                Err(e) => e.to_string(),
            }));
        });
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
        let record = record.clone();
        let on_share = move |_| {
            let record = record.clone();
            let message = message.clone();
            let title = subject.clone();
            spawn_local(async move {
                if share::share(&title, &message).await == Ok(Shared::Sent) {
                    record(ReminderChannel::WhatsApp, Some("Compartilhado pelo aparelho"));
                }
            });
        };
        view! { <button type="button" on:click=on_share data-testid="share-charge">"Compartilhar cobrança"</button> }
    });
    let wa_link = (!can_share).then(|| {
        let record = record.clone();
        view! {
            <a
                class="button"
                href=wa_url
                target="_blank"
                rel="noopener"
                data-testid="whatsapp-link"
                on:click=move |_| record(ReminderChannel::WhatsApp, None)
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
                    on:click=move |_| record(ReminderChannel::Email, None)
                >
                    "Enviar por e-mail"
                </a>
            </div>
            <p role="status" aria-live="polite" data-testid="resend-status">{move || status.get().unwrap_or_default()}</p>
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
