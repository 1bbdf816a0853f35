//! The app shell: router, navigation (bottom bar on phones, side bar on laptops) and the
//! banners every screen shares.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;
use retaguarda_core::members::Role;

use crate::areas;
use crate::areas::members::{may_see, own_role, RoleGate};
use crate::pwa::{InstallButton, IosInstallHint, OfflineBadge, UpdateBanner};
use crate::state::{provide_app_with_db, use_app, Phase};
use crate::storage::idb::DB_NAME;
use crate::sync::{
    clear_location_invite, invite_in_location, invite_link_in_location, provide_sync, use_sync,
    JoinStep, SyncIndicator,
};
use crate::ui::{FormError, FormErrorView, ReadError, Submit, Topic};

/// One entry of the navigation.
pub struct Area {
    pub href: &'static str,
    pub label: &'static str,
    pub icon: &'static str,
    /// Whether the phone's bottom bar shows it; the rest sit under "Mais".
    pub in_bottom_bar: bool,
}

/// The areas of the app, in navigation order.
pub const AREAS: &[Area] = &[
    Area {
        href: "/",
        label: "Início",
        icon: "⌂",
        in_bottom_bar: true,
    },
    Area {
        href: "/caixa",
        label: "Caixa",
        icon: "$",
        in_bottom_bar: true,
    },
    Area {
        href: "/cobrancas",
        label: "Cobranças",
        icon: "◎",
        in_bottom_bar: true,
    },
    Area {
        href: "/estoque",
        label: "Estoque",
        icon: "▤",
        in_bottom_bar: true,
    },
    Area {
        href: "/clientes",
        label: "Clientes",
        icon: "☷",
        in_bottom_bar: false,
    },
    Area {
        href: "/equipe",
        label: "Equipe",
        icon: "☺",
        in_bottom_bar: false,
    },
    Area {
        href: "/relatorios",
        label: "Relatórios",
        icon: "▥",
        in_bottom_bar: false,
    },
    Area {
        href: "/conciliacao",
        label: "Conciliação",
        icon: "⇄",
        in_bottom_bar: false,
    },
    Area {
        href: "/exportar",
        label: "Exportar",
        icon: "⇩",
        in_bottom_bar: false,
    },
    Area {
        href: "/historico",
        label: "Histórico",
        icon: "↺",
        in_bottom_bar: false,
    },
    Area {
        href: "/configuracoes",
        label: "Configurações",
        icon: "⚙",
        in_bottom_bar: false,
    },
];

/// The whole app, on the device's database.
#[component]
pub fn App() -> impl IntoView {
    view! { <AppOn db=DB_NAME/> }
}

/// The whole app on the IndexedDB database `db` (browser tests give each test its own).
#[component]
pub fn AppOn(db: &'static str) -> impl IntoView {
    let app = provide_app_with_db(db);
    provide_sync(app);
    let single_use = RwSignal::new(invite_link_in_location());
    // A memo: the business arriving (Empty → Ready) must not redraw the invite's dialog.
    let storage_open = Memo::new(move |_| matches!(app.phase.get(), Phase::Ready | Phase::Empty));
    let close_invite = Callback::new(move |()| {
        clear_location_invite();
        single_use.set(None);
    });
    // A memo: the document finishing its load (Opening → Ready) must not draw the shell
    // again, so Início stays as it was painted and only its numbers change.
    let screen = Memo::new(move |_| match app.phase.get() {
        Phase::Opening => Phase::Ready,
        phase => phase,
    });
    view! {
        <JoinPrompt/>
        {move || single_use.get().filter(|_| storage_open.get())
            .map(|link| view! { <JoinStep link=link on_done=close_invite/> })}
        {move || match screen.get() {
            Phase::Loading => view! {
                <div class="splash" role="status" data-testid="loading">"Carregando seus dados…"</div>
            }.into_any(),
            Phase::Failed(message) => view! {
                <div class="splash">
                    <div class="alert error" role="alert" data-testid="storage-error">
                        <h1>"Não foi possível abrir os dados"</h1>
                        <p>{message}</p>
                        <p>"Nada do que estava salvo neste aparelho foi apagado."</p>
                        <button type="button" data-testid="storage-retry" on:click=move |_| {
                            if let Some(w) = web_sys::window() {
                                let _ = w.location().reload();
                            }
                        }>"Tentar de novo"</button>
                    </div>
                </div>
            }.into_any(),
            Phase::Empty => view! { <areas::welcome::Welcome/> }.into_any(),
            Phase::Ready | Phase::Opening => view! { <Shell/> }.into_any(),
        }}
    }
}

/// Navigation and screens, once a business is loaded.
#[component]
fn Shell() -> impl IntoView {
    view! {
        <Router>
            <div class="shell">
                <SideNav/>
                <div class="content">
                    // A landmark (banner), so every part of the page is in one.
                    <header>
                        <div class="top-bar">
                            <span class="business-name" data-testid="business-name">{move || {
                                // A failed read is logged by the kit and said in the bar.
                                match use_app().query(&[Topic::Business], |b| b.profile()) {
                                    Ok(profile) => profile.name,
                                    Err(ReadError::NotReady) => String::new(),
                                    Err(_) => "Nome da empresa ilegível".to_string(),
                                }
                            }}</span>
                            <span class="top-actions">
                                <InstallButton/>
                                <OfflineBadge/>
                                <SyncIndicator/>
                            </span>
                        </div>
                        <UpdateBanner/>
                        <crate::ui::WriteErrorView/>
                    </header>
                    <main id="main" tabindex="-1">
                        <Screens>
                        <Routes fallback=|| view! { <areas::NotFound/> }>
                            <Route path=path!("/") view=areas::home::HomePage/>
                            <Route path=path!("/caixa") view=areas::ledger::LedgerPage/>
                            <Route path=path!("/cobrancas") view=areas::charges::ChargeList/>
                            <Route path=path!("/cobrancas/:id") view=areas::charges::ChargePage/>
                            <Route path=path!("/clientes") view=areas::parties::PartyList/>
                            <Route path=path!("/clientes/:id") view=areas::parties::PartyDetail/>
                            <Route path=path!("/estoque") view=areas::inventory::InventoryPage/>
                            <Route path=path!("/estoque/produtos/:id") view=areas::inventory::ProductPage/>
                            <Route path=path!("/estoque/venda") view=areas::inventory::SalePage/>
                            <Route path=path!("/estoque/compra") view=areas::inventory::PurchasePage/>
                            <Route path=path!("/equipe") view=|| view! { <RoleGate href="/equipe"><areas::staff::StaffPage/></RoleGate> }/>
                            <Route path=path!("/equipe/pessoas/:id") view=|| view! { <RoleGate href="/equipe"><areas::staff::PersonPage/></RoleGate> }/>
                            <Route path=path!("/equipe/folha/:id") view=|| view! { <RoleGate href="/equipe"><areas::staff::PayslipPage/></RoleGate> }/>
                            <Route path=path!("/relatorios") view=|| view! { <RoleGate href="/relatorios"><areas::reports::ReportsPage/></RoleGate> }/>
                            <Route path=path!("/conciliacao") view=|| view! { <RoleGate href="/conciliacao"><areas::reconcile::ReconcilePage/></RoleGate> }/>
                            <Route path=path!("/exportar") view=|| view! { <RoleGate href="/exportar"><areas::reconcile::ExportPage/></RoleGate> }/>
                            <Route path=path!("/historico") view=areas::audit::AuditPage/>
                            <Route path=path!("/configuracoes") view=areas::settings::SettingsPage/>
                            <Route path=path!("/mais") view=MorePage/>
                        </Routes>
                        </Screens>
                    </main>
                </div>
                <BottomNav/>
            </div>
        </Router>
    }
}

/// The screens once the document is loaded. While it loads ([`Phase::Opening`]) Início is
/// drawn from its stored summary and any other screen says the data are loading, instead of
/// showing an error or an empty list.
#[component]
fn Screens(children: ChildrenFn) -> impl IntoView {
    let app = use_app();
    let location = leptos_router::hooks::use_location();
    let shown = move || app.phase.get() != Phase::Opening || location.pathname.get() == "/";
    view! {
        <Show when=shown fallback=|| view! {
            <p class="card muted" role="status" data-testid="loading">"Carregando os dados…"</p>
        }>
            {children()}
        </Show>
    }
}

/// This device's role as the navigation sees it: until the document is loaded the role is
/// not known, and the areas a cashier does not see are left out (never shown, then hidden).
fn nav_role(app: crate::state::AppCtx) -> Option<Role> {
    if app.phase.get() == Phase::Opening {
        Some(Role::Cashier)
    } else {
        own_role(app)
    }
}

#[component]
fn SideNav() -> impl IntoView {
    view! {
        <nav class="side-nav" aria-label="Navegação principal">
            <div class="brand">"Retaguarda"</div>
            <ul>
                {move || {
                    let role = nav_role(use_app());
                    AREAS
                        .iter()
                        .filter(|area| may_see(role, area.href))
                        .map(|area| view! { <li><NavLink area=area/></li> })
                        .collect_view()
                }}
            </ul>
        </nav>
    }
}

#[component]
fn BottomNav() -> impl IntoView {
    view! {
        <nav class="bottom-nav" aria-label="Navegação">
            {AREAS
                .iter()
                .filter(|area| area.in_bottom_bar)
                .map(|area| view! { <NavLink area=area/> })
                .collect_view()}
            <A href="/mais" attr:class="nav-link" attr:data-testid="nav-mais">
                <span class="nav-icon" aria-hidden="true">"…"</span>
                <span class="nav-label">"Mais"</span>
            </A>
        </nav>
    }
}

#[component]
fn NavLink(area: &'static Area) -> impl IntoView {
    let testid = format!("nav-{}", area.href.trim_start_matches('/'));
    let testid = if area.href == "/" {
        "nav-inicio".to_string()
    } else {
        testid
    };
    view! {
        <A href=area.href attr:class="nav-link" attr:data-testid=testid exact=true>
            <span class="nav-icon" aria-hidden="true">{area.icon}</span>
            <span class="nav-label">{area.label}</span>
        </A>
    }
}

/// The phone's "Mais" page: the areas the bottom bar has no room for.
#[component]
fn MorePage() -> impl IntoView {
    view! {
        <areas::AreaHeader title="Mais"/>
        <ul class="more-list">
            {move || {
                let role = nav_role(use_app());
                AREAS
                    .iter()
                    .filter(move |area| !area.in_bottom_bar && may_see(role, area.href))
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
                    .collect_view()
            }}
        </ul>
        <div style="margin-top: 0.75rem;">
            <IosInstallHint/>
        </div>
    }
}

/// Asks before joining the team of an invite link the app was opened with, once storage
/// is open: joining writes to it, and a click while it was still loading was refused.
#[component]
fn JoinPrompt() -> impl IntoView {
    let sync = use_sync();
    let app = use_app();
    let storage_open = move || matches!(app.phase.get(), Phase::Ready | Phase::Empty);
    let invite = RwSignal::new(invite_in_location());
    let accept = Submit::new(
        move || {
            let link = invite.get_untracked();
            async move {
                let Some(link) = link else {
                    return Ok(());
                };
                sync.join(&link).await?;
                Ok::<_, FormError>(())
            }
        },
        move |()| {
            clear_location_invite();
            invite.set(None);
        },
    );
    let joining = accept.busy();
    let decline = move |_| {
        clear_location_invite();
        invite.set(None);
    };
    view! {
        <Show when=move || invite.get().is_some() && storage_open()>
            <div class="join-prompt card" role="dialog" aria-labelledby="join-h" data-testid="join-prompt">
                <h2 id="join-h">"Entrar na equipe?"</h2>
                <p>"Este aparelho vai sincronizar com a equipe do convite. Os dados que já estão aqui serão juntados aos da equipe."</p>
                <div class="row">
                    <button type="button" disabled=move || joining.get() on:click=move |_| accept.dispatch()>"Entrar na equipe"</button>
                    <button type="button" class="secondary" on:click=decline>"Agora não"</button>
                </div>
                <FormErrorView submit=accept/>
            </div>
        </Show>
    }
}
