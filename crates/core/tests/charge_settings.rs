//! `update_charge_settings`: Configurações' charge form is one operation, so a refused
//! reminder plan does not leave a new minimum behind (two operations did).

use crate::common;
use common::*;
use retaguarda_core::settings::ReminderPlan;
use retaguarda_core::CoreError;

#[test]
fn the_minimum_and_the_plan_change_together() {
    let mut biz = new_business();
    let plan = ReminderPlan {
        offsets: vec![1, -2, 1],
        repeat_every_days: 5,
    };
    biz.update_charge_settings(&ctx(), dec("12.50"), plan)
        .unwrap();
    let s = biz.settings().unwrap();
    assert_eq!(s.charge_minimum, dec("12.50"));
    assert_eq!(s.reminder_plan.offsets, vec![-2, 1], "sorted, once each");
    assert_eq!(s.reminder_plan.repeat_every_days, 5);
}

#[test]
fn a_refused_plan_leaves_the_minimum_as_it_was() {
    let mut biz = new_business();
    let before = biz.settings().unwrap();
    let empty = ReminderPlan {
        offsets: vec![],
        repeat_every_days: 7,
    };
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.update_charge_settings(&ctx(), dec("20"), empty.clone())
    });
    assert!(matches!(err, CoreError::Invalid { .. }), "{err:?}");
    let err = assert_rejected_unchanged(&mut biz, |b| {
        b.update_charge_settings(&ctx(), dec("0"), ReminderPlan::default())
    });
    assert!(matches!(err, CoreError::Invalid { .. }), "{err:?}");
    assert_eq!(biz.settings().unwrap(), before);
}
