//! The relay's storage: durable settings, sequence numbers, deduplication,
//! compaction and ordered reads, and reopening keeps everything.

use retaguarda_relay::store::{token_hash, Store};

const ROOM: [u8; 32] = [7; 32];

#[test]
fn store_is_durable_numbers_dedups_and_compacts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path()).expect("open");
    assert_eq!(store.durability().expect("pragmas"), ("wal".to_string(), 2));
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

    let snap = store.append(&ROOM, Some(2), b"snapshot").expect("snapshot");
    assert_eq!(snap.seq, 4);
    let rows = store.read_after(&ROOM, 0, 4, usize::MAX).expect("read");
    assert_eq!(rows.iter().map(|r| r.seq).collect::<Vec<_>>(), vec![3, 4]);
    assert_eq!(rows[1].supersedes, Some(2));
    let room = store.room(&ROOM).expect("room").expect("exists");
    assert_eq!((room.head, room.blobs, room.bytes), (4, 2, 14));

    drop(store);
    let store = Store::open(dir.path()).expect("reopen");
    let room = store.room(&ROOM).expect("room").expect("exists");
    assert_eq!((room.head, room.blobs, room.bytes), (4, 2, 14));
    assert_eq!(room.token_hash, token_hash(&[1; 32]));
    let totals = store.totals().expect("totals");
    assert_eq!((totals.rooms, totals.blobs, totals.bytes), (1, 2, 14));
}
