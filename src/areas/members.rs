//! Configurações → Membros da equipe (docs/SYNC.md, section 10): the devices the team's
//! document records, the person behind each and their role; for an owner's device,
//! starting to record members, single-use invites approved by a six-digit code, changing a
//! role, removing a device or a person; the blobs set aside (quarantined); what this device
//! is told when it was removed. Each action is one call into sync (`crate::sync`), which
//! calls one core operation.

use leptos::prelude::*;
use retaguarda_core::members::{Member, Role};
use retaguarda_core::Business;

use crate::fmt;
use crate::state::{use_app, AppCtx};
use crate::sync::{use_sync, LobbyWatch, NewInvite, SyncCtx};
use crate::ui::{fixed, show, Card, Field, Form, FormError, ItemList, SelectField, Submit, Topic};

/// The roles an owner can give, as the select lists them.
const ROLES: &[(&str, &str)] = &[("caixa", "Caixa"), ("gerente", "Gerente"), ("dono", "Dono")];

/// The role the screens follow on this device (core's `role_shown`): a cashier's when the
/// team records members but not this device as active, `None` when it records no members.
/// Tracked: a view that reads it follows a change to the members.
pub fn own_role(app: AppCtx) -> Option<Role> {
    app.query(&[Topic::Devices], |b| b.role_shown())
        .ok()
        .flatten()
}

/// Whether this device's role may see an area (Equipe, Relatórios, Conciliação,
/// Exportar and the payroll tables are not for a cashier: salaries, bank balances and
/// reports). A screen rule (docs/SYNC.md 10.5).
pub fn may_see(role: Option<Role>, href: &str) -> bool {
    role != Some(Role::Cashier) || !CASHIER_HIDDEN.iter().any(|h| href.starts_with(h))
}

/// Whether this device's role may see what the business has in the bank: a cashier keeps
/// the cash drawer, and sees cash accounts only (docs/SYNC.md 10.5).
pub fn sees_bank_balances(role: Option<Role>) -> bool {
    role != Some(Role::Cashier)
}

/// The areas a cashier's device does not show.
const CASHIER_HIDDEN: &[&str] = &["/equipe", "/relatorios", "/conciliacao", "/exportar"];

/// The page shown instead of an area this device's role does not see.
#[component]
pub fn RoleGate(href: &'static str, children: ChildrenFn) -> impl IntoView {
    let app = use_app();
    let allowed = move || may_see(own_role(app), href);
    view! {
        <Show when=allowed fallback=|| view! {
            <super::AreaHeader title="Área restrita"/>
            <p class="alert error" role="alert" data-testid="role-restricted">
                "Quem usa este aparelho é caixa na equipe: esta área não está disponível aqui. \
                 Peça a quem é dono ou gerente."
            </p>
        }>
            {children()}
        </Show>
    }
}

/// One line of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
struct MemberRow {
    id: String,
    person: String,
    device: String,
    role: Option<Role>,
    removed_on: Option<String>,
    this_device: bool,
}

/// What the card shows: the rows, the message for this device if it was removed, and
/// whether it was (then it may ask for a new invite).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Team {
    rows: Vec<MemberRow>,
    notice: Option<String>,
    removed: bool,
}

fn read_team(biz: &mut Business) -> Result<Team, retaguarda_core::CoreError> {
    let me = biz.device().actor_hex();
    let mut rows: Vec<MemberRow> = biz
        .members()?
        .into_iter()
        .map(|(id, m): (String, Member)| MemberRow {
            role: m.role(),
            removed_on: m
                .removed_ms
                .and_then(chrono::DateTime::from_timestamp_millis)
                .map(|at| fmt::date(at.date_naive())),
            this_device: id == me,
            id,
            person: m.person,
            device: m.name,
        })
        .collect();
    // Active members first, then by person.
    rows.sort_by(|a, b| {
        (a.removed_on.is_some(), &a.person, &a.device).cmp(&(
            b.removed_on.is_some(),
            &b.person,
            &b.device,
        ))
    });
    let standing = biz.standing(&me)?;
    let removed = matches!(standing, retaguarda_core::members::Standing::Removed { .. });
    Ok(Team {
        rows,
        notice: standing.message(),
        removed,
    })
}

fn role_badge(role: Option<Role>) -> impl IntoView {
    let (class, label) = match role {
        Some(Role::Owner) => ("badge role-owner", "Dono"),
        Some(Role::Manager) => ("badge role-manager", "Gerente"),
        Some(Role::Cashier) => ("badge role-cashier", "Caixa"),
        None => ("badge", "Papel desconhecido"),
    };
    view! { <span class=class data-testid="papel">{label}</span> }
}

fn member_row(row: MemberRow, manage: bool) -> impl IntoView {
    let status = match (&row.removed_on, row.this_device) {
        (Some(day), _) => format!("Removido em {day}"),
        (None, true) => "Este aparelho".to_string(),
        (None, false) => String::new(),
    };
    let actions = (manage && !row.this_device && row.removed_on.is_none()).then(|| {
        view! {
            <MemberActions id=row.id.clone() person=row.person.clone() device=row.device.clone()
                role=row.role/>
        }
    });
    view! {
        <li data-testid="membro">
            <strong>{row.person}</strong>
            " "
            {role_badge(row.role)}
            <br/>
            <small>{row.device}</small>
            {(!status.is_empty()).then(|| view! { <small>" · "{status}</small> })}
            {actions}
        </li>
    }
}

/// An owner's actions on another active device: change its role, remove it, remove the
/// person (each of their devices).
#[component]
fn MemberActions(id: String, person: String, device: String, role: Option<Role>) -> impl IntoView {
    let sync = use_sync();
    let app = use_app();
    let new_role = RwSignal::new(role.map(Role::as_str).unwrap_or("caixa").to_string());
    let target = StoredValue::new(id.clone());
    let change = Submit::new(
        move || {
            let role = Role::parse(&new_role.get_untracked());
            let device = target.get_value();
            async move {
                let role = role.ok_or_else(|| FormError::Missing("Escolha o papel.".into()))?;
                sync.set_role(device, role).await.map_err(team_error)
            }
        },
        |()| {},
    );
    let remove_device = Submit::new(
        move || {
            let device = target.get_value();
            async move { remove(sync, vec![device]).await }
        },
        |()| {},
    );
    let who = StoredValue::new(person.clone());
    let remove_person = Submit::new(
        move || {
            let person = who.get_value();
            let devices = devices_of(app, &person);
            async move { remove(sync, devices).await }
        },
        |()| {},
    );
    let ask_device = format!("Remover o aparelho \"{device}\" de {person}? Ele deixa de receber o que a equipe registra.");
    let ask_person = format!("Remover {person} da equipe, com todos os seus aparelhos?");
    view! {
        <div class="member-actions">
            <SelectField label="Papel" value=new_role options=fixed(ROLES) testid="member-role"/>
            <div class="row">
                <button type="button" class="secondary" data-testid="member-role-save"
                    disabled=move || change.busy().get() on:click=move |_| change.dispatch()>"Mudar papel"</button>
                <button type="button" class="danger" data-testid="member-remove"
                    disabled=move || remove_device.busy().get()
                    on:click=move |_| if confirm(&ask_device) { remove_device.dispatch() }>"Remover aparelho"</button>
                <button type="button" class="danger" data-testid="member-remove-person"
                    disabled=move || remove_person.busy().get()
                    on:click=move |_| if confirm(&ask_person) { remove_person.dispatch() }>"Remover pessoa"</button>
            </div>
            <crate::ui::FormErrorView submit=change/>
            <crate::ui::FormErrorView submit=remove_device/>
            <crate::ui::FormErrorView submit=remove_person/>
        </div>
    }
}

fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}

fn team_error(e: crate::sync::TeamError) -> FormError {
    FormError::Missing(e.to_string())
}

async fn remove(sync: SyncCtx, devices: Vec<String>) -> Result<(), FormError> {
    if devices.is_empty() {
        return Err(FormError::Missing(
            "Esta pessoa não tem aparelhos ativos.".into(),
        ));
    }
    sync.remove_devices(devices).await.map_err(team_error)
}

/// The active devices of `person`, other than this one.
fn devices_of(app: AppCtx, person: &str) -> Vec<String> {
    let me = app.device().map(|d| d.actor_hex()).unwrap_or_default();
    untrack(|| app.read(|b| b.members()))
        .and_then(Result::ok)
        .unwrap_or_default()
        .into_iter()
        .filter(|(id, m)| m.person == person && m.active() && *id != me)
        .map(|(id, _)| id)
        .collect()
}

/// Starts recording members: this device becomes the team's owner.
#[component]
fn FoundTeam() -> impl IntoView {
    let sync = use_sync();
    let person = RwSignal::new(String::new());
    let submit = Submit::new(
        move || {
            let name = person.get_untracked();
            async move { sync.found_team(&name).await.map_err(team_error) }
        },
        |()| {},
    );
    view! {
        <p>"Dê a cada pessoa um papel (dono, gerente, caixa) e convites de uso único, e possa remover um aparelho perdido. Os outros aparelhos da equipe precisarão ser convidados de novo."</p>
        <Form submit=submit label="Ativar papéis e convites" button_testid="members-found">
            <Field label="Seu nome" value=person maxlength=80 testid="members-person" required=true/>
        </Form>
    }
}

/// An owner's invite: for whom, with which role; then the link, its QR code and the
/// lobby where the invited device's request shows up.
#[component]
fn InviteForm() -> impl IntoView {
    let sync = use_sync();
    let person = RwSignal::new(String::new());
    let role = RwSignal::new("caixa".to_string());
    let made = RwSignal::new(None::<NewInvite>);
    let submit = Submit::new(
        move || {
            let name = person.get_untracked();
            let role = Role::parse(&role.get_untracked());
            async move {
                let role = role.ok_or_else(|| FormError::Missing("Escolha o papel.".into()))?;
                sync.create_invite(role, name).await.map_err(team_error)
            }
        },
        move |invite| {
            person.set(String::new());
            made.set(Some(invite));
        },
    );
    view! {
        <h3>"Convidar"</h3>
        <Form submit=submit label="Criar convite" button_testid="invite-create" class="inline">
            <Field label="Nome da pessoa" value=person maxlength=80 testid="invite-person" required=true/>
            <SelectField label="Papel" value=role options=fixed(ROLES) testid="invite-role"/>
        </Form>
        {move || made.get().map(|invite| {
            let svg = retaguarda_core::formats::pix::qr_svg(&invite.link).unwrap_or_default();
            let link = invite.link.clone();
            view! {
                <div class="invite" data-testid="member-invite">
                    <p>{format!("Convite para {}: vale uma vez, por 7 dias. Abra-o no aparelho da pessoa (ou leia o QR code).", invite.person)}</p>
                    <div class="qr" inner_html=svg aria-label="QR code do convite" role="img"></div>
                    <p class="invite-link" data-testid="member-invite-link">{link.clone()}</p>
                    <button type="button" class="secondary" on:click=move |_| crate::widgets::copy_text(&link)>"Copiar convite"</button>
                    <LobbyWatch invite=invite/>
                </div>
            }
        })}
    }
}

/// A removed device: its data stays here, unsynced, and the person can ask an owner for a
/// new invite (the message goes through the share sheet, or is copied).
#[component]
fn AskInvite() -> impl IntoView {
    let app = use_app();
    let status = RwSignal::new(None::<String>);
    let ask = Submit::new(
        move || {
            let device = app.device().map(|d| d.name).unwrap_or_default();
            async move {
                let text = format!(
                    "Olá! O aparelho \"{device}\" foi removido da equipe no Retaguarda. \
                     Pode me mandar um novo convite?"
                );
                crate::ui::share::share_or_copy("Pedido de novo convite", &text)
                    .await
                    .map_err(|e| FormError::Missing(e.to_string()))
            }
        },
        move |shared| {
            status.set(match shared {
                crate::ui::share::Shared::Copied => {
                    Some("Pedido copiado: cole numa conversa com quem cuida da equipe.".to_string())
                }
                crate::ui::share::Shared::Sent => Some("Pedido enviado.".to_string()),
                crate::ui::share::Shared::Cancelled => None,
            })
        },
    );
    view! {
        <div data-testid="ask-invite">
            <p>"Os dados que já estavam aqui continuam neste aparelho, mas não são mais sincronizados: o que for registrado nele não chega à equipe."</p>
            <p>"Para voltar, peça um novo convite e abra-o num navegador (ou aparelho) sem dados: um aparelho removido não volta com a mesma identidade."</p>
            <button type="button" data-testid="ask-invite-button" disabled=move || ask.busy().get()
                on:click=move |_| ask.dispatch()>"Pedir novo convite"</button>
            <crate::ui::FormErrorView submit=ask/>
            {move || status.get().map(|m| view! { <p class="alert ok" role="status" data-testid="ask-invite-status">{m}</p> })}
        </div>
    }
}

/// Blobs this device received and set aside: not applied, and why.
#[component]
fn Quarantine() -> impl IntoView {
    let sync = use_sync();
    let app = use_app();
    move || {
        let list = sync.quarantine.get();
        (!list.is_empty()).then(|| {
            let rows = list
                .into_iter()
                .map(|(device, reason)| {
                    let who = untrack(|| app.read(|b| b.person_of(&device)))
                        .flatten()
                        .unwrap_or_else(|| format!("aparelho {}", &device[..device.len().min(8)]));
                    view! { <li>{format!("De {who}: {reason}.")}</li> }
                })
                .collect_view();
            view! {
                <h3>"Recebidos e não aplicados"</h3>
                <p class="muted">"Estes pacotes chegaram pela sincronização, mas não foram aplicados: não vieram de um aparelho da equipe, a assinatura não confere ou o papel de quem enviou não permite."</p>
                <ul class="list" data-testid="quarantine">{rows}</ul>
            }
        })
    }
}

/// The team's members, with role badges, and an owner's tools.
#[component]
pub fn TeamMembers() -> impl IntoView {
    let app = use_app();
    let sync = use_sync();
    let team = Memo::new(move |_| app.query(&[Topic::Devices], read_team));
    let in_team = move || sync.team.get().is_some();
    let owner = Memo::new(move |_| own_role(app) == Some(Role::Owner));
    view! {
        <Card title="Membros da equipe" testid="membros">
            {move || {
                show(team.get(), move |team| {
                    let Team { rows, notice, removed } = team;
                    let unrecorded = rows.is_empty();
                    let manage = owner.get_untracked();
                    let rows = Signal::derive(move || rows.clone());
                    view! {
                        {notice.map(|m| view! { <p class="alert error" role="alert" data-testid="member-notice">{m}</p> })}
                        {removed.then(|| view! { <AskInvite/> })}
                        <ItemList
                            items=rows
                            row=move |row| member_row(row, manage)
                            empty="Esta equipe ainda não registra aparelhos com chaves próprias."
                            testid="lista-membros"
                        />
                        {(unrecorded && in_team()).then(|| view! { <FoundTeam/> })}
                    }
                })
            }}
            // Outside the list: admitting a device redraws the list, not the open invite.
            {move || owner.get().then(|| view! { <InviteForm/> })}
            <Quarantine/>
        </Card>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use retaguarda_core::sync::lobby::{self, LobbyMessage};
    use retaguarda_core::sync::{DeviceId, DeviceKeys};
    use retaguarda_core::{Device, OpCtx};

    fn ctx() -> OpCtx {
        OpCtx::new(
            chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date"),
            1_795_000_000_000,
        )
    }

    /// Ana's document with Bia (cashier, removed) and Caio (manager).
    fn team() -> Business {
        let ana = Device::with_actor([1; 16], "Celular da Ana");
        let keys = DeviceKeys::generate().expect("keys");
        let mut biz = Business::create(&ana, "Padaria", &ctx()).expect("create");
        biz.found_team(&ctx(), &keys.public(), "Ana")
            .expect("found");
        let mut admit = |actor: u8, name: &str, person: &str, role: Role| {
            let invite = biz
                .create_invite(&ctx(), role, person, ctx().now_ms + 1000)
                .expect("invite");
            let keys = DeviceKeys::generate().expect("keys");
            let payload = lobby::request_payload(&invite, DeviceId([actor; 16]), name, &keys)
                .expect("request");
            let LobbyMessage::Request(request) =
                lobby::read_message(&invite, &payload).expect("read")
            else {
                panic!("a request");
            };
            biz.approve_join(&ctx(), &invite, &request)
                .expect("approve");
            DeviceId([actor; 16]).to_hex()
        };
        let bia = admit(2, "Celular da Bia", "Bia", Role::Cashier);
        admit(3, "Celular do Caio", "Caio", Role::Manager);
        biz.remove_devices(&ctx(), &[bia], 0).expect("remove");
        biz
    }

    #[test]
    fn the_list_shows_active_members_first_with_their_roles() {
        let mut biz = team();
        let team = read_team(&mut biz).expect("read");
        let rows: Vec<(&str, Option<Role>, bool, bool)> = team
            .rows
            .iter()
            .map(|r| {
                (
                    r.person.as_str(),
                    r.role,
                    r.removed_on.is_some(),
                    r.this_device,
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                ("Ana", Some(Role::Owner), false, true),
                ("Caio", Some(Role::Manager), false, false),
                ("Bia", Some(Role::Cashier), true, false),
            ]
        );
        // 1_795_000_000_000 ms is 18/11/2026 (the removing device's clock).
        assert_eq!(team.rows[2].removed_on.as_deref(), Some("18/11/2026"));
        assert_eq!(team.notice, None);
        assert!(!team.removed);
    }

    #[test]
    fn a_removed_device_is_told_why() {
        let mut biz = team();
        let mut bia_copy = biz.fork(&Device::with_actor([2; 16], "Celular da Bia"));
        let team = read_team(&mut bia_copy).expect("read");
        let notice = team.notice.expect("told");
        assert!(notice.contains("removido da equipe por Ana"), "{notice}");
        assert!(team.removed, "offered a new invite");
        assert!(team
            .rows
            .iter()
            .all(|r| !r.this_device || r.removed_on.is_some()));
    }
}
