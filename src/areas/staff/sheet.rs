//! A printable pay sheet (vacation receipt, 13º, TRCT, pró-labore) with every rate and
//! base written out, and the list of payables a payment created.

use leptos::prelude::*;
use retaguarda_core::ledger::Entry;
use retaguarda_core::staff::{PaySheet, PayslipLine, PayslipLineKind};
use retaguarda_core::Id;

use crate::fmt::{brl, date};
use crate::state::use_app;
use crate::ui::{show, Topic};

/// Prints only the element with `id`: marks it, prints, then clears the marks (the
/// rules are in style/main.css, `@media print`).
pub fn print_only(id: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(body) = document.body() {
        let _ = body.class_list().add_1("printing-one");
    }
    if let Some(el) = document.get_element_by_id(id) {
        let _ = el.class_list().add_1("print-target");
    }
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
    // window.print() blocks until the dialog closes; put the page back as it was.
    if let Some(body) = document.body() {
        let _ = body.class_list().remove_1("printing-one");
    }
    if let Some(el) = document.get_element_by_id(id) {
        let _ = el.class_list().remove_1("print-target");
    }
}

/// The rows of a sheet's table: earnings and deductions in their columns.
pub fn line_rows(lines: &[PayslipLine]) -> impl IntoView {
    lines
        .iter()
        .filter(|l| {
            matches!(
                l.kind,
                PayslipLineKind::Earning | PayslipLineKind::Deduction
            )
        })
        .map(|l| {
            let (earn, ded) = match l.kind {
                PayslipLineKind::Earning => (brl(l.amount), String::new()),
                _ => (String::new(), brl(l.amount)),
            };
            view! {
                <tr data-testid="linha">
                    <td>{l.text()}</td>
                    <td class="num money">{earn}</td>
                    <td class="num money">{ded}</td>
                </tr>
            }
        })
        .collect_view()
}

/// The employer's and informative lines, under the table.
pub fn note_rows(lines: &[PayslipLine]) -> impl IntoView {
    lines
        .iter()
        .filter(|l| {
            matches!(
                l.kind,
                PayslipLineKind::Employer | PayslipLineKind::Information
            )
        })
        .map(|l| {
            let text = match l.kind {
                PayslipLineKind::Employer => {
                    format!("{} (pago pela empresa): {}", l.text(), brl(l.amount))
                }
                _ => l.text(),
            };
            view! { <li data-testid="nota">{text}</li> }
        })
        .collect_view()
}

/// A sheet with its title, lines, totals and a print button.
#[component]
pub fn SheetView(
    /// Element id, for printing it alone.
    id: String,
    /// Heading, e.g. "Recibo de férias — Ana".
    title: String,
    /// Lines under the heading (CPF, dates).
    #[prop(optional)]
    subtitle: Vec<String>,
    sheet: PaySheet,
    /// `data-testid` of the article.
    testid: &'static str,
) -> impl IntoView {
    let print_id = id.clone();
    view! {
        <article class="card payslip" id=id data-testid=testid style="margin-bottom: 0.75rem;">
            <h3 style="margin-top: 0;">{title}</h3>
            {subtitle.into_iter().map(|s| view! { <p style="margin: 0;">{s}</p> }).collect_view()}
            <div style="overflow-x: auto; margin-top: 0.5rem;">
                <table style="font-size: 0.9rem;">
                    <thead><tr><th>"Descrição"</th><th class="num">"Proventos"</th><th class="num">"Descontos"</th></tr></thead>
                    <tbody>{line_rows(&sheet.lines)}</tbody>
                </table>
            </div>
            <ul class="sheet-notes">{note_rows(&sheet.lines)}</ul>
            <dl class="payslip-totals">
                <dt>"Total de proventos"</dt><dd class="money" data-testid="folha-proventos">{brl(sheet.earnings)}</dd>
                <dt>"Total de descontos"</dt><dd class="money" data-testid="folha-descontos">{brl(sheet.deductions)}</dd>
                <dt><strong>"Líquido a receber"</strong></dt><dd class="money" data-testid="folha-liquido"><strong>{brl(sheet.net)}</strong></dd>
            </dl>
            <button type="button" class="secondary no-print" data-testid="imprimir"
                on:click=move |_| print_only(&print_id)>"Imprimir"</button>
        </article>
    }
}

/// The payables a payment created, read from the ledger.
#[component]
pub fn CreatedPayables(ids: Vec<Id>) -> impl IntoView {
    view! {
        <section class="card no-print" style="margin-bottom: 0.75rem;" data-testid="contas-criadas">
            <h3 style="margin-top: 0;">"Contas a pagar criadas"</h3>
            <CreatedRows ids=ids testid="conta-criada"/>
        </section>
    }
}

/// Payables as rows (description, due date, amount): what a payment or a closed
/// payroll created, read from the ledger.
#[component]
pub fn CreatedRows(ids: Vec<Id>, testid: &'static str) -> impl IntoView {
    let app = use_app();
    let entries = move || {
        let ids = ids.clone();
        app.query(&[Topic::Entries], move |b| {
            let mut found = Vec::new();
            for id in &ids {
                found.extend(b.entry(id)?);
            }
            Ok(found)
        })
    };
    move || {
        show(entries(), move |entries: Vec<Entry>| {
            view! {
                <ul class="list">
                    {entries.into_iter().map(|e| view! {
                        <li class="row" data-testid=testid>
                            <span>{e.description.clone()}<br/><small>{format!("Vence em {}", date(e.due_date))}</small></span>
                            <span class="money">{brl(e.amount)}</span>
                        </li>
                    }).collect_view()}
                </ul>
            }
        })
    }
}
