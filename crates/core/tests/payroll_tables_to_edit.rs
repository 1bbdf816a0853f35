//! Tabelas da folha's starting point for a year: the stored tables, the built-in ones, or
//! the nearest year's carried to the year asked for.

use crate::common;

use retaguarda_core::staff::tables_edit::TablesOrigin;
use retaguarda_core::staff::PayrollTables;

#[test]
fn stored_then_builtin_then_the_nearest_year() {
    let mut biz = common::new_business();
    // 2026 ships with the program.
    let builtin = biz.payroll_tables_to_edit(2026).unwrap().unwrap();
    assert_eq!(builtin.origin, TablesOrigin::Builtin);
    assert_eq!(builtin.tables, PayrollTables::brazil_2026());

    // 2027 has none: 2026's, carrying 2027.
    let copied = biz.payroll_tables_to_edit(2027).unwrap().unwrap();
    assert_eq!(copied.origin, TablesOrigin::CopiedFrom(2026));
    assert_eq!(copied.tables.year, 2027);
    assert_eq!(copied.tables.inss, PayrollTables::brazil_2026().inss);
    // Before any known year, the first one after it.
    let earlier = biz.payroll_tables_to_edit(2020).unwrap().unwrap();
    assert_eq!(earlier.origin, TablesOrigin::CopiedFrom(2026));

    // Once 2027 is saved, it is what 2027 shows, and 2028 starts from it.
    let mut t2027 = copied.tables.clone();
    t2027.fgts_rate = rust_decimal_macros::dec!(0.09);
    biz.set_payroll_tables(&common::ctx(), t2027.clone())
        .unwrap();
    let stored = biz.payroll_tables_to_edit(2027).unwrap().unwrap();
    assert_eq!(
        (stored.origin, stored.tables),
        (TablesOrigin::Stored, t2027)
    );
    let next = biz.payroll_tables_to_edit(2028).unwrap().unwrap();
    assert_eq!(next.origin, TablesOrigin::CopiedFrom(2027));
    assert_eq!(next.tables.fgts_rate, rust_decimal_macros::dec!(0.09));

    // A saved year is a starting point however far; the built-in ones count within 50 years.
    assert_eq!(
        biz.payroll_tables_to_edit(1900).unwrap().unwrap().origin,
        TablesOrigin::CopiedFrom(2027)
    );
    let fresh = common::new_business();
    assert_eq!(fresh.payroll_tables_to_edit(1900).unwrap(), None);
}
