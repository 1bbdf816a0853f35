//! The shop-sized dataset: three years of a busy shop, generated from a fixed seed and
//! written through core's public operations (`Business::create_entry`, `pay_entry`,
//! `create_charges`, `record_movement`, `create_payroll_run`, ...), one Automerge change
//! per operation, exactly as the app writes them.
//!
//! Two forms: one device, or several devices that each worked offline for the whole
//! period (records are dealt round-robin between them) and were merged at the end.
//!
//! Determinism: every choice (names, amounts, dates, which device) comes from a seeded
//! ChaCha generator and every device has a fixed actor id, so the same seed gives the
//! same records with the same content. The record ids are minted by core with
//! `uuid::Uuid::new_v4()` from the system's random source, so two runs do not give the
//! same save bytes; [`fingerprint`] compares everything but those ids.

use chrono::{Datelike, Days, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use retaguarda_core::charges::{ChargeMethod, NewCharge, PayCharge};
use retaguarda_core::inventory::{MovementKind, NewMovement, NewProduct, Unit};
use retaguarda_core::ledger::{
    categories, AccountKind, EntryKind, NewAccount, NewEntry, NewPayment,
};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::staff::{Contract, NewStaff, PayrollTables};
use retaguarda_core::{Business, CoreResult, Device, Id, OpCtx};
use rust_decimal::Decimal;

/// What a shop does later about an entry or a charge it did not settle when it was made.
enum Later {
    PayEntry { doc: usize, id: Id, amount: Decimal },
    PayCharge { doc: usize, id: Id },
    CancelCharge { doc: usize, id: Id },
}

/// The day (counted from [`start_date`]) something made on `day` is settled: a few days
/// after it falls due, `due_in` days later.
fn settle_day(rng: &mut ChaCha8Rng, day: u64, due_in: u64) -> u64 {
    day + 1 + due_in + rng.random_range(0..10)
}

/// The default seed.
pub const SEED: u64 = 0x5245_5441_4755_4152;

/// First day of the three years.
pub fn start_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default()
}

/// Days in the three years 2024–2026.
pub const DAYS: u64 = 1096;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spec {
    /// 1.0 is the full shop; 0.01 a hundredth of every collection (at least one of each).
    pub scale: f64,
    /// Devices that worked offline and were merged (1 for a single device).
    pub devices: u8,
    /// Seed of every choice.
    pub seed: u64,
}

impl Spec {
    /// The full shop on one device with the default seed, scaled.
    pub fn new(scale: f64, devices: u8) -> Spec {
        Spec {
            scale,
            devices: devices.max(1),
            seed: SEED,
        }
    }

    /// How many records of each kind this spec asks for.
    pub fn targets(&self) -> Counts {
        let s = |full: f64| -> u64 { ((full * self.scale).round() as u64).max(1) };
        let charges = s(30_000.0);
        Counts {
            // Each charge writes its receivable into the ledger, so direct entries make up
            // the rest of the 100,000.
            entries: s(100_000.0).saturating_sub(charges).max(1),
            payments: 0,
            charges,
            customers: s(3_000.0),
            suppliers: s(500.0),
            products: s(5_000.0),
            movements: s(200_000.0),
            staff: s(30.0),
            payroll_runs: 36,
            operations: 0,
        }
    }
}

/// Records written, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Ledger entries created directly (charges and payroll add their own).
    pub entries: u64,
    /// Payments of entries and charges.
    pub payments: u64,
    /// Charges.
    pub charges: u64,
    /// Customers.
    pub customers: u64,
    /// Suppliers.
    pub suppliers: u64,
    /// Products.
    pub products: u64,
    /// Stock movements.
    pub movements: u64,
    /// Staff members.
    pub staff: u64,
    /// Closed payroll runs.
    pub payroll_runs: u64,
    /// Core operations (Automerge changes) in total.
    pub operations: u64,
}

/// A generated dataset: the merged document and what went into it.
#[derive(Debug)]
pub struct Dataset {
    /// The document (device 1's copy, with every other device merged in).
    pub business: Business,
    /// What was written.
    pub counts: Counts,
}

/// The fixed device `n` of a dataset.
pub fn device(seed: u64, n: u8) -> Device {
    let mut actor = [0u8; 16];
    actor[..8].copy_from_slice(&seed.to_be_bytes());
    actor[15] = n + 1;
    Device::with_actor(actor, format!("Celular {}", n + 1))
}

fn ctx_on(date: NaiveDate, seq: u64) -> OpCtx {
    let midnight = date
        .and_hms_opt(8, 0, 0)
        .map(|t| t.and_utc().timestamp_millis())
        .unwrap_or_default();
    // A few seconds apart, so the audit log is in order within a day.
    OpCtx::new(date, midnight + (seq % 40_000) as i64 * 1000)
}

fn cents(rng: &mut ChaCha8Rng, min: i64, max: i64) -> Decimal {
    Decimal::new(rng.random_range(min..=max), 2)
}

fn pick<'a>(rng: &mut ChaCha8Rng, list: &'a [Id]) -> &'a Id {
    &list[rng.random_range(0..list.len())]
}

/// A valid CPF (check digits computed) from nine base digits.
pub fn cpf(base: u64) -> String {
    let mut d: Vec<u32> = format!("{:09}", base % 1_000_000_000)
        .chars()
        .filter_map(|c| c.to_digit(10))
        .collect();
    // All-equal digits are refused by the CPF rules.
    if d.iter().all(|x| *x == d[0]) {
        d[8] = (d[8] + 1) % 10;
    }
    for len in [9usize, 10] {
        let sum: u32 = d
            .iter()
            .take(len)
            .enumerate()
            .map(|(i, x)| x * (len as u32 + 1 - i as u32))
            .sum();
        let r = (sum * 10) % 11;
        d.push(if r == 10 { 0 } else { r });
    }
    d.iter().map(|x| char::from(b'0' + *x as u8)).collect()
}

const FIRST: &[&str] = &[
    "Ana",
    "Bruno",
    "Carla",
    "Diego",
    "Eduarda",
    "Felipe",
    "Gabriela",
    "Henrique",
    "Isabela",
    "João",
    "Larissa",
    "Marcos",
    "Natália",
    "Otávio",
    "Patrícia",
    "Rafael",
    "Sofia",
    "Tiago",
];
const LAST: &[&str] = &[
    "Silva",
    "Souza",
    "Oliveira",
    "Santos",
    "Pereira",
    "Lima",
    "Carvalho",
    "Ferreira",
    "Rodrigues",
    "Almeida",
    "Costa",
    "Gomes",
    "Martins",
    "Araújo",
    "Ribeiro",
];
const GOODS: &[&str] = &[
    "Pão francês",
    "Bolo de fubá",
    "Café 500 g",
    "Leite integral",
    "Queijo minas",
    "Presunto",
    "Manteiga",
    "Farinha de trigo",
    "Açúcar",
    "Refrigerante 2 L",
    "Sonho",
    "Pão de queijo",
    "Biscoito",
    "Torta",
    "Salgado",
];

fn person(rng: &mut ChaCha8Rng, n: u64) -> String {
    format!(
        "{} {} {}",
        FIRST[rng.random_range(0..FIRST.len())],
        LAST[rng.random_range(0..LAST.len())],
        n
    )
}

/// The records of one kind that fall on day `day` when `total` are spread evenly.
fn share(total: u64, day: u64) -> std::ops::Range<u64> {
    total * day / DAYS..total * (day + 1) / DAYS
}

/// Generates the dataset through core's operations.
pub fn generate(spec: &Spec) -> CoreResult<Dataset> {
    let target = spec.targets();
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let mut counts = Counts::default();
    let mut seq = 0u64;
    let mut next_ctx = |date: NaiveDate| {
        seq += 1;
        ctx_on(date, seq)
    };
    let setup_day = start_date() - Days::new(1);

    let mut first = Business::create(
        &device(spec.seed, 0),
        "Padaria Pão Quente",
        &next_ctx(setup_day),
    )?;
    counts.operations += 1;
    let cash = first.create_account(
        &next_ctx(setup_day),
        NewAccount {
            name: "Caixa da loja".into(),
            kind: AccountKind::Cash,
            opening_balance: Decimal::new(50_000, 2),
            opening_date: setup_day,
        },
    )?;
    let bank = first.create_account(
        &next_ctx(setup_day),
        NewAccount {
            name: "Banco".into(),
            kind: AccountKind::Bank,
            opening_balance: Decimal::new(1_000_000, 2),
            opening_date: setup_day,
        },
    )?;
    counts.operations += 2;
    let accounts = [cash.clone(), bank.clone()];
    // Core ships the 2026 tables; the two earlier years reuse them so payroll runs.
    for year in [2024, 2025] {
        let tables = PayrollTables {
            year,
            ..PayrollTables::brazil_2026()
        };
        first.set_payroll_tables(&next_ctx(setup_day), tables)?;
        counts.operations += 1;
    }

    let mut suppliers = Vec::new();
    for n in 0..target.suppliers {
        let mut input = PartyInput::supplier(format!("Fornecedor {} Ltda", n + 1));
        input.phone = Some(format!(
            "(11) 3{:03}-{:04}",
            n % 1000,
            rng.random_range(0..10_000)
        ));
        suppliers.push(first.create_party(&next_ctx(setup_day), input)?);
        counts.suppliers += 1;
        counts.operations += 1;
    }
    let mut customers = Vec::new();
    for n in 0..target.customers {
        let mut input = PartyInput::customer(person(&mut rng, n + 1));
        input.phone = Some(format!(
            "(11) 9{:04}-{:04}",
            n % 10_000,
            rng.random_range(0..10_000)
        ));
        customers.push(first.create_party(&next_ctx(setup_day), input)?);
        counts.customers += 1;
        counts.operations += 1;
    }
    let mut products = Vec::new();
    for n in 0..target.products {
        let cost = cents(&mut rng, 50, 10_000);
        let price = (cost * Decimal::new(16, 1)).round_dp(2);
        let input = NewProduct {
            sku: format!("SKU-{:05}", n + 1),
            gtin: None,
            name: format!("{} {}", GOODS[(n as usize) % GOODS.len()], n + 1),
            unit: Unit::Un,
            cost,
            price,
            reorder_point: Some(Decimal::from(rng.random_range(2..20))),
            reorder_quantity: Some(Decimal::from(rng.random_range(10..50))),
            supplier: Some(pick(&mut rng, &suppliers).clone()),
        };
        products.push((first.create_product(&next_ctx(setup_day), input)?, cost));
        counts.products += 1;
        counts.operations += 1;
    }
    for n in 0..target.staff {
        let hire = NaiveDate::from_ymd_opt(2020 + (n % 4) as i32, 1 + (n % 12) as u32, 1)
            .unwrap_or(setup_day);
        let input = NewStaff {
            name: person(&mut rng, n + 1),
            cpf: cpf(spec.seed.wrapping_add(n * 7919)),
            role: ["Padeiro", "Atendente", "Confeiteiro", "Caixa"][(n % 4) as usize].into(),
            hire_date: hire,
            monthly_salary: cents(&mut rng, 170_000, 500_000),
            contract: Contract::Clt,
            dependants: rng.random_range(0..3),
        };
        first.create_staff(&next_ctx(setup_day), input)?;
        counts.staff += 1;
        counts.operations += 1;
    }

    // The other devices start from the shared setup and then work offline.
    let mut docs = vec![first];
    for n in 1..spec.devices {
        let copy = docs[0].fork(&device(spec.seed, n));
        docs.push(copy);
    }
    let n_docs = docs.len() as u64;
    let mut dealt = 0u64;
    let mut deal = || {
        dealt += 1;
        (dealt % n_docs) as usize
    };

    // A busy shop settles almost everything: what it does not pay or receive on the day is
    // paid a few days after it falls due, and only a few entries and charges stay open
    // (a customer who never paid, a bill in dispute). Days past the end stay open too.
    let mut later: std::collections::BTreeMap<u64, Vec<Later>> = Default::default();
    for day in 0..DAYS {
        let date = start_date() + Days::new(day);
        for task in later.remove(&day).unwrap_or_default() {
            match task {
                Later::PayEntry { doc, id, amount } => {
                    let payment = NewPayment {
                        date,
                        amount,
                        account: pick(&mut rng, &accounts).clone(),
                        note: None,
                    };
                    docs[doc].pay_entry(&next_ctx(date), &id, payment)?;
                    counts.payments += 1;
                }
                Later::PayCharge { doc, id } => {
                    let pay = PayCharge {
                        date,
                        account: bank.clone(),
                    };
                    docs[doc].pay_charge(&next_ctx(date), &id, pay)?;
                    counts.payments += 1;
                }
                Later::CancelCharge { doc, id } => {
                    docs[doc].cancel_charge(&next_ctx(date), &id, Some("Cliente desistiu"))?;
                }
            }
            counts.operations += 1;
        }
        for _ in share(target.entries, day) {
            let doc = deal();
            let biz = &mut docs[doc];
            let payable = rng.random_bool(0.45);
            let (kind, category, parties) = if payable {
                let cat = [
                    categories::SUPPLIES,
                    categories::GOODS_PURCHASES,
                    categories::RENT,
                ][rng.random_range(0..3)];
                (EntryKind::Payable, cat, &suppliers)
            } else {
                let cat =
                    [categories::SALES_OF_GOODS, categories::SERVICES][rng.random_range(0..2)];
                (EntryKind::Receivable, cat, &customers)
            };
            let amount = cents(&mut rng, 500, 300_000);
            let due_in = rng.random_range(0..30);
            let mut input = NewEntry::new(
                kind,
                format!(
                    "{} {}",
                    GOODS[rng.random_range(0..GOODS.len())],
                    counts.entries + 1
                ),
                amount,
                date + Days::new(due_in),
            );
            input.category = Some(category.to_string());
            input.account = Some(pick(&mut rng, &accounts).clone());
            if rng.random_bool(0.5) {
                input.party = Some(pick(&mut rng, parties).clone());
            }
            let id = biz.create_entry(&next_ctx(date), input)?;
            counts.entries += 1;
            counts.operations += 1;
            if rng.random_bool(0.7) {
                let payment = NewPayment {
                    date,
                    amount,
                    account: pick(&mut rng, &accounts).clone(),
                    note: None,
                };
                biz.pay_entry(&next_ctx(date), &id, payment)?;
                counts.payments += 1;
                counts.operations += 1;
            } else if rng.random_bool(0.93) {
                let when = settle_day(&mut rng, day, due_in);
                later
                    .entry(when)
                    .or_default()
                    .push(Later::PayEntry { doc, id, amount });
            }
        }
        for _ in share(target.charges, day) {
            let doc = deal();
            let biz = &mut docs[doc];
            let due_in = rng.random_range(3..30);
            let input = NewCharge {
                party: pick(&mut rng, &customers).clone(),
                amount: cents(&mut rng, 2_000, 200_000),
                first_due_date: date + Days::new(due_in),
                method: if rng.random_bool(0.8) {
                    ChargeMethod::Pix
                } else {
                    ChargeMethod::Boleto
                },
                description: format!("Encomenda {}", counts.charges + 1),
                installments: 1,
                category: None,
                account: Some(bank.clone()),
            };
            let ids = biz.create_charges(&next_ctx(date), input)?;
            counts.charges += 1;
            counts.operations += 1;
            if rng.random_bool(0.6) {
                for id in ids {
                    let pay = PayCharge {
                        date,
                        account: bank.clone(),
                    };
                    biz.pay_charge(&next_ctx(date), &id, pay)?;
                    counts.payments += 1;
                    counts.operations += 1;
                }
            } else {
                let settle = rng.random_range(0..100);
                for id in ids {
                    let task = match settle {
                        0..=84 => Later::PayCharge { doc, id },
                        85..=91 => Later::CancelCharge { doc, id },
                        _ => continue,
                    };
                    let when = settle_day(&mut rng, day, due_in + 20 * u64::from(settle > 84));
                    later.entry(when).or_default().push(task);
                }
            }
        }
        for _ in share(target.movements, day) {
            let biz = &mut docs[deal()];
            let (product, cost) = &products[rng.random_range(0..products.len())];
            let (kind, quantity, reason) = match rng.random_range(0..10) {
                0..=5 => (
                    MovementKind::Adjustment,
                    Decimal::from(rng.random_range(1..30)),
                    Some("Contagem do estoque".to_string()),
                ),
                6..=7 => (
                    MovementKind::Loss,
                    Decimal::from(-rng.random_range(1..5)),
                    Some("Vencido".to_string()),
                ),
                _ => (
                    MovementKind::Return,
                    Decimal::from(rng.random_range(1..4)),
                    None,
                ),
            };
            let input = NewMovement {
                product: product.clone(),
                date,
                kind,
                quantity,
                // Given explicitly: without it core replays every movement to find the
                // average cost (see BENCHMARKS.md).
                unit_cost: Some(*cost),
                reason,
            };
            biz.record_movement(&next_ctx(date), input)?;
            counts.movements += 1;
            counts.operations += 1;
        }
        // Payroll of the month, closed on its last day by the first device.
        let tomorrow = date + Days::new(1);
        if tomorrow.month() != date.month() {
            let biz = &mut docs[0];
            let id = biz.create_payroll_run(&next_ctx(date), date.year(), date.month())?;
            biz.close_payroll_run(&next_ctx(date), &id, Some(bank.clone()))?;
            counts.payroll_runs += 1;
            counts.operations += 2;
            // Salaries, INSS and FGTS are paid on their due dates.
            let run = biz.payroll_run(&id)?.map(|r| r.entries).unwrap_or_default();
            for entry_id in run {
                if let Some(entry) = biz.entry(&entry_id)? {
                    let due = (entry.due_date - start_date()).num_days().max(0) as u64;
                    let task = Later::PayEntry {
                        doc: 0,
                        id: entry_id,
                        amount: entry.open_amount(),
                    };
                    later.entry(due.max(day + 1)).or_default().push(task);
                }
            }
        }
    }

    let mut docs = docs.into_iter();
    let mut business = docs
        .next()
        .ok_or_else(|| retaguarda_core::CoreError::Document("nenhum aparelho".into()))?;
    for mut other in docs {
        business.merge(&mut other)?;
    }
    Ok(Dataset { business, counts })
}

/// Everything the dataset holds except the random record ids: the sorted contents of the
/// main collections, for comparing two generations with the same seed.
pub fn fingerprint(business: &Business, today: NaiveDate) -> CoreResult<Vec<String>> {
    let mut out = Vec::new();
    let mut entries: Vec<String> = business
        .entries()?
        .into_iter()
        .map(|(_, e)| {
            format!(
                "E {} {} {} {} {:?}",
                e.description,
                e.amount,
                e.due_date,
                e.payments.len(),
                e.status()
            )
        })
        .collect();
    entries.sort();
    out.extend(entries);
    let mut charges: Vec<String> = business
        .charges(today)?
        .into_iter()
        .map(|c| {
            format!(
                "C {} {} {} {:?}",
                c.charge.description, c.charge.amount, c.charge.due_date, c.status
            )
        })
        .collect();
    charges.sort();
    out.extend(charges);
    let mut parties: Vec<String> = business
        .parties()?
        .into_iter()
        .map(|(_, p)| format!("P {} {:?}", p.name, p.phone))
        .collect();
    parties.sort();
    out.extend(parties);
    let mut products: Vec<String> = business
        .products()?
        .into_iter()
        .map(|(_, p)| format!("I {} {} {}", p.sku, p.name, p.price))
        .collect();
    products.sort();
    out.extend(products);
    let mut movements: Vec<String> = business
        .stock_movements()?
        .into_iter()
        .map(|(_, m)| format!("M {} {:?} {}", m.date, m.kind, m.quantity))
        .collect();
    movements.sort();
    out.extend(movements);
    let mut runs: Vec<String> = business
        .payroll_runs()?
        .into_iter()
        .map(|(id, r)| format!("R {id} {}", r.total_net()))
        .collect();
    runs.sort();
    out.extend(runs);
    Ok(out)
}
