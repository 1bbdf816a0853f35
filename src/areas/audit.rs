//! Histórico: the audit log from the document's own history, newest first, paginated: when
//! (by the device's clock), on which device, by whom, what, and a link to the record.

use leptos::prelude::*;
use leptos_router::components::A;
use retaguarda_core::audit::AuditEntry;

use super::AreaHeader;
use crate::state::use_app;
use crate::ui::{show, Topic};

/// Lines shown per page.
const PAGE: usize = 50;

/// `dd/mm/aaaa hh:mm` in this browser's time zone for a device-clock timestamp.
fn when(at_ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at_ms as f64));
    if d.get_time().is_nan() {
        return "—".to_string();
    }
    format!(
        "{:02}/{:02}/{:04} {:02}:{:02}",
        d.get_date(),
        d.get_month() + 1,
        d.get_full_year(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// The pt-BR label, including the operations of the inventory and staff modules.
fn label(e: &AuditEntry) -> String {
    retaguarda_core::inventory::ops::op_label(&e.op)
        .or_else(|| retaguarda_core::staff::ops::op_label(&e.op))
        .map(str::to_string)
        .unwrap_or_else(|| e.label.clone())
}

/// Where the record an operation touched can be seen, when the app has a page for it.
fn record_link(op: &str, record: &str) -> Option<String> {
    let prefix = |p: &str| op.starts_with(p);
    Some(if prefix("charge.") {
        format!("/cobrancas/{record}")
    } else if prefix("party.") {
        format!("/clientes/{record}")
    } else if prefix("ledger.entry.") || prefix("ledger.payment.") {
        format!("/caixa?lancamento={record}")
    } else if prefix("ledger.account.") {
        "/caixa?aba=contas".to_string()
    } else if prefix("ledger.category.") {
        "/caixa?aba=categorias".to_string()
    } else if prefix("ledger.transfer.") {
        "/caixa?aba=transferencias".to_string()
    } else if prefix("inventory.product.") {
        format!("/estoque/produtos/{record}")
    } else if prefix("staff.payroll.") {
        format!("/equipe/folha/{record}")
    } else if op == "staff.create" || op == "staff.update" || op == "staff.terminate" {
        format!("/equipe/pessoas/{record}")
    } else {
        return None;
    })
}

#[derive(Debug, Clone, PartialEq)]
struct Line {
    change: String,
    when: String,
    device: String,
    staff: Option<String>,
    what: String,
    link: Option<String>,
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let app = use_app();
    let shown = RwSignal::new(PAGE);
    let log = Memo::new(move |_| {
        app.query(&[Topic::Devices, Topic::Staff], |b| b.audit_log())
            .map(|entries| {
                entries
                    .into_iter()
                    .rev()
                    .map(|e| Line {
                        what: label(&e),
                        when: when(e.at_ms),
                        device: e.device.clone().unwrap_or_else(|| {
                            format!("Aparelho {}", e.actor.chars().take(6).collect::<String>())
                        }),
                        staff: e.staff_name.clone().or_else(|| e.staff.clone()),
                        link: e.record.as_deref().and_then(|r| record_link(&e.op, r)),
                        change: e.change,
                    })
                    .collect::<Vec<_>>()
            })
    });
    view! {
        <AreaHeader title="Histórico"/>
        <p class="empty">"Quem fez o quê, quando e em qual aparelho. A hora é a do relógio do aparelho que fez a alteração."</p>
        {move || show(log.get(), move |lines| {
            if lines.is_empty() {
                return view! { <p class="empty">"Nada registrado ainda."</p> }.into_any();
            }
            {
                let total = lines.len();
                view! {
                    <ul class="list" data-testid="historico">
                        {lines.into_iter().take(shown.get()).map(|l| view! {
                            <li class="card" data-testid="historico-linha" data-change=l.change>
                                <div class="row" style="align-items:flex-start">
                                    <strong data-testid="historico-o-que">{l.what}</strong>
                                    <span class="empty" style="font-size:0.85rem;white-space:nowrap">{l.when}</span>
                                </div>
                                <div class="empty" style="font-size:0.85rem">
                                    {l.device}
                                    {l.staff.map(|s| format!(" · {s}"))}
                                </div>
                                {l.link.map(|href| view! { <A href=href>"Ver registro"</A> })}
                            </li>
                        }).collect_view()}
                    </ul>
                    {(total > shown.get()).then(|| view! {
                        <button type="button" class="secondary" style="margin-top:0.75rem;width:100%"
                            data-testid="historico-mais" on:click=move |_| shown.update(|s| *s += PAGE)>
                            {format!("Mostrar mais ({} de {total})", shown.get_untracked().min(total))}
                        </button>
                    })}
                }.into_any()
            }
        })}
    }
}
