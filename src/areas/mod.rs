//! The screens, one module per area of the back office.

pub mod welcome;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::AREAS;

/// A screen's title bar; every area starts with one, so tests and people know where they are.
#[component]
pub fn AreaHeader(title: &'static str) -> impl IntoView {
    view! {
        <header class="area-header">
            <h1 data-testid="area-title">{title}</h1>
        </header>
    }
}

#[component]
pub fn Inicio() -> impl IntoView {
    view! {
        <AreaHeader title="Início"/>
        <p class="empty">"Bem-vindo à Retaguarda. Seus números do dia aparecem aqui."</p>
    }
}

#[component]
pub fn Caixa() -> impl IntoView {
    view! {
        <AreaHeader title="Caixa"/>
        <p class="empty">"Contas a pagar e a receber, contas bancárias e fluxo de caixa."</p>
    }
}

#[component]
pub fn Cobrancas() -> impl IntoView {
    view! {
        <AreaHeader title="Cobranças"/>
        <p class="empty">"Cobranças por Pix e boleto, com lembretes."</p>
    }
}

#[component]
pub fn Estoque() -> impl IntoView {
    view! {
        <AreaHeader title="Estoque"/>
        <p class="empty">"Produtos, movimentos e reposição."</p>
    }
}

#[component]
pub fn Equipe() -> impl IntoView {
    view! {
        <AreaHeader title="Equipe"/>
        <p class="empty">"Pessoas, férias e folha de pagamento."</p>
    }
}

#[component]
pub fn Relatorios() -> impl IntoView {
    view! {
        <AreaHeader title="Relatórios"/>
        <p class="empty">"Indicadores e gráficos do negócio."</p>
    }
}

#[component]
pub fn Configuracoes() -> impl IntoView {
    view! {
        <AreaHeader title="Configurações"/>
        <p class="empty">"Dados da empresa, cobranças, folha, dispositivos e backup."</p>
    }
}

/// The phone's "Mais" page: the areas the bottom bar has no room for.
#[component]
pub fn Mais() -> impl IntoView {
    view! {
        <AreaHeader title="Mais"/>
        <ul class="more-list">
            {AREAS
                .iter()
                .filter(|area| !area.in_bottom_bar)
                .map(|area| {
                    view! {
                        <li>
                            <A href=area.href attr:class="more-link">
                                <span aria-hidden="true">{area.icon}</span>
                                " "
                                {area.label}
                            </A>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <AreaHeader title="Página não encontrada"/>
        <p><A href="/">"Voltar ao início"</A></p>
    }
}
