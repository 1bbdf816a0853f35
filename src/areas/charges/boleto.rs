//! Boletos in Cobranças: the carteiras de cobrança (configure one per bank account, download
//! the remessa, import the retorno: [`carteiras`]), the boleto's own terms on the new charge
//! form ([`terms`]) and, on a boleto charge's page, the printable boleto ([`print`]) with its
//! status at the bank. Every figure comes from core; the screen only lays it out.

use leptos::prelude::*;
use retaguarda_core::Id;

use crate::state::use_app;
use crate::ui::{show, FormErrorView, Submit, Topic};

mod carteiras;
mod form;
mod print;
mod share;
mod terms;
pub use carteiras::CarteirasPanel;
pub use terms::{BoletoTermsFields, TermsFields};

/// The topics a boleto's slip reads: the charge, its carteira, the business and the payer.
const SLIP_TOPICS: [Topic; 4] = [
    Topic::Charges,
    Topic::Carteiras,
    Topic::Business,
    Topic::Parties,
];

/// A boleto charge's printable boleto and its status at the bank, or why there is none.
#[component]
pub fn BoletoSection(id: Id) -> impl IntoView {
    let app = use_app();
    // Read reactively: the bank status changes when a retorno is imported or on re-send.
    let bid = id.clone();
    let boleto = Memo::new(move |_| {
        app.query(&[Topic::Charges], |b| {
            b.charge_view(&bid, crate::state::today())
                .map(|v| v.charge.boleto)
        })
    });
    let sid = id.clone();
    let slip = Memo::new(move |_| app.query(&SLIP_TOPICS, |b| b.boleto_slip(&sid)));
    let rid = id.clone();
    let resend = Submit::new(
        move || {
            let id = rid.clone();
            async move {
                app.run(move |b, ctx| b.resend_boleto(ctx, &id)).await?;
                Ok(())
            }
        },
        |()| {},
    );
    move || {
        show(boleto.get(), move |b| {
            match b {
            None => view! {
                <p class="muted">"Cobrança por boleto: configure a carteira de cobrança em Cobranças para emitir o boleto."</p>
            }
            .into_any(),
            Some(b) => {
                let earlier = b.earlier_rejections.clone();
                let rejected = b.rejected.is_some();
                view! {
                    <section class="card" data-testid="boleto-section">
                        <h2>"Boleto"</h2>
                        <p data-testid="boleto-bank-status">{b.bank_status()}</p>
                        {(!earlier.is_empty()).then(|| view! {
                            <p class="muted" data-testid="boleto-earlier-rejections">{format!("Rejeições anteriores: {}.", earlier.join("; "))}</p>
                        })}
                        {rejected.then(|| view! {
                            <div class="stack">
                                <p class="muted">"Corrija o que o banco recusou (o cadastro do cliente ou o vencimento) e reenvie: o boleto vai na próxima remessa com o mesmo nosso número."</p>
                                <button type="button" data-testid="resend-boleto" disabled=move || resend.busy().get() on:click=move |_| resend.dispatch()>"Corrigido: reenviar na próxima remessa"</button>
                            </div>
                        })}
                        <FormErrorView submit=resend/>
                        {move || show(slip.get(), |s| view! {
                            <p>"Linha digitável"</p>
                            <p class="linha" data-testid="boleto-linha">{s.issued.boleto.linha_formatada()}</p>
                            <div class="actions">
                                <button type="button" data-testid="print-boleto" on:click=move |_| {
                                    if let Some(w) = web_sys::window() {
                                        // A browser without a print dialog still shows the page.
                                        let _ = w.print();
                                    }
                                }>"Imprimir ou salvar em PDF"</button>
                                <share::ShareBoleto slip=s.clone()/>
                            </div>
                            <print::BoletoPrint slip=s/>
                        })}
                    </section>
                }
                .into_any()
            }
        }
        })
    }
}
