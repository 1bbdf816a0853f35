//! The `.retaguarda` backup file: round trip, header checks and the summary.

use chrono::NaiveDate;
use retaguarda_core::automerge::{ReadDoc, ROOT};
use retaguarda_core::inventory::{MovementKind, NewMovement, NewProduct, Unit};
use retaguarda_core::ledger::{EntryKind, NewEntry};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{backup, Business, Device, OpCtx};
use rust_decimal::Decimal;

fn ctx() -> OpCtx {
    OpCtx::new(
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        1_763_800_000_000,
    )
}

#[test]
fn a_backup_restores_the_same_document() {
    let device = Device::new("Caixa da loja");
    let mut business = Business::create(&device, "Salão Bela Vista", &ctx()).unwrap();
    let file = backup::write(&mut business);
    assert!(file.starts_with(backup::MAGIC));
    let other = Device::new("Notebook");
    let mut restored = backup::read(&file, &other).unwrap();
    assert_eq!(restored.heads(), business.heads());
    assert_eq!(restored.profile().unwrap().name, "Salão Bela Vista");
}

#[test]
fn the_summary_names_the_business_its_records_and_devices() {
    let device = Device::new("Caixa da loja");
    let mut business = Business::create(&device, "Salão Bela Vista", &ctx()).unwrap();
    let file = backup::write(&mut business);
    let summary = backup::inspect(&file).unwrap();
    assert_eq!(summary.business, "Salão Bela Vista");
    assert_eq!(summary.devices, vec!["Caixa da loja".to_string()]);
    assert!(summary.changes >= 1);
    assert_eq!(summary.last_change_ms, Some(1_763_800_000_000));
    // The default category plan is seeded when a business is created.
    assert!(summary.counts.get("categories").copied().unwrap_or(0) > 0);
}

#[test]
fn a_file_that_is_not_a_backup_is_rejected_with_a_reason() {
    let err = backup::inspect(b"PK\x03\x04 not a backup").unwrap_err();
    assert!(err.to_string().contains("não é um backup"), "{err}");
    let mut newer = backup::MAGIC.to_vec();
    newer.push(9);
    let err = backup::inspect(&newer).unwrap_err();
    assert!(err.to_string().contains("atualize"), "{err}");
    let mut truncated = backup::MAGIC.to_vec();
    truncated.extend_from_slice(&[backup::FORMAT_VERSION, 0x85, 0x6f]);
    assert!(backup::inspect(&truncated).is_err());
}

#[test]
fn the_summary_counts_records_that_offline_devices_added_to_the_same_collection() {
    let a = Device::new("Loja");
    let mut first = Business::create(&a, "Loja", &ctx()).unwrap();
    let b = Device::new("Casa");
    let mut second = first.fork(&b);
    // Each device creates the `parties` collection on its own, offline.
    for (business, name) in [(&mut first, "Ana Lima"), (&mut second, "Bruno Reis")] {
        let input = retaguarda_core::parties::PartyInput::customer(name);
        business.create_party(&ctx(), input).unwrap();
    }
    first.merge(&mut second).unwrap();
    let file = backup::write(&mut first);
    let summary = backup::inspect(&file).unwrap();
    assert_eq!(summary.counts.get("parties"), Some(&2));
}

/// A product with its own SKU, for the offline devices below.
fn product(sku: &str) -> NewProduct {
    NewProduct {
        sku: sku.into(),
        gtin: None,
        name: format!("Produto {sku}"),
        unit: Unit::Un,
        cost: Decimal::new(500, 2),
        price: Decimal::new(900, 2),
        reorder_point: None,
        reorder_quantity: None,
        supplier: None,
    }
}

/// One device's offline work: `parties` customers, one product per SKU with `moves`
/// adjustments each, and `entries` payables; each collection is created on this device.
fn work_offline(
    business: &mut Business,
    tag: &str,
    parties: usize,
    skus: &[&str],
    moves: usize,
    entries: usize,
) {
    for i in 0..parties {
        let input = PartyInput::customer(format!("Cliente {tag} {i}"));
        business.create_party(&ctx(), input).unwrap();
    }
    for sku in skus {
        let id = business.create_product(&ctx(), product(sku)).unwrap();
        for n in 1..=moves {
            let movement = NewMovement {
                product: id.clone(),
                date: ctx().today,
                kind: MovementKind::Adjustment,
                quantity: Decimal::from(n as i64),
                unit_cost: None,
                reason: Some("Contagem".into()),
            };
            business.record_movement(&ctx(), movement).unwrap();
        }
    }
    for i in 0..entries {
        let entry = NewEntry::new(
            EntryKind::Payable,
            format!("Conta {tag} {i}"),
            Decimal::new(1000 + i as i64, 2),
            ctx().today,
        );
        business.create_entry(&ctx(), entry).unwrap();
    }
}

#[test]
fn the_summary_counts_every_record_of_collections_two_devices_created_offline() {
    let mut first = Business::create(&Device::new("Loja"), "Loja", &ctx()).unwrap();
    let mut second = first.fork(&Device::new("Casa"));
    let created_before = first.ids("movements").unwrap().len();
    assert_eq!(
        created_before, 0,
        "the test needs collections that do not exist yet"
    );
    work_offline(&mut first, "A", 2, &["A1"], 3, 1);
    work_offline(&mut second, "B", 1, &["B1", "B2"], 2, 2);
    first.merge(&mut second).unwrap();
    second.merge(&mut first).unwrap();

    // The premise: each device's first write made its own map under the same root key.
    for key in ["parties", "products", "movements", "entries"] {
        let copies = first.doc().get_all(ROOT, key).unwrap().len();
        assert_eq!(copies, 2, "{key} should have one concurrent map per device");
    }

    let expected = [
        ("entries", 3),
        ("movements", 7),
        ("parties", 3),
        ("products", 3),
    ];
    for business in [&mut first, &mut second] {
        let summary = backup::summarise(business).unwrap();
        for (key, n) in expected {
            assert_eq!(
                summary.counts.get(key),
                Some(&n),
                "{key} in {:?}",
                summary.counts
            );
        }
        // Every count is what core's reads list, whatever the collection.
        for (key, n) in &summary.counts {
            assert_eq!(*n, business.ids(key).unwrap().len(), "{key}");
        }
        assert_eq!(business.stock_movements().unwrap().len(), 7);
    }
    // The file keeps both copies: inspecting it counts the same.
    let file = backup::write(&mut first);
    let inspected = backup::inspect(&file).unwrap();
    for (key, n) in expected {
        assert_eq!(inspected.counts.get(key), Some(&n), "{key} in the file");
    }
    assert_eq!(inspected.devices.len(), 2, "{:?}", inspected.devices);
}
