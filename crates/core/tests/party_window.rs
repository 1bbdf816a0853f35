//! Clientes' list read a window at a time (issue 31): `party_index` gives the ids a search
//! keeps in the list's order and `party_rows` the records of a window. Every window must be
//! exactly the slice of `find_parties` (the whole list the screen showed before), with and
//! without a search (name without accents, CPF, phone, e-mail), before and after changes
//! (new party, rename, archive, a charge paid, another device's edits merged in); the order
//! is checked against a sort, done here, of the collection's records.

use crate::common;
use common::*;
use retaguarda_core::charges::PayInto;
use retaguarda_core::parties::{Party, PartyInput, PARTIES};
use retaguarda_core::{Business, Id};

const SEARCHES: [&str; 8] = [
    "", "joao", "  SOUZA ", "529.982", "98765", "@moinho", "ana", "ninguém",
];

/// The active records matching `search`, by name (case ignored) then id, sorted here.
fn expected_ids(biz: &Business, search: &str) -> Vec<Id> {
    let mut all: Vec<(Id, Party)> = biz.list(PARTIES).unwrap();
    all.retain(|(_, p)| !p.archived && p.matches(search));
    all.sort_by(|a, b| (a.1.name.to_lowercase(), &a.0).cmp(&(b.1.name.to_lowercase(), &b.0)));
    all.into_iter().map(|(id, _)| id).collect()
}

fn assert_windows_match(biz: &Business) {
    for search in SEARCHES {
        let whole = biz.find_parties(search).unwrap();
        let index = biz.party_index(search).unwrap();
        let ids: Vec<Id> = whole.iter().map(|(id, _)| id.clone()).collect();
        assert_eq!(index.ids(), ids.as_slice(), "{search:?}");
        assert_eq!(ids, expected_ids(biz, search), "{search:?}");
        assert_eq!(index.len(), whole.len());
        let mut start = 0;
        while start < whole.len() {
            let end = (start + 7).min(whole.len());
            let rows = biz.party_rows(&index.ids()[start..end]).unwrap();
            assert_eq!(
                rows,
                whole[start..end].to_vec(),
                "{search:?} {start}..{end}"
            );
            start = end;
        }
    }
}

/// 45 records: repeated names in different cases (ties fall to the id), accents, a CPF, a
/// phone and an e-mail, suppliers, some archived.
fn shop() -> (Business, Vec<Id>) {
    let mut biz = new_business();
    let names = [
        "João Araújo",
        "joão araújo",
        "Maria Souza",
        "Ana Lima",
        "Ânia Souza",
        "Moinho Açores",
        "Padaria Bela",
        "ana lima",
        "Zé do Bar",
    ];
    let ids: Vec<Id> = (0..45)
        .map(|i| {
            let mut input = if i % 4 == 3 {
                PartyInput::supplier(format!("{} {}", names[i % names.len()], i % 3))
            } else {
                PartyInput::customer(format!("{} {}", names[i % names.len()], i % 3))
            };
            match i {
                0 => input.tax_id = Some("529.982.247-25".into()),
                1 => input.phone = Some("(11) 98765-4321".into()),
                2 => input.email = Some("compras@moinho.com.br".into()),
                _ => {}
            }
            biz.create_party(&ctx(), input).unwrap()
        })
        .collect();
    for id in ids.iter().skip(5).step_by(11) {
        biz.archive_party(&ctx(), id).unwrap();
    }
    (biz, ids)
}

#[test]
fn windows_of_the_index_are_slices_of_the_whole_list() {
    let (biz, _) = shop();
    assert!(biz.party_index("").unwrap().len() > 30);
    assert!(biz.party_index("souza").unwrap().len() > 7);
    for search in ["529.982", "98765", "@moinho"] {
        assert_eq!(biz.party_index(search).unwrap().len(), 1, "{search:?}");
    }
    assert!(biz.party_index("ninguém").unwrap().is_empty());
    assert_windows_match(&biz);
    assert_windows_match(&biz);
}

#[test]
fn the_index_and_rows_follow_every_change() {
    let (mut biz, ids) = shop();
    assert_windows_match(&biz);
    let new = biz
        .create_party(&ctx(), PartyInput::customer("Aaron Novo"))
        .unwrap();
    assert_windows_match(&biz);
    assert_eq!(biz.party_index("").unwrap().ids().first(), Some(&new));
    // A rename moves the record in the list (to its end: the sort compares the lower case
    // names as they are, and "é" comes after "z").
    biz.update_party(&ctx(), &ids[3], PartyInput::customer("Érico Zuleica"))
        .unwrap();
    assert_windows_match(&biz);
    assert_eq!(biz.party_index("").unwrap().ids().last(), Some(&ids[3]));
    biz.archive_party(&ctx(), &ids[2]).unwrap();
    assert_windows_match(&biz);
    assert!(biz.party_index("@moinho").unwrap().is_empty());
    // A charge created and paid touches the ledger and the charges, not the list.
    let bank = bank_account(&mut biz, "0");
    let charge = charge(&mut biz, &ids[4], "80.00", "2026-03-20");
    biz.pay_charge_into(&ctx(), &charge, date("2026-03-10"), PayInto::Account(bank))
        .unwrap();
    assert_windows_match(&biz);
    // Another device's new record and rename, merged in.
    let mut other = biz.fork(&device("Tablet", 2));
    other
        .create_party(&ctx(), PartyInput::supplier("Beto Distribuidor"))
        .unwrap();
    other
        .update_party(&ctx(), &ids[6], PartyInput::customer("Carla Nova"))
        .unwrap();
    biz.merge(&mut other).unwrap();
    assert_windows_match(&biz);
    // An id that is no record gives no row; the others keep their order.
    let rows = biz
        .party_rows(&[ids[7].clone(), "não-existe".into(), new.clone()])
        .unwrap();
    let got: Vec<Id> = rows.into_iter().map(|(id, _)| id).collect();
    assert_eq!(got, vec![ids[7].clone(), new]);
}
