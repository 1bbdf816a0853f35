//! Rede da loja: pairing this device with the shop's hub (docs/SYNC.md section 11) by the
//! line the hub shows (pasted, or its QR code read with the camera), the hub in use, and
//! forgetting it. Pairing again replaces the hub; the sync client connects through it
//! whenever it answers.

use leptos::prelude::*;

use crate::scanner::{Scanner, QR_CODES};
use crate::sync::use_sync;
use crate::ui::{Field, FieldKind, Form, FormError, FormErrorView, Submit};

/// The address part of a pairing line ("192.168.0.10:7450"), for the person to recognise.
fn address(line: &str) -> String {
    line.split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_string()
}

#[component]
pub(super) fn ShopNetwork() -> impl IntoView {
    let sync = use_sync();
    let text = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<String>);
    let pair = Submit::new(
        move || {
            notice.set(None);
            let typed = text.get_untracked();
            async move {
                sync.pair_hub(&typed)
                    .await
                    .map_err(|e| FormError::Missing(e.to_string()))
            }
        },
        move |pairing| {
            text.set(String::new());
            notice.set(Some(format!(
                "Pareado com o hub da loja em {}.",
                pairing.addr
            )));
        },
    );
    let forget = Submit::new(
        move || async move {
            sync.forget_hub()
                .await
                .map_err(|e| FormError::Missing(e.to_string()))
        },
        move |()| {
            notice.set(Some(
                "Hub esquecido: a sincronização vai só pela internet.".into(),
            ))
        },
    );
    let status = move || {
        if sync.team.get().is_none() {
            "Este aparelho ainda não está numa equipe: o hub é usado depois que ele entrar numa."
        } else if sync.via_hub.get() {
            "Sincronizando pela rede da loja."
        } else {
            "O hub não está respondendo agora (fora da rede da loja, ou desligado): a sincronização vai pela internet, e o aparelho tenta o hub de novo sozinho."
        }
    };
    view! {
        <section class="card" id="rede-da-loja" aria-labelledby="hub-h" data-testid="shop-network">
            <h2 id="hub-h">"Rede da loja"</h2>
            <p>"Com um hub na loja (um computador ligado rodando o servidor da Retaguarda), os aparelhos da equipe sincronizam pelo Wi-Fi mesmo sem internet. Pareie uma vez com o texto ou o QR code que o hub mostra."</p>
            {move || match sync.hub.get() {
                Some(line) => view! {
                    <p data-testid="hub-paired">{format!("Pareado com o hub em {}.", address(&line))}</p>
                    <p class="muted" data-testid="hub-status">{status}</p>
                    <div class="row">
                        <button type="button" class="danger" disabled=move || forget.busy().get()
                            on:click=move |_| forget.dispatch() data-testid="hub-forget">"Esquecer hub"</button>
                    </div>
                    <FormErrorView submit=forget/>
                }.into_any(),
                None => view! {
                    <p class="muted" data-testid="hub-paired">"Nenhum hub pareado."</p>
                }.into_any(),
            }}
            <Form submit=pair label="Parear com o hub" testid="hub-form" button_testid="hub-pair"
                error_testid="hub-error" class="inline">
                <Field label="Texto de pareamento do hub" value=text kind=FieldKind::Code name="hub"
                    placeholder="retaguarda-hub:1 192.168.0.10:7450 AB:CD:…" autocomplete="off"
                    maxlength=200 rows=3/>
                <Scanner formats=QR_CODES label="Ler o QR code do hub" fallback=""
                    on_code=Callback::new(move |code: String| text.set(code))/>
            </Form>
            {move || notice.get().map(|m| view! { <p class="alert ok" role="status">{m}</p> })}
        </section>
    }
}
