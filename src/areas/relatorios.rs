//! Relatórios: cash flow (realised and projected), DRE simplificado by category, receivables
//! aging, top products, inventory value and payroll cost.
//!
//! Each report is an SVG chart drawn here from plain elements, with its numbers in a table
//! below. Amounts stay `Decimal`; they become `f64` only to place pixels.

use chrono::{Datelike, Months, NaiveDate};
use leptos::prelude::*;
use retaguarda_core::ledger::reports::Granularity;
use retaguarda_core::ledger::EntryKind;
use retaguarda_core::Business;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

use super::AreaHeader;
use crate::fmt::{brl, quantity};
use crate::state::{today, use_app};

const MONTHS: [&str; 12] = [
    "jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez",
];
const IN_COLOR: &str = "#1e6b2f";
const IN_SOFT: &str = "#9fd0a9";
const OUT_COLOR: &str = "#a4161a";
const OUT_SOFT: &str = "#efa3a5";
const LINE_COLOR: &str = "#1d4ed8";
const BRAND: &str = "#0f5f58";

/// `jan/26` for the month of `d`.
fn month_short(d: NaiveDate) -> String {
    format!("{}/{:02}", MONTHS[d.month0() as usize], d.year() % 100)
}

/// `janeiro de 2026` style label, shortened: `jan/2026`.
fn month_long(d: NaiveDate) -> String {
    format!("{}/{}", MONTHS[d.month0() as usize], d.year())
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn last_of_month(d: NaiveDate) -> NaiveDate {
    first_of_month(d)
        .checked_add_months(Months::new(1))
        .and_then(|n| n.pred_opt())
        .unwrap_or(d)
}

/// Pixels only: never shown.
fn px(v: Decimal) -> f64 {
    v.to_f64().unwrap_or(0.0)
}

/// A table that scrolls sideways on a narrow phone instead of widening the page.
fn table_wrap(label: &'static str, testid: &'static str, table: impl IntoView) -> impl IntoView {
    view! {
        <div tabindex="0" role="region" aria-label=label data-testid=testid
            style="overflow-x:auto;margin-top:0.5rem;border-radius:8px">
            {table}
        </div>
    }
}

/// One series of a vertical bar chart: per group, the stacked segments (value, colour).
struct Bars {
    labels: Vec<String>,
    /// Per group, per bar, the stacked segments.
    groups: Vec<Vec<Vec<(Decimal, &'static str)>>>,
    line: Option<Vec<Decimal>>,
}

/// A vertical grouped, stacked bar chart with an optional line, negative values allowed.
fn bar_chart(title: String, chart: Bars) -> impl IntoView {
    const W: f64 = 360.0;
    const H: f64 = 200.0;
    const TOP: f64 = 10.0;
    const BOTTOM: f64 = 24.0;
    let n = chart.labels.len().max(1) as f64;
    let mut hi = 0.0_f64;
    let mut lo = 0.0_f64;
    for g in &chart.groups {
        for bar in g {
            let sum: f64 = bar.iter().map(|(v, _)| px(*v)).sum();
            hi = hi.max(sum);
            lo = lo.min(sum);
        }
    }
    if let Some(line) = &chart.line {
        for v in line {
            hi = hi.max(px(*v));
            lo = lo.min(px(*v));
        }
    }
    if hi - lo < 1e-9 {
        hi = 1.0;
    }
    let plot_h = H - TOP - BOTTOM;
    let y = move |v: f64| TOP + (hi - v) / (hi - lo) * plot_h;
    let slot = W / n;
    let mut shapes = Vec::new();
    for (i, g) in chart.groups.iter().enumerate() {
        let bars = g.len().max(1) as f64;
        let bar_w = (slot * 0.8 / bars).min(28.0);
        let start = slot * i as f64 + (slot - bar_w * bars) / 2.0;
        for (j, bar) in g.iter().enumerate() {
            let x = start + bar_w * j as f64;
            let mut base = 0.0_f64;
            for (v, color) in bar {
                let v = px(*v);
                let (a, b) = (y(base), y(base + v));
                let (top, h) = if b < a { (b, a - b) } else { (a, b - a) };
                shapes.push(view! {
                    <rect x=format!("{x:.1}") y=format!("{top:.1}") width=format!("{:.1}", bar_w - 2.0)
                        height=format!("{h:.1}") fill=*color/>
                });
                base += v;
            }
        }
    }
    let labels = chart
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let x = slot * i as f64 + slot / 2.0;
            view! { <text x=format!("{x:.1}") y=format!("{:.1}", H - 8.0) text-anchor="middle" font-size="10" fill="#4f5856">{l.clone()}</text> }
        })
        .collect_view();
    let line = chart.line.map(|values| {
        let points = values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", slot * i as f64 + slot / 2.0, y(px(*v))))
            .collect::<Vec<_>>()
            .join(" ");
        view! { <polyline points=points fill="none" stroke=LINE_COLOR stroke-width="2"/> }
    });
    let zero = y(0.0);
    let label = title.clone();
    view! {
        <svg viewBox=format!("0 0 {W} {H}") width="100%" role="img" aria-label=label
            style="max-width:640px;display:block;background:#fff;border:1px solid var(--border);border-radius:8px">
            <title>{title}</title>
            <line x1="0" x2=format!("{W}") y1=format!("{zero:.1}") y2=format!("{zero:.1}") stroke="#8a9491" stroke-width="1"/>
            {shapes}
            {line}
            {labels}
        </svg>
    }
}

/// A horizontal bar chart: one labelled bar per item (values at or above zero).
fn hbar_chart(title: String, items: Vec<(String, Decimal)>, color: &'static str) -> impl IntoView {
    const W: f64 = 360.0;
    const ROW: f64 = 34.0;
    let h = (items.len().max(1) as f64) * ROW + 4.0;
    let max = items
        .iter()
        .map(|(_, v)| px(*v))
        .fold(0.0_f64, f64::max)
        .max(1e-9);
    let rows = items
        .into_iter()
        .enumerate()
        .map(|(i, (label, v))| {
            let top = i as f64 * ROW;
            let w = (px(v).max(0.0) / max * (W - 4.0)).max(if v.is_zero() { 0.0 } else { 2.0 });
            view! {
                <text x="2" y=format!("{:.1}", top + 12.0) font-size="11" fill="#1b1f1e">{format!("{label} · {}", brl(v))}</text>
                <rect x="2" y=format!("{:.1}", top + 16.0) width=format!("{w:.1}") height="12" rx="3" fill=color/>
            }
        })
        .collect_view();
    let label = title.clone();
    view! {
        <svg viewBox=format!("0 0 {W} {h:.0}") width="100%" role="img" aria-label=label
            style="max-width:640px;display:block;background:#fff;border:1px solid var(--border);border-radius:8px;padding:4px">
            <title>{title}</title>
            {rows}
        </svg>
    }
}

fn legend(items: &[(&'static str, &'static str)]) -> impl IntoView {
    view! {
        <p style="display:flex;flex-wrap:wrap;gap:0.75rem;font-size:0.85rem;margin:0.25rem 0">
            {items.iter().map(|(color, label)| view! {
                <span><span aria-hidden="true" style=format!("display:inline-block;width:0.8rem;height:0.8rem;border-radius:2px;background:{color};margin-right:0.25rem;vertical-align:middle")></span>{*label}</span>
            }).collect_view()}
        </p>
    }
}

#[component]
pub fn Relatorios() -> impl IntoView {
    let now = today();
    let month = RwSignal::new(format!("{:04}-{:02}", now.year(), now.month()));
    let selected = Memo::new(move |_| {
        NaiveDate::parse_from_str(&format!("{}-01", month.get()), "%Y-%m-%d")
            .unwrap_or_else(|_| first_of_month(today()))
    });
    view! {
        <AreaHeader title="Relatórios"/>
        {move || use_app().read(|b| b.period_start().ok().flatten()).flatten().map(|start| view! {
            <p class="alert" role="note" data-testid="relatorio-periodo">{format!(
                "Período aberto desde {}. O que foi quitado antes disso está no arquivo do período (Configurações, Fechar período); os saldos já o incluem.",
                crate::fmt::date(start)
            )}</p>
        })}
        <div class="card" style="display:grid;gap:0.5rem">
            <label>"Mês de referência (DRE e produtos)"
                <input type="month" bind:value=month data-testid="relatorio-mes"/>
            </label>
        </div>
        <FluxoDeCaixa/>
        <Dre month=selected/>
        <Aging/>
        <TopProdutos month=selected/>
        <ValorEstoque/>
        <CustoFolha/>
    }
}

#[component]
fn FluxoDeCaixa() -> impl IntoView {
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
        app.read(|b| {
            b.cash_flow(from, to, Granularity::Month, None, day)
                .map_err(|e| e.to_string())
        })
        .unwrap_or_else(|| Ok(Vec::new()))
    });
    view! {
        <section class="card" style="margin-top:1rem" aria-labelledby="rel-fluxo">
            <h2 id="rel-fluxo" style="margin-top:0">"Fluxo de caixa"</h2>
            <p class="empty" style="margin:0">"Realizado e previsto por mês, com o saldo ao fim de cada mês."</p>
            {move || match rows.get() {
                Err(e) => view! { <p class="alert error" role="alert">{e}</p> }.into_any(),
                Ok(rows) => {
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
                        {table_wrap("Tabela do fluxo de caixa", "tabela-fluxo", view! {
                            <table>
                                <thead><tr>
                                    <th scope="col">"Mês"</th><th scope="col" class="num">"Entradas"</th><th scope="col" class="num">"Saídas"</th>
                                    <th scope="col" class="num">"Entradas previstas"</th><th scope="col" class="num">"Saídas previstas"</th><th scope="col" class="num">"Saldo"</th>
                                </tr></thead>
                                <tbody>
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
                                </tbody>
                            </table>
                        })}
                    }.into_any()
                }
            }}
        </section>
    }
}

/// What an entry counts in the DRE: its amount, or what was paid when it was cancelled.
fn dre_amount(e: &retaguarda_core::ledger::Entry) -> Decimal {
    if e.cancelled.is_some() {
        e.paid_amount()
    } else {
        e.amount
    }
}

/// Per category group: its total and the totals of its subcategories.
type GroupTotals = BTreeMap<String, (Decimal, BTreeMap<String, Decimal>)>;

/// One line of the DRE: a category (group or subcategory) and its amount.
#[derive(Debug, Clone, PartialEq)]
struct DreLine {
    name: String,
    sub: bool,
    amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct DreData {
    income: Vec<DreLine>,
    expense: Vec<DreLine>,
    total_in: Decimal,
    total_out: Decimal,
    /// (month, income, expense) for the six months up to the selected one.
    trend: Vec<(NaiveDate, Decimal, Decimal)>,
}

/// The DRE simplificado on the competence dates of the entries.
fn dre(b: &mut Business, month: NaiveDate) -> DreData {
    let cats: HashMap<String, (String, Option<String>)> = b
        .categories()
        .unwrap_or_default()
        .into_iter()
        .map(|(id, c)| (id, (c.name, c.parent)))
        .collect();
    let entries = b.entries().unwrap_or_default();
    let first = first_of_month(month);
    let last = last_of_month(month);
    // group id -> (total, subcategory id -> total); "" is "Sem categoria".
    let mut by_kind: [GroupTotals; 2] = Default::default();
    let start = first.checked_sub_months(Months::new(5)).unwrap_or(first);
    let mut trend: BTreeMap<NaiveDate, (Decimal, Decimal)> = BTreeMap::new();
    let mut m = start;
    while m <= first {
        trend.insert(m, (Decimal::ZERO, Decimal::ZERO));
        match m.checked_add_months(Months::new(1)) {
            Some(n) => m = n,
            None => break,
        }
    }
    for (_, e) in &entries {
        let value = dre_amount(e);
        if value.is_zero() {
            continue;
        }
        if let Some(t) = trend.get_mut(&first_of_month(e.competence_date)) {
            match e.kind {
                EntryKind::Receivable => t.0 += value,
                EntryKind::Payable => t.1 += value,
            }
        }
        if e.competence_date < first || e.competence_date > last {
            continue;
        }
        let slot = match e.kind {
            EntryKind::Receivable => 0,
            EntryKind::Payable => 1,
        };
        let (group, sub) = match e
            .category
            .as_ref()
            .and_then(|c| cats.get(c).map(|x| (c, x)))
        {
            Some((id, (_, Some(parent)))) => (parent.clone(), Some(id.clone())),
            Some((id, (_, None))) => (id.clone(), None),
            None => (String::new(), None),
        };
        let g = by_kind[slot].entry(group).or_default();
        g.0 += value;
        if let Some(s) = sub {
            *g.1.entry(s).or_default() += value;
        }
    }
    let name = |id: &str| {
        if id.is_empty() {
            "Sem categoria".to_string()
        } else {
            cats.get(id)
                .map(|c| c.0.clone())
                .unwrap_or_else(|| "Categoria removida".into())
        }
    };
    let lines = |map: &GroupTotals| {
        let mut groups: Vec<_> = map.iter().collect();
        groups.sort_by_key(|g| std::cmp::Reverse(g.1 .0));
        let mut out = Vec::new();
        for (gid, (total, subs)) in groups {
            out.push(DreLine {
                name: name(gid),
                sub: false,
                amount: *total,
            });
            let mut subs: Vec<_> = subs.iter().collect();
            subs.sort_by(|a, b| b.1.cmp(a.1));
            for (sid, v) in subs {
                out.push(DreLine {
                    name: name(sid),
                    sub: true,
                    amount: *v,
                });
            }
        }
        out
    };
    DreData {
        total_in: by_kind[0].values().map(|g| g.0).sum(),
        total_out: by_kind[1].values().map(|g| g.0).sum(),
        income: lines(&by_kind[0]),
        expense: lines(&by_kind[1]),
        trend: trend.into_iter().map(|(m, (i, o))| (m, i, o)).collect(),
    }
}

#[component]
fn Dre(month: Memo<NaiveDate>) -> impl IntoView {
    let app = use_app();
    let data = Memo::new(move |_| {
        let m = month.get();
        app.read(|b| dre(b, m)).unwrap_or_default()
    });
    let rows = move |lines: Vec<DreLine>, kind: &'static str| {
        lines
            .into_iter()
            .map(|l| {
                let cat = l.name.clone();
                view! {
                <tr data-testid=format!("dre-{kind}") data-categoria=cat>
                    <th scope="row" style=if l.sub { "font-weight:400;padding-left:1.5rem" } else { "" }>{l.name}</th>
                    <td class="num money">{brl(l.amount)}</td>
                </tr>
            }})
            .collect_view()
    };
    view! {
        <section class="card" style="margin-top:1rem" aria-labelledby="rel-dre">
            <h2 id="rel-dre" style="margin-top:0">{move || format!("Receitas e despesas — {}", month_long(month.get()))}</h2>
            <p class="empty" style="margin:0">"DRE simplificado pela data de competência dos lançamentos."</p>
            {move || {
                let d = data.get();
                let chart = Bars {
                    labels: d.trend.iter().map(|(m, _, _)| month_short(*m)).collect(),
                    groups: d.trend.iter().map(|(_, i, o)| vec![vec![(*i, IN_COLOR)], vec![(*o, OUT_COLOR)]]).collect(),
                    line: Some(d.trend.iter().map(|(_, i, o)| *i - *o).collect()),
                };
                let result = d.total_in - d.total_out;
                view! {
                    {legend(&[(IN_COLOR, "Receitas"), (OUT_COLOR, "Despesas"), (LINE_COLOR, "Resultado")])}
                    {bar_chart("Gráfico de receitas e despesas dos últimos seis meses".into(), chart)}
                    {table_wrap("Receitas e despesas por mês", "tabela-dre-meses", view! {
                        <table>
                            <thead><tr><th scope="col">"Mês"</th><th scope="col" class="num">"Receitas"</th><th scope="col" class="num">"Despesas"</th><th scope="col" class="num">"Resultado"</th></tr></thead>
                            <tbody>
                                {d.trend.iter().map(|(m, i, o)| view! {
                                    <tr><th scope="row">{month_short(*m)}</th><td class="num money">{brl(*i)}</td><td class="num money">{brl(*o)}</td><td class="num money">{brl(*i - *o)}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    })}
                    {table_wrap("Receitas e despesas por categoria", "tabela-dre", view! {
                        <table style="margin-top:0.75rem">
                            <thead><tr><th scope="col">"Categoria"</th><th scope="col" class="num">"Valor"</th></tr></thead>
                            <tbody>
                                <tr><th scope="row" colspan="2" style="background:var(--ok-soft)">"Receitas"</th></tr>
                                {rows(d.income, "receita")}
                                <tr><th scope="row">"Total de receitas"</th><td class="num" data-testid="dre-total-receitas"><strong>{brl(d.total_in)}</strong></td></tr>
                                <tr><th scope="row" colspan="2" style="background:var(--danger-soft)">"Despesas"</th></tr>
                                {rows(d.expense, "despesa")}
                                <tr><th scope="row">"Total de despesas"</th><td class="num" data-testid="dre-total-despesas"><strong>{brl(d.total_out)}</strong></td></tr>
                                <tr><th scope="row">"Resultado"</th><td class="num" data-testid="dre-resultado"><strong>{brl(result)}</strong></td></tr>
                            </tbody>
                        </table>
                    })}
                }
            }}
        </section>
    }
}

/// The aging buckets' labels.
const AGING: [&str; 5] = [
    "A vencer",
    "1 a 30 dias",
    "31 a 60 dias",
    "61 a 90 dias",
    "Mais de 90 dias",
];

/// Open receivables (charges included: each has its receivable) by days overdue.
fn aging(b: &mut Business, today: NaiveDate) -> Vec<(usize, Decimal)> {
    let mut out = vec![(0usize, Decimal::ZERO); 5];
    for (_, e) in b.entries().unwrap_or_default() {
        if e.kind != EntryKind::Receivable {
            continue;
        }
        let open = e.open_amount();
        if open <= Decimal::ZERO {
            continue;
        }
        let days = (today - e.due_date).num_days();
        let i = match days {
            d if d <= 0 => 0,
            1..=30 => 1,
            31..=60 => 2,
            61..=90 => 3,
            _ => 4,
        };
        out[i].0 += 1;
        out[i].1 += open;
    }
    out
}

#[component]
fn Aging() -> impl IntoView {
    let app = use_app();
    let data = Memo::new(move |_| app.read(|b| aging(b, today())).unwrap_or_default());
    view! {
        <section class="card" style="margin-top:1rem" aria-labelledby="rel-aging">
            <h2 id="rel-aging" style="margin-top:0">"Contas a receber por atraso"</h2>
            {move || {
                let d = data.get();
                let total: Decimal = d.iter().map(|x| x.1).sum();
                let items = d.iter().enumerate().map(|(i, (_, v))| (AGING[i].to_string(), *v)).collect();
                view! {
                    {hbar_chart("Gráfico das contas a receber por faixa de atraso".into(), items, OUT_COLOR)}
                    {table_wrap("Tabela das contas a receber por atraso", "tabela-aging", view! {
                        <table>
                            <thead><tr><th scope="col">"Faixa"</th><th scope="col" class="num">"Contas"</th><th scope="col" class="num">"Valor em aberto"</th></tr></thead>
                            <tbody>
                                {d.into_iter().enumerate().map(|(i, (n, v))| view! {
                                    <tr data-testid="aging-linha" data-faixa=AGING[i]>
                                        <th scope="row">{AGING[i]}</th><td class="num money">{n}</td><td class="num money">{brl(v)}</td>
                                    </tr>
                                }).collect_view()}
                                <tr><th scope="row">"Total"</th><td></td><td class="num" data-testid="aging-total"><strong>{brl(total)}</strong></td></tr>
                            </tbody>
                        </table>
                    })}
                }
            }}
        </section>
    }
}

#[component]
fn TopProdutos(month: Memo<NaiveDate>) -> impl IntoView {
    let app = use_app();
    let data = Memo::new(move |_| {
        let first = first_of_month(month.get());
        let last = last_of_month(first);
        app.read(|b| {
            let mut by: HashMap<String, (String, Decimal, Decimal)> = HashMap::new();
            for (_, s) in b.sales().unwrap_or_default() {
                if s.date < first || s.date > last {
                    continue;
                }
                for l in s.lines {
                    let e = by
                        .entry(l.product)
                        .or_insert((l.name, Decimal::ZERO, Decimal::ZERO));
                    e.1 += l.quantity;
                    e.2 += l.total;
                }
            }
            let mut list: Vec<_> = by.into_values().collect();
            list.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
            list.truncate(10);
            list
        })
        .unwrap_or_default()
    });
    view! {
        <section class="card" style="margin-top:1rem" aria-labelledby="rel-produtos">
            <h2 id="rel-produtos" style="margin-top:0">{move || format!("Produtos mais vendidos — {}", month_long(month.get()))}</h2>
            {move || {
                let d = data.get();
                if d.is_empty() {
                    return view! { <p class="empty">"Nenhuma venda neste mês."</p> }.into_any();
                }
                let items = d.iter().map(|(n, _, v)| (n.clone(), *v)).collect();
                view! {
                    {hbar_chart("Gráfico dos produtos mais vendidos".into(), items, BRAND)}
                    {table_wrap("Tabela dos produtos mais vendidos", "tabela-produtos", view! {
                        <table>
                            <thead><tr><th scope="col">"Produto"</th><th scope="col" class="num">"Quantidade"</th><th scope="col" class="num">"Vendido"</th></tr></thead>
                            <tbody>
                                {d.into_iter().map(|(n, q, v)| view! {
                                    <tr><th scope="row">{n}</th><td class="num money">{quantity(q)}</td><td class="num money">{brl(v)}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    })}
                    <p class="empty" style="font-size:0.85rem">"Valores dos itens antes de descontos na venda."</p>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn ValorEstoque() -> impl IntoView {
    let app = use_app();
    let data = Memo::new(move |_| {
        app.read(|b| {
            let total = b.inventory_value().unwrap_or_default();
            let mut levels: Vec<(String, Decimal, Decimal)> = b
                .stock_levels()
                .unwrap_or_default()
                .into_iter()
                .filter(|l| l.position.value > Decimal::ZERO)
                .map(|l| (l.product.name, l.position.quantity, l.position.value))
                .collect();
            levels.sort_by_key(|l| std::cmp::Reverse(l.2));
            levels.truncate(10);
            (total, levels)
        })
        .unwrap_or_default()
    });
    view! {
        <section class="card" style="margin-top:1rem" aria-labelledby="rel-estoque">
            <h2 id="rel-estoque" style="margin-top:0">"Valor do estoque"</h2>
            <p>"Estoque a custo médio: "<strong class="money" data-testid="valor-estoque">{move || brl(data.get().0)}</strong></p>
            {move || {
                let (_, levels) = data.get();
                if levels.is_empty() {
                    return view! { <p class="empty">"Nenhum produto com estoque."</p> }.into_any();
                }
                let items = levels.iter().map(|(n, _, v)| (n.clone(), *v)).collect();
                view! {
                    {hbar_chart("Gráfico dos produtos de maior valor em estoque".into(), items, BRAND)}
                    {table_wrap("Tabela do valor do estoque", "tabela-estoque", view! {
                        <table>
                            <thead><tr><th scope="col">"Produto"</th><th scope="col" class="num">"Quantidade"</th><th scope="col" class="num">"Valor"</th></tr></thead>
                            <tbody>
                                {levels.into_iter().map(|(n, q, v)| view! {
                                    <tr><th scope="row">{n}</th><td class="num money">{quantity(q)}</td><td class="num money">{brl(v)}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    })}
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn CustoFolha() -> impl IntoView {
    let app = use_app();
    let runs = Memo::new(move |_| {
        app.read(|b| {
            let mut list: Vec<_> = b
                .payroll_runs()
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(_, r)| {
                    let m = NaiveDate::from_ymd_opt(r.year, r.month, 1)?;
                    Some((
                        m,
                        r.total_gross(),
                        r.total_inss(),
                        r.total_irrf(),
                        r.total_fgts(),
                        r.total_net(),
                        r.status,
                    ))
                })
                .collect();
            list.sort_by_key(|r| std::cmp::Reverse(r.0));
            list.truncate(12);
            list.reverse();
            list
        })
        .unwrap_or_default()
    });
    view! {
        <section class="card" style="margin-top:1rem" aria-labelledby="rel-folha">
            <h2 id="rel-folha" style="margin-top:0">"Custo da folha de pagamento"</h2>
            {move || {
                let d = runs.get();
                if d.is_empty() {
                    return view! { <p class="empty">"Nenhuma folha calculada."</p> }.into_any();
                }
                let items = d.iter().map(|r| (month_long(r.0), r.1 + r.4)).collect();
                view! {
                    {hbar_chart("Gráfico do custo da folha por mês".into(), items, BRAND)}
                    {table_wrap("Tabela do custo da folha", "tabela-folha", view! {
                        <table>
                            <thead><tr>
                                <th scope="col">"Mês"</th><th scope="col" class="num">"Bruto"</th><th scope="col" class="num">"FGTS"</th>
                                <th scope="col" class="num">"Custo"</th><th scope="col" class="num">"INSS retido"</th><th scope="col" class="num">"IRRF retido"</th><th scope="col" class="num">"Líquido"</th>
                            </tr></thead>
                            <tbody>
                                {d.into_iter().map(|(m, gross, inss, irrf, fgts, net, status)| view! {
                                    <tr>
                                        <th scope="row">{month_long(m)}{(status == retaguarda_core::staff::RunStatus::Draft).then_some(" (rascunho)")}</th>
                                        <td class="num money">{brl(gross)}</td><td class="num money">{brl(fgts)}</td><td class="num money">{brl(gross + fgts)}</td>
                                        <td class="num money">{brl(inss)}</td><td class="num money">{brl(irrf)}</td><td class="num money">{brl(net)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    })}
                    <p class="empty" style="font-size:0.85rem">"Custo = salário bruto + FGTS (sem INSS patronal, como no Simples Nacional)."</p>
                }.into_any()
            }}
        </section>
    }
}
