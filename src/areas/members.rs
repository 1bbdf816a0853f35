//! Configurações → Membros da equipe: the devices the team's document records, the person
//! behind each and their role (docs/SYNC.md, section 10), and what this device is told when
//! it was removed. Read only for now: inviting by code and removing run in core
//! (`Business::create_invite`, `approve_join`, `remove_devices`) and wait for the sync
//! layer to carry device keys and the lobby.

use leptos::prelude::*;
use retaguarda_core::members::{Member, Role};
use retaguarda_core::Business;

use crate::fmt;
use crate::state::use_app;
use crate::ui::{show, Card, ItemList, Topic};

/// One line of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
struct MemberRow {
    person: String,
    device: String,
    role: Option<Role>,
    removed_on: Option<String>,
    this_device: bool,
}

/// What the card shows: the rows, and the message for this device if it was removed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Team {
    rows: Vec<MemberRow>,
    notice: Option<String>,
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
    let notice = biz.standing(&me)?.message();
    Ok(Team { rows, notice })
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

fn member_row(row: MemberRow) -> impl IntoView {
    let status = match (&row.removed_on, row.this_device) {
        (Some(day), _) => format!("Removido em {day}"),
        (None, true) => "Este aparelho".to_string(),
        (None, false) => String::new(),
    };
    view! {
        <li data-testid="membro">
            <strong>{row.person}</strong>
            " "
            {role_badge(row.role)}
            <br/>
            <small>{row.device}</small>
            {(!status.is_empty()).then(|| view! { <small>" · "{status}</small> })}
        </li>
    }
}

/// The team's members, with role badges.
#[component]
pub fn TeamMembers() -> impl IntoView {
    let app = use_app();
    let team = Memo::new(move |_| app.query(&[Topic::Devices], read_team));
    view! {
        <Card title="Membros da equipe" testid="membros">
            {move || {
                show(team.get(), |team| {
                    let Team { rows, notice } = team;
                    let rows = Signal::derive(move || rows.clone());
                    view! {
                        {notice.map(|m| view! { <p class="alert error" role="alert">{m}</p> })}
                        <ItemList
                            items=rows
                            row=member_row
                            empty="Esta equipe ainda não registra aparelhos com chaves próprias."
                            testid="lista-membros"
                        />
                    }
                })
            }}
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
    }

    #[test]
    fn a_removed_device_is_told_why() {
        let mut biz = team();
        let mut bia_copy = biz.fork(&Device::with_actor([2; 16], "Celular da Bia"));
        let team = read_team(&mut bia_copy).expect("read");
        let notice = team.notice.expect("told");
        assert!(notice.contains("removido da equipe por Ana"), "{notice}");
        assert!(team
            .rows
            .iter()
            .all(|r| !r.this_device || r.removed_on.is_some()));
    }
}
