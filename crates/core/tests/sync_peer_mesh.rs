//! Devices of a team converge directly (Automerge's sync protocol over data
//! channels), whatever the channels do: lost, duplicated and reordered messages,
//! channels that drop and come back with backoff, a relay that disappears once the
//! devices are linked, a device that leaves, and a full mesh of ten.

use crate::peer_support;

use peer_support::{Weather, World};
use retaguarda_core::sync::{PeerEvent, TeamSecret};

fn team() -> TeamSecret {
    TeamSecret::from_bytes([7; 32])
}

fn rough() -> Weather {
    Weather {
        drop: 200,
        duplicate: 150,
        jitter: 300,
    }
}

#[test]
fn two_peers_exchange_what_the_other_lacks() {
    let mut world = World::new(&team(), 2, Weather::default(), 3);
    world.edit(0, "antes_a", 1);
    world.edit(1, "antes_b", 2);
    world.announce_all();
    world
        .run_until(3_000, |w| w.meshed(&[0, 1]) && w.converged(&[0, 1]))
        .expect("converged");
    world.edit(0, "venda", 150);
    let took = world
        .run_until(3_000, |w| w.value(1, "venda") == Some(150))
        .expect("the sale reaches B");
    assert!(took <= 100, "{took} ms over a calm channel");
    assert_eq!(world.value(0, "antes_b"), Some(2));
    assert!(world.devices[1]
        .events
        .iter()
        .any(|e| matches!(e, PeerEvent::Changed(_))));
}

#[test]
fn concurrent_edits_converge_over_a_rough_channel() {
    for seed in 1..=8u64 {
        let mut world = World::new(&team(), 2, rough(), seed);
        world.announce_all();
        if world.run_until(20_000, |w| w.meshed(&[0, 1])).is_none() {
            for d in &world.devices {
                eprintln!("{:?} {:?}", d.mesh.peers(), d.events);
                eprintln!("{:?}", d.mesh);
            }
            panic!("seed {seed}: not connected");
        }
        for n in 0..20i64 {
            world.edit(0, "preco", n);
            world.edit(1, "preco", 100 + n);
            world.edit((n % 2) as usize, &format!("item{n}"), n);
            world.run(100);
        }
        if world.run_until(30_000, |w| w.converged(&[0, 1])).is_none() {
            for d in &mut world.devices {
                eprintln!("{:?} {:?}", d.mesh.peers(), d.events);
                eprintln!("{:?} {:?}", d.doc.get_heads(), d.mesh);
            }
            panic!("seed {seed} did not converge");
        }
        assert_eq!(world.value(0, "preco"), world.value(1, "preco"));
        for n in 0..20i64 {
            assert_eq!(world.value(1, &format!("item{n}")), Some(n), "seed {seed}");
        }
        assert!(
            world.dropped > 0 || seed > 1,
            "the weather did lose messages"
        );
    }
}

#[test]
fn three_peers_converge_through_drops_duplicates_and_reordering() {
    for seed in 11..=16u64 {
        let mut world = World::new(&team(), 3, rough(), seed);
        world.announce_all();
        world
            .run_until(30_000, |w| w.meshed(&[0, 1, 2]))
            .unwrap_or_else(|| panic!("seed {seed}: mesh"));
        for n in 0..15i64 {
            let at = (n % 3) as usize;
            world.edit(at, &format!("entrada{n}"), n * 10);
            world.edit(at, "saldo", n);
            world.run(50);
        }
        world
            .run_until(30_000, |w| w.converged(&[0, 1, 2]))
            .unwrap_or_else(|| panic!("seed {seed} did not converge"));
        for i in 0..3 {
            assert_eq!(world.value(i, "entrada14"), Some(140));
        }
    }
}

#[test]
fn a_dropped_channel_comes_back_with_backoff() {
    let mut world = World::new(&team(), 2, Weather::default(), 5);
    world.announce_all();
    world
        .run_until(3_000, |w| w.meshed(&[0, 1]))
        .expect("connected");
    world.cut(0, 1);
    assert_eq!(world.devices[0].mesh.connected(), 0);
    // While apart, both keep working.
    world.edit(0, "offline_a", 1);
    world.edit(1, "offline_b", 2);
    let took = world
        .run_until(20_000, |w| w.meshed(&[0, 1]))
        .expect("reconnected by itself");
    // The first retry waits at least half the base delay (250 ms).
    assert!(took >= 250, "{took} ms");
    world
        .run_until(3_000, |w| w.converged(&[0, 1]))
        .expect("converged after reconnecting");
    assert!(world.devices[0]
        .events
        .iter()
        .any(|e| matches!(e, PeerEvent::Disconnected(_))));
}

#[test]
fn linked_peers_keep_syncing_when_the_relay_disappears() {
    let mut world = World::new(&team(), 3, Weather::default(), 9);
    world.announce_all();
    world
        .run_until(5_000, |w| w.meshed(&[0, 1, 2]))
        .expect("mesh");
    world.relay_up = false;
    world.edit(0, "venda", 99);
    let took = world
        .run_until(1_000, |w| {
            w.value(1, "venda") == Some(99) && w.value(2, "venda") == Some(99)
        })
        .expect("a sale on A reaches B and C without the relay");
    assert!(took < 1_000);
    // A channel that drops now cannot be reopened (signalling needs the relay)
    // until the relay returns.
    world.cut(0, 1);
    world.edit(0, "depois", 1);
    world.run(5_000);
    assert_eq!(world.value(2, "depois"), Some(1), "C is still linked to A");
    assert_eq!(world.value(1, "depois"), Some(1), "B gets it through C");
    world.relay_up = true;
    world
        .run_until(30_000, |w| w.meshed(&[0, 1, 2]))
        .expect("relinked once the relay is back");
}

#[test]
fn a_device_that_leaves_is_dropped_and_rejoins_when_back() {
    let mut world = World::new(&team(), 3, Weather::default(), 4);
    world.announce_all();
    world
        .run_until(5_000, |w| w.meshed(&[0, 1, 2]))
        .expect("mesh");
    world.go_offline(2);
    world.run(500);
    assert_eq!(world.devices[0].mesh.peers().len(), 1, "C left cleanly");
    assert_eq!(world.devices[1].mesh.connected(), 1);
    world.edit(0, "sem_c", 1);
    world.edit(2, "so_c", 2);
    world.run(1_000);
    assert_eq!(world.value(2, "sem_c"), None);
    world.devices[2].online = true;
    world.devices[2].mesh.announce();
    world
        .run_until(10_000, |w| w.meshed(&[0, 1, 2]) && w.converged(&[0, 1, 2]))
        .expect("C back in the mesh");
    assert_eq!(world.value(1, "so_c"), Some(2));
}

#[test]
fn ten_devices_form_a_full_mesh_and_converge() {
    let mut world = World::new(&team(), 10, Weather::default(), 21);
    world.announce_all();
    let all: Vec<usize> = (0..10).collect();
    world
        .run_until(10_000, |w| w.meshed(&all))
        .expect("every device linked to the nine others");
    for i in 0..10 {
        world.edit(i, &format!("caixa{i}"), i as i64);
    }
    world
        .run_until(5_000, |w| w.converged(&all))
        .expect("converged");
    assert_eq!(world.value(0, "caixa9"), Some(9));
}
