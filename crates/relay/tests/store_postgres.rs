//! The PostgreSQL engine's own promises: migrations are versioned and run
//! once (two nodes starting together included), a database from a newer
//! relay is refused, and two connections appending to one room at once take
//! turns on the room's row, so sequence numbers have no gaps.
//!
//! Needs a PostgreSQL server (`RETAGUARDA_TEST_POSTGRES`); skipped without
//! one unless `RETAGUARDA_REQUIRE_POSTGRES=1`.

use crate::common;

use retaguarda_relay::store::{postgres::PgStore, token_hash, Storage};

const ROOM: [u8; 32] = [5; 32];

fn database() -> Option<String> {
    let Some(server) = common::postgres_server() else {
        eprintln!("sem PostgreSQL (RETAGUARDA_TEST_POSTGRES): teste pulado");
        return None;
    };
    Some(common::fresh_database(&server))
}

#[test]
fn migrations_are_versioned_run_once_and_refuse_a_newer_schema() {
    let Some(url) = database() else { return };
    // Two nodes starting at once: the advisory lock makes one wait.
    let starts: Vec<_> = (0..2)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || PgStore::connect(&url).map(|_| ()))
        })
        .collect();
    for start in starts {
        start.join().expect("thread").expect("connect and migrate");
    }
    let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
    let versions: Vec<i32> = client
        .query(
            "SELECT version FROM retaguarda_migrations ORDER BY version",
            &[],
        )
        .expect("versions")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(versions, vec![1]);

    client
        .execute(
            "INSERT INTO retaguarda_migrations (version, name) VALUES (999, 'futuro')",
            &[],
        )
        .expect("insert");
    let err = PgStore::connect(&url).expect_err("a newer schema is refused");
    assert!(err.to_string().contains("999"), "{err}");
}

#[test]
fn two_connections_appending_to_one_room_number_it_without_gaps() {
    let Some(url) = database() else { return };
    let mut first = PgStore::connect(&url).expect("connect");
    first
        .create_room(&ROOM, &token_hash(&[1; 32]))
        .expect("create");
    let writers: Vec<_> = (0..2u8)
        .map(|w| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut store = PgStore::connect(&url).expect("connect");
                let mut seqs = Vec::new();
                for round in 0..10u8 {
                    let mut batch = store.batch().expect("batch");
                    for n in 0..5u8 {
                        let data = [w, round, n];
                        seqs.push(batch.append(&ROOM, None, &data).expect("append").seq);
                    }
                    batch.commit().expect("commit");
                }
                seqs
            })
        })
        .collect();
    let mut all: Vec<u64> = writers
        .into_iter()
        .flat_map(|w| w.join().expect("writer"))
        .collect();
    all.sort_unstable();
    assert_eq!(all, (1..=100).collect::<Vec<u64>>());
    let room = first.room(&ROOM).expect("room").expect("exists");
    assert_eq!((room.head, room.blobs, room.bytes), (100, 100, 300));
}
