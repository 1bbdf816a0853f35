//! A device without the staff document (docs/SYNC.md, section 10.5) answers every staff
//! query with "sem acesso" and refuses every staff operation, leaving its document
//! unchanged; the staff document is saved and loaded on its own, and only a staff
//! document is taken as one.

use crate::common;

use common::*;
use retaguarda_core::formats::doc::TaxId;
use retaguarda_core::staff::{
    Contract, NewProLabore, NewStaff, NewVacation, StaffAccess, StaffError, VacationOptions,
};
use retaguarda_core::{Business, CoreError};

fn person(name: &str, salary: &str) -> NewStaff {
    NewStaff {
        name: name.into(),
        cpf: TaxId::cpf_from_base("529982247").expect("cpf").formatted(),
        role: "Padeiro".into(),
        hire_date: date("2024-02-01"),
        monthly_salary: dec(salary),
        contract: Contract::Clt,
        dependants: 0,
    }
}

fn no_access<T: std::fmt::Debug>(result: Result<T, CoreError>) {
    assert_eq!(
        result.expect_err("refused"),
        CoreError::Staff(StaffError::NoAccess)
    );
}

#[test]
fn without_the_staff_document_staff_reads_and_writes_are_refused() {
    let mut owner = new_business();
    let joana = owner
        .create_staff(&ctx(), person("Joana", "3100.00"))
        .expect("staff");
    assert_eq!(
        owner.staff_access().expect("access"),
        StaffAccess::InBusiness
    );
    assert_eq!(owner.move_staff_out(&ctx()).expect("move"), 1);

    // Another device that received the business document only.
    let mut other = owner.fork(&device("Celular do caixa", 2));
    assert_eq!(other.staff_access().expect("access"), StaffAccess::None);
    let heads = other.heads();

    no_access(other.staff_members());
    no_access(other.staff_member(&joana));
    no_access(other.payroll_runs());
    no_access(other.payroll_tables(2026));
    no_access(other.vacations_of(&joana));
    no_access(other.thirteenth_runs());
    no_access(other.pro_labores());
    no_access(other.recorded_fgts(&joana));
    no_access(other.create_staff(&ctx(), person("Rui", "2000.00")));
    no_access(other.update_staff(&ctx(), &joana, person("Joana", "9999.00")));
    no_access(other.create_payroll_run(&ctx(), 2026, 2));
    no_access(other.schedule_vacation(
        &ctx(),
        NewVacation {
            staff: joana.clone(),
            period: Some(1),
            start: date("2026-04-06"),
            days: 30,
        },
    ));
    no_access(other.schedule_paid_vacation(
        &ctx(),
        NewVacation {
            staff: joana.clone(),
            period: Some(1),
            start: date("2026-04-06"),
            days: 30,
        },
        VacationOptions::default(),
    ));
    no_access(other.pay_pro_labore(
        &ctx(),
        NewProLabore {
            staff: joana.clone(),
            year: 2026,
            month: 2,
            amount: dec("5000.00"),
            pay_day: date("2026-03-05"),
        },
    ));
    no_access(other.move_staff_out(&ctx()));
    assert_eq!(other.heads(), heads, "nothing was written");
    // The home summary shows nobody away instead of failing.
    other.summary(date("2026-03-10")).expect("summary");

    // The business document is not a staff document.
    let business_bytes = owner.save();
    assert_eq!(
        other
            .attach_staff_document(&business_bytes)
            .expect_err("not staff"),
        CoreError::Staff(StaffError::NotStaffDocument)
    );

    // Given the staff document's own bytes, the same device reads and writes it.
    let staff_bytes = owner.staff_document_mut().expect("staff doc").save();
    other.attach_staff_document(&staff_bytes).expect("attach");
    assert_eq!(other.staff_access().expect("access"), StaffAccess::Separate);
    assert_eq!(
        other
            .staff_member(&joana)
            .expect("read")
            .expect("joana")
            .monthly_salary,
        dec("3100.00")
    );
    other
        .update_staff(&ctx(), &joana, person("Joana", "3300.00"))
        .expect("update");
    // The change went to the staff document, not the business one.
    assert_eq!(other.heads(), heads);
    let incremental = other
        .staff_document_mut()
        .expect("staff doc")
        .save_incremental();
    owner
        .staff_document_mut()
        .expect("staff doc")
        .load_incremental(&incremental)
        .expect("apply");
    assert_eq!(
        owner
            .staff_member(&joana)
            .expect("read")
            .expect("joana")
            .monthly_salary,
        dec("3300.00")
    );

    // Início's summary follows the staff document too (its vacations show there).
    let summary = owner.summary(date("2026-03-10")).expect("summary");
    assert!(summary.reflects(&owner.summary_heads()));
    owner
        .update_staff(&ctx(), &joana, person("Joana", "3400.00"))
        .expect("update");
    assert!(
        !summary.reflects(&owner.summary_heads()),
        "a staff change renews it"
    );

    // A business loaded from its bytes alone is again without access.
    let reloaded = Business::load(&owner.save(), &device("Celular da Ana", 1)).expect("load");
    assert_eq!(reloaded.staff_access().expect("access"), StaffAccess::None);
}
