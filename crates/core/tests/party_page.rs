//! A customer's or supplier's page is one query: the record, what it is ("Fornecedor" for a
//! supplier, not "Cliente"), its charges and its ledger entries.

use crate::common;
use common::*;
use retaguarda_core::ledger::{EntryKind, NewEntry};
use retaguarda_core::parties::PartyInput;

#[test]
fn the_page_gathers_charges_and_entries_of_the_record_only() {
    let mut biz = new_business();
    let ana = biz
        .create_party(&ctx(), PartyInput::customer("Ana"))
        .unwrap();
    let bia = biz
        .create_party(&ctx(), PartyInput::customer("Bia"))
        .unwrap();
    let mine = charge(&mut biz, &ana, "50.00", "2026-03-20");
    charge(&mut biz, &bia, "70.00", "2026-03-21");
    let mut entry = NewEntry::new(
        EntryKind::Receivable,
        "Venda a prazo",
        dec("30.00"),
        date("2026-04-05"),
    );
    entry.party = Some(ana.clone());
    biz.create_entry(&ctx(), entry).unwrap();

    let page = biz.party_page(&ana, date("2026-03-10")).unwrap().unwrap();
    assert_eq!(page.party.name, "Ana");
    assert_eq!(page.party.role(), "Cliente");
    assert!(page.conflicts.is_empty());
    let charges: Vec<_> = page.charges.iter().map(|c| c.id.clone()).collect();
    assert_eq!(charges, vec![mine]);
    // The charge's receivable and the sale, the latest due date first.
    let entries: Vec<_> = page
        .entries
        .iter()
        .map(|(_, e)| e.description.clone())
        .collect();
    assert_eq!(entries, vec!["Venda a prazo", "Cobrança: Encomenda"]);
    assert!(biz
        .party_page("nao-existe", date("2026-03-10"))
        .unwrap()
        .is_none());
}

#[test]
fn a_supplier_is_titled_as_one() {
    let mut biz = new_business();
    let moinho = biz
        .create_party(&ctx(), PartyInput::supplier("Moinho"))
        .unwrap();
    let page = biz
        .party_page(&moinho, date("2026-03-10"))
        .unwrap()
        .unwrap();
    assert_eq!(page.party.role(), "Fornecedor");
    let both = biz
        .create_party(
            &ctx(),
            PartyInput {
                is_supplier: true,
                ..PartyInput::customer("Dona Cida")
            },
        )
        .unwrap();
    let page = biz.party_page(&both, date("2026-03-10")).unwrap().unwrap();
    assert_eq!(page.party.role(), "Cliente e fornecedor");
}
