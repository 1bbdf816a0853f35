//! A partner's pró-labore: month, amount and pay day, core's preview, recording it with
//! its payables, and the months recorded.

use chrono::Datelike;
use leptos::prelude::*;
use leptos::task::spawn_local;
use retaguarda_core::staff::NewProLabore;
use retaguarda_core::Id;

use super::super::estoque::ui::TextField;
use super::parse_month;
use super::sheet::{CreatedPayables, SheetView};
use crate::fmt::{date, parse_brl, parse_date};
use crate::state::{today, use_app};

#[component]
pub fn ProLaboreSection(id: Id) -> impl IntoView {
    let app = use_app();
    let t = today();
    let month = RwSignal::new(format!("{:04}-{:02}", t.year(), t.month()));
    let amount = RwSignal::new(String::new());
    let pay_day = RwSignal::new(t.to_string());
    let error = RwSignal::new(None::<String>);
    let read = {
        let id = id.clone();
        move |tracked: bool| -> Result<NewProLabore, String> {
            let get = |s: RwSignal<String>| if tracked { s.get() } else { s.get_untracked() };
            let (year, month) =
                parse_month(&get(month)).ok_or_else(|| "Escolha o mês.".to_string())?;
            Ok(NewProLabore {
                staff: id.clone(),
                year,
                month,
                amount: parse_brl(&get(amount)).map_err(|e| format!("Valor: {e}"))?,
                pay_day: parse_date(&get(pay_day)).map_err(|e| format!("Pagamento: {e}"))?,
            })
        }
    };
    let read_preview = read.clone();
    let preview = move || {
        let input = read_preview(true).ok()?;
        app.read(move |b| b.pro_labore_preview(&input))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = match read(false) {
            Ok(i) => i,
            Err(e) => return error.set(Some(e)),
        };
        spawn_local(async move {
            match app.run(move |b, ctx| b.pay_pro_labore(ctx, input)).await {
                Ok(_) => error.set(None),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let list_id = id.clone();
    let recorded = move || {
        let id = list_id.clone();
        let mut list = app
            .read(move |b| b.pro_labores().unwrap_or_default())
            .unwrap_or_default();
        list.retain(|(_, p)| p.staff == id);
        list.reverse();
        list
    };
    view! {
        <h2>"Pró-labore"</h2>
        <form on:submit=submit class="card no-print" data-testid="pro-labore-form">
            <TextField label="Mês" value=month kind="month" testid="pro-labore-mes"/>
            <TextField label="Valor bruto (R$)" value=amount inputmode="decimal" testid="pro-labore-valor"/>
            <TextField label="Dia do pagamento" value=pay_day kind="date" testid="pro-labore-dia"/>
            <p><small>"INSS de 11% até o teto e IRRF pela tabela do ano; sem FGTS."</small></p>
            {move || preview().map(|p| match p {
                Ok(sheet) => view! { <SheetView id="previa-pro-labore".to_string() title="Prévia do pró-labore".to_string() sheet=sheet testid="pro-labore-previa"/> }.into_any(),
                Err(e) => view! { <p class="alert warn">{e.to_string()}</p> }.into_any(),
            })}
            {move || error.get().map(|e| view! { <p class="alert error" role="alert">{e}</p> })}
            <button type="submit" data-testid="lancar-pro-labore">"Lançar pró-labore"</button>
        </form>
        {move || recorded().into_iter().map(|(pid, p)| {
            let entries = p.payment.entries.clone();
            view! {
                <SheetView id=format!("pro-labore-{pid}") title=format!("Pró-labore {:02}/{} — {}", p.month, p.year, p.name)
                    subtitle=vec![format!("Pagamento em {}", date(p.payment.due))]
                    sheet=p.payment.sheet testid="pro-labore"/>
                <CreatedPayables ids=entries/>
            }
        }).collect_view()}
    }
}
