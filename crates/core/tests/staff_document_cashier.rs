//! A cashier's documents never hold payroll records (docs/SYNC.md, section 10.5): with the
//! staff records in their own document, whose key is sealed only to the owner's and the
//! manager's devices, the cashier's phone syncs the business document (and the payroll's
//! unnamed payables in it) and holds no salary, CPF, name or per-person amount, not even
//! in the document's history; the manager receives the staff document through its own room.

use crate::team_support;

use retaguarda_core::automerge::AutoCommit;
use retaguarda_core::formats::doc::TaxId;
use retaguarda_core::ledger::{categories, Entry, ENTRIES};
use retaguarda_core::members::Role;
use retaguarda_core::staff::{Contract, NewStaff, StaffAccess, StaffError};
use retaguarda_core::sync::{ClientState, DeviceId, SyncClient, SyncEvent};
use retaguarda_core::{Business, CoreError};
use rust_decimal::Decimal;
use std::str::FromStr;
use team_support::{ctx, Member, Relay};

fn person(name: &str, cpf_base: &str, salary: &str) -> NewStaff {
    NewStaff {
        name: name.into(),
        cpf: TaxId::cpf_from_base(cpf_base).expect("cpf").formatted(),
        role: "Atendente".into(),
        hire_date: chrono::NaiveDate::from_ymd_opt(2025, 2, 3).expect("date"),
        monthly_salary: Decimal::from_str(salary).expect("salary"),
        contract: Contract::Clt,
        dependants: 0,
    }
}

/// Every byte a document holds, history included, uncompressed (Automerge deflates
/// large columns when saving, which could hide a string from a plain search).
fn all_bytes(biz: &mut Business) -> Vec<u8> {
    let mut doc = AutoCommit::load(&biz.save()).expect("load");
    doc.save_nocompress()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// The staff document's sync client of a device that holds the staff secret.
fn staff_client(member: &mut Member) -> SyncClient {
    let secret = member
        .biz
        .as_ref()
        .expect("document")
        .staff_secret(&member.keys)
        .expect("share")
        .expect("a reader's device holds the staff secret");
    let mut client = SyncClient::new(
        &secret.room_secret(),
        DeviceId(member.device.actor),
        ClientState::default(),
    )
    .with_signer(member.keys.clone());
    client.set_roster(member.biz().roster().expect("roster"));
    client
}

#[test]
fn the_cashiers_documents_never_hold_payroll_records() {
    let mut relay = Relay::new();
    let mut ana = Member::found("Celular da Ana", "Ana", 1);
    relay.sync(&mut ana);
    let mut bia = Member::invited(
        &mut relay,
        &mut ana,
        "Celular da Bia",
        "Bia",
        Role::Cashier,
        2,
    );
    let mut caio = Member::invited(
        &mut relay,
        &mut ana,
        "Celular do Caio",
        "Caio",
        Role::Manager,
        3,
    );

    // Ana's device moves the (still empty) staff records into their own document and
    // seals its key to the devices that may read it.
    let keys = ana.keys.clone();
    ana.record(|biz| {
        biz.move_staff_out(&ctx()).expect("staff document");
        biz.share_staff_key(&ctx(), &keys).expect("staff key");
    });
    assert_eq!(
        ana.biz().staff_access().expect("access"),
        StaffAccess::Separate
    );

    // Two employees and November's payroll, closed into the ledger.
    ana.record(|biz| {
        biz.create_staff(&ctx(), person("Joana Prado", "529982247", "3456.78"))
            .expect("joana");
        biz.create_staff(&ctx(), person("Rui Campos", "111444777", "2890.15"))
            .expect("rui");
        let run = biz.create_payroll_run(&ctx(), 2026, 11).expect("run");
        biz.close_payroll_run(&ctx(), &run, None).expect("close");
    });
    let run = ana
        .biz()
        .payroll_run("2026-11")
        .expect("read")
        .expect("run");
    let nets: Vec<String> = run.payslips.values().map(|p| p.net.to_string()).collect();
    let total_net: Decimal = run.payslips.values().map(|p| p.net).sum();
    assert_eq!(nets.len(), 2);
    let cpfs: Vec<String> = run.payslips.values().map(|p| p.cpf.clone()).collect();

    // The staff document goes to its own room, as a snapshot.
    let mut ana_staff = staff_client(&mut ana);
    let snapshot = ana.biz().staff_document_mut().expect("staff doc").save();
    ana_staff.add_snapshot(&snapshot).expect("snapshot");
    relay.pump_client(&mut ana_staff);
    relay.sync(&mut ana);
    relay.sync(&mut bia);
    relay.sync(&mut caio);

    // The cashier's ledger shows the month's net pay as one unnamed payable.
    let entries = bia.biz().list::<Entry>(ENTRIES).expect("entries");
    let salaries: Vec<&Entry> = entries
        .iter()
        .map(|(_, e)| e)
        .filter(|e| e.category.as_deref() == Some(categories::SALARIES))
        .collect();
    assert_eq!(salaries.len(), 1, "one payable for the month's net pay");
    assert_eq!(salaries[0].amount, total_net);
    assert_eq!(salaries[0].description, "Folha 11/2026 — salários líquidos");

    // Her phone holds no key to the staff room and none of its records, in any byte.
    assert_eq!(bia.staff_secret(), None);
    assert_eq!(bia.biz().staff_access().expect("access"), StaffAccess::None);
    let bytes = all_bytes(bia.biz());
    for secret in [
        "Joana Prado",
        "Rui Campos",
        "3456.78",
        "2890.15",
        "Atendente",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain(cpfs.iter().cloned())
    .chain(nets.iter().cloned())
    {
        assert!(
            !contains(&bytes, &secret),
            "the cashier's document holds {secret}"
        );
    }
    // The search itself works: the owner's staff document does hold them.
    let staff_bytes = {
        let mut doc = AutoCommit::load(&snapshot).expect("load");
        doc.save_nocompress()
    };
    assert!(contains(&staff_bytes, "3456.78"));
    assert!(contains(&staff_bytes, &cpfs[0]));

    // Staff queries on the cashier's phone answer "sem acesso".
    let refused = bia.biz().staff_members().expect_err("no access");
    assert_eq!(refused, CoreError::Staff(StaffError::NoAccess));
    assert!(refused.to_string().starts_with("Sem acesso"));

    // The manager's phone opens its share, reads the staff room and sees both people.
    let mut caio_staff = staff_client(&mut caio);
    let mut attached = false;
    for event in relay.pump_client(&mut caio_staff) {
        if let SyncEvent::Apply { payload, .. } = event {
            if attached {
                caio.biz()
                    .staff_document_mut()
                    .expect("staff doc")
                    .load_incremental(&payload)
                    .expect("apply");
            } else {
                caio.biz().attach_staff_document(&payload).expect("attach");
                attached = true;
            }
        }
    }
    assert!(attached, "the manager received the staff document");
    let mut people: Vec<String> = caio
        .biz()
        .staff_members()
        .expect("staff")
        .into_iter()
        .map(|(_, m)| m.name)
        .collect();
    people.sort();
    assert_eq!(people, ["Joana Prado", "Rui Campos"]);
    // Its room is not the team's.
    let team_room = ana.secret.derive().room;
    let staff_room = ana
        .biz()
        .staff_secret(&keys)
        .expect("share")
        .expect("secret")
        .room_secret()
        .derive()
        .room;
    assert_ne!(team_room, staff_room);
}
