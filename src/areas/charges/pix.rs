//! The Pix part of an open Pix charge's page: the QR code and the copia e cola with a copy
//! button, or, when the business has no Pix key yet, the form to fill it in here.

use leptos::prelude::*;
use leptos_router::components::A;
use retaguarda_core::charges::{ChargeDetail, PixCode};

use crate::state::use_app;
use crate::ui::share::CodeBox;
use crate::ui::{Field, FieldKind, Form, Submit};

/// The QR code and copia e cola, or why there is none.
#[component]
pub(super) fn PixSection(detail: ChargeDetail) -> impl IntoView {
    match detail.pix {
        None => view! { <p class="muted">"Cobrança por boleto."</p> }.into_any(),
        Some(PixCode::Ready(code)) => view! { <PixCodeCard code=code/> }.into_any(),
        Some(PixCode::MissingKey) => {
            view! { <PixKeyForm city=detail.business_city.unwrap_or_default()/> }.into_any()
        }
        Some(PixCode::Unavailable(message)) => {
            view! { <p class="alert error" role="alert">{message}</p> }.into_any()
        }
    }
}

#[component]
fn PixCodeCard(code: String) -> impl IntoView {
    let svg = retaguarda_core::formats::pix::qr_svg(&code)
        .map(|s| match s.find("<svg") {
            Some(i) => s[i..].to_string(),
            None => s,
        })
        .unwrap_or_default();
    view! {
        <section class="card pix" data-testid="pix-section">
            <h2>"Pix"</h2>
            <div class="qr" role="img" aria-label="QR Code Pix da cobrança" data-testid="pix-qr" inner_html=svg></div>
            <CodeBox label="Pix copia e cola" code=code testid="pix-code"
                copy_label="Copiar código Pix" done="Código copiado." copy_testid="copy-pix" copy_class=""/>
        </section>
    }
}

/// When the business has no Pix key yet: say so, link to Configurações, and let the
/// person fill the key and city here without leaving the charge.
#[component]
fn PixKeyForm(city: String) -> impl IntoView {
    let app = use_app();
    let key = RwSignal::new(String::new());
    let city = RwSignal::new(city);
    let save = Submit::new(
        move || {
            let key = key.get_untracked();
            let city = city.get_untracked();
            async move {
                Ok(app
                    .run(move |b, ctx| b.set_pix_key(ctx, &key, &city))
                    .await?)
            }
        },
        |()| {},
    );
    view! {
        <section class="card" data-testid="pix-missing">
            <h2>"Pix"</h2>
            <p class="alert warn">
                "O negócio ainda não tem chave Pix cadastrada, então não dá para gerar o QR Code. "
                <A href="/configuracoes">"Cadastrar em Configurações"</A>
                " ou informe aqui:"
            </p>
            <Form submit=save label="Salvar chave Pix">
                // An e-mail key may be 77 characters long.
                <Field
                    label="Chave Pix do negócio"
                    value=key
                    kind=FieldKind::Code
                    maxlength=77
                    name="pix_key"
                    autocomplete="off"
                    placeholder="CPF, CNPJ, e-mail, telefone ou chave aleatória"
                />
                <Field label="Cidade do negócio" value=city name="city" autocomplete="address-level2" maxlength=60/>
            </Form>
        </section>
    }
}
