//! A team that moved its staff records out of the business document still holds them in
//! that document's history; closing a period starts a business document without that
//! history, so from then on no byte of it names a salary, while the staff document goes
//! on beside the new period's document (docs/SYNC.md, section 10.5).

use crate::common;

use common::*;
use retaguarda_core::automerge::AutoCommit;
use retaguarda_core::formats::doc::TaxId;
use retaguarda_core::staff::{Contract, NewStaff, StaffAccess};
use retaguarda_core::Business;

fn all_bytes(biz: &mut Business) -> Vec<u8> {
    let mut doc = AutoCommit::load(&biz.save()).expect("load");
    doc.save_nocompress()
}

fn holds(biz: &mut Business, needle: &str) -> bool {
    all_bytes(biz)
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn a_period_close_leaves_the_moved_staff_records_behind() {
    let mut ana = new_business();
    let joana = ana
        .create_staff(
            &ctx(),
            NewStaff {
                name: "Joana Prado".into(),
                cpf: TaxId::cpf_from_base("529982247").expect("cpf").formatted(),
                role: "Padeira".into(),
                hire_date: date("2024-02-01"),
                monthly_salary: dec("3456.78"),
                contract: Contract::Clt,
                dependants: 0,
            },
        )
        .expect("staff");
    ana.move_staff_out(&ctx()).expect("move");
    // The move deletes the records, but the history still holds them.
    assert!(holds(&mut ana, "3456.78"));
    assert!(holds(&mut ana, "Joana Prado"));

    let mut bia = ana.fork(&device("Celular da Bia", 2));
    let (mark, ready) = ana.mark_epoch(date("2026-03-01"), &ctx()).expect("mark");
    bia.merge(&mut ana).expect("merge");
    let (mut ana_live, _) = ana
        .follow_epoch(&mark, Some(ready), &device("Celular da Ana", 1), &ctx())
        .expect("follow");
    let (mut bia_live, _) = bia
        .follow_epoch(&mark, None, &device("Celular da Bia", 2), &ctx())
        .expect("follow");

    // The new period's business document holds none of it, on either device.
    for live in [&mut ana_live, &mut bia_live] {
        assert!(!holds(live, "3456.78"));
        assert!(!holds(live, "Joana Prado"));
        assert!(!holds(live, "52998224725"));
    }
    // Ana's staff document came along; Bia, without one, still has no access.
    assert_eq!(
        ana_live.staff_access().expect("access"),
        StaffAccess::Separate
    );
    assert_eq!(
        ana_live
            .staff_member(&joana)
            .expect("read")
            .expect("joana")
            .monthly_salary,
        dec("3456.78")
    );
    assert_eq!(bia_live.staff_access().expect("access"), StaffAccess::None);
}
