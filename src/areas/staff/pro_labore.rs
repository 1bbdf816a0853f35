//! A partner's pró-labore: month, amount and pay day, core's preview, recording it with
//! its payables, and the months recorded.

use chrono::Datelike;
use leptos::prelude::*;
use retaguarda_core::staff::NewProLabore;
use retaguarda_core::Id;

use super::sheet::{CreatedPayables, SheetView};
use super::{month_input, parse_month};
use crate::fmt::{date, parse_brl, parse_date};
use crate::state::{today, use_app};
use crate::ui::{show, FieldResult, FormError, FormErrorView, Submit, Topic};
use crate::ui::{Field, FieldKind};

#[component]
pub fn ProLaboreSection(id: Id) -> impl IntoView {
    let app = use_app();
    let t = today();
    let month = RwSignal::new(month_input(t.year(), t.month()));
    let amount = RwSignal::new(String::new());
    let pay_day = RwSignal::new(t.to_string());
    let read = {
        let id = id.clone();
        move |tracked: bool| -> Result<NewProLabore, FormError> {
            let get = |s: RwSignal<String>| if tracked { s.get() } else { s.get_untracked() };
            let (year, month) = parse_month(&get(month))
                .ok_or_else(|| FormError::Missing("Mês: escolha o mês, como 10/2026.".into()))?;
            Ok(NewProLabore {
                staff: id.clone(),
                year,
                month,
                amount: parse_brl(&get(amount)).field("Valor")?,
                pay_day: parse_date(&get(pay_day)).field("Pagamento")?,
            })
        }
    };
    let read_preview = read.clone();
    let preview = move || {
        let input = read_preview(true).ok()?;
        app.read_topics(&[Topic::Staff, Topic::PayrollTables], move |b| {
            b.pro_labore_preview(&input)
        })
    };
    let save = Submit::new(
        move || {
            let input = read(false);
            async move {
                let input = input?;
                Ok(app.run(move |b, ctx| b.pay_pro_labore(ctx, input)).await?)
            }
        },
        |_| (),
    );
    let list_id = id.clone();
    let recorded = move || {
        let id = list_id.clone();
        app.query(&[Topic::ProLabore], move |b| {
            let mut list = b.pro_labores()?;
            list.retain(|(_, p)| p.staff == id);
            list.reverse();
            Ok(list)
        })
    };
    view! {
        <h2>"Pró-labore"</h2>
        <form on:submit=save.on_submit() class="card no-print" data-testid="pro-labore-form">
            <Field label="Mês" value=month placeholder="mm/aaaa" maxlength=7 testid="pro-labore-mes"/>
            <Field label="Valor bruto (R$)" value=amount kind=FieldKind::Money testid="pro-labore-valor"/>
            <Field label="Dia do pagamento" value=pay_day kind=FieldKind::Date testid="pro-labore-dia"/>
            <p><small>"INSS de 11% até o teto e IRRF pela tabela do ano; sem FGTS."</small></p>
            {move || preview().map(|p| match p {
                Ok(sheet) => view! { <SheetView id="previa-pro-labore".to_string() title="Prévia do pró-labore".to_string() sheet=sheet testid="pro-labore-previa"/> }.into_any(),
                Err(e) => view! { <p class="alert warn">{e.to_string()}</p> }.into_any(),
            })}
            <FormErrorView submit=save/>
            <button type="submit" disabled=move || save.busy().get() data-testid="lancar-pro-labore">"Lançar pró-labore"</button>
        </form>
        {move || show(recorded(), |list| list.into_iter().map(|(pid, p)| {
            let entries = p.payment.entries.clone();
            view! {
                <SheetView id=format!("pro-labore-{pid}") title=format!("Pró-labore {:02}/{} — {}", p.month, p.year, p.name)
                    subtitle=vec![format!("Pagamento em {}", date(p.payment.due))]
                    sheet=p.payment.sheet testid="pro-labore"/>
                <CreatedPayables ids=entries/>
            }
        }).collect_view())}
    }
}
