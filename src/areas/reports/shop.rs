//! The shop's reports: best-selling products of the month, the stock's value and the
//! payroll's cost, each a core query drawn as a chart and a table.

use chrono::NaiveDate;
use leptos::prelude::*;

use super::charts::{hbar_chart, BRAND};
use super::{first_of_month, last_of_month, month_long};
use crate::fmt::{brl, quantity};
use crate::state::use_app;
use crate::ui::list::Column;
use crate::ui::{show, Table, Topic};

/// How many rows a ranking shows.
const TOP: usize = 10;

#[component]
pub fn TopProductsReport(month: Memo<NaiveDate>) -> impl IntoView {
    let app = use_app();
    let data = Memo::new(move |_| {
        let first = first_of_month(month.get());
        let last = last_of_month(first);
        app.query(&[Topic::Sales], |b| b.top_products(first, last, TOP))
    });
    view! {
        <section class="card report" aria-labelledby="rel-produtos">
            <h2 id="rel-produtos">{move || format!("Produtos mais vendidos — {}", month_long(month.get()))}</h2>
            {move || show(data.get(), |d| {
                if d.is_empty() {
                    return view! { <p class="empty">"Nenhuma venda neste mês."</p> }.into_any();
                }
                let items = d.iter().map(|p| (p.name.clone(), p.total)).collect();
                view! {
                    {hbar_chart("Gráfico dos produtos mais vendidos".into(), items, BRAND)}
                    <Table caption="Tabela dos produtos mais vendidos" testid="tabela-produtos" columns=vec![
                        Column::text("Produto"), Column::num("Quantidade"), Column::num("Vendido"),
                    ]>
                        {d.into_iter().map(|p| view! {
                            <tr><th scope="row">{p.name}</th><td class="num">{quantity(p.quantity)}</td><td class="num money">{brl(p.total)}</td></tr>
                        }).collect_view()}
                    </Table>
                    <p class="empty note">"Valores dos itens antes de descontos na venda."</p>
                }.into_any()
            })}
        </section>
    }
}

#[component]
pub fn StockValueReport() -> impl IntoView {
    let app = use_app();
    let data =
        Memo::new(move |_| app.query(&[Topic::Products, Topic::Movements], |b| b.stock_value(TOP)));
    view! {
        <section class="card report" aria-labelledby="rel-estoque">
            <h2 id="rel-estoque">"Valor do estoque"</h2>
            {move || show(data.get(), |d| view! {
                <p>"Estoque a custo médio: "<strong class="money" data-testid="valor-estoque">{brl(d.total)}</strong></p>
                {if d.top.is_empty() {
                    view! { <p class="empty">"Nenhum produto com estoque."</p> }.into_any()
                } else {
                    let items = d.top.iter().map(|p| (p.name.clone(), p.value)).collect();
                    view! {
                        {hbar_chart("Gráfico dos produtos de maior valor em estoque".into(), items, BRAND)}
                        <Table caption="Tabela do valor do estoque" testid="tabela-estoque" columns=vec![
                            Column::text("Produto"), Column::num("Quantidade"), Column::num("Valor"),
                        ]>
                            {d.top.into_iter().map(|p| view! {
                                <tr><th scope="row">{p.name}</th><td class="num">{quantity(p.quantity)}</td><td class="num money">{brl(p.value)}</td></tr>
                            }).collect_view()}
                        </Table>
                    }.into_any()
                }}
            })}
        </section>
    }
}

#[component]
pub fn PayrollCostReport() -> impl IntoView {
    let app = use_app();
    let runs = Memo::new(move |_| app.query(&[Topic::PayrollRuns], |b| b.payroll_costs(12)));
    view! {
        <section class="card report" aria-labelledby="rel-folha">
            <h2 id="rel-folha">"Custo da folha de pagamento"</h2>
            {move || show(runs.get(), |d| {
                if d.is_empty() {
                    return view! { <p class="empty">"Nenhuma folha calculada."</p> }.into_any();
                }
                let items = d.iter().map(|c| (month_long(c.month), c.cost)).collect();
                view! {
                    {hbar_chart("Gráfico do custo da folha por mês".into(), items, BRAND)}
                    <Table caption="Tabela do custo da folha" testid="tabela-folha" columns=vec![
                        Column::text("Mês"), Column::num("Bruto"), Column::num("FGTS"), Column::num("Custo"),
                        Column::num("INSS retido"), Column::num("IRRF retido"), Column::num("Líquido"),
                    ]>
                        {d.into_iter().map(|c| view! {
                            <tr>
                                <th scope="row">{month_long(c.month)}{c.draft.then_some(" (rascunho)")}</th>
                                <td class="num money">{brl(c.gross)}</td>
                                <td class="num money">{brl(c.fgts)}</td>
                                <td class="num money">{brl(c.cost)}</td>
                                <td class="num money">{brl(c.inss)}</td>
                                <td class="num money">{brl(c.irrf)}</td>
                                <td class="num money">{brl(c.net)}</td>
                            </tr>
                        }).collect_view()}
                    </Table>
                    <p class="empty note">"Custo = salário bruto + FGTS (sem INSS patronal, como no Simples Nacional)."</p>
                }.into_any()
            })}
        </section>
    }
}
