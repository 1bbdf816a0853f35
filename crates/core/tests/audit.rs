//! The audit log: who (device and staff), what, when (device clock), which record.

use crate::common;
use autosurgeon::{Hydrate, Reconcile};
use common::*;
use retaguarda_core::charges::{ChargeMethod, NewCharge, PayCharge};
use retaguarda_core::parties::PartyInput;

#[derive(Debug, Clone, Reconcile, Hydrate)]
struct StaffName {
    name: String,
}

#[test]
fn lists_who_did_what_when_and_to_which_record() {
    let mut a = new_business();
    a.apply(&ctx(), "staff.create", |tx| {
        tx.put(
            "staff",
            "s1",
            &StaffName {
                name: "Ana Lima".into(),
            },
        )
    })
    .unwrap();
    let acc = bank_account(&mut a, "0");
    let customer = a
        .create_party(&ctx(), PartyInput::customer("Maria"))
        .unwrap();
    let mut b = a.fork(&device("Caixa da loja", 2));
    let staff_ctx = ctx_on("2026-03-11").with_staff("s1");
    let charge = b
        .create_charges(
            &staff_ctx,
            NewCharge {
                party: customer.clone(),
                amount: dec("40"),
                first_due_date: date("2026-03-31"),
                method: ChargeMethod::Pix,
                description: "Torta".into(),
                installments: 1,
                category: None,
                account: None,
            },
        )
        .unwrap()
        .remove(0);
    b.pay_charge(
        &staff_ctx,
        &charge,
        PayCharge {
            date: date("2026-03-11"),
            account: acc,
        },
    )
    .unwrap();
    a.merge(&mut b).unwrap();

    let log = a.audit_log().unwrap();
    assert_eq!(log[0].op, "business.create");
    assert_eq!(log[0].device.as_deref(), Some("Celular da Ana"));
    let party = log.iter().find(|e| e.op == "party.create").unwrap();
    assert_eq!(party.record.as_deref(), Some(customer.as_str()));
    assert_eq!(party.label, "Cliente/fornecedor cadastrado");
    let paid = log.iter().find(|e| e.op == "charge.pay").unwrap();
    assert_eq!(paid.device.as_deref(), Some("Caixa da loja"));
    assert_eq!(paid.actor, device("x", 2).actor_hex());
    assert_eq!(paid.staff.as_deref(), Some("s1"));
    assert_eq!(paid.staff_name.as_deref(), Some("Ana Lima"));
    assert_eq!(paid.label, "Cobrança paga");
    assert_eq!(paid.at_ms, staff_ctx.now_ms);
    assert_eq!(paid.record.as_deref(), Some(charge.as_str()));
    // Causal order: the payment comes after the charge's creation.
    let created_at = log.iter().position(|e| e.op == "charge.create").unwrap();
    let paid_at = log.iter().position(|e| e.op == "charge.pay").unwrap();
    assert!(created_at < paid_at);

    let of_charge = a.audit_for_record(&charge).unwrap();
    assert_eq!(
        of_charge.iter().map(|e| e.op.as_str()).collect::<Vec<_>>(),
        ["charge.create", "charge.pay"]
    );
}

#[test]
fn rejected_operations_leave_no_trace() {
    let mut biz = new_business();
    let before = biz.audit_log().unwrap().len();
    assert!(biz.create_party(&ctx(), PartyInput::customer("")).is_err());
    assert_eq!(biz.audit_log().unwrap().len(), before);
}

#[test]
fn a_renamed_device_shows_its_new_name() {
    let mut biz = new_business();
    biz.set_device_name("Tablet do balcão");
    cash_account(&mut biz, "0");
    let log = biz.audit_log().unwrap();
    assert!(log
        .iter()
        .all(|e| e.device.as_deref() == Some("Tablet do balcão")));
}

#[test]
fn unknown_ops_keep_their_name() {
    assert_eq!(
        retaguarda_core::audit::op_label("inventory.sale"),
        "inventory.sale"
    );
    assert_eq!(
        retaguarda_core::audit::op_label("ledger.entry.pay"),
        "Pagamento registrado"
    );
}

#[test]
fn every_area_names_its_operations_in_portuguese() {
    for (op, label) in retaguarda_core::inventory::ops::OP_LABELS
        .iter()
        .chain(retaguarda_core::staff::ops::OP_LABELS.iter())
    {
        assert_eq!(retaguarda_core::audit::op_label(op), *label, "{op}");
    }
}

#[test]
fn messages_are_stored_compactly_and_read_back_whole() {
    use retaguarda_core::business::ChangeMessage;
    let mut a = new_business();
    let customer = a
        .create_party(&ctx(), PartyInput::customer("Maria"))
        .unwrap();
    let mut doc = a.doc().clone();
    let change = doc.get_last_local_change().unwrap().clone();
    let stored = change.message().unwrap().to_string();
    // The UUID is not in the stored text: `^` and 11 base64url characters stand for it,
    // and the audit log finds the whole id again.
    assert!(!stored.contains(&customer), "{stored}");
    assert!(!stored.contains("\"at\""), "{stored}");
    let read = ChangeMessage::decode(&stored).unwrap();
    let short = read.record.unwrap();
    assert!(short.starts_with('^') && short.len() == 12, "{short}");
    // 11 characters shorter than the 22 of the whole id in base64url.
    assert!(stored.len() < 50, "{stored}");
    let entry = a.audit_log().unwrap().pop().unwrap();
    assert_eq!(entry.record.as_deref(), Some(customer.as_str()));
    assert_eq!(entry.at_ms, ctx().now_ms);
    assert_eq!(a.audit_for_record(&customer).unwrap().len(), 1);

    // Ids that are not canonical UUIDs pass through, a leading `~` or `^` included.
    for id in [
        "rec:aluguel:2026-03",
        "~cedo",
        "~~",
        "^cedo",
        "~^",
        "A1B2C3D4-0000-4000-8000-000000000000",
    ] {
        let m = ChangeMessage {
            op: "x.y".into(),
            record: Some(id.into()),
            staff: Some(id.into()),
            at: None,
        };
        assert_eq!(ChangeMessage::decode(&m.encode()), Some(m.clone()), "{id}");
    }
}

#[test]
fn a_record_no_longer_in_the_document_keeps_its_short_form() {
    let mut a = new_business();
    let gone = "0b6f7c1e-3f7a-4c44-9a51-2f3c1d9e8a10";
    a.apply(&ctx(), "x.note", |tx| {
        tx.set_record(gone);
        tx.put_root("nota", &"x".to_string())
    })
    .unwrap();
    let entry = a.audit_log().unwrap().pop().unwrap();
    let short = entry.record.unwrap();
    assert!(short.starts_with('^') && short.len() == 12, "{short}");
}

#[test]
fn messages_written_by_earlier_versions_still_read() {
    use retaguarda_core::business::ChangeMessage;
    let old = r#"{"op":"charge.pay","record":"0b6f7c1e-3f7a-4c44-9a51-2f3c1d9e8a10","staff":null,"at":1773144000123}"#;
    let m = ChangeMessage::decode(old).unwrap();
    assert_eq!(m.op, "charge.pay");
    assert_eq!(
        m.record.as_deref(),
        Some("0b6f7c1e-3f7a-4c44-9a51-2f3c1d9e8a10")
    );
    assert_eq!(m.staff, None);
    assert_eq!(m.at, Some(1_773_144_000_123));
    assert_eq!(ChangeMessage::decode("not json"), None);
}
