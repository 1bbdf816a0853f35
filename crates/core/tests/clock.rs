//! A device whose clock is wrong by days converges exactly like one whose clock is right:
//! merge results never depend on the wall clock, only on the operations.

mod common;
use common::*;
use retaguarda_core::charges::{ChargeMethod, NewCharge, PayCharge};
use retaguarda_core::ledger::{EntryKind, NewEntry, NewPayment};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{Business, OpCtx};

const DAY_MS: i64 = 86_400_000;

/// Everything a person sees, without the random ids (which differ between runs).
fn digest(biz: &Business) -> Vec<String> {
    let mut out = Vec::new();
    for (_, e) in biz.entries().unwrap() {
        out.push(format!(
            "entry {} {} paid {} {:?}",
            e.description,
            e.amount,
            e.paid_amount(),
            e.status()
        ));
    }
    for (_, p) in biz.parties().unwrap() {
        out.push(format!("party {} {:?} {:?}", p.name, p.phone, p.email));
    }
    for c in biz.charges(date("2026-03-15")).unwrap() {
        out.push(format!("charge {} {:?}", c.charge.description, c.status));
    }
    for b in biz.balances(date("2026-12-31")).unwrap() {
        out.push(format!("balance {} {}", b.name, b.balance));
    }
    out.sort();
    out
}

/// Two devices work offline concurrently and then sync; device B's clock is off by
/// `skew_ms`.
fn scenario(skew_ms: i64) -> (Vec<String>, Vec<String>) {
    let mut a = new_business();
    let acc = bank_account(&mut a, "100");
    let customer = a
        .create_party(
            &ctx(),
            PartyInput {
                phone: Some("(11) 90000-0000".into()),
                ..PartyInput::customer("Maria")
            },
        )
        .unwrap();
    let charge = a
        .create_charges(
            &ctx(),
            NewCharge {
                party: customer.clone(),
                amount: dec("50"),
                first_due_date: date("2026-03-20"),
                method: ChargeMethod::Pix,
                description: "Bolo".into(),
                installments: 1,
                category: None,
                account: None,
            },
        )
        .unwrap()
        .remove(0);
    let mut b = a.fork(&device("Notebook", 2));
    let right = ctx();
    let wrong = OpCtx {
        now_ms: right.now_ms + skew_ms,
        ..right.clone()
    };

    a.update_party(
        &right,
        &customer,
        PartyInput {
            phone: Some("(11) 91111-1111".into()),
            ..PartyInput::customer("Maria")
        },
    )
    .unwrap();
    b.update_party(
        &wrong,
        &customer,
        PartyInput {
            phone: Some("(11) 92222-2222".into()),
            ..PartyInput::customer("Maria")
        },
    )
    .unwrap();
    a.pay_charge(
        &right,
        &charge,
        PayCharge {
            date: date("2026-03-10"),
            account: acc.clone(),
        },
    )
    .unwrap();
    b.cancel_charge(&wrong, &charge, None).unwrap();
    let e = b
        .create_entry(
            &wrong,
            NewEntry::new(EntryKind::Payable, "Gás", dec("120"), date("2026-03-12")),
        )
        .unwrap();
    b.pay_entry(
        &wrong,
        &e,
        NewPayment {
            date: date("2026-03-12"),
            amount: dec("20"),
            account: acc.clone(),
            note: None,
        },
    )
    .unwrap();

    // B syncs first, then A: the order of delivery must not matter either.
    b.merge(&mut a).unwrap();
    a.merge(&mut b).unwrap();
    (digest(&a), digest(&b))
}

#[test]
fn a_wrong_clock_converges_exactly_like_a_right_one() {
    let (a_right, b_right) = scenario(0);
    assert_eq!(a_right, b_right);
    for skew in [-9 * DAY_MS, 3 * DAY_MS, 400 * DAY_MS] {
        let (a_wrong, b_wrong) = scenario(skew);
        assert_eq!(a_wrong, b_wrong, "replicas diverged with skew {skew}");
        assert_eq!(
            a_wrong, a_right,
            "the result depends on the clock (skew {skew})"
        );
    }
}

#[test]
fn the_audit_log_shows_the_device_time_as_recorded() {
    let mut a = new_business();
    let mut b = a.fork(&device("Notebook", 2));
    let wrong = OpCtx {
        now_ms: ctx().now_ms - 9 * DAY_MS,
        ..ctx()
    };
    b.create_party(&wrong, PartyInput::customer("Zé")).unwrap();
    a.merge(&mut b).unwrap();
    let log = a.audit_log().unwrap();
    let e = log.iter().find(|e| e.op == "party.create").unwrap();
    assert_eq!(e.at_ms, ctx().now_ms - 9 * DAY_MS);
    // It still comes after the business creation, whatever its clock said.
    assert_eq!(log[0].op, "business.create");
}
