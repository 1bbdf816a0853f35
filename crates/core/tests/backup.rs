//! The `.retaguarda` backup file: round trip, header checks and the summary.

use chrono::NaiveDate;
use retaguarda_core::{backup, Business, Device, OpCtx};

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
