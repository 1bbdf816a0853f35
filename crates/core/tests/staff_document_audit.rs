//! The staff document keeps its own history (docs/SYNC.md, section 10.5): its audit log
//! names the person behind each change, from the team's members in the business document,
//! and a device without the staff document has no access to it either.

use crate::team_support;

use retaguarda_core::formats::doc::TaxId;
use retaguarda_core::members::Role;
use retaguarda_core::staff::{Contract, NewStaff, StaffError};
use retaguarda_core::CoreError;
use rust_decimal::Decimal;
use team_support::{ctx, Member, Relay};

#[test]
fn the_staff_audit_log_names_people() {
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
    ana.record(|biz| {
        biz.move_staff_out(&ctx()).expect("move");
        biz.create_staff(
            &ctx(),
            NewStaff {
                name: "Joana Prado".into(),
                cpf: TaxId::cpf_from_base("529982247").expect("cpf").formatted(),
                role: "Padeira".into(),
                hire_date: chrono::NaiveDate::from_ymd_opt(2025, 2, 3).expect("date"),
                monthly_salary: Decimal::new(345_678, 2),
                contract: Contract::Clt,
                dependants: 0,
            },
        )
        .expect("staff");
    });
    let log = ana.biz().staff_audit_log().expect("log");
    let hired = log
        .iter()
        .find(|e| e.op == "staff.create")
        .expect("the hiring is in the staff document's log");
    assert_eq!(hired.person.as_deref(), Some("Ana"));
    assert_eq!(hired.label, "Pessoa da equipe cadastrada");
    // The business document's own log has the move, not the hiring.
    let business_log = ana.biz().audit_log().expect("log");
    assert!(business_log.iter().any(|e| e.op == "staff.migrate"));
    assert!(!business_log.iter().any(|e| e.op == "staff.create"));

    relay.sync(&mut ana);
    relay.sync(&mut bia);
    assert_eq!(
        bia.biz().staff_audit_log().expect_err("no access"),
        CoreError::Staff(StaffError::NoAccess)
    );
}
