//! Convergence: random operations on 3 replicas, synced in random orders and subsets by
//! every transport (merge, changes since heads, incremental saves). After a full sync all
//! replicas hydrate to the same state and the invariants hold: each account balance equals
//! its opening balance plus its payments and transfers; every payment belongs to an entry
//! and every charge to its entry; each product's stock is the sum of the quantities the
//! generated purchases, sales and adjustments moved (negative when replicas sold more than
//! they had); no record created anywhere is lost. After every step, the replica's views kept
//! between reads (core's view cache) equal a fresh read of the same document. After the
//! full sync, the copy without history (`Business::rebased`) reads as the replicas do.

use crate::common;
use common::*;
use proptest::prelude::*;
use retaguarda_core::charges::{ChargeMethod, NewCharge, PayCharge};
use retaguarda_core::inventory::{
    MovementKind, NewMovement, NewProduct, NewPurchase, NewSale, PaymentMethod, PurchaseItem,
    SaleItem, Unit,
};
use retaguarda_core::ledger::recurring::{entry_id, NewRecurrence};
use retaguarda_core::ledger::{EntryKind, NewEntry, NewPayment, NewTransfer};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{Business, Id};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone)]
enum Op {
    Entry {
        payable: bool,
        cents: u32,
    },
    Pay {
        pick: usize,
        part: u8,
        acc: usize,
    },
    Cancel {
        pick: usize,
    },
    Void {
        pick: usize,
    },
    Transfer {
        from: usize,
        cents: u32,
    },
    Party {
        phone: u8,
    },
    EditPhone {
        pick: usize,
        phone: u8,
    },
    Charge {
        cents: u32,
        installments: u32,
    },
    PayCharge {
        pick: usize,
        acc: usize,
    },
    CancelCharge {
        pick: usize,
    },
    Materialise {
        month: u32,
    },
    PayRecurring {
        month: u32,
        acc: usize,
    },
    Product {
        kg: bool,
    },
    Purchase {
        pick: usize,
        raw: u16,
        paid: Option<usize>,
    },
    Sale {
        pick: usize,
        raw: u16,
        acc: usize,
        fiado: bool,
    },
    Adjust {
        pick: usize,
        raw: u16,
        down: bool,
    },
}

#[derive(Debug, Clone)]
enum Sync {
    Merge,
    ChangesSince,
    Incremental,
}

#[derive(Debug, Clone)]
enum Step {
    Do(usize, Op),
    Sync { from: usize, to: usize, how: Sync },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (any::<bool>(), 100u32..50_000).prop_map(|(payable, cents)| Op::Entry { payable, cents }),
        3 => (any::<usize>(), 1u8..=4, 0usize..2).prop_map(|(pick, part, acc)| Op::Pay { pick, part, acc }),
        1 => any::<usize>().prop_map(|pick| Op::Cancel { pick }),
        1 => any::<usize>().prop_map(|pick| Op::Void { pick }),
        2 => (0usize..2, 1u32..20_000).prop_map(|(from, cents)| Op::Transfer { from, cents }),
        1 => (0u8..10).prop_map(|phone| Op::Party { phone }),
        2 => (any::<usize>(), 0u8..10).prop_map(|(pick, phone)| Op::EditPhone { pick, phone }),
        2 => (600u32..30_000, 1u32..4).prop_map(|(cents, installments)| Op::Charge { cents, installments }),
        2 => (any::<usize>(), 0usize..2).prop_map(|(pick, acc)| Op::PayCharge { pick, acc }),
        1 => any::<usize>().prop_map(|pick| Op::CancelCharge { pick }),
        2 => (1u32..=3).prop_map(|month| Op::Materialise { month }),
        2 => (1u32..=3, 0usize..2).prop_map(|(month, acc)| Op::PayRecurring { month, acc }),
        2 => any::<bool>().prop_map(|kg| Op::Product { kg }),
        3 => (any::<usize>(), any::<u16>(), proptest::option::of(0usize..2))
            .prop_map(|(pick, raw, paid)| Op::Purchase { pick, raw, paid }),
        3 => (any::<usize>(), any::<u16>(), 0usize..2, any::<bool>())
            .prop_map(|(pick, raw, acc, fiado)| Op::Sale { pick, raw, acc, fiado }),
        2 => (any::<usize>(), any::<u16>(), any::<bool>())
            .prop_map(|(pick, raw, down)| Op::Adjust { pick, raw, down }),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0usize..3, op()).prop_map(|(r, o)| Step::Do(r, o)),
        1 => (0usize..3, 0usize..3, prop_oneof![Just(Sync::Merge), Just(Sync::ChangesSince), Just(Sync::Incremental)])
            .prop_map(|(from, to, how)| Step::Sync { from, to, how }),
    ]
}

/// What every replica created successfully, to check nothing is lost.
#[derive(Default)]
struct Created {
    entries: BTreeSet<Id>,
    payments: BTreeSet<(Id, Id)>,
    transfers: BTreeSet<Id>,
    parties: BTreeSet<Id>,
    charges: BTreeSet<Id>,
    sales: BTreeSet<Id>,
    purchases: BTreeSet<Id>,
    /// Each product's stock as the generated operations moved it, never read back from a
    /// document.
    stock: BTreeMap<Id, Decimal>,
    /// Products made so far, to give each a SKU no replica has used.
    skus: usize,
}

impl Created {
    /// A product form with a SKU no replica has used yet.
    fn next_product(&mut self, kg: bool) -> NewProduct {
        self.skus += 1;
        NewProduct {
            sku: format!("P{}", self.skus),
            gtin: None,
            name: format!("Produto {}", self.skus),
            unit: if kg { Unit::Kg } else { Unit::Un },
            cost: dec("5.00"),
            price: dec("9.00"),
            reorder_point: None,
            reorder_quantity: None,
            supplier: None,
        }
    }
}

/// The records every replica starts from.
struct Fixture {
    accounts: Vec<Id>,
    customer: Id,
    supplier: Id,
    rec: Id,
}

fn cents(c: u32) -> Decimal {
    Decimal::new(i64::from(c), 2)
}

fn pick<T: Clone>(items: &[T], i: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[i % items.len()].clone())
}

/// A positive quantity the unit accepts: 1 to 20 whole units, or 0,010 to 5,009 kg.
fn quantity(unit: Unit, raw: u16) -> Decimal {
    match unit {
        Unit::Kg => Decimal::new(i64::from(raw % 5000) + 10, 3),
        _ => Decimal::from(raw % 20 + 1),
    }
}

fn run(biz: &mut Business, op: &Op, fx: &Fixture, made: &mut Created) {
    let c = ctx();
    let (accounts, customer, rec) = (&fx.accounts, &fx.customer, &fx.rec);
    match op {
        Op::Entry { payable, cents: v } => {
            let kind = if *payable {
                EntryKind::Payable
            } else {
                EntryKind::Receivable
            };
            if let Ok(id) = biz.create_entry(
                &c,
                NewEntry::new(kind, "Lançamento", cents(*v), date("2026-03-20")),
            ) {
                made.entries.insert(id);
            }
        }
        Op::Pay { pick: p, part, acc } => {
            let entries = biz.entries().unwrap();
            if let Some((id, e)) = pick(&entries, *p) {
                let open = e.open_amount();
                let amount = (open / Decimal::from(*part))
                    .round_dp(2)
                    .max(Decimal::new(1, 2))
                    .min(open);
                let pay = NewPayment {
                    date: date("2026-03-10"),
                    amount,
                    account: accounts[*acc].clone(),
                    note: None,
                };
                if let Ok(pid) = biz.pay_entry(&c, &id, pay) {
                    made.payments.insert((id, pid));
                }
            }
        }
        Op::Cancel { pick: p } => {
            if let Some((id, _)) = pick(&biz.entries().unwrap(), *p) {
                let _ = biz.cancel_entry(&c, &id, None);
            }
        }
        Op::Void { pick: p } => {
            let payments: Vec<(Id, Id)> = biz
                .entries()
                .unwrap()
                .into_iter()
                .flat_map(|(eid, e)| {
                    e.payments
                        .keys()
                        .map(move |pid| (eid.clone(), pid.clone()))
                        .collect::<Vec<_>>()
                })
                .collect();
            if let Some((eid, pid)) = pick(&payments, *p) {
                let _ = biz.void_payment(&c, &eid, &pid, None);
            }
        }
        Op::Transfer { from, cents: v } => {
            let t = NewTransfer {
                date: date("2026-03-10"),
                from: accounts[*from].clone(),
                to: accounts[1 - *from].clone(),
                amount: cents(*v),
                description: None,
            };
            if let Ok(id) = biz.create_transfer(&c, t) {
                made.transfers.insert(id);
            }
        }
        Op::Party { phone } => {
            let input = PartyInput {
                phone: Some(format!("(11) 9000{phone}-0000")),
                ..PartyInput::customer("Cliente")
            };
            if let Ok(id) = biz.create_party(&c, input) {
                made.parties.insert(id);
            }
        }
        Op::EditPhone { pick: p, phone } => {
            if let Some((id, party)) = pick(&biz.parties().unwrap(), *p) {
                let input = PartyInput {
                    name: party.name,
                    is_customer: party.is_customer,
                    is_supplier: party.is_supplier,
                    phone: Some(format!("(21) 9000{phone}-1111")),
                    ..PartyInput::default()
                };
                let _ = biz.update_party(&c, &id, input);
            }
        }
        Op::Charge {
            cents: v,
            installments,
        } => {
            let input = NewCharge {
                party: customer.clone(),
                amount: cents(*v),
                first_due_date: date("2026-03-31"),
                method: ChargeMethod::Pix,
                description: "Cobrança".into(),
                installments: *installments,
                category: None,
                account: None,
            };
            if let Ok(ids) = biz.create_charges(&c, input) {
                for id in ids {
                    let entry = biz.charge_view(&id, c.today).unwrap().charge.entry;
                    made.entries.insert(entry);
                    made.charges.insert(id);
                }
            }
        }
        Op::PayCharge { pick: p, acc } => {
            let charges: Vec<Id> = biz
                .charges(c.today)
                .unwrap()
                .into_iter()
                .map(|v| v.id)
                .collect();
            if let Some(id) = pick(&charges, *p) {
                let entry = biz.charge_view(&id, c.today).unwrap().charge.entry;
                if let Ok(pid) = biz.pay_charge(
                    &c,
                    &id,
                    PayCharge {
                        date: date("2026-03-10"),
                        account: accounts[*acc].clone(),
                    },
                ) {
                    made.payments.insert((entry, pid));
                }
            }
        }
        Op::CancelCharge { pick: p } => {
            let charges: Vec<Id> = biz
                .charges(c.today)
                .unwrap()
                .into_iter()
                .map(|v| v.id)
                .collect();
            if let Some(id) = pick(&charges, *p) {
                let _ = biz.cancel_charge(&c, &id, None);
            }
        }
        Op::PayRecurring { month, acc } => {
            // Recurring entries have deterministic ids: two replicas paying the same month
            // after materialising it separately is the hard case for "no record lost".
            let id = entry_id(rec, date(&format!("2026-{month:02}-01")));
            let pay = NewPayment {
                date: date("2026-03-10"),
                amount: dec("100"),
                account: accounts[*acc].clone(),
                note: None,
            };
            if let Ok(pid) = biz.pay_entry(&c, &id, pay) {
                made.payments.insert((id, pid));
            }
        }
        Op::Materialise { month } => {
            let up_to = date(&format!("2026-{:02}-28", month));
            if let Ok(ids) = biz.materialise_recurrences(&c, up_to) {
                made.entries.extend(ids);
            }
        }
        Op::Product { kg } => {
            let input = made.next_product(*kg);
            let id = biz
                .create_product(&c, input)
                .expect("a new SKU is accepted");
            made.stock.insert(id, Decimal::ZERO);
        }
        // The inventory inputs below are always valid, so every one must be accepted: the
        // expected stock counts each of them.
        Op::Purchase { pick: p, raw, paid } => {
            if let Some((id, product)) = pick(&biz.products().unwrap(), *p) {
                let q = quantity(product.unit, *raw);
                let input = NewPurchase {
                    date: date("2026-03-09"),
                    supplier: fx.supplier.clone(),
                    items: vec![PurchaseItem {
                        product: id.clone(),
                        quantity: q,
                        unit_cost: dec("4.50"),
                    }],
                    document_ref: None,
                    due_date: None,
                    paid_from: paid.map(|a| accounts[a].clone()),
                };
                let purchase = biz.record_purchase(&c, input).expect("purchase");
                made.purchases.insert(purchase.clone());
                made.entries
                    .insert(biz.purchase(&purchase).unwrap().unwrap().entry);
                *made.stock.get_mut(&id).expect("a generated product") += q;
            }
        }
        Op::Sale {
            pick: p,
            raw,
            acc,
            fiado,
        } => {
            if let Some((id, product)) = pick(&biz.products().unwrap(), *p) {
                let q = quantity(product.unit, *raw);
                let input = NewSale {
                    date: date("2026-03-10"),
                    items: vec![SaleItem {
                        product: id.clone(),
                        quantity: q,
                        unit_price: None,
                    }],
                    discount: Decimal::ZERO,
                    method: if *fiado {
                        PaymentMethod::Fiado
                    } else {
                        PaymentMethod::Pix
                    },
                    account: Some(accounts[*acc].clone()),
                    customer: fiado.then(|| customer.clone()),
                    due_date: None,
                    beyond_stock: true,
                };
                let sale = biz.record_sale(&c, input).expect("sale");
                made.sales.insert(sale.clone());
                made.entries.insert(biz.sale(&sale).unwrap().unwrap().entry);
                *made.stock.get_mut(&id).expect("a generated product") -= q;
            }
        }
        Op::Adjust { pick: p, raw, down } => {
            if let Some((id, product)) = pick(&biz.products().unwrap(), *p) {
                let q = quantity(product.unit, *raw);
                let q = if *down { -q } else { q };
                let input = NewMovement {
                    product: id.clone(),
                    date: date("2026-03-10"),
                    kind: MovementKind::Adjustment,
                    quantity: q,
                    unit_cost: None,
                    reason: Some("Contagem".into()),
                };
                biz.record_movement(&c, input).expect("adjustment");
                *made.stock.get_mut(&id).expect("a generated product") += q;
            }
        }
    }
}

fn sync(replicas: &mut [Business], from: usize, to: usize, how: &Sync) {
    if from == to {
        return;
    }
    let (src, dst) = if from < to {
        let (l, r) = replicas.split_at_mut(to);
        (&mut l[from], &mut r[0])
    } else {
        let (l, r) = replicas.split_at_mut(from);
        (&mut r[0], &mut l[to])
    };
    match how {
        Sync::Merge => dst.merge(src).unwrap(),
        Sync::ChangesSince => {
            let heads = dst.heads();
            // Heads the source does not know yet give "everything", which must also be fine.
            let changes = src.changes_since(&heads);
            dst.apply_changes(changes).unwrap();
        }
        Sync::Incremental => {
            let bytes = src.save();
            dst.load_incremental(&bytes).unwrap();
        }
    }
}

/// Everything a person can see, with ids.
fn state(biz: &Business) -> String {
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        biz.accounts().unwrap(),
        biz.entries().unwrap(),
        biz.transfers().unwrap(),
        biz.parties().unwrap(),
        biz.charges(date("2026-03-15")).unwrap(),
        biz.balances(date("2026-12-31")).unwrap(),
        biz.stock_levels().unwrap(),
        biz.stock_movements().unwrap(),
        biz.sales().unwrap(),
        biz.purchases().unwrap(),
    )
}

fn check_invariants(biz: &Business, made: &Created) {
    let accounts = biz.accounts().unwrap();
    let entries = biz.entries().unwrap();
    let transfers = biz.transfers().unwrap();
    let account_ids: BTreeSet<&Id> = accounts.iter().map(|(id, _)| id).collect();
    for (id, acc) in &accounts {
        let mut expected = acc.opening_balance;
        for (_, e) in &entries {
            for p in e.payments.values() {
                // No payment without an existing account.
                assert!(account_ids.contains(&p.account));
                if p.account == *id && p.voided.is_none() {
                    expected += e.kind.sign() * p.amount;
                }
            }
        }
        for (_, t) in &transfers {
            if t.to == *id {
                expected += t.amount;
            }
            if t.from == *id {
                expected -= t.amount;
            }
        }
        assert_eq!(
            biz.account_balance(id, date("2026-12-31")).unwrap(),
            expected,
            "balance of {}",
            acc.name
        );
    }
    let entry_ids: BTreeSet<Id> = entries.iter().map(|(id, _)| id.clone()).collect();
    let payment_ids: BTreeSet<(Id, Id)> = entries
        .iter()
        .flat_map(|(eid, e)| e.payments.keys().map(move |pid| (eid.clone(), pid.clone())))
        .collect();
    let charges = biz.charges(date("2026-03-15")).unwrap();
    for c in &charges {
        assert!(
            entry_ids.contains(&c.charge.entry),
            "charge without its entry"
        );
        if let Some(paid) = &c.charge.paid {
            assert!(
                payment_ids.contains(&(c.charge.entry.clone(), paid.payment.clone())),
                "paid charge without its payment"
            );
        }
    }
    let charge_ids: BTreeSet<Id> = charges.iter().map(|c| c.id.clone()).collect();
    let transfer_ids: BTreeSet<Id> = transfers.iter().map(|(id, _)| id.clone()).collect();
    let party_ids: BTreeSet<Id> = biz
        .parties()
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert!(made.entries.is_subset(&entry_ids), "an entry was lost");
    assert!(made.payments.is_subset(&payment_ids), "a payment was lost");
    assert!(
        made.transfers.is_subset(&transfer_ids),
        "a transfer was lost"
    );
    assert!(made.parties.is_subset(&party_ids), "a customer was lost");
    assert!(made.charges.is_subset(&charge_ids), "a charge was lost");

    let sale_ids: BTreeSet<Id> = biz.sales().unwrap().into_iter().map(|(id, _)| id).collect();
    assert_eq!(made.sales, sale_ids, "sales lost or invented");
    let purchase_ids: BTreeSet<Id> = biz
        .purchases()
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(made.purchases, purchase_ids, "purchases lost or invented");
    let stock: BTreeMap<Id, Decimal> = biz
        .stock_levels()
        .unwrap()
        .into_iter()
        .map(|l| (l.id, l.position.quantity))
        .collect();
    assert_eq!(stock, made.stock, "stock differs from the operations' sum");
    for (id, expected) in &made.stock {
        assert_eq!(
            biz.stock_position(id).unwrap().quantity,
            *expected,
            "stock of {id}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20, max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn three_replicas_converge(steps in prop::collection::vec(step(), 1..32), final_order in Just([0usize, 1, 2]).prop_shuffle(), shared_product in any::<bool>()) {
        let mut base = new_business();
        let accounts = vec![cash_account(&mut base, "100"), bank_account(&mut base, "250.50")];
        let customer = base.create_party(&ctx(), PartyInput::customer("Maria")).unwrap();
        let supplier = base.create_party(&ctx(), PartyInput::supplier("Moinho")).unwrap();
        let rec = base.create_recurrence(&ctx(), NewRecurrence {
            kind: EntryKind::Payable, description: "Aluguel".into(), amount: dec("900"), category: None, party: None,
            account: None, day_of_month: 5, every_months: 1, first_month: date("2026-01-01"), last_month: None,
        }).unwrap();
        let fx = Fixture { accounts, customer, supplier, rec };
        let mut made = Created::default();
        // Half the cases start with a product every replica knows; in the others each
        // replica registers one offline, creating its own `products` map, merged later.
        if shared_product {
            let id = base.create_product(&ctx(), made.next_product(false)).unwrap();
            made.stock.insert(id, Decimal::ZERO);
        }
        let mut replicas = vec![base.fork(&device("A", 11)), base.fork(&device("B", 12)), base.fork(&device("C", 13))];
        if !shared_product {
            for (i, replica) in replicas.iter_mut().enumerate() {
                let id = replica.create_product(&ctx(), made.next_product(i == 1)).unwrap();
                made.stock.insert(id, Decimal::ZERO);
            }
        }
        for s in &steps {
            let touched = match s {
                Step::Do(r, op) => {
                    run(&mut replicas[*r], op, &fx, &mut made);
                    *r
                }
                Step::Sync { from, to, how } => {
                    sync(&mut replicas, *from, *to, how);
                    *to
                }
            };
            // The replica's kept views, patched by this step, read the same as a copy that
            // hydrates everything afresh.
            let fresh = replicas[touched].fork(&device("F", 20));
            prop_assert_eq!(state(&replicas[touched]), state(&fresh));
        }
        // Full sync in a random order: everything into the first, then back out.
        let [first, second, third] = final_order;
        sync(&mut replicas, second, first, &Sync::ChangesSince);
        sync(&mut replicas, third, first, &Sync::Merge);
        sync(&mut replicas, first, second, &Sync::Incremental);
        sync(&mut replicas, first, third, &Sync::Merge);
        let s0 = state(&replicas[0]);
        prop_assert_eq!(&s0, &state(&replicas[1]));
        prop_assert_eq!(&s0, &state(&replicas[2]));
        prop_assert_eq!(replicas[0].heads(), replicas[1].heads());
        check_invariants(&replicas[0], &made);
        // A reload from bytes is the same state too.
        let bytes = replicas[2].save();
        let reloaded = Business::load(&bytes, &device("D", 14)).unwrap();
        prop_assert_eq!(&s0, &state(&reloaded));
        // So is the copy without history, unless a conflict waits for a person.
        match replicas[0].rebased(&device("D", 15), &ctx()) {
            Ok(copy) => prop_assert_eq!(&s0, &state(&copy)),
            Err(retaguarda_core::CoreError::Conflict(_)) => {}
            Err(e) => prop_assert!(false, "rebased failed: {e}"),
        }
    }
}
