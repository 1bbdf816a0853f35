//! Closing a period in a team, through a relay in process (docs/SYNC.md, section 8): a
//! device offline across the close carries its edits into the new period, every device
//! ends on the same live document in the new period's room, and two devices closing at
//! once end on the one mark the relay stored first.

use crate::common;

use std::time::Duration;

use chrono::NaiveDate;
use common::sim::{ctx, team_relay, SimDevice};
use retaguarda_core::ledger::{EntryKind, NewEntry, NewPayment};
use retaguarda_core::{Business, Device};
use rust_decimal::Decimal;

fn day(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

/// A payment of R$ 300,00 from `account`.
fn payment(date: NaiveDate, account: &str) -> NewPayment {
    NewPayment {
        date,
        amount: Decimal::new(30_000, 2),
        account: account.to_string(),
        note: None,
    }
}

/// A shop with a bill paid in September and one open in October.
fn shop() -> (Business, String) {
    let founder = Device::with_actor([1; 16], "caixa");
    let mut b = Business::create(&founder, "Padaria Pão Quente", &ctx()).expect("create");
    let cash = b
        .create_account(
            &ctx(),
            retaguarda_core::ledger::NewAccount {
                name: "Caixa".into(),
                kind: retaguarda_core::ledger::AccountKind::Cash,
                opening_balance: Decimal::new(100_000, 2),
                opening_date: day("2026-01-01"),
            },
        )
        .expect("account");
    for (what, due, paid) in [
        ("Farinha", "2026-09-10", true),
        ("Aluguel", "2026-10-05", false),
    ] {
        let id = b
            .create_entry(
                &ctx(),
                NewEntry::new(EntryKind::Payable, what, Decimal::new(30_000, 2), day(due)),
            )
            .expect("entry");
        if paid {
            b.pay_entry(&ctx(), &id, payment(day(due), &cash))
                .expect("pay");
        }
    }
    (b, cash)
}

/// Connects, settles, and moves to a new period as often as a mark says so.
async fn catch_up(device: &mut SimDevice, url: &str) {
    if !device.is_connected() {
        device.connect(url).await;
    }
    device.settle().await;
    while device.follow_epoch() {
        device.connect(url).await;
        device.settle().await;
    }
}

fn names(device: &mut SimDevice) -> Vec<(String, Decimal)> {
    device.entries()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_offline_across_the_close_carries_its_edits_into_the_new_period() {
    let relay = team_relay().await;
    let (url, secret) = (relay.url.clone(), relay.secret.clone());
    let (mut origin, cash) = shop();
    let founder = origin.device().clone();
    let mut ana = SimDevice::new(&secret, "caixa", 1, Some(origin.fork(&founder)));
    let mut bia = SimDevice::new(&secret, "celular", 2, None);
    let mut caio = SimDevice::new(&secret, "notebook", 3, None);
    ana.snapshot();
    ana.sync_once(&url).await;
    bia.sync_once(&url).await;
    caio.sync_once(&url).await;

    // Caio, offline, pays the rent and records an October sale.
    let rent = caio
        .biz()
        .entries()
        .expect("entries")
        .into_iter()
        .find(|(_, e)| e.description == "Aluguel")
        .expect("rent")
        .0;
    caio.record(|b| {
        b.pay_entry(&ctx(), &rent, payment(day("2026-10-05"), &cash))
            .expect("pay");
    });
    caio.add_receivable("Encomenda de bolos", 25_000);

    // Ana closes the period before October while Bia is online.
    ana.connect(&url).await;
    ana.settle().await;
    bia.connect(&url).await;
    bia.settle().await;
    ana.close_period(day("2026-10-01")).expect("close");
    catch_up(&mut ana, &url).await;
    assert_eq!(ana.archives.len(), 1, "Ana moved");
    // Bia gets the mark pushed, follows, and finds Ana's snapshot in the new room.
    while bia.pump(Duration::from_millis(300)).await {}
    catch_up(&mut bia, &url).await;
    assert_eq!(bia.archives.len(), 1, "Bia moved");
    assert_eq!(bia.sorted_heads(), ana.sorted_heads());
    let live_names = names(&mut ana);
    assert!(
        !live_names.iter().any(|(n, _)| n == "Farinha"),
        "September's bill is in the archive: {live_names:?}"
    );

    // Caio comes back: his edits go to the old room, the mark comes in, he follows and
    // carries them over.
    catch_up(&mut caio, &url).await;
    assert_eq!(caio.archives.len(), 1, "Caio moved");
    bia.disconnect();
    ana.disconnect();
    for device in [&mut ana, &mut bia, &mut caio] {
        device.sync_once(&url).await;
    }
    for device in [&mut ana, &mut bia] {
        device.sync_once(&url).await;
    }
    let expected = names(&mut caio);
    assert!(
        expected.iter().any(|(n, _)| n == "Encomenda de bolos"),
        "{expected:?}"
    );
    for device in [&mut ana, &mut bia] {
        assert_eq!(names(device), expected, "{}", device.name);
        assert_eq!(
            device.sorted_heads(),
            caio.sorted_heads(),
            "{}",
            device.name
        );
        let rent_now = device.biz().entry(&rent).expect("read").expect("rent kept");
        assert_eq!(rent_now.open_amount(), Decimal::ZERO, "Caio's payment");
    }
    for device in [&mut ana, &mut bia, &mut caio] {
        assert_eq!(
            device.biz().period_start().expect("period"),
            Some(day("2026-10-01"))
        );
        assert!(device.rejected.is_empty(), "{}", device.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_devices_closing_at_once_end_on_the_mark_the_relay_stored_first() {
    let relay = team_relay().await;
    let (url, secret) = (relay.url.clone(), relay.secret.clone());
    let (mut origin, _) = shop();
    let founder = origin.device().clone();
    let mut ana = SimDevice::new(&secret, "caixa", 1, Some(origin.fork(&founder)));
    let mut bia = SimDevice::new(&secret, "celular", 2, None);
    ana.snapshot();
    ana.sync_once(&url).await;
    for device in [&mut ana, &mut bia] {
        device.connect(&url).await;
        device.settle().await;
    }
    // Both close before either hears of the other, on different days.
    ana.close_period(day("2026-10-01")).expect("Ana closes");
    bia.close_period(day("2026-09-15")).expect("Bia closes");
    for _ in 0..3 {
        catch_up(&mut ana, &url).await;
        catch_up(&mut bia, &url).await;
    }
    assert_eq!(ana.archives.len(), 1);
    assert_eq!(bia.archives.len(), 1);
    assert_eq!(
        ana.biz().period_start().expect("period"),
        bia.biz().period_start().expect("period"),
        "one period for the team"
    );
    bia.add_receivable("Depois do fechamento", 4_200);
    for device in [&mut bia, &mut ana] {
        device.sync_once(&url).await;
    }
    assert_eq!(ana.entries(), bia.entries());
    assert_eq!(ana.sorted_heads(), bia.sorted_heads());
}
