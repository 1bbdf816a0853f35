//! The ledger's reports: cash flow by month, the DRE simplificado and the aging of open
//! receivables, each a core query drawn as a chart and a table.

use chrono::{Months, NaiveDate};
use leptos::prelude::*;
use retaguarda_core::ledger::reports::Granularity;
use retaguarda_core::ledger::results::{AgingBucket, DreLine};

use super::charts::{
    bar_chart, hbar_chart, legend, Bars, IN_COLOR, IN_SOFT, LINE_COLOR, OUT_COLOR, OUT_SOFT,
};
use super::{first_of_month, last_of_month, month_long, month_short};
use crate::fmt::brl;
use crate::state::{today, use_app};
use crate::ui::list::Column;
use crate::ui::{show, Table, Topic};

/// The ledger's collections a report reads.
const LEDGER: &[Topic] = &[
    Topic::Accounts,
    Topic::Categories,
    Topic::Entries,
    Topic::Transfers,
];

#[component]
pub fn CashFlowReport() -> impl IntoView {
    let app = use_app();
    let rows = Memo::new(move |_| {
        let day = today();
        let from = first_of_month(day)
            .checked_sub_months(Months::new(5))
            .unwrap_or(day);
        let to = last_of_month(
            first_of_month(day)
                .checked_add_months(Months::new(3))
                .unwrap_or(day),
        );
        app.query(LEDGER, |b| {
            b.cash_flow(from, to, Granularity::Month, None, day)
        })
    });
    view! {
        <section class="card report" aria-labelledby="rel-fluxo">
            <h2 id="rel-fluxo">"Fluxo de caixa"</h2>
            <p class="empty">"Realizado e previsto por mês, com o saldo ao fim de cada mês."</p>
            {move || show(rows.get(), |rows| {
                let chart = Bars {
                    labels: rows.iter().map(|r| month_short(r.period)).collect(),
                    groups: rows.iter().map(|r| vec![
                        vec![(r.realised_in, IN_COLOR), (r.projected_in, IN_SOFT)],
                        vec![(-r.realised_out, OUT_COLOR), (-r.projected_out, OUT_SOFT)],
                    ]).collect(),
                    line: Some(rows.iter().map(|r| r.closing_balance).collect()),
                };
                view! {
                    {legend(&[(IN_COLOR, "Entradas"), (IN_SOFT, "Entradas previstas"), (OUT_COLOR, "Saídas"), (OUT_SOFT, "Saídas previstas"), (LINE_COLOR, "Saldo")])}
                    {bar_chart("Gráfico do fluxo de caixa por mês".into(), chart)}
                    <Table caption="Tabela do fluxo de caixa" testid="tabela-fluxo" columns=vec![
                        Column::text("Mês"), Column::num("Entradas"), Column::num("Saídas"),
                        Column::num("Entradas previstas"), Column::num("Saídas previstas"), Column::num("Saldo"),
                    ]>
                        {rows.into_iter().map(|r| view! {
                            <tr data-testid="fluxo-linha" data-mes=month_short(r.period)>
                                <th scope="row">{month_short(r.period)}</th>
                                <td class="num money">{brl(r.realised_in)}</td>
                                <td class="num money">{brl(r.realised_out)}</td>
                                <td class="num money">{brl(r.projected_in)}</td>
                                <td class="num money">{brl(r.projected_out)}</td>
                                <td class="num money">{brl(r.closing_balance)}</td>
                            </tr>
                        }).collect_view()}
                    </Table>
                }
            })}
        </section>
    }
}

/// The rows of one side of the DRE, subcategories indented under their group.
fn dre_rows(lines: Vec<DreLine>, kind: &'static str) -> impl IntoView {
    lines
        .into_iter()
        .map(|l| {
            let category = l.name.clone();
            view! {
                <tr data-testid=format!("dre-{kind}") data-categoria=category>
                    <th scope="row" class=if l.sub { "sub" } else { "" }>{l.name}</th>
                    <td class="num money">{brl(l.amount)}</td>
                </tr>
            }
        })
        .collect_view()
}

#[component]
pub fn DreReport(month: Memo<NaiveDate>) -> impl IntoView {
    let app = use_app();
    let data = Memo::new(move |_| {
        let m = month.get();
        app.query(&[Topic::Categories, Topic::Entries], |b| b.dre(m))
    });
    view! {
        <section class="card report" aria-labelledby="rel-dre">
            <h2 id="rel-dre">{move || format!("Receitas e despesas — {}", month_long(month.get()))}</h2>
            <p class="empty">"DRE simplificado pela data de competência dos lançamentos."</p>
            {move || show(data.get(), |d| {
                let chart = Bars {
                    labels: d.trend.iter().map(|m| month_short(m.month)).collect(),
                    groups: d.trend.iter().map(|m| vec![vec![(m.income, IN_COLOR)], vec![(m.expense, OUT_COLOR)]]).collect(),
                    line: Some(d.trend.iter().map(|m| m.result).collect()),
                };
                view! {
                    {legend(&[(IN_COLOR, "Receitas"), (OUT_COLOR, "Despesas"), (LINE_COLOR, "Resultado")])}
                    {bar_chart("Gráfico de receitas e despesas dos últimos seis meses".into(), chart)}
                    <Table caption="Receitas e despesas por mês" testid="tabela-dre-meses" columns=vec![
                        Column::text("Mês"), Column::num("Receitas"), Column::num("Despesas"), Column::num("Resultado"),
                    ]>
                        {d.trend.iter().map(|m| view! {
                            <tr>
                                <th scope="row">{month_short(m.month)}</th>
                                <td class="num money">{brl(m.income)}</td>
                                <td class="num money">{brl(m.expense)}</td>
                                <td class="num money">{brl(m.result)}</td>
                            </tr>
                        }).collect_view()}
                    </Table>
                    <Table caption="Receitas e despesas por categoria" testid="tabela-dre" columns=vec![
                        Column::text("Categoria"), Column::num("Valor"),
                    ]>
                        <tr><th scope="row" colspan="2" class="dre-income">"Receitas"</th></tr>
                        {dre_rows(d.income, "receita")}
                        <tr><th scope="row">"Total de receitas"</th><td class="num money" data-testid="dre-total-receitas"><strong>{brl(d.total_income)}</strong></td></tr>
                        <tr><th scope="row" colspan="2" class="dre-expense">"Despesas"</th></tr>
                        {dre_rows(d.expense, "despesa")}
                        <tr><th scope="row">"Total de despesas"</th><td class="num money" data-testid="dre-total-despesas"><strong>{brl(d.total_expense)}</strong></td></tr>
                        <tr><th scope="row">"Resultado"</th><td class="num money" data-testid="dre-resultado"><strong>{brl(d.result)}</strong></td></tr>
                    </Table>
                }
            })}
        </section>
    }
}

/// How a bucket of the aging reads.
fn bucket_label(bucket: AgingBucket) -> &'static str {
    match bucket {
        AgingBucket::NotDue => "A vencer",
        AgingBucket::Days1To30 => "1 a 30 dias",
        AgingBucket::Days31To60 => "31 a 60 dias",
        AgingBucket::Days61To90 => "61 a 90 dias",
        AgingBucket::Over90 => "Mais de 90 dias",
    }
}

#[component]
pub fn AgingReport() -> impl IntoView {
    let app = use_app();
    let data = Memo::new(move |_| {
        let day = today();
        app.query(&[Topic::Entries], |b| b.receivables_aging(day))
    });
    view! {
        <section class="card report" aria-labelledby="rel-aging">
            <h2 id="rel-aging">"Contas a receber por atraso"</h2>
            {move || show(data.get(), |d| {
                let items = d.rows.iter().map(|r| (bucket_label(r.bucket).to_string(), r.open)).collect();
                view! {
                    {hbar_chart("Gráfico das contas a receber por faixa de atraso".into(), items, OUT_COLOR)}
                    <Table caption="Tabela das contas a receber por atraso" testid="tabela-aging" columns=vec![
                        Column::text("Faixa"), Column::num("Contas"), Column::num("Valor em aberto"),
                    ]>
                        {d.rows.into_iter().map(|r| view! {
                            <tr data-testid="aging-linha" data-faixa=bucket_label(r.bucket)>
                                <th scope="row">{bucket_label(r.bucket)}</th>
                                <td class="num">{r.count}</td>
                                <td class="num money">{brl(r.open)}</td>
                            </tr>
                        }).collect_view()}
                        <tr><th scope="row">"Total"</th><td></td><td class="num money" data-testid="aging-total"><strong>{brl(d.total)}</strong></td></tr>
                    </Table>
                }
            })}
        </section>
    }
}
