//! The history-free copy of a business (`Business::rebased`, the first step of the archive
//! split): the copy reads exactly as the original, holds one change, saves and loads, keeps
//! working, merges entries that two devices created under one id, and is refused while a
//! conflict waits for a person.

mod common;
use common::*;
use retaguarda_core::charges::{ChargeMethod, NewCharge, PayCharge};
use retaguarda_core::inventory::{MovementKind, NewMovement, NewProduct, NewSale, PaymentMethod, SaleItem, Unit};
use retaguarda_core::ledger::recurring::{entry_id, NewRecurrence};
use retaguarda_core::ledger::{categories, EntryKind, NewEntry, NewPayment, NewTransfer};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{Business, CoreError};
use rust_decimal::Decimal;

/// Everything a reader of the business sees, for comparing two documents.
fn snapshot(b: &Business) -> String {
    let today = date("2026-12-31");
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        b.balances(today).unwrap(),
        b.entries().unwrap(),
        b.charges(today).unwrap(),
        b.parties().unwrap(),
        b.products().unwrap(),
        b.stock_levels().unwrap(),
        b.stock_movements().unwrap(),
        b.transfers().unwrap(),
        b.schema_version().unwrap(),
    )
}

fn shop() -> Business {
    let mut b = new_business();
    let cash = cash_account(&mut b, "150.00");
    let bank = bank_account(&mut b, "1000.00");
    let maria = b
        .create_party(&ctx(), PartyInput::customer("Maria"))
        .unwrap();
    let entry = b
        .create_entry(
            &ctx(),
            NewEntry {
                category: Some(categories::SUPPLIES.into()),
                ..NewEntry::new(
                    EntryKind::Payable,
                    "Farinha",
                    dec("320.50"),
                    date("2026-03-15"),
                )
            },
        )
        .unwrap();
    b.pay_entry(
        &ctx(),
        &entry,
        NewPayment {
            date: date("2026-03-12"),
            amount: dec("120.50"),
            account: bank.clone(),
            note: Some("parcial".into()),
        },
    )
    .unwrap();
    b.create_transfer(
        &ctx(),
        NewTransfer {
            from: bank.clone(),
            to: cash.clone(),
            amount: dec("50"),
            date: date("2026-03-11"),
            description: None,
        },
    )
    .unwrap();
    let charges = b
        .create_charges(
            &ctx(),
            NewCharge {
                party: maria.clone(),
                amount: dec("90"),
                first_due_date: date("2026-03-20"),
                method: ChargeMethod::Pix,
                description: "Bolos".into(),
                installments: 3,
                category: None,
                account: None,
            },
        )
        .unwrap();
    b.pay_charge(
        &ctx(),
        &charges[0],
        PayCharge {
            date: date("2026-03-19"),
            account: bank.clone(),
        },
    )
    .unwrap();
    let bread = b
        .create_product(
            &ctx(),
            NewProduct {
                sku: "PAO".into(),
                gtin: Some("7891234567895".into()),
                name: "Pão de forma".into(),
                unit: Unit::Un,
                cost: dec("4.10"),
                price: dec("8.90"),
                reorder_point: Some(dec("10")),
                reorder_quantity: Some(dec("30")),
                supplier: None,
            },
        )
        .unwrap();
    b.record_movement(
        &ctx(),
        NewMovement {
            product: bread.clone(),
            date: date("2026-03-09"),
            kind: MovementKind::Adjustment,
            quantity: dec("25"),
            unit_cost: None,
            reason: Some("inventário".into()),
        },
    )
    .unwrap();
    b.record_sale(
        &ctx(),
        NewSale {
            date: date("2026-03-10"),
            items: vec![SaleItem {
                product: bread,
                quantity: dec("18"),
                unit_price: None,
            }],
            discount: Decimal::ZERO,
            method: PaymentMethod::Pix,
            account: Some(cash),
            customer: None,
            due_date: None,
        },
    )
    .unwrap();
    b
}

#[test]
fn the_copy_reads_as_the_original_and_has_one_change() {
    let mut original = shop();
    let mut copy = original.rebased(&device("Celular da Ana", 1), &ctx()).unwrap();
    assert_eq!(snapshot(&copy), snapshot(&original));
    assert_eq!(copy.changes_since(&[]).len(), 1, "no history is carried");
    assert!(
        original.changes_since(&[]).len() > 5,
        "the original had history"
    );
    // It saves, loads and reads the same again.
    let bytes = copy.save();
    let loaded = Business::load(&bytes, &device("Celular da Ana", 1)).unwrap();
    assert_eq!(snapshot(&loaded), snapshot(&original));
}

#[test]
fn the_copy_keeps_working_and_syncs_with_its_own_forks() {
    let original = shop();
    let mut copy = original.rebased(&device("Celular da Ana", 1), &ctx()).unwrap();
    let mut other = copy.fork(&device("Notebook", 2));
    let joana = other
        .create_party(&ctx(), PartyInput::customer("Joana"))
        .unwrap();
    copy.create_party(&ctx(), PartyInput::customer("Pedro"))
        .unwrap();
    copy.merge(&mut other).unwrap();
    other.merge(&mut copy).unwrap();
    assert_eq!(snapshot(&copy), snapshot(&other));
    assert_eq!(copy.parties().unwrap().len(), 3);
    assert!(copy.party(&joana).unwrap().is_some());
}

#[test]
fn an_entry_two_devices_created_under_one_id_is_copied_merged() {
    let mut a = new_business();
    let acc = cash_account(&mut a, "0");
    let rec = a
        .create_recurrence(
            &ctx(),
            NewRecurrence {
                kind: EntryKind::Payable,
                description: "Aluguel da loja".into(),
                amount: dec("1800"),
                category: Some(categories::RENT.into()),
                party: None,
                account: None,
                day_of_month: 5,
                every_months: 1,
                first_month: date("2026-01-01"),
                last_month: None,
            },
        )
        .unwrap();
    let mut b = a.fork(&device("Notebook", 2));
    a.materialise_recurrences(&ctx(), date("2026-03-31")).unwrap();
    b.materialise_recurrences(&ctx(), date("2026-03-31")).unwrap();
    let jan = entry_id(&rec, date("2026-01-01"));
    for (biz, amount) in [(&mut a, "1000"), (&mut b, "800")] {
        biz.pay_entry(
            &ctx(),
            &jan,
            NewPayment {
                date: date("2026-01-05"),
                amount: dec(amount),
                account: acc.clone(),
                note: None,
            },
        )
        .unwrap();
    }
    a.merge(&mut b).unwrap();
    let copy = a.rebased(&device("Celular da Ana", 1), &ctx()).unwrap();
    let entry = copy.entry(&jan).unwrap().unwrap();
    assert_eq!(entry.payments.len(), 2, "no payment may be lost");
    assert_eq!(entry.paid_amount(), dec("1800"));
    assert_eq!(snapshot(&copy), snapshot(&a));
}

#[test]
fn a_conflict_waiting_for_a_person_refuses_the_copy() {
    let mut a = shop();
    let maria = a.parties().unwrap()[0].0.clone();
    let mut b = a.fork(&device("Notebook", 2));
    for (biz, phone) in [(&mut a, "(11) 91111-1111"), (&mut b, "(11) 92222-2222")] {
        biz.update_party(
            &ctx(),
            &maria,
            PartyInput {
                phone: Some(phone.into()),
                ..PartyInput::customer("Maria")
            },
        )
        .unwrap();
    }
    a.merge(&mut b).unwrap();
    let before = a.save();
    let err = a
        .rebased(&device("Celular da Ana", 1), &ctx())
        .unwrap_err();
    assert!(matches!(err, CoreError::Conflict(_)), "{err:?}");
    assert!(err.to_string().contains("resolva"), "{err}");
    assert_eq!(a.save(), before, "refusing leaves the document as it was");
}
