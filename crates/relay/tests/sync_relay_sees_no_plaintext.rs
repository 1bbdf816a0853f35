//! The relay's data files (or database rows) hold none of the names and
//! amounts the devices wrote, although the same bytes are in the payloads
//! before sealing.

use crate::common;

use common::sim::{contains, team_relay, SimDevice};
use retaguarda_core::{Business, Device};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relay_files_contain_no_plaintext() {
    let relay = team_relay().await;
    let (url, secret) = (relay.url.clone(), relay.secret.clone());
    let founder = Device::with_actor([1; 16], "caixa");
    let mut origin =
        Business::create(&founder, "Confeitaria Xiquexique", &common::sim::ctx()).expect("create");
    let mut a = SimDevice::new(&secret, "caixa", 1, Some(origin.fork(&founder)));
    let mut b = SimDevice::new(&secret, "celular", 2, Some(origin.fork(&founder)));
    a.snapshot();
    let names = ["Zulmira Quaresma", "Jovelino Brandão", "Wanderclei Pacheco"];
    let amounts = [("Bolo de casamento", 987_654), ("Torta alemã", 43_219)];
    for name in names {
        a.add_customer(name);
    }
    for (desc, cents) in amounts {
        b.add_receivable(desc, cents);
    }
    a.sync_once(&url).await;
    b.sync_once(&url).await;
    a.sync_once(&url).await;
    assert_eq!(a.customer_names().len(), 3);
    assert_eq!(
        a.entries().len(),
        2,
        "the data did travel through the relay"
    );
    // Compaction too: the snapshot is the densest plaintext of all.
    a.connect(&url).await;
    a.settle().await;
    a.snapshot();
    a.settle().await;
    a.disconnect();

    let mut needles: Vec<Vec<u8>> = names.iter().map(|n| n.as_bytes().to_vec()).collect();
    needles.push(b"Confeitaria Xiquexique".to_vec());
    needles.push(b"Bolo de casamento".to_vec());
    needles.push(b"9876.54".to_vec());
    needles.push(b"432.19".to_vec());

    // The test can fail: the plaintext payloads do contain every needle.
    let save = a.biz().save();
    let plaintext: Vec<u8> = a
        .sent_plaintext
        .iter()
        .chain(b.sent_plaintext.iter())
        .flatten()
        .copied()
        .chain(save.iter().copied())
        .collect();
    let uncompressed: Vec<u8> = {
        let mut doc = automerge::AutoCommit::load(&save).expect("load");
        doc.save_nocompress()
    };
    for needle in &needles {
        assert!(
            contains(&plaintext, needle) || contains(&uncompressed, needle),
            "needle {:?} not even in the plaintext",
            String::from_utf8_lossy(needle)
        );
    }

    let files = relay.dist.stored_bytes();
    assert!(!files.is_empty());
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();
    // After compaction, the snapshot at least (PostgreSQL's rows hold only that).
    assert!(total > 2048, "the relay did store data ({total} bytes)");
    for (path, bytes) in &files {
        for needle in &needles {
            assert!(
                !contains(bytes, needle),
                "{path} contains {:?}",
                String::from_utf8_lossy(needle)
            );
        }
    }
}
