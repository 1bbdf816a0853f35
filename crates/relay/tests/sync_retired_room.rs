//! After a member is removed (docs/SYNC.md, section 10) the team's devices move to a room of
//! new keys and one of them retires the old room: the relay then refuses every write with
//! the old token, from any connection and after a restart, while the room can still be
//! read (an offline device finds there where the team went).

use crate::common;

use common::sim::{start_relay, ws_url, RawClient};
use retaguarda_core::sync::{
    seal, BlobKind, ClientFrame, DeviceId, ErrorCode, RelayFrame, TeamSecret,
};

fn append(client_ref: u64, secret: &TeamSecret, text: &[u8]) -> ClientFrame {
    let blob = seal(
        &secret.derive(),
        &DeviceId([7; 16]),
        BlobKind::Changes,
        text,
    )
    .expect("seal");
    ClientFrame::Append { client_ref, blob }
}

/// Opens the room and catches up; returns the frames up to `CaughtUp`.
async fn open(url: &str, secret: &TeamSecret) -> (RawClient, Vec<RelayFrame>) {
    let keys = secret.derive();
    let mut raw = RawClient::connect(url).await;
    let welcome = raw.hello(keys.room, keys.token).await;
    assert!(
        matches!(welcome, Some(RelayFrame::Welcome { .. })),
        "{welcome:?}"
    );
    raw.send(ClientFrame::Sync { since: 0 }).await;
    let mut frames = Vec::new();
    loop {
        let frame = raw.recv().await.expect("catch-up");
        let done = matches!(frame, RelayFrame::CaughtUp { .. });
        frames.push(frame);
        if done {
            return (raw, frames);
        }
    }
}

#[tokio::test]
async fn the_old_rooms_token_is_refused_after_a_removal() {
    let dist = common::Dist::new();
    let (addr, server) = start_relay(dist.config()).await;
    let url = ws_url(addr);
    let old = TeamSecret::generate().expect("secret");

    // The owner writes, then (having moved to new keys) retires the old room.
    let (mut owner, _) = open(&url, &old).await;
    owner.send(append(1, &old, b"antes da remocao")).await;
    assert!(matches!(
        owner.recv().await,
        Some(RelayFrame::Ack {
            client_ref: 1,
            seq: 1
        })
    ));
    // The removed device, still connected, has not heard anything yet.
    let (mut removed, _) = open(&url, &old).await;
    owner.send(ClientFrame::Retire).await;
    // A ping orders the check after the retire on the owner's connection.
    owner.send(ClientFrame::Ping { nonce: 9 }).await;
    assert_eq!(owner.recv().await, Some(RelayFrame::Pong { nonce: 9 }));

    // Its next write, on a connection opened before the retire, is refused.
    removed.send(append(1, &old, b"depois da remocao")).await;
    match removed.recv().await {
        Some(RelayFrame::Error {
            code,
            client_ref,
            message,
        }) => {
            assert_eq!(code, ErrorCode::Retired);
            assert_eq!(client_ref, Some(1));
            assert!(message.contains("trocou de chaves"), "{message}");
        }
        other => panic!("expected Retired, got {other:?}"),
    }

    // A new connection with the old token still reads, and still cannot write.
    let (mut late, frames) = open(&url, &old).await;
    let blobs = frames
        .iter()
        .filter(|f| matches!(f, RelayFrame::Blob { .. }))
        .count();
    assert_eq!(blobs, 1, "only the blob stored before the retire");
    late.send(append(2, &old, b"offline")).await;
    assert!(matches!(
        late.recv().await,
        Some(RelayFrame::Error {
            code: ErrorCode::Retired,
            ..
        })
    ));
    // A wrong token is still a wrong token.
    let mut stranger = RawClient::connect(&url).await;
    let keys = old.derive();
    let other = TeamSecret::generate().expect("secret").derive();
    assert!(matches!(
        stranger.hello(keys.room, other.token).await,
        Some(RelayFrame::Error {
            code: ErrorCode::Unauthorized,
            ..
        })
    ));

    // The retirement is stored: a restarted relay refuses the token too.
    server.abort();
    let _ = server.await;
    let (addr, _server) = start_relay(dist.config()).await;
    let (mut after, _) = open(&ws_url(addr), &old).await;
    after.send(append(3, &old, b"depois do reinicio")).await;
    assert!(matches!(
        after.recv().await,
        Some(RelayFrame::Error {
            code: ErrorCode::Retired,
            ..
        })
    ));

    // The new room (new secret) is an ordinary room.
    let new = TeamSecret::generate().expect("secret");
    let (mut moved, _) = open(&ws_url(addr), &new).await;
    moved.send(append(1, &new, b"sala nova")).await;
    assert!(matches!(
        moved.recv().await,
        Some(RelayFrame::Ack {
            client_ref: 1,
            seq: 1
        })
    ));
}
