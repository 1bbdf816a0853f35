//! What the person sees of direct connections: "direto com N aparelhos" beside the
//! sync indicator, and in Configurações each of the team's devices as connected
//! directly, through the relay, or away.

use std::collections::BTreeMap;

use leptos::prelude::*;
use retaguarda_core::sync::LinkState;

use super::PeerView;

fn devices_text(n: usize) -> String {
    if n == 1 {
        "direto com 1 aparelho".to_string()
    } else {
        format!("direto com {n} aparelhos")
    }
}

/// Beside the sync indicator while this device is connected directly to others.
#[component]
pub fn DirectBadge() -> impl IntoView {
    let view = use_context::<PeerView>();
    let direct = move || {
        view.map(|v| {
            v.links
                .with(|l| l.values().filter(|s| **s == LinkState::Direct).count())
        })
        .unwrap_or_default()
    };
    move || {
        let n = direct();
        (n > 0).then(|| {
            view! { <span class="sync-direct" data-testid="sync-direct">{devices_text(n)}</span> }
        })
    }
}

/// The team's other devices and how each is linked to this one now.
#[component]
pub fn DeviceLinks() -> impl IntoView {
    let view = use_context::<PeerView>();
    let app = crate::state::use_app();
    let me = move || {
        app.device()
            .map(|d| retaguarda_core::sync::DeviceId(d.actor).to_hex())
    };
    let rows = move || {
        let links = view.map(|v| v.links.get()).unwrap_or_default();
        let mine = me();
        let mut names: BTreeMap<String, String> = match app.read(|b| b.devices()) {
            Some(Ok(devices)) => devices.into_iter().map(|(hex, d)| (hex, d.name)).collect(),
            _ => BTreeMap::new(),
        };
        // A device that has not written anything yet has no record: named by its id.
        for hex in links.keys() {
            names
                .entry(hex.clone())
                .or_insert_with(|| format!("Aparelho {}", hex.get(..6).unwrap_or(hex)));
        }
        names
            .into_iter()
            .filter(|(hex, _)| Some(hex) != mine.as_ref())
            .map(|(hex, name)| {
                let how = match links.get(&hex) {
                    Some(LinkState::Direct) => "conectado direto",
                    Some(LinkState::Connecting | LinkState::Waiting) => "pelo servidor",
                    Some(LinkState::Refused) => "recusado: não é da equipe",
                    None => "ausente",
                };
                (name, how)
            })
            .collect::<Vec<_>>()
    };
    view! {
        <h3>"Conexões agora"</h3>
        <ul class="list" data-testid="device-links">
            <For each=rows key=|(name, how)| format!("{name}{how}") let:item>
                <li class="row">
                    <span>{item.0.clone()}</span>
                    <span class="muted">{item.1}</span>
                </li>
            </For>
        </ul>
    }
}
