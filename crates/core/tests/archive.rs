//! The history-free copy of a business (`Business::rebased`, the first step of the archive
//! split): the copy reads exactly as the original, holds one change, saves and loads, keeps
//! working, merges entries that two devices created under one id, and is refused while a
//! conflict waits for a person.

use crate::common;
use crate::reconcile_support;
use common::*;
use reconcile_support::{statement, Line};
use retaguarda_core::charges::{ChargeMethod, NewCharge, PayCharge};
use retaguarda_core::inventory::{
    MovementKind, NewMovement, NewProduct, NewPurchase, NewSale, PaymentMethod, PurchaseItem,
    SaleItem, Unit,
};
use retaguarda_core::ledger::recurring::{entry_id, NewRecurrence};
use retaguarda_core::ledger::{categories, EntryKind, NewEntry, NewPayment, NewTransfer};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::reconcile::NewFromLine;
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

/// A new business with a till (R$ 150,00), a bank account (R$ 1.000,00) and a customer.
fn opened() -> (Business, String, String, String) {
    let mut b = new_business();
    let cash = cash_account(&mut b, "150.00");
    let bank = bank_account(&mut b, "1000.00");
    let maria = b
        .create_party(&ctx(), PartyInput::customer("Maria"))
        .unwrap();
    (b, cash, bank, maria)
}

fn shop() -> Business {
    let (mut b, cash, bank, maria) = opened();
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
            beyond_stock: false,
        },
    )
    .unwrap();
    b
}

#[test]
fn the_copy_reads_as_the_original_and_has_one_change() {
    let mut original = shop();
    let mut copy = original
        .rebased(&device("Celular da Ana", 1), &ctx())
        .unwrap();
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
    let mut copy = original
        .rebased(&device("Celular da Ana", 1), &ctx())
        .unwrap();
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
    let rec = a.create_recurrence(&ctx(), rent("1800")).unwrap();
    let mut b = a.fork(&device("Notebook", 2));
    a.materialise_recurrences(&ctx(), date("2026-03-31"))
        .unwrap();
    b.materialise_recurrences(&ctx(), date("2026-03-31"))
        .unwrap();
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
    let err = a.rebased(&device("Celular da Ana", 1), &ctx()).unwrap_err();
    assert!(matches!(err, CoreError::Conflict(_)), "{err:?}");
    assert!(err.to_string().contains("resolva"), "{err}");
    assert_eq!(a.save(), before, "refusing leaves the document as it was");
}

/// Monthly rent on the 5th from January 2026.
fn rent(amount: &str) -> NewRecurrence {
    NewRecurrence {
        kind: EntryKind::Payable,
        description: "Aluguel da loja".into(),
        amount: dec(amount),
        category: Some(categories::RENT.into()),
        party: None,
        account: None,
        day_of_month: 5,
        every_months: 1,
        first_month: date("2026-01-01"),
        last_month: None,
    }
}

/// Asserts that `live` and `old` give every account the same balance on each of `days`.
fn assert_same_balances(live: &Business, old: &Business, days: &[&str]) {
    for day in days {
        assert_eq!(
            live.balances(date(day)).unwrap(),
            old.balances(date(day)).unwrap(),
            "balances on {day}"
        );
    }
}

/// Each product's stock: quantity, average cost and value.
fn stock(b: &Business) -> Vec<(String, Decimal, Decimal, Decimal)> {
    b.stock_levels()
        .unwrap()
        .into_iter()
        .map(|l| {
            (
                l.id,
                l.position.quantity,
                l.position.average_cost,
                l.position.value,
            )
        })
        .collect()
}

/// A shop with a closed February and an open March, and what each record is for the split
/// at 2026-03-01.
struct TwoMonths {
    biz: Business,
    settled_feb: Vec<String>,
    kept: Vec<String>,
    paid_charge_feb: String,
    open_charge_feb: String,
    bread: String,
}

fn sale(biz: &mut Business, day: &str, product: &str, quantity: &str, account: &str) -> String {
    biz.record_sale(
        &ctx_on(day),
        NewSale {
            date: date(day),
            items: vec![SaleItem {
                product: product.to_string(),
                quantity: dec(quantity),
                unit_price: None,
            }],
            discount: Decimal::ZERO,
            method: PaymentMethod::Pix,
            account: Some(account.to_string()),
            customer: None,
            due_date: None,
            beyond_stock: false,
        },
    )
    .unwrap()
}

fn two_months() -> TwoMonths {
    let (mut b, cash, bank, maria) = opened();
    let mill = b
        .create_party(&ctx(), PartyInput::supplier("Moinho"))
        .unwrap();
    let bread = b
        .create_product(
            &ctx(),
            NewProduct {
                sku: "PAO".into(),
                gtin: None,
                name: "Pão de forma".into(),
                unit: Unit::Un,
                cost: dec("4.00"),
                price: dec("8.90"),
                reorder_point: Some(dec("10")),
                reorder_quantity: Some(dec("30")),
                supplier: Some(mill.clone()),
            },
        )
        .unwrap();
    // February: settled.
    let rent = entry(&mut b, EntryKind::Payable, "Aluguel", "900", "2026-02-10");
    pay(&mut b, "2026-02-09", &rent, "900", &bank);
    let cancelled = entry(&mut b, EntryKind::Payable, "Gás", "80", "2026-02-20");
    b.cancel_entry(&ctx_on("2026-02-21"), &cancelled, Some("em dobro"))
        .unwrap();
    b.create_transfer(
        &ctx_on("2026-02-05"),
        NewTransfer {
            date: date("2026-02-05"),
            from: bank.clone(),
            to: cash.clone(),
            amount: dec("200"),
            description: None,
        },
    )
    .unwrap();
    let paid_charge_feb = charge(&mut b, &maria, "60", "2026-02-10");
    b.pay_charge(
        &ctx_on("2026-02-08"),
        &paid_charge_feb,
        PayCharge {
            date: date("2026-02-08"),
            account: bank.clone(),
        },
    )
    .unwrap();
    let purchase = b
        .record_purchase(
            &ctx_on("2026-02-03"),
            NewPurchase {
                date: date("2026-02-03"),
                supplier: mill,
                items: vec![PurchaseItem {
                    product: bread.clone(),
                    quantity: dec("40"),
                    unit_cost: dec("4.35"),
                }],
                document_ref: None,
                due_date: None,
                paid_from: Some(bank.clone()),
            },
        )
        .unwrap();
    let sale_feb = sale(&mut b, "2026-02-12", &bread, "15", &cash);
    // February, still open: part paid, and a charge nobody paid.
    let partly = entry(&mut b, EntryKind::Receivable, "Buffet", "500", "2026-02-15");
    pay(&mut b, "2026-02-14", &partly, "200", &cash);
    let open_charge_feb = charge(&mut b, &maria, "45", "2026-02-25");
    let unpaid = entry(&mut b, EntryKind::Payable, "Embalagens", "75", "2026-02-18");
    pay(&mut b, "2026-02-18", &unpaid, "25", &cash);
    // Paid in February for March: kept.
    let early = entry(&mut b, EntryKind::Payable, "Contador", "300", "2026-03-05");
    pay(&mut b, "2026-02-27", &early, "300", &bank);
    // March.
    let march = entry(&mut b, EntryKind::Payable, "Luz", "210.40", "2026-03-12");
    pay(&mut b, "2026-03-10", &march, "210.40", &bank);
    pay(&mut b, "2026-03-03", &partly, "100", &bank);
    sale(&mut b, "2026-03-04", &bread, "6", &cash);
    b.create_transfer(
        &ctx_on("2026-03-06"),
        NewTransfer {
            date: date("2026-03-06"),
            from: cash.clone(),
            to: bank.clone(),
            amount: dec("50"),
            description: None,
        },
    )
    .unwrap();
    let purchase_entry = b.purchase(&purchase).unwrap().unwrap().entry;
    let sale_entry = b.sale(&sale_feb).unwrap().unwrap().entry;
    let charge_entry = b
        .charge_view(&paid_charge_feb, date("2026-03-10"))
        .unwrap()
        .charge
        .entry;
    TwoMonths {
        biz: b,
        settled_feb: vec![rent, cancelled, purchase_entry, sale_entry, charge_entry],
        kept: vec![partly, unpaid, early, march],
        paid_charge_feb,
        open_charge_feb,
        bread,
    }
}

#[test]
fn the_live_period_keeps_what_is_open_and_reads_the_same_from_the_cutoff() {
    let mut t = two_months();
    let cutoff = date("2026-03-01");
    let archive_before = t.biz.save();
    let mut live = t
        .biz
        .split_at(cutoff, &device("Celular da Ana", 1), &ctx())
        .unwrap();
    assert_eq!(
        t.biz.save(),
        archive_before,
        "the archive is this document, unchanged"
    );
    let original = &t.biz;
    assert_eq!(live.changes_since(&[]).len(), 1);

    // Balances from the day before the cutoff on are the same, account by account.
    assert_same_balances(
        &live,
        original,
        &[
            "2026-02-28",
            "2026-03-01",
            "2026-03-04",
            "2026-03-10",
            "2026-12-31",
        ],
    );
    // Stock: the same quantity, average cost and value, from one opening movement.
    assert_eq!(stock(&live), stock(original));
    let moves = live.stock_movements().unwrap();
    let opening = format!("opening.{}.2026-03-01", t.bread);
    let (_, first) = moves
        .iter()
        .find(|(id, _)| *id == opening)
        .expect("opening movement");
    assert_eq!(first.quantity, dec("25"));
    assert_eq!(first.date, date("2026-02-28"));
    assert!(moves
        .iter()
        .all(|(id, m)| *id == opening || m.date >= cutoff));

    // Records: settled February is gone, the rest reads the same.
    for id in &t.settled_feb {
        assert!(
            live.entry(id).unwrap().is_none(),
            "settled entry {id} left out"
        );
    }
    for id in &t.kept {
        assert_eq!(
            live.entry(id).unwrap(),
            original.entry(id).unwrap(),
            "entry {id}"
        );
    }
    let charges = live.charges(date("2026-03-10")).unwrap();
    assert!(charges.iter().all(|c| c.id != t.paid_charge_feb));
    let open = charges
        .iter()
        .find(|c| c.id == t.open_charge_feb)
        .expect("open charge kept");
    assert_eq!(
        Some(open),
        original
            .charges(date("2026-03-10"))
            .unwrap()
            .iter()
            .find(|c| c.id == t.open_charge_feb)
    );
    assert!(live
        .transfers()
        .unwrap()
        .iter()
        .all(|(_, tr)| tr.date >= cutoff));
    assert_eq!(live.sales().unwrap().len(), 1);
    assert!(live.purchases().unwrap().is_empty());
    // Master records are all there.
    assert_eq!(live.parties().unwrap(), original.parties().unwrap());
    assert_eq!(live.products().unwrap(), original.products().unwrap());
    // The live document saves and loads as itself.
    let bytes = live.save();
    let loaded = Business::load(&bytes, &device("Celular da Ana", 1)).unwrap();
    assert_eq!(snapshot(&loaded), snapshot(&live));
}

#[test]
fn settled_recurring_entries_stay_so_they_are_not_made_again() {
    let mut b = new_business();
    let bank = bank_account(&mut b, "1000");
    let rec = b
        .create_recurrence(&ctx_on("2026-01-02"), rent("900"))
        .unwrap();
    b.materialise_recurrences(&ctx_on("2026-02-01"), date("2026-02-28"))
        .unwrap();
    for month in ["2026-01-01", "2026-02-01"] {
        let id = entry_id(&rec, date(month));
        let due = b.entry(&id).unwrap().unwrap().due_date;
        pay(&mut b, &due.to_string(), &id, "900", &bank);
    }
    let mut live = b
        .split_at(date("2026-03-01"), &device("Celular da Ana", 1), &ctx())
        .unwrap();
    let made = live
        .materialise_recurrences(&ctx(), date("2026-03-31"))
        .unwrap();
    assert_eq!(
        made,
        vec![entry_id(&rec, date("2026-03-01"))],
        "only March is new"
    );
    assert_eq!(
        live.balances(date("2026-12-31")).unwrap(),
        b.balances(date("2026-12-31")).unwrap()
    );
}

#[test]
fn bank_lines_stay_with_the_entries_they_reconciled_and_a_reimport_adds_nothing() {
    let mut b = new_business();
    let bank = bank_account(&mut b, "0");
    let st = statement(
        &[
            Line("F1", "20260210", "-275.40", "MOINHO"),
            Line("M1", "20260305", "80.00", "PIX"),
        ],
        None,
    );
    let report = b
        .import_statement(&ctx_on("2026-03-06"), &bank, &st)
        .unwrap();
    let mut made = Vec::new();
    for proposal in &report.proposals {
        made.push(
            b.create_entry_from_line(&ctx_on("2026-03-06"), &proposal.key, NewFromLine::default())
                .unwrap(),
        );
    }
    let mut live = b
        .split_at(date("2026-03-01"), &device("Celular da Ana", 1), &ctx())
        .unwrap();
    assert_eq!(
        live.bank_lines(&bank).unwrap(),
        b.bank_lines(&bank).unwrap()
    );
    for id in &made {
        assert_eq!(
            live.entry(id).unwrap(),
            b.entry(id).unwrap(),
            "entry {id} kept"
        );
    }
    let again = live.import_statement(&ctx(), &bank, &st).unwrap();
    assert!(
        again.proposals.is_empty(),
        "a re-import brings nothing back"
    );
    assert_eq!(live.bank_lines(&bank).unwrap().len(), 2);
}

#[test]
fn what_an_offline_device_wrote_after_the_close_is_carried_into_the_live_period() {
    let mut t = two_months();
    let cutoff = date("2026-03-01");
    let mut offline = t.biz.fork(&device("Notebook", 2));
    let split_heads = t.biz.heads();
    let mut live = t
        .biz
        .split_at(cutoff, &device("Celular da Ana", 1), &ctx())
        .unwrap();
    let maria = live
        .parties()
        .unwrap()
        .into_iter()
        .find(|(_, p)| p.name == "Maria")
        .unwrap()
        .0;
    // The live period goes on: a new customer, and Maria's e-mail.
    live.create_party(&ctx(), PartyInput::customer("Pedro"))
        .unwrap();
    live.update_party(
        &ctx(),
        &maria,
        PartyInput {
            email: Some("maria@exemplo.com.br".into()),
            ..PartyInput::customer("Maria")
        },
    )
    .unwrap();
    // Meanwhile the offline device, still on the old document: it settles the open
    // February payable, records a March entry and gives Maria a phone.
    let unpaid = t.kept[1].clone();
    let account = |name: &str| {
        t.biz
            .balances(cutoff)
            .unwrap()
            .into_iter()
            .find(|b| b.name == name)
            .unwrap()
            .id
    };
    let bank = account("Banco");
    let cash = account("Caixa da loja");
    pay(&mut offline, "2026-02-26", &unpaid, "50", &bank);
    let late = entry(
        &mut offline,
        EntryKind::Payable,
        "Água",
        "64.10",
        "2026-03-20",
    );
    offline
        .update_party(
            &ctx(),
            &maria,
            PartyInput {
                phone: Some("(11) 93333-3333".into()),
                ..PartyInput::customer("Maria")
            },
        )
        .unwrap();
    // And a sale it made on the last day of February, which the openings must absorb.
    sale(&mut offline, "2026-02-27", &t.bread, "5", &cash);
    // It comes back online: its changes reach the old document, which carries them over.
    t.biz.merge(&mut offline).unwrap();
    let written = t
        .biz
        .carry_over(&split_heads, cutoff, &mut live, &ctx())
        .unwrap();
    assert!(written > 0);

    let old = &t.biz;
    assert_same_balances(
        &live,
        old,
        &["2026-02-28", "2026-03-01", "2026-03-20", "2026-12-31"],
    );
    assert_eq!(stock(&live), stock(old), "stock after the offline sale");
    assert!(
        live.sales().unwrap().len() == 1,
        "the February sale stays in the archive"
    );
    assert!(
        live.entry(&unpaid).unwrap().is_none(),
        "settled before the cutoff now: it lives in the openings"
    );
    assert_eq!(live.entry(&late).unwrap(), old.entry(&late).unwrap());
    let party = live.party(&maria).unwrap().unwrap();
    assert_eq!(
        party.phone.as_deref(),
        Some("(11) 93333-3333"),
        "the offline edit"
    );
    assert_eq!(
        party.email.as_deref(),
        Some("maria@exemplo.com.br"),
        "the live edit stays"
    );
    assert_eq!(live.parties().unwrap().len(), 3, "Pedro stays");
    // Carrying over again changes nothing.
    let before = live.save();
    t.biz
        .carry_over(&split_heads, cutoff, &mut live, &ctx())
        .unwrap();
    assert_eq!(
        snapshot(&Business::load(&before, &device("X", 9)).unwrap()),
        snapshot(&live)
    );
}

#[test]
fn the_live_period_names_its_start_and_a_later_close_must_come_after_it() {
    let t = two_months();
    assert_eq!(t.biz.period_start().unwrap(), None);
    let live = t
        .biz
        .split_at(date("2026-03-01"), &device("Celular da Ana", 1), &ctx())
        .unwrap();
    assert_eq!(live.period_start().unwrap(), Some(date("2026-03-01")));
    for early in ["2026-03-01", "2026-02-15"] {
        match live.split_at(date(early), &device("Celular da Ana", 1), &ctx()) {
            Err(CoreError::Invalid { reason, .. }) => assert!(reason.contains("01/03/2026")),
            other => panic!(
                "a close on {early} was not refused: {:?}",
                other.map(|_| ())
            ),
        }
    }
    let next = live
        .split_at(date("2026-03-10"), &device("Celular da Ana", 1), &ctx())
        .unwrap();
    assert_eq!(next.period_start().unwrap(), Some(date("2026-03-10")));
}

#[test]
fn an_archive_and_its_live_period_never_merge() {
    let mut t = two_months();
    let mut live = t
        .biz
        .split_at(date("2026-03-01"), &device("Celular da Ana", 1), &ctx())
        .unwrap();
    let live_before = live.save();
    let archive_before = t.biz.save();
    for result in [live.merge(&mut t.biz), t.biz.merge(&mut live)] {
        match result {
            Err(CoreError::Conflict(text)) => assert!(text.contains("01/03/2026"), "{text}"),
            other => panic!("documents of two periods merged: {other:?}"),
        }
    }
    assert_eq!(live.save(), live_before, "the live document is unchanged");
    assert_eq!(t.biz.save(), archive_before, "the archive is unchanged");
    // Two copies of the same period still merge: that is how a team shares it.
    let mut fork = live.fork(&device("Notebook", 2));
    fork.update_profile(&ctx(), "Padaria Nova", None, None, None)
        .unwrap();
    live.merge(&mut fork).unwrap();
    assert_eq!(live.profile().unwrap().name, "Padaria Nova");
}
