//! The relay's storage, on the engine of this run (see `common`): durable
//! settings, sequence numbers, deduplication, compaction and ordered reads,
//! and a new connection sees everything.

use crate::common;

use retaguarda_relay::store::{self, token_hash, StoreSpec};

const ROOM: [u8; 32] = [7; 32];

/// A store of the run's engine, empty, and how to open it again.
fn fresh() -> (tempfile::TempDir, StoreSpec) {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = if common::on_postgres() {
        let server = common::postgres_server().expect("RETAGUARDA_TEST_POSTGRES");
        StoreSpec::Postgres(common::fresh_database(&server))
    } else {
        StoreSpec::Sqlite(dir.path().to_path_buf())
    };
    (dir, spec)
}

#[test]
fn store_is_durable_numbers_dedups_and_compacts() {
    let (_dir, spec) = fresh();
    let mut store = store::open(&spec).expect("open");
    let durability = store.durability().expect("durability");
    match spec {
        StoreSpec::Sqlite(_) => assert_eq!(durability, "journal_mode=wal synchronous=2"),
        StoreSpec::Postgres(_) => assert_eq!(durability, "synchronous_commit=on"),
    }
    assert_eq!(store.room(&ROOM).expect("room"), None);
    store
        .create_room(&ROOM, &token_hash(&[1; 32]))
        .expect("create");

    let a = store.append(&ROOM, None, b"blob a").expect("append");
    let b = store.append(&ROOM, None, b"blob b").expect("append");
    let again = store.append(&ROOM, None, b"blob a").expect("append");
    assert_eq!((a.seq, a.duplicate), (1, false));
    assert_eq!((b.seq, b.duplicate), (2, false));
    assert_eq!((again.seq, again.duplicate), (1, true));
    let c = store.append(&ROOM, None, b"blob c").expect("append");
    assert_eq!(c.seq, 3);

    let rows = store.read_after(&ROOM, 1, 3, usize::MAX).expect("read");
    assert_eq!(rows.iter().map(|r| r.seq).collect::<Vec<_>>(), vec![2, 3]);
    let chunk = store.read_after(&ROOM, 0, 3, 1).expect("read");
    assert_eq!(chunk.len(), 1, "a small budget still returns one blob");
    let chunk = store.read_after(&ROOM, 0, 3, 7).expect("read");
    assert_eq!(
        chunk.len(),
        2,
        "reads stop at the blob that passes the budget"
    );

    let snap = store.append(&ROOM, Some(2), b"snapshot").expect("snapshot");
    assert_eq!(snap.seq, 4);
    let rows = store.read_after(&ROOM, 0, 4, usize::MAX).expect("read");
    assert_eq!(rows.iter().map(|r| r.seq).collect::<Vec<_>>(), vec![3, 4]);
    assert_eq!(rows[1].supersedes, Some(2));
    let room = store.room(&ROOM).expect("room").expect("exists");
    assert_eq!((room.head, room.blobs, room.bytes), (4, 2, 14));

    drop(store);
    let mut store = store::open(&spec).expect("reopen");
    let room = store.room(&ROOM).expect("room").expect("exists");
    assert_eq!((room.head, room.blobs, room.bytes), (4, 2, 14));
    assert_eq!(room.token_hash, token_hash(&[1; 32]));
    let totals = store.totals().expect("totals");
    assert_eq!((totals.rooms, totals.blobs, totals.bytes), (1, 2, 14));
    assert_eq!(store.heads().expect("heads"), vec![(ROOM, 4)]);
}

#[test]
fn a_batch_commits_together_and_a_failed_append_spoils_nothing() {
    let (_dir, spec) = fresh();
    let mut store = store::open(&spec).expect("open");
    let other = [8u8; 32];
    store
        .create_room(&ROOM, &token_hash(&[1; 32]))
        .expect("create");
    store
        .create_room(&other, &token_hash(&[2; 32]))
        .expect("create");

    let mut batch = store.batch().expect("batch");
    let a = batch.append(&ROOM, None, b"a").expect("append");
    let x = batch.append(&other, None, b"x").expect("append");
    // A room that does not exist fails alone, in its savepoint.
    assert!(batch.append(&[9; 32], None, b"lost").is_err());
    let b = batch.append(&ROOM, None, b"b").expect("append");
    let again = batch.append(&ROOM, None, b"a").expect("append");
    assert_eq!(batch.room(&ROOM).expect("room").expect("exists").head, 2);
    batch.commit().expect("commit");
    assert_eq!((a.seq, b.seq, x.seq), (1, 2, 1));
    assert_eq!((again.seq, again.duplicate), (1, true));

    // An uncommitted batch leaves nothing behind.
    let mut batch = store.batch().expect("batch");
    batch.append(&ROOM, None, b"dropped").expect("append");
    drop(batch);

    drop(store);
    let mut store = store::open(&spec).expect("reopen");
    let room = store.room(&ROOM).expect("room").expect("exists");
    assert_eq!((room.head, room.blobs, room.bytes), (2, 2, 2));
    let rows = store.read_after(&ROOM, 0, 2, usize::MAX).expect("read");
    let data: Vec<&[u8]> = rows.iter().map(|r| r.data.as_slice()).collect();
    assert_eq!(data, vec![&b"a"[..], &b"b"[..]]);
    assert_eq!(store.room(&other).expect("room").expect("exists").head, 1);
}
