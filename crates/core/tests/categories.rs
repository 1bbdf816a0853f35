//! Categories: the default two-level plan, creating and archiving, and every rejection.

use crate::common;
use common::*;
use retaguarda_core::ledger::categories::{self, NewCategory, DEFAULT_PLAN};
use retaguarda_core::ledger::CategoryKind;
use retaguarda_core::CoreError;

#[test]
fn default_plan_has_two_levels_and_both_kinds() {
    let biz = new_business();
    let cats = biz.categories().unwrap();
    assert_eq!(cats.len(), DEFAULT_PLAN.len());
    for (id, cat) in &cats {
        if let Some(parent) = &cat.parent {
            let (_, p) = cats
                .iter()
                .find(|(pid, _)| pid == parent)
                .expect("parent exists");
            assert!(p.parent.is_none(), "{id} is on a third level");
            assert_eq!(p.kind, cat.kind, "{id} differs from its group");
        }
    }
    let salaries = cats
        .iter()
        .find(|(id, _)| id == categories::SALARIES)
        .unwrap();
    assert_eq!(salaries.1.name, "Salários");
    assert_eq!(salaries.1.kind, CategoryKind::Expense);
    let sales = cats
        .iter()
        .find(|(id, _)| id == categories::SALES_OF_GOODS)
        .unwrap();
    assert_eq!(sales.1.kind, CategoryKind::Income);
}

#[test]
fn creates_group_and_subcategory() {
    let mut biz = new_business();
    let g = biz
        .create_category(
            &ctx(),
            NewCategory {
                name: "Eventos".into(),
                kind: CategoryKind::Income,
                parent: None,
            },
        )
        .unwrap();
    let s = biz
        .create_category(
            &ctx(),
            NewCategory {
                name: "Festas".into(),
                kind: CategoryKind::Income,
                parent: Some(g.clone()),
            },
        )
        .unwrap();
    let cats = biz.categories().unwrap();
    let sub = cats.iter().find(|(id, _)| *id == s).unwrap();
    assert_eq!(sub.1.parent.as_deref(), Some(g.as_str()));
}

#[test]
fn rejects_third_level() {
    let mut biz = new_business();
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.create_category(
            &ctx(),
            NewCategory {
                name: "Sub".into(),
                kind: CategoryKind::Expense,
                parent: Some(categories::RENT.into()),
            },
        )
    });
    assert!(matches!(
        err,
        CoreError::Invalid {
            field: "Categoria principal",
            ..
        }
    ));
}

#[test]
fn rejects_kind_different_from_group() {
    let mut biz = new_business();
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.create_category(
            &ctx(),
            NewCategory {
                name: "X".into(),
                kind: CategoryKind::Income,
                parent: Some("cat.despesas.pessoal".into()),
            },
        )
    });
    assert!(matches!(
        err,
        CoreError::Invalid {
            field: "Categoria principal",
            ..
        }
    ));
}

#[test]
fn rejects_blank_duplicate_and_unknown_parent() {
    let mut biz = new_business();
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.create_category(
            &ctx(),
            NewCategory {
                name: " ".into(),
                kind: CategoryKind::Income,
                parent: None,
            },
        )
    });
    assert!(matches!(
        err,
        CoreError::Invalid {
            field: "Nome da categoria",
            ..
        }
    ));
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.create_category(
            &ctx(),
            NewCategory {
                name: "aluguel".into(),
                kind: CategoryKind::Expense,
                parent: Some("cat.despesas.ocupacao".into()),
            },
        )
    });
    assert!(matches!(err, CoreError::Duplicate(_)));
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.create_category(
            &ctx(),
            NewCategory {
                name: "X".into(),
                kind: CategoryKind::Income,
                parent: Some("nope".into()),
            },
        )
    });
    assert!(matches!(err, CoreError::NotFound { .. }));
}

#[test]
fn archives_and_rejects_archived_parent_and_second_archive() {
    let mut biz = new_business();
    biz.archive_category(&ctx(), "cat.despesas.comercial")
        .unwrap();
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.archive_category(&ctx(), "cat.despesas.comercial")
    });
    assert!(matches!(err, CoreError::NotAllowed(_)));
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.create_category(
            &ctx(),
            NewCategory {
                name: "Brindes".into(),
                kind: CategoryKind::Expense,
                parent: Some("cat.despesas.comercial".into()),
            },
        )
    });
    assert!(matches!(err, CoreError::Invalid { .. }));
    let err = assert_rejected_unchanged(&mut biz, |b| b.archive_category(&ctx(), "nope"));
    assert!(matches!(err, CoreError::NotFound { .. }));
}

#[test]
fn tree_groups_active_subcategories_by_name() {
    let mut biz = new_business();
    biz.archive_category(&ctx(), categories::RENT).unwrap();
    let tree = biz.category_tree(CategoryKind::Expense).unwrap();
    assert!(tree
        .iter()
        .all(|g| g.category.kind == CategoryKind::Expense));
    let occupation = tree
        .iter()
        .find(|g| g.id == "cat.despesas.ocupacao")
        .unwrap();
    let names: Vec<&str> = occupation
        .children
        .iter()
        .map(|(_, c)| c.name.as_str())
        .collect();
    assert!(!names.contains(&"Aluguel"));
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted);
    let income = biz.category_tree(CategoryKind::Income).unwrap();
    assert_eq!(income.iter().map(|g| g.children.len()).sum::<usize>(), 6);
}

#[test]
fn renames_and_rejects_clash_blank_and_unknown() {
    let mut biz = new_business();
    biz.rename_category(&ctx(), categories::RENT, "Aluguel da loja")
        .unwrap();
    let cats = biz.categories().unwrap();
    assert_eq!(
        cats.iter()
            .find(|(id, _)| id == categories::RENT)
            .unwrap()
            .1
            .name,
        "Aluguel da loja"
    );
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.rename_category(&ctx(), categories::RENT, "energia elétrica")
    });
    assert!(matches!(err, CoreError::Duplicate(_)));
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.rename_category(&ctx(), categories::RENT, " ")
    });
    assert!(matches!(err, CoreError::Invalid { .. }));
    let err = assert_rejected_unchanged(&mut biz, |b| b.rename_category(&ctx(), "nope", "X"));
    assert!(matches!(err, CoreError::NotFound { .. }));
}
