//! The stock index warmed in steps (issue 31): `Business::warm(budget)` also builds the
//! index of every movement a few movements at a time, so Início, Estoque and Venda do not
//! replay a shop's whole movement log in one go on their first read after a start. A
//! document warmed in steps must give exactly the stock a cold one gives, also when
//! movements (its own, and another device's) land between the steps.

use crate::common;
use common::*;
use retaguarda_core::inventory::{MovementKind, NewMovement};
use retaguarda_core::{Business, Id};

fn movement(product: &Id, day: &str, quantity: &str, cost: &str) -> NewMovement {
    NewMovement {
        product: product.clone(),
        date: date(day),
        kind: MovementKind::Adjustment,
        quantity: dec(quantity),
        unit_cost: Some(dec(cost)),
        reason: Some("contagem".into()),
    }
}

/// 12 products with 5 movements each, some out of stock after them.
fn shop() -> (Business, Vec<Id>) {
    let mut biz = new_business();
    cash_account(&mut biz, "100");
    let ids: Vec<Id> = (0..12)
        .map(|i| {
            biz.create_product(
                &ctx(),
                unit_product(&format!("P{i}"), &format!("Produto {i}"), "2.00", "5.00"),
            )
            .unwrap()
        })
        .collect();
    for (i, id) in ids.iter().enumerate() {
        for k in 0..5 {
            let q = if (i + k) % 4 == 0 { "-2" } else { "3" };
            let day = format!("2026-03-{:02}", 1 + k);
            biz.record_movement(&ctx(), movement(id, &day, q, &format!("{}.50", 2 + k)))
                .unwrap();
        }
    }
    (biz, ids)
}

/// What the stock's first reads say.
fn reads(biz: &Business) -> String {
    format!(
        "{:?}\n{:?}",
        biz.stock_levels().unwrap(),
        biz.stock_summary().unwrap()
    )
}

/// A document as a page holds it after a start: nothing in memory.
fn fresh(biz: &mut Business) -> Business {
    Business::load(&biz.save(), &device("Celular da Ana", 1)).unwrap()
}

#[test]
fn a_stock_warmed_in_steps_is_the_stock_a_cold_read_gives() {
    let (mut made, _) = shop();
    let want = reads(&made.fork(&device("Frio", 8)));
    let mut biz = fresh(&mut made);
    let steps = warm_all(&mut biz, 5, |_, _| {});
    // 60 movements, 12 products and the ledger's lists, 5 at a time.
    assert!(steps > 14, "{steps} steps");
    assert_eq!(biz.warm(5).unwrap().read, 0, "warm: nothing left to read");
    assert_eq!(reads(&biz), want);
}

#[test]
fn another_devices_movements_merged_mid_walk_are_in_the_warmed_stock() {
    let (mut made, ids) = shop();
    // How many steps a warm-up takes: the stock's 60 movements are read in its last 20.
    let total = warm_all(&mut fresh(&mut made), 3, |_, _| {});
    // Another device's 8 movements (random ids, so most sort before the walk's place)
    // merged when the walk over the movements is about 80% through.
    let mut other = made.fork(&device("Outro aparelho", 2));
    for id in ids.iter().take(8) {
        other
            .record_movement(&ctx(), movement(id, "2026-03-10", "-1", "2.00"))
            .unwrap();
    }
    let mut biz = fresh(&mut made);
    let mut merged = false;
    warm_all(&mut biz, 3, |b, step| {
        if step == total - 4 {
            b.merge(&mut other).unwrap();
            merged = true;
        }
    });
    assert!(merged, "the merge landed during the warm-up");
    assert_eq!(reads(&biz), reads(&biz.fork(&device("Frio", 8))));
}

#[test]
fn own_movements_between_steps_are_in_the_warmed_stock() {
    let (mut made, ids) = shop();
    let mut biz = fresh(&mut made);
    let mut landed = 0;
    warm_all(&mut biz, 3, |b, step| {
        if step % 5 == 0 {
            let id = &ids[step % ids.len()];
            b.record_movement(&ctx(), movement(id, "2026-03-09", "7", "4.00"))
                .unwrap();
            landed += 1;
        }
    });
    assert!(landed > 3, "{landed} movements");
    assert_eq!(reads(&biz), reads(&biz.fork(&device("Frio", 8))));
    // Later movements still move it (the index is built and followed).
    biz.record_movement(&ctx(), movement(&ids[3], "2026-03-11", "-2", "2.00"))
        .unwrap();
    assert_eq!(reads(&biz), reads(&biz.fork(&device("Frio", 9))));
}
