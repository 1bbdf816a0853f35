//! Cobranças: the list by status ([`list`]), the "Nova cobrança" form ([`form`]) and a
//! charge's page ([`detail`]) with its Pix code ([`pix`]), resending and the reminder log
//! ([`resend`]), and marking it paid, cancelling it or resolving a conflict ([`settle`]).
//! Boletos (carteiras, remessa, retorno, the printable boleto) live in [`boleto`].
//!
//! Every action is one core operation and every figure one core query
//! ([`retaguarda_core::charges`]); the screens hold what is typed and lay out what core says.

mod boleto;
mod detail;
mod form;
mod list;
mod pix;
mod resend;
mod settle;

use chrono::NaiveDate;
use retaguarda_core::charges::ChargeStatus;

use crate::fmt::date;

pub use detail::ChargePage;
pub use list::ChargeList;

/// The badge class of a charge status.
pub(crate) fn status_class(status: ChargeStatus) -> &'static str {
    match status {
        ChargeStatus::Paid => "badge paid",
        ChargeStatus::Overdue | ChargeStatus::Conflict => "badge overdue",
        ChargeStatus::Pending | ChargeStatus::Cancelled => "badge",
    }
}

/// "1 dia de atraso", "9 dias de atraso".
fn days_text(days: i64) -> String {
    if days == 1 {
        "1 dia de atraso".to_string()
    } else {
        format!("{days} dias de atraso")
    }
}

/// A reminder whose date has come is to send today, not a "próximo" date in the past.
fn reminder_text(d: NaiveDate, today: NaiveDate) -> String {
    if d <= today {
        "Lembrete para enviar hoje".to_string()
    } else {
        format!("Próximo lembrete: {}", date(d))
    }
}

/// Text made safe for a URL's query (wa.me, mailto).
fn url_encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}
