//! Probe: what the bytes of a saved document are made of. Loads a `.retaguarda` backup and
//! reports the change messages (the audit log's JSON), as stored now and in the earlier
//! form, against the whole save, and how much a second DEFLATE over the save would take off.
//!
//! `cargo run --profile server -p retaguarda-core --example size_probe -- shop.retaguarda`

use std::io::Write;

use retaguarda_core::business::ChangeMessage;
use retaguarda_core::{backup, Device};

fn deflated(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("deflate");
    enc.finish().expect("deflate").len()
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("uso: size_probe ARQUIVO.retaguarda");
        std::process::exit(2);
    };
    let file = std::fs::read(&path).expect("ler o backup");
    let device = Device::with_actor([7; 16], "probe");
    let mut biz = backup::read(&file, &device).expect("abrir o backup");
    let save = biz.save();
    // The messages as the operations wrote them, rebuilt from the audit log that parses them.
    let parsed: Vec<ChangeMessage> = biz
        .audit_log()
        .expect("ler o histórico")
        .into_iter()
        .map(|a| ChangeMessage {
            op: a.op,
            record: a.record,
            staff: a.staff,
            at: Some(a.at_ms),
        })
        .collect();
    // As this build stores them, and as the earlier format did (plain ids and `at`).
    let compact: Vec<String> = parsed
        .iter()
        .map(|m| {
            ChangeMessage {
                at: None,
                ..m.clone()
            }
            .encode()
        })
        .collect();
    let earlier: Vec<String> = parsed
        .iter()
        .map(|m| serde_json::to_string(m).unwrap_or_default())
        .collect();
    let without_record: Vec<String> = parsed
        .iter()
        .map(|m| {
            ChangeMessage {
                record: None,
                at: None,
                ..m.clone()
            }
            .encode()
        })
        .collect();
    println!("| what | bytes |\n| --- | --- |");
    println!("| save | {} |", save.len());
    println!("| save, deflated again | {} |", deflated(&save));
    println!("| changes | {} |", parsed.len());
    for (label, texts) in [
        ("messages as stored now", &compact),
        ("messages in the earlier form (plain UUID, `at`)", &earlier),
        ("messages without the record id", &without_record),
    ] {
        let joined = texts.join("\n");
        println!(
            "| {label}: raw / deflated | {} / {} |",
            joined.len(),
            deflated(joined.as_bytes())
        );
    }
}
