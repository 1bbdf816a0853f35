//! Staff records: create, edit and terminate, with every rejection leaving
//! the document unchanged.

use crate::common;

use common::*;
use retaguarda_core::formats::doc::TaxId;
use retaguarda_core::staff::{Contract, NewStaff, StaffError};
use retaguarda_core::{Business, CoreError};

fn cpf(base: &str) -> TaxId {
    TaxId::cpf_from_base(base).expect("valid CPF base")
}

fn ana() -> NewStaff {
    NewStaff {
        name: "Ana Souza".into(),
        cpf: cpf("529982247").formatted(),
        role: "Padeira".into(),
        hire_date: date("2024-03-10"),
        monthly_salary: dec("3000.00"),
        contract: Contract::Clt,
        dependants: 1,
    }
}

#[test]
fn create_staff_stores_the_canonical_cpf() {
    let mut biz = new_business();
    let heads = biz.heads();
    let mut input = ana();
    input.name = "  Ana Souza ".into();
    input.role = " Padeira ".into();
    let id = biz.create_staff(&ctx(), input).expect("create");
    assert_eq!(biz.changes_since(&heads).len(), 1);
    let m = biz.staff_member(&id).expect("read").expect("exists");
    assert_eq!(m.name, "Ana Souza");
    assert_eq!(m.role, "Padeira");
    assert_eq!(m.cpf, cpf("529982247").digits());
    assert_eq!(m.monthly_salary, dec("3000.00"));
    assert_eq!(m.contract, Contract::Clt);
    assert_eq!(m.dependants, 1);
    assert_eq!(m.terminated_on, None);
    assert!(m.active_on(date("2024-03-10")));
    assert!(!m.active_on(date("2024-03-09")));
    assert_eq!(biz.staff_members().expect("list").len(), 1);
    let loaded = Business::load(&biz.save(), &device("Outro", 9)).expect("load");
    assert_eq!(loaded.staff_member(&id).expect("read"), Some(m));
}

fn reject(biz: &mut Business, input: NewStaff) -> CoreError {
    assert_rejected_unchanged(biz, |b| b.create_staff(&ctx(), input))
}

#[test]
fn rejects_blank_name() {
    let mut biz = new_business();
    let input = NewStaff {
        name: " ".into(),
        ..ana()
    };
    assert_eq!(
        reject(&mut biz, input),
        CoreError::Staff(StaffError::NameRequired)
    );
}

#[test]
fn rejects_invalid_cpf() {
    let mut biz = new_business();
    let input = NewStaff {
        cpf: "529.982.247-26".into(),
        ..ana()
    };
    let err = reject(&mut biz, input);
    assert!(
        matches!(err, CoreError::Staff(StaffError::InvalidCpf(_))),
        "{err:?}"
    );
    assert!(err.to_string().starts_with("CPF inválido"), "{err}");
}

#[test]
fn rejects_a_cnpj() {
    let mut biz = new_business();
    let cnpj = TaxId::cnpj_from_base("112223330001")
        .expect("cnpj")
        .formatted();
    let input = NewStaff { cpf: cnpj, ..ana() };
    assert_eq!(
        reject(&mut biz, input),
        CoreError::Staff(StaffError::CpfRequired)
    );
}

#[test]
fn rejects_duplicate_cpf_of_an_active_person() {
    let mut biz = new_business();
    let first = biz.create_staff(&ctx(), ana()).expect("first");
    let input = NewStaff {
        name: "Outra Ana".into(),
        cpf: cpf("529982247").digits().to_string(),
        ..ana()
    };
    assert_eq!(
        reject(&mut biz, input.clone()),
        CoreError::Staff(StaffError::DuplicateCpf(cpf("529982247").formatted()))
    );
    // Once the first record is terminated the person can be hired again.
    biz.terminate_staff(&ctx(), &first, date("2025-12-31"))
        .expect("terminate");
    biz.create_staff(&ctx(), input).expect("rehire");
}

#[test]
fn rejects_bad_salary_and_dependants() {
    let mut biz = new_business();
    let input = NewStaff {
        monthly_salary: dec("0"),
        ..ana()
    };
    assert_eq!(
        reject(&mut biz, input),
        CoreError::Staff(StaffError::SalaryNotPositive)
    );
    let input = NewStaff {
        monthly_salary: dec("3000.001"),
        ..ana()
    };
    assert!(matches!(
        reject(&mut biz, input),
        CoreError::Invalid {
            field: "Salário",
            ..
        }
    ));
    let input = NewStaff {
        dependants: 51,
        ..ana()
    };
    assert!(matches!(
        reject(&mut biz, input),
        CoreError::Invalid {
            field: "Dependentes",
            ..
        }
    ));
}

#[test]
fn update_staff_keeps_termination_and_checks_input() {
    let mut biz = new_business();
    let id = biz.create_staff(&ctx(), ana()).expect("create");
    let mut raise = ana();
    raise.monthly_salary = dec("3300.00");
    raise.dependants = 2;
    biz.update_staff(&ctx(), &id, raise).expect("update");
    let m = biz.staff_member(&id).expect("read").expect("exists");
    assert_eq!(m.monthly_salary, dec("3300.00"));
    assert_eq!(m.dependants, 2);
    // Keeping one's own CPF is not a duplicate.
    biz.update_staff(&ctx(), &id, ana()).expect("same CPF");

    let err = assert_rejected_unchanged(&mut biz, |b| b.update_staff(&ctx(), "x", ana()));
    assert_eq!(err, CoreError::Staff(StaffError::StaffNotFound));
    let bad = NewStaff {
        monthly_salary: dec("-1"),
        ..ana()
    };
    let err = assert_rejected_unchanged(&mut biz, |b| b.update_staff(&ctx(), &id, bad));
    assert_eq!(err, CoreError::Staff(StaffError::SalaryNotPositive));
}

#[test]
fn terminate_staff_and_its_rejections() {
    let mut biz = new_business();
    let id = biz.create_staff(&ctx(), ana()).expect("create");
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.terminate_staff(&ctx(), &id, date("2024-03-09"))
    });
    assert_eq!(err, CoreError::Staff(StaffError::TerminationBeforeHire));
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.terminate_staff(&ctx(), "x", date("2026-01-31"))
    });
    assert_eq!(err, CoreError::Staff(StaffError::StaffNotFound));
    biz.terminate_staff(&ctx(), &id, date("2026-01-31"))
        .expect("terminate");
    let m = biz.staff_member(&id).expect("read").expect("exists");
    assert_eq!(m.terminated_on, Some(date("2026-01-31")));
    assert!(m.active_on(date("2026-01-31")));
    assert!(!m.active_on(date("2026-02-01")));
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.terminate_staff(&ctx(), &id, date("2026-02-28"))
    });
    assert_eq!(err, CoreError::Staff(StaffError::AlreadyTerminated));
}

#[test]
fn other_contracts_are_recorded() {
    let mut biz = new_business();
    let id = biz
        .create_staff(
            &ctx(),
            NewStaff {
                name: "Beto (sócio)".into(),
                cpf: cpf("111444777").formatted(),
                contract: Contract::Other,
                ..ana()
            },
        )
        .expect("create");
    let m = biz.staff_member(&id).expect("read").expect("exists");
    assert_eq!(m.contract, Contract::Other);
}
