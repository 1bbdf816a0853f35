//! A backup of a device that holds the staff document keeps it (file format 2: both
//! documents), so the payroll that no longer lives in the business document is not lost
//! with a restore; a device without it writes the business document alone (format 1).

use crate::common;

use common::*;
use retaguarda_core::backup;
use retaguarda_core::formats::doc::TaxId;
use retaguarda_core::staff::{Contract, NewStaff, StaffAccess, StaffError, STAFF};
use retaguarda_core::CoreError;

#[test]
fn a_backup_keeps_the_staff_document_beside_the_business_one() {
    let mut owner = new_business();
    owner.move_staff_out(&ctx()).expect("move");
    let joana = owner
        .create_staff(
            &ctx(),
            NewStaff {
                name: "Joana".into(),
                cpf: TaxId::cpf_from_base("529982247").expect("cpf").formatted(),
                role: "Padeira".into(),
                hire_date: date("2024-02-01"),
                monthly_salary: dec("3100.00"),
                contract: Contract::Clt,
                dependants: 0,
            },
        )
        .expect("staff");

    let file = backup::write(&mut owner);
    assert_eq!(file[backup::MAGIC.len()], backup::FORMAT_WITH_STAFF);
    assert!(backup::staff_bytes(&file).expect("parts").is_some());
    let restored = backup::read(&file, &device("Notebook", 5)).expect("read");
    assert_eq!(
        restored.staff_access().expect("access"),
        StaffAccess::Separate
    );
    assert_eq!(
        restored
            .staff_member(&joana)
            .expect("read")
            .expect("joana")
            .monthly_salary,
        dec("3100.00")
    );
    assert_eq!(
        backup::inspect(&file).expect("inspect").counts.get(STAFF),
        Some(&1)
    );

    // A device without the staff document backs up the business document alone.
    let mut cashier = owner.fork(&device("Celular do caixa", 2));
    let file = backup::write(&mut cashier);
    assert_eq!(file[backup::MAGIC.len()], backup::FORMAT_VERSION);
    let restored = backup::read(&file, &device("Notebook", 5)).expect("read");
    assert_eq!(
        restored.staff_members().expect_err("no access"),
        CoreError::Staff(StaffError::NoAccess)
    );

    // A format-2 file cut inside the business document is refused with a reason.
    let mut cut = backup::MAGIC.to_vec();
    cut.push(backup::FORMAT_WITH_STAFF);
    cut.extend_from_slice(&1000u64.to_be_bytes());
    cut.extend_from_slice(&[0x85, 0x6f]);
    let err = backup::read(&cut, &device("Notebook", 5)).expect_err("cut");
    assert!(err.to_string().contains("incompleto"), "{err}");
}
