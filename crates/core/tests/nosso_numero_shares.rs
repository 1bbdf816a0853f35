//! Nosso números are never issued twice, whatever devices do offline: each device draws from
//! its own share of the number space, handed down from the business's first device, and the
//! shares stay disjoint under any order of merges. A device without a share issues nothing.

use crate::boleto_support;
use crate::common;
use boleto_support::*;
use common::*;
use proptest::prelude::*;
use retaguarda_core::carteira::{NumberShare, NO_SHARE, NUMBER_SHARES};
use retaguarda_core::charges::{Charge, CHARGES};
use retaguarda_core::Business;
use std::collections::BTreeSet;

fn numbers(biz: &Business) -> Vec<u64> {
    biz.list::<Charge>(CHARGES)
        .unwrap()
        .iter()
        .filter_map(|(_, c)| c.boleto.as_ref().map(|b| b.nosso_numero))
        .collect()
}

fn assert_unique(all: &[u64]) {
    let unique: BTreeSet<u64> = all.iter().copied().collect();
    assert_eq!(
        unique.len(),
        all.len(),
        "a nosso número was reused: {all:?}"
    );
}

/// A device joining: a copy of `from`'s document that makes itself known.
fn join(from: &mut Business, name: &str, n: u8) -> Business {
    let mut d = from.fork(&device(name, n));
    d.request_number_share(&ctx()).unwrap();
    d
}

fn issue(biz: &mut Business, s: &Setup, installments: u32) {
    biz.create_boleto_charges(
        &ctx(),
        &s.carteira,
        boleto_charge(&s.customer, "50", installments),
    )
    .unwrap();
}

/// A second carteira of 1,000 numbers: units of one number, so every issue takes a block and
/// the devices' blocks interleave.
fn small(s: &mut Setup) {
    let mut input = itau(&s.account);
    input.range_start = 1000;
    input.range_end = Some(1999);
    s.carteira = s.biz.save_carteira(&ctx(), None, input).unwrap();
    assert_eq!(s.biz.carteira(&s.carteira).unwrap().unit, Some(1));
}

/// Whether two shares hold a unit in common.
fn overlap(a: &NumberShare, b: &NumberShare) -> bool {
    let bits = a.bits.min(b.bits);
    a.residue % (1 << bits) == b.residue % (1 << bits)
}

#[test]
fn a_device_without_a_share_issues_nothing() {
    let mut s = setup();
    let mut bia = join(&mut s.biz, "Notebook da Bia", 2);
    let (carteira, customer) = (s.carteira.clone(), s.customer.clone());
    let err = assert_rejected_unchanged(&mut bia, |b| {
        b.create_boleto_charges(&ctx(), &carteira, boleto_charge(&customer, "50", 1))
    });
    assert_eq!(err.to_string(), NO_SHARE);
    let waiting = bia.devices_without_number_share().unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].1, "Notebook da Bia");
}

#[test]
fn the_first_device_hands_half_of_its_share_to_each_new_device() {
    let mut s = setup();
    let mut bia = join(&mut s.biz, "Notebook da Bia", 2);
    let mut caio = join(&mut s.biz, "Tablet do Caio", 3);
    s.biz.merge(&mut bia).unwrap();
    s.biz.merge(&mut caio).unwrap();
    let served = s.biz.grant_number_shares(&ctx()).unwrap();
    assert_eq!(served.len(), 2);
    let shares: Vec<(String, NumberShare)> = s.biz.list(NUMBER_SHARES).unwrap();
    assert_eq!(shares.len(), 3);
    for (i, (a, x)) in shares.iter().enumerate() {
        for (b, y) in &shares[i + 1..] {
            assert!(!overlap(x, y), "{a} and {b} share units: {x:?} {y:?}");
        }
    }
    // Nothing left to serve: no change.
    let heads = s.biz.heads();
    assert!(s.biz.grant_number_shares(&ctx()).unwrap().is_empty());
    assert_eq!(s.biz.heads(), heads);
    assert!(s.biz.devices_without_number_share().unwrap().is_empty());
}

#[test]
fn devices_issuing_offline_never_reuse_a_nosso_numero() {
    let mut s = setup();
    small(&mut s);
    let mut ana = std::mem::replace(&mut s.biz, new_business());
    // Ana issues before anyone joins: her blocks must be respected by whoever gets the
    // half of her share they lie in.
    issue(&mut ana, &s, 3);
    let mut bia = join(&mut ana, "Notebook da Bia", 2);
    let mut caio = join(&mut ana, "Tablet do Caio", 3);
    ana.merge(&mut bia).unwrap();
    ana.merge(&mut caio).unwrap();
    // Ana's next issue hands out the shares in the same change.
    issue(&mut ana, &s, 1);
    bia.merge(&mut ana).unwrap();
    caio.merge(&mut ana).unwrap();
    // Everyone offline: many blocks' worth each, and Bia serves a fourth device on her own.
    let mut davi = join(&mut bia, "Celular do Davi", 4);
    bia.merge(&mut davi).unwrap();
    for _ in 0..10 {
        issue(&mut ana, &s, 2);
        issue(&mut bia, &s, 3);
        issue(&mut caio, &s, 1);
    }
    davi.merge(&mut bia).unwrap();
    for _ in 0..8 {
        issue(&mut davi, &s, 2);
    }
    ana.merge(&mut bia).unwrap();
    ana.merge(&mut caio).unwrap();
    ana.merge(&mut davi).unwrap();
    let all = numbers(&ana);
    assert_eq!(all.len(), 3 + 1 + 10 * 6 + 8 * 2);
    assert_unique(&all);
    assert!(ana.carteira_block_overlaps(&s.carteira).unwrap().is_empty());
    let c = ana.carteira(&s.carteira).unwrap();
    let devices: BTreeSet<&str> = c.blocks.values().map(|b| b.device.as_str()).collect();
    assert_eq!(devices.len(), 4);
}

#[test]
fn two_devices_serving_the_same_newcomer_concurrently_still_never_collide() {
    let mut s = setup();
    small(&mut s);
    let mut ana = std::mem::replace(&mut s.biz, new_business());
    let mut bia = join(&mut ana, "Notebook da Bia", 2);
    ana.merge(&mut bia).unwrap();
    ana.grant_number_shares(&ctx()).unwrap();
    bia.merge(&mut ana).unwrap();
    // Caio appears; Ana and Bia each hand him half of theirs, offline from each other.
    let mut caio = join(&mut bia, "Tablet do Caio", 3);
    ana.merge(&mut caio).unwrap();
    bia.merge(&mut caio).unwrap();
    assert_eq!(ana.grant_number_shares(&ctx()).unwrap().len(), 1);
    assert_eq!(bia.grant_number_shares(&ctx()).unwrap().len(), 1);
    // Caio sees Bia's grant first and issues; Ana and Bia issue too.
    caio.merge(&mut bia).unwrap();
    for _ in 0..6 {
        issue(&mut caio, &s, 2);
        issue(&mut ana, &s, 2);
        issue(&mut bia, &s, 2);
    }
    // Then Caio sees Ana's concurrent grant: whichever wins, he goes on without collision.
    caio.merge(&mut ana).unwrap();
    for _ in 0..6 {
        issue(&mut caio, &s, 2);
        issue(&mut ana, &s, 1);
    }
    ana.merge(&mut caio).unwrap();
    ana.merge(&mut bia).unwrap();
    let all = numbers(&ana);
    assert_eq!(all.len(), 6 * 6 + 6 * 3);
    assert_unique(&all);
}

#[test]
fn a_device_restored_from_a_backup_takes_over_a_lost_devices_share() {
    let mut s = setup();
    small(&mut s);
    let mut ana = std::mem::replace(&mut s.biz, new_business());
    issue(&mut ana, &s, 3);
    // Ana's phone is lost; the backup is restored on a new device, which holds no share.
    let mut bia = join(&mut ana, "Notebook da Bia", 2);
    let (carteira, customer) = (s.carteira.clone(), s.customer.clone());
    let err = assert_rejected_unchanged(&mut bia, |b| {
        b.create_boleto_charges(&ctx(), &carteira, boleto_charge(&customer, "50", 1))
    });
    assert_eq!(err.to_string(), NO_SHARE);
    let holders = bia.number_share_holders().unwrap();
    assert_eq!(holders.len(), 1);
    assert_eq!(holders[0].1, "Celular da Ana");
    bia.take_over_number_share(&ctx(), &holders[0].0).unwrap();
    issue(&mut bia, &s, 4);
    // The numbers Ana issued are skipped; Ana, once she syncs, issues nothing more.
    let mut all = numbers(&bia);
    assert_eq!(all.len(), 7);
    assert_unique(&all);
    ana.merge(&mut bia).unwrap();
    let err = assert_rejected_unchanged(&mut ana, |b| {
        b.create_boleto_charges(&ctx(), &carteira, boleto_charge(&customer, "50", 1))
    });
    assert_eq!(err.to_string(), NO_SHARE);
    // A device with a share cannot take another; a retired share cannot be taken again.
    let lost = holders[0].0.clone();
    let err = assert_rejected_unchanged(&mut bia, |b| b.take_over_number_share(&ctx(), &lost));
    assert_eq!(
        err.to_string(),
        "Este aparelho já tem sua faixa de nosso número."
    );
    let mut caio = join(&mut bia, "Tablet do Caio", 3);
    let err = assert_rejected_unchanged(&mut caio, |b| b.take_over_number_share(&ctx(), &lost));
    assert_eq!(
        err.to_string(),
        "Esse aparelho não tem faixa de nosso número para passar adiante."
    );
    all.sort_unstable();
    assert!(all.iter().all(|n| (1000..=1999).contains(n)));
}

#[test]
fn a_carteira_saved_again_keeps_how_the_space_is_cut() {
    let mut s = setup();
    let unit = s.biz.carteira(&s.carteira).unwrap().unit;
    assert_eq!(unit, Some(24), "99,999 numbers in 4096 units");
    let mut input = itau(&s.account);
    input.range_end = Some(9_999_999);
    s.biz
        .save_carteira(&ctx(), Some(&s.carteira), input)
        .unwrap();
    assert_eq!(s.biz.carteira(&s.carteira).unwrap().unit, unit);
}

/// One step of a random history of four devices.
#[derive(Debug, Clone)]
enum Step {
    Issue(usize, u32),
    Grant(usize),
    Merge(usize, usize),
    Edit(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..4usize, 1..4u32).prop_map(|(d, n)| Step::Issue(d, n)),
        2 => (0..4usize).prop_map(Step::Grant),
        3 => (0..4usize, 0..4usize).prop_map(|(a, b)| Step::Merge(a, b)),
        1 => (0..4usize).prop_map(Step::Edit),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Any interleaving of issues, grants, carteira edits and merges among four devices, in
    /// a range of 64 numbers (so blocks run out and units are contended), never issues the
    /// same nosso número twice; a device that cannot issue is refused, never wrong.
    #[test]
    fn no_history_reuses_a_nosso_numero(steps in proptest::collection::vec(step(), 1..30)) {
        let mut s = setup();
        let mut input = itau(&s.account);
        input.range_start = 1000;
        input.range_end = Some(1063);
        s.biz.save_carteira(&ctx(), Some(&s.carteira), input).unwrap();
        let mut ana = std::mem::replace(&mut s.biz, new_business());
        let mut devs = vec![
            join(&mut ana, "B", 2),
            join(&mut ana, "C", 3),
            join(&mut ana, "D", 4),
        ];
        devs.insert(0, ana);
        for st in steps {
            match st {
                Step::Issue(d, n) => {
                    let r = devs[d].create_boleto_charges(
                        &ctx(),
                        &s.carteira,
                        boleto_charge(&s.customer, "50", n),
                    );
                    if let Err(e) = r {
                        let text = e.to_string();
                        prop_assert!(text == NO_SHARE || text.contains("acabou"), "{text}");
                    }
                }
                Step::Grant(d) => {
                    devs[d].grant_number_shares(&ctx()).unwrap();
                }
                Step::Merge(a, b) if a != b => {
                    let mut other = devs[b].fork(&device("tmp", 99));
                    devs[a].merge(&mut other).unwrap();
                }
                Step::Merge(..) => {}
                Step::Edit(d) => {
                    let mut input = itau(&s.account);
                    input.range_start = 1000;
                    input.range_end = Some(if d % 2 == 0 { 1063 } else { 1031 });
                    devs[d].save_carteira(&ctx(), Some(&s.carteira), input).unwrap();
                }
            }
        }
        let (first, rest) = devs.split_at_mut(1);
        for d in rest {
            first[0].merge(d).unwrap();
        }
        let all = numbers(&first[0]);
        let unique: BTreeSet<u64> = all.iter().copied().collect();
        prop_assert_eq!(unique.len(), all.len(), "reused: {:?}", all);
        prop_assert!(all.iter().all(|n| (1000..=1063).contains(n)));
    }
}
